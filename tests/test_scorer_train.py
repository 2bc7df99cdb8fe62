"""`pipelines/train_scorer.py` end to end on a tiny synthetic data set (no ../shared needed)."""
from __future__ import annotations

import importlib.util
import json
import random
from pathlib import Path

import numpy as np
import pytest

from miner.scoring.data import load
from miner.scoring.fasttext_tox import FastTextToxScorer
from miner.scoring.train import FastTextParams

REPO = Path(__file__).resolve().parents[1]

TOXIC = {"en": ["you stupid idiot", "shut up you moron", "i hate you, loser"],
         "de": ["du dummer idiot", "halt die fresse, du trottel", "ich hasse dich, versager"],
         "fr": ["espèce d'idiot stupide", "ferme ta gueule, crétin", "je te déteste, connard"]}
BENIGN = {"en": ["the weather is lovely today", "we cooked pasta for dinner", "the train leaves at noon"],
          "de": ["das wetter ist heute schön", "wir haben nudeln gekocht", "der zug fährt um zwölf"],
          "fr": ["il fait beau aujourd'hui", "nous avons cuisiné des pâtes", "le train part à midi"]}
SOURCES = ["rewire-online/multilingual-hatecheck", "microsoft/RTP-LX (v0.2 prompts)"]


def _synthetic(tmp: Path) -> Path:
    rng = random.Random(0)
    data = tmp / "toxicity"
    data.mkdir()
    for lang in TOXIC:
        rows = []
        for i in range(60):
            for label, pool in ((1, TOXIC[lang]), (0, BENIGN[lang])):
                text = f"{rng.choice(pool)} {rng.choice(BENIGN[lang])} #{i}"
                rows.append({"text": text, "label": label, "lang": lang, "source": SOURCES[i % 2]})
        # a source without a license must be left out
        rows.append({"text": "unlicensed row", "label": 1, "lang": lang,
                     "source": "Hala-Mulki/L-HSAB-First-Arabic-Levantine-HateSpeech-Dataset"})
        (data / f"{lang}.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return data


def _pipeline():
    spec = importlib.util.spec_from_file_location("train_scorer", REPO / "pipelines" / "train_scorer.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_license_policy_drops_unlicensed_sources(tmp_path):
    rows, dropped = load(_synthetic(tmp_path))
    assert dropped == {"Hala-Mulki/L-HSAB-First-Arabic-Levantine-HateSpeech-Dataset": 3}
    assert all("L-HSAB" not in r.source for r in rows)


class _FakeEmbedder:
    """Deterministic stand-in for e5 (hashed character trigrams): keeps the test fast and offline."""

    def __init__(self, threads: int = 1, prefix: str = "passage"):
        self.prefix = prefix

    def __call__(self, texts):
        out = np.zeros((len(texts), 64), dtype=np.float32)
        for row, text in enumerate(texts):
            for i in range(max(len(text) - 2, 0)):
                out[row, hash(text[i:i + 3]) % 64] += 1.0
        return out / np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-9)


def _run(data: Path, out: Path, monkeypatch) -> None:
    """The real pipeline with a small fastText hash table and the fake embedder."""
    module = _pipeline()
    monkeypatch.setattr(module, "E5Embedder", _FakeEmbedder)
    monkeypatch.setattr(module.train, "FastTextParams", lambda: FastTextParams(bucket=20_000, cutoff=5_000))
    assert module.main(["--data", str(data), "--out", str(out), "--cache", "none", "--threads", "1"]) == 0


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("train")
    with pytest.MonkeyPatch.context() as mp:
        _run(_synthetic(tmp), tmp / "models", mp)
    return tmp / "models"


def test_training_writes_loadable_models(trained):
    names = {p.name for p in trained.iterdir()}
    assert {"fasttext-tox.ftz", "fasttext-tox.json", "e5-tox.npz", "e5-tox.json", "e5-tox-fasttext.ftz",
            "train-report.json"} <= names
    report = json.loads((trained / "train-report.json").read_text())
    assert report["split"]["test_rows"] > 0 and report["split"]["train_rows"] > report["split"]["test_rows"]


def test_trained_model_separates_synthetic_classes(trained):
    scorer = FastTextToxScorer(trained)
    tox = scorer.score(["you stupid idiot", "du dummer idiot"], ["en", "de"])["toxicity"]
    ok = scorer.score(["we cooked pasta for dinner", "der zug fährt um zwölf"], ["en", "de"])["toxicity"]
    assert tox.dtype == np.float32
    assert tox.min() > ok.max()


def test_training_is_deterministic(trained, tmp_path, monkeypatch):
    out = tmp_path / "again"
    _run(trained.parent / "toxicity", out, monkeypatch)
    for name in ("fasttext-tox.ftz", "e5-tox.npz", "fasttext-tox.json", "e5-tox.json"):
        assert (out / name).read_bytes() == (trained / name).read_bytes(), name


def test_e5_out_of_fold_scores_never_see_their_own_fold():
    """Cross-validation is honest: flipping the labels of one fold changes no out-of-fold score in that fold
    (neither the regression nor the kNN vote may read them), and does change the other folds' scores."""
    pytest.importorskip("sklearn")
    from miner.scoring.data import Example
    from miner.scoring.train import E5Params, E5Sample

    rng = np.random.default_rng(0)
    n = 240
    labels = rng.integers(0, 2, n)
    emb = rng.normal(size=(n, 384)).astype(np.float32) + labels[:, None] * 0.3
    emb /= np.linalg.norm(emb, axis=1, keepdims=True)
    fold = np.arange(n) % 4 + 1  # training folds 1-4
    surface = rng.uniform(0.05, 0.95, n)  # stands in for the out-of-fold fastText scores

    def oof(y: np.ndarray) -> np.ndarray:
        rows = [Example(f"text {i}", int(v), "en", "src") for i, v in enumerate(y)]
        return E5Sample.build(rows, fold, surface, lambda texts: emb, E5Params(knn_k=10)).out_of_fold()

    before = oof(labels)
    flipped = labels.copy()
    flipped[fold == 2] ^= 1
    after = oof(flipped)
    assert np.allclose(before[fold == 2], after[fold == 2])
    assert not np.allclose(before[fold != 2], after[fold != 2])
