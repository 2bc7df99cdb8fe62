"""Wires the stages into a pipeline: ingest -> dedup -> prompts -> sample -> release.

Each stage is skipped when its marker holds the same hash (its config sections, the code version and the
upstream stage's hash), and a stage interrupted half-way resumes at the first unit without output. The work
directory (`runs/<name>/`) holds every intermediate file; the release directory only the product.
"""
from __future__ import annotations

import glob
import hashlib
import json
import logging
import os
import shutil
import subprocess
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import pyarrow as pa
import pyarrow.parquet as pq

from . import __version__, ingest, prompts
from .config import ConfigError, PipelineConfig
from .io import read_json, write_json, write_parquet
from .release import build_rows, dataset_card, link_latest, write_release
from .rounds import Rounds, attach_candidate_scores
from .sampling import sample, write_pool
from .schema import schema_dir, table
from .sources import input_size, is_remote
from .stats import Stats, drops_by_reason

log = logging.getLogger("miner")


def code_version() -> str:
    """Package version, plus the git commit when run from a checkout."""
    try:
        commit = subprocess.run(["git", "rev-parse", "--short=12", "HEAD"], capture_output=True, text=True,
                                cwd=Path(__file__).parent, timeout=5).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        commit = ""
    return f"{__version__}+{commit}" if commit else __version__


def expand_inputs(patterns: list[str]) -> list[str]:
    """Local paths and globs, expanded and sorted, and URLs; a local input that matches nothing is an error."""
    paths: list[str] = []
    for pattern in patterns:
        if is_remote(pattern):
            paths.append(pattern)
            continue
        matches = sorted(glob.glob(pattern)) if any(c in pattern for c in "*?[") else \
            ([pattern] if Path(pattern).is_file() else [])
        if not matches:
            raise ConfigError(f"input not found: {pattern}")
        paths.extend(matches)
    return list(dict.fromkeys(paths))


@dataclass
class Run:
    config: PipelineConfig
    sizes: dict[str, int]  # input path -> bytes, in input order
    work_dir: Path
    executor: object
    stats: dict[str, Stats] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)  # wall time per stage run (runs/<name>/timings.json)
    cost: dict[str, Counter] = field(default_factory=dict)  # per stage, this run's units: CPU seconds and texts

    def stage(self, name: str, sections: tuple[str, ...], upstream: str, outputs: list[str],
              body: Callable[[], list[dict]]) -> str:
        """Run `body` unless the stage's marker matches; returns the stage hash."""
        key = json.dumps({"config": self.config.section_hash(*sections), "code": __version__,
                          "upstream": upstream}, sort_keys=True)
        digest = hashlib.sha256(key.encode()).hexdigest()[:16]
        marker = self.work_dir / "markers" / f"{name}.json"
        if marker.exists() and read_json(marker).get("hash") == digest:
            self.skipped.append(name)
            print(f"[{name}] unchanged, skipped", flush=True)
            log.info("[%s] unchanged, skipped", name)
            self.stats[name] = Stats(read_json(marker)["stats"])
            return digest
        pending = self.work_dir / "markers" / f"{name}.pending"
        if not pending.exists() or pending.read_text() != digest:
            for pattern in outputs:  # config changed: start the stage afresh
                for stale in self.work_dir.glob(pattern):
                    shutil.rmtree(stale) if stale.is_dir() else stale.unlink()
            marker.unlink(missing_ok=True)
            pending.parent.mkdir(parents=True, exist_ok=True)
            pending.write_text(digest)
        started, cpu = time.perf_counter(), time.process_time()
        self.cost[name] = Counter()
        stats = Stats.merged(body())
        self.seconds[name] = round(time.perf_counter() - started, 3)
        self.cost[name]["cpu_s"] += time.process_time() - cpu  # the driver, with the units it ran itself
        log.info("[%s] done in %.1fs: %s", name, self.seconds[name], json.dumps(stats.as_dict()))
        self.stats[name] = stats
        write_json(marker, {"hash": digest, "stats": stats.as_dict()})
        pending.unlink()
        return digest

    def map_units(self, name: str, fn, tasks: list[tuple], done: Callable[[tuple], Path],
                  num_gpus: float = 0, total_bytes: int = 0, total_texts: int = 0) -> list[dict]:
        """Run the tasks whose output marker is missing; read back the stats of the others (resume)."""
        todo = [t for t in tasks if not done(t).exists()]
        if len(todo) < len(tasks):
            print(f"[{name}] resuming: {len(tasks) - len(todo)} of {len(tasks)} units already done", flush=True)
        options = {"total_texts": total_texts} if total_texts else {}
        results = self.executor.map(name, _metered, [(fn, *t) for t in todo], num_gpus=num_gpus,
                                    total_bytes=total_bytes, **options)
        cost = self.cost.setdefault(next(reversed(self.cost), name), Counter())  # the stage running now
        for result in results or []:
            cost.update({k: v for k, v in result.items() if k.startswith("scoring/texts")})
            if result.get("cost/pid") != os.getpid():  # CPU of units run in other processes
                cost["cpu_s"] += result.get("cost/cpu_s", 0.0)
            cost["units"] += 1
        return [read_json(done(t)) for t in tasks]


