"""miner.plan: the arithmetic of the cost planner on a hand-made results file, and its errors."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from miner.config import load_config
from miner.plan import (DEFAULT_GPU_TEXTS_PER_S, PlanError, estimate, load_rates, memory_bytes, plan_main,
                        precise_speed, precise_texts, quota_rows)
from miner.plan_inputs import FALLBACK_CORPUS, Corpus, ScorerSpeed

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


def _corpus(**changes) -> Corpus:
    """A corpus with every candidate in the band, one candidate per kept document and nothing dropped."""
    from dataclasses import replace

    base = {"source": "test corpus", "keep_rate": 1.0, "candidates_per_kept_doc": 1.0,
            "band_share": dict.fromkeys(("document", "prompt", "continuation"), 1.0),
            "cpu_s_per_doc": {"ingest": 0.01, "prompts": 0.002},
            "disk_bytes_per_doc": {"ingest": 2000.0, "prompts": 1000.0}}
    return replace(FALLBACK_CORPUS, **{**base, **changes})


FLAT = ScorerSpeed("flat", {"*": [(1.0, 0.1)]})  # 10 texts/s at any length
ALL_IN_BAND = "  precise: {name: e5-tox}\n  scope: all\n  refine_band: [0.0, 1.0]\n"


def test_gpu_hours_for_a_precise_scorer_on_gpus(tmp_path):
    config = load_config(_config(tmp_path, ALL_IN_BAND + "  num_gpus: 0.5\n"))
    docs = 100_000
    plan = estimate(config, docs, load_rates(_results(tmp_path)), _corpus(), FLAT)
    texts = docs * 3.0  # scope all: document, prompt and continuation of every candidate
    assert plan.gpu_hours == pytest.approx(texts / DEFAULT_GPU_TEXTS_PER_S / 3600)
    # each unit holds half a GPU, so it scores at half a GPU's rate; 4 workers hold 2 GPUs
    gpu_wall = texts / DEFAULT_GPU_TEXTS_PER_S / 0.5
    assert plan.wall_seconds(1) == pytest.approx(docs * 0.014 + FIXED + gpu_wall)
    rates = load_rates(_results(tmp_path, scorer_rates={"e5-tox": {"gpu_texts_per_s": 1000}}))
    assert estimate(config, docs, rates, _corpus(), FLAT).gpu_hours == pytest.approx(texts / 1000 / 3600)


def test_precise_scorer_without_gpus_costs_cpu_not_gpu(tmp_path):
    rates = load_rates(_results(tmp_path))
    plain = estimate(load_config(_config(tmp_path)), 10_000, rates, _corpus())
    cpu = estimate(load_config(_config(tmp_path, ALL_IN_BAND)), 10_000, rates, _corpus(), FLAT)
    assert cpu.gpu_hours == 0
    assert cpu.core_hours - plain.core_hours == pytest.approx(10_000 * 3.0 * 0.1 / 3600)
    assert [s.name for s in cpu.stages].index("precise") == [s.name for s in cpu.stages].index("prompts") + 1


def test_a_longer_text_kind_costs_more_per_text(tmp_path):
    speed = ScorerSpeed("test", {"*": [(100.0, 0.05), (1000.0, 0.15)], "zh": [(100.0, 0.1), (1000.0, 0.2)]})
    assert speed.seconds("en", 100) < speed.seconds("en", 550) < speed.seconds("en", 1000)
    assert speed.seconds("en", 550) == pytest.approx(0.1)
    assert speed.seconds("en", 6000) == pytest.approx(speed.seconds("en", 1000))  # the token window: flat past the longest
    assert speed.seconds("zh", 100) > speed.seconds("en", 100)  # per language
    config = load_config(_config(tmp_path, ALL_IN_BAND))
    rates = load_rates(_results(tmp_path))
    short, long = ({"document": 100, "prompt": 100, "continuation": 100},
                   {"document": 5000, "prompt": 100, "continuation": 100})
    cost = {name: {s.name: s for s in estimate(config, 1000, rates, _corpus(chars=chars), speed).stages}["precise"]
            for name, chars in (("short", short), ("long", long))}
    assert cost["long"].core_seconds - cost["short"].core_seconds == pytest.approx(1000 * (0.15 - 0.05))


def test_e5_speed_is_read_per_language_and_length_from_bench_scorer(tmp_path):
    results = _results(tmp_path)
    config = load_config(_config(tmp_path, "  precise: {name: e5-tox}\n"))
    fallback = precise_speed(config, load_rates(results), results)
    assert "bench-scorer.json not found" in fallback.source
    cell = lambda rate: {"texts": 10, "cpu_s": 10 / rate, "texts_per_cpu_s": rate}  # noqa: E731
    (tmp_path / "bench-scorer.json").write_text(json.dumps({"date": "2026-01-02", "rates": {"after": {
        "en": {"100": cell(20.0), "1000": cell(5.0)}, "zh": {"100": cell(10.0), "1000": cell(2.5)}}}}))
    speed = precise_speed(config, load_rates(results), results)
    assert speed.seconds("en", 1000) == pytest.approx(0.2) and speed.seconds("zh", 1000) == pytest.approx(0.4)
    assert speed.seconds("ko", 100) == pytest.approx((10 / 20 + 10 / 10) / 20)  # a language not measured: all of them
    assert "bench-scorer.json (2026-01-02" in speed.source


def test_other_precise_scorers_take_eval_scorer_rate(tmp_path):
    results = _results(tmp_path)
    config = load_config(_config(tmp_path, "  precise: {name: detoxify}\n"))
    assert "documented default" in precise_speed(config, load_rates(results), results).source
    (tmp_path / "eval-scorer.json").write_text(json.dumps(
        {"scorers": {"detoxify": {"speed": {"docs_per_cpu_s": 25.0}}, "broken": {"speed": None}}}))
    speed = precise_speed(config, load_rates(results), results)
    assert speed.seconds("en", 50) == speed.seconds("en", 5000) == pytest.approx(1 / 25)
    assert "eval-scorer.json" in speed.source


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
    plan = estimate(load_config(_config(tmp_path)), 1_000_000, load_rates(_results(tmp_path)), FALLBACK_CORPUS)
    assert f"{plan.core_hours:,.2f}" in out  # the core-hours total, with the documented fallback corpus


def test_non_positive_docs_is_an_error(tmp_path):
    with pytest.raises(PlanError, match="positive"):
        estimate(load_config(_config(tmp_path)), 0, load_rates(_results(tmp_path)))


def test_scope_needed_costs_follow_the_quota_and_the_rarest_bin(tmp_path):
    config = load_config(_config(tmp_path, "  precise: {name: e5-tox}\n",
                                 "languages: [en, zh]\nsampling: {splits: {full: {per_cell: 100}}}\n"))
    corpus = _corpus(lang_share={"en": 0.5, "zh": 0.5}, rarest_bin_share={"en": 0.01, "zh": 0.1},
                     band_share={"document": 0.5, "prompt": 0.5, "continuation": 0.5})
    texts, how = precise_texts(config, 1_000_000, corpus)
    # en walks 1.1 x 100 / 0.01 = 11,000 documents, zh 1,100; each then 400 selected rows' prompt and continuation
    assert texts[("document", "en")] == pytest.approx(0.5 * 11_000) and texts[("document", "zh")] == pytest.approx(550)
    assert texts[("prompt", "en")] == texts[("continuation", "zh")] == pytest.approx(0.5 * 400)
    assert "stops before its pool runs out" in how
    small, how = precise_texts(config, 10_000, corpus)  # a pool smaller than the walk: every candidate
    assert small[("document", "en")] == pytest.approx(0.5 * 5_000) and "1 of 2 languages (en)" in how
    fewer_candidates = precise_texts(config, 10_000, _corpus(**{**corpus.__dict__, "keep_rate": 0.5,
                                                                 "source": "half kept"}))[0]
    assert fewer_candidates[("document", "en")] == pytest.approx(0.5 * 2_500)



def test_skip_below_counts_only_the_basis_texts_at_or_above_the_threshold(tmp_path):
    scope = "  precise: {name: e5-tox}\n  refine_band: [0.1, 1.0]\n"
    extra = "languages: [en]\nsampling: {splits: {full: {per_cell: 100}}}\n"
    exact = load_config(_config(tmp_path, scope, extra))
    approx = load_config(_config(tmp_path, scope + "  skip_below: 0.5\n", extra))
    hist = [0.05] * 20  # first-pass scores uniform over [0, 1]
    corpus = _corpus(lang_share={"en": 1.0}, rarest_bin_share={"en": 0.01}, first_pass_hist={"document": hist},
                     band_share={"document": 0.9, "prompt": 0.9, "continuation": 0.9})
    texts, how = precise_texts(exact, 10**6, corpus)
    fewer, approx_how = precise_texts(approx, 10**6, corpus)
    assert fewer[("document", "en")] == pytest.approx(texts[("document", "en")] * 0.5 / 0.9)  # [0.5, 1] of [0.1, 1]
    assert fewer[("prompt", "en")] == texts[("prompt", "en")]  # the selected rows' other texts: as exact
    assert "skip_below" not in how and "skip_below 0.5: 50.0%" in approx_how
    no_hist = precise_texts(approx, 10**6, _corpus(**{**corpus.__dict__, "first_pass_hist": {}}))
    assert no_hist[0] == texts and "no first-pass histogram" in no_hist[1]

def test_plan_prints_the_source_of_each_figure(tmp_path, capsys):
    results = _results(tmp_path)
    config = str(_config(tmp_path, "  precise: {name: e5-tox}\n"))
    assert plan_main(config, 1_000_000, str(results)) == 0
    out = capsys.readouterr().out
    assert "fallback: plan-defaults.md" in out and "plan-defaults.json not found" in out  # missing: documented
    assert "bench-scorer.json not found" in out and str(results) in out
    assert "rarest bin: PTP's implied" in out and "languages: 1/17 of the candidates" in out
    report = json.loads((Path(__file__).parents[1] / "tests" / "benchmarks" / "results" / "plan-defaults.json")
                        .read_text())
    report["costs"]["cpu_s_per_doc"]["ingest"] *= 2
    (tmp_path / "plan-defaults.json").write_text(json.dumps(report))
    assert plan_main(config, 1_000_000, str(results)) == 0
    measured = capsys.readouterr().out
    assert f"{tmp_path / 'plan-defaults.json'} (" in measured and "fallback" not in measured.split("note:")[0]
    ingest = lambda text: float(next(l for l in text.splitlines() if l.startswith("ingest")).split()[2])  # noqa: E731
    assert ingest(measured) > ingest(out)  # the file's CPU per document is the one used


def test_sample_memory_follows_the_measured_peaks_up_to_duckdbs_limit():
    from miner.plan import sample_memory

    report = {"sizes": {"1": {"candidates": 1_000_000, "peak_rss_mib": 1000}, "4": {"candidates": 4_000_000,
                                                                                   "peak_rss_mib": 1900}}}
    lines = sample_memory(report, {10: 2_000_000, 20: 10**9}, "2GB")
    assert "2,000,000 candidates): 1.4 GB" in lines[1]  # between the two points: 1,300 MiB
    assert "1,000,000,000 candidates): 3.1 GB" in lines[2]  # the cap: 2 GB + 1 GiB
    assert "run `make bench-sample`" in sample_memory(None, {1: 1.0})[0]
