"""Training of the shipped toxicity scorers (run by `pipelines/train_scorer.py`, i.e. `make train-scorer`).

Steps, all seeded and single-threaded where order matters, so a rerun rebuilds the same files:
1. load the licensed rows (`data.load`), group them (same normalised text; RTP-LX translations aligned by
   e5 embeddings) and hash the groups into folds; fold 0 is the held-out test side, never trained on;
2. fastText on folds 1-4, with out-of-fold predictions from 4 cross-fitted models for calibration: the first
   pass `fasttext-tox` on the dedup normalisation, and e5-tox's own on `e5_tox.surface_input`;
3. `e5-tox`: logistic regression on [e5 `query: ` embedding, kNN vote of the labelled sample, fastText logit,
   lexicon hits, per-language bias and fastText slope] over a per-source capped sample, cross-fitted the same
   way (the kNN vote of a training row only ever counts rows of other folds);
4. per-language Platt calibration of both on their out-of-fold scores; write models + JSON metadata.
"""
from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
import tempfile
from dataclasses import asdict, dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import Callable, Sequence

import numpy as np
import xxhash

from .calibration import Calibrator
from .data import Example, POLICIES
from .e5_tox import Neighbours, e5_features, knn_vote, lexicon_hits, surface_input
from .fasttext_tox import load_fasttext, model_input, raw_scores
from .split import N_FOLDS, TEST_FOLD, align_translations, folds, group_ids
from .textnorm import dedup_key

Embed = Callable[[Sequence[str]], np.ndarray]


@dataclass(frozen=True)
class FastTextParams:
    epoch: int = 5
    lr: float = 0.5
    dim: int = 20
    word_ngrams: int = 2
    minn: int = 3
    #: char n-grams of 3-4: on the first pass's input, macro ROC-AUC 0.005 below 3-6, the weakest language 0.03
    #: above; predict timings vary too much between runs to tell the two apart (ablate-first-pass.md)
    maxn: int = 4
    bucket: int = 2_000_000
    #: RTP-LX rows (web prompts, the target domain) are repeated this many times in the training file
    rtp_repeat: int = 3
    #: quantisation keeps this many embedding rows (the model's size is about cutoff * dim / 2 bytes)
    cutoff: int = 200_000
    seed: int = 0


@dataclass(frozen=True)
class E5Params:
    #: rows per (language, source) outside RTP-LX that get embedded for training (RTP-LX: all)
    cap_per_source: int = 600
    C: float = 1.0
    #: weight of RTP-LX rows relative to the others (as `FastTextParams.rtp_repeat`)
    rtp_weight: float = 2.0
    #: e5 prefix of the features ("query" ranked better than "passage" in cross-validation)
    prefix: str = "query"
    #: char n-grams up to this length in e5-tox's own fastText model (`surface_input`; otherwise as the first pass)
    surface_maxn: int = 6
    #: kNN vote: neighbours, similarity temperature, and dimensions kept of the shipped reference embeddings
    knn_k: int = 40
    knn_temperature: float = 20.0
    knn_dims: int = 128
    seed: int = 0


@dataclass
class SplitInfo:
    fold: np.ndarray
    n_groups: int
    n_links: int


@dataclass
class TrainReport:
    rows: int
    dropped: dict[str, int]
    split: dict[str, int]
    fasttext: dict = field(default_factory=dict)
    e5: dict = field(default_factory=dict)


def make_split(rows: Sequence[Example], embed: Embed, seed: int = 0) -> SplitInfo:
    """Folds for every row: groups of identical normalised text and of aligned RTP-LX translations."""
    texts = [r.text for r in rows]
    rtp = [i for i, r in enumerate(rows) if r.is_rtp]
    links: list[tuple[int, int]] = []
    if rtp:
        emb = embed([texts[i] for i in rtp])
        links = [(rtp[a], rtp[b]) for a, b in align_translations(emb, [rows[i].lang for i in rtp])]
    groups = group_ids(texts, links)
    return SplitInfo(folds(texts, groups, seed), len(set(groups.tolist())), len(links))


