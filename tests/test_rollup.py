"""A finished ingest unit's parts are merged into one file each, safely against a kill at any point."""
from __future__ import annotations

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from miner import ingest
from miner.io import read_json, write_json, write_parquet


def _unit(tmp_path, parts: int = 3):
    for n in range(parts):
        write_parquet(tmp_path / "documents" / f"part-u-{n:05d}.parquet", pa.table({"doc_id": [f"d{n}a", f"d{n}b"]}))
        write_parquet(tmp_path / "dropped" / f"ingest-u-{n:05d}.parquet", pa.table({"reason": [f"r{n}"]}))
    checkpoint = tmp_path / "checkpoints" / "ingest-u.json"
    write_json(checkpoint, {"part": parts, "offset": None, "stats": {}})
    return checkpoint


def _files(tmp_path):
    return sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.glob("d*/*.parquet"))


def test_parts_merge_in_order_into_one_file_each(tmp_path):
    ingest._roll_up(tmp_path, "u", _unit(tmp_path))
    assert _files(tmp_path) == ["documents/part-u-00003.parquet", "dropped/ingest-u-00003.parquet"]
    assert pq.read_table(tmp_path / "documents" / "part-u-00003.parquet")["doc_id"].to_pylist() == [
        "d0a", "d0b", "d1a", "d1b", "d2a", "d2b"]
    assert read_json(tmp_path / "checkpoints" / "ingest-u.json")["rolled"] == 3


def test_kill_before_or_after_the_checkpoint_loses_nothing(tmp_path, monkeypatch):
    checkpoint = _unit(tmp_path)
    monkeypatch.setattr(ingest, "write_json", lambda *a: (_ for _ in ()).throw(KeyboardInterrupt))
    with pytest.raises(KeyboardInterrupt):  # killed after writing the merged files, before recording them
        ingest._roll_up(tmp_path, "u", checkpoint)
    monkeypatch.undo()
    assert len(_files(tmp_path)) == 8
    monkeypatch.setattr(ingest.Path, "unlink", lambda *a, **k: (_ for _ in ()).throw(KeyboardInterrupt))
    with pytest.raises(KeyboardInterrupt):  # merged again and recorded, killed while deleting the small parts
        ingest._roll_up(tmp_path, "u", checkpoint)
    monkeypatch.undo()
    ingest._roll_up(tmp_path, "u", checkpoint)
    assert _files(tmp_path) == ["documents/part-u-00003.parquet", "dropped/ingest-u-00003.parquet"]
    assert pq.read_table(tmp_path / "documents" / "part-u-00003.parquet").num_rows == 6
