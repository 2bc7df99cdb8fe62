"""The ingest stage: WARC/WET shard -> extracted, language-identified, filtered, scored, signed documents.

One work unit is a byte range of an input file (`plan_units`). Every `ingest.checkpoint_records` records it
writes `documents/part-<unit>-<n>.parquet` (kept documents), `dropped/ingest-<unit>-<n>.parquet` (every record
not kept, with its reason) and a checkpoint; when the unit is done its parts are merged into one documents and
one dropped file (fewer, larger files; the checkpoints stay as offsets), then `stats/ingest-<unit>.json` marks
it done. Every file is written atomically, so a killed unit resumes from its last checkpoint.

A unit whose input could not be read to its end (an `incomplete:` or `open_error:` skip: the source failed, see
miner/warc.py) checkpoints at the record it lost, counts `input/incomplete/<reason>` and writes
`incomplete/ingest-<unit>.json`; `check_complete` then fails the run (a rerun resumes those units) unless the
run allows incomplete inputs.
"""
from __future__ import annotations

import hashlib
import os
import re
import resource
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import pyarrow as pa
import pyarrow.parquet as pq

from .config import PipelineConfig
from .executors import per_worker
from .dedup.minhash import MinHasher, MinHashParams
from .dedup.shingles import normalize, normalized_hash
from .extract import ExtractBudget, extract_text, strip_tags, too_complex
from .filters import QualityFilter
from .io import read_json, write_json, write_parquet
from .langid import LanguageIdentifier
from .schema import table
from .scoring import get_scorer
from .sources import IncompleteInputError
from .stats import PhaseTimes, Stats
from .warc import Document, ReadLimits, Skip, read_file

_CRAWL_ID = re.compile(r"CC-MAIN-\d{4}-\d{2}")
_BATCH = 256
_LANGID_CHARS = 3000


def dedup_params(config: PipelineConfig) -> MinHashParams:
    d = config.dedup
    return MinHashParams(num_perm=d.bands * d.rows, bands=d.bands, rows=d.rows, ngram=d.ngram,
                         seed=d.seed, threshold=d.threshold)


@dataclass
class Ingestor:
    """Holds the models of one worker; built lazily there (fastText models do not pickle)."""

    config: PipelineConfig

    def __post_init__(self) -> None:
        c = self.config
        self.limits = read_limits(c)
        self.budget = ExtractBudget(c.ingest.max_dom_depth, c.ingest.max_dom_nodes)
        self.langid = LanguageIdentifier(c.languages, c.langid.thresholds, c.langid.default_threshold,
                                         c.langid.second_opinion)
        self.quality = QualityFilter(**c.quality.model_dump())
        self.scorer = get_scorer(c.scoring.first_pass.name, **c.scoring.first_pass.params)
        self.hasher = MinHasher(dedup_params(c))
        # load lazy models and tables now, so that the phase timings of the first unit count work, not loading
        self.langid.warm_up()
        self.scorer.score(["warm up"], ["en"])
        self.hasher.signatures(["warm up"], ["en"])

    def document(self, item: Document | Skip, crawl_id: str | None, stats: Stats, dropped: list[dict],
                 times: PhaseTimes) -> dict | None:
        """The extracted row of one reader item, or None (a skip, counted and recorded in `dropped`)."""
        if isinstance(item, Skip):
            kind, _, detail = item.reason.partition(":")
            if kind == "record_type":  # warcinfo, request, metadata, revisit: not documents
                stats.add(f"records/{detail}")
                return None
            stats.drop("read", item.reason)
            dropped.append(_skip_row(item))
            return None
        stats.add("records/documents")
        with times.phase("extract"):
            text, fallback = _text(item, self.config.ingest.extractor, self.budget)
        if fallback:
            stats.add("extract/too_complex")
        if len(text) > self.config.ingest.max_text_chars:
            stats.add("extract/truncated")
            text = text[: self.config.ingest.max_text_chars]
        row = _provenance(item, crawl_id)
        if not text.strip():
            _drop(stats, dropped, row, "extract", "empty_text")
            return None
        row["text"] = text
        return row

    def process(self, rows: list[dict], stats: Stats, dropped: list[dict], times: PhaseTimes) -> list[dict]:
        """Language ID, quality filter, first-pass score and MinHash signature for a batch."""
        with times.phase("langid"):
            preds = self.langid.predict([r["text"][:_LANGID_CHARS] for r in rows])
        kept = []
        for row, pred in zip(rows, preds):
            row.update(_lang_fields(pred))
            ok, reason = self.langid.accept(pred)
            if not ok:
                _drop(stats, dropped, row, "langid", reason)
                continue
            with times.phase("quality"):
                verdict = self.quality.filter(row["text"], pred.lang)
            if verdict is not True:
                _drop(stats, dropped, row, "quality", verdict[1])
                continue
            kept.append(row)
        if not kept:
            return kept
        texts, langs = [r["text"] for r in kept], [r["lang"] for r in kept]
        with times.phase("normalize"):
            folded = [normalize(t) for t in texts]  # once, for the exact-dup hash, MinHash and the first pass
        with times.phase("score"):
            scores = self.scorer.score_normalized(texts, folded, langs)["toxicity"]
        with times.phase("minhash"):
            signatures = self.hasher.signatures(folded, langs, normalized=True)
            hashes = [normalized_hash(norm, normalized=True) for norm in folded]
        for row, score, text_hash, signature in zip(kept, scores, hashes, signatures):
            row.update(toxicity=float(score), scorer=self.scorer.tag, text_chars=len(row["text"]),
                       text_hash=text_hash, minhash=signature.tolist())
            stats.add(f"kept/{row['lang']}")
        return kept


