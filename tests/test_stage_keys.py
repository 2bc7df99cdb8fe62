"""Stage keys: a resource knob re-runs nothing upstream of the release; a code change re-runs every stage; a
stage stopped between its tasks resumes them."""
from __future__ import annotations

from pathlib import Path

import pytest

from miner import pipeline
from miner.config import load_config
from miner.demo import generate_demo
from miner.executors import LocalExecutor
from conftest import FAST_SCORING  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
STAGES = ("ingest", "dedup", "prompts", "sample", "release")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("keys-corpus")
    generate_demo(out, docs=120, seed=5, shards=2)
    return out


def _skipped(capsys, config, corpus: Path, root: Path) -> set[str]:
    capsys.readouterr()
    pipeline.run_pipeline(config, [str(corpus / "*.warc.gz")], root / "rel", root / "work", LocalExecutor())
    out = capsys.readouterr().out
    return {s for s in STAGES if f"[{s}] unchanged, skipped" in out}


def test_memory_limit_reruns_only_the_release_and_a_code_change_reruns_all(corpus, tmp_path, capsys, monkeypatch):
    config = load_config(REPO / "pipelines" / "demo.yaml", overrides={"scoring": FAST_SCORING})
    assert _skipped(capsys, config, corpus, tmp_path) == set()
    knob = config.model_copy(update={"dedup": config.dedup.model_copy(update={"memory_limit": "1GB"}),
                                     "engine": config.engine.model_copy(update={"task_timeout_s": 60})})
    assert _skipped(capsys, knob, corpus, tmp_path) == {"ingest", "dedup", "prompts", "sample"}  # release: config
    threshold = knob.model_copy(update={"dedup": knob.dedup.model_copy(update={"threshold": 0.7})})
    assert _skipped(capsys, threshold, corpus, tmp_path) == {"ingest"}
    monkeypatch.setattr(pipeline, "code_identity", lambda: "0.0.0+changed")
    assert _skipped(capsys, threshold, corpus, tmp_path) == set()


def test_dedup_killed_between_tasks_resumes_them_and_gives_the_same_release(corpus, tmp_path, capsys):
    """A dedup stage stopped after some of its tasks (pending marker, some done markers) redoes only the others."""
    config = load_config(REPO / "pipelines" / "demo.yaml", overrides={"scoring": FAST_SCORING})
    _skipped(capsys, config, corpus, tmp_path)
    work = tmp_path / "work"
    release = {p.relative_to(tmp_path).as_posix(): p.read_bytes() for p in (tmp_path / "rel").rglob("*.parquet")}
    marker = work / "markers" / "dedup.json"
    digest = pipeline.read_json(marker)["hash"]
    marker.unlink()
    (work / "markers" / "dedup.pending").write_text(digest)  # as if killed during the stage
    done = sorted((work / "dedup" / "tasks" / "done").glob("bands-*.json"))
    assert len(done) >= 2
    for path in [done[0], work / "dedup" / "tasks" / "done" / "cluster.json", *(work / "stats").glob("dedup-*.json")]:
        path.unlink()
    capsys.readouterr()
    pipeline.run_pipeline(config, [str(corpus / "*.warc.gz")], tmp_path / "rel", work, LocalExecutor())
    out = capsys.readouterr().out
    assert f"[dedup-bands] resuming: {len(done) - 1} of {len(done)} units already done" in out
    assert "[dedup-keys] resuming" in out and "[ingest] unchanged, skipped" in out
    assert {p.relative_to(tmp_path).as_posix(): p.read_bytes() for p in (tmp_path / "rel").rglob("*.parquet")} == release


def test_prompt_dedup_resumed_with_more_workers_keeps_its_partitions(corpus, tmp_path, capsys):
    """A sample stage stopped during prompt dedup and resumed on an executor with another worker count reuses the
    partitions its finished tasks used (more workers would otherwise choose more, and read half-written keys)."""
    config = load_config(REPO / "pipelines" / "demo.yaml", overrides={"scoring": FAST_SCORING})
    _skipped(capsys, config, corpus, tmp_path)
    work = tmp_path / "work"
    marker = work / "markers" / "sample.json"
    digest = pipeline.read_json(marker)["hash"]
    marker.unlink()
    (work / "markers" / "sample.pending").write_text(digest)  # as if killed during the stage
    done = work / "sample" / "prompt-dedup" / "tasks" / "done"
    bands = sorted(done.glob("bands-*.json"))
    bands[0].unlink()
    (done / "cluster.json").unlink()
    more = LocalExecutor()
    more.workers = 64  # partitions_for would choose 128 partitions for it
    capsys.readouterr()
    pipeline.run_pipeline(config, [str(corpus / "*.warc.gz")], tmp_path / "rel", work, more)
    out = capsys.readouterr().out
    assert f"[prompt-dedup-bands] resuming: {len(bands) - 1} of {len(bands)} units already done" in out
