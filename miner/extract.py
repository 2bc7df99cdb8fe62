"""Main-text extraction from HTML: resiliparse, trafilatura, and our own `pruned` extractor (the default).

Output of every method: the main text as paragraphs joined by a single "\\n" (no blank lines, whitespace inside
a paragraph collapsed, except in <pre> blocks); "" when the page has no main text. Bad input (garbage, binary
junk, empty, huge) never raises: it yields "" or whatever text the parser could recover.

`pruned` = resiliparse's extractor in main-content mode, plus
1. our boilerplate selectors passed as `skip_elements` (comment sections, share bars, related links, cookie
   banners, newsletter boxes, ads ...), matched in C during the one parse. A matched element is kept when it
   holds the headline or running text (`_GUARD`), so that a wrapper named "content-with-sidebar" survives;
2. block rules on its minimal-HTML output (we see paragraphs, headings, table rows and links): link-dominated
   blocks and repeated short lines go, short blocks survive only between content blocks, the headline that
   repeats <title> goes (as in Readability: the title is metadata);
3. when main-content mode keeps (nearly) nothing, the same on the whole body.
No Python DOM walk (about 5 us per element, more than the whole C extraction). Cost, measured: about 1.2-1.3x
resiliparse's own main-content extraction; the selectors and the block pass take about half each of the extra.
Held-out pages are used to check quality: no per-site rules.

Budget: HTML parsing and main-content extraction are quadratic in DOM depth (measured: 2,000 nested <div> 0.11 s,
4,000 0.44 s; a 1.2 KB gzipped record of 50,000 nested <div> would take minutes), and no C call can be interrupted.
So a page whose DOM may be deeper than `max_dom_depth` or hold more than `max_dom_nodes` tags is not parsed: a
plain tag strip (linear, regex) gives its text instead, and the caller counts `extract/too_complex`.
"""
from __future__ import annotations

import html as htmllib
import logging
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

from resiliparse.extract.html2text import extract_plain_text

log = logging.getLogger(__name__)

EXTRACTORS = ("pruned", "resiliparse", "trafilatura")

# --- boilerplate selectors -------------------------------------------------------------------------------------
# Substrings of class or id that mark boilerplate containers. Class names are overwhelmingly ASCII even on zh, ja,
# ru or ar sites, so the list holds English words and common transliterations ("pinglun" = 评论); text in any
# script is then judged by the block rules below.
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
_GUARD = ":not(html):not(body):not(main):not(article):not(:has(h1, p ~ p ~ p, br ~ br ~ br ~ br))"
_CLASS_PATTERNS = ",".join([f"[class*={w} i]" for w in _BOILERPLATE_WORDS] +
                           [f"[class~={w} i]" for w in _BOILERPLATE_TOKENS])
_ID_PATTERNS = ",".join(f"[id*={w} i]" for w in _BOILERPLATE_WORDS)
_ROLE_PATTERNS = ",".join(f"[role={r} i]" for r in _BOILERPLATE_ROLES)

# What the selectors cost (lexbor inside resiliparse 2.0, measured with callgrind): the selector text is parsed again
# on every call (about 3,500 instructions per attribute pattern: MAIN_SKIP alone is 6% of resiliparse's work on a
# 30 KB page); `[attr*=x i]` is a naive case-insensitive scan of the attribute value, run for every candidate element
# and pattern (two thirds of the selector cost on real pages; case-sensitive matching is no cheaper); a compound is
# checked left to right, so a cheap test first (`div`, `[class]`) spares the pattern list on most elements; the
# `:has()` guard walks the subtree of matched elements only.
# Main-content pass: resiliparse's own rules already drop nav, top-level aside, buttons, forms, iframes, dialogs and
# token-named boilerplate (on our 1,093 test pages its output did not change when nav, aside, button, select,
# dialog, iframe or template were skipped on top), so ours add what they miss: substring class/id matches
# (camelCase, prefixed names) on the elements that hold boilerplate text (div, section, p), footers, and MathML
# (noise in plain text). Every entry of a selector list costs a check on every element: keep it short.
MAIN_SKIP = [f"footer, math, :is(div,section,p):is([class]:is({_CLASS_PATTERNS}),[id]:is({_ID_PATTERNS})){_GUARD}"]
# Whole-body pass (the rare fallback, see _pruned): no main-content rules to lean on, so every tag and pattern.
BODY_SKIP = [f":is({', '.join(_BOILERPLATE_TAGS)})",
             *(f"[{attr}]:is({patterns}){_GUARD}" for attr, patterns in
               (("class", _CLASS_PATTERNS), ("id", _ID_PATTERNS), ("role", _ROLE_PATTERNS)))]


