"""Toxicity-scorer validation on the held-out fold of ../shared/data/toxicity, and texts/s/core.

The held-out fold is the one `make train-scorer` never trains on (miner.scoring.split: groups of equal
normalised text and of aligned RTP-LX translations, hashed into folds). Reported per scorer:
- ROC-AUC per language over all held-out rows, over the RTP-LX rows alone and over the other rows; macro
  averages; ROC-AUC per source;
- reliability per language: ECE (10 equal-width bins) with the two classes weighted equally (the target of
  the calibration, see miner/scoring/calibration.py) and unweighted, plus the binned reliability table;
- ROC-AUC on sources excluded from training for their license (never seen: a cross-source check);
- texts/s/core: texts per CPU-second, single thread, on the held-out texts;
- for e5-tox with a token window (`max_tokens`): the rows each of `WINDOWS` cuts and the AUCs with it.
Sources with many rows are capped per (language, source) so that e5-tox (~60 texts/s) runs in minutes; the
cap and the sample rule (smallest hash of the normalised text) are recorded in the results.
"""
from __future__ import annotations

import argparse
import os
import sys
from collections import defaultdict
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")  # e5 single-threaded: texts/s/core

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests" / "benchmarks"))

import numpy as np  # noqa: E402
from common import command, load_average, machine, measured, md_table, now, write_results  # noqa: E402
from sklearn.metrics import roc_auc_score  # noqa: E402

from miner.scoring import get_scorer  # noqa: E402
from miner.scoring.data import Example, load, policy, read_jsonl  # noqa: E402
from miner.scoring.embed import E5Embedder, embed_cached  # noqa: E402
from miner.scoring.split import TEST_FOLD  # noqa: E402
from miner.scoring.train import SplitInfo, make_split, sample_per_source  # noqa: E402

DATA = REPO.parent / "shared" / "data" / "toxicity"
SCORERS = ("fasttext-tox", "e5-tox")
TARGETS = {"rtp_lx_macro_auc": 0.85, "overall_macro_auc": 0.92, "min_language_auc": 0.75,
           "fasttext_texts_per_cpu_s": 20000}
EVAL_CAP = 500       # held-out rows per (language, source) outside RTP-LX (RTP-LX: all)
UNSEEN_CAP = 300     # rows per excluded source
SPEED_TEXTS = {"fasttext-tox": 20000, "e5-tox": 300}
#: e5-tox token windows compared with the default on the held-out rows (None: no window)
WINDOWS = (64, 96, 128, 192, None)
BINS = 10


def auc(y: np.ndarray, p: np.ndarray) -> float | None:
    return round(float(roc_auc_score(y, p)), 4) if 0 < y.sum() < len(y) else None


def reliability(y: np.ndarray, p: np.ndarray) -> dict:
    """ECE (balanced and plain) and the per-bin table [bin_low, n, mean score, balanced toxic share]."""
    w = np.where(y == 1, 0.5 / max(y.sum(), 1), 0.5 / max((1 - y).sum(), 1))
    bins = np.minimum((p * BINS).astype(int), BINS - 1)
    table, ece_bal, ece = [], 0.0, 0.0
    for b in range(BINS):
        m = bins == b
        if not m.any():
            continue
        frac_bal = float((w[m] * y[m]).sum() / w[m].sum())
        ece_bal += w[m].sum() * abs(float((w[m] * p[m]).sum() / w[m].sum()) - frac_bal)
        ece += m.mean() * abs(float(p[m].mean()) - float(y[m].mean()))
        table.append([b / BINS, int(m.sum()), round(float(p[m].mean()), 3), round(frac_bal, 3)])
    return {"ece_balanced": round(float(ece_bal), 4), "ece": round(float(ece), 4), "table": table}


