"""Stratified sampling of prompts per language x toxicity bin, in DuckDB over the candidate Parquet.

Deterministic and independent of the number of workers: candidates are ordered by md5(seed:prompt_id), and
each (split, language, bin) cell takes the first `quota` of that order. A split declared `subset_of` another
takes the first rows of its parent's cell (so `small` is a prefix of `full`); other splits are disjoint.
Exact duplicate prompt texts (normalised) and the near duplicates passed in `exclude` are removed first: no
prompt twice in a release, and none shared between splits.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb

from .config import SamplingConfig


@dataclass(frozen=True)
class Cell:
    split: str
    lang: str
    bucket: int
    quota: int
    selected: int
    filled: int  # rows taken from neighbouring bins

    @property
    def shortfall(self) -> int:
        return max(0, self.quota - self.selected)


MEMORY_LIMIT = "4GB"  # the sample stage's DuckDB (pool, cells): it spills to the work dir past this


def bounded_connection(temp_dir: Path, memory_limit: str) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB that holds at most memory_limit and spills to temp_dir."""
    temp_dir.mkdir(parents=True, exist_ok=True)  # DuckDB creates only the last level, and only once it spills
    con = duckdb.connect()
    con.execute(f"SET memory_limit = '{memory_limit}'")
    con.execute(f"SET temp_directory = '{str(temp_dir).replace(chr(39), chr(39) * 2)}'")
    return con


def bucket_sql(column: str, bins: tuple[float, ...]) -> str:
    """SQL for the bin index of `column` (the last bin is closed: a score of 1.0 lands in it)."""
    cases = " ".join(f"WHEN {column} < {edge!r} THEN {i}" for i, edge in enumerate(bins[1:-1]))
    return f"CASE {cases} ELSE {len(bins) - 2} END"


def bin_label(bins: tuple[float, ...], i: int) -> str:
    """Bin i as an interval, e.g. '[0.25,0.5)'; the last one closed, as bucket_sql cuts them."""
    return f"[{bins[i]:g},{bins[i + 1]:g}{']' if i == len(bins) - 2 else ')'}"


def _split_order(config: SamplingConfig) -> list[str]:
    """Parents before their subsets, otherwise in config order."""
    order: list[str] = []
    def visit(name: str) -> None:
        parent = config.splits[name].subset_of
        if parent and parent not in order:
            visit(parent)
        if name not in order:
            order.append(name)
    for name in config.splits:
        visit(name)
    return order


def deduplicated_sql(seed: int) -> str:
    """Candidates (parameter 1: a Parquet glob) of the languages in parameter 2, without the prompt ids of table
    `excluded` and with one copy of each normalised prompt text per language (the first in the order), plus
    `order_key`. None of this reads a score, so the precise-scoring rounds can walk the same pool."""
    return f"""
        SELECT *, md5('{int(seed)}:' || prompt_id) AS order_key
        FROM (
            SELECT *, row_number() OVER (
                PARTITION BY lang, lower(regexp_replace(trim(prompt), '\\s+', ' ', 'g'))
                ORDER BY md5('{int(seed)}:' || prompt_id)) AS copy_rank
            FROM read_parquet(?)
        ) WHERE copy_rank = 1 AND lang IN (SELECT unnest(?::VARCHAR[]))
          AND prompt_id NOT IN (SELECT prompt_id FROM excluded)"""


def _excluded_table(con: duckdb.DuckDBPyConnection, exclude: str | None) -> None:
    """Table `excluded` from the Parquet file `exclude` (column prompt_id), empty without one."""
    if exclude:
        con.execute("CREATE TABLE excluded AS SELECT prompt_id FROM read_parquet(?)", [str(exclude)])
    else:
        con.execute("CREATE TABLE excluded (prompt_id VARCHAR)")


def write_pool(candidates_glob: str, out_path: Path, languages: tuple[str, ...], seed: int,
               exclude: str | None = None, memory_limit: str = MEMORY_LIMIT) -> None:
    """The candidates sampling may draw, in sampling order: prompt_id, doc_id, lang, order_key, `rank` (0-based,
    per language) and `doc_rank` (the rank of the document's first candidate), plus the first-pass scores.
    `exclude` as in `sample`."""
    con = bounded_connection(out_path.parent / "tmp", memory_limit)
    _excluded_table(con, exclude)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    tmp = out_path.with_name(f".{out_path.name}.tmp")
    con.execute(f"""
        COPY (
            SELECT *, min(rank) OVER (PARTITION BY lang, doc_id) AS doc_rank FROM (
                SELECT prompt_id, doc_id, lang, order_key, document_first_pass, prompt_first_pass,
                       continuation_first_pass,
                       (row_number() OVER (PARTITION BY lang ORDER BY order_key) - 1)::BIGINT AS rank
                FROM ({deduplicated_sql(seed)}))
            ORDER BY lang, rank
        ) TO '{tmp}' (FORMAT parquet)
    """, [candidates_glob, list(languages)])
    con.close()
    tmp.replace(out_path)