def read_limits(config: PipelineConfig) -> ReadLimits:
    i = config.ingest
    return ReadLimits(i.max_record_bytes, i.max_payload_bytes, i.max_header_bytes)


def _provenance(doc: Document, crawl_id: str | None) -> dict:
    return {"doc_id": doc.doc_id, "url": doc.url, "warc_record_id": doc.warc_record_id, "source": doc.source,
            "offset": doc.offset, "fetch_date": doc.fetch_date, "crawl_id": crawl_id, "charset": doc.charset}


def _skip_row(skip: Skip) -> dict:
    """The dropped/ row of a record the reader skipped."""
    return {"stage": "read", "reason": skip.reason, "url": skip.url, "warc_record_id": skip.warc_record_id,
            "source": skip.source, "offset": skip.offset}


def _text(doc: Document, extractor: str, budget: ExtractBudget) -> tuple[str, bool]:
    """Main text of a document: WET text as it is, HTML through the configured extractor, or through the plain
    tag strip when the page is over the extraction budget (then True: counted as extract/too_complex)."""
    if doc.content_type == "text":
        return doc.content, False
    if too_complex(doc.content, budget):
        return strip_tags(doc.content), True
    return extract_text(doc.content, extractor, budget=None), False


def _lang_fields(pred) -> dict:
    return {"lang": pred.lang, "lang_score": pred.score, "lang_runner_up": pred.runner_up,
            "lang_runner_up_score": pred.runner_up_score}


def _drop(stats: Stats, dropped: list[dict], row: dict, stage: str, reason: str) -> None:
    stats.drop(stage, reason)
    dropped.append({"stage": stage, "reason": reason, **{k: row.get(k) for k in
                    ("doc_id", "url", "warc_record_id", "source", "offset")}})


