"""Per-language Platt calibration, so that a toxicity score means the same in every language.

A raw model score is not comparable across languages: the model is more confident where it saw more data.
For each language we fit `p = sigmoid(a * logit(raw) + b)` on held-out (out-of-fold) scores, weighting the
two classes equally. The calibrated score is therefore the probability of "toxic" under a 50/50 prior, a
likelihood ratio in disguise that does not depend on how toxic each language's training mix happened to
be. For a corpus with toxic share pi, the posterior odds are `p / (1 - p) * pi / (1 - pi)`.

Platt (two parameters, strictly increasing) rather than isotonic: it keeps the ranking, hence ROC-AUC, of
each language intact and is stable on the few hundred rows that the smallest languages have.
Languages without enough held-out rows use the fit on all languages pooled (key "*").
"""
from __future__ import annotations

from typing import Sequence

import numpy as np

from .base import clip01

POOLED = "*"
#: a language needs at least this many held-out rows of each class for its own fit
MIN_PER_CLASS = 30
_EPS = 1e-6


def logit(p: np.ndarray) -> np.ndarray:
    p = np.clip(np.asarray(p, dtype=np.float64), _EPS, 1 - _EPS)
    return np.log(p / (1 - p))


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 0.5 * (1.0 + np.tanh(0.5 * z))  # no overflow for large |z|


def _fit_platt(x: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """Class-balanced logistic regression of y on x (lbfgs, deterministic, almost unregularised)."""
    from sklearn.linear_model import LogisticRegression

    lr = LogisticRegression(C=1e4, class_weight="balanced", max_iter=1000).fit(x[:, None], y)
    return float(lr.coef_[0, 0]), float(lr.intercept_[0])


class Calibrator:
    """Maps raw scores of one model to calibrated scores, per language."""

    def __init__(self, params: dict[str, tuple[float, float]]):
        if POOLED not in params:
            raise ValueError(f"calibration table lacks the pooled entry {POOLED!r}")
        self.params = params

    @classmethod
    def fit(cls, raw: np.ndarray, labels: np.ndarray, langs: Sequence[str]) -> "Calibrator":
        x, y, langs_arr = logit(raw), np.asarray(labels, dtype=np.float64), np.asarray(langs)
        params = {POOLED: _fit_platt(x, y)}
        for lang in sorted(set(langs_arr.tolist())):
            m = langs_arr == lang
            if min(y[m].sum(), (1 - y[m]).sum()) >= MIN_PER_CLASS:
                params[lang] = _fit_platt(x[m], y[m])
        return cls(params)

    def __call__(self, raw: np.ndarray, langs: Sequence[str | None] | None) -> np.ndarray:
        x = logit(raw)
        a = np.full(len(x), self.params[POOLED][0])
        b = np.full(len(x), self.params[POOLED][1])
        if langs is not None:
            langs_arr = np.asarray([lang or POOLED for lang in langs])
            for lang, (pa, pb) in self.params.items():
                m = langs_arr == lang
                a[m], b[m] = pa, pb
        return clip01(_sigmoid(a * x + b))

    def to_dict(self) -> dict[str, list[float]]:
        return {k: [round(v[0], 6), round(v[1], 6)] for k, v in sorted(self.params.items())}

    @classmethod
    def from_dict(cls, d: dict[str, list[float]]) -> "Calibrator":
        return cls({k: (float(v[0]), float(v[1])) for k, v in d.items()})
