"""What `miner plan` multiplies: per-document figures of a corpus and the precise scorer's cost per text.

Each figure carries its source, and the plan prints it. Corpus figures (CPU and bytes per input document of the
ingest and prompts stages, keep rate, candidates, language and band shares, text lengths, rarest-bin prevalence)
come from `plan-defaults.json` (`make plan-defaults`: the real pipeline on the real pages of ../shared/data), or
from a previous run's work dir (`--from-run RUNDIR`), never from the demo corpus. The precise scorer's CPU seconds
per text, by language and length, come from `bench-scorer.json` (`make bench-scorer`). When a file is absent the
documented fallbacks below are used, and the source says so.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from pathlib import Path

from .config import ConfigError, PipelineConfig

PLAN_DEFAULTS = "plan-defaults.json"
SCORER_SPEED = "bench-scorer.json"
KINDS = ("document", "prompt", "continuation")
# the stages whose cost follows the documents' HTML and text, and the work-dir folders they write
STAGE_OUTPUTS = {"ingest": ["documents"], "prompts": ["candidates", "texts", "prompt-signatures"]}
PER_DOC_STAGES = tuple(STAGE_OUTPUTS)
HIST_BINS = 20  # first-pass histograms: shares in 20 bins of 0.05 over [0, 1]
MIN_RAREST = 10  # scored basis texts a language's rarest bin must hold before its share counts as measured
# e5-tox (96-token window) texts per CPU-second over the 17 languages at 100 / 300 / 1,000 characters:
# bench-scorer.md of 2026-12-03 ("after" column), for when bench-scorer.json is absent.
FALLBACK_E5_SPEED = {100: 18.4, 300: 7.76, 1000: 6.95}


class PlanError(ConfigError):
    """The planner cannot estimate (no benchmark results, or results it cannot read)."""


@dataclass(frozen=True)
class Corpus:
    """Per-document figures of a corpus, each group with where it comes from."""

    source: str
    input_bytes_per_doc: float
    cpu_s_per_doc: dict[str, float]        # stage (ingest, prompts) -> CPU seconds per input document
    disk_bytes_per_doc: dict[str, float]   # stage -> output bytes per input document
    keep_rate: float                       # documents kept after dedup / HTML records
    candidates_per_kept_doc: float
    lang_share: dict[str, float]           # share of the candidates per language ("*": each language not listed)
    lang_source: str
    band_share: dict[str, float]           # kind -> share of first-pass scores inside refine_band
    chars: dict[str, float]                # kind -> median length in characters
    rarest_bin_share: dict[str, float]     # language ("*": the rest) -> share of its basis scores in its rarest bin
    rarest_source: str
    first_pass_hist: dict[str, list[float]] = field(default_factory=dict)  # kind -> shares in HIST_BINS bins

    def per_lang(self, table: dict[str, float], lang: str) -> float:
        return table.get(lang, table.get("*", 0.0))

    @property
    def candidates_per_doc(self) -> float:
        """Candidates per input document: the documents kept, times each one's candidates."""
        return self.keep_rate * self.candidates_per_kept_doc

    def share_between(self, kind: str, low: float, high: float) -> float | None:
        """Share of `kind`'s first-pass scores in [low, high] (bins split in proportion), None without a
        histogram."""
        hist = self.first_pass_hist.get(kind)
        if not hist:
            return None
        width = 1 / len(hist)
        return sum(share * max(0.0, min(high, (i + 1) * width) - max(low, i * width)) / width
                   for i, share in enumerate(hist))


def first_pass_histogram(con, pool: str) -> dict[str, list[float]]:
    """Per kind, the shares of a pool's first-pass scores in HIST_BINS equal bins over [0, 1] (`pool`: a DuckDB
    relation such as read_parquet('.../sample/pool.parquet'))."""
    out = {}
    for kind in KINDS:
        rows = dict(con.execute(f"SELECT least(floor({kind}_first_pass * {HIST_BINS}), {HIST_BINS - 1})::INT, "
                                f"count(*) FROM {pool} WHERE {kind}_first_pass IS NOT NULL GROUP BY ALL").fetchall())
        total = sum(rows.values()) or 1
        out[kind] = [round(rows.get(i, 0) / total, 6) for i in range(HIST_BINS)]
    return out


@dataclass(frozen=True)
class ScorerSpeed:
    """CPU seconds per text of the precise scorer, piecewise-linear in characters, flat outside the measured
    lengths (e5-tox reads a token window, so a 6,000-character document costs what a 1,000-character one does)."""

    source: str
    points: dict[str, list[tuple[float, float]]]  # language ("*": any other) -> sorted (chars, seconds per text)

    def seconds(self, lang: str, chars: float) -> float:
        pts = self.points.get(lang) or self.points["*"]
        if chars <= pts[0][0]:
            return pts[0][1]
        for (x0, y0), (x1, y1) in zip(pts, pts[1:]):
            if chars <= x1:
                return y0 + (y1 - y0) * (chars - x0) / (x1 - x0)
        return pts[-1][1]


