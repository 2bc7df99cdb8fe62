"""Duplicate clusters over any number of documents with bounded memory: DuckDB does the shuffles, out of core.

Steps (each a DuckDB query over Parquet or over tables in work_dir/dedup.duckdb, spilling to work_dir/tmp):
  1. exact: group documents by text_hash (hash of the normalised text); each group keeps its best document.
  2. banding: for every document and band b, key = hash(lang, b, minhash[b*rows : (b+1)*rows]) (numpy,
     streamed from the Parquet files). For the documents that are not exact duplicates, a DuckDB group-by per
     band finds the keys shared by two or more; each such (lang, band, key) bucket emits star edges from its
     first document to the others (linear in bucket size, not quadratic). One band at a time, so a group-by
     never holds more than one row per document.
  3. verification: each candidate pair is kept if its signatures agree on >= threshold of the permutations
     (estimated Jaccard), which removes LSH's false positives below the threshold.
  4. connected components of the verified pairs, in numpy (only documents in pairs are held in memory).
  5. each cluster's representative is its best document: lowest `rank` (if the input has one, NULLs last),
     then smallest doc_id. Deterministic for the same input.
No process holds all signatures: Python sees only candidate pairs and their signatures, in batches.
"""
from __future__ import annotations

import json
import shutil
import tempfile
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import xxhash

from miner.dedup.hashing import fmix64
from miner.dedup.minhash import MinHasher, MinHashParams
from miner.dedup.shingles import normalized_hash, shingle_hashes
from miner.io import read_jsonl

REQUIRED_COLUMNS = ("doc_id", "lang", "text_hash", "minhash")
_VERIFY_BATCH = 65_536
# verify="exact" reads texts only for pairs whose signature agreement is within this of the threshold: about three
# standard deviations of the 112-permutation estimate at Jaccard 0.8 (sqrt(0.8 * 0.2 / 112) = 0.038).
EXACT_MARGIN = 0.12


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


def _clean(work: Path) -> None:
    for name in ("dedup.duckdb", "dedup.duckdb.wal"):
        (work / name).unlink(missing_ok=True)
    for name in ("tmp", "bands"):
        shutil.rmtree(work / name, ignore_errors=True)


def _connect(work: Path, memory_limit: str, threads: int | None) -> duckdb.DuckDBPyConnection:
    _clean(work)
    con = duckdb.connect(str(work / "dedup.duckdb"))
    con.execute(f"SET memory_limit = '{memory_limit}'")
    con.execute(f"SET temp_directory = '{work / 'tmp'}'")
    con.execute("SET preserve_insertion_order = false")
    con.execute("SET enable_progress_bar = false")  # it writes to stdout, which may be a pipe nobody reads yet
    if threads:
        con.execute(f"SET threads = {int(threads)}")
    return con


def _source(con: duckdb.DuckDBPyConnection, paths: list[str]) -> tuple[str, set[str]]:
    """Register the input files; return a SQL relation over them with a position id, and their column names."""
    described = con.execute("DESCRIBE SELECT * FROM read_parquet($p, union_by_name = true)", {"p": paths}).fetchall()
    columns = {row[0] for row in described}
    missing = [c for c in REQUIRED_COLUMNS if c not in columns]
    if missing:
        raise ValueError(f"input Parquet lacks column(s) {missing}; has {sorted(columns)}")
    con.execute("CREATE TABLE files AS SELECT * FROM unnest($p) WITH ORDINALITY AS t(filename, idx)", {"p": paths})
    quoted = ", ".join("'" + p.replace("'", "''") + "'" for p in paths)
    # id = file index << 40 | row in file: unique, stable, and no sort of the whole input is needed.
    source = (f"(SELECT (f.idx::BIGINT << 40) | r.file_row_number AS id, r.* EXCLUDE (filename, file_row_number) "
              f"FROM read_parquet([{quoted}], filename = true, file_row_number = true, union_by_name = true) r "
              f"JOIN files f USING (filename))")
    return source, columns


