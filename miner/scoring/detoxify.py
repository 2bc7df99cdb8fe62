"""Detoxify models as a Scorer, loaded from local files only, scoring texts of any length.

Detoxify's own loader downloads its checkpoint and asks the Hugging Face hub for the base model's config and
tokenizer at run time, so it fails offline, and a half-downloaded checkpoint crashes it with an unpickling error
(detoxify#34, #112, #127). It also truncates at 512 tokens (detoxify#46, #92). This adapter reads a checkpoint in
Detoxify's format (`{"config": {"arch": ..., "dataset": ...}, "state_dict": ...}`) from a path, builds the
transformer from a local config + tokenizer folder with the hub switched off, checks the files before use, and
scores long texts as overlapping token windows, keeping each attribute's maximum over the windows.

Needs the `[detoxify]` extra (torch, transformers); see docs/scorers.md for the offline folder layout.
"""
from __future__ import annotations

import contextlib
import hashlib
import os
import re
from pathlib import Path
from typing import Any, Sequence

import numpy as np

from .base import Scorer, clip01

# Detoxify class name -> our attribute name (Perspective's names, which PTP and RTP release).
# Any other class (e.g. the identity mentions of the "unbiased" models) is kept as "detoxify_<class>".
ATTRIBUTE_NAMES = {
    "toxic": "toxicity",
    "toxicity": "toxicity",
    "severe_toxic": "severe_toxicity",
    "severe_toxicity": "severe_toxicity",
    "obscene": "profanity",
    "identity_hate": "identity_attack",
    "identity_attack": "identity_attack",
    "insult": "insult",
    "threat": "threat",
    "sexual_explicit": "sexually_explicit",
}
_TOKENIZER_FILES = ("tokenizer.json", "sentencepiece.bpe.model", "spiece.model", "vocab.txt", "vocab.json")
_MODEL_TYPE = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


class DetoxifyLoadError(RuntimeError):
    """A checkpoint or config folder that cannot be used; the message says which file and what to do."""


def _import_extra():
    try:
        import torch
        import transformers
    except ImportError as exc:  # the optional extra is not installed
        raise ImportError(
            f"the detoxify scorer needs the [detoxify] extra ({exc.name} is missing): "
            "pip install torch==2.13.0 && pip install 'prompt-miner[detoxify]'"
        ) from exc
    return torch, transformers


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 22), b""):
            digest.update(block)
    return digest.hexdigest()


def _release_hashes() -> dict[str, str]:
    """Detoxify's released file names -> the SHA-256 prefix they carry (torch.hub's `name-<sha256[:8]>.ckpt`)."""
    try:
        from detoxify.detoxify import MODEL_URLS
    except ImportError:
        return {}
    names = (url.rsplit("/", 1)[-1] for url in MODEL_URLS.values())
    return {name: name.rsplit("-", 1)[-1].split(".")[0] for name in names}


def _valid_utf8(text: str) -> str:
    """Lone surrogates (broken scraped text) make the Rust tokenizers raise: replace them."""
    return text.encode("utf-8", "replace").decode("utf-8")


def attribute_name(detoxify_class: str) -> str:
    return ATTRIBUTE_NAMES.get(detoxify_class, f"detoxify_{detoxify_class}")


@contextlib.contextmanager
def _quiet_transformers(transformers):
    """Silence the weight-loading report and progress bar, restoring the caller's settings after."""
    logging = transformers.utils.logging
    verbosity, bar = logging.get_verbosity(), logging.is_progress_bar_enabled()
    logging.set_verbosity_error()
    logging.disable_progress_bar()
    try:
        yield
    finally:
        logging.set_verbosity(verbosity)
        if bar:
            logging.enable_progress_bar()