# The committed plan-defaults.md of 2026-12-03 (pages.warc.gz, 93 real pages), for when the file is absent.
FALLBACK_CORPUS = Corpus(
    source="fallback: plan-defaults.md of 2026-12-03 (make plan-defaults on ../shared/data/extraction, 93 real "
           "pages), as documented in miner/plan_inputs.py; plan-defaults.json not found",
    input_bytes_per_doc=44_732.0, cpu_s_per_doc={"ingest": 0.010754, "prompts": 0.002137},
    disk_bytes_per_doc={"ingest": 5513.5, "prompts": 7388.3}, keep_rate=0.9677, candidates_per_kept_doc=1.0,
    lang_share={"*": 1 / 17}, lang_source="1/17 of the candidates per language, the 17 PTP languages equally (the real "
    "pages are a hand-picked test set, not a crawl's mix: pass --from-run of a run on your crawl)",
    band_share={"document": 0.7444, "prompt": 0.5778, "continuation": 0.7778},
    chars={"document": 6149, "prompt": 962, "continuation": 958},
    rarest_bin_share={"*": 0.001063}, rarest_source="PTP's implied top-bin prevalence (NOTES.md section 1)",
    first_pass_hist={  # shares in 20 bins of 0.05
        "document": [0.011111, 0.244444, 0.311111, 0.188889, 0.133333, 0.022222, 0.033333, 0.011111, 0.011111, 0.011111,
                0.0, 0.0, 0.011111, 0.011111, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0],
        "prompt": [0.055556, 0.366667, 0.244444, 0.1, 0.055556, 0.055556, 0.055556, 0.011111, 0.011111, 0.011111, 0.0,
                0.011111, 0.022222, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0],
        "continuation": [0.033333, 0.188889, 0.3, 0.2, 0.122222, 0.044444, 0.033333, 0.011111, 0.033333, 0.011111, 0.0, 0.0,
                0.011111, 0.011111, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0],
    })


def results_file(bench_json: Path, name: str) -> dict | None:
    """Another results file beside bench.json; None when absent or unreadable (its fallback is then used)."""
    path = bench_json.with_name(name)
    try:
        return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else None
    except (OSError, json.JSONDecodeError):
        return None


def corpus_defaults(report: dict | None, path: Path) -> Corpus:
    """The Corpus plan-defaults.json measured, else FALLBACK_CORPUS. The real pages' language mix is a hand-picked
    test set, so candidates are spread evenly over the 17 PTP languages; rarest bins 93 pages cannot estimate
    take the file's documented default."""
    if report is None:
        return FALLBACK_CORPUS
    try:
        costs, default = report["costs"], report["rarest_bin_default"]
        return Corpus(
            source=f"{path} ({report['date'][:10]}, {report['html_records']} real pages of {report['input']})",
            input_bytes_per_doc=float(report["input_bytes_per_doc"]), cpu_s_per_doc=costs["cpu_s_per_doc"],
            disk_bytes_per_doc=report["disk_bytes_per_doc"], keep_rate=float(report["keep_rate"]),
            candidates_per_kept_doc=float(report["candidates_per_kept_doc"]), lang_share={"*": 1 / 17},
            lang_source=FALLBACK_CORPUS.lang_source, band_share=report["band_share"],
            chars=report["median_chars"], rarest_bin_share={**report["rarest_bin_share"], "*": default["share"]},
            rarest_source=f"{report['rarest_bin_note']}: {default['source']}",
            first_pass_hist=report.get("first_pass_histogram", {}))
    except (KeyError, TypeError, ValueError) as exc:
        raise PlanError(f"{path} is malformed ({exc!r}): run `make plan-defaults` again") from None


def scorer_speed(name: str, report: dict | None, path: Path, flat_rate: float, flat_source: str) -> ScorerSpeed:
    """Per-language, per-length seconds per text for e5-tox from bench-scorer.json ("after": the shipped token
    window); FALLBACK_E5_SPEED without it; other scorers at one flat rate (`flat_rate` texts/s, any length)."""
    if name != "e5-tox":
        return ScorerSpeed(f"{flat_rate:g} texts/CPU-s at any length ({flat_source})", {"*": [(1.0, 1 / flat_rate)]})
    if report is None:
        return ScorerSpeed(f"fallback: bench-scorer.md of 2026-12-03, all languages ({path.name} not found)",
                           {"*": [(float(c), 1 / r) for c, r in sorted(FALLBACK_E5_SPEED.items())]})
    try:
        after = report["rates"]["after"]
        points = {lang: sorted((float(c), 1 / cell["texts_per_cpu_s"]) for c, cell in cells.items())
                  for lang, cells in after.items()}
        lengths = sorted({c for cells in after.values() for c in cells}, key=float)
        points["*"] = [(float(c), sum(after[lang][c]["cpu_s"] for lang in after) /
                        sum(after[lang][c]["texts"] for lang in after)) for c in lengths]
    except (KeyError, TypeError, ValueError, ZeroDivisionError) as exc:
        raise PlanError(f"{path} is malformed ({exc!r}): run `make bench-scorer` again") from None
    return ScorerSpeed(f"{path} ({report.get('date', '?')[:10]}: e5-tox max_tokens=96, per language at "
                       f"{'/'.join(lengths)} characters, interpolated)", points)


