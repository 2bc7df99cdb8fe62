"""scoring.scope needed against all: the same release bytes, fewer precise texts, rounds that resume and fail clearly."""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

import numpy as np
import pyarrow.parquet as pq
import pytest

from miner.config import load_config
from miner.demo import generate_demo
from miner.executors import LocalExecutor
from miner.io import read_json
from miner.pipeline import run_pipeline
from miner.rounds import next_round
from miner.scoring import register
from miner.scoring.base import Scorer, clip01

REPO = Path(__file__).resolve().parents[1]


class BatchSensitive(Scorer):
    """A precise scorer whose scores move with the batch size (as e5-tox's do) and that counts its texts."""

    name, version = "batch-sensitive", "1"
    texts = 0
    fail_next = 0  # calls to fail before answering (a flaky scorer)
    fail_after: int | None = None  # texts to answer before failing for good (a run stopped mid-walk)

    def score(self, texts, langs=None):
        if BatchSensitive.fail_next:
            BatchSensitive.fail_next -= 1
            raise OSError("scorer backend went away")
        if BatchSensitive.fail_after is not None and BatchSensitive.texts >= BatchSensitive.fail_after:
            raise OSError("scorer backend went away")
        BatchSensitive.texts += len(texts)
        base = [(hashlib.md5(t.encode()).digest()[0] / 255) for t in texts]
        return {"toxicity": clip01(np.array(base) * (1 - 0.01 * (len(texts) - 1)))}


register("batch-sensitive", f"{__name__}:BatchSensitive")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("corpus")
    generate_demo(out, docs=340, seed=3, shards=2)
    return out


def _config(scope: str, **sampling):
    splits = sampling.pop("splits", {"full": {"per_cell": 1}, "small": {"per_cell": 1, "subset_of": "full"}})
    return load_config(REPO / "pipelines" / "demo.yaml", overrides={
        "scoring": {"first_pass": {"name": "fasttext-tox"}, "precise": {"name": "batch-sensitive"},
                    "refine_band": [0.1, 1.0], "scope": scope, "round_min": 4, "unit_texts": 32},
        "sampling": {"splits": splits, **sampling}})


def _run(corpus: Path, root: Path, config) -> tuple[Path, dict]:
    BatchSensitive.texts = 0
    release = run_pipeline(config, [str(corpus / "*.warc.gz")], root / "rel", root / "work", LocalExecutor())
    return release, {"precise": BatchSensitive.texts, "sample": read_json(root / "work" / "markers" / "sample.json")}


def _release_bytes(release: Path) -> dict[str, bytes]:
    files = [*release.glob("data/**/*.parquet"), *release.glob("exports/**/*.jsonl"), release / "stats" / "cells.parquet"]
    return {str(p.relative_to(release)): p.read_bytes() for p in sorted(files)}


@pytest.mark.parametrize("sampling", [
    {},                                                      # stops early in every language
    {"fill_from_neighbours": True, "splits": {"full": {"per_cell": 6}}},  # some cells short: languages run out
    {"bucket_basis": "prompt"},
])
def test_needed_equals_all_byte_for_byte(corpus, tmp_path, sampling):
    needed, n = _run(corpus, tmp_path / "needed", _config("needed", **dict(sampling)))
    full, a = _run(corpus, tmp_path / "all", _config("all", **dict(sampling)))
    assert _release_bytes(needed) == _release_bytes(full)
    assert len(_release_bytes(needed)) > 20
    stats = n["sample"]["stats"]
    assert n["precise"] == stats["scoring/texts_precise"] <= a["precise"]
    if not sampling:  # stopped early: fewer texts scored
        assert stats["rounds/walk"] >= 2 and stats["rounds/scored_prefix"] < stats["rounds/pool"]
        assert n["precise"] < a["precise"]
        cost = read_json(tmp_path / "needed" / "work" / "cost.json")
        assert cost["texts"]["precise"] == n["precise"] and cost["rounds"] == stats["rounds/walk"]
        assert set(cost["stages"]) == {"ingest", "dedup", "prompts", "sample", "release"}
        assert all(s["cpu_s"] > 0 and s["wall_s"] > 0 for s in cost["stages"].values())
        card = (needed / "README.md").read_text()
        assert f"saw {n['precise']:,} texts" in card


