"""A two-stage scorer: a cheap scorer reads every text, a precise one only the texts it could change.

Mining needs precise scores only where they decide something: a text whose cheap toxicity is far below the lowest
bin of interest (or certainly in the top bin) gains little from a transformer pass. Running the precise scorer on
the `refine_band` alone saves most of its cost; `stats` measures how much.
"""
from __future__ import annotations

import time
from typing import Any, Sequence

import numpy as np

from .base import Scorer

REFINED = "refined"  # 1.0 where the second scorer scored the row, 0.0 where the first pass stands


class CascadeScorer(Scorer):
    """`first` scores every text; `second` re-scores those whose first toxicity lies in `refine_band` (inclusive).

    For refined rows the second scorer's attributes replace the first's. Attributes only the second scorer has
    are 0 on rows it did not score; the `refined` attribute (0/1) tells the two kinds of rows apart.
    """

    def __init__(self, first: Scorer, second: Scorer, refine_band: tuple[float, float]):
        low, high = (float(x) for x in refine_band)
        if not 0.0 <= low <= high <= 1.0:
            raise ValueError(f"refine_band must satisfy 0 <= low <= high <= 1, got {refine_band}")
        self.first, self.second, self.refine_band = first, second, (low, high)
        self.name = f"cascade-{first.name}-{second.name}"
        self._counts: dict[str, float] = dict.fromkeys(
            ("texts_first", "texts_refined", "seconds_first", "seconds_second"), 0.0
        )

    @property
    def version(self) -> str:  # type: ignore[override]
        low, high = self.refine_band
        return f"{self.first.tag}+{self.second.tag}+band{low:g}-{high:g}"

    @property
    def attributes(self) -> tuple[str, ...]:  # type: ignore[override]
        first = tuple(self.first.attributes)
        return first + tuple(a for a in self.second.attributes if a not in first) + (REFINED,)

    def score(self, texts: Sequence[str], langs: Sequence[str] | None = None) -> dict[str, np.ndarray]:
        start = time.perf_counter()
        merged = {name: np.array(values, dtype=np.float32) for name, values in self.first.score(texts, langs).items()}
        self._counts["seconds_first"] += time.perf_counter() - start
        self._counts["texts_first"] += len(texts)
        refined = self.refine(texts, langs, merged["toxicity"])
        for name, values in refined.items():
            column = merged.setdefault(name, np.zeros(len(texts), dtype=np.float32))
            picked = refined[REFINED] == 1.0
            column[picked] = values[picked]
        merged[REFINED] = refined[REFINED]
        return {name: merged[name] for name in self.attributes}

    def in_band(self, first_toxicity) -> np.ndarray:
        """Which first-pass scores the precise scorer re-scores (the band is inclusive)."""
        low, high = self.refine_band
        toxicity = np.asarray(first_toxicity, dtype=np.float32)
        return (toxicity >= low) & (toxicity <= high)

    def refine(self, texts: Sequence[str], langs: Sequence[str] | None, first_toxicity) -> dict[str, np.ndarray]:
        """The second scorer's attributes for the texts whose first-pass toxicity is in the band (0 elsewhere),
        plus `refined`. Each text is scored on its own (`score_each`), so a score never depends on its batch:
        the sample stage's rounds (scoring.scope needed) and the prompts stage (scope all) agree to the bit."""
        picked = np.flatnonzero(self.in_band(first_toxicity))
        out = {name: np.zeros(len(texts), dtype=np.float32) for name in self.second.attributes}
        out[REFINED] = np.zeros(len(texts), dtype=np.float32)
        if len(picked):
            start = time.perf_counter()
            scores = score_each(self.second, [texts[i] for i in picked],
                                None if langs is None else [langs[i] for i in picked])
            self._counts["seconds_second"] += time.perf_counter() - start
            self._counts["texts_refined"] += len(picked)
            for name, values in scores.items():
                out[name][picked] = values
            out[REFINED][picked] = 1.0
        return out

    @property
    def stats(self) -> dict[str, Any]:
        """Counts and seconds per stage over all calls so far, the second scorer's measured cost per text, and the
        time saved, estimated as (texts not refined) x (that cost): what running `second` on every text would
        have added. The cost figures are None until a text has been refined."""
        s: dict[str, Any] = dict(self._counts)
        per_text = s["seconds_second"] / s["texts_refined"] if s["texts_refined"] else None
        s["share_not_refined"] = 1.0 - s["texts_refined"] / s["texts_first"] if s["texts_first"] else 0.0
        s["second_seconds_per_text"] = per_text
        s["est_seconds_saved"] = None if per_text is None else (s["texts_first"] - s["texts_refined"]) * per_text
        return s


def score_each(scorer: Scorer, texts: Sequence[str], langs: Sequence[str] | None) -> dict[str, np.ndarray]:
    """`scorer.score`, one text per call unless the scorer says `batch_invariant = True`.

    Batched scores can depend on the batch: e5-tox's embeddings of a text moved by up to 0.009 with the other texts
    of its batch (measured on 64 English texts of 20-200 words; one call per text cost 9% more CPU)."""
    if getattr(scorer, "batch_invariant", False) or len(texts) <= 1:
        return scorer.score(list(texts), None if langs is None else list(langs))
    parts = [scorer.score([t], None if langs is None else [langs[i]]) for i, t in enumerate(texts)]
    return {name: np.concatenate([np.asarray(p[name], dtype=np.float32) for p in parts]) for name in parts[0]}


def cascade_from_specs(first: dict[str, Any], second: dict[str, Any], refine_band: Sequence[float]) -> CascadeScorer:
    """Build a cascade from registry specs, as a pipeline YAML gives them:
    `{name: cascade, params: {first: {name: wordlist}, second: {name: detoxify, params: {...}}, refine_band: [.1, 1]}}`.
    """
    from . import get_scorer

    def build(spec: dict[str, Any]) -> Scorer:
        return get_scorer(spec["name"], **spec.get("params", {}))

    low, high = refine_band
    return CascadeScorer(build(first), build(second), (low, high))
