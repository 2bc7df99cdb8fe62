"""Duplicate clusters over any number of documents with bounded memory: exact groups by text_hash, then
MinHash-LSH buckets, verification and connected components, as the tasks of miner.dedup.tasks (see there and
docs/dedup.md). `find_clusters` runs those tasks in this process; the pipeline runs them on its executor.
Each cluster's representative is its best document: lowest `rank` (if the input has one, NULLs last), then
smallest doc_id. Deterministic for the same input, whatever the file split or the number of partitions.
"""
from __future__ import annotations

import json
import shutil
import tempfile
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from miner.dedup.minhash import MinHasher, MinHashParams
from miner.dedup.shingles import normalized_hash
from miner.dedup.tasks import Job, cluster_task, input_columns, steps
from miner.io import read_jsonl

def signature_table(doc_ids: Sequence[str], langs: Sequence[str | None], text_hashes: Sequence[int] | np.ndarray,
                    signatures: np.ndarray, ranks: Sequence[float] | np.ndarray | None = None,
                    texts: Sequence[str] | None = None) -> pa.Table:
    """The input table of find_clusters: doc_id, lang, text_hash (uint64), minhash (list<uint32>), and the
    optional rank (lower is kept first) and text (enables exact verification)."""
    n, num_perm = signatures.shape
    minhash = pa.FixedSizeListArray.from_arrays(pa.array(signatures.reshape(-1), pa.uint32()), num_perm)
    columns = {
        "doc_id": pa.array(doc_ids, pa.string()),
        "lang": pa.array(langs, pa.string()),
        "text_hash": pa.array(np.asarray(text_hashes, dtype=np.uint64)),
        "minhash": minhash.cast(pa.list_(pa.uint32())),
    }
    if ranks is not None:
        columns["rank"] = pa.array(ranks)
    if texts is not None:
        columns["text"] = pa.array(texts, pa.string())
    table = pa.table(columns)
    if table.num_rows != n:
        raise ValueError(f"{table.num_rows} ids for {n} signatures")
    return table


def find_clusters(doc_parquet_paths: Sequence[str], out_path: str, params: MinHashParams | None = None,
                  work_dir: str = "dedup-work", memory_limit: str = "4GB", threads: int | None = None,
                  verify: str | None = None, removed_path: str | None = None, partitions: int = 4) -> dict:
    """Cluster the documents in `doc_parquet_paths` (see signature_table for the columns) and write one row per
    document to `out_path` (Parquet, in input order): doc_id, cluster_id (doc_id of the kept representative),
    cluster_size, keep (exactly one per cluster), dup_reason (null, "exact_duplicate" or "near_duplicate").

    `verify`: "signature" keeps a candidate pair if its signatures agree on >= params.threshold of the
    permutations; "exact" (the default when the input has a `text` column) decides pairs whose agreement is
    within EXACT_MARGIN of the threshold by the exact Jaccard of their shingles, reading only those texts;
    "none" keeps every LSH candidate (FineWeb's behaviour).
    `removed_path` (optional): also write the documents not kept, ordered as the input, as (file: index into
    `doc_parquet_paths`, doc_id, cluster_id, reason): per-unit tasks read their own slice of it (row-group
    statistics on `file`) instead of the driver building the removal list.
    `memory_limit` bounds each task's DuckDB (which spills to work_dir); `partitions`: key partitions (tasks of
    steps 2 and 3; the result does not depend on it). The tasks (miner.dedup.tasks) run here one after the
    other; the pipeline runs the same tasks on its executor. work_dir's scratch files are removed at the end.
    Returns counts and timings.
    """
    params = params or MinHashParams()
    paths = [str(Path(p).resolve()) for p in doc_parquet_paths]
    if not paths:
        raise ValueError("find_clusters needs at least one input Parquet file")
    shutil.rmtree(Path(work_dir) / "tasks", ignore_errors=True)
    job = make_job(paths, work_dir, params, verify, memory_limit, threads, partitions)
    t0 = time.perf_counter()
    timings: dict[str, float] = {}
    try:
        for step, fn, tasks in steps(job, {f"{i:05d}": [i] for i in range(len(paths))}):
            t = time.perf_counter()
            for args in tasks:
                fn(*args)
            timings[f"{step}_s"] = time.perf_counter() - t
        t = time.perf_counter()
        stats = cluster_task(job, out_path, removed_path)
        timings["cluster_s"] = time.perf_counter() - t
    finally:
        shutil.rmtree(job.work, ignore_errors=True)
    stats.update(timings, verify=job.mode, total_s=time.perf_counter() - t0)
    return stats