def evaluate(rows: list[Example], scores: np.ndarray) -> dict:
    y = np.array([r.label for r in rows])
    langs = np.array([r.lang for r in rows])
    rtp = np.array([r.is_rtp for r in rows])
    per_lang = {}
    for lang in sorted(set(langs.tolist())):
        m = langs == lang
        per_lang[lang] = {"n": int(m.sum()), "auc": auc(y[m], scores[m]),
                          "auc_rtp_lx": auc(y[m & rtp], scores[m & rtp]),
                          "auc_other": auc(y[m & ~rtp], scores[m & ~rtp]), **reliability(y[m], scores[m])}
    by_source = defaultdict(list)
    for i, r in enumerate(rows):
        by_source[f"{r.lang} {r.source}"].append(i)
    per_source = {k: {"n": len(v), "auc": auc(y[v], scores[v])} for k, v in sorted(by_source.items())}

    def macro(key: str) -> float:
        vals = [v[key] for v in per_lang.values() if v[key] is not None]
        return round(float(np.mean(vals)), 4) if vals else None

    return {"macro_auc": macro("auc"), "macro_auc_rtp_lx": macro("auc_rtp_lx"), "macro_auc_other": macro("auc_other"),
            "min_language_auc": min(v["auc"] for v in per_lang.values() if v["auc"] is not None),
            "pooled_auc": auc(y, scores), "per_language": per_lang, "per_source": per_source}


