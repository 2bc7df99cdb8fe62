"""What `scoring.skip_below` costs, measured offline on ../shared/data/toxicity with the shipped scorers.

Rows: the held-out fold eval-scorer scores (`eval_scorer.held_out`: never trained on by either scorer), then per
language the `--rows` rows with the smallest hash of their normalised text (a fixed uniform sample). Each row is
scored by the first pass (fasttext-tox) and by e5-tox; its release score is the cascade's as in
pipelines/ptp17.yaml (e5-tox where the first pass lies in refine_band, else the first pass), binned by that
config's bins. For each threshold t, per language and pooled:
- per bin, the share of its members (by release score) whose first-pass score is below t: the share of that bin
  the rule skips once the low bins are full (the low bins themselves stay exact, docs/sampling.md);
- `precise_saved_per_candidate`: of the texts exact `needed` precise-scores per walked candidate (first pass in
  refine_band), the share the rule leaves out (first pass in [band low, t));
- `precise_saved_walk`: the same saving net of the longer walk the rule causes: the bin that drives the walk
  (the top bin, the rarest on the web) keeps only 1 - (its skipped share) of its members, so the walk is
  1 / (1 - share) longer: 1 - (1 - per_candidate) / (1 - top share).
This data is far more toxic than the web and its texts are short (tweets, RTP-LX prompts), so the bin mix and
the savings do not transfer; the skipped share of a bin (a property of the two scorers given the bin) is the
figure to read.
Usage: .venv/bin/python tests/benchmarks/eval_skip_below.py --out tests/benchmarks/results/eval-skip-below.json
       [--rows 300] [--thresholds 0.15,0.2,0.25,0.35,0.5]
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")  # one core: the machine is shared

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests" / "benchmarks"))

import numpy as np  # noqa: E402
import xxhash  # noqa: E402
from common import command, load_average, machine, measured, md_table, now, write_results  # noqa: E402
from eval_scorer import held_out  # noqa: E402

from miner.config import load_config  # noqa: E402
from miner.release import wilson  # noqa: E402
from miner.rounds import low_bins  # noqa: E402
from miner.sampling import bin_label  # noqa: E402
from miner.scoring import get_scorer  # noqa: E402
from miner.scoring.textnorm import dedup_key  # noqa: E402

CONFIG = REPO / "pipelines" / "ptp17.yaml"


def per_language_sample(rows: list, n: int) -> list:
    """Per language the n rows with the smallest xxh64 of the normalised text."""
    by_lang: dict[str, list] = {}
    for r in rows:
        by_lang.setdefault(r.lang, []).append((xxhash.xxh64_intdigest(dedup_key(r.text).encode("utf-8")), r.text, r))
    return [r for lang in sorted(by_lang) for _, _, r in sorted(by_lang[lang], key=lambda x: x[:2])[:n]]


def cost(first: np.ndarray, release: np.ndarray, t: float, bins: tuple[float, ...], band: tuple[float, float]) -> dict:
    """The rule's cost for threshold t on these rows (see the module docstring)."""
    bucket = np.clip(np.searchsorted(bins, release, side="right") - 1, 0, len(bins) - 2)
    below, lows = first < t, low_bins(bins, t)
    in_band = (first >= band[0]) & (first <= band[1])
    per_bin = []
    for b in range(len(bins) - 1):
        m = bucket == b
        k, n = int((m & below).sum()), int(m.sum())
        lo, hi = wilson(k, n) if n else (None, None)
        per_bin.append({"bin": bin_label(bins, b), "low": b in lows, "members": n, "skipped": k,
                        "share": round(k / n, 4) if n else None,
                        "ci95": [round(lo, 4), round(hi, 4)] if n else None})
    saved = float((in_band & below).sum() / max(in_band.sum(), 1))
    top = per_bin[-1]["share"]
    walk = None if top is None or top >= 1 else round(1 - (1 - saved) / (1 - top), 4)
    return {"rows": len(first), "bins": per_bin, "precise_texts_exact": int(in_band.sum()),
            "precise_saved_per_candidate": round(saved, 4), "precise_saved_walk": walk}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", required=True)
    ap.add_argument("--rows", type=int, default=300, help="rows per language")
    ap.add_argument("--thresholds", default="0.15,0.2,0.25,0.35,0.5")
    ap.add_argument("--cache", default=str(REPO / "runs" / "cache" / "e5.npz"), help="e5 cache of the split")
    args = ap.parse_args()
    config = load_config(CONFIG)
    bins, band = config.sampling.bins, config.scoring.refine_band
    thresholds = [float(t) for t in args.thresholds.split(",")]

    rows = per_language_sample(held_out(args.cache)[3], args.rows)
    texts, langs = [r.text for r in rows], [r.lang for r in rows]
    first = get_scorer(config.scoring.first_pass.name).score(texts, langs)["toxicity"]
    precise_scorer = get_scorer(config.scoring.precise.name)
    with measured() as m:
        precise = precise_scorer.score(texts, langs)["toxicity"]
    release = np.where((first >= band[0]) & (first <= band[1]), precise, first)
    lang_arr = np.array(langs)
    results = {}
    for t in thresholds:
        key = f"{t:g}"
        results[key] = {"pooled": cost(first, release, t, bins, band),
                        "languages": {lang: cost(first[lang_arr == lang], release[lang_arr == lang], t, bins, band)
                                      for lang in sorted(set(langs))}}
    report = {"what": __doc__.splitlines()[0], "command": command(), "date": now(), "machine": machine(),
              "load_average": load_average(), "config": str(CONFIG.relative_to(REPO)), "bins": bins,
              "refine_band": band, "rows_per_language": args.rows, "rows": len(rows),
              "rows_by_language": {lang: langs.count(lang) for lang in sorted(set(langs))},
              "scorers": {"first_pass": config.scoring.first_pass.name, "precise": precise_scorer.tag},
              "precise_cpu_s": round(m.cpu, 1), "thresholds": results}
    write_results(args.out, report, markdown(report))
    return 0


