"""The prompts stage: kept documents -> scored prompt/continuation candidates.

One work unit holds the documents one ingest unit kept. Documents the dedup stage did not keep are skipped (they are recorded
as dropped there). Document, prompt and continuation are scored by the same release scorer (the cascade when
a precise scorer is configured), so the three scores are comparable. With `scoring.scope: needed` and a precise
scorer, this stage runs the cheap first pass only; the sample stage precise-scores what sampling needs.
"""
from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from .config import PipelineConfig
from .dedup.prompts import prompt_signatures
from .dedup.removal import removed_ids
from .executors import per_worker
from .io import write_json, write_parquet
from .pii import find_pii, mask_pii
from .schema import table
from .scoring import Scorer, build_scorer, get_scorer
from .stats import Stats
from .text.pairs import PairOptions, make_pairs


def prompt_id_for(doc_id: str, begin: int, end: int) -> str:
    return hashlib.sha1(f"{doc_id}:{begin}:{end}".encode()).hexdigest()[:20]


def kept_ids(run_dir: Path, unit: str, doc_ids: list[str]) -> set[str]:
    """Those of `doc_ids` that the dedup stage kept (all of them when dedup is disabled): reads only the
    unit's own removal file, dedup/remove/<unit>.parquet."""
    removed = removed_ids(run_dir, unit)
    return set(doc_ids) - removed if removed else set(doc_ids)


def run_unit(config: PipelineConfig, run_dir: Path, unit: str) -> dict:
    """Cut and score the pairs of the documents an ingest unit kept."""
    parts = sorted(str(p) for p in run_dir.glob(f"documents/part-{unit}-*.parquet"))
    docs = pq.read_table(parts, columns=["doc_id", "lang", "text", "url", "source", "offset",
                                         "warc_record_id"]).to_pylist() if parts else []
    keep = kept_ids(run_dir, unit, [d["doc_id"] for d in docs])
    options = PairOptions(**config.pairs.model_dump())
    stats, dropped, rows, paired = Stats(), [], [], []
    for doc in docs:
        if doc["doc_id"] not in keep:
            continue
        doc["text"] = _mask(doc["text"], config.release.pii, stats)
        pairs = make_pairs(doc["text"], doc["lang"], options)
        if config.release.pii == "drop":
            clean = [p for p in pairs if not find_pii(p.prompt) and not find_pii(p.continuation)]
            stats.add("pii/dropped_pairs", len(pairs) - len(clean))
            pairs = clean
        if not pairs:
            stats.drop("prompts", "no_pair")
            dropped.append({"stage": "prompts", "reason": "no_pair", **{k: doc[k] for k in
                            ("doc_id", "url", "warc_record_id", "source", "offset")}})
            continue
        paired.append(doc)
        for pair in pairs:
            rows.append({"prompt_id": prompt_id_for(doc["doc_id"], pair.begin, pair.end), "doc_id": doc["doc_id"],
                         "lang": doc["lang"], "begin": pair.begin, "cut": pair.cut, "end": pair.end,
                         "cut_kind": pair.cut_kind, "prompt": pair.prompt, "continuation": pair.continuation})
    stats.add("prompts/documents", len(paired))
    stats.add("prompts/candidates", len(rows))
    perf = {"pid": os.getpid()}
    if defers_precise(config):
        _first_pass(config, paired, rows, stats)
    else:
        _release_scores(config, paired, rows, stats, perf)
    write_json(run_dir / "perf" / f"prompts-{unit}.json", perf)
    write_parquet(run_dir / "candidates" / f"part-{unit}.parquet", table("candidates", rows))
    # MinHash signatures of the prompts, for the release-wide prompt dedup of the sample stage
    write_parquet(run_dir / "prompt-signatures" / f"part-{unit}.parquet",
                  prompt_signatures([r["prompt_id"] for r in rows], [r["prompt"] for r in rows],
                                    [r["lang"] for r in rows]))
    # the document texts the offsets refer to (PII-masked as configured)
    write_parquet(run_dir / "texts" / f"part-{unit}.parquet",
                  pa.Table.from_pylist([{"doc_id": d["doc_id"], "text": d["text"]} for d in paired],
                                       schema=pa.schema([("doc_id", pa.string()), ("text", pa.string())])))
    write_parquet(run_dir / "dropped" / f"prompts-{unit}.parquet", table("dropped", dropped))
    result = stats.as_dict()
    write_json(run_dir / "stats" / f"prompts-{unit}.json", result)
    return result


