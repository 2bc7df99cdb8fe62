"""Generation backends: a stream of requests in, completions out (in any order).

`openai` talks to any OpenAI-compatible completions endpoint with the standard library only; `hf` runs
transformers' `generate` on a local model directory (torch is in the optional [detoxify] extra).
"""
from __future__ import annotations

from .base import Backend, BackendError, Completion, Request


def make_backend(name: str, model: str, settings, **options) -> Backend:
    if name == "openai":
        from .openai import OpenAIBackend

        return OpenAIBackend(model, settings, **options)
    if name == "hf":
        from .hf import HFBackend

        return HFBackend(model, settings, **options)
    raise ValueError(f"unknown backend {name!r} (choose openai or hf)")


__all__ = ["Backend", "BackendError", "Completion", "Request", "make_backend"]
