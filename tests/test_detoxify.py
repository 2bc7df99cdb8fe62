"""DetoxifyScorer on a tiny randomly initialised checkpoint in Detoxify's format, built here, fully offline."""
from __future__ import annotations

import hashlib
import pickle
import shutil
import socket
from pathlib import Path

import numpy as np
import pytest

torch = pytest.importorskip("torch", reason="torch is in the optional [detoxify] extra, not installed here")
transformers = pytest.importorskip("transformers", reason="transformers is in the optional [detoxify] extra")

from miner.scoring import get_scorer  # noqa: E402
from miner.scoring.detoxify import DetoxifyLoadError, DetoxifyScorer  # noqa: E402

CLASSES = ["toxic", "severe_toxic", "obscene", "threat", "insult", "identity_hate"]
WORDS = "the a is you are idiot stupid nice good day hello world this text long and very".split()
SPECIALS = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]


def _save_config_dir(folder: Path, hidden: int = 32) -> transformers.BertConfig:
    """A tiny BERT config and a WordPiece tokenizer over a few words, as save_pretrained writes them."""
    from tokenizers import Tokenizer, models, normalizers, pre_tokenizers, processors

    vocab = {tok: i for i, tok in enumerate(SPECIALS + WORDS)}
    tok = Tokenizer(models.WordPiece(vocab, unk_token="[UNK]"))
    tok.normalizer = normalizers.BertNormalizer(lowercase=True)
    tok.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
    tok.post_processor = processors.BertProcessing(("[SEP]", vocab["[SEP]"]), ("[CLS]", vocab["[CLS]"]))
    transformers.PreTrainedTokenizerFast(
        tokenizer_object=tok, unk_token="[UNK]", pad_token="[PAD]", cls_token="[CLS]", sep_token="[SEP]",
        mask_token="[MASK]", model_max_length=64,
    ).save_pretrained(folder)
    config = transformers.BertConfig(
        vocab_size=len(vocab), hidden_size=hidden, num_hidden_layers=2, num_attention_heads=2,
        intermediate_size=37, max_position_embeddings=64, num_labels=len(CLASSES),
    )
    config.save_pretrained(folder)
    return config


def _save_checkpoint(path: Path, config, model_type: str, seed: int = 0, classes_in_arch: bool = False) -> None:
    """Released checkpoints keep the class names in config.dataset.args, newer training configs in arch.args."""
    torch.manual_seed(seed)
    model = transformers.BertForSequenceClassification(config)
    arch = {"model_type": model_type, "model_name": "BertForSequenceClassification",
            "tokenizer_name": "BertTokenizer", "num_classes": len(CLASSES)}
    ckpt_config = {"arch": {"args": {**arch, "classes": CLASSES}}} if classes_in_arch else {
        "arch": {"args": arch}, "dataset": {"args": {"classes": CLASSES}}}
    torch.save({"config": ckpt_config, "state_dict": model.state_dict()}, path)


