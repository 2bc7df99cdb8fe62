"""e5-tox's token window (`max_tokens`) and batch independence: a text's score is the same bits whether it is
scored alone or in a batch of other texts of any length, with or without the window."""
from __future__ import annotations

from functools import lru_cache

import numpy as np
import pytest

from miner.scoring import get_scorer
from miner.scoring.e5_tox import MAX_TOKENS
from miner.scoring.embed import MAX_CHARS, E5Embedder, _key

# hand-written, not from a data set; long ones are repeated to pass the window
EN = "The committee met again on Tuesday to discuss the new budget for the city's parks and libraries. "
ZH = "委员会星期二再次开会，讨论城市公园和图书馆的新预算。"
TEXTS = [EN * 12, ZH * 30, "you are a stupid idiot", "", EN * 3, ZH, "Merci pour le dîner d'hier soir. " * 20]
LANGS = ["en", "zh", "en", "en", "en", "zh", "fr"]


@lru_cache(maxsize=None)
def _scorer(max_tokens):
    return get_scorer("e5-tox", max_tokens=max_tokens)


@pytest.mark.parametrize("max_tokens", [MAX_TOKENS, None])
def test_score_alone_equals_score_in_mixed_batch(max_tokens):
    scorer = _scorer(max_tokens)
    batch = scorer.score(TEXTS, LANGS)["toxicity"]
    alone = np.concatenate([scorer.score([t], [lang])["toxicity"] for t, lang in zip(TEXTS, LANGS)])
    assert np.array_equal(batch, alone)
    order = np.argsort([len(t) for t in TEXTS], kind="stable")
    by_length = scorer.score([TEXTS[i] for i in order], [LANGS[i] for i in order])["toxicity"]
    assert np.array_equal(by_length, batch[order])


def test_window_is_the_longest_prefix_within_max_tokens():
    embed = _scorer(MAX_TOKENS).embed
    for text in TEXTS:
        clean = text[:MAX_CHARS]
        cut = embed.window(text)
        assert clean.startswith(cut) and embed.tokens(cut) <= MAX_TOKENS
        if cut != clean:  # one more character would pass the budget
            assert embed.tokens(clean[:len(cut) + 1]) > MAX_TOKENS
    assert embed.window(EN) == EN  # short texts are embedded whole
    assert embed.window(EN * 12) != EN * 12 and len(embed.window(ZH * 30)) < len(embed.window(EN * 12))


def test_window_changes_long_texts_only_and_the_version_says_so():
    windowed, full = _scorer(MAX_TOKENS), _scorer(None)
    short = [t for t in TEXTS if windowed.embed.tokens(t[:MAX_CHARS]) <= MAX_TOKENS]
    assert short and np.array_equal(windowed.score(short)["toxicity"], full.score(short)["toxicity"])
    assert not np.array_equal(windowed.embed([EN * 12]), full.embed([EN * 12]))
    assert windowed.tag == f"{full.tag}+w{MAX_TOKENS}"


@pytest.mark.parametrize("bad", [0, 7, 513, -1])
def test_max_tokens_out_of_range_is_refused(bad):
    with pytest.raises(ValueError, match="max_tokens"):
        E5Embedder(max_tokens=bad)


def test_cache_key_tells_windows_apart():
    assert _key("x", "query", None) != _key("x", "query", 128) != _key("x", "query", 64)
    assert _key("x") == _key("x", "passage", None)  # keys of untruncated passages are unchanged
