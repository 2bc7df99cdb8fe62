"""A generation directory: `generation.json` (settings) and `generations/part-NNNNNN.parquet` (rows).

Parts are written whole via a temporary file and a rename, so a run killed at any moment leaves only complete
parts; a rerun reads the (prompt_id, sample) keys already present and generates only the others. A lock file
keeps two runs from writing the same directory at once.
"""
from __future__ import annotations

import fcntl
import json
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import pyarrow as pa
import pyarrow.parquet as pq

from ..io import InputError, read_json, write_json, write_parquet

SCHEMA = pa.schema([
    ("prompt_id", pa.string()), ("lang", pa.string()), ("sample", pa.int32()), ("text", pa.string()),
    ("finish_reason", pa.string()), ("model", pa.string()), ("settings_hash", pa.string()),
])


REQUIRED = ("settings_hash", "release", "release_path", "split", "backend", "model", "sampling")


class StoreError(InputError):
    """The generation directory is unreadable, busy, or holds generations made with other settings."""


class GenerationStore:
    def __init__(self, root: str | Path):
        self.root = Path(root)
        self.parts_dir = self.root / "generations"
        self.meta_path = self.root / "generation.json"

    def meta(self) -> dict:
        if not self.meta_path.is_file():
            raise StoreError(f"{self.root} is not a generation directory (no generation.json)")
        try:
            meta = read_json(self.meta_path)
        except (ValueError, UnicodeDecodeError) as exc:
            raise StoreError(f"{self.meta_path}: not valid JSON ({exc})") from None
        missing = [k for k in REQUIRED if not isinstance(meta, dict) or k not in meta]
        if missing or not isinstance(meta["sampling"], dict) or not isinstance(meta["sampling"].get("k"), int):
            raise StoreError(f"{self.meta_path}: not written by `miner generate` (missing "
                             f"{', '.join(missing) or 'sampling.k'})")
        return meta

    def init(self, meta: dict) -> None:
        """Write generation.json, or check that the existing one has the same settings."""
        if self.meta_path.exists():
            old = self.meta()
            if old["settings_hash"] != meta["settings_hash"]:
                diff = {k: (old.get(k), meta.get(k)) for k in ("release", "split", "backend", "model", "sampling")
                        if old.get(k) != meta.get(k)}
                raise StoreError(f"{self.root} holds generations made with other settings "
                                 f"({json.dumps(diff, default=str)}): use a new --out")
            return
        write_json(self.meta_path, meta)

    @contextmanager
    def lock(self) -> Iterator[None]:
        self.root.mkdir(parents=True, exist_ok=True)
        with open(self.root / ".lock", "w") as fh:
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise StoreError(f"another `miner generate` is writing {self.root}") from None
            yield

    def parts(self) -> list[Path]:
        return sorted(self.parts_dir.glob("part-" + "[0-9]" * 6 + ".parquet"))

    def read(self, columns: list[str] | None = None) -> pa.Table:
        tables = []
        for part in self.parts():
            try:
                tables.append(pq.read_table(part, columns=columns, schema=SCHEMA))
            except (pa.ArrowInvalid, OSError, KeyError) as exc:
                raise StoreError(f"{part}: unreadable ({exc})") from None
        if not tables:
            return SCHEMA.empty_table() if columns is None else SCHEMA.empty_table().select(columns)
        return pa.concat_tables(tables)

    def keys(self) -> set[tuple[str, int]]:
        table = self.read(["prompt_id", "sample"])
        return set(zip(table["prompt_id"].to_pylist(), table["sample"].to_pylist()))

    def append(self, rows: list[dict]) -> Path:
        """Write `rows` (sorted by prompt_id, sample) as the next part."""
        last = self.parts()
        index = int(last[-1].stem.split("-")[1]) + 1 if last else 0
        path = self.parts_dir / f"part-{index:06d}.parquet"
        rows = sorted(rows, key=lambda r: (r["prompt_id"], r["sample"]))
        write_parquet(path, pa.Table.from_pylist(rows, schema=SCHEMA))
        return path
