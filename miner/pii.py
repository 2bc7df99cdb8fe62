"""Find and mask personal data in text: e-mail addresses, phone numbers and IP addresses (IPv4, IPv6).

Precision comes first: a toxicity benchmark full of `<PHONE>` where a year, a price or a date stood would be
damaged text, so a digit sequence counts as a phone number only with evidence: an international prefix
(`+49 30 1234567`, `0044 20 7946 0958`), an area code in parentheses (`(555) 123-4567`), a phone word just
before it (tel, phone, Telefon, телефон, 电话, ...), or a well-known national layout (trunk `0` + groups as in
`06 12 34 56 78` or `030 1234567`, North American `555-123-4567`, Chinese mobiles `13812345678`). Dates,
ISBNs and the like are rejected even then. IPv4 must have four octets <= 255 and not follow a version word;
IPv6 is validated with `ipaddress`. Offsets are character offsets into the given string.
"""
from __future__ import annotations

import ipaddress
import re
from collections import Counter

PLACEHOLDERS = {"email": "<EMAIL>", "phone": "<PHONE>", "ip": "<IP>"}

_EMAIL = re.compile(
    r"(?<![A-Za-z0-9._%+-])[A-Za-z0-9][A-Za-z0-9._%+-]{0,63}@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+"
    r"[A-Za-z]{2,24}(?![\w-])")

_IPV4 = re.compile(r"\d{1,3}(?:\.\d{1,3}){3}")  # octets and boundaries are checked in _ips (faster than in the regex)
#: Words after which a dotted quad is a version or a section number, not an address.
_NOT_IP_BEFORE = re.compile(r"(?:\b(?:v|version|ver\.?|build|release|firmware|section|chapter|art\.?)|§)\s*$",
                            re.IGNORECASE)
_IPV6 = re.compile(r"[0-9A-Fa-f]{0,4}:[0-9A-Fa-f]{0,4}:[0-9A-Fa-f:.]*")  # validated with ipaddress

#: A run of digit groups joined by single separators; validated by _is_phone. Groups may sit in parentheses.
_PHONE_RUN = re.compile(r"(?<![\w.,/:+-])\+?\(?\d+\)?(?:(?:[ \u00a0]?[-./][ \u00a0]?|[ \u00a0])\(?\d+\)?)*")
_GROUP = re.compile(r"\(?\d+\)?")
#: Phone words (several languages) that, a few words before a number, make it a phone number. Short Latin
#: words must be whole words ("tel", not "hotel"); the long ones may head a compound (Telefonnummer); the
#: CJK ones may follow any character (no word breaks there).
_PHONE_WORD = re.compile(
    r"(?:\b(?:tel|tél|telf|telp|fon|fax|call|mobile?|mob|cell|handy|hp|whatsapp|ponsel|тел|моб)\b|"
    r"(?:phone|telefon|téléphone|teléfono|telefone|телефон|мобильн|هاتف|جوال|تلفون)\w{0,8}|"
    r"电话|電話|手机|手機|联系|携帯|전화|연락처|휴대폰|फ़ोन|फोन|मोबाइल)"
    r"(?:[^\w\n]{1,4}[^\W\d]{1,6}){0,2}[^\w\n]{0,12}$", re.IGNORECASE)
#: Identifiers that look like phone numbers.
_NOT_PHONE_WORD = re.compile(r"\b(?:isbn(?:-1[03])?|issn|doi|iban|ean|sku|id|order|invoice|art\.?-?nr)[^\w\n]{0,4}$",
                             re.IGNORECASE)
#: Dates (d.m.y, y-m-d) and year ranges, which no phone evidence overrides.
_DATE = re.compile(r"\b\d{1,2}[./-]\d{1,2}[./-](?:1[89]|20)?\d\d\b|\b(?:1[89]|20)\d\d[./-]\d{1,2}[./-]\d{1,2}\b|"
                   r"^(?:1[89]|20)\d\d ?[-/] ?(?:1[89]|20)\d\d$")
_NANP = re.compile(r"(?:1([-. ]))?\(?[2-9]\d\d\)?([-. ])\d{3}\2\d{4}")
_CN_MOBILE = re.compile(r"1[3-9]\d(?:\d{8}|([- ])\d{4}\1\d{4})")
_CONTEXT = 30  # characters before a match searched for phone / version words


