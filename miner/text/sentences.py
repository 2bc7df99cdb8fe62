"""Rule-based sentence splitting for the 17 PTP languages, returning character spans.

Why our own rules rather than `sentencex` alone: sentencex splits after fr "M.", "Mme.", sv "kl.", "t.ex.",
pl "tj.", and cuts Japanese quotes (「…。」と言った) in two. The rules here are few and explicit:

* A sentence ends after a run of terminators (. ! ? … 。 ！ ？ । ॥ ؟ ۔), optional closing quotes/brackets
  (also the French spaced " »") and the whitespace that follows; that whitespace belongs to the sentence
  before it, as do footnote marks (".[12]"). Every line break also ends a sentence (extracted web text has
  one paragraph per line; list items and headings have no full stop), except a single line break between a
  word and a lower-case letter (hard-wrapped text).
* CJK terminators need no space after them, but 。」と (a quote inside a sentence) does not end one. Latin
  . ! ? directly followed by a CJK character (Chinese text typed with ASCII punctuation) does end one.
* Otherwise a terminator needs whitespace after it (so "3.5", "example.com", "a.b@c.de" never split), and
  the next word must not start with a lower-case letter ("Wait... what?", "¿Qué? dijo él").
* A lone "." does not end a sentence after: a known abbreviation of the language (`ABBREVIATIONS`: titles,
  "z. B.", "t.ex.", "т. е." ... always; "No.", "kl.", "S." before a number only); a single letter
  (initials "J. R. R. Tolkien", fr "M.", ar "د."; not en "I"); a Devanagari letter name next to another
  one (hi "ए. आर. रहमान"); a list number at the start of a line ("1. First"); a number before another
  number (dates "1. 1. 2020", ko "2020. 3. 15."); a German ordinal ("am 3. Oktober", "im 19. Jh."); any
  number in Korean.

Cost: one regex scan plus a few string checks per candidate terminator (no per-character Python loop).
"""
from __future__ import annotations

import re

from miner.text.chars import CLOSERS, CJK_RE, OPENERS, base_lang, is_mark

#: Characters that can end a sentence. CJK ones need no following space.
TERMINATORS = ".!?…‼⁇⁈⁉。！？｡．।॥؟۔"
_NO_SPACE_TERMINATORS = frozenset("。！？｡．।॥؟۔")
# Closers follow the terminator directly; also the French spaced guillemet (« Bonjour. »), the German
# closing “ ‘ („Ich komme.“ Dann), which open quotes elsewhere (Chinese 。“走吧) and so count only before a
# space, and footnote marks ("in 2015.[345] Sports", "citizens.[n 7]").
_CANDIDATE_RE = re.compile(
    "(?P<term>[" + re.escape(TERMINATORS) + "]+)"
    "(?P<close>(?:[" + re.escape(CLOSERS) + "]|[ \u00a0\u202f]»|[“‘](?=\\s|$)|\\[\\w{1,4}(?: \\w{1,4})?\\])*)"
    r"(?P<ws>\s*)"
)
_NEWLINE_RE = re.compile(r"\n\s*")
_SENTENCE_END_CHARS = frozenset(TERMINATORS + CLOSERS)
_LINE_START_PAD = " \t\u00a0"
_MAX_TOKEN_LOOKBACK = 40
_MAX_ABBREVIATION_PART = 8

