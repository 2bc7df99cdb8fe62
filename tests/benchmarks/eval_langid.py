"""Language-ID accuracy and speed on ../shared/data/langid: lid.176 alone next to miner.langid.

Reports, per `kind` of row (and for a derived "first two words" view that stresses short text):
accuracy over the target languages (argmax, and argmax that also passes the thresholds), per-language
accuracy, and the share of non-target rows wrongly assigned to a target language (after thresholds).
Also texts/s on the sentences and on pseudo-documents (20 same-language sentences joined).
"""
from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import platform
import random
import sys
import time
from collections import Counter, defaultdict
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable, Sequence

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from miner import PTP_LANGUAGES  # noqa: E402
from miner.langid import LABEL_ALIASES, LangPrediction, LanguageIdentifier  # noqa: E402

DATA = REPO.parent / "shared" / "data" / "langid" / "lingua_sentences_shared.jsonl"
TARGETS = {"accuracy": 0.99, "per_language": 0.97, "wrong_assignment": 0.05}


class Lid176Alone:
    """lid.176 top-1 with one global threshold: the baseline (CCNet uses 0.5, FineWeb 0.65)."""

    def __init__(self, threshold: float) -> None:
        self.threshold = threshold
        self._ours = LanguageIdentifier(second_opinion=False)

    def predict(self, texts: Sequence[str]) -> list[LangPrediction]:
        model = self._ours._model("fasttext")
        labels, probs = model.predict([" ".join(t.split()) for t in texts], k=1, threshold=0.0)
        out = []
        for labs, ps in zip(labels, probs):
            lang = labs[0].removeprefix("__label__") if labs else "und"
            out.append(LangPrediction(LABEL_ALIASES.get(lang, lang), float(ps[0]) if labs else 0.0, None, 0.0))
        return out

    def accept(self, pred: LangPrediction) -> tuple[bool, str | None]:
        ok = pred.lang in PTP_LANGUAGES and pred.score >= self.threshold
        return ok, None if ok else "rejected"


def first_two_words(text: str) -> str:
    """A short-text view of a sentence: two words, or 6 characters of unspaced (CJK) text."""
    short = " ".join(text.split()[:2])
    return short[:6] if " " not in short and len(short) > 12 else short


def score(rows: list[dict], preds: list[LangPrediction], accept: Callable) -> dict:
    n, hit, hit_acc = Counter(), Counter(), Counter()
    wrong, non_target, wrong_pairs = 0, 0, Counter()
    for row, pred in zip(rows, preds):
        ok = accept(pred)[0]
        if row["target"]:
            n[row["lang"]] += 1
            hit[row["lang"]] += pred.lang == row["lang"]
            hit_acc[row["lang"]] += pred.lang == row["lang"] and ok
        else:
            non_target += 1
            if ok:
                wrong += 1
                wrong_pairs[f"{row['lang']}->{pred.lang}"] += 1
    total = sum(n.values())
    return {
        "n_target": total,
        "n_non_target": non_target,
        "accuracy_argmax": round(sum(hit.values()) / total, 4) if total else None,
        "accuracy": round(sum(hit_acc.values()) / total, 4) if total else None,
        "per_language": {lang: round(hit_acc[lang] / n[lang], 4) for lang in sorted(n)},
        "wrong_assignment": round(wrong / non_target, 4) if non_target else None,
        "top_wrong_assignments": dict(wrong_pairs.most_common(8)),
    }


def throughput(system, texts: list[str], repeat: int = 3) -> float:
    """Best of `repeat` timed passes (the machine is shared), models loaded before timing."""
    system.predict(texts[:50])
    best = math.inf
    for _ in range(repeat):
        start = time.perf_counter()
        system.predict(texts)
        best = min(best, time.perf_counter() - start)
    return round(len(texts) / best, 1)


def pseudo_documents(rows: list[dict], per_doc: int = 20) -> list[str]:
    by_lang = defaultdict(list)
    for row in rows:
        by_lang[row["lang"]].append(row["text"])
    return [" ".join(s[i:i + per_doc]) for s in by_lang.values() for i in range(0, len(s), per_doc)]


