"""Cost of the input guards: the extraction budget check (`too_complex`) against the extraction it guards, on
the real pages of ../shared/data/extraction and on Common-Crawl-like demo pages; and extraction time against DOM
depth (why the budget exists). CPU seconds of this process (time.process_time): the machine is shared.

    python tests/benchmarks/bench_input.py --out tests/benchmarks/results/bench-input.json
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import SHARED_DATA, cc_corpus, command, load_average, machine, machine_line, md_table, now, \
    write_results  # noqa: E402

from miner.extract import extract_text, too_complex  # noqa: E402
from miner.warc import Document, read_file  # noqa: E402


def _cpu(fn, items, repeat: int = 3) -> float:
    """Best of `repeat` CPU seconds for fn over all items."""
    best = None
    for _ in range(repeat):
        start = time.process_time()
        for item in items:
            fn(item)
        spent = time.process_time() - start
        best = spent if best is None else min(best, spent)
    return best


def _pages(path: Path) -> list[str]:
    return [d.content for d in read_file(str(path)) if isinstance(d, Document)]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    sets = {"real pages (shared/data/extraction)": _pages(SHARED_DATA / "extraction" / "pages.warc.gz"),
            "cc demo pages (200)": [p for f in cc_corpus(200) for p in _pages(f)]}
    rows, report = [], {"date": now(), "command": command(), "machine": machine(), "load_average": load_average(),
                        "how": "best of 3 runs, CPU seconds of this process", "sets": {}, "depth": []}
    for name, pages in sets.items():
        check = _cpu(too_complex, pages)
        extract = _cpu(lambda h: extract_text(h, budget=None), pages)
        flagged = sum(too_complex(p) for p in pages)
        entry = {"pages": len(pages), "check_ms_per_page": round(check / len(pages) * 1e3, 4),
                 "extract_ms_per_page": round(extract / len(pages) * 1e3, 4),
                 "check_share_of_extract": round(check / extract, 4), "flagged_too_complex": flagged}
        report["sets"][name] = entry
        rows.append([name, len(pages), entry["check_ms_per_page"], entry["extract_ms_per_page"],
                     f"{entry['check_share_of_extract']:.1%}", flagged])
    depth_rows = []
    for n in (1000, 2000, 4000, 50_000):
        html = "<html><body>" + "<div>x " * n + "</div>" * n + "</body></html>"
        full = _cpu(lambda h: extract_text(h, budget=None), [html], 1) if n <= 4000 else None
        guarded = _cpu(extract_text, [html], 1)
        report["depth"].append({"nested_divs": n, "extract_seconds": full and round(full, 4),
                                "with_budget_seconds": round(guarded, 4), "too_complex": too_complex(html)})
        depth_rows.append([n, full, guarded, too_complex(html)])
    markdown = "\n".join([
        "# Input guards: cost of the extraction budget check", "",
        f"{report['date']}; {machine_line(report['machine'])}; load {report['load_average']}; `{report['command']}`",
        "", "CPU seconds of this process, best of 3 runs.", "",
        md_table(["pages", "n", "check ms/page", "extract ms/page", "check / extract", "flagged"], rows), "",
        "Extraction time against DOM depth (n nested `<div>`; the default budget is 2,000):", "",
        md_table(["nested divs", "extract s (no budget)", "extract s (default budget)", "too complex"], depth_rows),
        ""])
    print(markdown)
    write_results(args.out, report, markdown)


if __name__ == "__main__":
    main()
