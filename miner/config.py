"""Pipeline configuration: YAML validated into typed objects.

Configs are data, not code. Unknown keys and wrong types are errors (a typo must not silently fall back to a
default); `load_config` turns any problem into one `ConfigError` line that names the key.
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from . import PTP_LANGUAGES


class ConfigError(ValueError):
    """A configuration problem, reported to the user as one line (exit code 2)."""


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class IngestConfig(_Section):
    extractor: Literal["pruned", "resiliparse", "trafilatura"] = "pruned"
    max_record_bytes: int = Field(50_000_000, gt=0, description="skip WARC records larger than this")
    max_payload_bytes: int = Field(20_000_000, gt=0, description="stop decompressing a payload past this")
    max_text_chars: int = Field(100_000, gt=0, description="truncate extracted text past this")
    chunk_bytes: int = Field(256 << 20, gt=0, description="split input files into work units of this many bytes")
    checkpoint_records: int = Field(1_000, gt=0, description="write a checkpoint every this many records")


class LangIdConfig(_Section):
    default_threshold: float = Field(0.5, ge=0, le=1)
    thresholds: dict[str, float] = Field(default_factory=dict)
    second_opinion: bool = True


class QualityConfig(_Section):
    min_chars: int = Field(200, ge=0)
    min_words: int = Field(30, ge=0)
    max_symbol_ratio: float = Field(0.1, ge=0, le=1)
    max_digit_ratio: float = Field(0.2, ge=0, le=1)
    max_dup_line_ratio: float = Field(0.3, ge=0, le=1)
    per_lang: dict[str, dict[str, float]] = Field(default_factory=dict)


class DedupConfig(_Section):
    enabled: bool = True
    ngram: int = Field(5, ge=1)
    bands: int = Field(16, ge=1)  # 16 x 7 = 112 permutations; see docs/dedup.md for the measured choice
    rows: int = Field(7, ge=1)
    threshold: float = Field(0.8, gt=0, le=1)
    seed: int = 1
    memory_limit: str = "4GB"


class ScorerRef(_Section):
    name: str
    params: dict[str, Any] = Field(default_factory=dict)


class ScoringConfig(_Section):
    first_pass: ScorerRef = ScorerRef(name="fasttext-tox")
    precise: ScorerRef | None = None
    refine_band: tuple[float, float] = (0.0, 1.0)
    batch_size: int = Field(256, gt=0)
    num_gpus: float = Field(0, ge=0)
    # `needed`: precise-score texts in sampling order, in rounds, until every cell holds its quota, then the
    # prompts and continuations of the selected rows only (docs/sampling.md); `all`: every candidate's texts
    scope: Literal["needed", "all"] = "needed"
    round_min: int = Field(32, gt=0, description="smallest round per language (candidates)")
    unit_texts: int = Field(128, gt=0, description="texts per precise-scoring work unit")
    attempts: int = Field(3, ge=1, description="tries per precise-scoring unit before the run fails")


class PairsConfig(_Section):
    method: Literal["ptp", "rtp"] = "ptp"
    max_span_chars: int = Field(2000, gt=0)
    max_cut_shift: float = Field(0.25, ge=0, le=0.5)
    min_span_chars: int = Field(64, gt=0)
    max_span_chars_rtp: int = Field(1024, gt=0)
    max_prompt_chars: int = Field(128, gt=0)
    min_part_chars: int = Field(1, ge=1)


class SplitConfig(_Section):
    per_cell: int | None = Field(None, ge=0, description="prompts per language x bin cell")
    per_language: int | None = Field(None, ge=0, description="prompts per language, spread evenly over bins")
    subset_of: str | None = None

    @model_validator(mode="after")
    def _one_quota(self):
        if (self.per_cell is None) == (self.per_language is None):
            raise ValueError("give exactly one of per_cell or per_language")
        return self

    def cell_quota(self, n_bins: int) -> int:
        return self.per_cell if self.per_cell is not None else self.per_language // n_bins


class SamplingConfig(_Section):
    bins: tuple[float, ...] = (0.0, 0.25, 0.5, 0.75, 1.0)
    bucket_basis: Literal["document", "prompt"] = "document"
    splits: dict[str, SplitConfig] = Field(default_factory=lambda: {"full": SplitConfig(per_cell=100)})
    fill_from_neighbours: bool = False

    @field_validator("bins")
    @classmethod
    def _bins_increasing(cls, bins):
        if len(bins) < 2 or list(bins) != sorted(bins) or bins[0] != 0.0 or bins[-1] != 1.0:
            raise ValueError("bins must increase from 0.0 to 1.0")
        return bins

    @model_validator(mode="after")
    def _subsets_exist(self):
        for name, split in self.splits.items():
            if split.subset_of is not None and split.subset_of not in self.splits:
                raise ValueError(f"split {name!r} is subset_of unknown split {split.subset_of!r}")
        return self


class ReleaseConfig(_Section):
    pii: Literal["mask", "drop", "keep"] = "mask"
    splits: tuple[str, ...] | None = Field(None, description="splits to write (default: all sampled splits)")
    exports: tuple[Literal["ptp", "rtp"], ...] = ("ptp", "rtp")
    license: str = "see README"


class PipelineConfig(_Section):
    name: str
    version: str = "0.1.0"
    seed: int = 0
    languages: tuple[str, ...] = PTP_LANGUAGES
    ingest: IngestConfig = IngestConfig()
    langid: LangIdConfig = LangIdConfig()
    quality: QualityConfig = QualityConfig()
    dedup: DedupConfig = DedupConfig()
    scoring: ScoringConfig = ScoringConfig()
    pairs: PairsConfig = PairsConfig()
    sampling: SamplingConfig = SamplingConfig()
    release: ReleaseConfig = ReleaseConfig()

    @model_validator(mode="after")
    def _release_splits_exist(self):
        unknown = set(self.release.splits or ()) - set(self.sampling.splits)
        if unknown:
            raise ValueError(f"release.splits names unknown split(s) {sorted(unknown)}")
        return self

    def section_hash(self, *sections: str) -> str:
        """Stable hash of some sections or dotted keys (plus the seed), for stage skip markers."""
        dump = self.model_dump(mode="json")
        data = {}
        for section in sections:
            value = dump
            for key in section.split("."):
                value = value[key]
            data[section] = value
        data["seed"] = self.seed
        return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()[:16]


def _describe(err: ValidationError, path: Path) -> str:
    first = err.errors()[0]
    where = ".".join(str(p) for p in first["loc"]) or "(top level)"
    if first["type"] == "extra_forbidden":
        return f"{path}: unknown key {where!r}"
    if first["type"] == "missing":
        return f"{path}: missing required key {where!r}"
    return f"{path}: {where}: {first['msg']} (got {first.get('input')!r})"


def load_config(path: str | Path, overrides: dict[str, Any] | None = None) -> PipelineConfig:
    path = Path(path)
    if not path.is_file():
        raise ConfigError(f"config file not found: {path}")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path}: not valid YAML: {str(exc).splitlines()[0]}") from None
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: expected a mapping at the top level")
    data.update(overrides or {})
    try:
        return PipelineConfig.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(_describe(exc, path)) from None
