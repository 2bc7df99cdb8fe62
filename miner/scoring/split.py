"""The held-out split: rows grouped so that nothing on the test side was seen, in any form, in training.

Two rows share a group when
- their normalised text (NFKC, lower case, folded whitespace) is the same, in any language, or
- they are translations of the same RTP-LX prompt. RTP-LX ships every prompt in 17 languages without a
  shared id, and each language file is shuffled independently, so translations are found by their
  multilingual embeddings (`align_translations`).
A group goes to the test side as a whole; the side is a hash of the group's smallest key, so it does not
depend on row order. The same hash gives the folds used for out-of-fold predictions inside training.
"""
from __future__ import annotations

from typing import Sequence

import numpy as np
import xxhash

from .textnorm import dedup_key

#: number of folds; fold 0 is the test side (20 %), folds 1..N-1 are used for cross-fitting
N_FOLDS = 5
TEST_FOLD = 0


class _UnionFind:
    def __init__(self, n: int):
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, i: int, j: int) -> None:
        ri, rj = self.find(i), self.find(j)
        if ri != rj:
            self.parent[max(ri, rj)] = min(ri, rj)


def align_translations(emb: np.ndarray, langs: Sequence[str], min_sim: float = 0.85,
                       min_margin: float = 0.02) -> list[tuple[int, int]]:
    """Pairs (i, j) of rows that are translations of each other, from L2-normalised embeddings.

    For every pair of languages, a row is linked to its nearest neighbour in the other language when the
    two are each other's nearest neighbour, similar enough, and clearly closer than the runner-up (the
    margin rejects generic prompts that look alike in every language).
    """
    langs_arr = np.asarray(langs)
    by_lang = {lang: np.flatnonzero(langs_arr == lang) for lang in sorted(set(langs_arr.tolist()))}
    names = list(by_lang)
    pairs = []
    for a_pos, a in enumerate(names):
        for b in names[a_pos + 1:]:
            ia, ib = by_lang[a], by_lang[b]
            if len(ia) < 2 or len(ib) < 2:
                continue
            sim = emb[ia] @ emb[ib].T
            best_b, best_a = sim.argmax(1), sim.argmax(0)
            top2_b = np.partition(sim, -2, axis=1)[:, -2:]
            top2_a = np.partition(sim, -2, axis=0)[-2:, :]
            for r, c in enumerate(best_b):
                s = sim[r, c]
                if best_a[c] != r or s < min_sim:
                    continue
                if s - top2_b[r, 0] < min_margin or s - top2_a[0, c] < min_margin:
                    continue
                pairs.append((int(ia[r]), int(ib[c])))
    return pairs


def group_ids(texts: Sequence[str], links: Sequence[tuple[int, int]] = ()) -> np.ndarray:
    """Group id (the smallest row index of the group) of every row: same normalised text, or linked."""
    uf = _UnionFind(len(texts))
    first: dict[str, int] = {}
    for i, text in enumerate(texts):
        key = dedup_key(text)
        if key in first:
            uf.union(first[key], i)
        else:
            first[key] = i
    for i, j in links:
        uf.union(i, j)
    return np.array([uf.find(i) for i in range(len(texts))], dtype=np.int64)


def folds(texts: Sequence[str], groups: np.ndarray, seed: int = 0) -> np.ndarray:
    """Fold (0..N_FOLDS-1) of every row: a seeded hash of its group's smallest normalised text."""
    smallest: dict[int, str] = {}
    for text, g in zip(texts, groups.tolist()):
        key = dedup_key(text)
        if g not in smallest or key < smallest[g]:
            smallest[g] = key
    fold_of = {g: xxhash.xxh64_intdigest(k.encode("utf-8"), seed=seed) % N_FOLDS for g, k in smallest.items()}
    return np.array([fold_of[g] for g in groups.tolist()], dtype=np.int64)
