"""The planner's documented defaults, measured by the real pipeline on real pages (never the demo corpus' mix).

Two runs of `miner.pipeline.run_pipeline`, local executor (every unit in this process, so cost.json's CPU is the
process CPU time of each stage), on /work/shared/data/extraction/pages.warc.gz (93 real HTML pages, 8 languages):
- shares: pipelines/ptp17.yaml as shipped (e5-tox precise, scope needed). With 93 pages every quota is short, so
  the walk precise-scores every candidate's document in refine_band, then the prompts and continuations in the
  band: keep rate, candidates, language shares, text lengths, band shares and bin prevalence come from it.
- costs: the ingest and prompts units (called as the local executor calls them) on the same pages concatenated
  `--copies` and 2 x `--copies` times (gzip members concatenate into a valid WARC), dedup off, first pass only.
  CPU per input document = (unit CPU at 2 x copies - at copies) / the records added: per-unit fixed costs
  (model loading, the last Parquet writes) cancel, and a checkpoint every 1,000 records stays in, as in a large run.
Bin prevalence counts the release score of each scored basis text (sample/scored-pool.parquet: e5-tox where the
first pass lies in refine_band, the first pass elsewhere), as sampling bins it.
Figures 93 pages cannot estimate (the rarest bin per language: toxic pages are rare) are marked, with the default
`miner plan` uses instead and its source.
Usage: .venv/bin/python tests/benchmarks/plan_defaults.py --out tests/benchmarks/results/plan-defaults.json
"""
from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import REPO, SHARED_DATA, command, load_average, machine, machine_line, md_table, now, write_results  # noqa: E402

from miner.plan_inputs import MIN_RAREST, STAGE_OUTPUTS, dir_bytes  # noqa: E402

PAGES = SHARED_DATA / "extraction" / "pages.warc.gz"
PTP_DOCS, PTP_PER_LANG_BIN = 100_000_000, 25_000 // 4
RAREST_DEFAULT = {
    "share": round(PTP_PER_LANG_BIN * 17 / PTP_DOCS, 6),
    "source": "NOTES.md section 1: PTP holds 25K prompts per language (6,250 per language x bin if its 4 bins are "
              "filled evenly) for 17 languages, mined from >100M documents: its top bin is at most "
              "6,250 x 17 / 100M = 0.106% of the documents (an upper bound on the prevalence, i.e. a lower bound "
              "on the cost; PTP also drew on the toxicity-enriched Pile-Curse)"}


def run(config, inputs: list[str], root: Path, name: str) -> Path:
    from miner.executors import LocalExecutor
    from miner.pipeline import run_pipeline

    run_pipeline(config, inputs, root / f"rel-{name}", root / f"work-{name}", LocalExecutor())
    return root / f"work-{name}"