@pytest.fixture(scope="module")
def tiny(tmp_path_factory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("detoxify")
    config = _save_config_dir(root / "hf")
    # model_type points at the local folder, as Detoxify itself needs offline (checked against it below)
    _save_checkpoint(root / "tiny.ckpt", config, model_type=str(root / "hf"))
    _save_checkpoint(root / "other.ckpt", config, model_type=str(root / "hf"), seed=1, classes_in_arch=True)
    return {"root": root, "hf": root / "hf", "ckpt": root / "tiny.ckpt", "other": root / "other.ckpt"}


@pytest.fixture()
def no_network(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError(f"network access attempted: {args}")

    monkeypatch.setattr(socket.socket, "connect", refuse)


def _scorer(tiny, **kw) -> DetoxifyScorer:
    return DetoxifyScorer(tiny["ckpt"], hf_config_dir=tiny["hf"], model_type="original", **kw)


def test_scores_offline_in_unit_interval(tiny, no_network):
    scorer = get_scorer("detoxify", checkpoint=str(tiny["ckpt"]), hf_config_dir=str(tiny["hf"]), model_type="original")
    texts = ["", "   ", "hello world", "you are a stupid idiot", "ünknown wörds 日本語", "broken \ud800 text"]
    scores = scorer.score(texts, ["en"] * len(texts))
    assert set(scores) == set(scorer.attributes) == {
        "toxicity", "severe_toxicity", "profanity", "threat", "insult", "identity_attack"}
    for values in scores.values():
        assert values.dtype == np.float32 and values.shape == (len(texts),)
        assert np.all((values >= 0) & (values <= 1))
        assert values[0] == 0 and values[1] == 0  # empty text scores 0
        assert np.all(values[2:] > 0)  # a sigmoid of a real forward pass
    assert scorer.name == "detoxify-original"
    assert scorer.version == hashlib.sha256(tiny["ckpt"].read_bytes()).hexdigest()[:12]


def test_agrees_with_detoxify_predict(tiny, no_network):
    detoxify = pytest.importorskip("detoxify", reason="detoxify is in the optional [detoxify] extra")
    texts = ["hello world", "you are a stupid idiot", "nice day"]
    reference = detoxify.Detoxify(checkpoint=str(tiny["ckpt"]), huggingface_config_path=str(tiny["hf"])).predict(texts)
    ours = _scorer(tiny).score(texts)
    assert ours["toxicity"] == pytest.approx(reference["toxicity"], abs=1e-5)
    assert ours["profanity"] == pytest.approx(reference["obscene"], abs=1e-5)
    assert ours["identity_attack"] == pytest.approx(reference["identity_attack"], abs=1e-5)


def test_batching_and_padding_do_not_change_scores(tiny):
    texts = ["hello", "you are a stupid idiot and very long text", "nice good day", "this", "the world is good"]
    scorer = _scorer(tiny, batch_size=2)
    together = scorer.score(texts)
    alone = [scorer.score([t]) for t in texts]
    for name, values in together.items():
        assert values == pytest.approx([a[name][0] for a in alone], abs=1e-5)


def test_long_text_is_windowed_and_max_taken(tiny):
    scorer = _scorer(tiny, max_tokens=8, stride=4)  # 6 content tokens per window, starts 4 apart
    long_text = " ".join(WORDS[i % len(WORDS)] for i in range(30))
    seen: list[tuple[torch.Tensor, torch.Tensor]] = []
    scorer._load()
    hook = scorer._model.register_forward_hook(
        lambda module, args, kwargs, out: seen.append((kwargs["input_ids"], out.logits)), with_kwargs=True
    )
    try:
        scores = scorer.score([long_text])
    finally:
        hook.remove()
    windows = [tuple(t for t in row.tolist() if t >= len(SPECIALS)) for ids, _ in seen for row in ids]
    tokens = scorer._tokenizer(long_text, add_special_tokens=False)["input_ids"]
    assert len(tokens) == 30
    # 7 windows (starts 0, 4, ..., 24) that together cover every token of the text
    assert sorted(windows) == sorted(tuple(tokens[s : s + 6]) for s in range(0, 25, 4))
    probs = torch.sigmoid(torch.cat([logits for _, logits in seen])).numpy()
    for j, name in enumerate(scorer.attributes):
        assert scores[name][0] == pytest.approx(probs[:, j].max(), abs=1e-6)
    assert not np.allclose(probs.min(axis=0), probs.max(axis=0))  # windows differ, so the max is a real choice


def test_pickle_drops_model(tiny):
    scorer = _scorer(tiny)
    before = scorer.score(["you idiot"])
    blob = pickle.dumps(scorer)
    assert len(blob) < 2_000 < tiny["ckpt"].stat().st_size
    after = pickle.loads(blob).score(["you idiot"])
    assert after["toxicity"] == pytest.approx(before["toxicity"])


def test_version_tracks_the_file_and_classes_are_read_from_either_place(tiny):
    scorer, other = _scorer(tiny), DetoxifyScorer(tiny["other"], hf_config_dir=tiny["hf"])
    assert scorer.version != other.version
    assert other.attributes == scorer.attributes
    assert not np.allclose(other.score(["hello world"])["toxicity"], scorer.score(["hello world"])["toxicity"])


def test_missing_files_give_clear_errors(tiny, tmp_path):
    with pytest.raises(DetoxifyLoadError, match="checkpoint not found"):
        DetoxifyScorer(tmp_path / "nope.ckpt", hf_config_dir=tiny["hf"])
    with pytest.raises(DetoxifyLoadError, match="no config.json"):
        DetoxifyScorer(tiny["ckpt"], hf_config_dir=tmp_path)
    shutil.copy(tiny["hf"] / "config.json", tmp_path / "config.json")
    with pytest.raises(DetoxifyLoadError, match="no tokenizer files"):
        DetoxifyScorer(tiny["ckpt"], hf_config_dir=tmp_path)


def test_truncated_checkpoint_gives_clear_error(tiny, tmp_path):
    half = tmp_path / "half.ckpt"
    data = tiny["ckpt"].read_bytes()
    half.write_bytes(data[: len(data) // 2])
    scorer = DetoxifyScorer(half, hf_config_dir=tiny["hf"])  # cheap: nothing is read yet
    with pytest.raises(DetoxifyLoadError, match="truncated"):
        scorer.score(["hello"])


def test_release_file_name_hash_is_checked(tiny, tmp_path):
    pytest.importorskip("detoxify", reason="release names come from the detoxify package")
    renamed = tmp_path / "toxic_original-c1212f89.ckpt"  # Detoxify's released name, but not its bytes
    shutil.copy(tiny["ckpt"], renamed)
    with pytest.raises(DetoxifyLoadError, match="corrupt or half-written"):
        DetoxifyScorer(renamed, hf_config_dir=tiny["hf"]).score(["hello"])
    digest = hashlib.sha256(tiny["ckpt"].read_bytes()).hexdigest()
    assert DetoxifyScorer(renamed, hf_config_dir=tiny["hf"], sha256=digest[:8]).score(["hello"])["toxicity"][0] > 0


def test_wrong_format_and_wrong_config_are_refused(tiny, tmp_path):
    torch.save({"state_dict": {}}, tmp_path / "bare.ckpt")
    with pytest.raises(DetoxifyLoadError, match="not in Detoxify's format"):
        DetoxifyScorer(tmp_path / "bare.ckpt", hf_config_dir=tiny["hf"]).score(["hello"])
    wide = tmp_path / "wide"
    _save_config_dir(wide, hidden=48)
    with pytest.raises(DetoxifyLoadError, match="does not fit"):
        DetoxifyScorer(tiny["ckpt"], hf_config_dir=wide).score(["hello"])
