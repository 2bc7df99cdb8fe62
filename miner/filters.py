"""Per-language length and quality filters for extracted web documents, in the style of datatrove's filters.

`QualityFilter.filter(text, lang)` returns True to keep a document, or `(False, reason)` with one of the
stable reasons in `REASONS` (checked in that order, the first failure wins). Word counts treat every CJK
character as a word (zh/ja have no spaces; Korean does), so the same `min_words` works in all 17 languages;
character minimums are lowered for zh/ja/ko (`DEFAULT_MIN_CHARS_SCALE`), where one character carries about
as much as two or three Latin ones.
"""
from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace

from miner.text.chars import CharTable, base_lang, count_words

REASONS = ("too_short_chars", "too_few_words", "symbol_ratio", "digit_ratio", "dup_lines")

#: Unicode symbols (category S: + < = > | $ © ★ → ...) below U+1F000, plus punctuation that web boilerplate
#: uses as decoration ("###", "__", "•"). Not counted, because toxic social text is full of them (on the shared
#: toxicity data they rejected 3% of en/ar/ko comments): emoji (U+1F000 on), "@", the expressive "~ ～ ^"
#: (ko/zh "~~~", "^^"), and "*", which censors profanity ("k***a").
_DECORATION = frozenset("#_\\•·")
_NOT_SYMBOLS = frozenset("~^～")


def _char_class(ch: str) -> str:
    """"0" space, "1" digit, "2" symbol, "3" other: `filter` translates a text to classes, then counts them."""
    if ch.isspace():
        return "0"
    if ch.isdigit():
        return "1"
    if ch in _DECORATION or (unicodedata.category(ch)[0] == "S" and ch < "\U0001f000" and ch not in _NOT_SYMBOLS):
        return "2"
    return "3"


_CHAR_CLASSES = CharTable(_char_class)


@dataclass(frozen=True)
class Thresholds:
    """Limits for one language. A document must satisfy all of them to be kept.

    min_chars: characters after stripping outer whitespace (200: roughly two sentences of Latin-script text).
    min_words: see `miner.text.chars.count_words` (30: PTP-style prompts need some context on both halves).
    max_symbol_ratio: symbols / non-space characters (0.1: menus, emoji spam, ASCII art; ordinary prose,
        tweets included, stays far below).
    max_digit_ratio: digits / non-space characters (0.2: tables, price lists, scores, timestamps).
    max_dup_line_ratio: non-empty lines that repeat an earlier line / non-empty lines (0.3, Gopher's
        dup_line_frac: repeated navigation, "Reply" / "Share" lines).
    """

    min_chars: int = 200
    min_words: int = 30
    max_symbol_ratio: float = 0.1
    max_digit_ratio: float = 0.2
    max_dup_line_ratio: float = 0.3


#: min_chars is multiplied by this for scripts denser than Latin (so the defaults are zh/ja 80, ko 100
#: characters), unless `per_lang` sets min_chars for the language.
DEFAULT_MIN_CHARS_SCALE: Mapping[str, float] = {"zh": 0.4, "ja": 0.4, "ko": 0.5}

_FIELDS = tuple(f.name for f in fields(Thresholds))


class QualityFilter:
    """Keep documents long enough and free of the most common kinds of web junk.

    Global thresholds come from the keyword arguments. For zh/ja/ko, min_chars is first scaled by
    `DEFAULT_MIN_CHARS_SCALE`; then `per_lang` (ISO 639-1 code -> overrides of any threshold, e.g.
    {"zh": {"min_chars": 60}}) is applied on top, so per_lang=None and {} both mean "the defaults".
    """

    def __init__(
        self,
        min_chars: int = Thresholds.min_chars,
        min_words: int = Thresholds.min_words,
        max_symbol_ratio: float = Thresholds.max_symbol_ratio,
        max_digit_ratio: float = Thresholds.max_digit_ratio,
        max_dup_line_ratio: float = Thresholds.max_dup_line_ratio,
        per_lang: Mapping[str, Mapping[str, float]] | None = None,
    ) -> None:
        self.default = Thresholds(min_chars, min_words, max_symbol_ratio, max_digit_ratio, max_dup_line_ratio)
        _validate(self.default, "QualityFilter")
        merged: dict[str, dict[str, float]] = {
            lang: {"min_chars": round(min_chars * k)} for lang, k in DEFAULT_MIN_CHARS_SCALE.items()
        }
        for lang, overrides in (per_lang or {}).items():
            merged.setdefault(base_lang(lang), {}).update(overrides)
        self.per_lang: dict[str, Thresholds] = {}
        for lang, overrides in merged.items():
            unknown = set(overrides) - set(_FIELDS)
            if unknown:
                raise ValueError(
                    f"QualityFilter per_lang[{lang!r}] has unknown keys {sorted(unknown)}; allowed: {list(_FIELDS)}"
                )
            thresholds = replace(self.default, **overrides)
            _validate(thresholds, f"QualityFilter per_lang[{lang!r}]")
            self.per_lang[lang] = thresholds

    def thresholds(self, lang: str) -> Thresholds:
        return self.per_lang.get(base_lang(lang), self.default)

    def filter(self, text: str, lang: str) -> bool | tuple[bool, str]:
        """True to keep `text`, else (False, reason) with reason in `REASONS`."""
        t = self.thresholds(lang)
        stripped = text.strip()
        if len(stripped) < t.min_chars:
            return False, "too_short_chars"
        if count_words(stripped, stop_at=t.min_words) < t.min_words:
            return False, "too_few_words"
        classes = stripped.translate(_CHAR_CLASSES)
        digits, symbols = classes.count("1"), classes.count("2")
        visible = len(classes) - classes.count("0")
        if symbols > t.max_symbol_ratio * visible:
            return False, "symbol_ratio"
        if digits > t.max_digit_ratio * visible:
            return False, "digit_ratio"
        lines = [line.strip() for line in stripped.splitlines()]
        lines = [line for line in lines if line]
        if len(lines) - len(set(lines)) > t.max_dup_line_ratio * len(lines):
            return False, "dup_lines"
        return True


def _validate(t: Thresholds, where: str) -> None:
    if t.min_chars < 0 or t.min_words < 0:
        raise ValueError(f"{where}: min_chars and min_words must be >= 0, got {t.min_chars} and {t.min_words}")
    for name in ("max_symbol_ratio", "max_digit_ratio", "max_dup_line_ratio"):
        value = getattr(t, name)
        if not 0.0 <= value <= 1.0:
            raise ValueError(f"{where}: {name} must be in [0, 1], got {value}")