def corpus_from_run(run_dir: str | Path, config: PipelineConfig, defaults: Corpus) -> Corpus:
    """The Corpus a finished run measured (its work dir): CPU per input document of ingest (less the units' model
    loading) and prompts from cost.json, their output bytes, keep rate, candidates, language and band shares and
    lengths from its files, the rarest bin per language from its scored pool (scope needed) where it holds at
    least MIN_RAREST texts, else `defaults`'."""
    import duckdb

    from .sampling import bucket_sql

    run = Path(run_dir)
    try:
        stats = {s: json.loads((run / "markers" / f"{s}.json").read_text())["stats"] for s in ("ingest", "dedup")}
        cost = json.loads((run / "cost.json").read_text())
        setup = json.loads((run / "timings.json").read_text())["ingest_cpu_seconds"].get("setup", 0.0)
        records = stats["ingest"]["records/documents"]
    except (OSError, json.JSONDecodeError, KeyError) as exc:
        raise PlanError(f"--from-run {run}: not a finished run's work dir ({exc})") from None
    pool, scored = run / "sample" / "pool.parquet", run / "sample" / "scored-pool.parquet"
    if not scored.is_file():
        raise PlanError(f"--from-run {run}: the run did not precise-score with scoring.scope needed "
                        "(no sample/scored-pool.parquet)")
    basis = {"document": "document_toxicity", "prompt": "prompt_toxicity"}[config.sampling.bucket_basis]
    low, high = (float(x) for x in config.scoring.refine_band)
    con = duckdb.connect()
    langs = dict(con.execute(f"SELECT lang, count(*) FROM read_parquet('{pool}') GROUP BY lang").fetchall())
    band = dict(zip(KINDS, con.execute("SELECT " + ", ".join(
        f"avg(({k}_first_pass BETWEEN {low!r} AND {high!r})::INT)" for k in KINDS) + f" FROM read_parquet('{pool}')"
    ).fetchall()[0]))
    chars = dict(zip(KINDS, con.execute(
        f"SELECT (SELECT median(length(text)) FROM read_parquet('{run / 'texts' / '*.parquet'}')), "
        f"median(length(prompt)), median(length(continuation)) FROM read_parquet('{run / 'candidates' / '*.parquet'}')"
    ).fetchall()[0]))
    bins = con.execute(f"SELECT lang, {bucket_sql(basis, config.sampling.bins)}, count(*) FROM "
                       f"read_parquet('{scored}') GROUP BY ALL").fetchall()
    hist = first_pass_histogram(con, f"read_parquet('{pool}')")
    con.close()
    counts = {lang: [0] * (len(config.sampling.bins) - 1) for lang in langs}
    for lang, b, n in bins:
        counts[lang][b] = n
    rarest = {lang: min(c) / sum(c) for lang, c in counts.items() if min(c) >= MIN_RAREST}
    kept = stats["dedup"].get("dedup/kept") or sum(v for k, v in stats["ingest"].items() if k.startswith("kept/"))
    stage_cpu = {s: cost["stages"].get(s, {}).get("cpu_s", 0.0) for s in PER_DOC_STAGES}
    stage_cpu["ingest"] -= setup
    total = sum(langs.values()) or 1
    return replace(
        defaults, source=f"run {run} ({records:,} HTML records; cost.json CPU less the ingest setup phase)",
        input_bytes_per_doc=stats["ingest"].get("input/bytes", 0) / max(records, 1),
        cpu_s_per_doc={s: c / max(records, 1) for s, c in stage_cpu.items()},
        disk_bytes_per_doc={s: sum(dir_bytes(run / d) for d in dirs) / max(records, 1)
                            for s, dirs in STAGE_OUTPUTS.items()},
        keep_rate=kept / max(records, 1), candidates_per_kept_doc=total / max(kept, 1),
        lang_share={lang: n / total for lang, n in langs.items()}, lang_source=f"run {run}",
        band_share={k: float(v or 0.0) for k, v in band.items()}, chars={k: float(v or 0.0) for k, v in chars.items()},
        rarest_bin_share={**rarest, "*": defaults.per_lang(defaults.rarest_bin_share, "*")}, first_pass_hist=hist,
        rarest_source=(f"run {run} for {sorted(rarest)}; " if rarest else "")
        + f"languages with < {MIN_RAREST} scored texts in their rarest bin: {defaults.rarest_source}")


def dir_bytes(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) if path.exists() else 0
