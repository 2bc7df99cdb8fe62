"""Main-text extraction from HTML: resiliparse, trafilatura, and our own `pruned` extractor (the default).

Output of every method: the main text as paragraphs joined by a single "\\n" (no blank lines, whitespace inside
a paragraph collapsed, except in <pre> blocks); "" when the page has no main text. Bad input (garbage, binary
junk, empty, huge) never raises: it yields "" or whatever text the parser could recover.

`pruned` = resiliparse's extractor in main-content mode, plus
1. our boilerplate selectors passed as `skip_elements` (comment sections, share bars, related links, cookie
   banners, newsletter boxes, nav, ads ...), matched in C during the one parse. A matched element is kept when it
   holds the headline or running text (`_GUARD`), so that a wrapper named "content-with-sidebar" survives;
2. block rules on its minimal-HTML output (we see paragraphs, headings, list items, table rows and links):
   link-dominated blocks and repeated short lines go, short blocks survive only between content blocks, the
   headline that repeats <title> goes (as in Readability: the title is metadata);
3. when main-content mode keeps (nearly) nothing, the same on the whole body.
No Python DOM walk (about 5 us per element, more than the whole C extraction): about 2x resiliparse's time.
Held-out pages are used to check quality: no per-site rules.
"""
from __future__ import annotations

import html as htmllib
import logging
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import cached_property

from resiliparse.extract.html2text import extract_plain_text

log = logging.getLogger(__name__)

EXTRACTORS = ("pruned", "resiliparse", "trafilatura")

# --- boilerplate selectors -------------------------------------------------------------------------------------
# Substrings of class or id that mark boilerplate containers. Class names are overwhelmingly ASCII even on zh, ja,
# ru or ar sites, so the list holds English words and common transliterations ("pinglun" = 评论); text in any
# script is then judged by the block rules below. Every selector costs about 20 us a page: keep the list short.
_BOILERPLATE_WORDS = (
    "comment", "comentario", "kommentar", "komentar", "pinglun", "disqus",  # comment sections
    "share", "sharing", "social", "addthis",  # share bars
    "related", "recommend", "trending", "popular", "outbrain", "taboola", "zergnet",  # related links
    "cookie", "consent", "gdpr",  # consent banners
    "newsletter", "subscri", "suscri", "abonn", "signup", "login",  # sign-up boxes
    "breadcrumb", "pagination", "navbar", "toolbar", "masthead", "menu", "sidebar", "widget",  # page chrome
    "advert", "sponsor", "promo", "author",  # ads, author boxes
)
# Whole class tokens (too short or too common to match as substrings).
_BOILERPLATE_TOKENS = ("ad", "ads", "nav", "footer", "modal", "popup")
_BOILERPLATE_ROLES = ("navigation", "banner", "contentinfo", "complementary", "search", "dialog", "alertdialog",
                      "menu", "menubar", "toolbar")
_BOILERPLATE_TAGS = ("nav", "aside", "footer", "button", "select", "dialog", "math", "iframe", "template")
# Never skip the page itself, an article container, or anything holding the headline or running text (three
# sibling paragraphs, four line breaks): that is a layout wrapper named after its sidebar, not boilerplate.
_GUARD = ":not(html):not(body):not(main):not(article):not(:has(h1)):not(:has(p ~ p ~ p)):not(:has(br ~ br ~ br ~ br))"


def _skip_selectors() -> list[str]:
    """Tags, plus one guarded `:is(...)` of all attribute patterns (one guard check, faster than one per pattern)."""
    attrs = [f'[{attr}*="{w}" i]' for w in _BOILERPLATE_WORDS for attr in ("class", "id")]
    attrs += [f'[class~="{w}" i]' for w in _BOILERPLATE_TOKENS]
    attrs += [f'[role="{r}" i]' for r in _BOILERPLATE_ROLES]
    return [*_BOILERPLATE_TAGS, f":is({', '.join(attrs)}){_GUARD}"]


SKIP_SELECTORS = _skip_selectors()