def sample(candidates_glob: str, out_path: Path, config: SamplingConfig, languages: tuple[str, ...],
           seed: int, exclude: str | None = None, memory_limit: str = MEMORY_LIMIT) -> list[Cell]:
    """Write `out_path` (prompt_id, split, cell_bucket, filled_from_bucket) and return the cells.
    Prompt ids in the Parquet file `exclude` (column prompt_id: near duplicates of other prompts) are never
    sampled. DuckDB is bounded by memory_limit and spills to tmp/ beside out_path."""
    basis = {"document": "document_toxicity", "prompt": "prompt_toxicity"}[config.bucket_basis]
    n_bins = len(config.bins) - 1
    con = bounded_connection(out_path.parent / "tmp", memory_limit)
    _excluded_table(con, exclude)
    con.execute(f"""
        CREATE TABLE pool AS
        SELECT prompt_id, lang, {bucket_sql(basis, config.bins)} AS bucket, order_key
        FROM ({deduplicated_sql(seed)})
    """, [candidates_glob, list(languages)])
    con.execute("CREATE TABLE selected (prompt_id VARCHAR, split VARCHAR, cell_bucket INTEGER, "
                "filled_from_bucket INTEGER)")
    cells: list[Cell] = []
    for split in _split_order(config):
        spec = config.splits[split]
        quota = spec.cell_quota(n_bins)
        if spec.subset_of:
            # a subset keeps its parent's cells, including rows the parent filled from a neighbouring bin
            source = f"""(SELECT p.prompt_id, p.lang, s.cell_bucket AS bucket, p.order_key, s.filled_from_bucket
                         FROM pool p JOIN selected s USING (prompt_id) WHERE s.split = '{spec.subset_of}')"""
        else:
            source = """(SELECT *, NULL::INTEGER AS filled_from_bucket FROM pool
                         WHERE prompt_id NOT IN (SELECT prompt_id FROM selected))"""
        con.execute(f"""
            INSERT INTO selected
            SELECT prompt_id, '{split}', bucket, filled_from_bucket FROM (
                SELECT *, row_number() OVER (PARTITION BY lang, bucket ORDER BY order_key) AS r FROM {source}
            ) WHERE r <= {quota}
        """)
        if config.fill_from_neighbours and not spec.subset_of:  # a subset inherits its parent's fills
            got = _cell_counts(con, split)
            for lang in languages:
                for bucket in range(n_bins):
                    missing = quota - got.get((lang, bucket), (0, 0))[0]
                    if missing > 0:
                        _fill(con, split, lang, bucket, missing, n_bins)
        counts = _cell_counts(con, split)
        cells += [Cell(split, lang, bucket, quota, *counts.get((lang, bucket), (0, 0)))
                  for lang in languages for bucket in range(n_bins)]
    out_path.parent.mkdir(parents=True, exist_ok=True)
    con.execute("COPY (SELECT * FROM selected ORDER BY split, prompt_id) TO ? (FORMAT parquet)",
                [str(out_path)])
    con.close()
    return cells


def _cell_counts(con, split: str) -> dict[tuple[str, int], tuple[int, int]]:
    """(lang, cell bucket) -> (rows selected, rows filled from a neighbouring bin) of one split."""
    rows = con.execute("SELECT p.lang, s.cell_bucket, count(*), count(s.filled_from_bucket) FROM selected s "
                       "JOIN pool p USING (prompt_id) WHERE s.split = ? GROUP BY ALL", [split]).fetchall()
    return {(lang, bucket): (selected, filled) for lang, bucket, selected, filled in rows}


def _fill(con, split: str, lang: str, bucket: int, missing: int, n_bins: int) -> None:
    """Take up to `missing` unused prompts from the nearest bins (closer first, lower bin first on ties)."""
    for distance in range(1, n_bins):
        for neighbour in (bucket - distance, bucket + distance):
            if missing <= 0 or not 0 <= neighbour < n_bins:
                continue
            missing -= con.execute(f"""
                INSERT INTO selected
                SELECT prompt_id, ?, ?, bucket FROM pool
                WHERE lang = ? AND bucket = ? AND prompt_id NOT IN (SELECT prompt_id FROM selected)
                ORDER BY order_key LIMIT {missing}
            """, [split, bucket, lang, neighbour]).fetchone()[0]