def shares(work: Path, config) -> dict:
    """Everything but CPU, from the ptp17 run's work dir."""
    import duckdb

    from miner.plan_inputs import first_pass_histogram
    from miner.sampling import bucket_sql

    stats = {s: json.loads((work / "markers" / f"{s}.json").read_text())["stats"] for s in ("ingest", "dedup", "prompts")}
    records = stats["ingest"]["records/documents"]
    kept = stats["dedup"].get("dedup/kept", sum(v for k, v in stats["ingest"].items() if k.startswith("kept/")))
    low, high = config.scoring.refine_band
    con = duckdb.connect()
    pool, cands = f"read_parquet('{work / 'sample' / 'pool.parquet'}')", f"read_parquet('{work / 'candidates' / '*.parquet'}')"
    langs = dict(con.execute(f"SELECT lang, count(*) FROM {pool} GROUP BY lang").fetchall())
    band = {kind: con.execute(f"SELECT avg(({kind}_first_pass BETWEEN {low!r} AND {high!r})::INT) FROM {pool}")
            .fetchall()[0][0] for kind in ("document", "prompt", "continuation")}
    lengths = dict(zip(("prompt", "continuation"), con.execute(
        f"SELECT median(length(prompt)), median(length(continuation)) FROM {cands}").fetchall()[0]))
    lengths["document"] = con.execute(f"SELECT median(length(text)) FROM read_parquet('{work / 'texts' / '*.parquet'}')"
                                      ).fetchall()[0][0]
    hist = first_pass_histogram(con, pool)
    n_bins = len(config.sampling.bins) - 1
    bins = {lang: [0] * n_bins for lang in langs}
    for lang, b, n in con.execute(f"SELECT lang, {bucket_sql('document_toxicity', config.sampling.bins)}, count(*) "
                                  f"FROM read_parquet('{work / 'sample' / 'scored-pool.parquet'}') GROUP BY ALL").fetchall():
        bins[lang][b] = n
    con.close()
    total = sum(langs.values())
    pooled = [sum(c[i] for c in bins.values()) for i in range(n_bins)]
    return {
        "html_records": records, "documents_kept": kept, "keep_rate": round(kept / records, 4),
        "candidates": total, "candidates_per_kept_doc": round(total / kept, 4),
        "disk_bytes_per_doc": {s: round(sum(dir_bytes(work / d) for d in dirs) / records, 1)
                               for s, dirs in STAGE_OUTPUTS.items()},
        "lang_share": {lang: round(n / total, 4) for lang, n in sorted(langs.items())},
        "band_share": {k: round(v, 4) for k, v in band.items()},
        "first_pass_histogram": hist,
        "median_chars": {k: int(v) for k, v in lengths.items()},
        "bin_counts": {"edges": list(config.sampling.bins), "by_lang": bins, "all": pooled},
        "rarest_bin_share": {lang: round(min(c) / sum(c), 4) for lang, c in bins.items() if min(c) >= MIN_RAREST},
        "rarest_bin_default": RAREST_DEFAULT,
        "rarest_bin_note": f"measured only where a language's rarest bin holds >= {MIN_RAREST} scored documents; "
                           f"here the pooled counts are {pooled} (rarest {min(pooled)} of {sum(pooled)}), so every "
                           "language takes the default",
        "drops": {k: v for s in stats.values() for k, v in s.items() if k.startswith("dropped/")},
    }


def unit_cpu(config, warc: Path, work: Path) -> dict[str, float]:
    """Process CPU seconds of the ingest and prompts units on `warc`, one unit each (called
    directly, as the local executor calls them: the copies share doc ids, which the prompt dedup refuses)."""
    import time

    from miner import ingest, prompts

    units = ingest.plan_units({str(warc): warc.stat().st_size}, config.ingest.chunk_bytes)
    assert len(units) == 1, "the copies must fit in one work unit, so that their fixed costs cancel"
    cpu = {}
    for stage, fn, args in (("ingest", ingest.run_unit, units[0]), ("prompts", prompts.run_unit, units[0][:1])):
        started = time.process_time()
        fn(config, work, *args)
        cpu[stage] = time.process_time() - started
    shutil.rmtree(work)
    return cpu