def run_unit(config: PipelineConfig, run_dir: Path, unit: str, path: str, start: int, end: int | None,
             length: int) -> dict:
    """Ingest the records of `path` that start in [start, end) (`length` bytes). Returns the unit's stats.

    Every `checkpoint_records` records the unit writes its parts and a checkpoint (next record offset, part
    number, stats so far). Run again after a crash or kill -9, it deletes parts newer than its checkpoint and
    goes on from the checkpoint's offset, so the output equals an uninterrupted run's.
    """
    cpu_start, times = time.process_time(), PhaseTimes()
    with times.phase("setup"):
        ingestor = per_worker("ingestor", config.model_dump_json(), lambda: Ingestor(config))
    checkpoint = run_dir / "checkpoints" / f"ingest-{unit}.json"
    state = read_json(checkpoint) if checkpoint.exists() else {"part": 0, "offset": start, "stats": {}}
    for stale in [*run_dir.glob(f"documents/part-{unit}-*.parquet"), *run_dir.glob(f"dropped/ingest-{unit}-*.parquet")]:
        if int(stale.stem.rsplit("-", 1)[1]) >= state["part"]:
            stale.unlink()
    stats, part = Stats(state["stats"]), state["part"]
    crawl = _CRAWL_ID.search(path)
    crawl_id = crawl.group(0) if crawl else None
    rows: list[dict] = []
    dropped: list[dict] = []
    records = 0

    def flush(next_offset: int | None) -> None:
        nonlocal part, rows, dropped, records
        kept = [doc for batch in _batches(rows, _BATCH) for doc in ingestor.process(batch, stats, dropped, times)]
        with times.phase("write"):
            write_parquet(run_dir / "documents" / f"part-{unit}-{part:05d}.parquet", table("documents", kept))
            write_parquet(run_dir / "dropped" / f"ingest-{unit}-{part:05d}.parquet", table("dropped", dropped))
        part += 1
        rows, dropped, records = [], [], 0
        write_json(checkpoint, {"part": part, "offset": next_offset, "stats": stats.as_dict()})

    items = read_file(path, ingestor.limits, state["offset"], end) if state["offset"] is not None else ()
    lost = None
    for item in items:
        if isinstance(item, Skip) and item.reason.startswith(_LOST):
            lost = item
            break
        if records >= config.ingest.checkpoint_records:
            flush(item.offset)
        records += 1
        row = ingestor.document(item, crawl_id, stats, dropped, times)
        if row is not None:
            rows.append(row)
    if lost is not None:
        flush(lost.offset)  # a rerun resumes at the record the source failed on; the loss is not checkpointed
        stats.add(f"input/incomplete/{lost.reason.partition(':')[2]}")
        write_json(run_dir / "incomplete" / f"ingest-{unit}.json",
                   {"input": path, "unit": unit, "offset": lost.offset, "reason": lost.reason})
    elif records or part == 0:
        stats.add("input/bytes", length)
        flush(None)
    if lost is None:  # an incomplete unit keeps its parts until a rerun finishes it
        with times.phase("write"):
            _roll_up(run_dir, unit, checkpoint)
    result = stats.as_dict()
    # CPU seconds per phase of this attempt (a resumed unit counts only what it did after its checkpoint);
    # "other" is reading and decoding the WARC records plus bookkeeping; model loading is in "setup"
    write_json(run_dir / "perf" / f"ingest-{unit}.json", {
        "peak_rss_bytes": peak_rss_bytes(), "pid": os.getpid(),
        "cpu_seconds": times.as_dict(total=time.process_time() - cpu_start)})
    write_json(run_dir / "stats" / f"ingest-{unit}.json", result)
    return result


_LOST = ("incomplete:", "open_error:")  # the source failed: the input was not read to its end


def incomplete_inputs(run_dir: Path) -> list[dict]:
    """The units of this run whose input could not be read to its end (input, unit, offset, reason)."""
    return [read_json(p) for p in sorted((run_dir / "incomplete").glob("ingest-*.json"))]


def check_complete(run_dir: Path, allow_incomplete: bool) -> list[dict]:
    """Raise IncompleteInputError naming every input not read to its end, after unmarking their units so
    that a rerun retries them from their checkpoints; with `allow_incomplete`, return them instead."""
    lost = incomplete_inputs(run_dir)
    if not lost or allow_incomplete:
        return lost
    for entry in lost:
        (run_dir / "stats" / f"ingest-{entry['unit']}.json").unlink(missing_ok=True)
        (run_dir / "incomplete" / f"ingest-{entry['unit']}.json").unlink()
    names = "; ".join(f"{e['input']} ({e['reason']} at byte {e['offset']})" for e in lost)
    raise IncompleteInputError(f"{len(lost)} input(s) could not be read to their end: {names}. Run again to "
                               "retry them (work done is kept), or pass --allow-incomplete to release without "
                               "the rest of them")


def _parts(run_dir: Path, unit: str) -> list[tuple[Path, Path]]:
    """(documents part, dropped part) pairs of a unit, by part number."""
    docs = sorted(run_dir.glob(f"documents/part-{unit}-*.parquet"))
    return [(d, run_dir / "dropped" / f"ingest-{unit}-{d.stem.rsplit('-', 1)[1]}.parquet") for d in docs]