def _metered(fn, *args) -> dict:
    """A unit's stats plus its CPU seconds and process id, for cost.json (the unit's own stats file is unchanged)."""
    cpu = time.process_time()
    out = dict(fn(*args))
    out.update({"cost/cpu_s": time.process_time() - cpu, "cost/pid": os.getpid()})
    return out


def write_cost(run: "Run", path: Path) -> dict:
    """`<work-dir>/cost.json`: what this run spent (stages skipped or units resumed cost nothing here)."""
    rounds = run.stats.get("sample", Stats()).counts.get("rounds/walk", 0) if "sample" not in run.skipped else 0
    cost = {"texts": {"first_pass": sum(c.get("scoring/texts_first_pass", 0) for c in run.cost.values()),
                      "precise": sum(c.get("scoring/texts_precise", 0) for c in run.cost.values())},
            "rounds": rounds, "scope": run.config.scoring.scope,
            "stages": {name: {"cpu_s": round(c["cpu_s"], 3), "wall_s": run.seconds.get(name, 0.0),
                              "units": c.get("units", 0)} for name, c in run.cost.items()},
            "executor": getattr(run.executor, "name", "?"),
            "note": "cpu_s: process CPU time of the driver plus that of the work units run in other processes"}
    cost["cpu_s"] = round(sum(s["cpu_s"] for s in cost["stages"].values()), 3)
    write_json(path, cost)
    return cost


def run_pipeline(config: PipelineConfig, inputs: list[str], out_root: Path, work_dir: Path, executor) -> Path:
    """Run every stage and write the release; returns the release directory."""
    inputs = expand_inputs(inputs)
    sizes = {p: input_size(p) for p in inputs}
    run = Run(config, sizes, work_dir, executor)
    work_dir.mkdir(parents=True, exist_ok=True)
    _log_to(work_dir / "run.log")
    input_key = json.dumps(sorted(sizes.items()))

    units = ingest.plan_units(sizes, config.ingest.chunk_bytes)
    h_ingest = run.stage(
        "ingest", ("languages", "ingest", "langid", "quality", "dedup", "scoring"), input_key,
        ["documents", "dropped/ingest-*", "stats/ingest-*", "checkpoints"],
        lambda: run.map_units("ingest", ingest.run_unit, [(config, work_dir, *unit) for unit in units],
                              lambda t: work_dir / "stats" / f"ingest-{t[2]}.json", total_bytes=sum(sizes.values())))

    h_dedup = run.stage("dedup", ("dedup",), h_ingest, ["dedup", "dropped/dedup.parquet"],
                        lambda: [_dedup(config, work_dir)])

    h_prompts = run.stage(
        "prompts", ("pairs", "scoring", "release.pii"), h_dedup,
        ["candidates", "texts", "prompt-signatures", "dropped/prompts-*", "stats/prompts-*"],
        lambda: run.map_units("prompts", prompts.run_unit, [(config, work_dir, u[0]) for u in units],
                              lambda t: work_dir / "stats" / f"prompts-{t[2]}.json", config.scoring.num_gpus))

    cells_path = work_dir / "sample" / "cells.json"
    h_sample = run.stage("sample", ("sampling", "languages"), h_prompts, ["sample", "dropped/sample.parquet"],
                         lambda: _sample(run, config, work_dir, cells_path))

    release_dir = out_root / config.version
    run.stage("release", ("release", "sampling"), h_sample + str(release_dir.resolve()), [],
              lambda: [_release(run, release_dir, cells_path)])
    if not (release_dir / "manifest.json").exists():  # release deleted by hand: rebuild it
        _release(run, release_dir, cells_path)
    link_latest(release_dir)
    write_cost(run, work_dir / "cost.json")
    saved = sum(read_json(p).get("est_seconds_saved", 0) for p in (work_dir / "perf").glob("prompts-*.json"))
    phases: Counter[str] = Counter()  # CPU seconds per ingest phase, summed over units (their last attempts)
    for perf in sorted((work_dir / "perf").glob("ingest-*.json")):
        phases.update(read_json(perf).get("cpu_seconds", {}))
    write_json(work_dir / "timings.json", {"seconds": run.seconds, "skipped": run.skipped,
                                           "ingest_cpu_seconds": {k: round(v, 3) for k, v in sorted(phases.items())},
                                           "cascade_est_seconds_saved": round(saved, 3),
                                           "executor": getattr(executor, "name", "?"),
                                           "workers": getattr(executor, "workers", 1)})
    return release_dir


