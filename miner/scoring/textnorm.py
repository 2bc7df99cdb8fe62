"""Text normalisation for the toxicity scorers.

Web text hides toxicity behind case, elongation ("stuuuupid"), leetspeak ("1d10t", "$h1t") and Unicode
look-alikes; the model should see one spelling. Everything here is total: any `str` (lone surrogates,
control characters, megabytes of text) gives a defined result and never raises.
"""
from __future__ import annotations

import re
import unicodedata

from miner.text.chars import CharTable

#: characters kept per text; toxicity of a prompt is decided well inside this window
MAX_CHARS = 2000

# C0/C1 controls (not tab/newline), zero-width and bidi marks, BOM, lone surrogates
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"
                      r"\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ud800-\udfff]")
_SPACE = re.compile(r"\s+")
_URL = re.compile(r"(?:https?://|www\.)\S+")
_USER = re.compile(r"(?<!\w)@\w+")
_ELONGATED = re.compile(r"(.)\1\1+")
# a word that mixes letters with leet symbols ("sh1t", "1d10t", "$hit", "h@te"); plain numbers stay
_LEET_WORD = re.compile(r"(?<![\w@$])(?:[^\W\d_]+[\d@$]+|[\d@$]+[^\W\d_])[\w@$]*")
_LEET_CHAR = re.compile(r"[\d@$]")
_LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s"})
# punctuation becomes its own token (fastText splits on spaces only); * ' - stay inside words (f*ck, don't)
_PUNCT = re.compile(r"([^\w\s*'-])")
# Han, Kana, Hangul syllables: scripts written without spaces get one token per character
CJK = re.compile(r"([\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af])")


# punctuation and CJK spaced out in one C pass (instead of two regex substitutions with templates)
_TOKENS = CharTable(lambda ch: f" {ch} " if _PUNCT.match(ch) or CJK.match(ch) else ch)


def sanitize(text: object, max_chars: int = MAX_CHARS) -> str:
    """Any input as clean text: str-coerced, invalid code points replaced, control characters removed,
    cut to `max_chars`. `None` and non-strings become "" / their `str()`."""
    if text is None:
        return ""
    if not isinstance(text, str):
        text = str(text)
    text = text[:max_chars]
    return _CONTROL.sub(" ", text)  # includes lone surrogates, which cannot be encoded


def dedup_key(text: str) -> str:
    """NFKC, lower-cased, whitespace-folded text: two rows with the same key are the same text."""
    return _SPACE.sub(" ", unicodedata.normalize("NFKC", sanitize(text, 10**9)).lower()).strip()


def _deleet(match: re.Match) -> str:
    return match.group(0).translate(_LEET)


def normalize(text: object, max_chars: int = MAX_CHARS) -> str:
    """The model's view of a text: one line of space-separated tokens.

    NFKC + lower case, URLs and @mentions replaced by placeholders, runs of 3+ equal characters cut to 2,
    leetspeak undone inside words, punctuation split off, CJK characters spaced apart.
    """
    t = unicodedata.normalize("NFKC", sanitize(text, max_chars)).lower()
    if "http" in t or "www." in t:
        t = _URL.sub(" xurl ", t)
    if "@" in t:
        t = _USER.sub(" xuser ", t)
    t = _ELONGATED.sub(r"\1\1", t)
    if _LEET_CHAR.search(t):
        t = _LEET_WORD.sub(_deleet, t)
    return " ".join(t.translate(_TOKENS).split())
