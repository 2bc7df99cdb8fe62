"""Seeded synthetic corpora with planted near-duplicates at chosen Jaccard levels, for tests and benchmarks.

Real web text cannot ship in the repo, and precision/recall need ground truth, so documents are drawn from a
Zipfian vocabulary of made-up words in each script (Latin, Cyrillic, Arabic, Devanagari, Hangul with spaces;
Han and kana without). A near-duplicate is its base after a prefix of a random edit sequence (substitutions,
span deletions and insertions), the prefix length bisected until the variant's shingle Jaccard with the base
(as miner.dedup.shingles measures it) is closest to the target.
"""
from __future__ import annotations

import itertools
import random
from dataclasses import dataclass

from miner.dedup.shingles import is_char_language, jaccard, shingles

# Per language: code-point ranges letters are drawn from (a range at random, then a letter in it), letters per
# word, joiner between words.
_SCRIPTS: dict[str, tuple[list[tuple[int, int]], tuple[int, int], str]] = {
    "en": ([(0x61, 0x7A)], (2, 9), " "),
    "ru": ([(0x430, 0x44F)], (2, 10), " "),
    "ar": ([(0x627, 0x63A), (0x641, 0x64A)], (2, 8), " "),
    "hi": ([(0x915, 0x939), (0x93E, 0x94C)], (2, 7), " "),
    "ko": ([(0xAC00, 0xD7A3)], (1, 4), " "),
    "zh": ([(0x4E00, 0x5DFF)], (1, 3), ""),
    "ja": ([(0x3041, 0x3096), (0x3041, 0x3096), (0x30A1, 0x30FA), (0x4E00, 0x5DFF)], (1, 4), ""),
}
LANGUAGES = tuple(_SCRIPTS)
_SENTENCE_END = {"zh": "。", "ja": "。", "ar": "؟", "hi": "।"}


@dataclass(frozen=True)
class SyntheticDoc:
    doc_id: str
    lang: str
    text: str
    base_id: str          # doc_id of the document it was derived from (itself for a base)
    target_jaccard: float  # 1.0 for a base or an exact copy


class _Language:
    """A Zipfian vocabulary of made-up words in one script, and text rendering for it."""

    def __init__(self, lang: str, rng: random.Random, vocab_size: int = 20_000):
        ranges, (lo, hi), self.joiner = _SCRIPTS[lang]
        self.lang = lang
        alphabets = [[chr(c) for c in range(a, b + 1)] for a, b in ranges]
        self.vocab = ["".join(rng.choice(rng.choice(alphabets)) for _ in range(rng.randint(lo, hi)))
                      for _ in range(vocab_size)]
        self.cum_weights = list(itertools.accumulate(1.0 / (r + 1) ** 1.1 for r in range(vocab_size)))

    def words(self, rng: random.Random, n: int) -> list[str]:
        return rng.choices(self.vocab, cum_weights=self.cum_weights, k=n)

    def render(self, words: list[str], rng: random.Random) -> str:
        """Words joined per script, with sentence ends and capitals (removed again by normalisation)."""
        end = _SENTENCE_END.get(self.lang, ".")
        out, sentence = [], []
        for w in words:
            sentence.append(w)
            if len(sentence) >= rng.randint(8, 20):
                out.append(self.joiner.join(sentence) + end)
                sentence = []
        if sentence:
            out.append(self.joiner.join(sentence) + end)
        text = " ".join(out) if self.joiner else "".join(out)
        return text[:1].upper() + text[1:]


def _edit(words: list[str], edits: list[tuple[str, float, list[str]]]) -> list[str]:
    out = list(words)
    for op, where, payload in edits:
        i = int(where * len(out))
        if op == "sub" and out:
            out[min(i, len(out) - 1)] = payload[0]
        elif op == "del":
            del out[i : i + len(payload)]
        else:
            out[i:i] = payload
    return out


def near_duplicate(words: list[str], lang: _Language, target: float, rng: random.Random) -> list[str]:
    """A variant of `words` whose shingle Jaccard with them is as close to `target` as the edit steps allow."""
    base = shingles(lang.joiner.join(words), lang.lang)
    edits = []
    for _ in range(4 * len(words)):
        op = rng.choices(("sub", "del", "ins"), weights=(6, 2, 2))[0]
        span = 1 if op == "sub" else rng.randint(1, 8)
        edits.append((op, rng.random(), lang.words(rng, span)))

    def sim(k: int) -> float:
        return jaccard(base, shingles(lang.joiner.join(_edit(words, edits[:k])), lang.lang))

    lo, hi = 0, len(edits)  # sim(lo) >= target > sim(hi) (almost surely: 4n edits leave little of the base)
    while hi - lo > 1:
        mid = (lo + hi) // 2
        lo, hi = (mid, hi) if sim(mid) >= target else (lo, mid)
    best = min((lo, hi), key=lambda k: abs(sim(k) - target))
    return _edit(words, edits[:best])


def corpus(n_base: int, langs: tuple[str, ...] = LANGUAGES, seed: int = 0, jaccard_range: tuple[float, float] = (0.3, 1.0),
           min_words: int = 60, max_words: int = 400) -> list[SyntheticDoc]:
    """`n_base` base documents per language; about 60% get one near-duplicate, 15% two (target Jaccard uniform
    in `jaccard_range`), 10% an exact copy that differs only in case and punctuation. Character-shingled
    languages get half as many words (of 1-4 characters) so documents have a similar number of shingles."""
    rng = random.Random(seed)
    docs: list[SyntheticDoc] = []
    for lang in langs:
        language = _Language(lang, rng)
        scale = 2 if is_char_language(lang) else 1
        for i in range(n_base):
            base_id = f"{lang}-{i:05d}"
            words = language.words(rng, rng.randint(min_words, max_words) // scale)
            docs.append(SyntheticDoc(base_id, lang, language.render(words, rng), base_id, 1.0))
            r = rng.random()
            n_variants = 2 if r < 0.15 else 1 if r < 0.75 else 0
            for v in range(n_variants):
                target = round(rng.uniform(*jaccard_range), 3)
                variant = near_duplicate(words, language, target, rng)
                docs.append(SyntheticDoc(f"{base_id}-v{v}", lang, language.render(variant, rng), base_id, target))
            if rng.random() < 0.10:
                copy = language.render(words, rng).upper().replace(" ", "  ")
                docs.append(SyntheticDoc(f"{base_id}-x", lang, "« " + copy + " »", base_id, 1.0))
    return docs
