"""Language-ID accuracy and speed on ../shared/data/langid: lid.176 alone next to miner.langid.

Reports, per `kind` of row (and for two derived views: the first two words, which stresses short text, and
pseudo-documents of 20 same-language sentences): accuracy over the target languages (argmax, and argmax that
also passes the thresholds), per-language accuracy, and the share of non-target rows wrongly assigned to a
target language (after thresholds). Czech is also reported without the shared rows judged not Czech
(CZECH_NOT_CZECH, each with its reason). Speed: texts per CPU-second on sentences and pseudo-documents, for
the current code and for miner/langid.py at --baseline-ref (before/after).
"""
from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import platform
import importlib.util
import random
import subprocess
import sys
import tempfile
import time
import unicodedata
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
#: The last commit before the issue-4 Czech arbiter and the cheaper document path (before/after figures).
BASELINE_REF = "adbb119"
#: Rows of the shared file (by line, for the file with this sha256) labelled cs that are not Czech sentences,
#: judged by reading each row; the data is not edited, Czech is reported with and without them.
SHARED_SHA256 = "ef8f15843df7f179"
CZECH_NOT_CZECH = {  # reasons only: the rows' text stays in ../shared (look them up by line)
    651: "other language: a Latin/Romance phrase, no Czech word",
    672: "other language: Polish (Polish-only letters and words)",
    680: "other language: English",
    735: "other language: Latin",
    776: "other language: Slovak (a Slovak noun; only a standards code is Czech)",
    811: "other language: Latin",
    836: "other language: Slovak (Slovak spellings of words Czech writes with ř and ě)",
    664: "no language: a company name",
    682: "no language: a journal citation",
    793: "no language: a person's name with titles",
    880: "no language: person names",
    941: "no language: a weight-class code",
}


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


def throughput(system, texts: list[str], repeat: int = 5) -> float:
    """Texts per CPU-second, best of `repeat` passes (CPU time: the 2 cores are shared), models loaded first."""
    system.predict(texts[:50])
    best = math.inf
    for _ in range(repeat):
        start = time.process_time()
        system.predict(texts)
        best = min(best, time.process_time() - start)
    return round(len(texts) / best, 1)


def pseudo_documents(rows: list[dict], per_doc: int = 20) -> list[dict]:
    """Rows of `per_doc` same-language sentences joined by spaces, in file order within each language."""
    by_lang = defaultdict(list)
    for row in rows:
        by_lang[row["lang"]].append(row)
    return [{**group[i], "text": " ".join(r["text"] for r in group[i:i + per_doc])}
            for group in by_lang.values() for i in range(0, len(group), per_doc)]


