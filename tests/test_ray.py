"""The Ray executor gives the same release as the local one: in-process Ray, and a real two-node cluster."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from miner.config import load_config
from miner.demo import generate_demo
from miner.executors import LocalExecutor, RayExecutor
from miner.pipeline import run_pipeline
from conftest import FAST_SCORING, fast_demo_yaml  # noqa: E402

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("raycorpus")
    generate_demo(out, docs=240, seed=11, shards=3)
    return out


def _data_files(release: Path) -> dict[str, bytes]:
    return {p.relative_to(release).as_posix(): p.read_bytes() for p in sorted((release / "data").rglob("*.parquet"))}


@pytest.fixture(scope="module")
def local_release(corpus, tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("local")
    config = load_config(REPO / "pipelines" / "demo.yaml", overrides={"scoring": FAST_SCORING})
    return run_pipeline(config, [str(corpus / "*.warc.gz")], root / "rel", root / "work", LocalExecutor())


def test_ray_with_two_workers_equals_local(corpus, local_release, tmp_path):
    config = load_config(REPO / "pipelines" / "demo.yaml", overrides={"scoring": FAST_SCORING})
    executor = RayExecutor(workers=2)
    try:
        release = run_pipeline(config, [str(corpus / "*.warc.gz")], tmp_path / "rel", tmp_path / "work", executor)
    finally:
        executor.close()
    assert _data_files(release) == _data_files(local_release)


def test_starting_a_local_ray_prints_no_token_notice():
    """Ray warns on every local start that it turned token authentication on; a run prints no such line."""
    started = subprocess.run([sys.executable, "-c", "from miner.executors import RayExecutor; "
                              "RayExecutor(workers=1).close(); print('started')"],
                             capture_output=True, text=True, timeout=120, cwd=REPO)
    assert started.returncode == 0 and "started" in started.stdout, started.stderr[-2000:]
    assert "Token authentication" not in started.stderr


@pytest.mark.slow
def test_two_node_cluster_on_localhost_equals_local(corpus, local_release, tmp_path):
    ray_bin = Path(sys.executable).with_name("ray")
    # a throwaway cluster on 127.0.0.1 only: no token authentication between its two nodes
    env = dict(os.environ, RAY_USAGE_STATS_ENABLED="0", RAY_AUTH_MODE="disabled")
    head_tmp, worker_tmp = Path(f"/tmp/miner-head-{os.getpid()}"), Path(f"/tmp/miner-node-{os.getpid()}")
    port = "6391"
    def ray(*args: str) -> None:
        done = subprocess.run([str(ray_bin), *args], env=env, capture_output=True, text=True)
        assert done.returncode == 0, f"ray {' '.join(args)}: {done.stdout[-2000:]} {done.stderr[-2000:]}"

    ray("start", "--head", "--node-ip-address=127.0.0.1", f"--port={port}", "--num-cpus=1",
        "--include-dashboard=false", f"--temp-dir={head_tmp}")
    try:
        ray("start", f"--address=127.0.0.1:{port}", "--node-ip-address=127.0.0.1", "--num-cpus=1",
            f"--temp-dir={worker_tmp}")
        (tmp_path / "demo.yaml").write_text(fast_demo_yaml())
        out = subprocess.run([sys.executable, "-m", "miner.cli", "run", str(tmp_path / "demo.yaml"),
                              "--input", str(corpus / "*.warc.gz"), "--out", str(tmp_path / "rel"),
                              "--work-dir", str(tmp_path / "work"), "--executor", "ray",
                              "--ray-address", f"127.0.0.1:{port}"], env=env, capture_output=True, text=True,
                             cwd=REPO)
        assert out.returncode == 0, out.stderr[-3000:]
        assert _data_files(tmp_path / "rel" / "0.1.0") == _data_files(local_release)
    finally:
        subprocess.run([str(ray_bin), "stop", "--force"], env=env, capture_output=True)
        shutil.rmtree(head_tmp, ignore_errors=True)
        shutil.rmtree(worker_tmp, ignore_errors=True)


def _run_for(tmp_path: Path, executor, allowed: int):
    from miner.pipeline import Run

    config = load_config(REPO / "pipelines" / "demo.yaml")
    config = config.model_copy(update={"engine": config.engine.model_copy(update={"max_failed_units": allowed})})
    return Run(config, {}, tmp_path, executor)


def test_failing_unit_is_recorded_and_the_stage_goes_on_when_allowed(tmp_path):
    from miner.io import read_json, write_json
    from miner.pipeline import UnitsFailed

    def unit(out: str, i: int) -> dict:
        if i == 1:
            raise ValueError(f"bad input in unit {i}")
        write_json(Path(out) / f"u-{i}.json", {"n": 1})
        return {"n": 1}

    tasks = [(str(tmp_path), i) for i in range(3)]
    done = lambda t: tmp_path / f"u-{t[1]}.json"  # noqa: E731
    stats = _run_for(tmp_path, LocalExecutor(), 1).map_units("toy", unit, tasks, done)
    assert stats == [{"n": 1}, {"n": 1}, {"failed/toy": 1}]
    assert read_json(tmp_path / "failed" / "toy.json") == [{"unit": "u-1", "reason": "ValueError: bad input in unit 1"}]
    with pytest.raises(ValueError, match="bad input"):  # default 0, local: the error itself, traceback intact
        _run_for(tmp_path, LocalExecutor(), 0).map_units("toy", unit, tasks, done)
    executor = RayExecutor(workers=2, start_jitter_s=0.2)
    try:
        with pytest.raises(UnitsFailed, match=r"\[toy\] 1 unit\(s\) failed .*u-1: ValueError: bad input in unit 1"):
            _run_for(tmp_path, executor, 0).map_units("toy", unit, tasks, done)
    finally:
        executor.close()


def test_ray_window_bounds_tasks_in_flight_and_timeout_names_the_unit(tmp_path):
    import time

    from miner.executors import TaskFailure

    def unit(out: str, i: int) -> dict:
        started = time.time()
        time.sleep(30 if i == 4 else 0.5)
        (Path(out) / f"{i}.span").write_text(f"{started} {time.time()}")
        return {}

    executor = RayExecutor(workers=2, task_timeout_s=8, start_jitter_s=0)
    try:
        results = executor.map("toy", unit, [(str(tmp_path), i) for i in range(5)],
                               labels=[f"unit-{i}" for i in range(5)], max_failures=1)
    finally:
        executor.close()
    assert results[4] == TaskFailure("unit-4", "timed out after 8 s") and results[:4] == [{}] * 4
    spans = [tuple(map(float, p.read_text().split())) for p in tmp_path.glob("*.span")]
    assert len(spans) == 4
    for t, _ in spans:  # at no start were more than 2 tasks running
        assert sum(s <= t < e for s, e in spans) <= 2


def test_a_warning_in_a_ray_worker_reaches_the_run_log(tmp_path):
    """Reader warnings (a skipped record, a file that cannot be opened) are logged in the worker that reads."""
    import logging

    def unit(i: int) -> dict:
        logging.getLogger("miner.warc").warning("shard-%d.warc.gz: record at offset 7: truncated gzip", i)
        return {"n": 1}

    executor = RayExecutor(workers=2, start_jitter_s=0)
    try:
        _run_for(tmp_path, executor, 0).map_units("toy", unit, [(0,), (1,)], lambda t: tmp_path / f"no-{t[0]}")
    finally:
        executor.close()
    logged = (tmp_path / "run.log").read_text()
    assert all(f"shard-{i}.warc.gz: record at offset 7: truncated gzip" in logged for i in (0, 1))
