"""transformers `generate` on a local causal-LM directory (never the hub), batched, on CPU or a GPU.

Rows are generated in batches of `batch_size` (left-padded); each batch seeds torch from its first row's seed,
so a run from scratch is reproducible; a resumed run batches the missing rows differently, so its samples are
different draws from the same settings.
"""
from __future__ import annotations

from pathlib import Path
from typing import Iterator, Sequence

from ...io import InputError
from .base import Backend, BackendError, Completion, Request


class HFBackend(Backend):
    name = "hf"

    def __init__(self, model: str, settings, batch_size: int = 8, device: str = "cpu"):
        try:
            import torch
            import transformers
        except ImportError:
            raise BackendError("the hf backend needs torch and transformers: "
                               "pip install torch==2.13.0 && pip install -e '.[detoxify]'") from None
        if not Path(model).is_dir():
            raise InputError(f"--model {model!r} is not a local model directory (the hf backend never downloads)")
        if batch_size < 1:
            raise InputError(f"--batch-size must be >= 1, got {batch_size}")
        self.torch, self.settings, self.batch_size, self.device = torch, settings, batch_size, device
        try:
            self.tokenizer = transformers.AutoTokenizer.from_pretrained(model, local_files_only=True)
            self.model = transformers.AutoModelForCausalLM.from_pretrained(model, local_files_only=True).to(device)
        except (OSError, ValueError) as exc:
            raise BackendError(f"cannot load {model}: {str(exc).splitlines()[0]}") from None
        self.model.eval()
        self.tokenizer.padding_side, self.tokenizer.truncation_side = "left", "left"
        if self.tokenizer.pad_token is None:
            self.tokenizer.pad_token = self.tokenizer.eos_token
        positions = getattr(self.model.config, "max_position_embeddings", None) or getattr(
            self.model.config, "n_positions", None)
        self.max_prompt_tokens = (positions - settings.max_tokens) if positions else None
        if self.max_prompt_tokens is not None and self.max_prompt_tokens < 1:
            raise InputError(f"--max-tokens {settings.max_tokens} leaves no room for a prompt in a "
                               f"{positions}-position model")

    def _batch(self, batch: Sequence[Request]) -> list[Completion]:
        torch, s = self.torch, self.settings
        enc = self.tokenizer([r.prompt for r in batch], return_tensors="pt", padding=True,
                             truncation=self.max_prompt_tokens is not None, max_length=self.max_prompt_tokens)
        enc = {k: v.to(self.device) for k, v in enc.items()}
        torch.manual_seed(batch[0].seed)
        sampling = {"do_sample": True, "temperature": s.temperature, "top_p": s.top_p} if s.temperature > 0 else {
            "do_sample": False}
        with torch.no_grad():
            out = self.model.generate(**enc, max_new_tokens=s.max_tokens, pad_token_id=self.tokenizer.pad_token_id,
                                      **sampling)
        new = out[:, enc["input_ids"].shape[1]:]
        eos = self.tokenizer.eos_token_id
        completions = []
        for request, tokens in zip(batch, new.tolist()):
            stopped = eos is not None and eos in tokens
            if stopped:
                tokens = tokens[:tokens.index(eos)]
            text = self.tokenizer.decode(tokens, skip_special_tokens=True)
            completions.append(Completion(request, text, "stop" if stopped else "length"))
        return completions

    def generate(self, requests: Sequence[Request]) -> Iterator[Completion]:
        for start in range(0, len(requests), self.batch_size):
            yield from self._batch(requests[start:start + self.batch_size])

    def close(self) -> None:
        self.model = None
