"""Cost planner: core-hours, GPU-hours, disk and peak memory per stage for N documents, before running anything.

Every figure is a measurement, printed with its source (miner.plan_inputs):
- per input document, the ingest and prompts stages' CPU and output bytes, the input bytes, keep rate, candidates,
  band shares, text lengths and rarest-bin prevalence: `plan-defaults.json` (`make plan-defaults`, the real
  pipeline on real pages), or a previous run (`--from-run RUNDIR`);
- the precise scorer's CPU seconds per text by language and length: `bench-scorer.json` (`make bench-scorer`);
- what only the end-to-end benchmark measures: `bench.json` (`make bench`): start-up seconds, the driver stages
  (dedup, sample, release) and peak memory; dedup interpolated through `bench-dedup.json` (1M and 20M documents).
Precise texts follow the scope: `needed` walks each language's candidates until the rarest bin holds its quota
(quota / prevalence), `all` scores every text in refine_band. Wall times assume the cores are not shared.
"""
from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from .config import ConfigError, PipelineConfig, load_config
from .plan_inputs import (KINDS, PER_DOC_STAGES, PLAN_DEFAULTS, SCORER_SPEED, Corpus, PlanError, ScorerSpeed,
                          corpus_defaults, corpus_from_run, results_file, scorer_speed)
from .sampling import MEMORY_LIMIT as SAMPLE_MEMORY_LIMIT

RESULTS = Path("tests") / "benchmarks" / "results" / "bench.json"
DEDUP_RESULTS = "bench-dedup.json"
SAMPLE_RESULTS = "bench-sample.json"  # the sample stage's driver peak RSS at 1M and 4M candidates
SCORER_RESULTS = "eval-scorer.json"  # texts per CPU-second of each shipped scorer, measured by `make eval-scorer`
# Documented defaults for precise scorers without a measured rate: an XLM-R-base-sized classifier at <= 512
# tokens, fp16, batch 64 on one T4-class GPU scores about 300 texts/s; on one CPU core (NOTES.md, measured here)
# Detoxify XLM-R base does 10-30 texts/s.
DEFAULT_GPU_TEXTS_PER_S = 300.0
DEFAULT_CPU_TEXTS_PER_S = {"detoxify": 20.0}
FALLBACK_CPU_TEXTS_PER_S = 20.0
WORKER_COUNTS = (1, 2, 8, 32, 128)


def reaching_share(config: PipelineConfig, corpus: Corpus, kind: str) -> tuple[float, str | None]:
    """Share of `kind`'s texts whose first-pass score sends them to the precise scorer, and a note. Exact: those in
    refine_band. With `scoring.skip_below` t, the walk's basis texts below t are skipped once the low bins are full
    (early: they hold most of a crawl), so only [max(low, t), high] counts; the longer walk the top bin then needs
    (it loses the members the first pass scores below t: 0.3% at t = 0.25 by make eval-skip-below) is left out."""
    low, high = (float(x) for x in config.scoring.refine_band)
    t = config.scoring.skip_below
    if t is None or kind != config.sampling.bucket_basis:
        return corpus.band_share[kind], None
    share = corpus.share_between(kind, max(low, t), high)
    if share is None:
        return corpus.band_share[kind], (f"scoring.skip_below {t:g}: no first-pass histogram in the corpus figures, "
                                         "so the walk is counted as exact (run `make plan-defaults` again)")
    return share, (f"scoring.skip_below {t:g}: {share:.1%} of the {kind}s' first-pass scores lie in "
                   f"[{max(low, t):g}, {high:g}] (exact walk: {corpus.band_share[kind]:.1%} in refine_band)")


