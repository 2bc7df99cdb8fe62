"""The prompts of one release split, read straight from its Parquet files (no DuckDB view needed).

Releases are `data/lang=xx/split=yy/part-*.parquet`; the language and split come from the path (hive layout),
and a `lang` column inside the file, where a release has one, must agree with it.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from ..io import InputError

COLUMNS = ["prompt_id", "prompt", "toxicity_bucket"]


class ReleaseError(InputError):
    """The directory is not a readable release, or lacks the split asked for."""


@dataclass(frozen=True)
class Release:
    path: Path
    name: str
    version: str

    @property
    def identity(self) -> str:
        return f"{self.name}@{self.version}"


def open_release(path: str | Path) -> Release:
    path = Path(path)
    manifest = path / "manifest.json"
    if not manifest.is_file():
        raise ReleaseError(f"{path} is not a release (no manifest.json)")
    try:
        data = json.loads(manifest.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise ReleaseError(f"{manifest}: not valid JSON ({exc})") from None
    if not isinstance(data, dict):
        raise ReleaseError(f"{manifest}: expected a JSON object")
    return Release(path.resolve(), str(data.get("name", path.parent.name)), str(data.get("version", path.name)))


def _partition(part: Path, key: str) -> str:
    for parent in part.parents:
        if parent.name.startswith(f"{key}="):
            return parent.name.split("=", 1)[1]
    raise ReleaseError(f"{part}: no {key}= directory in its path")


def splits(release: Release) -> list[str]:
    return sorted({_partition(p, "split") for p in (release.path / "data").glob("lang=*/split=*/*.parquet")})


def read_prompts(release: Release, split: str) -> pa.Table:
    """prompt_id, lang, prompt, toxicity_bucket of every prompt of `split`, sorted by (lang, prompt_id)."""
    parts = sorted((release.path / "data").glob(f"lang=*/split={split}/*.parquet"))
    if not parts:
        raise ReleaseError(f"{release.path}: no split {split!r}; splits: {', '.join(splits(release)) or 'none'}")
    tables = []
    for part in parts:
        lang = _partition(part, "lang")
        try:
            table = pq.read_table(part, columns=COLUMNS + (["lang"] if "lang" in pq.read_schema(part).names else []))
        except (pa.ArrowInvalid, OSError, KeyError) as exc:
            raise ReleaseError(f"{part}: unreadable ({exc})") from None
        if "lang" in table.column_names:
            if not pc.all(pc.equal(table["lang"], lang)).as_py() and table.num_rows:
                raise ReleaseError(f"{part}: its lang column disagrees with its lang={lang} directory")
            table = table.drop_columns(["lang"])
        table = table.append_column("lang", pa.array([lang] * table.num_rows, pa.string()))
        tables.append(table.select(["prompt_id", "lang", "prompt", "toxicity_bucket"]).cast(pa.schema([
            ("prompt_id", pa.string()), ("lang", pa.string()), ("prompt", pa.string()),
            ("toxicity_bucket", pa.int32())])))
    table = pa.concat_tables(tables).sort_by([("lang", "ascending"), ("prompt_id", "ascending")])
    ids = table["prompt_id"]
    if pc.count_distinct(ids).as_py() != len(ids):
        raise ReleaseError(f"{release.path}: split {split!r} repeats prompt ids")
    return table
