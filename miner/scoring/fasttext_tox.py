"""`fasttext-tox`: the project's fast first-pass toxicity scorer (quantised fastText + per-language Platt).

Trained by `pipelines/train_scorer.py` on the licensed part of shared/data/toxicity; model and calibration
ship in `miner/scoring/models/`, so scoring needs no network and no data outside the package.

Its input is the dedup normalisation (`miner.dedup.shingles.normalize`: NFKC, lower case, punctuation and
symbols dropped) with CJK characters spaced apart, so ingest normalises each document once for both MinHash and
this scorer. The scorer-specific normalisation (`textnorm.normalize`: leetspeak, elongation, URL placeholders,
punctuation tokens, plus an LDNOOBW marker token) cost five times as much per page in ingest (172 against 34 us)
for a macro ROC-AUC 0.005 higher, RTP-LX 0.005 and the weakest language 0.03 lower
(tests/benchmarks/results/ablate-first-pass.md); `e5-tox` still uses it for its own fastText model.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Sequence

import numpy as np

from miner.dedup.shingles import normalize
from miner.text.chars import CharTable

from .base import Scorer
from .calibration import Calibrator
from .textnorm import CJK, MAX_CHARS

MODELS_DIR = Path(__file__).parent / "models"
LABEL_TOXIC = "__label__1"


#: scripts written without spaces get one token per character
_SPACE_CJK = CharTable(lambda ch: f" {ch} " if CJK.match(ch) else ch)


def model_input(text: object) -> str:
    """The exact line fastText sees, at training and at scoring time."""
    return view(normalize(text if isinstance(text, str) else "" if text is None else str(text)))


def view(normalized: str) -> str:
    """`model_input` of a text from its dedup normalisation: the first MAX_CHARS characters, CJK spaced apart."""
    return " ".join(normalized[:MAX_CHARS].translate(_SPACE_CJK).split())


def load_fasttext(path: Path):
    """Load a fastText model quietly (the library prints a warning on every load)."""
    import fasttext

    fasttext.FastText.eprint = lambda *args, **kwargs: None
    return fasttext.load_model(str(path))


def raw_scores(model, lines: Sequence[str]) -> np.ndarray:
    """P(toxic) from a two-label fastText model, for lines already passed through `model_input`."""
    if not lines:
        return np.zeros(0, dtype=np.float64)
    labels, probs = model.predict(list(lines), k=2)
    return np.array([p[0] if l[0] == LABEL_TOXIC else 1.0 - p[0] for l, p in zip(labels, probs)])


class FastTextToxScorer(Scorer):
    """Quantised fastText (word 1-2-grams + char 3-4-grams over normalised text) with per-language Platt.

    ~20k+ texts/s on one core; the first pass of the cascade. Pass `langs` (ISO 639-1) for calibrated
    scores; without them, the pooled calibration is used.
    """

    name = "fasttext-tox"

    def __init__(self, model_dir: Path | str = MODELS_DIR):
        model_dir = Path(model_dir)
        meta_path = model_dir / "fasttext-tox.json"
        if not meta_path.is_file():
            raise FileNotFoundError(f"{meta_path} missing: run `make train-scorer` to build the shipped model")
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        self.version = meta["version"]
        self.calibrator = Calibrator.from_dict(meta["calibration"])
        self.model = load_fasttext(model_dir / meta["model_file"])

    def score(self, texts: Sequence[str], langs: Sequence[str] | None = None) -> dict[str, np.ndarray]:
        return self._score([model_input(t) for t in texts], langs)

    def score_normalized(self, texts: Sequence[str], normalized: Sequence[str],
                         langs: Sequence[str] | None = None) -> dict[str, np.ndarray]:
        return self._score([view(n) for n in normalized], langs)

    def _score(self, lines: list[str], langs: Sequence[str] | None) -> dict[str, np.ndarray]:
        raw = raw_scores(self.model, lines)
        cal = self.calibrator(raw, langs)
        cal[np.array([not line for line in lines], dtype=bool)] = 0.0
        return {"toxicity": cal.astype(np.float32)}