def test_a_flaky_scorer_is_retried_and_a_dead_one_names_the_unit(corpus, tmp_path):
    BatchSensitive.fail_next = 2  # fails twice, answers on the third attempt
    release, _ = _run(corpus, tmp_path / "flaky", _config("needed"))
    assert (release / "manifest.json").exists()

    BatchSensitive.fail_next = 10**9
    try:
        with pytest.raises(RuntimeError, match=r"precise-scoring unit 00000/0 .*failed 3 times.*went away"):
            _run(corpus, tmp_path / "dead", _config("needed"))
    finally:
        BatchSensitive.fail_next = 0
    rounds = tmp_path / "dead" / "work" / "sample" / "rounds" / "00000"
    assert (rounds / "todo.parquet").exists() and not list(rounds.glob("done-*")) and not list(rounds.glob("scores-*"))
    # the next run resumes at that round and gives the release an uninterrupted run gives
    resumed, _ = _run(corpus, tmp_path / "dead", _config("needed"))
    assert _release_bytes(resumed) == _release_bytes(release)


def test_a_language_short_of_its_quota_is_scored_whole(corpus, tmp_path):
    _, n = _run(corpus, tmp_path / "short", _config("needed", splits={"full": {"per_cell": 1000}}))
    stats = n["sample"]["stats"]
    assert stats["rounds/scored_prefix"] == stats["rounds/pool"]
    assert stats["sample/full/shortfall"] > 0


def test_round_sizes_grow_from_the_counts():
    assert next_round([0, 0, 0, 0], 0, 10_000, 25, 64) == 100       # first round: the quotas
    assert next_round([30, 30, 30, 30], 120, 10_000, 25, 64) == 0   # every bin full: done
    assert next_round([50, 5, 40, 25], 120, 10_000, 25, 64) == 480  # rarest bin 5/120: 480 more (capped at 4x)
    assert next_round([50, 20, 40, 25], 120, 10_000, 25, 64) == 64  # 33 by prevalence, at least round_min
    assert next_round([5, 0, 0, 0], 10, 12, 25, 64) == 2            # the language runs out


def test_rounds_write_only_the_texts_in_the_refine_band(corpus, tmp_path):
    _run(corpus, tmp_path / "band", _config("needed"))
    rounds = tmp_path / "band" / "work" / "sample" / "rounds"
    todo = pq.read_table([str(p) for p in sorted(rounds.glob("*/todo.parquet"))]).to_pylist()
    assert todo and all(0.1 <= r["first_pass"] <= 1.0 for r in todo)
    assert len({(r["kind"], r["key"]) for r in todo}) == len(todo)  # no text scored twice


