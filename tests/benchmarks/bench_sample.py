"""Driver memory of the sample stage: `write_pool` (the sampling order, scope needed) and `sample` (the cells)
over N synthetic candidates, each size in a fresh child process whose peak RSS (ru_maxrss) is the driver's.

Both run in DuckDB bounded by its memory_limit (spilling to a temp directory under the work dir), so the peak
should stay near the limit, not grow with the candidates: this measures that, with the ptp17 sampling config.
Candidates: 17 languages, ~100-character random prompts (2% exact copies of an earlier prompt, in its
language, so the text dedup has work), two candidates per document, uniform toxicity scores.
Usage: .venv/bin/python tests/benchmarks/bench_sample.py --out tests/benchmarks/results/bench-sample.json
       [--sizes 1000000 4000000] [--memory-limit 4GB]
"""
from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from common import REPO, command, load_average, machine, machine_line, md_table, now, write_results

from miner import PTP_LANGUAGES

ROWS_PER_FILE = 1_000_000

_CHILD = """
import json, resource, sys, time
from pathlib import Path
from miner.config import load_config
from miner.sampling import sample, write_pool

glob, work, config_path, memory_limit = json.loads(sys.argv[1])
config = load_config(config_path)
work = Path(work)
out = {}
t = time.perf_counter()
write_pool(glob, work / "pool.parquet", config.languages, config.seed, memory_limit=memory_limit)
out["write_pool_s"] = round(time.perf_counter() - t, 1)
out["after_write_pool_peak_rss_mib"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
t = time.perf_counter()
cells = sample(glob, work / "selected.parquet", config.sampling, config.languages, config.seed,
               memory_limit=memory_limit)
out["sample_s"] = round(time.perf_counter() - t, 1)
out["selected"] = sum(c.selected for c in cells)
out["peak_rss_mib"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
print(json.dumps(out))
"""


def write_candidates(root: Path, n: int, seed: int = 0) -> str:
    """N synthetic candidates in 1M-row Parquet files under root; returns their glob."""
    rng = np.random.default_rng(seed)
    langs = np.array(PTP_LANGUAGES)
    for start in range(0, n, ROWS_PER_FILE):
        m = min(ROWS_PER_FILE, n - start)
        idx = np.arange(start, start + m)
        lang = langs[rng.integers(0, len(langs), m)]
        raw = rng.integers(0, 2**63, size=(m, 6), dtype=np.int64)
        prompts = [" ".join(f"{v:x}" for v in row) for row in raw]  # ~100 characters, 6 "words"
        copies = np.flatnonzero(rng.random(m) < 0.02)[1:]
        for i, j in zip(copies, (rng.random(len(copies)) * copies).astype(np.int64)):
            prompts[i], lang[i] = prompts[j], lang[j]  # an exact copy of an earlier prompt, in its language
        scores = rng.random((m, 3), dtype=np.float32)
        table = pa.table({
            "prompt_id": [f"p{i:019d}" for i in idx], "doc_id": [f"d{i // 2:019d}" for i in idx],
            "lang": lang.tolist(), "prompt": prompts, "continuation": prompts,
            "document_toxicity": scores[:, 0], "prompt_toxicity": scores[:, 1],
            "continuation_toxicity": scores[:, 2], "document_first_pass": scores[:, 0],
            "prompt_first_pass": scores[:, 1], "continuation_first_pass": scores[:, 2]})
        pq.write_table(table, root / f"part-{start // ROWS_PER_FILE:05d}.parquet", compression="zstd")
    return str(root / "part-*.parquet")


def measure(n: int, root: Path, config: Path, memory_limit: str) -> dict:
    t = time.perf_counter()
    (root / "candidates").mkdir(parents=True)
    glob = write_candidates(root / "candidates", n)
    generate_s = time.perf_counter() - t
    t = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", _CHILD, json.dumps([glob, str(root / "work"), str(config),
                                                                     memory_limit])],
                          capture_output=True, text=True, cwd=REPO)
    if proc.returncode:
        raise RuntimeError(f"sample failed on {n} candidates: {proc.stderr[-2000:]}")
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    input_bytes = sum(p.stat().st_size for p in (root / "candidates").glob("*.parquet"))
    return {"candidates": n, "input_mib": round(input_bytes / 2**20), "generate_s": round(generate_s, 1),
            "wall_s": round(time.perf_counter() - t, 1), "duckdb_memory_limit": memory_limit, **out}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", required=True)
    ap.add_argument("--sizes", type=int, nargs="+", default=[1_000_000, 4_000_000])
    ap.add_argument("--memory-limit", default="4GB", help="DuckDB memory limit (the pipeline's default)")
    ap.add_argument("--config", default=str(REPO / "pipelines" / "ptp17.yaml"))
    ap.add_argument("--work-dir", default=None, help="scratch space (default: a temporary directory)")
    args = ap.parse_args()
    load_start, sizes = load_average(), {}
    for n in args.sizes:
        root = Path(tempfile.mkdtemp(prefix=f"bench-sample-{n}-", dir=args.work_dir))
        try:
            sizes[str(n)] = measure(n, root, Path(args.config), args.memory_limit)
        finally:
            shutil.rmtree(root, ignore_errors=True)
        print(json.dumps({str(n): sizes[str(n)]}), flush=True)
    report = {"what": "sample stage driver peak RSS: write_pool + sample over synthetic candidates",
              "command": command(), "date": now(), "machine": machine(), "load_average_start": load_start,
              "load_average_end": load_average(), "config": Path(args.config).name, "sizes": sizes}
    rows = [[s["candidates"], s["input_mib"], s["write_pool_s"], s["sample_s"], s["selected"],
             s["after_write_pool_peak_rss_mib"], s["peak_rss_mib"], s["duckdb_memory_limit"]] for s in sizes.values()]
    md = "\n".join([
        "# bench-sample: the sample stage's driver memory", "",
        f"`{report['command']}` on {report['date']} ({machine_line(report['machine'])}; load "
        f"{load_start} at start, {report['load_average_end']} at end).", "",
        __doc__.split("\n\n")[1].split("Usage:")[0].strip(), "",
        md_table(["candidates", "input MiB", "write_pool s", "sample s", "selected rows (all splits)", "peak RSS after write_pool MiB",
                  "peak RSS MiB", "DuckDB limit"], rows), ""])
    write_results(args.out, report, md)
    print(md)


if __name__ == "__main__":
    main()