def _log_to(path: Path) -> None:
    """Progress and stage lines also go to the run log (runs/<name>/run.log)."""
    log.setLevel(logging.INFO)
    log.propagate = False  # the terminal gets the progress lines from print, not the log records
    if not any(getattr(h, "baseFilename", None) == str(path.resolve()) for h in log.handlers):
        handler = logging.FileHandler(path, encoding="utf-8")
        handler.setFormatter(logging.Formatter("%(asctime)s %(message)s"))
        log.addHandler(handler)


def _dedup(config: PipelineConfig, work_dir: Path) -> dict:
    stats = Stats()
    parts = sorted(str(p) for p in (work_dir / "documents").glob("part-*.parquet"))
    if not config.dedup.enabled or not parts:
        return stats.as_dict()
    from .dedup.clusters import find_clusters

    out = work_dir / "dedup" / "clusters.parquet"
    result = find_clusters(parts, str(out), ingest.dedup_params(config), str(work_dir / "dedup" / "tmp"),
                           memory_limit=config.dedup.memory_limit)
    for key, value in result.items():
        if isinstance(value, int):
            stats.add(f"dedup/{key}", value)
    dropped = pq.read_table(out, filters=[("keep", "=", False)]).to_pylist()
    docs = {r["doc_id"]: r for r in pq.read_table(
        parts, columns=["doc_id", "url", "warc_record_id", "source", "offset"],
        filters=[("doc_id", "in", [d["doc_id"] for d in dropped] or [""])]).to_pylist()} if dropped else {}
    rows = []
    for d in sorted(dropped, key=lambda r: r["doc_id"]):
        reason = d.get("dup_reason") or "near_duplicate"
        stats.drop("dedup", reason)
        rows.append({"stage": "dedup", "reason": reason, "detail": f"cluster {d['cluster_id']}",
                     **{k: docs.get(d["doc_id"], {}).get(k) for k in ("url", "warc_record_id", "source", "offset")},
                     "doc_id": d["doc_id"]})
    write_parquet(work_dir / "dropped" / "dedup.parquet", table("dropped", rows))
    return stats.as_dict()


