"""Wires the stages into a pipeline: ingest -> dedup -> prompts -> sample -> release.

Each stage is skipped when its marker holds the same hash (the config fields it reads, STAGE_FIELDS; the code
identity, code_identity; and the upstream stage's hash), and a stage interrupted half-way resumes at the first unit without output. The work
directory (`runs/<name>/`) holds every intermediate file; the release directory only the product. Either may be
an s3:// location: the stages then run on local copies (_run_on_s3, miner/storage.py, docs/storage.md).
"""
from __future__ import annotations

import glob
import hashlib
import json
import logging
import os
import shutil
import subprocess
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Callable

import pyarrow as pa
import pyarrow.parquet as pq

from . import __version__, ingest, prompts, storage
from .config import ConfigError, PipelineConfig
from .executors import TaskFailure
from .io import InputError, read_json, write_json, write_parquet
from .publish import (check_release_root, check_work_dir, link_latest, locked, previous_release, publish,
                      read_manifest, same_data, staging_dir)
from .release import build_rows, dataset_card, manifest_digest, verify, write_release
from .rounds import Rounds, attach_candidate_scores, skip_audit_path
from .sampling import sample, write_pool
from .schema import schema_dir, table
from .sources import input_size, is_remote
from .stats import Stats, drops_by_reason

log = logging.getLogger("miner")


class UnitsFailed(InputError):
    """More units of a stage failed than engine.max_failed_units allows (one line, exit code 2)."""


def code_version() -> str:
    """Package version, plus the git commit when run from a checkout."""
    try:
        commit = subprocess.run(["git", "rev-parse", "--short=12", "HEAD"], capture_output=True, text=True,
                                cwd=Path(__file__).parent, timeout=5).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        commit = ""
    return f"{__version__}+{commit}" if commit else __version__


@lru_cache(maxsize=None)
def code_identity() -> str:
    """Package version plus a hash of every file of the package (code, word lists, models) and the schemas: the
    code part of stage keys, so a code change (committed or not) never reuses stale stage outputs."""
    digest = hashlib.sha256()
    for root in (Path(__file__).parent, schema_dir()):
        for path in sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
            digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
    return f"{__version__}+{digest.hexdigest()[:16]}"


# The config fields each stage reads (section_hash keys): resource knobs such as dedup.memory_limit,
# scoring.num_gpus and engine.* are left out, so changing them re-runs nothing.
SIGNATURE_FIELDS = ("dedup.ngram", "dedup.bands", "dedup.rows", "dedup.seed")
STAGE_FIELDS = {
    "ingest": ("languages", "ingest", "langid", "quality", *SIGNATURE_FIELDS, "scoring.first_pass"),
    "dedup": ("dedup.enabled", "dedup.threshold", *SIGNATURE_FIELDS),
    "prompts": ("pairs", "scoring.first_pass", "scoring.precise", "scoring.refine_band", "scoring.batch_size",
                "scoring.scope", "release.pii"),
    # with scope `needed` the sample stage runs the precise scorer (round sizes and units change no score)
    "sample": ("sampling", "languages", "scoring.precise", "scoring.refine_band", "scoring.scope",
               "scoring.skip_below", "scoring.skip_audit"),
    "release": tuple(PipelineConfig.model_fields),  # the manifest and card hold the whole config
}


