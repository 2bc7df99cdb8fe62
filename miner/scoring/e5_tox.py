"""`e5-tox`: the precise second-stage scorer (multilingual-e5-small embeddings + neighbours + fastText + lexicon).

A logistic regression over the e5 sentence embedding carries what it learned in one language to the
others, which a bag of n-grams cannot; a vote of the nearest labelled training rows in embedding space adds
what a linear model over the embedding misses (toxicity is not one direction in e5 space); the fastText
logit and lexicon hits add the surface cues. Cost is the transformer's, set by each text's token count: on one
core about 20 texts/s at 100 characters (10 in ja/ko/zh) and 7 at 1,000 characters cut to `MAX_TOKENS` tokens,
1.4 without the cut (`make bench-scorer`), so run it on what the first pass (`fasttext-tox`) did not rule out.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

import numpy as np

from miner import PTP_LANGUAGES

from .base import Scorer
from .calibration import Calibrator, logit
from .embed import E5Embedder
from .fasttext_tox import MODELS_DIR, load_fasttext, raw_scores
from .lexicon import MARKER, ldnoobw
from .textnorm import normalize

_LANG_INDEX = {lang: i for i, lang in enumerate(PTP_LANGUAGES)}
#: lexicon markers added per text to the surface model's input; more hits add no information
MAX_MARKERS = 2
#: query rows per similarity block (block x reference rows floats in memory)
_KNN_BLOCK = 1024


@dataclass(frozen=True)
class Neighbours:
    """Labelled reference rows for the kNN vote, stored small: embeddings projected on their top principal
    axes, re-normalised and quantised to int8 (cosine similarity is kept to about 0.01)."""

    mean: np.ndarray    # (384,) float32
    basis: np.ndarray   # (384, dims) float32
    ref: np.ndarray     # (n, dims) int8
    labels: np.ndarray  # (n,) int8
    k: int
    temperature: float

    @staticmethod
    def fit_projection(emb: np.ndarray, dims: int) -> tuple[np.ndarray, np.ndarray]:
        """Mean and top-`dims` principal axes of `emb` (no labels; signs fixed so reruns give equal bytes)."""
        mean = emb.mean(0, dtype=np.float64)
        _, _, vt = np.linalg.svd(emb - mean, full_matrices=False)
        basis = vt[:dims].T
        basis *= np.sign(basis[np.abs(basis).argmax(0), np.arange(basis.shape[1])])
        return mean.astype(np.float32), basis.astype(np.float32)

    @staticmethod
    def project(emb: np.ndarray, mean: np.ndarray, basis: np.ndarray) -> np.ndarray:
        # einsum, not BLAS: a BLAS product rounds a row differently in batches of different sizes
        z = np.einsum("nd,dk->nk", emb.astype(np.float64) - mean, basis.astype(np.float64))
        z /= np.maximum(np.linalg.norm(z, axis=1, keepdims=True), 1e-9)
        return np.round(z * 127).astype(np.int8)

    def votes(self, emb: np.ndarray) -> np.ndarray:
        return knn_vote(self.project(emb, self.mean, self.basis), self.ref, self.labels, self.k, self.temperature)


def knn_vote(query: np.ndarray, ref: np.ndarray, labels: np.ndarray, k: int, temperature: float) -> np.ndarray:
    """Share of toxic rows among the `k` most similar reference rows, weighted by exp(temperature * cosine).

    `query` and `ref` are int8 rows from `Neighbours.project`."""
    k = min(k, len(ref))
    out = np.zeros(len(query))
    if not len(query) or not k:
        return out
    # int8 products summed in float32 are exact (|sum| <= dims * 127^2 < 2^24), so a row's similarities, and
    # with them its score, are the same bits whatever block or batch it is computed in
    r = ref.astype(np.float32)
    for start in range(0, len(query), _KNN_BLOCK):
        sim = (query[start:start + _KNN_BLOCK].astype(np.float32) @ r.T) / 127**2
        top = np.argpartition(-sim, k - 1, axis=1)[:, :k]
        s = np.take_along_axis(sim, top, 1)
        w = np.exp(temperature * (s - s.max(1, keepdims=True)))
        out[start:start + _KNN_BLOCK] = (w * labels[top]).sum(1) / w.sum(1)
    return out


def e5_features(emb: np.ndarray, vote: np.ndarray, ft_raw: np.ndarray, lex_hits: np.ndarray,
                langs: Sequence[str | None] | None) -> np.ndarray:
    """Stacked features of `e5-tox`: the embedding, the (smoothed) logit of the neighbours' vote, the fastText
    logit, the (capped) lexicon hits, and per project language a bias and a fastText-logit slope (fastText is
    strong where a language has native training data and weak where it has only RTP-LX). Unknown or missing
    languages get zeros there."""
    ft = logit(ft_raw)[:, None]
    vote_logit = np.log((vote + 0.02) / (1.02 - vote))[:, None]
    onehot = np.zeros((len(ft), len(PTP_LANGUAGES)))
    for row, lang in enumerate(langs if langs is not None else []):
        if lang in _LANG_INDEX:
            onehot[row, _LANG_INDEX[lang]] = 1.0
    return np.hstack([emb, vote_logit, ft, np.minimum(lex_hits, 2)[:, None], onehot, onehot * ft]).astype(np.float64)


def surface_input(text: object) -> str:
    """The line e5-tox's own fastText model sees: `textnorm.normalize` (leetspeak, elongation, URL placeholders,
    punctuation tokens) plus one marker token per LDNOOBW hit. Twice the cost of the first pass's input, and
    worth it here: stacked with this model e5-tox ranks better than with the first pass's (MODEL_CARD.md)."""
    norm = normalize(text)
    hits = ldnoobw().hits(norm.split()) if norm else 0
    return norm + f" {MARKER}" * min(hits, MAX_MARKERS)


