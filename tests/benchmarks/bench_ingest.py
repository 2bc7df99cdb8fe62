"""Read + extract throughput (documents/s/core): ours next to datatrove's WarcReader + Trafilatura and the warcio floor.

Every method reads the same WARC file in the same invocation, one process, one core:
- `warcio_floor`: warcio ArchiveIterator, read every response payload, nothing else (the floor: no pipeline can
  read faster with warcio);
- `ours_pruned` / `ours_resiliparse`: `miner.warc.read_file` (HTML sniffing, charset decoding, provenance, skips)
  + `miner.extract.extract_text(method=...)` on every HTML document;
- `datatrove_reader`: datatrove 0.10.1 `WarcReader` alone (payload-type filter, libmagic sniff, cchardet);
- `datatrove_trafilatura`: `WarcReader` -> `Trafilatura(favour_precision=True)` as datatrove runs it: in its
  `ExtractorSandbox` child process, one document at a time over a pipe, with a per-document timeout
  (`--timeout`, default 10 s instead of datatrove's 1 s so that a loaded machine does not turn slow pages into
  timeouts; timeouts are counted). Its CPU time includes the sandbox (reaped child).
Rates divide the number of HTML response records in the file (the same N for every method) by the time taken.
Usage: .venv/bin/python tests/benchmarks/bench_ingest.py --out tests/benchmarks/results/bench-ingest.json
       [--docs 1000] [--repeats 2] [--timeout 10]
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Callable

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import (SHARED_DATA, cc_corpus, command, load_average, machine, machine_line,  # noqa: E402
                    md_table, measured, now, ratio, write_results)

REAL_PAGES = SHARED_DATA / "extraction" / "pages.warc.gz"


def html_responses(path: Path) -> int:
    """HTML response records in the file (by HTTP Content-Type): the common denominator of every rate."""
    from warcio.archiveiterator import ArchiveIterator

    n = 0
    with open(path, "rb") as f:
        for record in ArchiveIterator(f):
            if record.rec_type == "response" and record.http_headers is not None:
                n += "html" in (record.http_headers.get_header("Content-Type") or "").lower()
    return n


def warcio_floor(path: Path) -> int:
    from warcio.archiveiterator import ArchiveIterator

    n = 0
    with open(path, "rb") as f:
        for record in ArchiveIterator(f):
            if record.rec_type == "response":
                n += bool(record.content_stream().read())
    return n


def ours(method: str) -> Callable[[Path], int]:
    def run(path: Path) -> int:
        from miner.extract import extract_text
        from miner.warc import Document, read_file

        n = 0
        for item in read_file(str(path)):
            if isinstance(item, Document) and item.content_type == "html":
                n += bool(extract_text(item.content, method))
        return n
    return run


def _datatrove_reader(path: Path):
    from datatrove.pipeline.readers import WarcReader

    return WarcReader(str(path.parent), glob_pattern=path.name, recursive=False)


def datatrove_reader(path: Path) -> int:
    return sum(1 for _ in _datatrove_reader(path).run(rank=0, world_size=1))


def datatrove_trafilatura(timeout: float) -> Callable[[Path], int]:
    def run(path: Path) -> int:
        from datatrove.pipeline.extractors import Trafilatura

        step = Trafilatura(favour_precision=True, timeout=timeout)
        n = sum(1 for _ in step.run(_datatrove_reader(path).run(rank=0, world_size=1), rank=0, world_size=1))
        timeouts = step.stats["timeout"].total if "timeout" in step.stats.stats else 0
        run.last_timeouts = int(timeouts)  # type: ignore[attr-defined]
        return n
    return run


def bench_file(path: Path, label: str, methods: dict[str, Callable[[Path], int]], repeats: int) -> dict:
    """Best of `repeats` runs (by CPU time) of every method on one file."""
    n_html = html_responses(path)
    out = {"file": str(path), "bytes": path.stat().st_size, "html_responses": n_html, "methods": {}}
    print(f"\n{label}: {path} ({path.stat().st_size / 2**20:.1f} MiB, {n_html} HTML responses)", flush=True)
    for name, fn in methods.items():
        best = None
        try:
            for _ in range(repeats if not name.startswith("datatrove_traf") else 1):
                with measured() as m:
                    produced = fn(path)
                if best is None or m.cpu < best[0].cpu:
                    best = (m, produced)
        except ImportError as exc:  # datatrove's optional dependencies are not ours
            out["methods"][name] = {"skipped": f"{exc} (pip install faust-cchardet python-magic fasteners)"}
            print(f"  {name:24s} skipped: {exc}", flush=True)
            continue
        m, produced = best
        row = {**m.rates(n_html), "documents_out": produced}
        if hasattr(fn, "last_timeouts"):
            row["timeouts"] = fn.last_timeouts
        out["methods"][name] = row
        print(f"  {name:24s} {row['docs_per_cpu_s']:>8} docs/cpu-s  {row['docs_per_s_wall']:>8} docs/s wall  "
              f"({produced} docs out)", flush=True)
    rates = {k: v.get("docs_per_cpu_s") for k, v in out["methods"].items()}
    out["ratios_per_core"] = {
        "ours_pruned_vs_datatrove_trafilatura": ratio(rates.get("ours_pruned"), rates.get("datatrove_trafilatura")),
        "ours_resiliparse_vs_datatrove_trafilatura": ratio(rates.get("ours_resiliparse"),
                                                           rates.get("datatrove_trafilatura")),
        "ours_pruned_vs_warcio_floor": ratio(rates.get("ours_pruned"), rates.get("warcio_floor")),
        "ours_pruned_vs_datatrove_reader_only": ratio(rates.get("ours_pruned"), rates.get("datatrove_reader")),
    }
    print("  ratios (per core):", out["ratios_per_core"], flush=True)
    return out


def markdown(report: dict) -> str:
    parts = [f"# bench-ingest: read + extract, documents/s/core\n\n{report['how']}\n\n"
             f"- date: {report['date']}\n- machine: {machine_line(report['machine'])}\n"
             f"- command: `{report['command']}`\n"
             f"- load average (1/5/15 min) at start {report['load_average']['start']}, "
             f"end {report['load_average']['end']}\n"]
    for label, res in report["files"].items():
        if "skipped" in res:
            parts.append(f"\n## {label}\n\nskipped: {res['skipped']}\n")
            continue
        parts.append(f"\n## {label}: {res['html_responses']} HTML responses, {res['bytes'] / 2**20:.1f} MiB\n\n")
        parts.append(md_table(["method", "docs/s/core (CPU)", "docs/s (wall)", "docs out", "CPU s", "wall s",
                               "other jobs' cores"],
                              [[k, v["docs_per_cpu_s"], v["docs_per_s_wall"], v["documents_out"], v["cpu_s"],
                                v["wall_s"], v["other_jobs_cores"]] for k, v in res["methods"].items()
                               if "skipped" not in v]))
        parts.append("".join(f"\n{k} skipped: {v['skipped']}\n" for k, v in res["methods"].items() if "skipped" in v))
        parts.append("\n" + md_table(["ratio (per core)", "value"], list(map(list, res["ratios_per_core"].items()))))
    return "".join(parts)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", required=True)
    ap.add_argument("--docs", type=int, default=1000, help="articles in the generated CC-like WARC")
    ap.add_argument("--repeats", type=int, default=2, help="runs per method (best by CPU time; datatrove: 1)")
    ap.add_argument("--timeout", type=float, default=10.0, help="datatrove extractor timeout per document (s)")
    args = ap.parse_args()

    from loguru import logger  # datatrove logs every file, step and sandbox clean-up

    logger.disable("datatrove")
    load_start = load_average()
    methods: dict[str, Callable[[Path], int]] = {
        "warcio_floor": warcio_floor,
        "ours_pruned": ours("pruned"),
        "ours_resiliparse": ours("resiliparse"),
        "datatrove_reader": datatrove_reader,
        "datatrove_trafilatura": datatrove_trafilatura(args.timeout),
    }
    for name in ("ours_pruned", "ours_resiliparse"):  # import and compile selectors outside the timings
        ours(name.split("_")[1])(cc_corpus(40)[0])
    files: dict[str, dict] = {}
    if REAL_PAGES.is_file():
        files["real_pages"] = bench_file(REAL_PAGES, "real pages (mozilla/readability)", methods, args.repeats)
    else:
        files["real_pages"] = {"skipped": f"{REAL_PAGES} not found (real data lives beside the repo)"}
        print(f"real pages skipped: {REAL_PAGES} not found", flush=True)
    cc = cc_corpus(args.docs)[0]
    files["cc_like"] = bench_file(cc, f"generated CC-like WARC (generate_demo docs={args.docs}, profile=cc)",
                                  methods, args.repeats)
    report = {
        "how": ("One process per method, in one invocation, on the same file. docs/s/core = HTML response records "
                "in the file / CPU seconds (process + reaped children, so datatrove's extractor sandbox counts); "
                "docs/s (wall) = the same over wall seconds, inflated by whatever else runs on the machine. "
                f"Best of {args.repeats} runs by CPU time (datatrove+trafilatura: 1 run). datatrove Trafilatura: "
                f"favour_precision=True, deduplicate=True, timeout={args.timeout}s per document, in its sandbox "
                "(one child process, documents over a pipe), as datatrove runs it. documents_out = documents "
                "each method yielded (datatrove keeps 404/redirect pages; its libmagic sniff drops pages without "
                "WARC-Identified-Payload-Type)."),
        "date": now(), "machine": machine(), "command": command(),
        "load_average": {"start": load_start, "end": load_average()},
        "versions": _versions(),
        "files": files,
    }
    write_results(args.out, report, markdown(report))


def _versions() -> dict:
    from importlib.metadata import version

    return {p: version(p) for p in ("warcio", "resiliparse", "trafilatura", "datatrove", "python-magic",
                                    "faust-cchardet")}


if __name__ == "__main__":
    main()