def expand_inputs(patterns: list[str]) -> list[str]:
    """Local paths and globs, expanded and sorted, and URLs; a local input that matches nothing is an error."""
    paths: list[str] = []
    for pattern in patterns:
        if storage.is_s3(pattern) and (storage.signed() or any(c in pattern for c in "*?[")):  # listing signs
            found = storage.expand(pattern)
            if not found:
                raise ConfigError(f"input not found: {pattern}")
            paths.extend(found)
            continue
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
    overwrite: bool = False  # replace a published version that holds different data (--overwrite)
    cost: dict[str, Counter] = field(default_factory=dict)  # per stage, this run's units: CPU seconds and texts
    sync: Callable[[], None] = lambda: None  # after each map_units and stage: an s3 work dir's push

    def stage(self, name: str, sections: tuple[str, ...], upstream: str, outputs: list[str],
              body: Callable[[], list[dict]]) -> str:
        """Run `body` unless the stage's marker matches; returns the stage hash."""
        key = json.dumps({"config": self.config.section_hash(*sections), "code": code_identity(),
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
                    shutil.rmtree(stale) if stale.is_dir() and not stale.is_symlink() else stale.unlink()
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
        if any(k.startswith("failed/") for k in stats.counts):
            digest += "-partial"  # units failed: the next run retries them, and its downstream stages re-run
        write_json(marker, {"hash": digest, "stats": stats.as_dict()})
        pending.unlink()
        self.sync()
        return digest

    def map_units(self, name: str, fn, tasks: list[tuple], done: Callable[[tuple], Path],
                  num_gpus: float = 0, total_bytes: int = 0, memory_bytes: int = 0,
                  tolerate: bool = True, total_texts: int = 0) -> list[dict]:
        """Run the tasks whose output marker is missing; read back the stats of the others (resume).

        Units that fail (after the executor's retries) or time out are listed in failed/<name>.json with their
        reason; up to engine.max_failed_units of them the stage goes on without them (a later run retries
        them), one more stops the run with an error naming them. `tolerate=False`: no failure is allowed (steps
        whose every task is needed for a correct result)."""
        todo = [t for t in tasks if not done(t).exists()]
        if len(todo) < len(tasks):
            print(f"[{name}] resuming: {len(tasks) - len(todo)} of {len(tasks)} units already done", flush=True)
        allowed = self.config.engine.max_failed_units if tolerate else 0
        options = {"total_texts": total_texts} if total_texts else {}
        logged = (str(self.work_dir / "run.log"), os.getpid())
        results = self.executor.map(name, _metered, [(fn, logged, *t) for t in todo], num_gpus=num_gpus,
                                    total_bytes=total_bytes, labels=[done(t).stem for t in todo],
                                    max_failures=allowed, memory_bytes=memory_bytes, **options)
        cost = self.cost.setdefault(next(reversed(self.cost), name), Counter())  # the stage running now
        for result in results or []:
            if not isinstance(result, dict):  # a failed unit (TaskFailure) or one not run
                continue
            cost.update({k: v for k, v in result.items() if k.startswith("scoring/texts")})
            if result.get("cost/pid") != os.getpid():  # CPU of units run in other processes
                cost["cpu_s"] += result.get("cost/cpu_s", 0.0)
            cost["units"] += 1
        failures = [r for r in results if isinstance(r, TaskFailure)]
        failed_path = self.work_dir / "failed" / f"{name}.json"
        if failures:
            write_json(failed_path, [{"unit": f.label, "reason": f.reason} for f in failures])
            listed = "; ".join(f"{f.label}: {f.reason}" for f in failures[:10])
            log.info("[%s] %d unit(s) failed: %s", name, len(failures), listed)
            if len(failures) > allowed:
                raise UnitsFailed(f"[{name}] {len(failures)} unit(s) failed (engine.max_failed_units = {allowed}; "
                                  f"listed in {failed_path}): {listed}")
            print(f"[{name}] {len(failures)} unit(s) failed, going on without them: {listed}", flush=True)
        else:
            failed_path.unlink(missing_ok=True)
        self.sync()  # an s3 work dir keeps these units' outputs even if a later step of the stage is killed
        stats = [read_json(done(t)) for t in tasks if done(t).exists()]
        return stats + [{f"failed/{name}": len(failures)}] if failures else stats



def _metered(fn, logged: tuple[str, int], *args) -> dict:
    """A unit's stats plus its CPU seconds and process id, for cost.json (the unit's own stats file is unchanged).
    In a worker process (not the driver's, `logged` = (run log, driver pid)), the unit's warnings, e.g. a skipped
    WARC record, are appended to the run log as the driver's are."""
    log_path, driver = logged
    if os.getpid() != driver and Path(log_path).parent.is_dir():
        _log_to(Path(log_path))
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
    if run.config.scoring.skip_below is not None and skip_audit_path(run.work_dir).exists():
        cost["skip_below"] = read_json(skip_audit_path(run.work_dir))  # the approximate mode's measured cost
    cost["cpu_s"] = round(sum(s["cpu_s"] for s in cost["stages"].values()), 3)
    write_json(path, cost)
    return cost


def run_pipeline(config: PipelineConfig, inputs: list[str], out_root: Path | str, work_dir: Path | str, executor,
                 overwrite: bool = False, allow_incomplete: bool = False, cache: Path | None = None) -> Path:
    """Run every stage and publish the release; returns the (local) release directory. The work dir and the
    release version are locked for the whole run; unusable or foreign directories are refused before any work. An
    input that could not be read to its end fails the run (IncompleteInputError) unless `allow_incomplete`: then
    the manifest and card list it. An s3:// work dir or release root runs through local copies in a new temporary
    directory inside `cache` (the system's when None), which the caller removes; the returned release is then the
    local copy (see _run_on_s3)."""
    if storage.is_s3(out_root) or storage.is_s3(work_dir):
        return _run_on_s3(config, inputs, str(out_root), str(work_dir), executor, overwrite, allow_incomplete,
                          Path(tempfile.mkdtemp(prefix="miner-s3-", dir=cache)))
    return _run_local(config, inputs, Path(out_root), Path(work_dir), executor, overwrite, allow_incomplete)


def _run_local(config: PipelineConfig, inputs: list[str], out_root: Path, work_dir: Path, executor,
               overwrite: bool, allow_incomplete: bool, sync: Callable[[], None] = lambda: None) -> Path:
    release_dir = check_release_root(out_root, config.version)
    check_work_dir(work_dir)
    with locked(work_dir / ".lock", f"work dir {work_dir}"), \
            locked(out_root / f".lock-{config.version}", f"release {release_dir}"):
        return _run_stages(config, inputs, release_dir, work_dir, executor, overwrite, allow_incomplete, sync)


def _run_on_s3(config: PipelineConfig, inputs: list[str], out_root: str, work_dir: str, executor,
               overwrite: bool, allow_incomplete: bool, cache: Path) -> Path:
    """The run on local directories in `cache`: an s3 work dir is restored into it first and pushed after every
    stage (and when the run stops, finished or not); an s3 release is checked against the version the bucket
    holds (the local rules of publish.py apply), built and verified locally, then uploaded, `latest` last."""
    mirror = None
    if storage.is_s3(work_dir):
        mirror = storage.WorkMirror(work_dir, cache / "work")
        mirror.restore()
    local_out = cache / "releases" if storage.is_s3(out_root) else Path(out_root)
    if storage.is_s3(out_root):
        storage.pull_version(out_root, config.version, local_out)
    before = read_manifest(local_out / config.version)
    try:
        release = _run_local(config, inputs, local_out, mirror.local if mirror else Path(work_dir), executor,
                             overwrite, allow_incomplete, mirror.push if mirror else lambda: None)
    finally:
        if mirror:
            mirror.push()
    if storage.is_s3(out_root):
        problems = verify(release)
        if problems:
            raise storage.StorageError(f"release {release} failed verification, not uploaded: {problems[0]}")
        storage.publish_release(release, out_root, keep_audit=same_data(before, read_manifest(release)))
        print(f"[release] uploaded to {out_root}/{release.name} ({out_root}/{storage.LATEST} names it)", flush=True)
    return release


def _run_stages(config: PipelineConfig, inputs: list[str], release_dir: Path, work_dir: Path, executor,
                overwrite: bool, allow_incomplete: bool, sync: Callable[[], None]) -> Path:
    inputs = expand_inputs(inputs)
    sizes = {p: input_size(p) for p in inputs}
    run = Run(config, sizes, work_dir, executor, overwrite=overwrite, sync=sync)
    _log_to(work_dir / "run.log")
    input_key = json.dumps(sorted(sizes.items())) + (" allow-incomplete" if allow_incomplete else "")

    def ingest_units() -> list[dict]:
        done = run.map_units("ingest", ingest.run_unit, [(config, work_dir, *unit) for unit in units],
                             lambda t: work_dir / "stats" / f"ingest-{t[2]}.json", total_bytes=sum(sizes.values()))
        ingest.check_complete(work_dir, allow_incomplete)
        return done

    units = ingest.plan_units(sizes, config.ingest.chunk_bytes)
    h_ingest = run.stage(
        "ingest", STAGE_FIELDS["ingest"], input_key,
        ["documents", "dropped/ingest-*", "stats/ingest-*", "checkpoints", "incomplete"], ingest_units)

    h_dedup = run.stage("dedup", STAGE_FIELDS["dedup"], h_ingest, ["dedup", "dropped/dedup-*", "stats/dedup-*"],
                        lambda: _dedup(run))

    h_prompts = run.stage(
        "prompts", STAGE_FIELDS["prompts"], h_dedup,
        ["candidates", "texts", "prompt-signatures", "dropped/prompts-*", "stats/prompts-*"],
        lambda: run.map_units("prompts", prompts.run_unit, [(config, work_dir, u[0]) for u in units],
                              lambda t: work_dir / "stats" / f"prompts-{t[2]}.json", config.scoring.num_gpus))

    cells_path = work_dir / "sample" / "cells.json"
    h_sample = run.stage("sample", STAGE_FIELDS["sample"], h_prompts, ["sample", "dropped/sample.parquet"],
                         lambda: _sample(run, config, work_dir, cells_path))

    run.stage("release", STAGE_FIELDS["release"], h_sample + str(release_dir.resolve()), [],
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


def _dedup(run: Run) -> list[dict]:
    """Clustering as tasks on the executor (miner.dedup.tasks: band keys per ingest unit, exact groups and
    buckets per partition, then components), then one task per ingest unit writes that unit's removal and
    dropped/ files (miner.dedup.removal). Every task marks itself done: a killed run resumes per task."""
    config, work_dir = run.config, run.work_dir
    parts = sorted((work_dir / "documents").glob("part-*.parquet"))
    if not config.dedup.enabled or not parts:
        return [{}]
    from .dedup.clusters import make_job
    from .dedup.removal import removal_unit, unit_of

    documents = sum(v for k, v in run.stats["ingest"].counts.items() if k.startswith("kept/"))
    job = make_job([str(p) for p in parts], str(work_dir / "dedup"), ingest.dedup_params(config), None,
                   config.dedup.memory_limit, partitions=_partitions(run, work_dir / "dedup", documents))
    files: dict[str, list[int]] = {}
    for index, part in enumerate(parts):  # units own contiguous ranges of the sorted part files
        files.setdefault(unit_of(part), []).append(index)
    removed = work_dir / "dedup" / "removed.parquet"
    counts = _cluster(run, "dedup", job, files, work_dir / "dedup" / "clusters.parquet", removed)
    tasks = [(work_dir, str(removed), unit, [str(parts[i]) for i in indices], indices[0])
             for unit, indices in files.items()]
    return [{f"dedup/{k}": v for k, v in counts.items()},
            *run.map_units("dedup", removal_unit, tasks, lambda t: work_dir / "stats" / f"dedup-{t[2]}.json",
                           tolerate=False)]


def _partitions(run: Run, scratch: Path, rows: int) -> int:
    """A clustering's key partitions, chosen once (partitions_for) and kept in scratch/partitions.json: a resumed
    run must use the partitions its finished tasks used, whatever its worker count."""
    from .dedup.tasks import partitions_for

    chosen = scratch / "partitions.json"
    if not chosen.exists():
        write_json(chosen, partitions_for(rows, getattr(run.executor, "workers", 1)))
    return int(read_json(chosen))


def _cluster(run: Run, name: str, job, files: dict[str, list[int]], out: Path, removed: Path | None) -> dict:
    """A clustering (miner.dedup.tasks: keys per group of input files, exact groups and buckets per partition,
    then components) as tasks on the executor, each marked done so a killed run resumes per task. `files` maps
    each key task to the indices of its input files. Returns the clustering's counts."""
    from .dedup.tasks import cluster_task, done_path, steps, task_name
    from .plan import memory_bytes

    memory = int(memory_bytes(run.config.dedup.memory_limit)) + 2**30  # DuckDB's limit + Python (as in miner plan)
    for step, fn, tasks in steps(job, files):
        run.map_units(f"{name}-{step}", fn, tasks, lambda t, step=step: done_path(job, task_name(step, t)),
                      memory_bytes=memory, tolerate=False)
    [counts] = run.map_units(f"{name}-cluster", cluster_task, [(job, str(out), str(removed) if removed else None)],
                             lambda t: done_path(job, "cluster"), memory_bytes=memory, tolerate=False)
    return counts


def _sample(run: Run, config: PipelineConfig, work_dir: Path, cells_path: Path) -> list[dict]:
    stats = Stats()
    candidates = str(work_dir / "candidates" / "*.parquet")
    excluded = work_dir / "sample" / "excluded.parquet"  # a file, not a bound SQL parameter
    stats.drop("sample", "near_duplicate_prompt", _prompt_dedup(run, work_dir, candidates, excluded))
    selected = work_dir / "sample" / "selected.parquet"
    if prompts.defers_precise(config):  # precise scores in sampling order, only as many as the quotas need
        walk = Rounds(config, work_dir, run.map_units)
        write_pool(candidates, walk.pool, config.languages, config.seed, exclude=str(excluded))
        prefix, n_rounds = walk.walk()
        stats.add("rounds/walk", n_rounds)
        scored = work_dir / "sample" / "scored-pool.parquet"
        walk.write_scored_pool(prefix, scored)
        cells = sample(str(scored), selected, config.sampling, config.languages, config.seed)
        walk.finish(selected)
        walk.attach_scores(selected)
        stats.add("rounds/pool", sum(walk.totals().values()))
        stats.add("rounds/scored_prefix", sum(prefix.values()))
        if config.scoring.skip_below is not None:
            audit = walk.audit(prefix)
            stats.add("rounds/skipped", audit["skipped"])
            stats.add("rounds/skipped_precise_texts", audit["skipped_precise_texts"])
    else:
        cells = sample(candidates, selected, config.sampling, config.languages, config.seed, exclude=str(excluded))
        attach_candidate_scores(work_dir, selected)
    write_json(cells_path, [c.__dict__ | {"shortfall": c.shortfall} for c in cells])
    for c in cells:
        stats.add(f"sample/{c.split}/selected", c.selected)
        stats.add(f"sample/{c.split}/shortfall", c.shortfall)
        stats.add(f"sample/{c.split}/filled", c.filled)
    return [stats.as_dict(), *(read_json(p) for p in sorted((work_dir / "sample" / "rounds").glob("*/done-*.json")))]


def _prompt_dedup(run: Run, work_dir: Path, candidates: str, excluded: Path) -> int:
    """Release-wide prompt dedup (miner.dedup.prompts) over the prompt signatures the prompts units wrote, as
    clustering tasks on the executor; writes the excluded prompt ids and their dropped/ rows. Returns how many."""
    from .dedup.clusters import make_job
    from .dedup.prompts import PROMPT_PARAMS, write_prompt_drops
    from .sampling import bounded_connection

    signatures = sorted(str(p) for p in (work_dir / "prompt-signatures").glob("*.parquet"))
    dropped = work_dir / "dropped" / "sample.parquet"
    prompts = sum(pq.read_metadata(p).num_rows for p in signatures)
    if not prompts:
        write_parquet(excluded, pa.table({"prompt_id": pa.array([], pa.string())}))
        write_parquet(dropped, table("dropped", []))
        return 0
    scratch = work_dir / "sample" / "prompt-dedup"
    job = make_job(signatures, str(scratch), PROMPT_PARAMS, None, run.config.dedup.memory_limit,
                   partitions=_partitions(run, scratch, prompts))
    clusters = scratch / "clusters.parquet"
    _cluster(run, "prompt-dedup", job, {f"{i:05d}": [i] for i in range(len(signatures))}, clusters, None)
    con = bounded_connection(scratch / "duckdb", run.config.dedup.memory_limit)
    try:
        return write_prompt_drops(con, clusters, candidates, excluded, dropped)
    finally:
        con.close()


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
    incomplete = ingest.incomplete_inputs(run.work_dir)
    if incomplete:  # only with --allow-incomplete (the run fails otherwise)
        manifest["incomplete"] = incomplete
    manifest["scoring"] = {"scope": config.scoring.scope,
                           "texts_first_pass": counts.get("scoring/texts_first_pass", 0),
                           "texts_precise": counts.get("scoring/texts_precise", 0),
                           "precise": config.scoring.precise.name if config.scoring.precise else None}
    if config.scoring.skip_below is not None:
        manifest["scoring"]["skip_below"] = read_json(skip_audit_path(run.work_dir))
    template = (schema_dir() / "card_template.md").read_text(encoding="utf-8")
    card = dataset_card(template, config.name, config.version, list(config.languages), splits, manifest)
    if incomplete:
        card += ("\n## Incomplete release\n\nBuilt with `--allow-incomplete`: these inputs could not be read to "
                 "their end, and the records after the offset given were not read:\n\n" +
                 "".join(f"- `{e['input']}`: {e['reason']} at byte {e['offset']}\n" for e in incomplete))
    staged = staging_dir(release_dir)
    try:
        write_release(staged, rows, cells, manifest, card, config.release.exports)
        replaced = previous_release(release_dir, manifest, run.overwrite)
    except BaseException:
        shutil.rmtree(staged)
        raise
    if replaced is not None:  # --overwrite of different data: say so in the release itself
        manifest["replaced"] = replaced
        manifest["digest"] = manifest_digest(manifest)
        write_json(staged / "manifest.json", manifest)
        print(f"[release] replacing the different release at {release_dir} (--overwrite)", flush=True)
    publish(staged, release_dir)
    print(f"[release] published {rows.num_rows} prompts to {release_dir}", flush=True)
    return {"release/prompts": rows.num_rows}
