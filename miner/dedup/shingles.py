"""Text normalisation and per-language shingling for deduplication.

Why per language: word n-grams assume spaces between words. Chinese and Japanese have none, so a word
shingler sees one giant "word" per sentence and near-duplicates stop matching (datatrove's minhash with
language="zh" silently does this). Those languages, and Korean, are shingled by characters instead.

Korean is written with spaces, but its spacing (띄어쓰기) varies a lot between copies of the same text on the
web, and its words are short and agglutinative (particles glue on to nouns), so one spacing or particle change
rewrites every word n-gram that covers it. Character n-grams with whitespace removed are unaffected by spacing
(see tests/test_dedup.py::test_korean_spacing_variants_stay_near_duplicates).
"""
from __future__ import annotations

import unicodedata
from collections.abc import Sequence

import numpy as np
import xxhash

from miner.dedup.hashing import fmix64
from miner.text.chars import CharTable

# Languages shingled by characters (whitespace removed). Thai, Lao, Khmer, Burmese and Tibetan are not among
# the 17 PTP languages but do not separate words with spaces either.
CHAR_LANGUAGES = frozenset({"zh", "ja", "ko", "th", "lo", "km", "my", "bo", "yue", "wuu"})


def _fold(ch: str) -> str | None:
    """The `normalize` rule per character: punctuation, symbols, control characters and lone surrogates (which
    cannot be encoded) become spaces; invisible format characters (ZWSP, BOM, soft hyphen) and the Arabic tatweel
    (decoration) vanish; the rest stays. Zero-width (non-)joiners are kept: they change spelling inside words in
    Persian and the Indic scripts."""
    cat = unicodedata.category(ch)
    if cat[0] in "PS" or cat in ("Cc", "Cs", "Zl", "Zp"):
        return " "
    if (cat == "Cf" and ch not in "\u200c\u200d") or ch == "\u0640":
        return None
    return ch


_FOLD = CharTable(_fold)


def normalize(text: str) -> str:
    """NFKC, lowercase, punctuation and symbols removed, whitespace folded to single spaces.

    Also the input of the first-pass scorer (`miner.scoring.fasttext_tox.model_input`): ingest normalises
    each document once for dedup and scoring."""
    folded = unicodedata.normalize("NFKC", text).lower().translate(_FOLD)
    return " ".join(folded.split())


def normalized_hash(text: str, *, normalized: bool = False) -> int:
    """64-bit hash (xxh3_64, unsigned) of the normalised text: equal for copies that differ only in case,
    punctuation, width forms or spacing. Used for exact dedup before MinHash. `normalized=True`: `text` is
    already `normalize()`d (ingest normalises once for this hash and the MinHash shingles)."""
    return xxhash.xxh3_64_intdigest((text if normalized else normalize(text)).encode("utf-8"))


def is_char_language(lang: str | None) -> bool:
    """True if `lang` (ISO 639-1, optionally with a region or script suffix) is shingled by characters."""
    return bool(lang) and lang.lower().replace("_", "-").split("-")[0] in CHAR_LANGUAGES


def shingle_strings(text: str, lang: str | None, ngram: int = 5) -> list[str]:
    """The n-grams of the normalised text in order, repeats included (cheaper than a set when only hashed).

    Word n-grams for space-delimited languages, character n-grams (whitespace removed) for CHAR_LANGUAGES.
    A text shorter than `ngram` units gives one shingle of all of it; an empty text gives none.
    """
    if ngram < 1:
        raise ValueError(f"ngram must be >= 1, got {ngram}")
    norm = normalize(text)
    if is_char_language(lang):
        chars = norm.replace(" ", "")
        if len(chars) <= ngram:
            return [chars] if chars else []
        return [chars[i : i + ngram] for i in range(len(chars) - ngram + 1)]
    words = norm.split(" ") if norm else []
    if len(words) <= ngram:
        return [" ".join(words)] if words else []
    return [" ".join(words[i : i + ngram]) for i in range(len(words) - ngram + 1)]


def _units(norm: str, lang: str | None) -> np.ndarray:
    """The normalised text's units as uint64: xxh3_64 of each word, or each character's code point."""
    if is_char_language(lang):
        chars = norm.replace(" ", "")
        return np.frombuffer(chars.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    h = xxhash.xxh3_64_intdigest
    return np.fromiter((h(w.encode("utf-8")) for w in norm.split()), dtype=np.uint64)


def shingle_hashes(text: str, lang: str | None, ngram: int = 5, *, normalized: bool = False) -> np.ndarray:
    """32-bit hashes of the shingles of shingle_strings(text, lang, ngram), in order, repeats included.

    Computed from unit hashes in numpy (acc = fmix64(acc + unit) over the n units of each shingle, top 32 bits)
    instead of hashing each shingle's bytes: one Python-level hash per word and none per character, which
    makes signatures several times faster. Equal shingles get equal hashes; distinct ones collide with
    probability about 2^-32, so Jaccard over these hashes equals Jaccard over shingles() to within that.
    `normalized=True`: `text` is already `normalize()`d.
    """
    return shingle_hashes_many([text], [lang], ngram, normalized=normalized)[0]


def shingle_hashes_many(texts: Sequence[str], langs: Sequence[str | None], ngram: int = 5, *,
                        normalized: bool = False) -> list[np.ndarray]:
    """`shingle_hashes` of each text, folded for the whole batch at once (numpy's per-call cost, paid per
    document, was half the cost of a web page's hashes)."""
    if ngram < 1:
        raise ValueError(f"ngram must be >= 1, got {ngram}")
    units = [_units(text if normalized else normalize(text), lang) for text, lang in zip(texts, langs)]
    if not units:
        return []
    sizes = np.array([len(u) for u in units], dtype=np.int64)
    widths = np.minimum(sizes, ngram)  # a text shorter than ngram units is one shingle of all of it
    counts = np.where(widths > 0, sizes - widths + 1, 0)
    flat = np.concatenate([*units, np.zeros(ngram, dtype=np.uint64)])  # padded: every window can be read
    ends = np.cumsum(counts)
    # shingle k of text i starts at unit offset(i) + k; as one array: repeat each text's offset - first index
    starts = np.arange(int(ends[-1])) + np.repeat(np.cumsum(sizes) - sizes - (ends - counts), counts)
    width = np.repeat(widths, counts)
    acc = np.full(len(starts), np.uint64(ngram), dtype=np.uint64)
    for j in range(ngram):
        folded = fmix64(acc + flat[starts + j])
        acc = folded if j == 0 else np.where(width > j, folded, acc)
    return np.split((acc >> np.uint64(32)).astype(np.uint32), ends[:-1])


def shingles(text: str, lang: str | None, ngram: int = 5) -> set[bytes]:
    """The set of UTF-8 encoded shingles of `text` (see shingle_strings); the unit of Jaccard similarity."""
    return {s.encode("utf-8") for s in shingle_strings(text, lang, ngram)}


def jaccard(a: set[bytes], b: set[bytes]) -> float:
    """Exact Jaccard similarity of two shingle sets (two empty sets are identical: 1.0)."""
    if not a and not b:
        return 1.0
    inter = len(a & b)
    return inter / (len(a) + len(b) - inter)