def lexicon_hits(texts: Sequence[str]) -> np.ndarray:
    lex = ldnoobw()
    return np.array([lex.hits(normalize(t).split()) for t in texts], dtype=np.float64)


#: default `max_tokens` of e5-tox: the engine's input per text (prefix and special tokens included). 99% of the
#: held-out rows fit (their AUC does not move); a 1,000-character document is scored on its first ~300 (Latin
#: script) to ~120 (Chinese) characters, 3-10x faster than on all 1,000 (docs/scorers.md, bench-scorer.md)
MAX_TOKENS = 96


class E5ToxScorer(Scorer):
    """Calibrated P(toxic) from e5 embeddings stacked with the first-pass score; `threads` for e5.

    `max_tokens` (default `MAX_TOKENS`; None: the first `embed.MAX_CHARS` characters, the trained setting) cuts
    each text to the prefix e5 reads; a non-default window is part of the version, so scores stay traceable.
    A text's score does not depend on the batch it is scored in (bit for bit)."""

    name = "e5-tox"
    batch_invariant = True  # the cascade may score whole batches (tests/test_e5_window.py checks the claim)

    def __init__(self, model_dir: Path | str = MODELS_DIR, threads: int = 1, max_tokens: int | None = MAX_TOKENS):
        model_dir = Path(model_dir)
        meta_path = model_dir / "e5-tox.json"
        if not meta_path.is_file():
            raise FileNotFoundError(f"{meta_path} missing: run `make train-scorer` to build the shipped model")
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        self.version = meta["version"] + (f"+w{max_tokens}" if max_tokens is not None else "")
        self.calibrator = Calibrator.from_dict(meta["calibration"])
        with np.load(model_dir / meta["weights_file"]) as z:
            self.coef = z["coef"].astype(np.float64)
            self.intercept = float(z["intercept"][0])
            self.neighbours = Neighbours(z["knn_mean"], z["knn_basis"], z["knn_ref"], z["knn_labels"],
                                         int(meta["params"]["knn_k"]), float(meta["params"]["knn_temperature"]))
        self.fasttext = load_fasttext(model_dir / meta["fasttext_file"])
        self.embed = E5Embedder(threads=threads, prefix=meta["params"]["prefix"], max_tokens=max_tokens)

    def score(self, texts: Sequence[str], langs: Sequence[str] | None = None) -> dict[str, np.ndarray]:
        lines = [surface_input(t) for t in texts]
        if not lines:
            return {"toxicity": np.zeros(0, dtype=np.float32)}
        emb = self.embed(texts)
        feats = e5_features(emb, self.neighbours.votes(emb), raw_scores(self.fasttext, lines), lexicon_hits(texts),
                            langs)
        raw = 1 / (1 + np.exp(-((feats * self.coef).sum(1) + self.intercept)))  # per row, unlike BLAS (see project)
        cal = self.calibrator(raw, langs)
        cal[np.array([not line for line in lines], dtype=bool)] = 0.0
        return {"toxicity": cal.astype(np.float32)}
