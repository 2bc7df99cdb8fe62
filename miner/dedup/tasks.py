"""Near-duplicate clustering as independent tasks over files, in the shape of datatrove's minhash stages and
NeMo Curator's fuzzy dedup: any executor can run them, and each writes its output atomically (resume per task).

A document's id is (index of its input file + 1) << 40 | its row in that file: unique, stable, needs no sort.
  1. keys (one task per group of input files, e.g. an ingest unit): docs/<g>.parquet (id, doc_id, lang,
     text_hash, rank) and bands/<g>-p<p>.parquet (id, band, key) for each partition p = key % partitions.
     key = fmix64 folded over the rows of a band, seeded by the language and the band.
  2. exact (one task per partition of text_hash): exact/<p>.parquet (id, erep) for groups of two or more.
  3. bands (one task per key partition): buckets (band, key) of two or more documents that are not exact
     duplicates emit star edges to their smallest id: cand/<p>.parquet (a, b), and the ids they name,
     nodes/<p>.parquet (id, p). A bucket lies in one partition, so the edges equal a single pass's.
  4. gather (one task per input file): the signatures of that file's rows that some partition names, read once
     per file: got/minhash/<f>.parquet (p, id, minhash). So verification reads the corpus once, not once per
     partition (partitions grow with the corpus: that would be quadratic).
  5. verify (one task per partition): signature agreement of its pairs; with verify "exact", the pairs near the
     threshold are grey and their ids go to grey/<p>.parquet; the others are decided: pairs/<p>.parquet
     (a, b, grey, ok), or sig-pairs/<p>.parquet while grey pairs wait for their texts.
  6. with verify "exact": gather texts (per input file, only the grey ids: got/text/<f>.parquet), then decide the
     grey pairs by exact shingle Jaccard (per partition): pairs/<p>.parquet.
  7. components (one task): connected components of the verified pairs, in numpy below NUMPY_MAX_PAIRS pairs,
     above it by iterated min-label joins in DuckDB (out of core).
  8. assign (one task): representatives (lowest rank, then smallest doc_id) and the output files.
Every task runs DuckDB with its own memory_limit and spill directory; no step holds the corpus in Python.
"""
from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import xxhash

from miner.dedup.hashing import fmix64
from miner.dedup.minhash import MinHashParams
from miner.dedup.shingles import shingle_hashes_many
from miner.io import copy_parquet, write_json
from miner.sampling import bounded_connection

REQUIRED_COLUMNS = ("doc_id", "lang", "text_hash", "minhash")
# documents per key partition (one exact and one bands task each): 1.25M measured a 3.9 GB task peak with a 3GB
# DuckDB limit at 10M documents (make bench-dedup); the partitioning never changes the clusters
PARTITION_DOCS = 1_250_000
BATCH = 65_536
# verify="exact" reads texts only for pairs whose signature agreement is within this of the threshold: about three
# standard deviations of the 112-permutation estimate at Jaccard 0.8 (sqrt(0.8 * 0.2 / 112) = 0.038).
EXACT_MARGIN = 0.12
# components in one numpy process up to this many verified pairs (~145 bytes per pair at peak: ~3 GB)
NUMPY_MAX_PAIRS = 20_000_000
_DOCS = pa.schema([("id", pa.int64()), ("doc_id", pa.string()), ("lang", pa.string()), ("text_hash", pa.uint64()),
                   ("rank", pa.float64())])
_BANDS = pa.schema([("id", pa.int64()), ("band", pa.int16()), ("key", pa.uint64())])


@dataclass(frozen=True)
class Job:
    """What every task of one clustering needs to know: its input files and where to write."""
    paths: tuple[str, ...]
    work: str
    params: MinHashParams
    mode: str  # "exact", "signature" or "none"
    partitions: int = 4
    memory_limit: str = "4GB"
    threads: int | None = None

    def dir(self, name: str) -> Path:
        return Path(self.work) / name

    def connect(self, name: str) -> duckdb.DuckDBPyConnection:
        """An in-memory DuckDB for one task, bounded by memory_limit, spilling to work/tmp/<name>."""
        tmp = self.dir("tmp") / name
        shutil.rmtree(tmp, ignore_errors=True)
        con = bounded_connection(tmp, self.memory_limit)
        con.execute("SET preserve_insertion_order = false")
        con.execute("SET enable_progress_bar = false")  # it writes to stdout, which may be a pipe nobody reads
        if self.threads:
            con.execute(f"SET threads = {int(self.threads)}")
        return con

    def glob(self, name: str) -> str:
        return str(self.dir(name) / "*.parquet").replace("'", "''")


