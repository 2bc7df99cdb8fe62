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


def align_translations(emb: np.ndarray, langs: Sequence[str], min_sim: float = 0.8,
                       sure_sim: float = 0.93) -> list[tuple[int, int]]:
    """Pairs (i, j) of rows taken to be translations of each other, from L2-normalised embeddings.

    Candidates: for every pair of languages, each row and its nearest neighbour in the other language.
    They are merged greedily, most similar first, into groups that hold at most one row per language;
    that constraint stops chains of look-alike prompts from snowballing into one giant group. Pairs above
    `sure_sim` are merged regardless (a language can hold two variants of one prompt). A wrong merge only
    makes the grouping coarser (safe for a split); a missed one would leak, so the thresholds are permissive.
    """
    langs_arr = np.asarray(langs)
    by_lang = {lang: np.flatnonzero(langs_arr == lang) for lang in sorted(set(langs_arr.tolist()))}
    names = list(by_lang)
    candidates: list[tuple[float, int, int]] = []
    for a_pos, a in enumerate(names):
        for b in names[a_pos + 1:]:
            ia, ib = by_lang[a], by_lang[b]
            sim = emb[ia] @ emb[ib].T
            rows = np.arange(len(ia))
            cols = np.arange(len(ib))
            for r, c in ((rows, sim.argmax(1)), (sim.argmax(0), cols)):
                keep = sim[r, c] >= min_sim
                candidates += zip((-sim[r, c][keep]).tolist(), ia[r[keep]].tolist(), ib[c[keep]].tolist())
    candidates.sort()
    uf = _UnionFind(len(langs_arr))
    members = {i: {lang} for i, lang in enumerate(langs_arr.tolist())}
    links = []
    for neg_sim, i, j in candidates:
        ri, rj = uf.find(i), uf.find(j)
        if ri == rj or (members[ri] & members[rj] and -neg_sim < sure_sim):
            continue
        uf.union(ri, rj)
        root = uf.find(ri)
        members[root] = members.pop(ri if root == rj else rj) | members[root]
        links.append((i, j))
    return links


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