@pytest.mark.slow  # three pipeline runs in subprocesses, about a minute
def test_kill_mid_round_resumes_there_and_gives_the_same_release(corpus, tmp_path):
    import os
    import signal
    import subprocess
    import sys
    import time

    import yaml

    data = yaml.safe_load((REPO / "pipelines" / "demo.yaml").read_text())
    data["scoring"] = {"first_pass": {"name": "fasttext-tox"}, "precise": {"name": "wordlist"},
                       "refine_band": [0.1, 1.0], "round_min": 4, "unit_texts": 1}
    data["sampling"]["splits"] = {"full": {"per_cell": 1}}
    config = tmp_path / "kill.yaml"
    config.write_text(yaml.safe_dump(data))

    def cmd(root: Path) -> list[str]:
        return [sys.executable, "-m", "miner.cli", "run", str(config), "--input", str(corpus / "*.warc.gz"),
                "--out", str(root / "rel"), "--work-dir", str(root / "work")]

    clean, killed = tmp_path / "clean", tmp_path / "killed"
    subprocess.run(cmd(clean), check=True, capture_output=True, cwd=REPO)
    proc = subprocess.Popen(cmd(killed), cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    round0 = killed / "work" / "sample" / "rounds" / "00000"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None and len(list(round0.glob("done-*"))) < 20:
        time.sleep(0.01)
    assert proc.poll() is None, "the run finished before it could be killed"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    done = len(list(round0.glob("done-*")))
    todo = pq.read_metadata(round0 / "todo.parquet").num_rows
    assert 20 <= done < todo and not (killed / "rel" / "0.1.0").exists()  # nothing published yet

    again = subprocess.run(cmd(killed), check=True, capture_output=True, text=True, cwd=REPO)
    assert f"[sample/round-00000] resuming: {done} of {todo} units already done" in again.stdout
    assert _release_bytes(killed / "rel" / "0.1.0") == _release_bytes(clean / "rel" / "0.1.0")


@pytest.mark.parametrize("name", ["demo", "ptp17", "rtp-en"])
def test_shipped_pipelines_bin_by_e5_tox_scoring_what_they_need(name):
    scoring = load_config(REPO / "pipelines" / f"{name}.yaml").scoring
    assert scoring.precise.name == "e5-tox" and scoring.scope == "needed"


def test_an_unknown_scope_is_a_one_line_config_error(tmp_path):
    from miner.config import ConfigError

    (tmp_path / "c.yaml").write_text("name: x\nscoring: {scope: some}\n")
    with pytest.raises(ConfigError, match=r"scoring.scope: .*'needed' or 'all'"):
        load_config(tmp_path / "c.yaml")


def test_plan_from_a_run_reads_its_costs_shares_and_bins(corpus, tmp_path, capsys):
    from miner.plan import PlanError, plan_main
    from miner.plan_inputs import FALLBACK_CORPUS, corpus_from_run

    config = _config("needed")
    _run(corpus, tmp_path / "r", config)
    measured = corpus_from_run(tmp_path / "r" / "work", config, FALLBACK_CORPUS)
    assert 0 < measured.keep_rate <= 1 and abs(sum(measured.lang_share.values()) - 1) < 1e-9
    assert measured.cpu_s_per_doc["ingest"] > 0 and measured.cpu_s_per_doc != FALLBACK_CORPUS.cpu_s_per_doc
    assert all(0 < share <= 1 for share in measured.band_share.values()) and measured.chars["document"] > 0
    assert all(0 <= share <= 0.25 for share in measured.rarest_bin_share.values())
    assert str(tmp_path / "r" / "work") in measured.source
    config_path = tmp_path / "c.yaml"
    config_path.write_text(json.dumps(config.model_dump(mode="json")))
    assert plan_main(str(config_path), 1_000_000, None, from_run=str(tmp_path / "r" / "work")) == 0
    assert f"run {tmp_path / 'r' / 'work'}" in capsys.readouterr().out
    with pytest.raises(PlanError, match="not a finished run"):
        corpus_from_run(tmp_path / "nowhere", config, FALLBACK_CORPUS)


# scoring.skip_below: the opt-in approximate mode (docs/sampling.md)

def _skip_config(skip_below: float | None, **scoring):
    config = _config("needed")
    return config.model_copy(update={"scoring": config.scoring.model_copy(
        update={"skip_below": skip_below, "skip_audit": 8, **scoring})})


def _bin0(release: Path) -> list:
    rows = [r for p in sorted(release.glob("data/**/*.parquet")) for r in pq.ParquetFile(p).read().to_pylist()]
    return sorted((r["split"], r["lang"], r["prompt_id"], r["toxicity"]) for r in rows if r["toxicity_bucket"] == 0)


@pytest.fixture(scope="module")
def skip_runs(corpus, tmp_path_factory) -> Path:
    """The same corpus and config released exactly (`exact/`) and with skip_below 0.25 (`skip/`)."""
    root = tmp_path_factory.mktemp("skip")
    for name, skip_below in (("exact", None), ("skip", 0.25)):
        _run(corpus, root / name, _skip_config(skip_below))
    return root


def test_skip_below_scores_fewer_texts_keeps_the_low_bins_exact_and_states_its_cost(corpus, skip_runs):
    exact, skip = skip_runs / "exact" / "rel" / "latest", skip_runs / "skip" / "rel" / "latest"
    stats = read_json(skip_runs / "skip" / "work" / "markers" / "sample.json")["stats"]
    exact_stats = read_json(skip_runs / "exact" / "work" / "markers" / "sample.json")["stats"]
    assert stats["rounds/skipped"] > 0 and stats["rounds/skipped_precise_texts"] > 0
    assert stats["scoring/texts_precise"] < exact_stats["scoring/texts_precise"]
    assert _bin0(skip) == _bin0(exact)  # [0,0.25) was full before the rule started
    audit = read_json(skip_runs / "skip" / "work" / "sample" / "skip-audit.json")
    assert audit["skipped"] == stats["rounds/skipped"] and 0 < audit["audit"] <= 8 * 17
    assert read_json(skip_runs / "skip" / "work" / "cost.json")["skip_below"] == audit
    assert read_json(skip / "manifest.json")["scoring"]["skip_below"] == audit
    card = (skip / "README.md").read_text()
    assert "bin [0,0.25): exact" in card and f"n={audit['audit']:,} candidates" in card
    top = audit["bins"][-1]
    assert top["members"] > 0
    assert (f"bin [0.75,1]: {top['below'] / top['members']:.0%} of its members skipped ({top['below']} of "
            f"{top['members']} in the audit sample") in card
    # the audit sample (each language's first skip_audit candidates walked) is never skipped
    langs = audit["languages"]
    assert all(v["skip_from"] is None or v["skip_from"] >= 8 for v in langs.values())
    assert any(v["skip_from"] is not None for v in langs.values())
    pool = pq.read_table(skip_runs / "skip" / "work" / "sample" / "pool.parquet").to_pylist()
    scored = set(pq.read_table(skip_runs / "skip" / "work" / "sample" / "scored-pool.parquet")
                 .column("prompt_id").to_pylist())
    assert all(r["prompt_id"] in scored for r in pool if r["rank"] < langs[r["lang"]]["audit"])


def test_skip_below_stopped_mid_walk_resumes_to_the_same_release(corpus, skip_runs, tmp_path, capsys):
    """Same seed, stopped by a dead scorer in a round after the rule started, then resumed: the same bytes."""
    rounds = skip_runs / "skip" / "work" / "sample" / "rounds"
    started = min(p.parent.name for p in rounds.glob("0*/plan.json") if read_json(p)["skip_from"])
    before = sum(pq.read_metadata(p).num_rows for p in rounds.glob("*/todo.parquet") if p.parent.name < started)
    BatchSensitive.fail_after = before + 40
    try:
        with pytest.raises(RuntimeError, match="precise-scoring unit"):
            _run(corpus, tmp_path, _skip_config(0.25))
    finally:
        BatchSensitive.fail_after = None
    assert (tmp_path / "work" / "sample" / "rounds" / started / "plan.json").exists()
    capsys.readouterr()
    again, _ = _run(corpus, tmp_path, _skip_config(0.25))
    assert f"[sample/round-{started}] resuming" in capsys.readouterr().out
    skip = skip_runs / "skip" / "rel" / "latest"
    assert _release_bytes(again) == _release_bytes(skip)
    assert (again / "README.md").read_bytes() == (skip / "README.md").read_bytes()


def test_low_bins_are_those_a_score_below_the_threshold_can_fall_in():
    from miner.rounds import low_bins

    bins = (0.0, 0.25, 0.5, 0.75, 1.0)
    assert low_bins(bins, 0.25) == [0] and low_bins(bins, 0.3) == [0, 1] and low_bins(bins, 0.1) == [0]
    assert low_bins(bins, 0.0) == []


@pytest.mark.parametrize("scoring, message", [
    ("{scope: all, skip_below: 0.25, precise: {name: wordlist}}", "skip_below needs scope: needed and a precise"),
    ("{skip_below: 0.25}", "skip_below needs scope: needed and a precise"),
    ("{skip_below: 1.5, precise: {name: wordlist}}", "scoring.skip_below: Input should be less than or equal to 1"),
])
def test_skip_below_config_errors_are_one_line(tmp_path, scoring, message):
    from miner.config import ConfigError

    (tmp_path / "c.yaml").write_text(f"name: x\nscoring: {scoring}\n")
    with pytest.raises(ConfigError, match=message) as err:
        load_config(tmp_path / "c.yaml")
    assert "\n" not in str(err.value)