def _share(b: dict) -> str:
    if b["low"]:
        return "exact"
    return "-" if b["share"] is None else f"{b['share']:.0%} ({b['skipped']}/{b['members']})"


def markdown(r: dict) -> str:
    labels = [bin_label(tuple(r["bins"]), b) for b in range(len(r["bins"]) - 1)]
    out = [f"# scoring.skip_below: measured cost on ../shared/data/toxicity\n\n`{r['command']}` on {r['date']} "
           f"(load {r['load_average']}). {r['rows']} held-out rows (at most {r['rows_per_language']} per language, "
           f"smallest hash of the normalised text), scored by {r['scorers']['first_pass']} and "
           f"{r['scorers']['precise']} ({r['precise_cpu_s']} CPU-s); release score = the cascade's "
           f"(refine_band {list(r['refine_band'])}), bins of `{r['config']}`.\n\n"
           "Per bin: the share of its members (by release score) whose first-pass score is below the threshold, "
           "i.e. the share the rule skips once the low bins are full (low bins: `exact`). Saving: of the texts exact "
           "`needed` precise-scores per walked candidate, the share left out; net of the longer walk when the top "
           "bin drives it. The data is far more toxic and shorter than web text: read the per-bin shares, not the "
           "savings, as what carries over.\n\n## Pooled over languages\n"]
    out.append(md_table(["skip_below", *labels, "precise saved / candidate", "net of longer walk"],
                        [[t, *[_share(b) for b in v["pooled"]["bins"]],
                          f"{v['pooled']['precise_saved_per_candidate']:.0%}",
                          "-" if v["pooled"]["precise_saved_walk"] is None else f"{v['pooled']['precise_saved_walk']:.0%}"]
                         for t, v in r["thresholds"].items()]))
    for t, v in r["thresholds"].items():
        out.append(f"\n\n## skip_below {t}: per language\n")
        out.append(md_table(["lang", "rows", *labels, "precise saved / candidate"],
                            [[lang, c["rows"], *[_share(b) for b in c["bins"]],
                              f"{c['precise_saved_per_candidate']:.0%}"] for lang, c in v["languages"].items()]))
    return "".join(out) + "\n"


if __name__ == "__main__":
    raise SystemExit(main())
