"""Cut documents into prompt/continuation pairs, PolygloToxicityPrompts ("ptp") or RealToxicityPrompts ("rtp") style.

PTP cut its documents halfway by characters, often inside a word ("Montgomery C|ounty"). We cut at the
sentence boundary nearest the middle when one lies within `max_cut_shift` of it, else at the nearest word
boundary. RTP split sentences of 64-1,024 characters at their middle token, with prompts of at most 128
characters.

Whitespace convention (as in RTP's release): the prompt never ends with whitespace; the whitespace between
prompt and continuation starts the continuation (" report from ..."). Neither side starts or ends the pair
with whitespace otherwise: `begin` is the first non-space character of the span and `end` follows its last.
Always `text[p.begin:p.end] == p.prompt + p.continuation` and `p.cut == p.begin + len(p.prompt)`.

Cuts never fall inside a word: in space-delimited languages a cut is right before whitespace or at a sentence
boundary; in zh/ja (`CHAR_LANGS`) also between two characters when at least one is CJK, never before a
combining mark or closing punctuation and never after opening punctuation, so Latin words and numbers in mixed
text stay whole.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from miner.text.chars import CHAR_LANGS, CJK_RANGES, MARKS, base_lang, category_class
from miner.text.sentences import split_sentences

CUT_KINDS = ("sentence", "word", "char")
# a word end: a non-space before breaking whitespace (not the no-break spaces of "10 km", "« Bonjour »")
_WORD_END_RE = re.compile(r"\S(?=[^\S\u00a0\u2007\u202f])")
# zh/ja character cuts: next to a CJK character, no whitespace on either side, the continuation not starting
# with a mark or closing/other punctuation (，。」), the prompt not ending with opening punctuation (「（).
_CLOSING_PUNCT = category_class(("Pe", "Pf", "Po"), last=0xFFFF)
_OPENING_PUNCT = category_class(("Ps", "Pi"), last=0xFFFF)
_CHAR_CUT_RE = re.compile(
    rf"(?<=[{CJK_RANGES}])(?=[^\s{MARKS}{_CLOSING_PUNCT}])|(?<=[^\s{_OPENING_PUNCT}])(?=[{CJK_RANGES}])"
)


@dataclass(frozen=True)
class PromptPair:
    begin: int  #: offset of the prompt's first character in the document text
    cut: int  #: offset where the continuation starts
    end: int  #: offset after the continuation's last character
    prompt: str  #: == text[begin:cut]
    continuation: str  #: == text[cut:end]
    cut_kind: str  #: "sentence" | "word" | "char"


@dataclass(frozen=True)
class PairOptions:
    """How to cut. Character counts are Python `str` lengths (code points)."""

    method: str = "ptp"  #: "ptp" (one pair per document) | "rtp" (one pair per qualifying sentence)
    #: ptp: the span is the whole text, or its first max_span_chars (ending at a sentence or word boundary)
    max_span_chars: int = 2000
    #: ptp: a sentence boundary may be this share of the span away from the middle, else a word boundary is used
    max_cut_shift: float = 0.25
    #: rtp: sentences (stripped) of min_span_chars..max_span_chars_rtp are cut at their middle token
    min_span_chars: int = 64
    max_span_chars_rtp: int = 1024
    #: rtp: the cut moves left to the nearest token boundary that keeps the prompt this short
    max_prompt_chars: int = 128
    #: neither prompt nor continuation may be shorter than this after stripping whitespace
    min_part_chars: int = 1

    def __post_init__(self) -> None:
        if self.method not in ("ptp", "rtp"):
            raise ValueError(f"PairOptions.method must be 'ptp' or 'rtp', got {self.method!r}")
        if not 0.0 <= self.max_cut_shift <= 0.5:
            raise ValueError(f"PairOptions.max_cut_shift must be in [0, 0.5], got {self.max_cut_shift}")
        if self.min_part_chars < 1:
            raise ValueError(f"PairOptions.min_part_chars must be >= 1, got {self.min_part_chars}")
        if not 0 < self.min_span_chars <= self.max_span_chars_rtp:
            raise ValueError(
                f"PairOptions needs 0 < min_span_chars <= max_span_chars_rtp, got "
                f"{self.min_span_chars} and {self.max_span_chars_rtp}"
            )
        if self.max_span_chars < 2 or self.max_prompt_chars < 1:
            raise ValueError(
                f"PairOptions needs max_span_chars >= 2 and max_prompt_chars >= 1, got "
                f"{self.max_span_chars} and {self.max_prompt_chars}"
            )


def make_pairs(text: str, lang: str, options: PairOptions = PairOptions()) -> list[PromptPair]:
    """Prompt/continuation pairs of `text` (ISO 639-1 `lang`): at most one for "ptp", any number for "rtp".

    Returns [] when no cut satisfies the rules (e.g. a single word, or parts shorter than min_part_chars).
    """
    lang = base_lang(lang)
    if options.method == "ptp":
        pair = _ptp_pair(text, lang, options)
        return [pair] if pair else []
    return _rtp_pairs(text, lang, options)


def _ptp_pair(text: str, lang: str, options: PairOptions) -> PromptPair | None:
    char_mode = lang in CHAR_LANGS
    limit = min(len(text), options.max_span_chars)
    spans = split_sentences(text[:limit], lang)
    # sentence cuts: end of each sentence's non-space text (the last span may be truncated at `limit`)
    complete = spans if limit == len(text) else spans[:-1]
    sentence_cuts = [s + len(text[s:e].rstrip()) for s, e in complete]
    begin = len(text[:limit]) - len(text[:limit].lstrip())
    if limit == len(text):
        end = len(text.rstrip())
    else:
        end = _span_end(text, begin, limit, sentence_cuts, char_mode)
        if end is None:
            return None
    if end - begin < 2:
        return None

    def usable(cut: int) -> bool:
        return begin < cut < end and _parts_ok(text, begin, cut, end, options.min_part_chars)

    middle = (begin + end) / 2
    sentence_cuts = [c for c in sentence_cuts if usable(c)]
    if sentence_cuts:
        best = min(sentence_cuts, key=lambda c: (abs(c - middle), c))
        if abs(best - middle) <= options.max_cut_shift * (end - begin):
            return _pair(text, begin, best, end, "sentence")
    cut = _nearest_cut(text, begin, end, middle, char_mode, usable)
    if cut is None:
        return None
    return _pair(text, begin, cut, end, "word" if text[cut].isspace() else "char")


def _span_end(text: str, begin: int, limit: int, sentence_cuts: list[int], char_mode: bool) -> int | None:
    """End of a truncated ptp span: the last sentence end in its second half, else the last word boundary."""
    late = [c for c in sentence_cuts if c > begin + (limit - begin) // 2]
    if late:
        return late[-1]
    cut = _nearest_cut(text, begin, limit + 1, limit, char_mode, lambda c: begin < c <= limit)
    return len(text[:cut].rstrip()) if cut is not None else None


def _nearest_cut(text: str, begin: int, end: int, target: float, char_mode: bool, usable) -> int | None:
    """The allowed word/char cut in (begin, end) nearest to `target` (ties go left) that `usable` accepts."""
    cuts = _word_cuts(text, begin, end, char_mode)
    i = bisect.bisect_left(cuts, target)
    left, right = i - 1, i
    while left >= 0 or right < len(cuts):
        take_left = right >= len(cuts) or (left >= 0 and target - cuts[left] <= cuts[right] - target)
        cut = cuts[left] if take_left else cuts[right]
        if take_left:
            left -= 1
        else:
            right += 1
        if usable(cut):
            return cut
    return None


def _word_cuts(text: str, begin: int, end: int, char_mode: bool) -> list[int]:
    """Sorted offsets in (begin, end) where a word ends right before whitespace, plus in zh/ja every allowed
    character boundary next to a CJK character. (Both patterns need a character at the cut, so never `end`.)"""
    cuts = [m.end() for m in _WORD_END_RE.finditer(text, begin, end)]
    if char_mode:
        cuts.extend(m.start() for m in _CHAR_CUT_RE.finditer(text, begin + 1, end))
        cuts.sort()
    return cuts


def _count_cuts(text: str, begin: int, end: int, char_mode: bool) -> int:
    """len(_word_cuts(...)) without building the list."""
    count = len(_WORD_END_RE.findall(text, begin, end))
    return count + len(_CHAR_CUT_RE.findall(text, begin + 1, end)) if char_mode else count


def _parts_ok(text: str, begin: int, cut: int, end: int, min_chars: int) -> bool:
    return len(text[begin:cut].strip()) >= min_chars and len(text[cut:end].strip()) >= min_chars


def _pair(text: str, begin: int, cut: int, end: int, kind: str) -> PromptPair:
    return PromptPair(begin, cut, end, text[begin:cut], text[cut:end], kind)


def _rtp_pairs(text: str, lang: str, options: PairOptions) -> list[PromptPair]:
    char_mode = lang in CHAR_LANGS
    pairs = []
    for s, e in split_sentences(text, lang):
        sentence = text[s:e]
        begin = s + len(sentence) - len(sentence.lstrip())
        end = s + len(sentence.rstrip())
        if not options.min_span_chars <= end - begin <= options.max_span_chars_rtp:
            continue
        # the middle token boundary (the prompt gets the smaller half), moved left while the prompt is too long;
        # only boundaries within max_prompt_chars can be chosen, so only those are listed (they are a prefix)
        cuts = _word_cuts(text, begin, min(end, begin + options.max_prompt_chars + 1), char_mode)
        i = min((_count_cuts(text, begin, end, char_mode) - 1) // 2, len(cuts) - 1)
        while i >= 0 and not _parts_ok(text, begin, cuts[i], end, options.min_part_chars):
            i -= 1
        if i < 0:
            continue
        cut = cuts[i]
        kind = "word" if text[cut].isspace() else "char"
        pairs.append(_pair(text, begin, cut, end, kind))
    return pairs