# --- text blocks -------------------------------------------------------------------------------------------------
# resiliparse's minimal HTML holds only <p>, <h1>-<h6>, <pre> (blocks), <a href="..."> and <br> (inline), and the
# entities &quot; &amp; &lt; &gt;; text outside a block element is one line per block-level element (a table row is
# one line of tab-separated cells); resiliparse has collapsed white space already, except around tags and in <pre>.
_BLOCK_TAG = re.compile(r"<(/?)(p|h[1-6]|pre)>")
_LINK_TEXT = re.compile(r'<a href="[^"]+">([^<]*)')  # resiliparse leaves empty anchors (href="") unclosed
_INLINE_TAG = re.compile(r"<[^>]*>")
_SPACE_RUN = re.compile(r"\s{2,}|[^\S ]")  # what str.split() would collapse to one space
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_STRUCTURAL = _HEADINGS | {"tr"}  # may be all links (linked headline, row of linked names) and still content
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")


@dataclass(slots=True)
class Block:
    """One paragraph-level piece of the extractor's minimal-HTML output.

    `size` is the length in words; in a block under _GOOD_SIZE words a CJK character counts as half a word (roughly
    the information of a short word). Longer blocks skip that count (it cannot change their label): see _main_size.
    """

    tag: str
    text: str
    link_chars: int
    size: float


def _unescape(text: str) -> str:
    """The four entities resiliparse writes (str.replace: html.unescape calls back into Python per entity)."""
    return text.replace("&quot;", '"').replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def _size(text: str, n_words: int) -> float:
    return n_words + len(_CJK.findall(text)) / 2 if n_words < _GOOD_SIZE and not text.isascii() else n_words


def _link_chars(raw: str) -> int:
    """Characters of link text in a piece of minimal HTML (an entity counts as one character)."""
    return sum(len(_unescape(t).strip() if "&" in t else t.strip()) for t in _LINK_TEXT.findall(raw))


def _block(tag: str, raw: str) -> Block | None:
    link_chars, clean = 0, True
    if "<" in raw:
        if "<a " in raw:
            link_chars = _link_chars(raw)
        raw = _INLINE_TAG.sub("", raw.replace("<br>\n", " ").replace("<br>", " "))
        clean = False  # spaces on both sides of a removed tag
    if "&" in raw:
        raw = _unescape(raw)
    text = raw.strip()
    if not text:
        return None
    # resiliparse collapsed ASCII white space; what it leaves: tabs between table cells, spaces around removed
    # tags, non-ASCII white space (no-break space ...). Checks at C speed first: most blocks are clean.
    if text.isascii() and "\t" not in text:
        clean = clean or "  " not in text
    else:
        clean = text.isprintable() and "  " not in text
    if not clean:
        text = _SPACE_RUN.sub(" ", text)
    tag = "tr" if tag == "div" and "\t" in raw else tag
    return Block(tag, text, min(link_chars, len(text)), _size(text, text.count(" ") + 1))


def _pre_block(raw: str) -> Block | None:
    """<pre> keeps its line breaks (blank lines and trailing blanks go, as everywhere)."""
    link_chars = _link_chars(raw)
    text = _unescape(_INLINE_TAG.sub("", raw.replace("<br>", "\n")))
    text = "\n".join(line.rstrip() for line in text.splitlines() if line.strip())
    return Block("pre", text, min(link_chars, len(text)), _size(text, len(text.split()))) if text else None