def costs(config, root: Path, copies: int, records: int, repeats: int) -> dict:
    """CPU per input document: the difference between the units on the pages x copies and x 2 copies (the least
    CPU of `repeats` runs each, interleaved), over the records added, so that per-unit fixed costs cancel."""
    cpu = {n: [] for n in (copies, 2 * copies)}
    for n in cpu:
        (root / f"pages-x{n}.warc.gz").write_bytes(PAGES.read_bytes() * n)
    for attempt in range(repeats):
        for n in cpu:
            cpu[n].append(unit_cpu(config, root / f"pages-x{n}.warc.gz", root / f"work-x{n}-{attempt}"))
    least = {n: {s: min(r[s] for r in runs) for s in STAGE_OUTPUTS} for n, runs in cpu.items()}
    return {"html_records": [records * n for n in cpu], "cpu_s_runs": {f"x{n}": runs for n, runs in cpu.items()},
            "cpu_s_per_doc": {s: round((least[2 * copies][s] - least[copies][s]) / (records * copies), 6)
                              for s in STAGE_OUTPUTS}}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", required=True)
    parser.add_argument("--copies", type=int, default=10)
    parser.add_argument("--repeats", type=int, default=2)
    args = parser.parse_args()
    if not PAGES.is_file():
        sys.exit(f"skipped: {PAGES} not found (real pages are needed; the demo corpus is not a substitute)")
    from miner.config import load_config

    root = Path(tempfile.mkdtemp(prefix="plan-defaults-"))
    load = [load_average()]
    ptp17 = load_config(REPO / "pipelines" / "ptp17.yaml")
    measured = shares(run(ptp17, [str(PAGES)], root, "shares"), ptp17)
    load.append(load_average())
    cheap = load_config(REPO / "pipelines" / "ptp17.yaml", overrides={
        "dedup": {"enabled": False}, "scoring": {"first_pass": ptp17.scoring.first_pass.model_dump(), "precise": None}})
    measured["costs"] = costs(cheap, root, args.copies, measured["html_records"], args.repeats)
    measured["input_bytes_per_doc"] = round(PAGES.stat().st_size / measured["html_records"], 1)
    load.append(load_average())
    report = {"what": "plan defaults measured on real pages", "date": now(), "command": command(),
              "machine": machine(), "load_average": load, "input": str(PAGES), "copies": args.copies,
              "config": "pipelines/ptp17.yaml", **measured}
    c = measured["costs"]
    rows = [["input bytes / HTML record", measured["input_bytes_per_doc"], "pages.warc.gz size / HTML records"],
            ["keep rate", measured["keep_rate"], "documents dedup kept / HTML records (ptp17 run)"],
            ["candidates / kept document", measured["candidates_per_kept_doc"], "sample/pool.parquet rows / kept"],
            *[[f"CPU s / input doc, {s}", v, f"unit CPU at x{2 * args.copies} - at x{args.copies} copies, over the "
               f"records added, least of {args.repeats} runs; dedup off, first pass only"] for s, v in c["cpu_s_per_doc"].items()],
            *[[f"output bytes / input doc, {s}", v, ", ".join(STAGE_OUTPUTS[s]) + " of the ptp17 run / HTML records"]
              for s, v in measured["disk_bytes_per_doc"].items()],
            *[[f"median chars, {k}", v, "texts/ and candidates/ of the ptp17 run"] for k, v in measured["median_chars"].items()],
            *[[f"first pass in refine_band, {k}", v, "sample/pool.parquet"] for k, v in measured["band_share"].items()]]
    md = (f"# plan defaults: measured on real pages\n\n`{command()}` on {now()}, {machine_line(machine())}, load "
          f"average {load[0]} -> {load[-1]}.\n\nInput: {PAGES} ({measured['html_records']} HTML records). Shares: "
          f"one run of pipelines/ptp17.yaml (local executor, scope needed: with 93 pages every quota is short, so "
          f"every candidate's document in refine_band was precise-scored). Costs: the ingest and prompts units on "
          f"the pages x {args.copies} and x {2 * args.copies} (concatenated), dedup off, first pass only; per document "
          "= the difference over the records added, so per-unit fixed costs cancel.\n\n"
          + md_table(["figure", "value", "how"], [[f, f"{v:.4g}", how] for f, v, how in rows])
          + "\n\nCandidate share per language (not a crawl's mix: a hand-picked extraction test set): "
          + ", ".join(f"{k} {v:.1%}" for k, v in measured["lang_share"].items())
          + f"\n\nBins of the e5-tox document score ({measured['bin_counts']['edges']}), scored documents per "
          f"language: {measured['bin_counts']['by_lang']}; all: {measured['bin_counts']['all']}.\n\n"
          f"Rarest bin: {measured['rarest_bin_note']}: {RAREST_DEFAULT['share']:.4%} ({RAREST_DEFAULT['source']}).\n\n"
          "First-pass scores of the pool, shares in 20 bins of 0.05 from 0 (for `scoring.skip_below` in the plan): "
          + "; ".join(f"{k} {v}" for k, v in measured["first_pass_histogram"].items())
          + f"\n\nDrops: {measured['drops']}.\n")
    write_results(args.out, report, md)
    print(md)
    shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
