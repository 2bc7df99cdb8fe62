"""Character classes shared by sentence splitting, prompt cutting and quality filters.

Chinese and Japanese are written without spaces, so "word" logic must know which characters are CJK; every
other letter, digit or combining mark belongs to a space-delimited word. Hangul has spaces between words and
is therefore *not* in the CJK class. Python's `\\w` excludes combining marks (Devanagari vowel signs, Arabic
harakat), so the word class adds them explicitly.
"""
from __future__ import annotations

import re
import unicodedata
from itertools import islice
from typing import Callable

#: Han ideographs (radicals, ext. A, URO, compatibility, ext. B+), kana (incl. ー and half-width katakana),
#: and the iteration marks 々〆〇 that behave like ideographs.
CJK_RANGES = (
    "\u2e80-\u2fdf\u3005-\u3007\u3021-\u3029\u3040-\u309f\u30a0-\u30ff\u3400-\u4dbf\u4e00-\u9fff"
    "\uf900-\ufaff\uff66-\uff9f\U00020000-\U0003134f"
)
CJK_RE = re.compile(f"[{CJK_RANGES}]")

#: Languages written without spaces between words: a "word" there is one character.
CHAR_LANGS = frozenset({"zh", "ja"})

OPENERS = "\"'([{“‘„‚«‹¿¡「『（【〔〈《〖〘〚［｛＂＇"
CLOSERS = "\"')]}”’»›」』）】〕〉》〗〙〛］｝＂＇"


class CharTable(dict):
    """A `str.translate` table given by a rule per character (the replacement, or None to delete it), filled in
    as characters are first seen: one C pass over a text instead of a regex scan or a Python loop per character,
    without building a table for all 1.1M code points up front (about 0.5 s per process)."""

    def __init__(self, rule: Callable[[str], str | None]) -> None:
        super().__init__()
        self.rule = rule

    def __missing__(self, cp: int) -> str | None:
        self[cp] = value = self.rule(chr(cp))
        return value


def category_class(prefix: str | tuple[str, ...], first: int = 0x20, last: int = 0x1FFFF) -> str:
    """Regex character-class body (no brackets) of the code points in [first, last] whose Unicode category starts
    with `prefix` ("M", or ("Pe", "Pf", "Po")). Built once at import: Python's `re` has no \\p{...}."""
    parts, start, prev = [], None, None
    for cp in range(first, last + 1):
        if unicodedata.category(chr(cp)).startswith(prefix):
            if start is None:
                start = cp
            elif cp != prev + 1:
                parts.append((start, prev))
                start = cp
            prev = cp
    if start is not None:
        parts.append((start, prev))
    return "".join(re.escape(chr(a)) + (f"-{re.escape(chr(b))}" if a != b else "") for a, b in parts)


_MARKS = category_class("M", 0x300)
#: regex class body of combining marks, ZWNJ/ZWJ and variation selectors: nothing may be cut off before one
MARKS = _MARKS + "\u200c\u200d\ufe00-\ufe0f"
#: one character of a space-delimited word: letter, digit, "_", combining mark, ZWNJ/ZWJ; never CJK
WORD_CHAR = rf"(?:[^\W{CJK_RANGES}]|[{_MARKS}\u200c\u200d])"
WORD_CHAR_RE = re.compile(WORD_CHAR)
_MARK_RE = re.compile(f"[{MARKS}]")
_LETTER_OR_MARK_RE = re.compile(rf"[^\W_]|[{_MARKS}]")


def base_lang(lang: str) -> str:
    """ISO 639-1 part of a tag: "zh-Hans" -> "zh", "PT_br" -> "pt"."""
    return re.split(r"[-_]", lang.strip(), maxsplit=1)[0].lower()


def is_word_char(ch: str) -> bool:
    """True for a character inside a space-delimited word (see WORD_CHAR)."""
    return WORD_CHAR_RE.match(ch) is not None


def is_mark(ch: str) -> bool:
    """Combining marks, joiners and variation selectors: a cut must never come right before one."""
    return _MARK_RE.match(ch) is not None


def count_words(text: str, stop_at: int | None = None) -> int:
    """Words in any script: each CJK character counts one, every other whitespace-delimited token that holds
    a letter or digit counts one (so "don't" is one word, "—" none). With `stop_at`, counting stops there
    (enough to compare with a minimum)."""
    cjk = len(CJK_RE.findall(text))
    if cjk:
        text = CJK_RE.sub(" ", text)
    words = (1 for w in text.split() if w.isalnum() or _LETTER_OR_MARK_RE.search(w))
    return cjk + sum(islice(words, None if stop_at is None else max(0, stop_at - cjk)))
