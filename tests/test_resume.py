"""Kill -9 in the middle of a shard, run again: the output equals an uninterrupted run's."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyarrow.parquet as pq

from conftest import fast_demo_yaml
from miner.demo import generate_demo

REPO = Path(__file__).resolve().parents[1]


def _config(tmp: Path) -> Path:
    text = fast_demo_yaml()
    text = text.replace("  extractor: pruned", "  checkpoint_records: 40\n  extractor: pruned")
    assert "checkpoint_records: 40" in text
    path = tmp / "resume.yaml"
    path.write_text(text)
    return path


def _cmd(config: Path, corpus: Path, root: Path) -> list[str]:
    return [sys.executable, "-m", "miner.cli", "run", str(config), "--input", str(corpus / "*.warc.gz"),
            "--out", str(root / "rel"), "--work-dir", str(root / "work")]


def _documents(root: Path) -> list[dict]:
    parts = sorted((root / "work" / "documents").glob("*.parquet"))
    return pq.read_table([str(p) for p in parts]).sort_by("doc_id").to_pylist()


def test_kill_mid_shard_then_resume_equals_clean_run(tmp_path):
    corpus = tmp_path / "corpus"
    generate_demo(corpus, docs=400, seed=5, shards=1)
    config = _config(tmp_path)
    clean, killed = tmp_path / "clean", tmp_path / "killed"
    subprocess.run(_cmd(config, corpus, clean), check=True, capture_output=True, cwd=REPO)

    proc = subprocess.Popen(_cmd(config, corpus, killed), cwd=REPO, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    checkpoint = killed / "work" / "checkpoints"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        done = list(checkpoint.glob("*.json"))
        if done and '"part": 3' in done[0].read_text():
            break
        time.sleep(0.02)
    assert proc.poll() is None, "the run finished before it could be killed: make the corpus larger"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert not (killed / "work" / "stats").exists() or not list((killed / "work" / "stats").glob("ingest-*"))

    subprocess.run(_cmd(config, corpus, killed), check=True, capture_output=True, cwd=REPO)
    assert _documents(killed) == _documents(clean)
    for part in sorted((clean / "rel" / "0.1.0" / "data").rglob("*.parquet")):
        twin = killed / "rel" / "0.1.0" / part.relative_to(clean / "rel" / "0.1.0")
        assert part.read_bytes() == twin.read_bytes(), part
    clean_manifest = (clean / "rel" / "0.1.0" / "manifest.json").read_text()
    killed_manifest = (killed / "rel" / "0.1.0" / "manifest.json").read_text()
    assert clean_manifest.replace(str(clean), "X") == killed_manifest.replace(str(killed), "X")