def load_baseline(ref: str):
    """miner/langid.py as of git `ref`, imported as a separate module (read-only `git show`); None, with a
    warning, outside a git checkout or in one without that commit (a shallow clone): the baseline row is optional."""
    try:
        shown = subprocess.run(["git", "-C", str(REPO), "show", f"{ref}:miner/langid.py"], capture_output=True,
                               text=True)
    except OSError as exc:
        shown = subprocess.CompletedProcess([], 1, "", str(exc))
    if shown.returncode:
        print(f"warning: no baseline row: cannot read miner/langid.py at git ref {ref!r}: {shown.stderr.strip()}",
              file=sys.stderr)
        return None
    source = shown.stdout
    path = Path(tempfile.mkdtemp()) / f"langid_{ref}.py"
    path.write_text(source, encoding="utf-8")
    spec = importlib.util.spec_from_file_location(f"langid_{ref}", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def czech_audit(rows: list[dict], preds: list[LangPrediction], accept: Callable, data_sha: str) -> dict | None:
    """Czech accuracy on all rows, without the other-language rows, and without every row judged not Czech."""
    if not data_sha.startswith(SHARED_SHA256):
        return None  # line numbers belong to the shared file only
    czech = [(r, p) for r, p in zip(rows, preds) if r["lang"] == "cs"]

    def acc(keep: Callable[[int], bool]) -> dict:
        kept = [(r, p) for r, p in czech if keep(r["line"])]
        hits = sum(p.lang == "cs" and accept(p)[0] for _, p in kept)
        return {"rows": len(kept), "correct": hits, "accuracy": round(hits / len(kept), 4)}

    other = {ln for ln, why in CZECH_NOT_CZECH.items() if why.startswith("other language")}
    return {
        "all_rows": acc(lambda ln: True),
        "without_other_language": acc(lambda ln: ln not in other),
        "without_all_judged_not_czech": acc(lambda ln: ln not in CZECH_NOT_CZECH),
        "judged_not_czech": {str(r["line"]): f"{CZECH_NOT_CZECH[r['line']]} -> {p.lang} {p.score:.2f}"
                             for r, p in czech if r["line"] in CZECH_NOT_CZECH},
    }


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


def strip_diacritics(text: str) -> str:
    """Czech as often typed on the web: the same letters without háček and čárka."""
    return "".join(ch for ch in unicodedata.normalize("NFD", text) if not unicodedata.combining(ch))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--out", type=Path, required=True, help="results JSON; a .md is written beside it")
    ap.add_argument("--baseline-ref", default=BASELINE_REF, help="git ref of miner/langid.py to compare with")
    args = ap.parse_args()
    if not args.data.is_file():
        sys.exit(f"langid data not found: {args.data}")
    rows = [json.loads(line) for line in args.data.open(encoding="utf-8")]
    for i, row in enumerate(rows, 1):
        row["line"] = i
    views = {kind: [r for r in rows if r["kind"] == kind] for kind in sorted({r["kind"] for r in rows})}
    views["derived:first_two_words"] = [{**r, "text": first_two_words(r["text"])} for r in rows]
    docs = pseudo_documents(rows)
    views["derived:documents"] = docs
    data_sha = hashlib.sha256(args.data.read_bytes()).hexdigest()

    baseline = f"ours@{args.baseline_ref}"
    old = load_baseline(args.baseline_ref)
    systems = {
        "lid176_alone": Lid176Alone(0.0),
        "lid176_thr0.5": Lid176Alone(0.5),
        "lid176_thr0.65": Lid176Alone(0.65),
        "ours_no_second_opinion": LanguageIdentifier(second_opinion=False),
        **({baseline: old.LanguageIdentifier()} if old else {}),
        "ours": LanguageIdentifier(),
    }
    results: dict = {"views": {}, "speed": {}, "czech": {}}
    ours_preds = None
    for view, view_rows in views.items():
        texts = [r["text"] for r in view_rows]
        results["views"][view] = {}
        for name, system in systems.items():
            preds = system.predict(texts)
            results["views"][view][name] = score(view_rows, preds, system.accept)
            if view == "sentence" and name in ("lid176_alone", baseline, "ours"):
                results["czech"][name] = czech_audit(view_rows, preds, system.accept, data_sha)
            if name == "ours" and view == "sentence":
                ours_preds = preds
                misses = [(r["line"], r["lang"], p.lang) for r, p in zip(view_rows, preds)
                          if r["target"] and p.lang != r["lang"]]
                results["ours_misses_sentence"] = [f"line {ln}: {g}->{p}" for ln, g, p in misses]
    if ours_preds is not None:
        results["suggested_thresholds"] = suggested_thresholds(views["sentence"], ours_preds)

    # Unseen Czech (RTP-LX prompts, not language-ID data) with diacritics stripped: does the arbiter generalise?
    rtp_cs = args.data.parents[1] / "toxicity" / "cs.jsonl"
    if rtp_cs.is_file():
        texts = [strip_diacritics(json.loads(line)["text"]) for line in rtp_cs.open(encoding="utf-8")]
        results["czech_without_diacritics"] = {"data": str(rtp_cs), "rows": len(texts)}
        for name in [n for n in ("lid176_alone", baseline, "ours") if n in systems]:
            preds = systems[name].predict(texts)
            hits = sum(p.lang == "cs" and systems[name].accept(p)[0] for p in preds)
            results["czech_without_diacritics"][name] = round(hits / len(texts), 4)

    sentences = [r["text"] for r in rows]
    doc_texts = [d["text"] for d in docs]
    random.Random(0).shuffle(doc_texts)
    for name in [n for n in ("lid176_alone", "ours_no_second_opinion", baseline, "ours") if n in systems]:
        results["speed"][name] = {
            "sentences_per_s": throughput(systems[name], sentences),
            "documents_per_s": throughput(systems[name], doc_texts),
        }
    results["speed"]["documents"] = {"n": len(docs), "mean_chars": round(sum(map(len, doc_texts)) / len(docs))}

    results["meta"] = {
        "command": " ".join([Path(sys.executable).name, *sys.argv]),
        "date_utc": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "machine": {"platform": platform.platform(), "python": platform.python_version(),
                    "cpus": os.cpu_count(), "processor": platform.processor() or platform.machine(),
                    "load_avg_1_5_15": [round(x, 2) for x in os.getloadavg()]},
        "data": {"path": str(args.data), "rows": len(rows), "sha256": data_sha},
        "targets": TARGETS,
        "notes": "accuracy = argmax correct AND accepted (thresholds); accuracy_argmax ignores thresholds; "
                 "wrong_assignment = non-target rows accepted as a target language. Speed: one process, "
                 "texts per CPU-second (time.process_time), best of 5 passes, models loaded before timing; "
                 f"documents = 20 same-language sentences joined; {baseline} = miner/langid.py at that commit.",
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
        f"- load average (1/5/15 min) at the end: {meta['machine']['load_avg_1_5_15']} on 2 shared cores",
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
    czech = {name: audit for name, audit in results["czech"].items() if audit}
    if czech:
        lines += ["## Czech, with and without the rows judged not Czech", "",
                  "| system | all rows | without other-language rows | without all rows judged not Czech |",
                  "|---|---|---|---|"]
        for name, audit in czech.items():
            cells = [audit[k] for k in ("all_rows", "without_other_language", "without_all_judged_not_czech")]
            lines.append(f"| {name} | " + " | ".join(f"{c['accuracy']:.3f} ({c['correct']}/{c['rows']})"
                                                      for c in cells) + " |")
        lines += ["", "Rows judged not Czech (line: reason -> prediction of ours):", ""]
        lines += [f"- line {ln}: {why}" for ln, why in czech["ours"]["judged_not_czech"].items()]
        lines.append("")
    if "czech_without_diacritics" in results:
        folded = results["czech_without_diacritics"]
        lines += ["## Unseen Czech without diacritics", "",
                  f"`{folded['data']}` ({folded['rows']} RTP-LX prompts, diacritics stripped), share identified "
                  "and accepted as cs: " + ", ".join(f"{name} {folded[name]:.3f}" for name in folded
                                                      if name not in ("data", "rows")), ""]
    lines += ["## Speed (one process, texts per CPU-second)", "", "| system | sentences/s | documents/s |",
              "|---|---|---|"]
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