_FASTTEXT_CHILD = """
import json, sys
import fasttext
fasttext.FastText.eprint = lambda *args, **kwargs: None
train_file, model_file, quantize, p = sys.argv[1], sys.argv[2], sys.argv[3] == "1", json.loads(sys.argv[4])
model = fasttext.train_supervised(
    train_file, epoch=p["epoch"], lr=p["lr"], dim=p["dim"], wordNgrams=p["word_ngrams"], minn=p["minn"],
    maxn=p["maxn"], bucket=p["bucket"], loss="softmax", thread=1, seed=p["seed"], verbose=0)
if quantize:
    model.quantize(input=train_file, qnorm=True, retrain=False, cutoff=p["cutoff"], thread=1)
model.save_model(model_file)
"""


def _train_fasttext(lines: Sequence[str], labels: np.ndarray, repeat: np.ndarray, params: FastTextParams,
                    model_file: Path, quantize: bool = False):
    """Train (and optionally quantise) a model into `model_file` and load it.

    Training runs in a fresh interpreter: within one process, fastText's results depend on what the process
    did before (the same training run twice gave two models, even in forked children), while a new process
    gives the same bytes every time.
    """
    train_file = model_file.with_suffix(".train.txt")
    with open(train_file, "w", encoding="utf-8") as fh:
        for line, y, k in zip(lines, labels.tolist(), repeat.tolist()):
            fh.write(f"__label__{y} {line}\n" * k)
    cmd = [sys.executable, "-c", _FASTTEXT_CHILD, str(train_file), str(model_file), "1" if quantize else "0",
           json.dumps(asdict(params))]
    done = subprocess.run(cmd, capture_output=True, text=True)
    train_file.unlink()
    if done.returncode != 0:
        raise RuntimeError(f"fastText training failed (exit code {done.returncode}): {done.stderr[-2000:]}")
    return load_fasttext(model_file)


def trainable_split(rows: Sequence[Example], embed: Embed, seed: int = 0
                    ) -> tuple[list[Example], np.ndarray, SplitInfo]:
    """The split of all `rows`, then the rows training may use (`Example.trainable`) and their folds."""
    split = make_split(rows, embed, seed=seed)
    keep = np.array([r.trainable for r in rows], dtype=bool)
    return [r for r, k in zip(rows, keep) if k], split.fold[keep], split


def _repeats(rows: Sequence[Example], params: FastTextParams) -> np.ndarray:
    return np.array([params.rtp_repeat if r.is_rtp else 1 for r in rows])


def fasttext_oof(lines: Sequence[str], rows: Sequence[Example], fold: np.ndarray,
                 params: FastTextParams) -> np.ndarray:
    """Out-of-fold raw fastText scores of `lines` (one per row) over the training folds; NaN on the test fold."""
    y, repeat = np.array([r.label for r in rows], dtype=np.int64), _repeats(rows, params)
    tmp = Path(tempfile.mkdtemp(prefix="train-scorer-"))

    def fit(idx: np.ndarray):
        model = _train_fasttext([lines[i] for i in idx], y[idx], repeat[idx], params, tmp / "fold.bin")
        return lambda pred_idx: raw_scores(model, [lines[i] for i in pred_idx])

    try:
        return cross_fit(fit, fold, len(lines))
    finally:
        shutil.rmtree(tmp)


def cross_fit(fit: Callable[[np.ndarray], Callable[[np.ndarray], np.ndarray]], fold: np.ndarray,
              n_rows: int) -> np.ndarray:
    """Out-of-fold predictions over the training folds: for each fold, fit on the others, predict it.

    `fit(train_index)` returns a `predict(index) -> scores` function. Rows of the test fold get NaN.
    """
    oof = np.full(n_rows, np.nan)
    for k in range(N_FOLDS):
        if k == TEST_FOLD:
            continue
        train_idx = np.flatnonzero((fold != k) & (fold != TEST_FOLD))
        pred_idx = np.flatnonzero(fold == k)
        if len(train_idx) and len(pred_idx):
            oof[pred_idx] = fit(train_idx)(pred_idx)
    return oof


