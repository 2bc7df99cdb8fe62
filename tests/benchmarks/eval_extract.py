"""Main-text extraction quality (token P/R/F1 vs hand-made ground truth) and speed (pages/s, one core).

Data: ../shared/data/extraction/pages.jsonl (93 real pages, Mozilla Readability's test pages; ground truth =
Readability's expected output as plain text). Metric (miner.extract.overlap_prf): bag of NFKC-lower-cased
whitespace tokens (single characters for zh/ja/ko), multiset overlap, P/R/F1 per page, macro-averaged over pages.
Speed: wall time of extract_text calls only, one process, pages in file order, after one warm-up page.
Split: a fixed dev/test split by a hash of the page id (test = sha1(id) % 3 == 0), so the figures on `test`
come from pages the pruning rules were not tuned on.

    .venv/bin/python tests/benchmarks/eval_extract.py --out tests/benchmarks/results/eval-extract.json
"""
from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import platform
import statistics
import sys
import time
from importlib.metadata import version
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from miner.extract import EXTRACTORS, extract_text, overlap_prf  # noqa: E402

DATA = REPO.parent / "shared" / "data" / "extraction" / "pages.jsonl"


def split_of(page_id: str) -> str:
    """Deterministic dev/test assignment (about one page in three is test)."""
    return "test" if int(hashlib.sha1(page_id.encode()).hexdigest(), 16) % 3 == 0 else "dev"


def mean_prf(rows: list[dict]) -> dict[str, float]:
    return {k: round(statistics.fmean(r[k] for r in rows), 4) for k in ("p", "r", "f1")} if rows else {}


def evaluate(pages: list[dict], method: str) -> dict:
    extract_text(pages[0]["html"], method)  # warm-up: lazy imports, first-call caches
    rows, seconds = [], 0.0
    for page in pages:
        start = time.perf_counter()
        text = extract_text(page["html"], method)
        seconds += time.perf_counter() - start
        p, r, f1 = overlap_prf(text, page["expected_text"], page["lang"])
        rows.append({"id": page["id"], "lang": page["lang"], "split": split_of(page["id"]),
                     "p": round(p, 4), "r": round(r, 4), "f1": round(f1, 4)})
    megabytes = sum(len(p["html"].encode()) for p in pages) / 1e6
    langs = sorted({r["lang"] for r in rows})
    return {
        "all": mean_prf(rows),
        "dev": mean_prf([r for r in rows if r["split"] == "dev"]),
        "test": mean_prf([r for r in rows if r["split"] == "test"]),
        "f1_by_lang": {lg: mean_prf([r for r in rows if r["lang"] == lg])["f1"] for lg in langs},
        "pages_per_s": round(len(pages) / seconds, 1),
        "mb_html_per_s": round(megabytes / seconds, 2),
        "pages": rows,
    }


def markdown(result: dict) -> str:
    meta, res = result["meta"], result["extractors"]
    langs = sorted({lg for r in res.values() for lg in r["f1_by_lang"]})
    lines = [
        "# eval-extract", "",
        f"Command: `{meta['command']}`  ",
        f"Date: {meta['date']}; machine: {meta['machine']}; Python {meta['python']}; {meta['versions']}  ",
        f"Data: {meta['data']} ({meta['n_pages']} pages; dev {meta['n_dev']} / test {meta['n_test']})  ",
        f"Metric: {meta['metric']}  ", f"Speed: {meta['speed']}", "",
        "| extractor | P | R | F1 | F1 dev | F1 test | pages/s | MB/s |", "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for name, r in res.items():
        a = r["all"]
        lines.append(f"| {name} | {a['p']:.3f} | {a['r']:.3f} | {a['f1']:.3f} | {r['dev']['f1']:.3f} | "
                     f"{r['test']['f1']:.3f} | {r['pages_per_s']:.0f} | {r['mb_html_per_s']:.1f} |")
    lines += ["", "F1 by language (pages): " + ", ".join(f"{lg} ({meta['langs'][lg]})" for lg in langs), "",
              "| extractor | " + " | ".join(langs) + " |", "| --- |" + " --- |" * len(langs)]
    for name, r in res.items():
        lines.append(f"| {name} | " + " | ".join(f"{r['f1_by_lang'][lg]:.3f}" for lg in langs) + " |")
    lines += ["", "Worst pages (F1) per extractor:", ""]
    for name, r in res.items():
        worst = sorted(r["pages"], key=lambda x: x["f1"])[:5]
        lines.append(f"- {name}: " + ", ".join(f"{w['id'].split('/')[-1]} {w['f1']:.2f}" for w in worst))
    return "\n".join(lines) + "\n"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--out", type=Path, required=True, help="results JSON (a .md table is written beside it)")
    ap.add_argument("--methods", nargs="+", default=list(EXTRACTORS), choices=EXTRACTORS)
    args = ap.parse_args()
    if not args.data.is_file():
        sys.exit(f"extraction data not found: {args.data}")
    pages = [json.loads(line) for line in args.data.open(encoding="utf-8")]
    langs: dict[str, int] = {}
    for p in pages:
        langs[p["lang"]] = langs.get(p["lang"], 0) + 1
    meta = {
        "command": " ".join([".venv/bin/python", *sys.argv]),
        "date": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "machine": f"{platform.machine()} {platform.processor() or ''} {platform.node()}".strip(),
        "python": platform.python_version(),
        "versions": f"resiliparse {version('resiliparse')}, trafilatura {version('trafilatura')}",
        "data": str(args.data), "n_pages": len(pages), "langs": dict(sorted(langs.items())),
        "n_dev": sum(split_of(p["id"]) == "dev" for p in pages),
        "n_test": sum(split_of(p["id"]) == "test" for p in pages),
        "metric": "bag of NFKC-lower-cased whitespace tokens (chars for zh/ja/ko), multiset overlap, "
                  "P/R/F1 per page, macro-averaged over pages",
        "speed": "extract_text calls only, one process (single core), after one warm-up page",
    }
    result = {"meta": meta, "extractors": {m: evaluate(pages, m) for m in args.methods}}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    md = markdown(result)
    args.out.with_suffix(".md").write_text(md, encoding="utf-8")
    print(md)


if __name__ == "__main__":
    main()