def make_job(paths: list[str], work_dir: str, params: MinHashParams, verify: str | None, memory_limit: str,
             threads: int | None = None, partitions: int = 4) -> Job:
    """The Job of a clustering of `paths` (checked: columns, verify mode), its scratch in work_dir/tasks (kept:
    a resumed run skips the tasks marked done there)."""
    columns = input_columns(paths)
    mode = verify or ("exact" if "text" in columns else "signature")
    if mode not in ("exact", "signature", "none"):
        raise ValueError(f"verify must be 'exact', 'signature' or 'none', got {mode!r}")
    if mode == "exact" and "text" not in columns:
        raise ValueError("verify='exact' needs a text column in the input Parquet")
    work = Path(work_dir) / "tasks"
    work.mkdir(parents=True, exist_ok=True)
    return Job(tuple(paths), str(work), params, mode, partitions, memory_limit, threads)


def _batches(items: Iterable[dict], size: int) -> Iterator[list[dict]]:
    batch: list[dict] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def dedup_jsonl(in_path: str, out_path: str, threshold: float | None = None, params: MinHashParams | None = None,
                work_dir: str | None = None, memory_limit: str = "4GB", batch_size: int = 4096) -> dict:
    """`miner dedup IN.jsonl OUT.jsonl`: read objects with id, text and lang (optional); write each object, in
    input order, plus cluster_id, cluster_size and keep. `threshold` overrides params.threshold (default 0.8).

    Signatures and texts go to a Parquet file in work_dir (a temporary directory if None), so memory stays
    bounded; pairs near the threshold are verified by exact Jaccard."""
    params = params or MinHashParams()
    if threshold is not None:
        params = replace(params, threshold=threshold)
    hasher = MinHasher(params)
    with tempfile.TemporaryDirectory(prefix="miner-dedup-") as tmp:
        work = Path(work_dir or tmp)
        work.mkdir(parents=True, exist_ok=True)
        sig_path, clusters_path = work / "signatures.parquet", work / "clusters.parquet"
        writer: pq.ParquetWriter | None = None
        for batch in _batches(read_jsonl(in_path), batch_size):
            for obj in batch:
                if "id" not in obj or not isinstance(obj.get("text"), str):
                    raise ValueError(f"{in_path}: every object needs an id and a string text; got keys {sorted(obj)}")
            texts = [o["text"] for o in batch]
            langs = [o.get("lang") for o in batch]
            table = signature_table([str(o["id"]) for o in batch], langs, [normalized_hash(t) for t in texts],
                                    hasher.signatures(texts, langs), texts=texts)
            writer = writer or pq.ParquetWriter(sig_path, table.schema)
            writer.write_table(table)
        if writer is None:
            raise ValueError(f"{in_path} holds no documents")
        writer.close()
        stats = find_clusters([str(sig_path)], str(clusters_path), params, str(work / "duckdb"), memory_limit)
        clusters = pq.ParquetFile(clusters_path).iter_batches(batch_size, columns=["cluster_id", "cluster_size", "keep"])
        rows = (row for b in clusters for row in b.to_pylist())
        Path(out_path).parent.mkdir(parents=True, exist_ok=True)
        with open(out_path, "w", encoding="utf-8") as out:
            for obj, row in zip(read_jsonl(in_path), rows, strict=True):
                out.write(json.dumps({**obj, **row}, ensure_ascii=False) + "\n")
    return stats