def _write_band_keys(paths: list[str], params: MinHashParams, out_dir: Path) -> None:
    """Write (id, k0 .. k{bands-1}) for every input row to Parquet in out_dir, one batch of signatures at a time.

    key_b = fmix64 folded over the rows of band b, seeded by the language and b: documents share a key only if
    they agree on the whole band and have the same language. Done in numpy because DuckDB's list slicing and
    hashing was 10x slower (measured in bench_dedup)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    P, B, R = params.num_perm, params.bands, params.rows
    band_seed = np.arange(1, B + 1, dtype=np.uint64) * np.uint64(0x9E3779B97F4A7C15)
    schema = pa.schema([("id", pa.int64())] + [(f"k{b}", pa.uint64()) for b in range(B)])
    with pq.ParquetWriter(out_dir / "keys.parquet", schema, compression="none") as writer:  # random: no gain
        for idx, path in enumerate(paths, 1):  # idx and row positions as in _source's id
            offset = 0
            for batch in pq.ParquetFile(path).iter_batches(_VERIFY_BATCH, columns=["lang", "minhash"]):
                n = batch.num_rows
                minhash = batch.column("minhash")
                lengths = pc.list_value_length(minhash)
                if minhash.null_count or pc.any(pc.not_equal(lengths, P)).as_py():
                    raise ValueError(f"{path}: minhash lists have length {pc.min_max(lengths).as_py()} or are null; "
                                     f"expected num_perm={P}")
                sig = minhash.flatten().to_numpy().reshape(n, P)
                langs = pc.dictionary_encode(pc.fill_null(batch.column("lang"), "und"))
                lang_hash = np.array([xxhash.xxh3_64_intdigest(x.encode()) for x in langs.dictionary.to_pylist()],
                                     dtype=np.uint64)[langs.indices.to_numpy()]
                acc = fmix64(lang_hash[:, None] ^ band_seed[None, :])
                for r in range(R):  # column b * R + r of every band b at once
                    acc = fmix64(acc + sig[:, r : B * R : R].astype(np.uint64))
                ids = (np.int64(idx) << np.int64(40)) | (offset + np.arange(n, dtype=np.int64))
                writer.write_table(pa.table([ids, *acc.T], schema=schema))
                offset += n


def _components(a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
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


def _agreement(batch: pa.RecordBatch, num_perm: int) -> np.ndarray:
    """Share of equal positions between the list columns sig_a and sig_b of a batch (fixed length num_perm)."""
    sa = batch.column("sig_a").flatten().to_numpy().reshape(-1, num_perm)
    sb = batch.column("sig_b").flatten().to_numpy().reshape(-1, num_perm)
    return (sa == sb).mean(axis=1)


def _exact_jaccard(text_a: str | None, text_b: str | None, lang: str | None, ngram: int) -> float:
    """Jaccard of the two texts' shingle sets (via shingle_hashes: equal to shingles() but for 2^-32 collisions)."""
    sa = np.unique(shingle_hashes(text_a or "", lang, ngram))
    sb = np.unique(shingle_hashes(text_b or "", lang, ngram))
    if not len(sa) and not len(sb):
        return 1.0
    inter = len(np.intersect1d(sa, sb, assume_unique=True))
    return inter / (len(sa) + len(sb) - inter)