# Per language: (always, before_number). Keys are lower-case, without spaces and without the final period:
# "z. B." -> "z.b", "t.ex." -> "t.ex". `always` never end a sentence (titles, "e.g."); `before_number` do not
# when a digit follows ("No. 5", "kl. 10"). Abbreviations that often end sentences ("etc.", "usw.", "itd.")
# are deliberately absent: they split only before an upper-case word.
_ABBREVIATION_TEXT: dict[str, tuple[str, str]] = {
    "en": (
        "mr mrs ms mx dr prof st mt ft gen col lt sgt capt cmdr adm gov sen rep rev hon pres messrs e.g i.e "
        "cf vs viz",
        "no nos nr vol vols pp p fig figs ch chap sec art approx ca jan feb mar apr jun jul aug sep sept oct "
        "nov dec tel ext",
    ),
    "de": (
        "z.b d.h u.a v.a o.ä u.ä s.o s.u bzw ca vgl evtl ggf inkl exkl zzgl dr prof hr hrn fr frl dipl ing "
        "mag st str sog gem lt bspw i.d.r i.a u.u z.t m.e o.g mio mrd tsd ggü u.v.a dt",
        "nr s abs art bd jan feb apr jun jul aug sep sept okt nov dez kap tel ziff",
    ),
    "fr": (
        "mme mmes mlle mlles mm dr pr me st ste cf ex p.ex c.-à-d c-à-d av apr bd mgr",
        "p pp n no vol chap art janv févr avr juil sept oct nov déc fig t env",
    ),
    "es": (
        "sr sra srta sres dr dra lic ing prof profa dña ud uds vd vds p.ej ee sto sta avda av mons",
        "pág págs núm n.º nº art cap vol aprox fig tel",
    ),
    "pt": (
        "sr sra srta srs dr dra prof profa eng exmo exma av sto sta p.ex v.exa",
        "pág p pp n nº n.º art cap vol fig tel aprox",
    ),
    "it": (
        "sig sigg dott prof ing avv geom arch on mons rag es cfr vs egr gent",
        "pag pagg p n art cap vol fig tel ca",
    ),
    "nl": (
        "dhr mevr mr dr prof ir drs ing bijv bv d.w.z o.a m.b.t i.p.v t.o.v m.i.v ca vs st",
        "nr blz p pag art hfst tel fig",
    ),
    "sv": (
        "t.ex bl.a dvs d.v.s s.k fr.o.m t.o.m f.d f.n p.g.a pga jfr ang resp ca dr prof st",
        "kl nr s sid tel fig kap",
    ),
    "cs": (
        "např tzn tj tzv resp popř př mj prof doc ing mgr mudr judr phdr rndr paeddr bc sv ul nám",
        "č str s tel kap obr tab odst písm",
    ),
    "pl": (
        "np tj tzn tzw m.in prof dr mgr inż hab ks św ul al pl ds pt tel",
        "nr s str godz poz ok rys tab art ust pkt",
    ),
    "ru": (
        "т.е т.к т.н т.ч ул пр пер им проф акад тов см напр гр г-н г-жа доц",
        "стр с рис табл гл п ч ст кв корп",
    ),
    "id": (
        "dr prof ir drs dra hj yth bpk sdr sdri jl kec kab tn ny a.n u.p s.d",
        "no hlm tgl rp tel telp",
    ),
    "hi": (
        "डॉ डा प्रो श्री श्रीमती कु सुश्री मि",
        "पृ सं क्र नं",
    ),
}
ABBREVIATIONS: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    lang: (frozenset(always.split()), frozenset(before.split()))
    for lang, (always, before) in _ABBREVIATION_TEXT.items()
}
_NO_ABBREVIATIONS: tuple[frozenset[str], frozenset[str]] = (frozenset(), frozenset())
#: German writes ordinals as "3." before capitalised nouns ("am 3. Oktober"); a number is taken as an ordinal
#: after these words or before these nouns. (cs/pl ordinals are followed by lower-case words: no rule needed.)
_DE_ORDINAL_AFTER = frozenset(
    "am im vom zum zur der die das den dem des bis ab seit beim ihr ihre sein seine jeden".split()
)
_DE_ORDINAL_BEFORE = frozenset(
    "Januar Jänner Februar März April Mai Juni Juli August September Oktober November Dezember Jan Feb Apr Jun "
    "Jul Aug Sep Sept Okt Nov Dez Jahrhundert Jh Jhd Mal Klasse Liga Platz Stock Stelle Runde Auflage".split()
)
_WORD_RE = re.compile(r"[^\W\d_]+")
#: single letters that are words, not initials, when followed by "."
_SINGLE_LETTER_WORDS = {"en": frozenset("I")}
#: Hindi writes initials as English letter names (ए. आर. रहमान)
_DEVANAGARI_LETTER_NAMES = frozenset(
    "ए बी सी डी ई एफ जी एच आई जे के एल एम एन ओ पी क्यू आर एस टी यू वी डब्ल्यू एक्स वाई जेड ज़ेड".split()
)
_LETTER_NAME_ALT = "|".join(sorted(_DEVANAGARI_LETTER_NAMES, key=len, reverse=True))
_DEVANAGARI_INITIAL_AFTER_RE = re.compile(rf"(?:{_LETTER_NAME_ALT})\.")
_DEVANAGARI_INITIAL_BEFORE_RE = re.compile(rf"(?:^|\s)(?:{_LETTER_NAME_ALT})\. $")


def split_sentences(text: str, lang: str) -> list[tuple[int, int]]:
    """(start, end) character spans of the sentences of `text`, consecutive and covering it.

    Whitespace after a sentence belongs to that sentence; leading whitespace of the text belongs to the first
    one. `lang` is an ISO 639-1 code (regional tags like "zh-Hans" are fine; unknown codes get the generic
    rules without abbreviations). Empty text gives [].
    """
    lang = base_lang(lang)
    abbreviations = ABBREVIATIONS.get(lang, _NO_ABBREVIATIONS)
    ends = {m.end() for m in _CANDIDATE_RE.finditer(text) if _ends_sentence(text, m, lang, abbreviations)}
    ends.update(m.end() for m in _NEWLINE_RE.finditer(text) if not _is_hard_wrap(text, m))
    spans: list[tuple[int, int]] = []
    start = 0
    for end in sorted(ends):
        if end <= start or end >= len(text) or text[start:end].isspace():
            continue
        spans.append((start, end))
        start = end
    if start < len(text):
        spans.append((start, len(text)))
    return spans


