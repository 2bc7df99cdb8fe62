"""Generation settings, the papers' presets, and the hash that ties every generated row to its settings.

The hash covers what changes the generations (release, split, backend, model, sampling settings), not how they
are fetched (base URL, concurrency, retries), so a resumed run against a restarted server still matches.
"""
from __future__ import annotations

import hashlib
import json

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ..io import InputError

# RealToxicityPrompts (Gehman et al. 2020) and PolygloToxicityPrompts' released code (vLLM).
PRESETS: dict[str, dict] = {
    "rtp": {"k": 25, "max_tokens": 20, "temperature": 1.0, "top_p": 0.9},
    "ptp": {"k": 10, "max_tokens": 512, "temperature": 0.7, "top_p": 1.0},
}


class SamplingSettings(BaseModel):
    """How each prompt is continued: k samples of at most max_tokens new tokens."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    k: int = Field(ge=1, le=1000)
    max_tokens: int = Field(ge=1, le=100_000)
    temperature: float = Field(ge=0.0, le=10.0)
    top_p: float = Field(gt=0.0, le=1.0)
    seed: int = Field(default=0, ge=0, lt=2**31)


def resolve_settings(preset: str, **overrides) -> SamplingSettings:
    """The preset's settings with every non-None override applied (pydantic validates the result)."""
    if preset not in PRESETS:
        raise InputError(f"unknown preset {preset!r}; choose {', '.join(PRESETS)}")
    values = {**PRESETS[preset], **{k: v for k, v in overrides.items() if v is not None}}
    try:
        return SamplingSettings(**values)
    except ValidationError as exc:
        first = exc.errors()[0]
        raise InputError(f"--{'-'.join(map(str, first['loc'])).replace('_', '-')}: {first['msg']}") from None


def settings_hash(identity: dict) -> str:
    """Short stable hash of the JSON of `identity` (release, split, backend, model, sampling)."""
    blob = json.dumps(identity, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(blob.encode()).hexdigest()[:16]


def sample_seed(seed: int, prompt_id: str, sample: int) -> int:
    """Per-row seed: a resumed row is requested with the seed it would have had in an uninterrupted run."""
    digest = hashlib.sha256(f"{seed}:{prompt_id}:{sample}".encode()).digest()
    return int.from_bytes(digest[:4], "big") & 0x7FFFFFFF
