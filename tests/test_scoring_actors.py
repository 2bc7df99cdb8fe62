"""score_batches_on_ray: a pool of scorer actors on a local 2-CPU Ray cluster.

Slow: starting Ray and its actors takes 10-25 s on a busy 2-core machine (`pytest -m slow`)."""
from __future__ import annotations

import numpy as np
import pytest

from miner.scoring import get_scorer, register
from miner.scoring.actors import score_batches_on_ray

ray = pytest.importorskip("ray")
pytestmark = pytest.mark.slow

TEXTS = ["what a lovely day", "shit, fuck this", "damn it", "ciao bella", "merde alors", "", "fuck fuck fuck"]
LANGS = ["en", "en", "en", "it", "fr", "en", "en"]


@pytest.fixture(scope="module")
def ray_cluster(tmp_path_factory):
    started = not ray.is_initialized()
    if started:
        ray.init(num_cpus=2, include_dashboard=False, _temp_dir=str(tmp_path_factory.mktemp("ray")),
                 log_to_driver=False)
    yield
    if started:
        ray.shutdown()


def _batches(n: int) -> list[tuple[list[str], list[str]]]:
    """n batches of different sizes, so a slow one could finish after a later quick one."""
    return [(TEXTS[: 1 + i % len(TEXTS)] * (1 + (i * 37) % 5), LANGS[: 1 + i % len(TEXTS)] * (1 + (i * 37) % 5))
            for i in range(n)]


def test_results_in_input_order_and_streamed(ray_cluster):
    batches = _batches(9)
    consumed: list[int] = []

    def feed():
        for i, batch in enumerate(batches):
            consumed.append(i)
            yield batch

    results = score_batches_on_ray("wordlist", {}, feed(), num_actors=2)
    first = next(results)
    assert len(consumed) <= 5  # at most 2 batches per actor in flight, plus the one being submitted
    results = [first, *results]
    local = get_scorer("wordlist")
    assert len(results) == len(batches)
    for (texts, langs), got in zip(batches, results):
        want = local.score(texts, langs)
        assert set(got) == set(want)
        for name in want:
            np.testing.assert_array_equal(got[name], want[name])
    assert any(r["toxicity"].max() > 0 for r in results)  # the batches are not all trivially zero


def test_scorer_registered_at_run_time_is_built_in_actors(ray_cluster):
    register("test-cascade", "miner.scoring.cascade:cascade_from_specs")
    params = {"first": {"name": "wordlist"}, "second": {"name": "wordlist", "params": {"scale": 90.0}},
              "refine_band": [0.01, 1.0]}
    batches = _batches(3)
    results = list(score_batches_on_ray("test-cascade", params, batches, num_actors=1))
    local = get_scorer("test-cascade", **params)
    for (texts, langs), got in zip(batches, results):
        np.testing.assert_array_equal(got["toxicity"], local.score(texts, langs)["toxicity"])
    assert any(r["refined"].any() for r in results)  # the second stage did run inside the actor


def test_bad_requests_fail_fast(ray_cluster):
    with pytest.raises(KeyError, match="unknown scorer"):
        next(score_batches_on_ray("no-such-scorer", {}, _batches(1), num_actors=1))
    with pytest.raises(ValueError, match="CPUs"):
        next(score_batches_on_ray("wordlist", {}, _batches(1), num_actors=3))
    with pytest.raises(ValueError, match="GPU"):
        next(score_batches_on_ray("wordlist", {}, _batches(1), num_actors=1, num_gpus_per_actor=1))


def test_scorer_errors_in_actors_reach_the_caller(ray_cluster):
    with pytest.raises(Exception, match="no_such_param"):
        list(score_batches_on_ray("wordlist", {"no_such_param": 1}, _batches(2), num_actors=1))