def _verify(con: duckdb.DuckDBPyConnection, src: str, params: MinHashParams,
            mode: str) -> tuple[np.ndarray, np.ndarray, int]:
    """The candidate pairs (a, b) that pass verification, and how many needed their texts."""
    keep_a: list[np.ndarray] = []
    keep_b: list[np.ndarray] = []
    if mode == "none":
        for batch in con.sql("SELECT a, b FROM candidates").to_arrow_reader(_VERIFY_BATCH):
            keep_a.append(batch.column("a").to_numpy())
            keep_b.append(batch.column("b").to_numpy())
        return np.concatenate(keep_a), np.concatenate(keep_b), 0
    t = params.threshold
    low, high = (t - EXACT_MARGIN, t + EXACT_MARGIN) if mode == "exact" else (t, t)
    con.execute(f"""
        CREATE TABLE node_sig AS SELECT s.id, s.minhash FROM {src} s
        SEMI JOIN (SELECT a AS id FROM candidates UNION SELECT b FROM candidates) n USING (id)""")
    grey_a: list[np.ndarray] = []
    grey_b: list[np.ndarray] = []
    reader = con.sql("""
        SELECT c.a, c.b, x.minhash AS sig_a, y.minhash AS sig_b FROM candidates c
        JOIN node_sig x ON x.id = c.a JOIN node_sig y ON y.id = c.b""").to_arrow_reader(_VERIFY_BATCH)
    for batch in reader:
        est = _agreement(batch, params.num_perm)
        ba, bb = batch.column("a").to_numpy(), batch.column("b").to_numpy()
        ok, grey = est >= high, (est >= low) & (est < high)
        keep_a.append(ba[ok])
        keep_b.append(bb[ok])
        grey_a.append(ba[grey])
        grey_b.append(bb[grey])
    con.execute("DROP TABLE node_sig")
    grey_pairs = pa.table({"a": np.concatenate(grey_a), "b": np.concatenate(grey_b)})
    if grey_pairs.num_rows:
        con.register("grey_arrow", grey_pairs)
        con.execute("CREATE TABLE grey AS SELECT * FROM grey_arrow")
        con.unregister("grey_arrow")
        con.execute(f"""
            CREATE TABLE node_text AS SELECT s.id, s.lang, s.text FROM {src} s
            SEMI JOIN (SELECT a AS id FROM grey UNION SELECT b FROM grey) n USING (id)""")
        reader = con.sql("""
            SELECT g.a, g.b, x.lang, x.text AS text_a, y.text AS text_b FROM grey g
            JOIN node_text x ON x.id = g.a JOIN node_text y ON y.id = g.b""").to_arrow_reader(4096)
        for batch in reader:
            rows = batch.to_pydict()
            ok = np.array([_exact_jaccard(ta, tb, lang, params.ngram) >= t
                           for ta, tb, lang in zip(rows["text_a"], rows["text_b"], rows["lang"])], dtype=bool)
            keep_a.append(batch.column("a").to_numpy()[ok])
            keep_b.append(batch.column("b").to_numpy()[ok])
    return np.concatenate(keep_a), np.concatenate(keep_b), grey_pairs.num_rows