def sample_per_source(rows: Sequence[Example], cap: int) -> np.ndarray:
    """Row indices of a capped sample: all RTP-LX rows, and per (language, source) the `cap` rows
    with the smallest hash of their normalised text (a fixed pseudo-random sample)."""
    by_source: dict[tuple[str, str], list[tuple[int, int]]] = {}
    keep = []
    for i, r in enumerate(rows):
        if r.is_rtp:
            keep.append(i)
        else:
            h = xxhash.xxh64_intdigest(dedup_key(r.text).encode("utf-8"))
            by_source.setdefault((r.lang, r.source), []).append((h, i))
    for items in by_source.values():
        keep += [i for _, i in sorted(items)[:cap]]
    return np.array(sorted(keep), dtype=np.int64)


def _fit_lr(x: np.ndarray, y: np.ndarray, weight: np.ndarray, params: E5Params):
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=params.C, class_weight="balanced", max_iter=3000,
                              random_state=params.seed).fit(x, y, sample_weight=weight)


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:12]


def oof_votes(proj: np.ndarray, labels: np.ndarray, fold: np.ndarray, params: E5Params) -> np.ndarray:
    """kNN vote of every row from the rows of the other folds (so a row's own group never votes for it)."""
    out = np.zeros(len(proj))
    for k in np.unique(fold).tolist():
        m = fold == k
        out[m] = knn_vote(proj[m], proj[~m], labels[~m], params.knn_k, params.knn_temperature)
    return out


@dataclass
class E5Sample:
    """e5-tox's training sample as arrays: what its logistic regression and kNN vote are fitted on.

    `make train-scorer` fits it on the capped sample of the training folds; `make cv-e5-tox` cross-validates
    variants of `E5Params` with the same code."""

    params: E5Params
    emb: np.ndarray      # (n, 384) e5 embeddings of `params.prefix`
    mean: np.ndarray     # kNN projection (label-free, so fitted once on all rows)
    basis: np.ndarray
    proj: np.ndarray     # (n, knn_dims) int8
    labels: np.ndarray   # (n,) int8
    fold: np.ndarray
    surface: np.ndarray  # out-of-fold raw scores of e5-tox's own fastText model
    lex: np.ndarray
    langs: list[str]
    weight: np.ndarray

    @classmethod
    def build(cls, rows: Sequence[Example], fold: np.ndarray, surface: np.ndarray, embed: Embed,
              params: E5Params) -> "E5Sample":
        emb = embed([r.text for r in rows])
        mean, basis = Neighbours.fit_projection(emb, params.knn_dims)
        return cls(params, emb, mean, basis, Neighbours.project(emb, mean, basis),
                   np.array([r.label for r in rows], dtype=np.int8), fold, surface,
                   lexicon_hits([r.text for r in rows]), [r.lang for r in rows],
                   np.array([params.rtp_weight if r.is_rtp else 1.0 for r in rows]))

    def features(self, idx: np.ndarray, vote: np.ndarray) -> np.ndarray:
        return e5_features(self.emb[idx], vote, self.surface[idx], self.lex[idx], [self.langs[i] for i in idx])

    def fit(self, idx: np.ndarray):
        """The logistic regression on rows `idx`; their kNN votes come from the other folds among them."""
        votes = oof_votes(self.proj[idx], self.labels[idx], self.fold[idx], self.params)
        return _fit_lr(self.features(idx, votes), self.labels[idx], self.weight[idx], self.params)

    def predict(self, lr, ref_idx: np.ndarray, idx: np.ndarray) -> np.ndarray:
        """P(toxic) of rows `idx` from `lr`, the kNN vote taken over rows `ref_idx` (those `lr` was fitted on)."""
        p = self.params
        vote = knn_vote(self.proj[idx], self.proj[ref_idx], self.labels[ref_idx], p.knn_k, p.knn_temperature)
        return lr.predict_proba(self.features(idx, vote))[:, 1]

    def out_of_fold(self) -> np.ndarray:
        """Cross-fitted P(toxic) of every row (its fold left out of both the regression and the vote)."""
        return cross_fit(lambda idx: partial(self.predict, self.fit(idx), idx), self.fold, len(self.labels))