def precise_texts(config: PipelineConfig, docs: int, corpus: Corpus) -> tuple[dict[tuple[str, str], float], str]:
    """{(kind, language): texts the precise scorer sees} and how they were counted. Only first-pass scores inside
    refine_band reach it. scope all: every document, prompt and continuation. scope needed: per language the walk
    scores the basis texts of quota / (rarest bin's share) candidates (10% spare for the rounds' overshoot),
    capped by the pool, then the other two kinds of the selected rows."""
    n_bins = len(config.sampling.bins) - 1
    splits = config.sampling.splits.values()
    need = sum(s.cell_quota(n_bins) for s in splits if not s.subset_of)
    rows = max((s.cell_quota(n_bins) for s in splits), default=0) * n_bins
    basis = config.sampling.bucket_basis
    texts, capped = {}, []
    reach = {kind: reaching_share(config, corpus, kind) for kind in KINDS}
    for lang in config.languages:
        pool = docs * corpus.candidates_per_doc * corpus.per_lang(corpus.lang_share, lang)
        if config.scoring.scope == "all":
            walked, selected = pool, pool
        else:
            rarest = max(corpus.per_lang(corpus.rarest_bin_share, lang), 1e-9)
            walked = min(pool, 1.1 * need / rarest)
            selected = min(pool, rows)
            if walked >= pool:
                capped.append(lang)
        for kind in KINDS:
            per_row = 1 / corpus.candidates_per_kept_doc if kind == "document" else 1.0
            count = walked if config.scoring.scope == "all" or kind == basis else selected
            texts[(kind, lang)] = reach[kind][0] * count * per_row
    how = ("scope all: every text in refine_band" if config.scoring.scope == "all" else
           f"scope needed: quota {need:,} per bin per language / rarest bin's share; "
           + (f"the pool runs out before the quota in {len(capped)} of {len(config.languages)} languages "
              f"({', '.join(capped)}): every candidate's {basis} in the band is scored there" if capped else
              "every language stops before its pool runs out"))
    how += "".join(f"; {note}" for _, note in reach.values() if note)
    return texts, how


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
    """Piecewise-linear through the points, extended linearly past the largest; below the smallest, its value
    (small runs cost their fixed part: a line through 10K and 1M documents goes negative at 2K)."""
    pts = sorted(points)
    if len(pts) == 1:
        return pts[0][1] * x / pts[0][0] if pts[0][0] else pts[0][1]
    if x < pts[0][0]:
        return pts[0][1]
    segments = list(zip(pts, pts[1:]))
    for i, ((x0, y0), (x1, y1)) in enumerate(segments):
        if x <= x1 or i == len(segments) - 1:
            slope = (y1 - y0) / (x1 - x0) if x1 != x0 else 0.0
            return max(y0 + slope * (x - x0), 0.0)
    raise AssertionError("unreachable")


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
    return rates_from_report(report, results_file(path, DEDUP_RESULTS), str(path), results_file(path, SCORER_RESULTS))


def precise_speed(config: PipelineConfig, rates: Rates, results: Path) -> ScorerSpeed | None:
    """The precise scorer's CPU seconds per text: bench-scorer.json for e5-tox, else eval-scorer.json's flat rate
    or the documented default (None without a precise scorer)."""
    precise = config.scoring.precise
    if precise is None:
        return None
    known = rates.scorer_rates.get(precise.name, {}).get("cpu_texts_per_s")
    flat = known or DEFAULT_CPU_TEXTS_PER_S.get(precise.name, FALLBACK_CPU_TEXTS_PER_S)
    return scorer_speed(precise.name, results_file(results, SCORER_SPEED), results.with_name(SCORER_SPEED), flat,
                        f"measured, {SCORER_RESULTS}" if known else "documented default")