def _sample(run: Run, config: PipelineConfig, work_dir: Path, cells_path: Path) -> list[dict]:
    from .dedup.prompts import find_duplicate_prompts

    stats = Stats()
    signatures = sorted(str(p) for p in (work_dir / "prompt-signatures").glob("*.parquet"))
    near = find_duplicate_prompts(signatures, str(work_dir / "sample" / "prompt-dedup"))
    doc_of = {}
    if near:
        found = pq.read_table([str(p) for p in sorted((work_dir / "candidates").glob("*.parquet"))],
                              columns=["prompt_id", "doc_id"], filters=[("prompt_id", "in", list(near))])
        doc_of = dict(zip(found.column("prompt_id").to_pylist(), found.column("doc_id").to_pylist()))
    rows = [{"stage": "sample", "reason": "near_duplicate_prompt", "doc_id": doc_of[pid],
             "detail": f"prompt {pid} duplicates prompt {kept}"} for pid, kept in sorted(near.items())]
    stats.drop("sample", "near_duplicate_prompt", len(rows))
    write_parquet(work_dir / "dropped" / "sample.parquet", table("dropped", rows))
    selected = work_dir / "sample" / "selected.parquet"
    candidates = str(work_dir / "candidates" / "*.parquet")
    if prompts.defers_precise(config):  # precise scores in sampling order, only as many as the quotas need
        walk = Rounds(config, work_dir, run.map_units)
        write_pool(candidates, walk.pool, config.languages, config.seed, exclude=sorted(near))
        prefix, n_rounds = walk.walk()
        stats.add("rounds/walk", n_rounds)
        scored = work_dir / "sample" / "scored-pool.parquet"
        walk.write_scored_pool(prefix, scored)
        cells = sample(str(scored), selected, config.sampling, config.languages, config.seed)
        walk.finish(selected)
        walk.attach_scores(selected)
        stats.add("rounds/pool", sum(walk.totals().values()))
        stats.add("rounds/scored_prefix", sum(prefix.values()))
    else:
        cells = sample(candidates, selected, config.sampling, config.languages, config.seed, exclude=sorted(near))
        attach_candidate_scores(work_dir, selected)
    write_json(cells_path, [c.__dict__ | {"shortfall": c.shortfall} for c in cells])
    for c in cells:
        stats.add(f"sample/{c.split}/selected", c.selected)
        stats.add(f"sample/{c.split}/shortfall", c.shortfall)
        stats.add(f"sample/{c.split}/filled", c.filled)
    return [stats.as_dict(), *(read_json(p) for p in sorted((work_dir / "sample" / "rounds").glob("*/done-*.json")))]


def _release(run: Run, release_dir: Path, cells_path: Path) -> dict:
    from .sampling import Cell

    config = run.config
    splits = list(config.release.splits or config.sampling.splits)
    cells = [Cell(**{k: v for k, v in c.items() if k != "shortfall"}) for c in read_json(cells_path)
             if c["split"] in splits]
    rows = build_rows(run.work_dir, config.sampling.bins, config.sampling.bucket_basis)
    rows = rows.filter(pa.compute.is_in(rows["split"], pa.array(splits)))
    if rows.num_rows == 0:
        raise ConfigError("no prompt was selected: see the drop counts in "
                          f"{run.work_dir / 'markers'} and the reasons in {run.work_dir / 'dropped'}")
    if release_dir.exists():
        shutil.rmtree(release_dir)
    counts = Stats.merged(s for name, s in sorted(run.stats.items()) if name != "release").as_dict()
    scorers = sorted(set(rows.column("scorer").to_pylist())) if rows.num_rows else []
    manifest = {
        "name": config.name, "version": config.version, "seed": config.seed, "code_version": code_version(),
        "config": config.model_dump(mode="json"),
        "inputs": [{"path": p, "bytes": size} for p, size in run.sizes.items()],
        "counts": counts, "drops": drops_by_reason(counts), "scorers": scorers,
        "cells": [c.__dict__ | {"shortfall": c.shortfall, "toxicity_bucket": c.bucket} for c in cells],
        "prompts": rows.num_rows,
    }
    manifest["pii"] = {"mode": config.release.pii,
                       "masked": {k.removeprefix("pii/masked/"): v for k, v in counts.items()
                                  if k.startswith("pii/masked/")},
                       "dropped_pairs": counts.get("pii/dropped_pairs", 0)}
    if counts.get("cascade/texts_first_pass"):
        first, refined = counts["cascade/texts_first_pass"], counts.get("cascade/texts_refined", 0)
        manifest["cascade"] = {"texts_first_pass": first, "texts_refined": refined,
                               "compute_saved_share": round(1 - refined / first, 6),
                               "note": "share of texts the precise scorer did not score; estimated seconds saved "
                                       "are in the run's timings.json"}
    manifest["scoring"] = {"scope": config.scoring.scope,
                           "texts_first_pass": counts.get("scoring/texts_first_pass", 0),
                           "texts_precise": counts.get("scoring/texts_precise", 0),
                           "precise": config.scoring.precise.name if config.scoring.precise else None}
    template = (schema_dir() / "card_template.md").read_text(encoding="utf-8")
    card = dataset_card(template, config.name, config.version, list(config.languages), splits, manifest)
    write_release(release_dir, rows, cells, manifest, card, config.release.exports)
    return {"release/prompts": rows.num_rows}
