"""Release-time prompt dedup: no prompt text twice in a release, and none shared between its splits.

Prompts are short (RTP caps them at 128 characters), so one edited word rewrites most word 5-grams: the pass uses
3-grams (PROMPT_PARAMS) and the same exact + MinHash-LSH clustering as documents (miner.dedup.clusters).
"""
from __future__ import annotations

import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from miner.dedup.clusters import find_clusters, signature_table
from miner.dedup.minhash import MinHasher, MinHashParams
from miner.dedup.shingles import normalized_hash
from miner.io import copy_parquet

PROMPT_PARAMS = MinHashParams(ngram=3)


def prompt_signatures(ids: Sequence[str], texts: Sequence[str], langs: Sequence[str | None],
                      ranks: Sequence[float] | None = None, params: MinHashParams = PROMPT_PARAMS) -> pa.Table:
    """The find_clusters input of some prompts (with their texts, for exact verification). The prompts stage
    writes one such table per work unit, so signatures are computed on the workers, not in the driver."""
    return signature_table(ids, langs, [normalized_hash(t) for t in texts], MinHasher(params).signatures(texts, langs),
                           ranks=ranks, texts=texts)


def find_duplicate_prompts(paths: Sequence[str], work_dir: str, params: MinHashParams = PROMPT_PARAMS
                           ) -> dict[str, str]:
    """{dropped prompt_id: kept prompt_id} over the prompt_signatures tables in `paths`. Each cluster of exact or
    near duplicates keeps the prompt with the lowest rank, then the smallest prompt_id. Clustering runs in
    DuckDB (spilling to `work_dir`); only the dropped prompts come back into Python. No prompts: {}."""
    if not any(pq.read_metadata(p).num_rows for p in paths):
        return {}
    work = Path(work_dir)
    work.mkdir(parents=True, exist_ok=True)
    find_clusters(list(paths), str(work / "clusters.parquet"), params, str(work / "duckdb"))
    out = pq.read_table(work / "clusters.parquet", columns=["doc_id", "cluster_id"], filters=[("keep", "=", False)])
    return dict(zip(out.column("doc_id").to_pylist(), out.column("cluster_id").to_pylist()))


def write_prompt_drops(con: duckdb.DuckDBPyConnection, clusters: Path, candidates_glob: str, excluded: Path,
                       dropped: Path) -> int:
    """From a prompt clustering (find_clusters' output over prompt ids): `excluded`, the prompt_id of every prompt
    not kept, and `dropped`, their dropped/ rows (reason near_duplicate_prompt, with the prompt's document and
    the prompt it duplicates). Both are written by DuckDB, so however many prompts are dropped, none of their ids
    is held in Python. Returns how many were dropped."""
    quoted = str(clusters).replace("'", "''")
    con.execute(f"""CREATE OR REPLACE TEMP TABLE near AS SELECT doc_id AS prompt_id, cluster_id AS kept
                    FROM read_parquet('{quoted}') WHERE NOT keep""")
    copy_parquet(con, "SELECT prompt_id FROM near ORDER BY prompt_id", excluded)
    copy_parquet(con, f"""
        SELECT 'sample' AS stage, 'near_duplicate_prompt' AS reason, c.doc_id, NULL::VARCHAR AS url,
               NULL::VARCHAR AS warc_record_id, NULL::VARCHAR AS source, NULL::BIGINT AS "offset",
               'prompt ' || n.prompt_id || ' duplicates prompt ' || n.kept AS detail
        FROM near n JOIN read_parquet('{candidates_glob.replace("'", "''")}') c USING (prompt_id)
        ORDER BY n.prompt_id""", dropped)
    return con.execute("SELECT count(*) FROM near").fetchall()[0][0]


def dedup_prompts(prompts: Iterable[tuple[str, str, str | None, str]], split_priority: Sequence[str] = (),
                  params: MinHashParams = PROMPT_PARAMS, work_dir: str | None = None) -> dict[str, str]:
    """Find the prompts to drop from a set of prompts held in memory.

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
    table = prompt_signatures(ids, texts, langs, [float(order[s]) for s in splits], params)
    with tempfile.TemporaryDirectory(prefix="miner-prompt-dedup-") as tmp:
        work = Path(work_dir or tmp)
        work.mkdir(parents=True, exist_ok=True)
        pq.write_table(table, work / "prompts.parquet")
        return find_duplicate_prompts([str(work / "prompts.parquet")], str(work), params)