# --- text blocks -------------------------------------------------------------------------------------------------
_TAG_OR_TEXT = re.compile(r"<(/?)([a-zA-Z0-9]+)([^>]*)>|([^<]+)")
_BLOCK_TAGS = frozenset({"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "pre", "ul", "ol"})
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_STRUCTURAL = _HEADINGS | {"tr"}  # may be all links (linked headline, row of linked names) and still content
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")
_SPACE = re.compile(r"\s+")


@dataclass
class Block:
    """One paragraph-level piece of the extractor's minimal-HTML output."""

    tag: str
    text: str
    link_chars: int

    @cached_property
    def size(self) -> float:
        """Length in words; a CJK character counts as half a word (roughly the information of a short word)."""
        cjk = len(_CJK.findall(self.text))
        return len(self.text.split()) + cjk / 2

    @property
    def link_density(self) -> float:
        return self.link_chars / max(1, len(self.text))


def _blocks(minimal_html: str) -> list[Block]:
    """Split resiliparse's minimal-HTML output into text blocks, counting the characters inside links."""
    blocks: list[Block] = []
    parts: list[str] = []
    tag, link_chars, in_link, in_pre = "div", 0, False, False

    def flush(next_tag: str) -> None:
        nonlocal tag, link_chars, in_link
        raw = "".join(parts)
        text = raw.strip("\n") if in_pre else _SPACE.sub(" ", raw).strip()
        if text:  # resiliparse writes a table row as one line of tab-separated cells
            blocks.append(Block("tr" if tag == "div" and "\t" in raw else tag, text, min(link_chars, len(text))))
        parts.clear()
        tag, link_chars, in_link = next_tag, 0, False

    for m in _TAG_OR_TEXT.finditer(minimal_html):
        closing, name, attrs, text = m.group(1), (m.group(2) or "").lower(), m.group(3), m.group(4)
        if text is not None:
            text = htmllib.unescape(text)
            if in_pre:
                parts.append(text)
            else:  # outside <pre>, a line break in the output separates blocks of div-level text
                lines = text.split("\n")
                for i, line in enumerate(lines):
                    if i and tag == "div":
                        flush("div")
                    parts.append(line if not i or tag == "div" else " " + line)
            if in_link:
                link_chars += len(_SPACE.sub(" ", text).strip())
        elif name == "a":  # resiliparse leaves empty anchors (<a href="">) unclosed: they are not links
            in_link = not closing and 'href=""' not in attrs
        elif name == "br":
            parts.append("\n" if in_pre else " ")
        elif name in _BLOCK_TAGS:
            flush("div" if closing else name)
            in_pre = name == "pre" and not closing
    flush("div")
    return blocks


# --- block classification ----------------------------------------------------------------------------------------
_GOOD_SIZE = 12  # words: a block this long with few links is content
_MAX_LINK_DENSITY = 0.9  # a block (not a heading or table row) almost all link text is a menu or teaser link
_MIN_MAIN_WORDS = 50  # less than this from main-content mode means its heuristics misfired: use the whole body


def _label(block: Block, repeats: int) -> str:
    if block.link_density > _MAX_LINK_DENSITY and block.tag not in _STRUCTURAL:
        return "bad"
    if repeats > 1 and block.size < _GOOD_SIZE:  # "Advertisement", "Share", "Read more" ...
        return "bad"
    return "good" if block.size >= _GOOD_SIZE or block.tag == "pre" else "short"


def _keep(blocks: list[Block]) -> list[bool]:
    """Good blocks stay, bad ones go; a short block stays when the next non-short block is good and the previous
    one is good too (or it is a heading or table row): jusText-style context, so edge runs of short lines go."""
    counts = Counter(b.text for b in blocks)
    labels = [_label(b, counts[b.text]) for b in blocks]
    if "good" not in labels:  # a tiny page (a note, a one-line post): its short text is all there is
        return [lab != "bad" for lab in labels]
    before, after = [None] * len(labels), [None] * len(labels)
    last = None
    for i, lab in enumerate(labels):
        before[i] = last
        last = lab if lab != "short" else last
    last = None
    for i in range(len(labels) - 1, -1, -1):
        after[i] = last
        last = labels[i] if labels[i] != "short" else last
    return [lab == "good" or (lab == "short" and after[i] == "good"
                              and (before[i] == "good" or blocks[i].tag in _STRUCTURAL))
            for i, lab in enumerate(labels)]


_TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.IGNORECASE | re.DOTALL)


def _title_words(html: str) -> set[str]:
    """Words (CJK: characters) of the document <title>: the page title is metadata, not main text."""
    m = _TITLE.search(html, 0, 300_000)
    return set(_words(htmllib.unescape(m.group(1)))) if m else set()


def _words(text: str) -> list[str]:
    text = text.lower()
    return _CJK.findall(text) + _CJK.sub(" ", text).split()


def _is_title(block: Block, title: set[str]) -> bool:
    words = _words(block.text)
    return bool(title) and 2 <= len(words) <= 40 and sum(w in title for w in words) >= 0.8 * len(words)


_PRUNED_OPTIONS = dict(alt_texts=False, list_bullets=False, comments=False, preserve_formatting="minimal_html",
                       links=True, skip_elements=SKIP_SELECTORS)


def _pruned(html: str) -> str:
    blocks = _blocks(extract_plain_text(html, main_content=True, **_PRUNED_OPTIONS))
    if sum(b.size for b in blocks) < _MIN_MAIN_WORDS:
        blocks = _blocks(extract_plain_text(html, main_content=False, **_PRUNED_OPTIONS))
    keep = _keep(blocks)
    title = _title_words(html)
    for i in range(min(5, len(blocks))):  # a headline repeating the <title> at the top
        if keep[i] and _is_title(blocks[i], title):
            keep[i] = False
            break
    return "\n".join(b.text for b, k in zip(blocks, keep) if k)


def _resiliparse(html: str) -> str:
    """The baseline, with its best options here: no comment sections, no post meta, no alt texts or bullets."""
    return extract_plain_text(html, main_content=True, alt_texts=False, links=False, list_bullets=False,
                              comments=False, post_meta=False)


def _trafilatura(html: str) -> str:
    import trafilatura  # optional (bench extra)

    return trafilatura.extract(html, include_comments=False, include_tables=True) or ""


_METHODS = {"pruned": _pruned, "resiliparse": _resiliparse, "trafilatura": _trafilatura}


def extract_text(html: str, method: str = "pruned", max_chars: int | None = None) -> str:
    """Return the main text of `html` (paragraphs joined by "\\n"), "" if none or if the page cannot be parsed."""
    if method not in _METHODS:
        raise ValueError(f"unknown extraction method {method!r}; choose one of {EXTRACTORS}")
    if not isinstance(html, str) or not html.strip():
        return ""
    try:
        text = _METHODS[method](html)
    except Exception as exc:  # noqa: BLE001 - bad HTML must never stop a crawl
        log.debug("extraction failed (%s): %s", method, exc)
        return ""
    text = "\n".join(line.rstrip() for line in text.splitlines() if line.strip())
    return text[:max_chars] if max_chars is not None else text


# --- evaluation metric ---------------------------------------------------------------------------------------
_CHAR_TOKEN_LANGS = frozenset({"zh", "ja", "ko"})


def tokens(text: str, lang: str | None = None) -> list[str]:
    """Evaluation tokens: NFKC-lower-cased whitespace tokens; single non-space characters for zh/ja/ko."""
    norm = unicodedata.normalize("NFKC", text).lower()
    if lang in _CHAR_TOKEN_LANGS:
        return [ch for ch in norm if not ch.isspace()]
    return norm.split()


def overlap_prf(extracted: str, truth: str, lang: str | None = None) -> tuple[float, float, float]:
    """Bag-of-tokens precision, recall, F1 of `extracted` against `truth` (multiset overlap).

    Both empty scores 1.0 (nothing to find, nothing found); one side empty scores 0.0.
    """
    got, want = Counter(tokens(extracted, lang)), Counter(tokens(truth, lang))
    n_got, n_want = sum(got.values()), sum(want.values())
    if not n_got or not n_want:
        return (1.0, 1.0, 1.0) if n_got == n_want else (0.0, 0.0, 0.0)
    common = sum((got & want).values())
    p, r = common / n_got, common / n_want
    return p, r, (2 * p * r / (p + r) if common else 0.0)
