"""Shared fixtures. Tests that read the real data in ../shared/data use `shared_data` and skip where it is absent."""
from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED_DATA = REPO.parent / "shared" / "data"
# The demo pipeline's first pass alone: end-to-end tests stay fast (its release scorer, e5-tox, scores about one
# 1,000-character text per CPU-second; tests/test_scope.py covers the precise rounds with fast scorers)
FAST_SCORING = {"first_pass": {"name": "fasttext-tox"}}


def fast_demo_yaml() -> str:
    """pipelines/demo.yaml's text with the scoring section reduced to FAST_SCORING."""
    text = (REPO / "pipelines" / "demo.yaml").read_text()
    start, end = text.index("\nscoring:\n"), text.index("\npairs:")
    return text[:start] + "\nscoring:\n  first_pass: {name: fasttext-tox}\n" + text[end:]


@pytest.fixture(scope="session")
def shared_data() -> Path:
    if not SHARED_DATA.is_dir():
        pytest.skip(f"real test data not found at {SHARED_DATA} (it lives beside the repo in CI, not in it)")
    return SHARED_DATA


@pytest.fixture(scope="session")
def small_demo_release(tmp_path_factory) -> Path:
    """A release of the demo pipeline over a 340-page generated corpus (for the evaluation tests)."""
    from miner.config import load_config
    from miner.demo import generate_demo
    from miner.executors import LocalExecutor
    from miner.pipeline import run_pipeline

    root = tmp_path_factory.mktemp("eval-release")
    generate_demo(root / "corpus", docs=340, seed=3, shards=2)
    config = load_config(REPO / "pipelines" / "demo.yaml", overrides={"scoring": FAST_SCORING})
    return run_pipeline(config, [str(root / "corpus" / "*.warc.gz")], root / "releases", root / "work",
                        LocalExecutor())