def _roll_up(run_dir: Path, unit: str, checkpoint: Path) -> None:
    """Merge a finished unit's checkpoint parts into one documents and one dropped file (fewer, larger files),
    numbered after the last part. Kill-safe: the checkpoint names the merged part before the small ones are
    deleted, so a resumed unit either merges again (merged file not yet recorded: it is removed as stale) or
    only finishes deleting."""
    state = read_json(checkpoint)
    if "rolled" not in state:
        parts = [(d, x) for d, x in _parts(run_dir, unit) if int(d.stem.rsplit("-", 1)[1]) < state["part"]]
        if len(parts) <= 1:
            return
        number = state["part"]
        for kind, files in (("documents", [d for d, _ in parts]), ("dropped", [x for _, x in parts])):
            name = f"part-{unit}-{number:05d}" if kind == "documents" else f"ingest-{unit}-{number:05d}"
            write_parquet(run_dir / kind / f"{name}.parquet", pa.concat_tables([pq.read_table(f) for f in files]))
        state = {**state, "part": number + 1, "rolled": number}
        write_json(checkpoint, state)
    for docs, dropped in _parts(run_dir, unit):
        if int(docs.stem.rsplit("-", 1)[1]) < state["rolled"]:
            docs.unlink()
            dropped.unlink(missing_ok=True)


def peak_rss_bytes() -> int:
    """Peak resident memory of this process so far (Linux reports ru_maxrss in KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def _batches(rows: list[dict], size: int) -> Iterator[list[dict]]:
    for i in range(0, len(rows), size):
        yield rows[i:i + size]


def plan_units(sizes: dict[str, int], chunk_bytes: int) -> list[tuple[str, str, int, int | None, int]]:
    """Work units (unit id, path, start, end, length) for inputs of the given sizes, in order: a file per
    unit, large files split into byte ranges (the last range of a file is open-ended: end None)."""
    units = []
    for index, (path, size) in enumerate(sizes.items()):
        key = hashlib.sha1(path.encode()).hexdigest()[:8]
        bounds = list(range(0, size, chunk_bytes))[1:] if size > chunk_bytes else []
        for k, (lo, hi) in enumerate(zip([0, *bounds], [*bounds, None])):
            units.append((f"{index:05d}-{key}-{k:04d}", path, lo, hi, (size if hi is None else hi) - lo))
    return units


def extract_files(paths: list[str], out_dir: Path, extractor: str = "pruned") -> int:
    """`miner extract`: every readable document of `paths` with its language, no filtering. Unreadable
    records and files are listed with their reason in skipped.parquet and summarised per file; both files are
    rewritten after each input, so a later input's failure never loses an earlier one's output. Returns 1 when
    an input could not be opened or read to its end (defects inside a file are skips, not failures)."""
    langid = LanguageIdentifier(second_opinion=True)
    kept: list[dict] = []
    skipped: list[dict] = []
    failed: list[str] = []
    for path in paths:
        reasons: Counter[str] = Counter()
        rows = []
        for item in read_file(path):
            if isinstance(item, Skip):
                reasons[item.reason] += 1
                skipped.append(_skip_row(item))
                if item.reason.startswith(_LOST):
                    failed.append(f"{path} ({item.reason})")
                continue
            text, _ = _text(item, extractor, ExtractBudget())
            rows.append({**_provenance(item, None), "text": text})
        for row, pred in zip(rows, langid.predict([r["text"][:_LANGID_CHARS] for r in rows])):
            row.update(_lang_fields(pred), text_chars=len(row["text"]))
        kept.extend(rows)
        write_parquet(out_dir / "documents.parquet", table("documents", kept))
        write_parquet(out_dir / "skipped.parquet", table("dropped", skipped))
        detail = ", ".join(f"{reason} {n}" for reason, n in sorted(reasons.items()))
        print(f"{path}: {len(rows)} documents" + (f"; skipped: {detail}" if detail else ""), flush=True)
    print(f"{len(kept)} documents -> {out_dir / 'documents.parquet'}; {len(skipped)} skipped -> "
          f"{out_dir / 'skipped.parquet'}")
    if failed:
        print(f"miner extract: error: {len(failed)} input(s) could not be read to their end: {'; '.join(failed)}",
              file=sys.stderr)
    return 1 if failed else 0