def _blocks(minimal_html: str) -> list[Block]:
    """Split resiliparse's minimal-HTML output into text blocks, counting the characters inside links."""
    pieces = _BLOCK_TAG.split(minimal_html)  # text, "/" or "", tag name, text, ...
    found: list[Block] = []
    tag = "div"
    for i in range(0, len(pieces), 3):
        raw = pieces[i]
        if raw:
            if tag == "div":  # outside a block element a line break separates blocks
                for line in raw.split("\n"):
                    if line and (b := _block("div", line)):
                        found.append(b)
            elif b := (_pre_block(raw) if tag == "pre" else _block(tag, raw)):
                found.append(b)
        if i + 2 < len(pieces):
            tag = "div" if pieces[i + 1] else pieces[i + 2]
    return found


# --- block classification ----------------------------------------------------------------------------------------
_GOOD_SIZE = 12  # words: a block this long with few links is content
_MAX_LINK_DENSITY = 0.9  # a block (not a heading or table row) almost all link text is a menu or teaser link
_MIN_MAIN_WORDS = 50  # less than this from main-content mode means its heuristics misfired: use the whole body


def _main_size(blocks: list[Block]) -> float:
    """Total size in words, CJK included (blocks of _GOOD_SIZE words and more did not count it)."""
    total = sum(b.size for b in blocks)
    if total < _MIN_MAIN_WORDS:
        total += sum(len(_CJK.findall(b.text)) / 2 for b in blocks if b.size >= _GOOD_SIZE)
    return total


def _label(block: Block, counts: Counter[str]) -> str:
    if block.link_chars > _MAX_LINK_DENSITY * max(1, len(block.text)) and block.tag not in _STRUCTURAL:
        return "bad"
    if block.size >= _GOOD_SIZE:
        return "good"
    if counts[block.text] > 1:  # "Advertisement", "Share", "Read more" ...
        return "bad"
    return "good" if block.tag == "pre" else "short"


def _keep(blocks: list[Block]) -> list[bool]:
    """Good blocks stay, bad ones go; a short block stays when the next non-short block is good and the previous
    one is good too (or it is a heading or table row): jusText-style context, so edge runs of short lines go."""
    counts = Counter(b.text for b in blocks if b.size < _GOOD_SIZE)  # only short repeats count
    labels = [_label(b, counts) for b in blocks]
    if "good" not in labels:  # a tiny page (a note, a one-line post): its short text is all there is
        return [lab != "bad" for lab in labels]
    keep = [lab == "good" for lab in labels]
    before, shorts = None, []  # the last non-short label, the short blocks after it
    for i, lab in enumerate(labels):
        if lab == "short":
            shorts.append(i)
            continue
        if lab == "good":
            for j in shorts:
                keep[j] = before == "good" or blocks[j].tag in _STRUCTURAL
        before, shorts = lab, []
    return keep


_TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.IGNORECASE | re.DOTALL)


def _title_words(html: str) -> set[str]:
    """Words (CJK: characters) of the document <title>: the page title is metadata, not main text."""
    m = _TITLE.search(html, 0, 300_000)
    return set(_words(htmllib.unescape(m.group(1)))) if m else set()


def _words(text: str) -> list[str]:
    text = text.lower()
    if text.isascii() or not _CJK.search(text):
        return text.split()
    return _CJK.findall(text) + _CJK.sub(" ", text).split()


def _is_title(block: Block, title: set[str]) -> bool:
    if block.size > 40:  # _words counts at least `size` words
        return False
    words = _words(block.text)
    return 2 <= len(words) <= 40 and sum(w in title for w in words) >= 0.8 * len(words)


_PRUNED_OPTIONS = dict(alt_texts=False, list_bullets=False, comments=False, preserve_formatting="minimal_html",
                       links=True)


def _pruned(html: str) -> str:
    blocks = _blocks(extract_plain_text(html, main_content=True, skip_elements=MAIN_SKIP, **_PRUNED_OPTIONS))
    if _main_size(blocks) < _MIN_MAIN_WORDS:
        blocks = _blocks(extract_plain_text(html, main_content=False, skip_elements=BODY_SKIP, **_PRUNED_OPTIONS))
    keep = _keep(blocks)
    title = _title_words(html)
    for i in range(min(5, len(blocks)) if title else 0):  # a headline repeating the <title> at the top
        if keep[i] and _is_title(blocks[i], title):
            keep[i] = False
            break
    return "\n".join(b.text for b, k in zip(blocks, keep) if k)


