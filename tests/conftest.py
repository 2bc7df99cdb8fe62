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
