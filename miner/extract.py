"""Main-text extraction from HTML: resiliparse, trafilatura, and our own pruned extractor.

Output: paragraphs separated by "\n"; "" when the page has no main text. Never raises on bad input.
"""
from __future__ import annotations

import logging
import unicodedata
from collections import Counter

from resiliparse.extract.html2text import extract_plain_text

log = logging.getLogger(__name__)

EXTRACTORS = ("pruned", "resiliparse", "trafilatura")


def _resiliparse(html: str) -> str:
    return extract_plain_text(html, main_content=True, alt_texts=False, links=False, list_bullets=False,
                              comments=False, post_meta=False)


def _trafilatura(html: str) -> str:
    import trafilatura  # optional (bench extra)

    return trafilatura.extract(html, include_comments=False, include_tables=True) or ""


_METHODS = {"pruned": _resiliparse, "resiliparse": _resiliparse, "trafilatura": _trafilatura}


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
    text = "\n".join(line.strip() for line in text.splitlines() if line.strip())
    return text[:max_chars] if max_chars is not None else text


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
