"""Removal as data: the documents dedup did not keep, one file per ingest unit, written by that unit's task.

`find_clusters(..., removed_path=...)` writes every removed document once, in input order, with the index of
its input file. The task of one ingest unit reads only the row groups of its own files (`file` statistics),
adds the provenance of its own documents, and writes
  dedup/remove/<unit>.parquet    doc_id, reason, cluster_id: what the unit's prompts task must skip
  dropped/dedup-<unit>.parquet   the dropped/ rows (schemas/dropped.yaml)
  stats/dedup-<unit>.json        its drop counts; marks the task done (resume skips it)
so the driver never holds a row per dropped document.
"""
from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from ..io import write_json, write_parquet
from ..schema import load_schema
from ..stats import Stats

REMOVE_SCHEMA = pa.schema([("doc_id", pa.string()), ("reason", pa.string()), ("cluster_id", pa.string())])
_PROVENANCE = ["doc_id", "url", "warc_record_id", "source", "offset"]


def remove_path(run_dir: Path, unit: str) -> Path:
    return run_dir / "dedup" / "remove" / f"{unit}.parquet"


def unit_of(part: Path) -> str:
    """The ingest unit of `documents/part-<unit>-<n>.parquet`."""
    return part.stem.removeprefix("part-").rsplit("-", 1)[0]


def removal_unit(run_dir: Path, removed: str, unit: str, parts: list[str], first_file: int) -> dict:
    """Write the removal, dropped and stats files of one unit whose document files are `parts`, which are
    files first_file .. first_file + len(parts) - 1 of the clustering's input."""
    last = first_file + len(parts) - 1
    rows = pq.read_table(removed, columns=["doc_id", "reason", "cluster_id"],
                         filters=[("file", ">=", first_file), ("file", "<=", last)])
    rows = rows.sort_by("doc_id")
    rows = rows.set_column(1, "reason", pc.fill_null(rows["reason"], "near_duplicate")).cast(REMOVE_SCHEMA)
    stats = Stats()
    for count in pc.value_counts(rows["reason"]).to_pylist():
        stats.drop("dedup", count["values"], count["counts"])
    docs = pq.read_table(parts, columns=_PROVENANCE, filters=[("doc_id", "in", rows["doc_id"].to_pylist() or [""])])
    joined = rows.join(docs, "doc_id", join_type="left outer").sort_by("doc_id")
    schema = load_schema("dropped")
    dropped = pa.table({
        "stage": pa.array(["dedup"] * joined.num_rows, pa.string()),
        "reason": joined["reason"],
        "detail": pc.binary_join_element_wise("cluster ", joined["cluster_id"], ""),
        **{k: joined[k] for k in _PROVENANCE},
    }).select(schema.names).cast(schema)
    write_parquet(remove_path(run_dir, unit), rows)
    write_parquet(run_dir / "dropped" / f"dedup-{unit}.parquet", dropped)
    result = stats.as_dict()
    write_json(run_dir / "stats" / f"dedup-{unit}.json", result)
    return result


def removed_ids(run_dir: Path, unit: str) -> set[str] | None:
    """The doc ids dedup removed from `unit`, or None when the run has no dedup output (dedup disabled)."""
    path = remove_path(run_dir, unit)
    if not path.exists():
        return None
    return set(pq.read_table(path, columns=["doc_id"]).column("doc_id").to_pylist())
