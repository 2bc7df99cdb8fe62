"""Pipeline configuration: YAML validated into typed objects.

Configs are data, not code. Unknown keys and wrong types are errors (a typo must not silently fall back to a
default); `load_config` turns any problem into one `ConfigError` line that names the key.
"""
from __future__ import annotations

import hashlib
import json
import re
import reprlib
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from . import PTP_LANGUAGES


class ConfigError(ValueError):
    """A configuration problem, reported to the user as one line (exit code 2)."""


# `name` and `version` become directory names (runs/<name>/, <out>/<version>/): plain identifiers only, so that
# no config value can point a run or a release (and the clean-up that comes with them) outside its root.
NAME_PATTERN = r"[A-Za-z0-9][A-Za-z0-9_-]{0,63}"
VERSION_PATTERN = r"[A-Za-z0-9][A-Za-z0-9._+-]{0,63}"
RESERVED_VERSIONS = ("latest",)  # <out>/latest is the link to the newest version
MAX_CONFIG_BYTES = 1 << 20       # configs are a few KB; a larger file is a mistake or an attack
MAX_CONFIG_NODES = 100_000       # values after YAML alias expansion (a "billion laughs" file is tiny on disk)
_SHORT = reprlib.Repr()  # error messages show a bounded preview of a value, never the value itself
_SHORT.maxlevel, _SHORT.maxlist, _SHORT.maxdict, _SHORT.maxstring, _SHORT.maxother = 2, 4, 4, 60, 60


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class IngestConfig(_Section):
    extractor: Literal["pruned", "resiliparse", "trafilatura"] = "pruned"
    max_record_bytes: int = Field(50_000_000, gt=0, description="skip WARC records larger than this")
    max_payload_bytes: int = Field(20_000_000, gt=0, description="stop decompressing a payload past this")
    max_header_bytes: int = Field(1 << 20, gt=0, description="skip the rest of a file whose record header, or "
                                  "the bytes between two records, exceed this (bombs of zeros, huge lines)")
    max_dom_depth: int = Field(2_000, gt=0, description="pages nested deeper get a plain tag strip "
                               "(extract/too_complex): extraction time grows with the square of the depth")
    max_dom_nodes: int = Field(250_000, gt=0, description="pages with more tags get a plain tag strip")
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
    # approximate, opt-in (docs/sampling.md "skip_below"): once a language's low bins are full, candidates whose
    # first-pass basis score is below this are neither precise-scored nor selected; the card states the cost
    skip_below: float | None = Field(None, ge=0, le=1)
    skip_audit: int = Field(1000, ge=0, description="with skip_below: the first this many candidates of each "
                            "language in sampling order are never skipped; they measure the rule's cost")

    @model_validator(mode="after")
    def _skip_needs_rounds(self):
        if self.skip_below is not None and (self.scope != "needed" or self.precise is None):
            raise ValueError("skip_below needs scope: needed and a precise scorer (it skips precise scoring)")
        return self


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


class EngineConfig(_Section):
    """How units run: failures allowed per stage, and the Ray executor's per-task limits."""
    max_failed_units: int = Field(0, ge=0, description="units per stage that may fail (recorded in failed/); "
                                                     "one more stops the run, listing them")
    task_timeout_s: float = Field(3600, gt=0, description="Ray: a unit running longer fails with this reason")
    start_jitter_s: float = Field(1.0, ge=0, description="Ray: random delay before each task (throttling)")


def is_plain_version(version: str) -> bool:
    """A release version that is safe as one directory name: VERSION_PATTERN, no '..', not reserved."""
    return bool(re.fullmatch(VERSION_PATTERN, version)) and ".." not in version and version not in RESERVED_VERSIONS


class PipelineConfig(_Section):
    name: str = Field(description="run name: letters, digits, '-' and '_' (it names the work dir runs/<name>/)")
    version: str = Field("0.1.0", description="release version, e.g. 1.2.3 or 2026-12a (it names <out>/<version>/)")
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
    engine: EngineConfig = EngineConfig()

    @field_validator("name")
    @classmethod
    def _plain_name(cls, name):
        if not re.fullmatch(NAME_PATTERN, name):
            raise ValueError("must be a plain name: 1-64 letters, digits, '-' or '_', starting with a letter or "
                             "digit (it becomes the directory runs/<name>/)")
        return name

    @field_validator("version")
    @classmethod
    def _plain_version(cls, version):
        if not is_plain_version(version):
            raise ValueError("must be a plain version such as 1.2.3 or 2026-12a: letters, digits, '.', '_', '+' "
                             "or '-', no '..', not 'latest' (it becomes the directory <out>/<version>/)")
        return version

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
    return f"{path}: {where}: {first['msg']} (got {_SHORT.repr(first.get('input'))})"


def _count_nodes(value: Any, limit: int) -> int:
    """Values in `value` with YAML aliases expanded, counting no further than `limit` (aliases make a small
    file stand for an exponentially large tree, which validation and hashing would then walk)."""
    seen, stack = 0, [value]
    while stack and seen <= limit:
        item = stack.pop()
        seen += 1
        if isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, (list, tuple)):
            stack.extend(item)
    return seen


def load_config(path: str | Path, overrides: dict[str, Any] | None = None) -> PipelineConfig:
    path = Path(path)
    if not path.is_file():
        raise ConfigError(f"config file not found: {path}")
    if path.stat().st_size > MAX_CONFIG_BYTES:
        raise ConfigError(f"{path}: {path.stat().st_size:,} bytes; a config may have at most "
                          f"{MAX_CONFIG_BYTES:,}")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path}: not valid YAML: {str(exc).splitlines()[0]}") from None
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: expected a mapping at the top level")
    if _count_nodes(data, MAX_CONFIG_NODES) > MAX_CONFIG_NODES:
        raise ConfigError(f"{path}: more than {MAX_CONFIG_NODES:,} values once YAML aliases are expanded")
    data.update(overrides or {})
    try:
        return PipelineConfig.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(_describe(exc, path)) from None
