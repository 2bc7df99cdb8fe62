"""Release-time prompt dedup: no prompt text twice in a release, and none shared between its splits.

Prompts are short (RTP caps them at 128 characters), so one edited word rewrites most word 5-grams: the pass uses
3-grams (PROMPT_PARAMS) and the same exact + MinHash-LSH clustering as documents (miner.dedup.clusters).
"""
from __future__ import annotations

import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path

import pyarrow.parquet as pq

from miner.dedup.clusters import find_clusters, signature_table
from miner.dedup.minhash import MinHasher, MinHashParams
from miner.dedup.shingles import normalized_hash

PROMPT_PARAMS = MinHashParams(ngram=3)


def dedup_prompts(prompts: Iterable[tuple[str, str, str | None, str]], split_priority: Sequence[str] = (),
                  params: MinHashParams = PROMPT_PARAMS, work_dir: str | None = None) -> dict[str, str]:
    """Find the prompts to drop from a release.

    `prompts` yields (prompt_id, text, lang, split); prompt_ids are unique. Each cluster of exact or near
    duplicate texts keeps one prompt: the one whose split comes first in `split_priority` (splits not listed come
    after, in name order), then the smallest prompt_id. Returns {dropped prompt_id: kept prompt_id}; dropping
    those leaves no text twice within or across splits.
    """
    rows = list(prompts)
    if not rows:
        return {}
    order = {s: i for i, s in enumerate(split_priority)}
    unlisted = sorted({r[3] for r in rows} - order.keys())
    order.update({s: len(order) + i for i, s in enumerate(unlisted)})
    ids, texts, langs, splits = zip(*rows)
    table = signature_table(ids, langs, [normalized_hash(t) for t in texts],
                            MinHasher(params).signatures(texts, langs), ranks=[float(order[s]) for s in splits],
                            texts=texts)
    with tempfile.TemporaryDirectory(prefix="miner-prompt-dedup-") as tmp:
        work = Path(work_dir or tmp)
        work.mkdir(parents=True, exist_ok=True)
        pq.write_table(table, work / "prompts.parquet")
        find_clusters([str(work / "prompts.parquet")], str(work / "clusters.parquet"), params, str(work / "duckdb"))
        out = pq.read_table(work / "clusters.parquet", columns=["doc_id", "cluster_id", "keep"]).to_pylist()
    return {r["doc_id"]: r["cluster_id"] for r in out if not r["keep"]}
