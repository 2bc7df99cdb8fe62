"""miner.plan: the arithmetic of the cost planner on a hand-made results file, and its errors."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from miner.config import load_config
from miner.plan import (DEFAULT_CPU_TEXTS_PER_S, DEFAULT_GPU_TEXTS_PER_S, PlanError, band_share, estimate, load_rates, memory_bytes,
                        plan_main, quota_rows)

MIB = 2**20
STAGES = {  # core seconds / doc, parallel, disk bytes / doc, peak RSS, start-up seconds
    "ingest": (0.010, True, 2000.0, 300 * MIB, 5.0),
    "dedup": (0.001, False, 50.0, 400 * MIB, 1.0),
    "prompts": (0.002, True, 1000.0, 320 * MIB, 0.0),
    "sample": (0.0005, False, 10.0, 200 * MIB, 0.0),
    "release": (0.0005, False, 500.0, 250 * MIB, 0.0),
}
FIXED = sum(s[4] for s in STAGES.values())


def _results(tmp_path: Path, inputs: dict | None = None, **extra) -> Path:
    report = {
        "date": "2026-01-01T00:00:00+00:00", "load_average": {"start": [1.0, 1.0, 1.0], "end": [1.0, 1.0, 1.0]},
        "plan_inputs": {
            "documents": 1000, "workers": 1, "input_bytes_per_doc": 8000.0,
            "config": {"extractor": "pruned", "first_pass": "wordlist", "precise": None},
            "stages": {name: {"parallel": par, "core_seconds_per_doc": sec, "disk_bytes_per_doc": disk,
                              "peak_rss_bytes": rss, "fixed_seconds": fixed}
                       for name, (sec, par, disk, rss, fixed) in STAGES.items()},
            "speedup_2_workers": 1.8, "texts_scored_per_doc": 3.0,
            "first_pass_toxicity_histogram": {"edges": [i / 10 for i in range(11)], "counts": [10] * 10},
            **(inputs or {}),
        },
        **extra,
    }
    path = tmp_path / "bench.json"
    path.write_text(json.dumps(report))
    return path


def _config(tmp_path: Path, scoring: str = "", extra: str = "") -> Path:
    path = tmp_path / "cfg.yaml"
    path.write_text(extra + "name: t\nscoring:\n  first_pass: {name: wordlist}\n" + scoring)
    return path


def test_core_hours_disk_memory_and_wall_time(tmp_path):
    rates = load_rates(_results(tmp_path))
    docs = 1_000_000
    plan = estimate(load_config(_config(tmp_path)), docs, rates)
    by_name = {s.name: s for s in plan.stages}
    assert plan.core_hours == pytest.approx((sum(s[0] for s in STAGES.values()) * docs + FIXED) / 3600)
    assert by_name["ingest"].core_seconds == pytest.approx(5 + 10_000)
    assert plan.disk_bytes == pytest.approx(sum(s[2] for s in STAGES.values()) * docs)
    assert plan.input_bytes == pytest.approx(8000.0 * docs)
    assert by_name["prompts"].peak_memory_bytes == 320 * MIB  # per worker: does not grow with documents
    assert plan.gpu_hours == 0
    # parallel stages (ingest + prompts = 12,000 s) split over workers, each worker starting up once (5 s);
    # driver stages (2,000 s + 1 s start-up) serial
    assert plan.wall_seconds(1) == pytest.approx(14_000 + FIXED)
    assert plan.wall_seconds(4) == pytest.approx(5 + 12_000 / 4 + 2_001)


def test_gpu_hours_for_a_precise_scorer_on_gpus(tmp_path):
    config = load_config(_config(tmp_path, "  precise: {name: e5-tox}\n  scope: all\n  num_gpus: 0.5\n  refine_band: [0.2, 0.5]\n"))
    docs = 100_000
    plan = estimate(config, docs, load_rates(_results(tmp_path)))
    texts = docs * 3.0 * 0.3  # a flat histogram puts 30% of scores in [0.2, 0.5]
    assert plan.gpu_hours == pytest.approx(texts / DEFAULT_GPU_TEXTS_PER_S / 3600)
    # each prompts unit holds half a GPU, so it scores at half a GPU's rate; 4 workers hold 2 GPUs
    gpu_wall = texts / DEFAULT_GPU_TEXTS_PER_S / 0.5
    assert plan.wall_seconds(1) == pytest.approx(docs * 0.014 + FIXED + gpu_wall)
    assert plan.wall_seconds(4) == pytest.approx(5 + (docs * 0.012 + gpu_wall) / 4 + docs * 0.002 + 1)
    rates = load_rates(_results(tmp_path, scorer_rates={"e5-tox": {"gpu_texts_per_s": 1000}}))
    measured = estimate(config, docs, rates)
    assert measured.gpu_hours == pytest.approx(texts / 1000 / 3600)


def test_precise_scorer_without_gpus_costs_cpu_not_gpu(tmp_path):
    rates = load_rates(_results(tmp_path, scorer_rates={"e5-tox": {"cpu_texts_per_s": 50}}))
    plain = estimate(load_config(_config(tmp_path)), 10_000, rates)
    precise_on_cpu = load_config(_config(tmp_path, "  precise: {name: e5-tox}\n  scope: all\n  refine_band: [0.0, 1.0]\n"))
    cpu = estimate(precise_on_cpu, 10_000, rates)
    assert cpu.gpu_hours == 0
    assert cpu.core_hours - plain.core_hours == pytest.approx(10_000 * 3.0 / 50 / 3600)


def test_precise_scorer_rate_is_read_from_eval_scorer_results(tmp_path):
    results = _results(tmp_path)
    config = load_config(_config(tmp_path, "  precise: {name: e5-tox}\n  scope: all\n  refine_band: [0.0, 1.0]\n"))
    default = estimate(config, 10_000, load_rates(results))
    (tmp_path / "eval-scorer.json").write_text(json.dumps(
        {"scorers": {"e5-tox": {"speed": {"docs_per_cpu_s": 25.0}}, "broken": {"speed": None}}}))
    measured = estimate(config, 10_000, load_rates(results))
    assert measured.core_hours - default.core_hours == pytest.approx(10_000 * 3.0 * (1 / 25 - 1 / DEFAULT_CPU_TEXTS_PER_S["e5-tox"]) / 3600)
    assert any("25 texts/s/core (measured, eval-scorer.json)" in note for note in measured.notes)


def test_band_share_splits_bins_by_overlap():
    hist = {"edges": [0.0, 0.5, 1.0], "counts": [30, 10]}
    assert band_share(hist, (0.0, 1.0)) == pytest.approx(1.0)
    assert band_share(hist, (0.25, 0.75)) == pytest.approx((15 + 5) / 40)
    assert band_share({"edges": [], "counts": []}, (0.4, 0.6)) == 1.0  # no histogram: assume everything


def test_dedup_interpolates_through_bench_dedup(tmp_path):
    results = _results(tmp_path)
    (tmp_path / "bench-dedup.json").write_text(json.dumps({"clustering": {
        "1000000": {"documents": 1_000_000, "peak_rss_mib": 1000, "total_s": 100.0},
        "10000000": {"documents": 10_000_000, "peak_rss_mib": 5000, "total_s": 1000.0}}}))
    roomy = load_config(_config(tmp_path, extra="dedup: {memory_limit: 16GB}\n"))
    rates = load_rates(results)
    dedup = {s.name: s for s in estimate(roomy, 5_500_000, rates).stages}["dedup"]
    assert dedup.peak_memory_bytes == pytest.approx(3000 * MIB)
    assert dedup.core_seconds == pytest.approx(550.0)  # the benchmark's point: (1,000 docs, 1 + 1 s)
    beyond = {s.name: s for s in estimate(roomy, 19_000_000, rates).stages}["dedup"]
    assert beyond.peak_memory_bytes == pytest.approx(9000 * MIB)  # extended along the last segment
    # past the measured sizes DuckDB spills instead of growing beyond its memory_limit (default 4GB)
    capped = {s.name: s for s in estimate(load_config(_config(tmp_path)), 19_000_000, rates).stages}["dedup"]
    assert capped.peak_memory_bytes == pytest.approx(4e9 + 2**30)


def test_release_scales_with_quotas_not_documents(tmp_path):
    # the benchmark's release held 100 prompts from 1,000 documents (0.9 candidates each)
    rates = load_rates(_results(tmp_path, inputs={"release_rows": 100, "candidates_per_doc": 0.9}))
    config = load_config(_config(tmp_path))  # default quotas: 100 per cell x 4 bins x 17 languages
    assert quota_rows(config) == 6800
    for docs, rows in ((1_000, 900), (1_000_000, 6800)):  # few documents: every candidate; many: the quota
        release = {s.name: s for s in estimate(config, docs, rates).stages}["release"]
        assert release.core_seconds == pytest.approx(0.0005 * 1000 / 100 * rows)
        assert release.disk_bytes == pytest.approx(500.0 * 1000 / 100 * rows)


def test_memory_sizes():
    assert memory_bytes("4GB") == 4e9 and memory_bytes("512MiB") == 512 * MIB and memory_bytes("2 tb") == 2e12
    with pytest.raises(PlanError, match="memory size"):
        memory_bytes("lots")


def test_unreadable_bench_dedup_is_ignored_with_a_note(tmp_path):
    results = _results(tmp_path)
    (tmp_path / "bench-dedup.json").write_text("{not json")
    plan = estimate(load_config(_config(tmp_path)), 2_000_000, load_rates(results))
    dedup = {s.name: s for s in plan.stages}["dedup"]
    assert dedup.core_seconds == pytest.approx(1 + 2000.0) and dedup.peak_memory_bytes == 400 * MIB
    assert any("bench-dedup" in note for note in plan.notes)


def test_missing_results_say_run_make_bench(tmp_path, capsys):
    missing = tmp_path / "nope" / "bench.json"
    with pytest.raises(PlanError, match="run `make bench` first"):
        load_rates(missing)
    assert plan_main(str(_config(tmp_path)), 1000, str(missing)) == 2
    assert "make bench" in capsys.readouterr().err


def test_results_without_plan_inputs_are_an_error(tmp_path):
    path = tmp_path / "bench.json"
    path.write_text(json.dumps({"date": "x"}))
    with pytest.raises(PlanError, match="plan_inputs"):
        load_rates(path)


def test_plan_main_prints_table_totals_and_wall_times(tmp_path, capsys):
    assert plan_main(str(_config(tmp_path)), 1_000_000, str(_results(tmp_path)), workers=16) == 0
    out = capsys.readouterr().out
    for stage in STAGES:
        assert stage in out
    assert "total" in out and "W =   16" in out
    total = (sum(s[0] for s in STAGES.values()) * 1_000_000 + FIXED) / 3600
    assert f"{total:,.2f}" in out  # the core-hours total


def test_non_positive_docs_is_an_error(tmp_path):
    with pytest.raises(PlanError, match="positive"):
        estimate(load_config(_config(tmp_path)), 0, load_rates(_results(tmp_path)))


def test_scope_needed_costs_follow_the_quota_and_the_rarest_bin(tmp_path):
    from miner.plan import ScopeInputs, needed_texts

    config = load_config(_config(tmp_path, "  precise: {name: e5-tox}\n",
                                 "languages: [en, zh]\nsampling: {splits: {full: {per_cell: 100}}}\n"))
    inputs = ScopeInputs(source="test", pool_per_doc=1.0, docs_per_candidate=1.0, lang_share={"en": 0.5, "zh": 0.5},
                         rarest_bin_share={"en": 0.01, "zh": 0.1}, band_share=0.5,
                         seconds_per_text={"en": 1.0, "zh": 2.0})
    texts, seconds, notes = needed_texts(config, 1_000_000, inputs)
    # en walks 1.1 x 100 / 0.01 = 11,000 candidates, zh 1,100; each then 400 selected rows x 2 texts; half in band
    assert texts == pytest.approx(0.5 * (11_000 + 800) + 0.5 * (1_100 + 800))
    assert seconds == pytest.approx(0.5 * (11_000 + 800) * 1.0 + 0.5 * (1_100 + 800) * 2.0)
    small, _, _ = needed_texts(config, 10_000, inputs)  # a pool smaller than the walk: every candidate
    assert small == pytest.approx(0.5 * (5_000 + 800) + 0.5 * (1_100 + 800))
    assert "from test" in notes[0]