def defers_precise(config: PipelineConfig) -> bool:
    """scoring.scope needed with a precise scorer: this stage scores the first pass only, and the sample stage
    precise-scores the texts sampling needs (miner.rounds)."""
    return config.scoring.scope == "needed" and config.scoring.precise is not None


def _first_pass(config: PipelineConfig, paired: list[dict], rows: list[dict], stats: Stats) -> None:
    """First-pass toxicity of every document, prompt and continuation, into the `*_first_pass` columns."""
    ref = config.scoring.first_pass
    scorer = per_worker("first-pass-scorer", ref.model_dump_json(), lambda: get_scorer(ref.name, **ref.params))
    docs = dict(zip((d["doc_id"] for d in paired), _toxicity(scorer, [d["text"] for d in paired],
                                                                [d["lang"] for d in paired])))
    langs = [r["lang"] for r in rows]
    for row, p_score, c_score in zip(rows, _toxicity(scorer, [r["prompt"] for r in rows], langs),
                                     _toxicity(scorer, [r["continuation"] for r in rows], langs)):
        row.update(prompt_first_pass=p_score, continuation_first_pass=c_score,
                   document_first_pass=docs[row["doc_id"]])
    stats.add("scoring/texts_first_pass", len(paired) + 2 * len(rows))


def _release_scores(config: PipelineConfig, paired: list[dict], rows: list[dict], stats: Stats, perf: dict) -> None:
    """The release scorer's toxicity of every document, prompt and continuation (scoring.scope all)."""
    scorer = per_worker("release-scorer", config.scoring.model_dump_json(), lambda: build_scorer(config.scoring))
    before = dict(getattr(scorer, "stats", None) or {})
    doc_scores = dict(zip((d["doc_id"] for d in paired), _toxicity(scorer, [d["text"] for d in paired],
                                                                    [d["lang"] for d in paired])))
    langs = [r["lang"] for r in rows]
    prompt_scores = _toxicity(scorer, [r["prompt"] for r in rows], langs)
    continuation_scores = _toxicity(scorer, [r["continuation"] for r in rows], langs)
    for row, p_score, c_score in zip(rows, prompt_scores, continuation_scores):
        row.update(prompt_toxicity=p_score, continuation_toxicity=c_score,
                   document_toxicity=doc_scores[row["doc_id"]], scorer=scorer.tag)
    stats.add("scoring/texts_first_pass", len(paired) + 2 * len(rows))
    if before:  # a cascade: count what the precise scorer did not have to score
        after = scorer.stats
        delta = {k: (after[k] or 0) - (before.get(k) or 0) for k in ("texts_first", "texts_refined",
                                                                       "seconds_first", "seconds_second")}
        stats.add("cascade/texts_first_pass", int(delta["texts_first"]))
        stats.add("cascade/texts_refined", int(delta["texts_refined"]))
        stats.add("scoring/texts_precise", int(delta["texts_refined"]))
        per_text = after["second_seconds_per_text"] or 0.0
        perf.update(delta, est_seconds_saved=(delta["texts_first"] - delta["texts_refined"]) * per_text)


def _mask(text: str, mode: str, stats: Stats) -> str:
    """Mask emails, phone numbers and IP addresses before cutting, so offsets refer to the masked text."""
    if mode != "mask":
        return text
    masked, found = mask_pii(text)
    for kind, n in sorted(found.items()):
        stats.add(f"pii/masked/{kind}", n)
    return masked


def _toxicity(scorer: Scorer, texts: list[str], langs: list[str]) -> list[float]:
    return [float(x) for x in scorer.score(texts, langs)["toxicity"]] if texts else []
