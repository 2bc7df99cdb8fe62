"""CascadeScorer: which texts reach the second scorer, how attributes merge, and what `stats` measures."""
from __future__ import annotations

import pickle
import time
from typing import Sequence

import numpy as np
import pytest

from miner.scoring import get_scorer
from miner.scoring.base import Scorer, clip01
from miner.scoring.cascade import CascadeScorer


class LengthScorer(Scorer):
    """Toxicity = length / 100: a first pass whose scores the test controls through the texts."""

    name, version, attributes = "length", "1", ("toxicity", "shouting")

    def score(self, texts: Sequence[str], langs: Sequence[str] | None = None) -> dict[str, np.ndarray]:
        return {
            "toxicity": clip01([len(t) / 100 for t in texts]),
            "shouting": clip01([t.isupper() for t in texts]),
        }


class RecordingScorer(Scorer):
    """Toxicity = share of 'x' characters; records what it was asked and takes `delay` seconds per text."""

    name, version, attributes = "xshare", "2", ("toxicity", "insult")

    def __init__(self, delay: float = 0.0):
        self.delay = delay
        self.calls: list[tuple[list[str], list[str] | None]] = []

    def score(self, texts: Sequence[str], langs: Sequence[str] | None = None) -> dict[str, np.ndarray]:
        self.calls.append((list(texts), None if langs is None else list(langs)))
        time.sleep(self.delay * len(texts))
        share = [t.count("x") / max(len(t), 1) for t in texts]
        return {"toxicity": clip01(share), "insult": clip01([0.5] * len(texts))}


def _texts(lengths: Sequence[int]) -> list[str]:
    return ["ax" * (n // 2) + "a" * (n % 2) for n in lengths]


def test_only_texts_in_band_are_refined_and_merged():
    second = RecordingScorer()
    cascade = CascadeScorer(LengthScorer(), second, (0.25, 0.5))
    texts = _texts([10, 25, 40, 50, 51, 90, 0])
    langs = ["en", "de", "fr", "ja", "ko", "sv", "en"]
    scores = cascade.score(texts, langs)

    # band edges are inclusive; one call per text (scores must not depend on the batch)
    assert second.calls == [([texts[1]], ["de"]), ([texts[2]], ["fr"]), ([texts[3]], ["ja"])]
    assert cascade.attributes == ("toxicity", "shouting", "insult", "refined")
    assert list(scores) == list(cascade.attributes)
    np.testing.assert_array_equal(scores["refined"], [0, 1, 1, 1, 0, 0, 0])
    np.testing.assert_allclose(scores["toxicity"], [0.1, 0.48, 0.5, 0.5, 0.51, 0.9, 0.0], atol=1e-6)
    np.testing.assert_array_equal(scores["insult"], [0, 0.5, 0.5, 0.5, 0, 0, 0])
    for values in scores.values():
        assert values.dtype == np.float32 and values.shape == (len(texts),)


def test_no_text_in_band_skips_second_scorer():
    second = RecordingScorer()
    cascade = CascadeScorer(LengthScorer(), second, (0.8, 1.0))
    scores = cascade.score(_texts([1, 2, 3]))
    assert second.calls == []
    assert set(scores) == {"toxicity", "shouting", "insult", "refined"}
    assert not scores["refined"].any() and not scores["insult"].any()
    assert cascade.stats["est_seconds_saved"] is None  # nothing measured yet
    assert cascade.score([])["toxicity"].shape == (0,)


def test_stats_count_and_estimate_the_saving():
    cascade = CascadeScorer(LengthScorer(), RecordingScorer(delay=0.01), (0.5, 1.0))
    cascade.score(_texts([10, 60, 70, 20]))
    cascade.score(_texts([80, 5, 5, 5, 5, 5]))
    stats = cascade.stats
    assert (stats["texts_first"], stats["texts_refined"]) == (10, 3)
    assert stats["share_not_refined"] == pytest.approx(0.7)
    assert stats["seconds_second"] >= 0.03 and stats["seconds_first"] < stats["seconds_second"]
    assert stats["second_seconds_per_text"] == pytest.approx(stats["seconds_second"] / 3)
    assert stats["est_seconds_saved"] == pytest.approx(7 * stats["second_seconds_per_text"])


def test_name_version_and_band_validation():
    cascade = CascadeScorer(LengthScorer(), RecordingScorer(), (0.25, 0.75))
    assert cascade.name == "cascade-length-xshare"
    assert cascade.tag == "cascade-length-xshare@length@1+xshare@2+band0.25-0.75"
    for band in [(0.6, 0.4), (-0.1, 0.5), (0.5, 1.5)]:
        with pytest.raises(ValueError, match="refine_band"):
            CascadeScorer(LengthScorer(), RecordingScorer(), band)


def test_built_from_registry_specs_and_picklable():
    cascade = get_scorer(
        "cascade",
        first={"name": "wordlist"},
        second={"name": "wordlist", "params": {"scale": 90.0}},
        refine_band=[0.01, 1.0],
    )
    texts, langs = ["what a lovely day", "shit, fuck this"], ["en", "en"]
    cheap = get_scorer("wordlist").score(texts, langs)["toxicity"]
    precise = get_scorer("wordlist", scale=90.0).score(texts, langs)["toxicity"]
    assert cheap[0] == 0 and 0 < cheap[1] < precise[1]  # the fixture texts exercise both branches
    for scorer in (cascade, pickle.loads(pickle.dumps(cascade))):
        scores = scorer.score(texts, langs)
        np.testing.assert_array_equal(scores["refined"], [0, 1])
        np.testing.assert_allclose(scores["toxicity"], [cheap[0], precise[1]])


class BatchSensitiveScorer(RecordingScorer):
    """Like RecordingScorer, but every score moves with the batch's size: what padding does to e5-tox."""

    def score(self, texts, langs=None):
        out = super().score(texts, langs)
        out["toxicity"] = clip01(out["toxicity"] * (1 - 0.01 * (len(texts) - 1)))
        return out


def test_refined_scores_do_not_depend_on_the_batch():
    texts = _texts([30, 40, 45, 33, 50, 26])
    alone = [CascadeScorer(LengthScorer(), BatchSensitiveScorer(), (0.25, 0.5)).score([t])["toxicity"][0]
             for t in texts]
    together = CascadeScorer(LengthScorer(), BatchSensitiveScorer(), (0.25, 0.5)).score(texts)["toxicity"]
    shuffled = CascadeScorer(LengthScorer(), BatchSensitiveScorer(), (0.25, 0.5)).score(texts[::-1])["toxicity"]
    assert np.asarray(alone, dtype=np.float32).tobytes() == together.tobytes() == shuffled[::-1].tobytes()


def test_batch_invariant_scorer_is_called_once():
    second = RecordingScorer()
    second.batch_invariant = True
    CascadeScorer(LengthScorer(), second, (0.25, 0.5)).score(_texts([30, 40, 45]))
    assert len(second.calls) == 1