def _is_phone(span: str, before: str) -> bool:
    """Whether a run of digit groups is a phone number, given the text just before it."""
    digits = re.sub(r"\D", "", span)
    if not 7 <= len(digits) <= 15 or _DATE.search(span) or _NOT_PHONE_WORD.search(before):
        return False
    groups = _GROUP.findall(span)
    if span.startswith("+"):
        return len(digits) >= 8 and not digits.startswith("0")
    if re.match(r"00[1-9]", digits) and len(groups) >= 2 and len(digits) >= 10:
        return True
    if any(g.startswith("(") and g.endswith(")") and 2 <= len(g) - 2 <= 5 for g in groups[:2]):
        return len(digits) >= 9
    if _PHONE_WORD.search(before):
        return True
    if _NANP.fullmatch(span) or _CN_MOBILE.fullmatch(span):
        return True
    separators = re.findall(r"[^\d()]+", span)  # after the area code, one kind only: 08-123 456 78
    return (digits.startswith("0") and not digits.startswith("00") and 9 <= len(digits) <= 12
            and len(groups) >= 2 and len(set(separators[1:])) <= 1 and 2 <= len(groups[0]) <= 6)


def _phones(text: str) -> list[tuple[int, int]]:
    """Longest valid phone spans inside each run of digit groups. A run may hold a phone number next to other
    numbers ("page 12 030 1234567"), so it is split, but only where groups are separated by whitespace."""
    found = []
    for run in _PHONE_RUN.finditer(text):
        if sum(ch.isdigit() for ch in run.group()) < 7:
            continue
        groups = list(_GROUP.finditer(text, run.start(), run.end()))
        starts = [run.start()] + [g.start() for g in groups[1:]]
        splittable = [i == 0 or text[groups[i - 1].end():g.start()].isspace() for i, g in enumerate(groups)]
        i = 0
        while i < len(groups):
            for j in range(min(len(groups), i + 8), i, -1):
                if not (splittable[i] and (j == len(groups) or splittable[j])):
                    continue
                start, end = starts[i], groups[j - 1].end()
                if _is_phone(text[start:end], text[max(0, start - _CONTEXT):start]):
                    found.append((start, end))
                    i = j
                    break
            else:
                i += 1
    return found


def _glued(text: str, start: int, end: int, glue: str) -> bool:
    """Whether text[start:end] touches a letter, digit, `_` or a character of `glue` on either side (a dot
    after it counts only when a digit follows: `10.0.0.1.` ends a sentence, `1.2.3.4.5` is no address)."""
    before = text[start - 1] if start else " "
    after = text[end] if end < len(text) else " "
    if after == "." and text[end + 1:end + 2].isdigit():
        return True
    return any(ch.isalnum() or ch == "_" or ch in glue for ch in (before, after.replace(".", " ")))


def _ips(text: str) -> list[tuple[int, int]]:
    spans = []
    for m in _IPV4.finditer(text):
        octets = m.group().split(".")
        if (all(int(o) <= 255 and (o == "0" or not o.startswith("0")) for o in octets)
                and not _glued(text, m.start(), m.end(), ".-")
                and not _NOT_IP_BEFORE.search(text[max(0, m.start() - _CONTEXT):m.start()])):
            spans.append((m.start(), m.end()))
    for m in _IPV6.finditer(text):
        candidate = m.group().rstrip(".")
        end = m.start() + len(candidate)
        if _glued(text, m.start(), end, ":"):
            continue
        try:
            ipaddress.IPv6Address(candidate)
        except ValueError:
            continue
        groups = [g for g in re.split(r"[:.]", candidate) if g]
        if len(groups) >= 3 or any(len(g) >= 3 for g in groups):  # not `a::b` or `ab::cd` from code
            spans.append((m.start(), end))
    return spans


def find_pii(text: str) -> list[tuple[int, int, str]]:
    """Non-overlapping (start, end, kind) spans, sorted; kind is email, ip or phone (earlier kinds win)."""
    taken: list[tuple[int, int, str]] = []
    emails = [(m.start(), m.end()) for m in _EMAIL.finditer(text)] if "@" in text else []
    for kind, spans in (("email", emails),
                        ("ip", _ips(text)), ("phone", _phones(text))):
        for start, end in spans:
            if all(end <= s or start >= e for s, e, _ in taken):
                taken.append((start, end, kind))
    return sorted(taken)


def mask_pii(text: str) -> tuple[str, Counter]:
    """`text` with each match replaced by its placeholder (<EMAIL>, <PHONE>, <IP>), and the count per kind."""
    spans = find_pii(text)
    parts, last = [], 0
    for start, end, kind in spans:
        parts += [text[last:start], PLACEHOLDERS[kind]]
        last = end
    parts.append(text[last:])
    return "".join(parts), Counter(kind for _, _, kind in spans)