def speed(scorer, texts: list[str], langs: list[str], n: int) -> dict:
    reps = -(-n // len(texts))
    batch_t, batch_l = (texts * reps)[:n], (langs * reps)[:n]
    scorer.score(batch_t[:100], batch_l[:100])  # warm-up: lazy loads
    with measured() as m:
        scorer.score(batch_t, batch_l)
    return m.rates(n)


def window_effect(rows: list[Example], windowed: np.ndarray, scorer) -> dict:
    """e5-tox with other token windows (`max_tokens`) on the same rows. Only the rows whose embedded prefix
    differs from the default's can score differently (a row's score does not depend on its batch), so only
    those are scored again. `rows_cut`: rows the window shortens."""
    scorers = {w: get_scorer(scorer.name, max_tokens=w) for w in WINDOWS}
    prefixes = {w: [s.embed.window(r.text) for r in rows] for w, s in scorers.items()}
    default = [scorer.embed.window(r.text) for r in rows]
    out = {"default": scorer.embed.max_tokens, "windows": {}}
    for w, other in scorers.items():
        idx = np.flatnonzero([a != b for a, b in zip(prefixes[w], default)])
        scores = windowed.copy()
        if len(idx):
            scores[idx] = other.score([rows[i].text for i in idx], [rows[i].lang for i in idx])["toxicity"]
        res = evaluate(rows, scores)
        out["windows"][str(w)] = {
            "tag": other.tag, "rows_cut": sum(a != b for a, b in zip(prefixes[w], prefixes[None])),
            "rows_rescored": len(idx), "macro_auc": res["macro_auc"], "macro_auc_rtp_lx": res["macro_auc_rtp_lx"],
            "min_language_auc": res["min_language_auc"],
            "per_language_auc": {lang: v["auc"] for lang, v in res["per_language"].items()}}
        print(f"window {w}: {out['windows'][str(w)]['rows_cut']} rows cut, macro AUC {res['macro_auc']}", flush=True)
    return out


CASCADE_LOWS = (0.05, 0.1, 0.2, 0.3, 0.4, 0.5)


def cascade_table(rows: list[Example], first: np.ndarray, precise: np.ndarray) -> list[dict]:
    """What `refine_band: [low, 1]` does on the held-out rows, per `low`: the share of toxic and of non-toxic rows
    the precise scorer re-scores, and the macro AUC of the cascade's scores (precise inside the band, first pass
    below it), as miner.scoring.cascade computes them. For choosing a band, not for selecting models."""
    y = np.array([r.label for r in rows], dtype=bool)
    out = []
    for low in CASCADE_LOWS:
        band = first >= low
        res = evaluate(rows, np.where(band, precise, first))
        out.append({"low": low, "refined_share": round(float(band.mean()), 3),
                    "toxic_refined": round(float(band[y].mean()), 3),
                    "non_toxic_refined": round(float(band[~y].mean()), 3),
                    "macro_auc": res["macro_auc"], "macro_auc_rtp_lx": res["macro_auc_rtp_lx"]})
    return out


def held_out(cache: str) -> tuple[list[Example], dict[str, int], SplitInfo, list[Example]]:
    """The licensed rows, the rows excluded by license (counts), the split, and the held-out rows scored here.
    `cache`: the e5 embedding cache file that aligns RTP-LX translations, or 'none'."""
    rows, dropped = load(DATA)
    embedder = E5Embedder(threads=1)
    split = make_split(rows, lambda t: embed_cached(embedder, t, None if cache == "none" else Path(cache)))
    held = [rows[i] for i in np.flatnonzero(split.fold == TEST_FOLD)]
    return rows, dropped, split, [held[i] for i in sample_per_source(held, EVAL_CAP)]


def parse_args(doc: str) -> argparse.Namespace:
    """--out (results file) and --cache (the e5 embedding cache of the split), for the scorer scripts."""
    ap = argparse.ArgumentParser(description=doc, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", required=True)
    ap.add_argument("--cache", default=str(REPO / "runs" / "cache" / "e5.npz"), help="e5 embedding cache or 'none'")
    return ap.parse_args()


def main() -> int:
    args = parse_args(__doc__)
    rows, dropped, split, held = held_out(args.cache)
    unseen = [r for r in read_jsonl(DATA.glob("*.jsonl")) if not policy(r.source).use]
    unseen = [unseen[i] for i in sample_per_source(unseen, UNSEEN_CAP)]
    print(f"held-out sample: {len(held)} rows ({sum(r.is_rtp for r in held)} RTP-LX); unseen sources: {len(unseen)}")

    report = {"what": "toxicity scorers on the held-out fold of ../shared/data/toxicity",
              "command": command(), "date": now(), "machine": machine(), "load_average_start": load_average(),
              "data": {"dir": str(DATA), "held_out_rows": len(held), "eval_cap_per_source": EVAL_CAP,
                       "unseen_rows": len(unseen), "excluded_sources": dropped,
                       "split": {"groups": split.n_groups, "translation_links": split.n_links}},
              "targets": TARGETS, "scorers": {}}
    texts, langs = [r.text for r in held], [r.lang for r in held]
    held_scores = {}
    for name in SCORERS:
        scorer = get_scorer(name)
        held_scores[name] = scorer.score(texts, langs)["toxicity"]
        res = evaluate(held, held_scores[name])
        res["unseen_sources"] = evaluate(unseen, scorer.score([r.text for r in unseen], [r.lang for r in unseen])
                                         ["toxicity"])["per_source"]
        res["speed"] = speed(scorer, texts, langs, SPEED_TEXTS[name])
        res["tag"] = scorer.tag
        if getattr(scorer, "embed", None) is not None and scorer.embed.max_tokens is not None:
            res["window"] = window_effect(held, held_scores[name], scorer)
        report["scorers"][name] = res
        print(f"{scorer.tag}: macro AUC {res['macro_auc']} | RTP-LX {res['macro_auc_rtp_lx']} | "
              f"min language {res['min_language_auc']} | {res['speed']['docs_per_cpu_s']} texts/s/core")
    report["cascade"] = cascade_table(held, *(held_scores[n] for n in SCORERS))
    report["load_average_end"] = load_average()
    write_results(args.out, report, markdown(report))
    return 0


def _f(v):
    """AUC/ECE with 3 decimals (the shared md_table shows floats with 1)."""
    return f"{v:.3f}" if isinstance(v, float) else v


def table(header: list[str], rows: list[list]) -> str:
    return md_table(header, [[_f(v) for v in row] for row in rows])


def markdown(report: dict) -> str:
    sc = report["scorers"]
    out = [f"# Toxicity scorer evaluation\n\n`{report['command']}` on {report['date']} "
           f"({report['machine']['cpu']}, {report['machine']['cores']} cores; load {report['load_average_start']}).\n",
           f"Data: held-out fold of `{report['data']['dir']}` ({report['data']['held_out_rows']} rows, at most "
           f"{report['data']['eval_cap_per_source']} per language and source outside RTP-LX; RTP-LX rows split by "
           f"prompt across languages). Targets: {report['targets']}.\n\n## Summary\n"]
    out.append(table(["scorer", "macro AUC", "macro AUC RTP-LX", "macro AUC other", "min language", "pooled AUC",
                         "texts/s/core"],
                        [[v["tag"], v["macro_auc"], v["macro_auc_rtp_lx"], v["macro_auc_other"], v["min_language_auc"],
                          v["pooled_auc"], int(v["speed"]["docs_per_cpu_s"])] for v in sc.values()]))
    if report.get("cascade"):
        out.append(f"\n## Cascade {SCORERS[0]} -> {SCORERS[1]} (refine_band [low, 1])\n\nShare of held-out rows the "
                   "precise scorer re-scores (all, toxic, non-toxic) and the cascade's macro AUC. The held-out mix is "
                   "far more toxic than the web: the share of web documents in a band is in `miner plan` (from the "
                   "first-pass histogram of `make bench`).\n")
        out.append(table(["low", "refined", "toxic refined", "non-toxic refined", "macro AUC", "macro AUC RTP-LX"],
                         [[c["low"], c["refined_share"], c["toxic_refined"], c["non_toxic_refined"], c["macro_auc"],
                           c["macro_auc_rtp_lx"]] for c in report["cascade"]]))
    for name, v in sc.items():
        if "window" in v:
            ws = v["window"]["windows"]
            out.append(f"\n## {name} token windows (`max_tokens`; default {v['window']['default']})\n\nRows the window "
                       "cuts, and the AUCs with each window (rows whose embedded prefix differs from the default's "
                       "scored again).\n")
            out.append(table(["max_tokens", "rows cut", "macro AUC", "macro AUC RTP-LX", "min language"]
                             + sorted(v["per_language"]),
                             [[w, x["rows_cut"], x["macro_auc"], x["macro_auc_rtp_lx"], x["min_language_auc"]]
                              + [x["per_language_auc"][lang] for lang in sorted(v["per_language"])]
                              for w, x in ws.items()]))
    out.append("\n## Per language (ROC-AUC all / RTP-LX / other; ECE balanced)\n")
    langs = sorted(next(iter(sc.values()))["per_language"])
    header = ["lang", "n"] + [f"{n} {k}" for n in sc for k in ("all", "RTP-LX", "other", "ECE")]
    rows = []
    for lang in langs:
        row = [lang, next(iter(sc.values()))["per_language"][lang]["n"]]
        for v in sc.values():
            pl = v["per_language"][lang]
            row += [pl["auc"], pl["auc_rtp_lx"], pl["auc_other"], pl["ece_balanced"]]
        rows.append(row)
    out.append(table(header, rows))
    out.append("\n## Per source (ROC-AUC)\n")
    srcs = sorted(next(iter(sc.values()))["per_source"])
    out.append(table(["source", "n"] + list(sc), [[s, next(iter(sc.values()))["per_source"][s]["n"]]
                        + [v["per_source"][s]["auc"] for v in sc.values()] for s in srcs]))
    out.append("\n## Sources excluded from training (unseen; ROC-AUC)\n")
    srcs = sorted(next(iter(sc.values()))["unseen_sources"])
    out.append(table(["source", "n"] + list(sc), [[s, next(iter(sc.values()))["unseen_sources"][s]["n"]]
                        + [v["unseen_sources"][s]["auc"] for v in sc.values()] for s in srcs]))
    out.append("\n## Reliability (balanced: each class weighted 1/2)\n\nPer bin: lower edge, rows, mean score, "
               "balanced toxic share.\n")
    for name, v in sc.items():
        out.append(f"\n### {name}\n")
        out.append(table(["lang", "ECE bal.", "ECE", "bins"],
                            [[lang, pl["ece_balanced"], pl["ece"], " ".join(f"{b[0]:.1f}:{b[1]}:{b[2]:.2f}/{b[3]:.2f}"
                                                                             for b in pl["table"])]
                             for lang, pl in v["per_language"].items()]))
    return "".join(out)


if __name__ == "__main__":
    raise SystemExit(main())