def _lines(text: str) -> str:
    """The output contract for text from other extractors: no blank lines, no trailing blanks."""
    return "\n".join(line.rstrip() for line in text.splitlines() if line.strip())


def _resiliparse(html: str) -> str:
    """The baseline, with its best options here: no comment sections, no post meta, no alt texts or bullets."""
    return _lines(extract_plain_text(html, main_content=True, alt_texts=False, links=False, list_bullets=False,
                                     comments=False, post_meta=False))


def _trafilatura(html: str) -> str:
    import trafilatura  # optional (bench extra)

    return _lines(trafilatura.extract(html, include_comments=False, include_tables=True) or "")


_METHODS = {"pruned": _pruned, "resiliparse": _resiliparse, "trafilatura": _trafilatura}


# --- budget ------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class ExtractBudget:
    max_dom_depth: int = 2_000  # nested elements; extraction time grows with the square of the depth (0.11 s here)
    max_dom_nodes: int = 250_000  # tags in the page


DEFAULT_BUDGET = ExtractBudget()
_WINDOW = 32768
# Start tags that nest: void elements and those the parser closes implicitly (<p>, <li>, cells ...) do not.
_FLAT = "area|base|br|col|embed|hr|img|input|link|meta|param|source|track|wbr|p|li|dt|dd|tr|td|th|option|optgroup"
_NESTING_TAG = re.compile(rf"<(/)?(?!(?:{_FLAT})[\s/>])[a-zA-Z]", re.IGNORECASE)


def too_complex(html: str, budget: ExtractBudget = DEFAULT_BUDGET) -> bool:
    """Whether `html` exceeds the budget. A C-speed bound comes first (per 32 KB window, the depth can grow by
    at most the start tags in it), so the exact scan in Python runs only on the rare pages the bound flags."""
    tags = html.count("<")
    if tags <= budget.max_dom_depth or tags > budget.max_dom_nodes:
        return tags > budget.max_dom_nodes
    bound = reach = 0
    for at in range(0, len(html), _WINDOW):
        closes = html.count("</", at, at + _WINDOW)
        opens = html.count("<", at, at + _WINDOW) - closes
        reach = max(reach, bound + opens)
        bound = max(0, bound + opens - closes)
    return reach > budget.max_dom_depth and _depth(html, budget.max_dom_depth) > budget.max_dom_depth


def _depth(html: str, stop: int) -> int:
    """Deepest nesting of start tags (stops counting past `stop`)."""
    depth = 0
    for close in _NESTING_TAG.findall(html):
        if not close:
            depth += 1
            if depth > stop:
                break
        elif depth:
            depth -= 1
    return depth


_INVISIBLE = re.compile(r"<(script|style|noscript|template)\b.*?</\1\s*>|<!--.*?-->", re.IGNORECASE | re.DOTALL)
_BREAK_TAG = re.compile(r"</?(?:p|div|br|h[1-6]|li|tr|table|section|article|pre|blockquote|ul|ol|dl|dt|dd|hr|"
                        r"header|footer|main|aside|nav|form|title|body|html|head)\b[^>]*>", re.IGNORECASE)


def strip_tags(html: str) -> str:
    """The fallback extractor: visible text with block tags as line breaks, in linear time (no DOM)."""
    text = _INLINE_TAG.sub("", _BREAK_TAG.sub("\n", _INVISIBLE.sub(" ", html)))
    lines = (" ".join(htmllib.unescape(line).split()) for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def extract_text(html: str, method: str = "pruned", max_chars: int | None = None,
                 budget: ExtractBudget | None = DEFAULT_BUDGET) -> str:
    """Return the main text of `html` (paragraphs joined by "\\n"), "" if none or if the page cannot be parsed.
    A page over `budget` gets `strip_tags` instead (None: the caller has checked `too_complex` already)."""
    if method not in _METHODS:
        raise ValueError(f"unknown extraction method {method!r}; choose one of {EXTRACTORS}")
    if not isinstance(html, str) or not html or html.isspace():
        return ""
    try:
        text = strip_tags(html) if budget is not None and too_complex(html, budget) else _METHODS[method](html)
    except Exception as exc:  # noqa: BLE001 - bad HTML must never stop a crawl
        log.debug("extraction failed (%s): %s", method, exc)
        return ""
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