def train(rows: Sequence[Example], out_dir: Path, embed: Embed, dropped: dict[str, int] | None = None,
          ft_params: FastTextParams = FastTextParams(), e5_params: E5Params = E5Params(),
          log: Callable[[str], None] = print, embed_features: Embed | None = None) -> TrainReport:
    """Train both scorers on `rows` (minus the test fold) and write them into `out_dir`.

    `embed` gives the `passage: ` embeddings that align RTP-LX translations for the split; `embed_features`
    the embeddings of `e5_params.prefix` that e5-tox is trained on (default: `embed`)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    all_rows = len(rows)
    rows, fold, split = trainable_split(rows, embed, seed=ft_params.seed)
    n_test = int((split.fold == TEST_FOLD).sum())
    y = np.array([r.label for r in rows], dtype=np.int64)
    langs = [r.lang for r in rows]
    log(f"split: {len(rows)} rows, {split.n_groups} groups ({split.n_links} translation links), "
        f"test fold {n_test} rows; {all_rows - len(rows)} rows not trained on (`Example.trainable`)")
    train_idx = np.flatnonzero(fold != TEST_FOLD)

    def fasttext(input_line: Callable[[str], str], params: FastTextParams, path: Path) -> np.ndarray:
        """Out-of-fold raw scores of fastText on `input_line(text)`, then the final model on all training folds."""
        lines = [input_line(r.text) for r in rows]
        oof = fasttext_oof(lines, rows, fold, params)
        log(f"{path.name}: out-of-fold scores done, training the final model")
        repeat = _repeats(rows, params)
        _train_fasttext([lines[i] for i in train_idx], y[train_idx], repeat[train_idx], params, path, quantize=True)
        return oof

    ft_path = out_dir / "fasttext-tox.ftz"
    ft_oof = fasttext(model_input, ft_params, ft_path)
    ft_cal = Calibrator.fit(ft_oof[train_idx], y[train_idx], [langs[i] for i in train_idx])
    ft_version = f"2+{_sha(ft_path)}"
    ft_meta = {"name": "fasttext-tox", "version": ft_version, "model_file": ft_path.name,
               "calibration": ft_cal.to_dict(), "params": asdict(ft_params)}
    (out_dir / "fasttext-tox.json").write_text(json.dumps(ft_meta, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    log(f"fasttext-tox {ft_version}: {ft_path.stat().st_size / 1e6:.1f} MB")

    # e5-tox: its own fastText model on the surface input, stacked in a logistic regression on a capped sample
    surface_path = out_dir / "e5-tox-fasttext.ftz"
    surface_oof = fasttext(surface_input, replace(ft_params, maxn=e5_params.surface_maxn), surface_path)
    sample = train_idx[sample_per_source([rows[i] for i in train_idx], e5_params.cap_per_source)]
    stack = E5Sample.build([rows[i] for i in sample], fold[sample], surface_oof[sample], embed_features or embed,
                           e5_params)
    e5_cal = Calibrator.fit(stack.out_of_fold(), stack.labels, stack.langs)
    lr = stack.fit(np.arange(len(sample)))
    weights = {"coef": lr.coef_[0].astype(np.float32), "intercept": lr.intercept_.astype(np.float32),
               "knn_mean": stack.mean, "knn_basis": stack.basis, "knn_ref": stack.proj, "knn_labels": stack.labels}
    e5_path = out_dir / "e5-tox.npz"
    np.savez(e5_path, **weights)
    e5_version = f"2+{_sha(e5_path)}+ft{_sha(surface_path)}"
    e5_meta = {"name": "e5-tox", "version": e5_version, "weights_file": e5_path.name,
               "fasttext_file": surface_path.name, "calibration": e5_cal.to_dict(), "params": asdict(e5_params)}
    (out_dir / "e5-tox.json").write_text(json.dumps(e5_meta, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    log(f"e5-tox {e5_version}: trained on {len(sample)} rows")

    return TrainReport(
        rows=len(rows), dropped=dict(dropped or {}),
        split={"groups": split.n_groups, "translation_links": split.n_links,
               "train_rows": int(len(train_idx)), "test_rows": n_test, "not_trainable": all_rows - len(rows)},
        fasttext={"version": ft_version, "size_bytes": ft_path.stat().st_size},
        e5={"version": e5_version, "train_rows": int(len(sample)), "fasttext_size_bytes": surface_path.stat().st_size},
    )


def license_table() -> list[dict[str, object]]:
    """The source policy, for the model card."""
    return [asdict(p) for p in POLICIES]
