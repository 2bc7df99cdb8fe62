"""Train the shipped toxicity scorers (`fasttext-tox`, `e5-tox`) from ../shared/data/toxicity.

    .venv/bin/python pipelines/train_scorer.py [--data DIR] [--out DIR] [--cache FILE|none]

Deterministic: the same data gives the same model files (fastText runs single-threaded with a fixed seed).
e5 embeddings (`passage:` for the split, `query:` for e5-tox) are cached in runs/cache/e5.npz (deterministic
too, so the cache only saves time).
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from miner.scoring import data, train  # noqa: E402
from miner.scoring.embed import E5Embedder, embed_cached  # noqa: E402
from miner.scoring.fasttext_tox import MODELS_DIR  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=REPO.parent / "shared" / "data" / "toxicity")
    ap.add_argument("--out", type=Path, default=MODELS_DIR)
    ap.add_argument("--cache", default=str(REPO / "runs" / "cache" / "e5.npz"),
                    help="embedding cache file, or 'none'")
    ap.add_argument("--threads", type=int, default=2, help="threads for e5 embedding (fastText uses 1)")
    args = ap.parse_args(argv)

    start = time.time()
    rows, dropped = data.load(args.data)
    print(f"{len(rows)} rows from {args.data}; excluded by license: {dropped}")
    e5_params = train.E5Params()
    split_embedder = E5Embedder(threads=args.threads)
    feature_embedder = E5Embedder(threads=args.threads, prefix=e5_params.prefix)
    cache = None if args.cache == "none" else Path(args.cache)
    report = train.train(rows, args.out, lambda texts: embed_cached(split_embedder, texts, cache), dropped=dropped,
                         ft_params=train.FastTextParams(), e5_params=e5_params,
                         embed_features=lambda texts: embed_cached(feature_embedder, texts, cache))
    (args.out / "train-report.json").write_text(json.dumps(
        {**vars(report), "sources": train.license_table()}, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"done in {time.time() - start:.0f} s -> {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
