"""The Scorer interface: a batch of texts in, named scores in [0, 1] out.

Every scorer has a `name` and a `version`; both are written into every scored row and into the release
manifest, so a score can always be traced to the model that produced it.
"""
from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Sequence

import numpy as np


class Scorer(ABC):
    name: str = "abstract"
    version: str = "0"
    #: attributes this scorer returns; always includes "toxicity"
    attributes: tuple[str, ...] = ("toxicity",)

    @abstractmethod
    def score(self, texts: Sequence[str], langs: Sequence[str] | None = None) -> dict[str, np.ndarray]:
        """Score `texts` (optionally with their ISO 639-1 `langs`).

        Returns one float32 array per attribute, each of len(texts), values in [0, 1]. Empty, very long or
        malformed text must never raise: empty text scores 0.
        """

    def score_normalized(self, texts: Sequence[str], normalized: Sequence[str],
                         langs: Sequence[str] | None = None) -> dict[str, np.ndarray]:
        """`score(texts, langs)`, given also each text's dedup normalisation (`miner.dedup.shingles.normalize`).

        Ingest computes that once per document for MinHash; a scorer whose input starts from it (fasttext-tox)
        overrides this to skip normalising again. The result must equal `score(texts, langs)`.
        """
        return self.score(texts, langs)

    @property
    def tag(self) -> str:
        """`name@version`, the string recorded with each score."""
        return f"{self.name}@{self.version}"


def clip01(values) -> np.ndarray:
    """Scores as float32 in [0, 1], NaN mapped to 0."""
    arr = np.nan_to_num(np.asarray(values, dtype=np.float32), nan=0.0)
    return np.clip(arr, 0.0, 1.0)