def suggested_thresholds(rows: list[dict], preds: list[LangPrediction]) -> dict[str, float]:
    """1st percentile of the score of correct predictions per language, floored to 0.05, clipped to [0.3, 0.5]."""
    scores = defaultdict(list)
    for row, pred in zip(rows, preds):
        if row["target"] and pred.lang == row["lang"]:
            scores[row["lang"]].append(pred.score)
    out = {}
    for lang, vals in sorted(scores.items()):
        vals.sort()
        q = vals[max(0, math.ceil(0.01 * len(vals)) - 1)]
        out[lang] = min(0.5, max(0.3, math.floor(q * 20) / 20))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--out", type=Path, required=True, help="results JSON; a .md is written beside it")
    args = ap.parse_args()
    if not args.data.is_file():
        sys.exit(f"langid data not found: {args.data}")
    rows = [json.loads(line) for line in args.data.open(encoding="utf-8")]
    for i, row in enumerate(rows, 1):
        row["line"] = i
    views = {kind: [r for r in rows if r["kind"] == kind] for kind in sorted({r["kind"] for r in rows})}
    views["derived:first_two_words"] = [{**r, "text": first_two_words(r["text"])} for r in rows]

    systems = {
        "lid176_alone": Lid176Alone(0.0),
        "lid176_thr0.5": Lid176Alone(0.5),
        "lid176_thr0.65": Lid176Alone(0.65),
        "ours_no_second_opinion": LanguageIdentifier(second_opinion=False),
        "ours": LanguageIdentifier(),
    }
    results: dict = {"views": {}, "speed": {}}
    ours_preds = None
    for view, view_rows in views.items():
        texts = [r["text"] for r in view_rows]
        results["views"][view] = {}
        for name, system in systems.items():
            preds = system.predict(texts)
            results["views"][view][name] = score(view_rows, preds, system.accept)
            if name == "ours" and view == "sentence":
                ours_preds = preds
                misses = [(r["line"], r["lang"], p.lang) for r, p in zip(view_rows, preds)
                          if r["target"] and p.lang != r["lang"]]
                results["ours_misses_sentence"] = [f"line {ln}: {g}->{p}" for ln, g, p in misses]
    if ours_preds is not None:
        results["suggested_thresholds"] = suggested_thresholds(views["sentence"], ours_preds)

    sentences = [r["text"] for r in rows]
    docs = pseudo_documents(rows)
    random.Random(0).shuffle(docs)
    for name in ("lid176_alone", "ours_no_second_opinion", "ours"):
        results["speed"][name] = {
            "sentences_per_s": throughput(systems[name], sentences),
            "documents_per_s": throughput(systems[name], docs),
        }
    results["speed"]["documents"] = {"n": len(docs), "mean_chars": round(sum(map(len, docs)) / len(docs))}

    results["meta"] = {
        "command": " ".join([Path(sys.executable).name, *sys.argv]),
        "date_utc": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "machine": {"platform": platform.platform(), "python": platform.python_version(),
                    "cpus": os.cpu_count(), "processor": platform.processor() or platform.machine()},
        "data": {"path": str(args.data), "rows": len(rows),
                 "sha256": hashlib.sha256(args.data.read_bytes()).hexdigest()},
        "targets": TARGETS,
        "notes": "accuracy = argmax correct AND accepted (thresholds); accuracy_argmax ignores thresholds; "
                 "wrong_assignment = non-target rows accepted as a target language. Speed: one process, "
                 "best of 3 passes, models loaded before timing; documents = 20 same-language sentences joined.",
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    md = render_markdown(results)
    args.out.with_suffix(".md").write_text(md, encoding="utf-8")
    print(md)


def render_markdown(results: dict) -> str:
    meta = results["meta"]
    lines = [
        "# Language-ID evaluation",
        "",
        f"- command: `{meta['command']}`",
        f"- date (UTC): {meta['date_utc']}; machine: {meta['machine']['platform']}, "
        f"{meta['machine']['cpus']} CPUs, Python {meta['machine']['python']}",
        f"- data: `{meta['data']['path']}` ({meta['data']['rows']} rows, sha256 {meta['data']['sha256'][:16]}...)",
        f"- targets: accuracy >= {TARGETS['accuracy']}, every language >= {TARGETS['per_language']}, "
        f"wrong assignments <= {TARGETS['wrong_assignment']}",
        f"- {meta['notes']}",
        "",
    ]
    for view, systems in results["views"].items():
        langs = next(iter(systems.values()))["per_language"].keys()
        lines += [f"## {view}", "", "| system | accuracy | argmax acc | wrong assign | " + " | ".join(langs) + " |",
                  "|---" * (4 + len(langs)) + "|"]
        for name, s in systems.items():
            per = " | ".join(f"{s['per_language'][lang]:.3f}" for lang in langs)
            lines.append(f"| {name} | {s['accuracy']:.4f} | {s['accuracy_argmax']:.4f} | "
                         f"{s['wrong_assignment']:.4f} | {per} |")
        lines += ["", f"ours, top wrong assignments: {systems['ours']['top_wrong_assignments']}", ""]
    lines += ["## Speed (one process)", "", "| system | sentences/s | documents/s |", "|---|---|---|"]
    for name, s in results["speed"].items():
        if "sentences_per_s" in s:
            lines.append(f"| {name} | {s['sentences_per_s']} | {s['documents_per_s']} |")
    docs = results["speed"]["documents"]
    lines += ["", f"documents: {docs['n']} pseudo-documents, mean {docs['mean_chars']} characters", ""]
    if "suggested_thresholds" in results:
        lines += [f"Suggested thresholds (rule in docs/langid.md): {results['suggested_thresholds']}", ""]
    lines += [f"Target rows ours gets wrong (sentence): {len(results.get('ours_misses_sentence', []))}: "
              + "; ".join(results.get("ours_misses_sentence", [])), ""]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
