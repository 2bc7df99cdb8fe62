"""Toxicity scorers and the registry that lets configs name them.

    scorer = get_scorer("wordlist")            # or any name in `available()`
    scorer.score(["some text"], ["en"])        # {"toxicity": array([...])}
"""
from __future__ import annotations

from importlib import import_module
from typing import Callable

from .base import Scorer

# name -> "module:factory"; modules are imported lazily so optional extras (torch) stay optional.
_REGISTRY: dict[str, str] = {
    "wordlist": "miner.scoring.wordlist:WordListScorer",
    "fasttext-tox": "miner.scoring.fasttext_tox:FastTextToxScorer",
    "e5-tox": "miner.scoring.e5_tox:E5ToxScorer",
    "detoxify": "miner.scoring.detoxify:DetoxifyScorer",
    "cascade": "miner.scoring.cascade:cascade_from_specs",
}


def register(name: str, target: str) -> None:
    """Register a scorer factory under `name` (target is "package.module:callable")."""
    _REGISTRY[name] = target


def available() -> list[str]:
    return sorted(_REGISTRY)


def get_scorer(name: str, **params) -> Scorer:
    if name not in _REGISTRY:
        raise KeyError(f"unknown scorer {name!r}; available: {', '.join(available())}")
    module_name, _, attr = _REGISTRY[name].partition(":")
    factory: Callable[..., Scorer] = getattr(import_module(module_name), attr)
    return factory(**params)


def build_scorer(config) -> Scorer:
    """The release scorer of a `ScoringConfig`: the first pass alone, or a cascade that refines the texts
    whose first-pass score falls in `refine_band` with the precise scorer."""
    first = get_scorer(config.first_pass.name, **config.first_pass.params)
    if config.precise is None:
        return first
    from .cascade import CascadeScorer

    precise = get_scorer(config.precise.name, **config.precise.params)
    return CascadeScorer(first, precise, tuple(config.refine_band))


__all__ = ["Scorer", "available", "build_scorer", "get_scorer", "register"]