def find_clusters(doc_parquet_paths: Sequence[str], out_path: str, params: MinHashParams | None = None,
                  work_dir: str = "dedup-work", memory_limit: str = "4GB", threads: int | None = None,
                  verify: str | None = None, removed_path: str | None = None) -> dict:
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
    `memory_limit` bounds DuckDB (which spills to work_dir/tmp); Python holds only the candidate pairs.
    work_dir's scratch files are removed at the end. Returns counts and timings.
    """
    params = params or MinHashParams()
    paths = [str(Path(p).resolve()) for p in doc_parquet_paths]
    if not paths:
        raise ValueError("find_clusters needs at least one input Parquet file")
    work = Path(work_dir)
    work.mkdir(parents=True, exist_ok=True)
    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    con = _connect(work, memory_limit, threads)
    try:
        src, columns = _source(con, paths)
        has_rank, has_text = "rank" in columns, "text" in columns
        rank = "rank" if has_rank else "NULL::DOUBLE"
        mode = verify or ("exact" if has_text else "signature")
        if mode not in ("exact", "signature", "none"):
            raise ValueError(f"verify must be 'exact', 'signature' or 'none', got {mode!r}")
        if mode == "exact" and not has_text:
            raise ValueError("verify='exact' needs a text column in the input Parquet")

        # 1. documents and exact duplicates
        con.execute(f"CREATE TABLE docs AS SELECT id, doc_id, coalesce(lang, 'und') AS lang, text_hash, "
                    f"{rank} AS rank FROM {src}")
        dupe_ids = con.execute("SELECT doc_id FROM docs GROUP BY doc_id HAVING count(*) > 1 LIMIT 5").fetchall()
        if dupe_ids:
            raise ValueError(f"doc_id must be unique; repeated: {[r[0] for r in dupe_ids]}")
        # exact(id, erep): every document of an exact group of two or more, with the group's best document
        con.execute("""
            CREATE TABLE exact AS
            WITH g AS (SELECT text_hash, arg_min(id, (rank IS NULL, rank, doc_id)) AS erep
                       FROM docs GROUP BY text_hash HAVING count(*) > 1)
            SELECT d.id, g.erep FROM docs d JOIN g USING (text_hash)""")
        timings["exact_s"] = time.perf_counter() - t0

        # 2. band keys (numpy, streamed) of the documents that are not exact duplicates, then candidate pairs
        t = time.perf_counter()
        _write_band_keys(paths, params, work / "bands")
        con.execute(f"""
            CREATE TABLE bands AS SELECT * FROM read_parquet('{work / "bands"}/*.parquet')
            ANTI JOIN (SELECT id FROM exact WHERE id <> erep) x USING (id)""")
        shutil.rmtree(work / "bands")
        con.execute("CREATE TABLE edges (a BIGINT, b BIGINT)")
        for b in range(params.bands):
            con.execute(f"""
                INSERT INTO edges
                SELECT c.first, s.id FROM bands s
                JOIN (SELECT k{b} AS key, min(id) AS first FROM bands GROUP BY k{b} HAVING count(*) > 1) c
                  ON s.k{b} = c.key
                WHERE s.id <> c.first""")
        con.execute("CREATE TABLE candidates AS SELECT DISTINCT a, b FROM edges")
        con.execute("DROP TABLE edges")
        n_candidates = con.execute("SELECT count(*) FROM candidates").fetchall()[0][0]
        timings["banding_s"] = time.perf_counter() - t

        # 3. verification of the candidate pairs, streamed in batches
        t = time.perf_counter()
        a, b, n_exact = _verify(con, src, params, mode) if n_candidates else (np.empty(0, np.int64),) * 2 + (0,)
        n_verified = len(a)
        timings["verify_s"] = time.perf_counter() - t

        # 4. components; 5. representatives and the output
        t = time.perf_counter()
        nodes, comp = _components(a, b)
        con.register("near_arrow", pa.table({"id": nodes, "comp": comp}))
        con.execute("CREATE TABLE near AS SELECT * FROM near_arrow")
        con.unregister("near_arrow")
        del nodes, comp, a, b
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
        Path(out_path).parent.mkdir(parents=True, exist_ok=True)
        con.execute(f"""
            COPY (SELECT d.doc_id, coalesce(f.cluster_id, d.doc_id) AS cluster_id,
                         coalesce(f.cluster_size, 1)::BIGINT AS cluster_size, coalesce(f.keep, true) AS keep,
                         f.dup_reason
                  FROM docs d LEFT JOIN assign_full f USING (id) ORDER BY d.id)
            TO '{str(out_path).replace("'", "''")}' (FORMAT parquet)""")
        if removed_path:
            Path(removed_path).parent.mkdir(parents=True, exist_ok=True)
            con.execute(f"""
                COPY (SELECT ((f.id >> 40) - 1)::INTEGER AS file, d.doc_id, f.cluster_id, f.dup_reason AS reason
                      FROM assign_full f JOIN docs d USING (id) WHERE NOT f.keep ORDER BY f.id)
                TO '{str(removed_path).replace("'", "''")}' (FORMAT parquet)""")
        stats = dict(zip(
            ("documents", "exact_duplicates", "near_duplicates", "duplicate_clusters", "kept"),
            con.execute(f"""
                SELECT count(*), count(*) FILTER (WHERE dup_reason = 'exact_duplicate'),
                       count(*) FILTER (WHERE dup_reason = 'near_duplicate'),
                       count(*) FILTER (WHERE keep AND cluster_size > 1), count(*) FILTER (WHERE keep)
                FROM read_parquet('{str(out_path).replace("'", "''")}')""").fetchall()[0]))
        timings["cluster_s"] = time.perf_counter() - t
        stats.update(candidate_pairs=n_candidates, verified_pairs=n_verified, exact_checked_pairs=n_exact,
                     verify=mode,
                     removed=stats["documents"] - stats["kept"])
    finally:
        con.close()
        _clean(work)
    stats.update(timings, total_s=time.perf_counter() - t0)
    return stats


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
