"""Cross-validation of e5-tox variants inside the training folds: how e5-tox's settings are chosen, as a command.

    .venv/bin/python tests/benchmarks/cv_e5_tox.py --out tests/benchmarks/results/cv-e5-tox.json

The held-out fold of `make eval-scorer` is never fitted on nor scored here. Each variant is an `E5Params`, fitted
with `train.E5Sample.out_of_fold` (the code `make train-scorer` calibrates e5-tox with: 4 folds, the kNN vote
of a row only from the other folds) on the capped sample of the training folds; the fastText surface feature is
out-of-fold too. Every variant is scored on the same rows, the sample of the smallest cap (a larger cap only adds
rows: `sample_per_source` keeps the rows with the smallest hashes), with eval-scorer's metrics: ROC-AUC per
language, its macro average, and the same on the RTP-LX rows.

e5 embeddings come from (and are added to) the training cache, runs/cache/e5.npz. On a machine without it, the
larger caps embed about 60,000 texts first (some 15 minutes on 2 cores).
"""
from __future__ import annotations

import sys
import time
from dataclasses import asdict, replace
from pathlib import Path
from typing import Callable

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parents[1]))

import numpy as np  # noqa: E402
from common import command, load_average, machine, md_table, now, write_results  # noqa: E402
from eval_scorer import DATA, evaluate, parse_args  # noqa: E402

from miner.scoring import train  # noqa: E402
from miner.scoring.data import load  # noqa: E402
from miner.scoring.e5_tox import surface_input  # noqa: E402
from miner.scoring.embed import E5Embedder, embed_cached  # noqa: E402
from miner.scoring.split import TEST_FOLD  # noqa: E402

SHIPPED = train.E5Params()


def variants(rows: list, sample: Callable[[int], np.ndarray]) -> dict[str, train.E5Params]:
    """The shipped settings and one change each. A larger cap adds rows from outside RTP-LX, so it is tried
    as it is and with the RTP-LX weight raised to keep RTP-LX's share of the total weight."""
    def others(cap: int) -> int:
        return sum(not rows[i].is_rtp for i in sample(cap))

    def same_rtp_share(cap: int) -> train.E5Params:
        return replace(SHIPPED, cap_per_source=cap,
                       rtp_weight=round(SHIPPED.rtp_weight * others(cap) / others(SHIPPED.cap_per_source), 2))

    return {
        "shipped": SHIPPED,
        "passage: prefix": replace(SHIPPED, prefix="passage"),
        "no kNN vote": replace(SHIPPED, knn_k=0),
        "C = 3": replace(SHIPPED, C=3.0),
        "RTP-LX weight 4": replace(SHIPPED, rtp_weight=4.0),
        "cap 1500": replace(SHIPPED, cap_per_source=1500),
        "cap 1500, same RTP-LX share": same_rtp_share(1500),
        "cap 3000, same RTP-LX share": same_rtp_share(3000),
    }


def main() -> int:
    args = parse_args(__doc__)
    cache = None if args.cache == "none" else Path(args.cache)
    embedders = {prefix: E5Embedder(threads=2, prefix=prefix) for prefix in ("passage", "query")}

    def embed(prefix: str):
        return lambda texts: embed_cached(embedders[prefix], texts, cache)

    rows, _ = load(DATA)
    rows, fold, _ = train.trainable_split(rows, embed("passage"))
    train_idx = np.flatnonzero(fold != TEST_FOLD)
    train_rows = [rows[i] for i in train_idx]

    def sample(cap: int) -> np.ndarray:
        """Row indices of the training sample at this per-source cap (as `make train-scorer` draws it)."""
        return train_idx[train.sample_per_source(train_rows, cap)]

    start = time.time()
    surface = train.fasttext_oof([surface_input(r.text) for r in rows], rows, fold,
                                 replace(train.FastTextParams(), maxn=SHIPPED.surface_maxn))
    print(f"surface fastText out of fold: {time.time() - start:.0f} s", flush=True)

    todo = variants(rows, sample)
    scored_rows = sample(min(p.cap_per_source for p in todo.values()))
    report = {"what": "e5-tox variants, 4-fold cross-validation inside the training folds (held-out fold unused)",
              "command": command(), "date": now(), "machine": machine(), "load_average_start": load_average(),
              "scored_rows": len(scored_rows), "variants": {}}
    for name, params in todo.items():
        start = time.time()
        idx = sample(params.cap_per_source)
        stack = train.E5Sample.build([rows[i] for i in idx], fold[idx], surface[idx], embed(params.prefix), params)
        oof = stack.out_of_fold()
        scored = np.isin(idx, scored_rows)
        res = evaluate([rows[i] for i in idx[scored]], oof[scored])
        report["variants"][name] = {
            "params": asdict(params), "rows": len(idx), "macro_auc": res["macro_auc"],
            "macro_auc_rtp_lx": res["macro_auc_rtp_lx"], "min_language_auc": res["min_language_auc"],
            "per_language": {lang: v["auc"] for lang, v in res["per_language"].items()},
            "seconds": round(time.time() - start, 1)}
        print(f"{name}: {len(idx)} rows, macro AUC {res['macro_auc']} | RTP-LX {res['macro_auc_rtp_lx']} | "
              f"min language {res['min_language_auc']} ({time.time() - start:.0f} s)", flush=True)
    report["load_average_end"] = load_average()
    write_results(args.out, report, markdown(report))
    return 0


def markdown(report: dict) -> str:
    v = report["variants"]
    base = v["shipped"]
    langs = sorted(base["per_language"])
    out = [f"# e5-tox variants in cross-validation\n\n`{report['command']}` on {report['date']} "
           f"({report['machine']['cpu']}, {report['machine']['cores']} cores; load {report['load_average_start']}).\n\n"
           f"4-fold grouped cross-validation inside the training folds of `make train-scorer` (the held-out fold of "
           f"`make eval-scorer` is not used). Every variant is scored on the same {report['scored_rows']} rows "
           "(the sample of the smallest cap). Deterministic: a rerun gives the same figures.\n\n"]
    out.append(md_table(["variant", "rows", "macro AUC", "vs shipped", "RTP-LX", "vs shipped", "min language"],
                        [[k, r["rows"], f"{r['macro_auc']:.4f}", f"{r['macro_auc'] - base['macro_auc']:+.4f}",
                          f"{r['macro_auc_rtp_lx']:.4f}", f"{r['macro_auc_rtp_lx'] - base['macro_auc_rtp_lx']:+.4f}",
                          f"{r['min_language_auc']:.4f}"] for k, r in v.items()]))
    out.append("\n## Per language (ROC-AUC)\n\n")
    out.append(md_table(["variant"] + langs, [[k] + [f"{r['per_language'][lang]:.3f}" for lang in langs]
                                              for k, r in v.items()]))
    out.append("\n## Settings\n\n")
    out.append(md_table(["variant", "prefix", "C", "kNN k", "cap per source", "RTP-LX weight"],
                        [[k, r["params"]["prefix"], r["params"]["C"], r["params"]["knn_k"],
                          r["params"]["cap_per_source"], r["params"]["rtp_weight"]] for k, r in v.items()]))
    return "".join(out)


if __name__ == "__main__":
    raise SystemExit(main())
