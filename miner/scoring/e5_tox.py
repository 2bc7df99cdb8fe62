"""`e5-tox`: the precise second-stage scorer (multilingual-e5-small embeddings + fastText + lexicon, stacked).

A logistic regression over the e5 sentence embedding carries what it learned in one language to the
others, which a bag of n-grams cannot; the fastText logit and lexicon hits add the surface cues. About
50-90 texts/s on one core, so run it on what the first pass (`fasttext-tox`) did not rule out.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Sequence

import numpy as np

from miner import PTP_LANGUAGES

from .base import Scorer
from .calibration import Calibrator, logit
from .embed import E5Embedder
from .fasttext_tox import MODELS_DIR, load_fasttext, model_input, raw_scores
from .lexicon import ldnoobw
from .textnorm import normalize

_LANG_INDEX = {lang: i for i, lang in enumerate(PTP_LANGUAGES)}


def e5_features(emb: np.ndarray, ft_raw: np.ndarray, lex_hits: np.ndarray,
                langs: Sequence[str | None] | None) -> np.ndarray:
    """Stacked features of `e5-tox`: the embedding, the fastText logit, the (capped) lexicon hits, and per
    project language a bias and a fastText-logit slope (fastText is strong where a language has native
    training data and weak where it has only RTP-LX). Unknown or missing languages get zeros there."""
    ft = logit(ft_raw)[:, None]
    onehot = np.zeros((len(ft), len(PTP_LANGUAGES)))
    for row, lang in enumerate(langs if langs is not None else []):
        if lang in _LANG_INDEX:
            onehot[row, _LANG_INDEX[lang]] = 1.0
    return np.hstack([emb, ft, np.minimum(lex_hits, 2)[:, None], onehot, onehot * ft]).astype(np.float64)


def lexicon_hits(texts: Sequence[str]) -> np.ndarray:
    lex = ldnoobw()
    return np.array([lex.hits(normalize(t).split()) for t in texts], dtype=np.float64)


class E5ToxScorer(Scorer):
    """Calibrated P(toxic) from e5 embeddings stacked with the first-pass score; `threads` for e5."""

    name = "e5-tox"

    def __init__(self, model_dir: Path | str = MODELS_DIR, threads: int = 1):
        model_dir = Path(model_dir)
        meta_path = model_dir / "e5-tox.json"
        if not meta_path.is_file():
            raise FileNotFoundError(f"{meta_path} missing: run `make train-scorer` to build the shipped model")
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        ft_meta = json.loads((model_dir / meta["fasttext_meta"]).read_text(encoding="utf-8"))
        self.version = meta["version"]
        self.calibrator = Calibrator.from_dict(meta["calibration"])
        with np.load(model_dir / meta["weights_file"]) as z:
            self.coef = z["coef"].astype(np.float64)
            self.intercept = float(z["intercept"][0])
        self.fasttext = load_fasttext(model_dir / ft_meta["model_file"])
        self.embed = E5Embedder(threads=threads)

    def score(self, texts: Sequence[str], langs: Sequence[str] | None = None) -> dict[str, np.ndarray]:
        lines = [model_input(t) for t in texts]
        if not lines:
            return {"toxicity": np.zeros(0, dtype=np.float32)}
        feats = e5_features(self.embed(texts), raw_scores(self.fasttext, lines), lexicon_hits(texts), langs)
        raw = 1 / (1 + np.exp(-(feats @ self.coef + self.intercept)))
        cal = self.calibrator(raw, langs)
        cal[np.array([not line for line in lines], dtype=bool)] = 0.0
        return {"toxicity": cal.astype(np.float32)}
