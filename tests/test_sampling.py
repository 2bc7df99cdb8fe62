"""Stratified sampling: exact quotas, shortfall reports, nested splits, determinism, neighbour filling."""
from __future__ import annotations

import random

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from miner.config import SamplingConfig, SplitConfig
from miner.sampling import sample


def _candidates(path, per_bin: dict[tuple[str, int], int], seed: int = 1):
    rng = random.Random(seed)
    rows = []
    for (lang, b), n in per_bin.items():
        for i in range(n):
            score = (b + rng.random() * 0.999) / 4
            rows.append({"prompt_id": f"{lang}-{b}-{i:05d}", "lang": lang, "prompt": f"prompt {lang} {b} {i}",
                         "document_toxicity": score, "prompt_toxicity": 1 - score})
    rng.shuffle(rows)
    pq.write_table(pa.Table.from_pylist(rows), path)
    return rows


def _config(**splits) -> SamplingConfig:
    return SamplingConfig(splits={k: SplitConfig(**v) for k, v in splits.items()})


def test_exact_quotas_and_nested_subset(tmp_path):
    _candidates(tmp_path / "c.parquet", {(l, b): 30 for l in ("en", "ja") for b in range(4)})
    cells = sample(str(tmp_path / "c.parquet"), tmp_path / "s.parquet",
                   _config(full={"per_cell": 20}, small={"per_cell": 5, "subset_of": "full"}), ("en", "ja"), 0)
    assert all(c.selected == c.quota and c.shortfall == 0 for c in cells)
    sel = pq.read_table(tmp_path / "s.parquet").to_pylist()
    full = {r["prompt_id"] for r in sel if r["split"] == "full"}
    small = {r["prompt_id"] for r in sel if r["split"] == "small"}
    assert len(full) == 160 and len(small) == 40 and small <= full
    for r in sel:  # every prompt sits in the cell of its own bin
        assert int(r["prompt_id"].split("-")[1]) == r["cell_bucket"]


def test_shortfall_is_reported_per_cell(tmp_path):
    _candidates(tmp_path / "c.parquet", {("en", 0): 50, ("en", 1): 7, ("en", 2): 0, ("en", 3): 12})
    cells = sample(str(tmp_path / "c.parquet"), tmp_path / "s.parquet", _config(full={"per_cell": 10}), ("en",), 0)
    assert {c.bucket: c.shortfall for c in cells} == {0: 0, 1: 3, 2: 10, 3: 0}
    assert {c.bucket: c.selected for c in cells} == {0: 10, 1: 7, 2: 0, 3: 10}


def test_fill_from_neighbours_is_recorded(tmp_path):
    _candidates(tmp_path / "c.parquet", {("en", 0): 50, ("en", 1): 50, ("en", 2): 2, ("en", 3): 50})
    config = SamplingConfig(splits={"full": SplitConfig(per_cell=10)}, fill_from_neighbours=True)
    cells = sample(str(tmp_path / "c.parquet"), tmp_path / "s.parquet", config, ("en",), 0)
    cell2 = next(c for c in cells if c.bucket == 2)
    assert cell2.selected == 10 and cell2.filled == 8 and cell2.shortfall == 0
    sel = pq.read_table(tmp_path / "s.parquet").to_pylist()
    filled = [r for r in sel if r["filled_from_bucket"] is not None]
    assert len(filled) == 8 and {r["filled_from_bucket"] for r in filled} <= {1, 3}
    assert len({r["prompt_id"] for r in sel}) == len(sel)  # no prompt taken twice


def test_same_sample_whatever_the_file_order_and_a_new_seed_changes_it(tmp_path):
    spec = {(l, b): 25 for l in ("en",) for b in range(4)}
    _candidates(tmp_path / "a.parquet", spec, seed=1)
    _candidates(tmp_path / "b.parquet", spec, seed=2)  # same rows, other order
    picks = []
    for name, seed in (("a", 0), ("b", 0), ("a", 1)):
        sample(str(tmp_path / f"{name}.parquet"), tmp_path / f"s{name}{seed}.parquet", _config(full={"per_cell": 5}),
               ("en",), seed)
        picks.append(sorted(pq.read_table(tmp_path / f"s{name}{seed}.parquet").column("prompt_id").to_pylist()))
    assert picks[0] == picks[1]
    assert picks[0] != picks[2]


def test_duplicate_prompt_texts_are_sampled_once(tmp_path):
    rows = [{"prompt_id": f"p{i}", "lang": "en", "prompt": "The  same prompt " if i % 2 else "the same prompt",
             "document_toxicity": 0.1, "prompt_toxicity": 0.1} for i in range(6)]
    pq.write_table(pa.Table.from_pylist(rows), tmp_path / "c.parquet")
    cells = sample(str(tmp_path / "c.parquet"), tmp_path / "s.parquet", _config(full={"per_cell": 5}), ("en",), 0)
    assert cells[0].selected == 1


def test_split_needs_exactly_one_quota():
    with pytest.raises(ValueError):
        SplitConfig(per_cell=3, per_language=12)


def test_subset_keeps_the_parent_fill_record(tmp_path):
    _candidates(tmp_path / "c.parquet", {("en", 0): 50, ("en", 1): 50, ("en", 2): 1, ("en", 3): 50})
    config = SamplingConfig(splits={"full": SplitConfig(per_cell=10), "small": SplitConfig(per_cell=5, subset_of="full")},
                            fill_from_neighbours=True)
    cells = sample(str(tmp_path / "c.parquet"), tmp_path / "s.parquet", config, ("en",), 0)
    small2 = next(c for c in cells if c.split == "small" and c.bucket == 2)
    assert small2.selected == 5
    sel = pq.read_table(tmp_path / "s.parquet").to_pylist()
    small_rows = [r for r in sel if r["split"] == "small" and r["cell_bucket"] == 2]
    assert sum(r["filled_from_bucket"] is not None for r in small_rows) == small2.filled >= 4