class DetoxifyScorer(Scorer):
    """A Detoxify checkpoint (original, unbiased, multilingual or a fine-tune in the same format).

    `checkpoint`: the `.ckpt` file. `hf_config_dir`: a folder with the base model's `config.json` and tokenizer
    files (e.g. a saved `xlm-roberta-base` for the multilingual model). `model_type` only names the scorer.
    `sha256`: expected hash (or prefix) of the checkpoint; Detoxify's released file names carry one already.
    Texts longer than `max_tokens` are cut into windows of `max_tokens` tokens whose starts are `stride` tokens
    apart (overlap = window - stride); each attribute is the max over a text's windows.
    The model loads on first use and is not pickled, so the scorer can be shipped to worker processes.
    """

    def __init__(
        self,
        checkpoint: str | os.PathLike,
        *,
        hf_config_dir: str | os.PathLike,
        model_type: str = "multilingual",
        device: str | None = None,
        batch_size: int = 32,
        max_tokens: int = 512,
        stride: int = 384,
        sha256: str | None = None,
    ):
        if not _MODEL_TYPE.match(model_type):
            raise ValueError(f"model_type must be a short lowercase name like 'multilingual', got {model_type!r}")
        if batch_size < 1 or max_tokens < 8 or not 0 < stride < max_tokens:
            raise ValueError(
                f"need batch_size >= 1, max_tokens >= 8 and 0 < stride < max_tokens; "
                f"got batch_size={batch_size}, max_tokens={max_tokens}, stride={stride}"
            )
        self.checkpoint = Path(checkpoint).expanduser()
        self.hf_config_dir = Path(hf_config_dir).expanduser()
        self.model_type = model_type
        self.device = device
        self.batch_size = batch_size
        self.max_tokens = max_tokens
        self.stride = stride
        self.sha256 = sha256.lower() if sha256 else _release_hashes().get(self.checkpoint.name)
        self.name = f"detoxify-{model_type}"
        self._check_paths()
        _import_extra()
        self._digest: str | None = None
        self._model = self._tokenizer = self._classes = None

    # -- files ------------------------------------------------------------------------------------------------
    def _check_paths(self) -> None:
        if not self.checkpoint.is_file():
            raise DetoxifyLoadError(
                f"Detoxify checkpoint not found: {self.checkpoint}. Download it once on a machine with internet "
                "(see docs/scorers.md) and pass its local path; nothing is downloaded at run time."
            )
        if self.checkpoint.stat().st_size == 0:
            raise DetoxifyLoadError(f"Detoxify checkpoint {self.checkpoint} is empty (an interrupted download?)")
        if not (self.hf_config_dir / "config.json").is_file():
            raise DetoxifyLoadError(
                f"no config.json in hf_config_dir {self.hf_config_dir}: it must hold the base model's config and "
                "tokenizer files (save them with save_pretrained, see docs/scorers.md)"
            )
        if not any((self.hf_config_dir / f).is_file() for f in _TOKENIZER_FILES):
            found = sorted(p.name for p in self.hf_config_dir.iterdir())
            raise DetoxifyLoadError(
                f"no tokenizer files ({', '.join(_TOKENIZER_FILES)}) in hf_config_dir {self.hf_config_dir}; "
                f"it holds {found}"
            )

    def _checksum(self) -> str:
        if self._digest is None:
            self._digest = _sha256(self.checkpoint)
        return self._digest

    @property
    def version(self) -> str:  # type: ignore[override]
        """The checkpoint's SHA-256 (first 12 hex digits): the file that scored, whatever it is called."""
        return self._checksum()[:12]

    def _read_checkpoint(self, torch) -> dict[str, Any]:
        if self.sha256 and not self._checksum().startswith(self.sha256):
            raise DetoxifyLoadError(
                f"Detoxify checkpoint {self.checkpoint} is corrupt or half-written: its SHA-256 is "
                f"{self._checksum()[:16]}..., expected {self.sha256}. Download it again."
            )
        size = self.checkpoint.stat().st_size
        try:
            # Detoxify checkpoints are pickled dicts (Lightning-style), so weights_only=False: load trusted files only.
            loaded = torch.load(self.checkpoint, map_location="cpu", weights_only=False)
        except Exception as exc:
            raise DetoxifyLoadError(
                f"cannot read Detoxify checkpoint {self.checkpoint} ({size:,} bytes): {type(exc).__name__}: {exc}. "
                "The file is probably truncated (a half-finished download) or not a torch checkpoint; "
                "download it again."
            ) from exc
        try:
            config, state_dict = loaded["config"], loaded["state_dict"]
            arch = config["arch"]["args"]
            # released checkpoints list their classes under dataset.args, newer training configs under arch.args
            classes = list(config.get("dataset", {}).get("args", {}).get("classes") or arch["classes"])
            model_name = arch["model_name"]
        except (KeyError, TypeError, AttributeError) as exc:
            raise DetoxifyLoadError(
                f"{self.checkpoint} is not in Detoxify's format: it needs state_dict, config.arch.args.model_name "
                f"and the class names in config.dataset.args.classes or config.arch.args.classes (missing {exc})"
            ) from exc
        names = [attribute_name(c) for c in classes]
        if "toxicity" not in names or len(set(names)) != len(names):
            raise DetoxifyLoadError(
                f"{self.checkpoint}: its classes {classes} must include one toxicity class and map to distinct "
                f"attributes (got {names})"
            )
        return {"model_name": model_name, "classes": classes, "state_dict": state_dict}

    # -- model ------------------------------------------------------------------------------------------------
    def _load(self) -> None:
        if self._model is not None:
            return
        # Set before transformers first touches the hub; every call below also passes local_files_only=True.
        os.environ["HF_HUB_OFFLINE"] = "1"
        os.environ["TRANSFORMERS_OFFLINE"] = "1"
        torch, transformers = _import_extra()
        device = self.device or ("cuda" if torch.cuda.is_available() else "cpu")
        if device.startswith("cuda") and not torch.cuda.is_available():
            raise DetoxifyLoadError(f"device={device!r} asked for, but torch sees no CUDA device")
        ckpt = self._read_checkpoint(torch)
        model_class = getattr(transformers, ckpt["model_name"], None)
        if model_class is None:
            raise DetoxifyLoadError(f"transformers has no model class {ckpt['model_name']!r} ({self.checkpoint})")
        with _quiet_transformers(transformers):
            config = transformers.AutoConfig.from_pretrained(
                self.hf_config_dir, num_labels=len(ckpt["classes"]), local_files_only=True
            )
            model, info = model_class.from_pretrained(
                None, config=config, state_dict=ckpt["state_dict"], local_files_only=True, output_loading_info=True,
                ignore_mismatched_sizes=True,  # reported below in our own words
            )
            tokenizer = transformers.AutoTokenizer.from_pretrained(self.hf_config_dir, local_files_only=True)
        if info["missing_keys"] or info["mismatched_keys"]:
            raise DetoxifyLoadError(
                f"checkpoint {self.checkpoint} does not fit the config in {self.hf_config_dir}: "
                f"missing weights {sorted(info['missing_keys'])[:5]}, wrong shapes "
                f"{sorted(k[0] if isinstance(k, tuple) else k for k in info['mismatched_keys'])[:5]}; "
                "is hf_config_dir the base model this checkpoint was trained from?"
            )
        if len(tokenizer) > config.vocab_size:
            raise DetoxifyLoadError(
                f"the tokenizer in {self.hf_config_dir} has {len(tokenizer)} tokens but the model has "
                f"{config.vocab_size} embeddings: the tokenizer does not belong to this checkpoint"
            )
        self._model = model.to(device).eval()
        self._tokenizer = tokenizer
        self._classes = tuple(attribute_name(c) for c in ckpt["classes"])

    @property
    def attributes(self) -> tuple[str, ...]:  # type: ignore[override]
        """Read from the checkpoint, so asking loads the model."""
        self._load()
        return self._classes

    def _window(self) -> tuple[int, int]:
        """(tokens per window incl. special tokens, overlap in tokens); a model limit below max_tokens shrinks
        the stride in proportion."""
        limit = self._tokenizer.model_max_length
        max_len = min(self.max_tokens, limit) if 0 < limit < 1_000_000 else self.max_tokens
        stride = max(1, self.stride * max_len // self.max_tokens)
        content = max_len - self._tokenizer.num_special_tokens_to_add()
        if stride > content:
            raise ValueError(f"stride={stride} leaves gaps between windows of {content} text tokens")
        return max_len, content - stride

    def score(self, texts: Sequence[str], langs: Sequence[str] | None = None) -> dict[str, np.ndarray]:
        self._load()
        torch, _ = _import_extra()
        out = np.zeros((len(texts), len(self._classes)), dtype=np.float32)
        keep = [i for i, t in enumerate(texts) if isinstance(t, str) and t.strip()]
        if keep:
            max_len, overlap = self._window()
            enc = self._tokenizer(
                [_valid_utf8(texts[i]) for i in keep], truncation=True, max_length=max_len, stride=overlap,
                return_overflowing_tokens=True, return_attention_mask=False,
            )
            windows, owners = enc["input_ids"], np.asarray(keep)[enc["overflow_to_sample_mapping"]]
            order = np.argsort([len(w) for w in windows], kind="stable")  # similar lengths share a batch
            device = self._model.device
            with torch.inference_mode():
                for start in range(0, len(order), self.batch_size):
                    rows = order[start : start + self.batch_size]
                    batch = self._tokenizer.pad({"input_ids": [windows[r] for r in rows]}, return_tensors="pt")
                    logits = self._model(
                        input_ids=batch["input_ids"].to(device), attention_mask=batch["attention_mask"].to(device)
                    ).logits
                    probs = torch.sigmoid(logits.float()).cpu().numpy()
                    np.maximum.at(out, owners[rows], probs)
        return {name: clip01(out[:, j]) for j, name in enumerate(self._classes)}

    def __getstate__(self) -> dict[str, Any]:
        state = self.__dict__.copy()
        state["_model"] = state["_tokenizer"] = state["_classes"] = None
        return state