def partitions_for(documents: int, workers: int) -> int:
    """Key partitions for a clustering: enough that each task's share stays near PARTITION_DOCS documents, and
    at least two tasks per worker so both steps keep every worker busy."""
    return max(2 * max(workers, 1), -(-documents // PARTITION_DOCS))


def input_columns(paths: list[str]) -> set[str]:
    """The union of the input files' columns; a missing required column is a ValueError."""
    columns = set().union(*(pq.read_schema(p).names for p in paths))
    missing = [c for c in REQUIRED_COLUMNS if c not in columns]
    if missing:
        raise ValueError(f"input Parquet lacks column(s) {missing}; has {sorted(columns)}")
    return columns


def _write(table: pa.Table, path: Path) -> None:
    """Atomic Parquet write: a killed task never leaves half a file that looks done."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    pq.write_table(table, tmp, compression="zstd")
    os.replace(tmp, path)


def done_path(job: Job, task: str) -> Path:
    return job.dir("done") / f"{task}.json"


def _done(job: Job, task: str, stats: dict) -> dict:
    """Mark a task done (after its outputs are in place): a resumed run skips it."""
    write_json(done_path(job, task), stats)
    return stats


def steps(job: Job, groups: dict[str, list[int]]) -> list[tuple[str, Callable[..., dict], list[tuple]]]:
    """The task steps 1-6 in order, each with its tasks' arguments: (step, function, [args, ...]). Group
    names must be unique; `groups` maps each to the indices of its input files."""
    parts = [(job, p) for p in range(job.partitions)]
    files = range(len(job.paths))
    out = [("keys", keys_task, [(job, g, f) for g, f in groups.items()]),
           ("exact", exact_task, parts), ("bands", bands_task, parts)]
    if job.mode != "none":
        out += [("gather", gather_task, [(job, f, "minhash") for f in files]), ("verify", verify_task, parts)]
    if job.mode == "exact":
        out += [("gather-text", gather_task, [(job, f, "text") for f in files]), ("grey", grey_task, parts)]
    return out


def task_name(step: str, args: tuple) -> str:
    return f"{step}-{args[1]}"


def keys_task(job: Job, group: str, files: list[int]) -> dict:
    """Step 1 for the input files with these indices: document rows and band keys by partition."""
    P, B, R = job.params.num_perm, job.params.bands, job.params.rows
    band_seed = np.arange(1, B + 1, dtype=np.uint64) * np.uint64(0x9E3779B97F4A7C15)
    docs, bands = [], [[] for _ in range(job.partitions)]
    band_ids = np.arange(B, dtype=np.int16)
    for idx in files:
        path = job.paths[idx]
        names = pq.read_schema(path).names
        offset = 0
        for batch in pq.ParquetFile(path).iter_batches(BATCH, columns=[c for c in (*REQUIRED_COLUMNS, "rank")
                                                                         if c in names]):
            n = batch.num_rows
            minhash = batch.column("minhash")
            lengths = pc.list_value_length(minhash)
            if minhash.null_count or pc.any(pc.not_equal(lengths, P)).as_py():
                raise ValueError(f"{path}: minhash lists have length {pc.min_max(lengths).as_py()} or are null; "
                                 f"expected num_perm={P}")
            sig = minhash.flatten().to_numpy().reshape(n, P)
            lang = pc.fill_null(batch.column("lang"), "und")
            langs = pc.dictionary_encode(lang)
            lang_hash = np.array([xxhash.xxh3_64_intdigest(x.encode()) for x in langs.dictionary.to_pylist()],
                                 dtype=np.uint64)[langs.indices.to_numpy()]
            acc = fmix64(lang_hash[:, None] ^ band_seed[None, :])
            for r in range(R):  # column b * R + r of every band b at once
                acc = fmix64(acc + sig[:, r : B * R : R].astype(np.uint64))
            ids = (np.int64(idx + 1) << np.int64(40)) | (offset + np.arange(n, dtype=np.int64))
            rank = batch.column("rank").cast(pa.float64()) if "rank" in names else pa.nulls(n, pa.float64())
            docs.append(pa.table([ids, batch.column("doc_id").cast(pa.string()), lang.cast(pa.string()),
                                  batch.column("text_hash").cast(pa.uint64()), rank], schema=_DOCS))
            keys, part = acc.reshape(-1), (acc.reshape(-1) % np.uint64(job.partitions)).astype(np.int64)
            rows = pa.table([np.repeat(ids, B), np.tile(band_ids, n), keys], schema=_BANDS)
            order = np.argsort(part, kind="stable")
            bounds = np.searchsorted(part[order], np.arange(job.partitions + 1))
            for p in range(job.partitions):
                bands[p].append(rows.take(order[bounds[p]:bounds[p + 1]]))
            offset += n
    _write(pa.concat_tables(docs) if docs else _DOCS.empty_table(), job.dir("docs") / f"{group}.parquet")
    for p in range(job.partitions):
        _write(pa.concat_tables(bands[p]) if bands[p] else _BANDS.empty_table(),
               job.dir("bands") / f"{group}-p{p:04d}.parquet")
    return _done(job, f"keys-{group}", {"documents": sum(t.num_rows for t in docs)})


def exact_task(job: Job, p: int) -> dict:
    """Step 2 for one text_hash partition: every member of an exact group of two or more, with the group's
    best document (lowest rank, NULLs last, then smallest doc_id)."""
    con = job.connect(f"exact-{p}")
    try:
        copy_parquet(con, f"""
            WITH d AS (SELECT * FROM read_parquet('{job.glob("docs")}') WHERE text_hash % {job.partitions} = {p}),
                 g AS (SELECT text_hash, arg_min(id, (rank IS NULL, rank, doc_id)) AS erep
                       FROM d GROUP BY text_hash HAVING count(*) > 1)
            SELECT d.id, g.erep FROM d JOIN g USING (text_hash)""", job.dir("exact") / f"{p:04d}.parquet")
    finally:
        con.close()
    return _done(job, f"exact-{p}", {})


def gather_task(job: Job, f: int, what: str) -> dict:
    """Steps 4 and 6 for input file f: the `what` column ("minhash", or "text" with "lang") of its rows that a
    partition asked for (nodes/ for signatures, grey/ for texts), one read of the file for all partitions."""
    asked_dir = "nodes" if what == "minhash" else "grey"
    lo, hi = (f + 1) << 40, (f + 2) << 40
    out = job.dir("got") / what / f"{f:05d}.parquet"
    con = job.connect(f"gather-{what}-{f}")
    try:
        asked = con.sql(f"SELECT DISTINCT p, id FROM read_parquet('{job.glob(asked_dir)}') "
                        f"WHERE id >= {lo} AND id < {hi} ORDER BY id, p").to_arrow_table()
    finally:
        con.close()
    columns = ["minhash"] if what == "minhash" else ["lang", "text"]
    ids = asked.column("id").to_numpy()
    found = (pq.read_table(job.paths[f], columns=columns).take(pa.array(ids & ((1 << 40) - 1))) if len(ids) else
             pa.schema([pq.read_schema(job.paths[f]).field(c) for c in columns]).empty_table())
    table = pa.table({"p": asked.column("p"), "id": asked.column("id"), **{c: found.column(c) for c in columns}})
    _write(table.sort_by([("p", "ascending"), ("id", "ascending")]), out)
    return _done(job, task_name("gather" if what == "minhash" else "gather-text", (job, f)), {"rows": len(ids)})


def _gathered(job: Job, what: str, p: int, columns: str) -> pa.Table:
    """The rows step 4 or 6 gathered for partition p, ordered by id."""
    con = job.connect(f"read-{what}-{p}")
    try:
        return con.sql(f"SELECT id, {columns} FROM read_parquet('{job.glob('got/' + what)}') WHERE p = {p} "
                       "ORDER BY id").to_arrow_table()
    finally:
        con.close()


def jaccard_of_sets(sa: np.ndarray, sb: np.ndarray) -> float:
    if not len(sa) and not len(sb):
        return 1.0
    inter = len(np.intersect1d(sa, sb, assume_unique=True))
    return inter / (len(sa) + len(sb) - inter)


def bands_task(job: Job, p: int) -> dict:
    """Step 3 for one key partition: the candidate pairs of its buckets (cand/<p>) and the ids they name
    (nodes/<p>); with verification off they are the pairs (pairs/<p>, all ok)."""
    con = job.connect(f"bands-{p}")
    try:
        con.execute(f"""
            CREATE TABLE bands AS SELECT * FROM read_parquet('{str(job.dir("bands")).replace("'", "''")}/*-p{p:04d}.parquet')
            ANTI JOIN (SELECT id FROM read_parquet('{job.glob("exact")}') WHERE id <> erep) x USING (id)""")
        pairs = con.sql("""
            SELECT DISTINCT c.first AS a, s.id AS b FROM bands s
            JOIN (SELECT band, key, min(id) AS first FROM bands GROUP BY band, key HAVING count(*) > 1) c
              USING (band, key)
            WHERE s.id <> c.first ORDER BY a, b""").to_arrow_table()
    finally:
        con.close()
    a, b = pairs.column("a").to_numpy(), pairs.column("b").to_numpy()
    if job.mode == "none":
        _pairs(job, "pairs", p, a, b, np.zeros(len(a), bool), np.ones(len(a), bool))
    else:
        _write(pa.table({"a": a, "b": b}), job.dir("cand") / f"{p:04d}.parquet")
        nodes = np.unique(np.concatenate([a, b]))
        _write(pa.table({"id": nodes, "p": np.full(len(nodes), p, np.int32)}), job.dir("nodes") / f"{p:04d}.parquet")
    return _done(job, f"bands-{p}", {"candidate_pairs": len(a)})


def _pairs(job: Job, name: str, p: int, a: np.ndarray, b: np.ndarray, grey: np.ndarray, ok: np.ndarray) -> None:
    _write(pa.table({"a": a, "b": b, "grey": grey, "ok": ok}), job.dir(name) / f"{p:04d}.parquet")


def verify_task(job: Job, p: int) -> dict:
    """Step 5 for one partition: signature agreement of its candidate pairs. With verify "exact", the pairs
    within EXACT_MARGIN of the threshold are grey: their ids go to grey/<p> for their texts (step 6)."""
    cand = pq.read_table(job.dir("cand") / f"{p:04d}.parquet")
    a, b = cand.column("a").to_numpy(), cand.column("b").to_numpy()
    grey, ok = np.zeros(len(a), bool), np.ones(len(a), bool)
    if len(a):
        t = job.params.threshold
        low, high = (t - EXACT_MARGIN, t + EXACT_MARGIN) if job.mode == "exact" else (t, t)
        got = _gathered(job, "minhash", p, "minhash")
        nodes = got.column("id").to_numpy()
        sig = pc.list_flatten(got.column("minhash").combine_chunks()).to_numpy().reshape(len(nodes), -1)
        ia, ib = np.searchsorted(nodes, a), np.searchsorted(nodes, b)
        est = np.concatenate([(sig[ia[lo:lo + BATCH]] == sig[ib[lo:lo + BATCH]]).mean(axis=1)
                              for lo in range(0, len(a), BATCH)])
        del sig, ia, ib
        grey, ok = (est >= low) & (est < high), est >= high
    if job.mode == "exact":
        gi = np.flatnonzero(grey)
        ids = np.unique(np.concatenate([a[gi], b[gi]]))
        _write(pa.table({"id": ids, "p": np.full(len(ids), p, np.int32)}), job.dir("grey") / f"{p:04d}.parquet")
        _pairs(job, "sig-pairs", p, a, b, grey, ok)
    else:
        _pairs(job, "pairs", p, a, b, grey, ok)
    return _done(job, f"verify-{p}", {"grey_pairs": int(grey.sum())})


def grey_task(job: Job, p: int) -> dict:
    """Step 6 for one partition: the grey pairs decided by the exact Jaccard of their texts' shingles (hashes
    kept, not texts: about a fifth of their size)."""
    pairs = pq.read_table(job.dir("sig-pairs") / f"{p:04d}.parquet")
    a, b = pairs.column("a").to_numpy(), pairs.column("b").to_numpy()
    grey = pairs.column("grey").to_numpy(zero_copy_only=False)
    ok = pairs.column("ok").to_numpy(zero_copy_only=False).copy()
    gi = np.flatnonzero(grey)
    if len(gi):
        got = _gathered(job, "text", p, "lang, text")
        nodes = got.column("id").to_numpy()
        texts = [t or "" for t in got.column("text").to_pylist()]
        sets = [np.unique(h) for h in shingle_hashes_many(texts, got.column("lang").to_pylist(), job.params.ngram)]
        ia, ib = np.searchsorted(nodes, a[gi]), np.searchsorted(nodes, b[gi])
        ok[gi] = [jaccard_of_sets(sets[i], sets[j]) >= job.params.threshold for i, j in zip(ia, ib)]
    _pairs(job, "pairs", p, a, b, grey, ok)
    return _done(job, f"grey-{p}", {})


def components(a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Connected components of the graph with edges (a[i], b[i]): (node ids, smallest node id of each one's
    component). Min-label propagation with pointer jumping; memory is a few arrays of the node count."""
    nodes, inverse = np.unique(np.concatenate([a, b]), return_inverse=True)
    u, v = inverse[: len(a)], inverse[len(a):]
    label = np.arange(len(nodes))
    while True:
        m = np.minimum(label[u], label[v])
        new = label.copy()
        np.minimum.at(new, u, m)
        np.minimum.at(new, v, m)
        new = new[new]  # pointer jumping: follow labels to their own labels
        while not np.array_equal(new, new[new]):
            new = new[new]
        if np.array_equal(new, label):
            return nodes, nodes[label]
        label = new


def _components_sql(con: duckdb.DuckDBPyConnection) -> None:
    """Table near(id, comp) from table edges(a, b), out of core: each round every node takes the smallest label
    among itself and its neighbours, then follows its label's label (pointer jumping), until nothing changes."""
    con.execute("CREATE TABLE near AS SELECT id, id AS comp FROM (SELECT a AS id FROM edges UNION SELECT b FROM edges)")
    while True:
        con.execute("""
            CREATE OR REPLACE TABLE step AS
            WITH hop AS (SELECT e.a AS id, n.comp FROM edges e JOIN near n ON n.id = e.b
                         UNION ALL SELECT e.b, n.comp FROM edges e JOIN near n ON n.id = e.a
                         UNION ALL SELECT id, comp FROM near),
                 m AS (SELECT id, min(comp) AS comp FROM hop GROUP BY id)
            SELECT m.id, least(m.comp, j.comp) AS comp FROM m JOIN m j ON j.id = m.comp""")
        changed = con.execute("SELECT count(*) FROM step s JOIN near n USING (id) WHERE s.comp <> n.comp").fetchall()[0][0]
        con.execute("CREATE OR REPLACE TABLE near AS SELECT * FROM step")
        if not changed:
            return


def cluster_task(job: Job, out_path: str, removed_path: str | None, numpy_max_pairs: int = NUMPY_MAX_PAIRS) -> dict:
    """Steps 4 and 5: components of the verified pairs, each cluster's representative, and the outputs (see
    find_clusters). Returns the counts."""
    con = job.connect("cluster")
    try:
        con.execute(f"CREATE TABLE docs AS SELECT * FROM read_parquet('{job.glob('docs')}')")
        dupe_ids = con.execute("SELECT doc_id FROM docs GROUP BY doc_id HAVING count(*) > 1 LIMIT 5").fetchall()
        if dupe_ids:
            raise ValueError(f"doc_id must be unique; repeated: {[r[0] for r in dupe_ids]}")
        con.execute(f"CREATE TABLE exact AS SELECT * FROM read_parquet('{job.glob('exact')}')")
        con.execute(f"CREATE TABLE pairs AS SELECT DISTINCT a, b, grey, ok FROM read_parquet('{job.glob('pairs')}')")
        n_candidates, n_exact, n_verified = con.execute(
            "SELECT count(*), count(*) FILTER (WHERE grey), count(*) FILTER (WHERE ok) FROM pairs").fetchall()[0]
        con.execute("CREATE TABLE edges AS SELECT a, b FROM pairs WHERE ok")
        con.execute("DROP TABLE pairs")
        if n_verified <= numpy_max_pairs:
            edges = con.sql("SELECT a, b FROM edges").to_arrow_table()
            nodes, comp = components(edges.column("a").to_numpy(), edges.column("b").to_numpy())
            con.register("near_arrow", pa.table({"id": nodes, "comp": comp}))
            con.execute("CREATE TABLE near AS SELECT * FROM near_arrow")
            con.unregister("near_arrow")
            del edges, nodes, comp
        else:
            _components_sql(con)
        con.execute("""
            CREATE TABLE assign AS
            WITH nrep AS (SELECT n.comp, arg_min(n.id, (d.rank IS NULL, d.rank, d.doc_id)) AS nrep
                          FROM near n JOIN docs d USING (id) GROUP BY n.comp),
                 near_rep AS (SELECT n.id, r.nrep FROM near n JOIN nrep r USING (comp)),
                 members AS (SELECT id, erep FROM exact UNION SELECT id, id FROM near)
            SELECT m.id, coalesce(nr.nrep, m.erep) AS crep, m.id <> m.erep AS is_exact
            FROM members m LEFT JOIN near_rep nr ON nr.id = m.erep""")
        con.execute("""
            CREATE TABLE assign_full AS
            WITH sizes AS (SELECT crep, count(*) AS size FROM assign GROUP BY crep)
            SELECT a.id, d.doc_id AS cluster_id, s.size AS cluster_size, a.id = a.crep AS keep,
                   CASE WHEN a.id = a.crep THEN NULL WHEN a.is_exact THEN 'exact_duplicate'
                        ELSE 'near_duplicate' END AS dup_reason
            FROM assign a JOIN sizes s USING (crep) JOIN docs d ON d.id = a.crep""")
        copy_parquet(con, """
            SELECT d.doc_id, coalesce(f.cluster_id, d.doc_id) AS cluster_id,
                   coalesce(f.cluster_size, 1)::BIGINT AS cluster_size, coalesce(f.keep, true) AS keep, f.dup_reason
            FROM docs d LEFT JOIN assign_full f USING (id) ORDER BY d.id""", Path(out_path))
        if removed_path:
            copy_parquet(con, """
                SELECT ((f.id >> 40) - 1)::INTEGER AS file, d.doc_id, f.cluster_id, f.dup_reason AS reason
                FROM assign_full f JOIN docs d USING (id) WHERE NOT f.keep ORDER BY f.id""", Path(removed_path))
        stats = dict(zip(
            ("documents", "exact_duplicates", "near_duplicates", "duplicate_clusters", "kept"),
            con.execute(f"""
                SELECT count(*), count(*) FILTER (WHERE dup_reason = 'exact_duplicate'),
                       count(*) FILTER (WHERE dup_reason = 'near_duplicate'),
                       count(*) FILTER (WHERE keep AND cluster_size > 1), count(*) FILTER (WHERE keep)
                FROM read_parquet('{str(out_path).replace("'", "''")}')""").fetchall()[0]))
    finally:
        con.close()
    stats.update(candidate_pairs=n_candidates, verified_pairs=n_verified, exact_checked_pairs=n_exact,
                 removed=stats["documents"] - stats["kept"])
    return _done(job, "cluster", stats)
