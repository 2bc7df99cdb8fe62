"""Labelled toxicity data for training the project's scorer, and the license policy that filters it.

Rows come from JSONL files with fields text, label, lang, source (see shared/data/PROVENANCE.md). A source
is used for training only if its license is stated and allows derivatives; non-commercial sources are used
but flagged, because a model trained on them inherits that restriction in some readings.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

RTP_LX = "RTP-LX"


@dataclass(frozen=True)
class SourcePolicy:
    pattern: str  # substring of the row's `source`
    license: str
    use: bool
    note: str = ""


#: one entry per source in shared/data/toxicity; first matching pattern wins
POLICIES: tuple[SourcePolicy, ...] = (
    SourcePolicy("RTP-LX", "MIT (+ RTP prompts Apache-2.0)", True),
    SourcePolicy("multilingual-hatecheck", "CC BY 4.0", True),
    SourcePolicy("paul-rottger/hatecheck", "CC BY 4.0", True),
    SourcePolicy("MLMA_hate_speech", "MIT", True),
    SourcePolicy("t-davidson", "MIT", True),
    SourcePolicy("MAX-Toxic-Comment", "CC0 (Jigsaw sample)", True),
    SourcePolicy("GermEval-2018", "CC BY 4.0", True),
    SourcePolicy("kocohub/korean-hate-speech", "CC BY-SA 4.0", True),
    SourcePolicy("ToLD-Br", "CC BY-SA 4.0", True),
    SourcePolicy("alla-g/toxicity-detection", "MIT", True),
    SourcePolicy("japanese-toxic-dataset", "Apache-2.0", True),
    SourcePolicy("COLDataset", "Apache-2.0", True),
    SourcePolicy("HateEval", "CC BY-NC 4.0 (organisers)", True, "non-commercial"),
    SourcePolicy("okkyibrohim", "CC BY-NC-SA 4.0", True, "non-commercial"),
    SourcePolicy("ToxiCN", "CC BY-NC-ND 4.0", False, "no-derivatives: a trained model is a derivative"),
    SourcePolicy("L-HSAB", "none stated", False, "no license"),
    SourcePolicy("OSACT2020", "none stated", False, "no license"),
    SourcePolicy("OLID", "none stated", False, "no license"),
)


def policy(source: str) -> SourcePolicy:
    for p in POLICIES:
        if p.pattern in source:
            return p
    return SourcePolicy(source, "unknown", False, "not in the license table")


#: HateCheck functionalities labelled 0 ("not hateful") that are toxic by the Perspective definition the
#: project scores against ("Du bist so eine Missgeburt.", "Was erzählst du für einen Scheiß."). Training on
#: them as 0 teaches that insults and profanity are benign, so they are left out of training (not of the
#: evaluation, where they keep their given label).
HATE_NOT_TOXIC = ("functionality=profanity_nh", "functionality=target_indiv_nh")


@dataclass(frozen=True)
class Example:
    text: str
    label: int
    lang: str
    source: str
    orig_label: str = ""

    @property
    def is_rtp(self) -> bool:
        return RTP_LX in self.source

    @property
    def trainable(self) -> bool:
        return not any(self.orig_label.endswith(f) for f in HATE_NOT_TOXIC)


def read_jsonl(paths: Iterable[Path]) -> list[Example]:
    rows = []
    for path in sorted(paths):
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                r = json.loads(line)
                rows.append(Example(r["text"], int(r["label"]), r["lang"], r["source"], r.get("orig_label") or ""))
    return rows


def load(data_dir: Path) -> tuple[list[Example], dict[str, int]]:
    """Rows of `data_dir/*.jsonl` whose source may be used, and the count of dropped rows per source."""
    kept, dropped = [], {}
    for ex in read_jsonl(Path(data_dir).glob("*.jsonl")):
        if policy(ex.source).use:
            kept.append(ex)
        else:
            dropped[ex.source] = dropped.get(ex.source, 0) + 1
    if not kept:
        raise FileNotFoundError(f"no usable labelled rows in {data_dir}/*.jsonl")
    return kept, dropped
