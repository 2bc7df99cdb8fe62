"""Arrow schemas, defined once as data in `schemas/*.yaml` (name, type, description per column).

The YAML files are the single source of truth: the stages write with these schemas, the dataset card lists
their descriptions, and tests load releases against them.
"""
from __future__ import annotations

from functools import lru_cache
from importlib import resources
from pathlib import Path

import pyarrow as pa
import yaml

_TYPES = {
    "string": pa.string(), "bool": pa.bool_(), "int32": pa.int32(), "int64": pa.int64(),
    "uint64": pa.uint64(), "float32": pa.float32(), "float64": pa.float64(),
    "list<uint32>": pa.list_(pa.uint32()), "list<uint64>": pa.list_(pa.uint64()),
}


def schema_dir() -> Path:
    """`schemas/` of the source tree, or the copy packaged as `miner/schemas` in a wheel."""
    packaged = Path(str(resources.files("miner"))) / "schemas"
    return packaged if packaged.is_dir() else Path(__file__).resolve().parents[1] / "schemas"


@lru_cache(maxsize=None)
def columns(name: str) -> list[dict]:
    """The column list of schema `name`: dicts with name, type, description."""
    return yaml.safe_load((schema_dir() / f"{name}.yaml").read_text(encoding="utf-8"))["columns"]


@lru_cache(maxsize=None)
def load_schema(name: str) -> pa.Schema:
    fields = [
        pa.field(c["name"], _TYPES[c["type"]], nullable=c.get("nullable", True),
                 metadata={"description": c["description"]})
        for c in columns(name)
    ]
    return pa.schema(fields, metadata={"schema": name})


def table(name: str, rows: list[dict]) -> pa.Table:
    """Rows (dicts) as a table of schema `name`; missing keys become nulls, extra keys are an error."""
    schema = load_schema(name)
    extra = set().union(*rows) - set(schema.names) if rows else set()
    if extra:
        raise KeyError(f"columns not in schema {name!r}: {sorted(extra)}")
    return pa.Table.from_pylist(rows, schema=schema)
