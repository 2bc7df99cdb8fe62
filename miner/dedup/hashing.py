"""MurmurHash3 finalizers over numpy arrays: fixed avalanching bijections, with wrapping unsigned maths.

fmix32 is datasketch 2.0's pre-mix for its "affine32" MinHash scheme; fmix64 folds sequences of 64-bit values
(shingle units, signature bands) into one hash.
"""
from __future__ import annotations

import numpy as np

_C32 = (np.uint32(16), np.uint32(0x85EBCA6B), np.uint32(13), np.uint32(0xC2B2AE35))
_C64 = (np.uint64(33), np.uint64(0xFF51AFD7ED558CCD), np.uint64(0xC4CEB9FE1A85EC53))


def fmix32(h: np.ndarray) -> np.ndarray:
    s16, m1, s13, m2 = _C32
    h = (h ^ (h >> s16)) * m1
    h = (h ^ (h >> s13)) * m2
    return h ^ (h >> s16)


def fmix64(h: np.ndarray) -> np.ndarray:
    s33, m1, m2 = _C64
    h = (h ^ (h >> s33)) * m1
    h = (h ^ (h >> s33)) * m2
    return h ^ (h >> s33)