def _is_hard_wrap(text: str, m: re.Match) -> bool:
    """A single line break between a word (or comma) and a lower-case letter: wrapped text, not a paragraph."""
    if m.end() == len(text) or not text[m.end()].islower() or m.group().count("\n") > 1:
        return False
    i = m.start()
    while i > 0 and text[i - 1] in " \t\r":
        i -= 1
    return i > 0 and text[i - 1] not in _SENTENCE_END_CHARS


def _ends_sentence(text: str, m: re.Match, lang: str, abbreviations: tuple[frozenset[str], frozenset[str]]) -> bool:
    after = m.end()
    if after >= len(text):
        return True
    term, close = m.group("term"), m.group("close")
    nxt = text[after]
    no_space_term = not _NO_SPACE_TERMINATORS.isdisjoint(term)
    if m.end("ws") == m.start("ws"):  # no whitespace after the terminator
        if is_mark(nxt):
            return False  # never cut a combining mark off its base
        if no_space_term:
            # 。」と言った: a closing quote glued to the next word keeps the quote inside the sentence
            return not close or nxt in OPENERS
        if CJK_RE.match(nxt) is None:
            return False  # 3.5, example.com, "end."He
    # first significant character of the next sentence, skipping opening quotes and brackets
    nxt_at = after
    while nxt_at < len(text) and text[nxt_at] in OPENERS:
        nxt_at += 1
    sig = text[nxt_at] if nxt_at < len(text) else ""
    if no_space_term:
        return True
    if sig.islower() or (sig and sig in ",;:"):
        return False
    if term != "." or close:
        return True  # ! ? … ... and "end." He
    return not _period_is_inside_sentence(text, m.start(), nxt_at, lang, abbreviations)


def _period_is_inside_sentence(
    text: str, dot: int, nxt_at: int, lang: str, abbreviations: tuple[frozenset[str], frozenset[str]]
) -> bool:
    """True when the "." at `dot` marks an abbreviation, an initial or a number rather than a sentence end."""
    before = text[max(0, dot - _MAX_TOKEN_LOOKBACK) : dot]
    raw = before.rsplit(None, 1)[-1] if before and not before[-1].isspace() else ""
    start = dot - len(raw)
    token = raw.lstrip(OPENERS)
    if not token:
        return False
    next_is_digit = nxt_at < len(text) and text[nxt_at].isdigit()
    if token.isdigit():
        if lang == "ko" or next_is_digit:
            return True
        line = start
        while line > 0 and text[line - 1] in _LINE_START_PAD:
            line -= 1
        if line == 0 or text[line - 1] == "\n":
            return True  # numbered list item
        return lang == "de" and len(token) <= 2 and _is_german_ordinal(text, start, nxt_at)
    if "\u0900" <= token[0] <= "\u097f":
        # Hindi writes initials as English letter names (ए. आर. रहमान), some of which are also words
        # (जी, के), and one-syllable words end sentences (है.): an initial only next to another one
        if token in _DEVANAGARI_LETTER_NAMES and (
            _DEVANAGARI_INITIAL_AFTER_RE.match(text, nxt_at)
            or _DEVANAGARI_INITIAL_BEFORE_RE.search(text[max(0, start - 12) : start])
        ):
            return True
    elif _is_initial(token) and token not in _SINGLE_LETTER_WORDS.get(lang, ()):
        return True
    always, before_number = abbreviations
    if not always or len(token) > _MAX_ABBREVIATION_PART:
        return False
    for key in _abbreviation_keys(text, start, token):
        if key in always or (key in before_number and next_is_digit):
            return True
    return False


def _is_german_ordinal(text: str, start: int, nxt_at: int) -> bool:
    after = _WORD_RE.match(text, nxt_at)
    if after and after.group() in _DE_ORDINAL_BEFORE:
        return True
    before = text[max(0, start - 8) : start].split()
    return bool(before) and before[-1].lower() in _DE_ORDINAL_AFTER


def _is_initial(token: str) -> bool:
    """One letter plus combining marks, in an alphabet (not CJK or Hangul): "J", "M", "Ž", "د"."""
    first = token[0]
    if len(token) > 3 or not first.isalpha() or CJK_RE.match(first) or "\uac00" <= first <= "\ud7a3":
        return False
    return all(is_mark(c) for c in token[1:])


def _abbreviation_keys(text: str, start: int, token: str) -> list[str]:
    """`token` lower-cased, and joined with up to two short dotted tokens before it ("z. B" -> "z.b")."""
    keys = [token.lower()]
    joined = token
    for _ in range(2):
        if start < 2 or text[start - 1] != " " or text[start - 2] != ".":
            break
        prev_start = start - 2
        while prev_start > 0 and not text[prev_start - 1].isspace() and start - prev_start < 8:
            prev_start -= 1
        prev = text[prev_start : start - 1].lstrip(OPENERS)
        if not prev or len(prev) > 6:
            break
        joined = prev + joined
        keys.append(joined.lower())
        start = prev_start
    return keys