def estimate(config: PipelineConfig, docs: int, rates: Rates, corpus: Corpus | None = None,
             speed: ScorerSpeed | None = None) -> Plan:
    """Per-stage costs of running `config` on `docs` input documents. Without `corpus` the ingest and prompts
    stages cost what bench.json measured on its own corpus (for validating the benchmark; no precise scorer)."""
    if docs <= 0:
        raise PlanError(f"--docs must be a positive number of documents, got {docs}")
    notes = []
    ours = {"extractor": config.ingest.extractor, "first_pass": config.scoring.first_pass.name}
    for key, value in ours.items():
        benched = rates.bench_config.get(key)
        if key in rates.bench_config and benched != value:
            notes.append(f"config {key} is {value!r} but the benchmark measured {benched!r}: its rates may differ")
    precise = config.scoring.precise
    gpus = config.scoring.num_gpus if precise else 0.0
    precise_cpu = precise_gpu = 0.0
    if precise:
        if corpus is None or speed is None:
            raise PlanError("a precise scorer's cost needs corpus figures and the scorer's speed")
        texts, how = precise_texts(config, docs, corpus)
        precise_cpu = sum(n * speed.seconds(lang, corpus.chars[kind]) for (kind, lang), n in texts.items())
        total = sum(texts.values())
        by_kind = ", ".join(f"{kind} {sum(n for (k, _), n in texts.items() if k == kind):,.0f} "
                            f"(median {corpus.chars[kind]:,.0f} chars)" for kind in KINDS)
        notes.append(f"precise scorer {precise.name}: {total:,.0f} texts ({by_kind}); {how}")
        notes.append(f"  its CPU per text: {speed.source}")
        if gpus > 0:
            rate = rates.scorer_rates.get(precise.name, {}).get("gpu_texts_per_s", DEFAULT_GPU_TEXTS_PER_S)
            precise_gpu, precise_cpu = total / rate, 0.0
            notes.append(f"  on GPU at {rate:g} texts/s per GPU, {gpus:g} GPU(s) per unit")

    stages = []
    for name, s in rates.stages.items():
        fixed = float(s.get("fixed_seconds", 0.0))
        per_doc, disk_per_doc = float(s["core_seconds_per_doc"]), float(s.get("disk_bytes_per_doc", 0.0))
        if corpus is not None and name in PER_DOC_STAGES:
            per_doc, disk_per_doc = corpus.cpu_s_per_doc[name], corpus.disk_bytes_per_doc[name]
        core, disk = fixed + docs * per_doc, docs * disk_per_doc
        memory, basis = float(s.get("peak_rss_bytes", 0)), "per worker" if s.get("parallel") else "driver"
        if name == "dedup" and rates.dedup_points:
            measured_here = (rates.documents, fixed + per_doc * rates.documents, memory)
            points = [measured_here, *rates.dedup_points]
            core = _interpolate([(d, t) for d, t, _ in points], docs)
            memory = _interpolate([(d, m) for d, _, m in points], docs)
            basis = "driver, interpolated via bench-dedup.json"
            cap = memory_bytes(config.dedup.memory_limit) + 2**30  # DuckDB spills past its limit; + Python
            if docs > max(d for d, _, _ in points) and memory > cap:
                memory, basis = cap, f"driver: dedup.memory_limit {config.dedup.memory_limit} + 1 GiB"
        elif name == "release" and rates.release_rows and rates.candidates_per_doc:
            # a release holds the prompts its quotas ask for, not a share of the crawl
            candidates = corpus.candidates_per_doc if corpus else rates.candidates_per_doc
            rows = min(quota_rows(config), docs * candidates)
            per_row = rates.documents / rates.release_rows
            core = fixed + per_doc * per_row * rows
            disk = disk_per_doc * per_row * rows
            basis = f"driver, as measured at {rates.release_rows:,} prompts"
        elif not s.get("parallel"):
            basis = f"driver, as measured at {rates.documents:,} docs"
        stages.append(StageEstimate(name, bool(s.get("parallel")), core, 0.0, disk, memory, basis,
                                    fixed if name != "dedup" or not rates.dedup_points else 0.0))
        if precise and name == ("sample" if config.scoring.scope == "needed" else "prompts"):
            stages.append(StageEstimate("precise", True, precise_cpu, precise_gpu, 0.0, 0.0,
                                        f"units of the {name} stage"))
    if not rates.dedup_points:
        notes.append("no usable bench-dedup.json beside the results: dedup time is scaled linearly and its memory "
                     "is the benchmark's (run `make bench-dedup` for 1M/20M-document figures)")
    input_bytes = corpus.input_bytes_per_doc if corpus else rates.input_bytes_per_doc
    return Plan(docs, stages, docs * input_bytes, gpus, notes)


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


def format_plan(plan: Plan, rates: Rates, workers: int | None = None, corpus: Corpus | None = None) -> str:
    """Where each figure comes from, the plan as a table with totals, then the wall time on a few worker counts."""
    header = ("stage", "runs on", "core-hours", "GPU-hours", "disk", "peak memory")
    rows = [(s.name, "workers" if s.parallel else "driver", f"{s.core_seconds / 3600:,.2f}",
             f"{s.gpu_seconds / 3600:,.2f}", _size(s.disk_bytes), f"{_size(s.peak_memory_bytes)} ({s.memory_basis})")
            for s in plan.stages]
    rows.append(("total", "", f"{plan.core_hours:,.2f}", f"{plan.gpu_hours:,.2f}", _size(plan.disk_bytes),
                 _size(max((s.peak_memory_bytes for s in plan.stages), default=0)) + " (largest process)"))
    widths = [max(len(r[i]) for r in (header, *rows)) for i in range(len(header))]

    def line(r: tuple[str, ...]) -> str:  # text columns left-aligned, numbers right-aligned
        return "  ".join(c.ljust(w) if i in (0, 1, 5) else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths)))
    sources = [f"  ingest and prompts per document, input bytes, keep rate, shares, lengths: {corpus.source}",
               f"  languages: {corpus.lang_source}", f"  rarest bin: {corpus.rarest_source}"] if corpus else []
    out = [f"plan for {plan.docs:,} documents",
           *sources,
           f"  start-up, dedup, sample and release stages, peak memory: {rates.source}, measured {rates.measured} on "
           f"{rates.documents:,} documents; core-hours = start-up + CPU time of the work units (driver stages: wall "
           "time), on cores not shared with other jobs",
           "", line(header), line(tuple("-" * w for w in widths)), *[line(r) for r in rows], "",
           f"input WARC at {_size(plan.input_bytes / plan.docs)}/document: {_size(plan.input_bytes)}",
           "wall time (parallel stages split over W workers, linear; driver stages serial"
           + (f"; each worker with {plan.gpus_per_unit:g} GPU(s)" if plan.gpus_per_unit else "") + "):"]
    counts = sorted({*WORKER_COUNTS, *([workers] if workers else [])})
    out += [f"  W = {w:>4}: {_duration(plan.wall_seconds(w))}" for w in counts]
    if rates.speedup_2_workers:
        out.append(f"  (measured speedup of 2 workers over 1 on the benchmark machine: {rates.speedup_2_workers}x)")
    out += [f"note: {n}" for n in plan.notes]
    return "\n".join(out)


BIG_RUNS = (100_000_000, 1_000_000_000)  # the run sizes the driver-memory lines extrapolate to


def driver_memory(dedup_report: dict | None, docs: tuple[int, ...] = BIG_RUNS) -> list[str]:
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
    return lines


def sample_memory(report: dict | None, candidates: dict[int, float], memory_limit: str = SAMPLE_MEMORY_LIMIT
                  ) -> list[str]:
    """Lines on the driver's memory in the sample stage: linear through the peaks bench-sample.json measured,
    capped at DuckDB's memory_limit + 1 GiB (past its limit DuckDB spills to the work dir; + Python)."""
    points = sorted((e["candidates"], e["peak_rss_mib"] * 2**20) for e in ((report or {}).get("sizes") or {}).values()
                    if isinstance(e, dict) and isinstance(e.get("candidates"), int)
                    and isinstance(e.get("peak_rss_mib"), (int, float)))
    if len(points) < 2:
        return ["driver memory, sample stage: no points in bench-sample.json (run `make bench-sample`)"]
    cap = memory_bytes(memory_limit) + 2**30
    lines = [f"driver memory, sample stage (measured {_size(points[0][1])} at {points[0][0]:,} and "
             f"{_size(points[-1][1])} at {points[-1][0]:,} candidates; at most its DuckDB memory_limit {memory_limit} "
             "+ 1 GiB, DuckDB spilling past it):"]
    lines += [f"  {docs:,} documents ({n:,.0f} candidates): {_size(min(_interpolate(points, n), cap))}"
              for docs, n in candidates.items()]
    return lines


def plan_main(config_path: str, docs: int, results_path: str | None, workers: int | None = None,
              from_run: str | None = None) -> int:
    """`miner plan CONFIG --docs N [--results FILE] [--workers W] [--from-run RUNDIR]`: print the plan; 2 on a
    problem. plan-defaults.json and bench-scorer.json are read beside the results file."""
    path = Path(results_path) if results_path else default_results_path()
    try:
        config = load_config(config_path)
        rates = load_rates(path)
        corpus = corpus_defaults(results_file(path, PLAN_DEFAULTS), path.with_name(PLAN_DEFAULTS))
        if from_run:
            corpus = corpus_from_run(from_run, config, corpus)
        plan = estimate(config, docs, rates, corpus, precise_speed(config, rates, path))
    except ConfigError as exc:
        print(f"miner plan: {exc}", file=sys.stderr)
        return 2
    print(format_plan(plan, rates, workers, corpus))
    print("\n".join(driver_memory(results_file(path, DEDUP_RESULTS))))
    print("\n".join(sample_memory(results_file(path, SAMPLE_RESULTS), {n: n * corpus.candidates_per_doc
                                                                        for n in BIG_RUNS})))
    return 0
