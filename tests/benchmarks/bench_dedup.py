"""Dedup throughput and memory: signature docs/s on one core, and the distributed dedup's driver and task RSS.

1. Signatures: MinHasher over miner.dedup.synthetic documents per language, in CPU seconds of this process
   (= docs/s per core, unaffected by other jobs), against datasketch 2.0's MinHash over the same shingles.
2. Distributed dedup: the tasks of miner.dedup.tasks (keys per 1M-row file, exact and bucket tasks per
   partition, components) on a RayExecutor with `--workers` workers, over N synthetic signatures (random
   uint32; planted groups: 3% near-duplicates = a copy of another document's signature with 0-14 of 112
   positions redrawn, 1% exact copies). The driver is a child process: its own RSS (polled every 0.1 s) is
   the driver peak; each task reports its worker's peak RSS (ru_maxrss); all processes = driver + Ray.
Usage: .venv/bin/python tests/benchmarks/bench_dedup.py --out tests/benchmarks/results/bench-dedup.json
       [--sizes 1000000 20000000] [--memory-limit 3GB] [--workers 2] [--partitions P]
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb
import numpy as np
import psutil
import pyarrow as pa
import pyarrow.parquet as pq
import xxhash
from datasketch import MinHash

from common import command, load_average, machine, md_table, now, write_results

from miner import PTP_LANGUAGES
from miner.dedup import MinHasher, MinHashParams, shingles
from miner.dedup.synthetic import LANGUAGES, corpus
from miner.dedup.tasks import partitions_for

CHUNK = 1_000_000


def signature_rate(n_base: int) -> dict:
    docs = corpus(n_base, LANGUAGES, seed=5)
    hasher = MinHasher()
    out = {}
    for lang in LANGUAGES:
        texts = [d.text for d in docs if d.lang == lang]
        hasher.signatures(texts[:10], [lang] * 10)  # warm the normalisation table
        t = time.process_time()  # CPU time of this one process: docs/s per core, robust to other jobs
        hasher.signatures(texts, [lang] * len(texts))
        ours = time.process_time() - t
        sets = [list(shingles(x, lang)) for x in texts]
        t = time.process_time()
        for s in sets:
            m = MinHash(num_perm=112, seed=1, hashfunc=xxhash.xxh32_intdigest)
            m.update_batch(s)
        ref = time.process_time() - t  # shingling time not included in the reference
        out[lang] = {"documents": len(texts), "mean_chars": round(float(np.mean([len(x) for x in texts]))),
                     "mean_shingles": round(float(np.mean([len(s) for s in sets]))),
                     "docs_per_cpu_s": round(len(texts) / ours),
                     "datasketch_minhash_only_docs_per_cpu_s": round(len(texts) / ref)}
    return out


def write_synthetic(root: Path, n: int, params: MinHashParams, seed: int = 0) -> tuple[list[str], dict]:
    """N documents in Parquet files of CHUNK rows; returns the paths and the planted counts."""
    rng = np.random.default_rng(seed)
    paths, planted = [], {"near": 0, "exact": 0}
    truth = []
    for start in range(0, n, CHUNK):
        m = min(CHUNK, n - start)
        sig = rng.integers(0, 2**32, size=(m, params.num_perm), dtype=np.uint32)
        text_hash = rng.integers(0, 2**63, size=m, dtype=np.uint64)
        lang_idx = rng.integers(0, len(PTP_LANGUAGES), size=m)
        kind = rng.random(m)
        near = np.flatnonzero(kind < 0.03)
        exact = np.flatnonzero((kind >= 0.03) & (kind < 0.04))
        originals = np.flatnonzero(kind >= 0.04)
        for rows, is_exact in ((near, False), (exact, True)):
            src = rng.choice(originals, size=len(rows))
            sig[rows] = sig[src]
            lang_idx[rows] = lang_idx[src]
            if is_exact:
                text_hash[rows] = text_hash[src]
            else:
                for r in rows:
                    k = rng.integers(0, 15)
                    sig[r, rng.choice(params.num_perm, size=k, replace=False)] = rng.integers(0, 2**32, size=k)
            planted["exact" if is_exact else "near"] += len(rows)
            truth.append(pa.table({"doc_id": [f"d{start + r:010d}" for r in rows],
                                   "source_id": [f"d{start + s:010d}" for s in src]}))
        table = pa.table({
            "doc_id": [f"d{start + i:010d}" for i in range(m)],
            "lang": pa.array(np.array(PTP_LANGUAGES)[lang_idx]),
            "text_hash": text_hash,
            "minhash": pa.FixedSizeListArray.from_arrays(pa.array(sig.reshape(-1)), params.num_perm)
                         .cast(pa.list_(pa.uint32())),
        })
        paths.append(str(root / f"sig-{start // CHUNK:04d}.parquet"))
        pq.write_table(table, paths[-1], compression="zstd")
    pq.write_table(pa.concat_tables(truth), root / "planted.parquet")
    return paths, planted


_CHILD = """
import json, resource, sys, time
from miner.dedup import MinHashParams
from miner.dedup.clusters import make_job
from miner.dedup.tasks import cluster_task, steps
from miner.executors import RayExecutor

def measured(fn):
    def run(*args):
        out = fn(*args)
        return {**out, "task_peak_rss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024}
    return run

paths, out, work, mem, workers, partitions = json.loads(sys.argv[1])
job = make_job(paths, work, MinHashParams(), None, mem, threads=1, partitions=partitions)
executor = RayExecutor(workers=workers, start_jitter_s=0)
report = {"steps": {}}
try:
    for step, fn, tasks in [*steps(job, {f"{i:05d}": [i] for i in range(len(paths))}),
                            ("cluster", cluster_task, [(job, out, None)])]:
        t = time.perf_counter()
        results = executor.map(step, measured(fn), tasks)
        failed = [r for r in results if not isinstance(r, dict)]
        if failed:
            sys.exit(f"{step}: {failed}")
        report["steps"][step] = {"tasks": len(tasks), "wall_s": round(time.perf_counter() - t, 1),
                                 "task_peak_rss_mib": round(max(r["task_peak_rss"] for r in results) / 2**20)}
        print(json.dumps({step: report["steps"][step]}), file=sys.stderr, flush=True)
    report.update({k: v for k, v in results[0].items() if k != "task_peak_rss"})
finally:
    executor.close()
print(json.dumps(report))
"""


def cluster_memory(n: int, root: Path, memory_limit: str, workers: int, partitions: int) -> dict:
    params = MinHashParams()
    t = time.perf_counter()
    paths, planted = write_synthetic(root, n, params)
    gen_s = time.perf_counter() - t
    out = root / "clusters.parquet"
    wall = time.perf_counter()
    log = open(root / "child.log", "w+")
    proc = subprocess.Popen([sys.executable, "-c", _CHILD, json.dumps([paths, str(out), str(root / "work"),
                                                                       memory_limit, workers, partitions])],
                            stdout=log, text=True)
    ps, driver, total = psutil.Process(proc.pid), 0, 0
    while proc.poll() is None:
        try:
            own = ps.memory_info().rss
            driver = max(driver, own)
            total = max(total, own + sum(c.memory_info().rss for c in ps.children(recursive=True)))
        except psutil.NoSuchProcess:
            break
        time.sleep(0.1)
    proc.wait()
    log.seek(0)
    stdout = log.read()
    log.close()
    wall = time.perf_counter() - wall
    if proc.returncode:
        raise RuntimeError(f"the dedup tasks failed on {n} documents (exit {proc.returncode})")
    stats = json.loads(stdout.strip().splitlines()[-1])
    con = duckdb.connect()  # the check reads the output out of core too
    found = con.execute(f"""
        SELECT avg((o.cluster_id = s.cluster_id)::INT) FROM read_parquet('{root}/planted.parquet') p
        JOIN read_parquet('{out}') o ON o.doc_id = p.doc_id JOIN read_parquet('{out}') s ON s.doc_id = p.source_id
        """).fetchall()[0][0]
    con.close()
    task_peak = max(s["task_peak_rss_mib"] for s in stats["steps"].values())
    return {"documents": n, "driver_peak_rss_mib": round(driver / 2**20), "peak_rss_mib": task_peak,
            "all_processes_peak_rss_mib": round(total / 2**20), "duckdb_memory_limit": memory_limit,
            "workers": workers, "partitions": partitions,
            "input_gib": round(sum(os.path.getsize(p) for p in paths) / 2**30, 2), "generate_s": round(gen_s, 1),
            "planted": planted, "planted_found_share": round(found, 5), "wall_s": round(wall, 1),
            **{k: (round(v, 1) if isinstance(v, float) else v) for k, v in stats.items()}}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", required=True)
    ap.add_argument("--sizes", type=int, nargs="+", default=[1_000_000, 20_000_000])
    ap.add_argument("--memory-limit", default="3GB", help="DuckDB memory limit of each task")
    ap.add_argument("--workers", type=int, default=2, help="Ray workers (tasks in flight)")
    ap.add_argument("--partitions", type=int, default=None,
                    help="key partitions (exact and bucket tasks; default: the pipeline's rule, partitions_for)")
    ap.add_argument("--skip-signatures", action="store_true", help="only the clustering part")
    ap.add_argument("--n-base", type=int, default=200, help="base documents per language for the signature rate")
    ap.add_argument("--work-dir", default=None, help="scratch space (default: a temporary directory)")
    args = ap.parse_args()

    load_start = load_average()
    rate = {} if args.skip_signatures else signature_rate(args.n_base)
    print(json.dumps({"signature_rate": rate}, indent=1))
    scale = {}
    for n in args.sizes:
        root = Path(tempfile.mkdtemp(prefix=f"bench-dedup-{n}-", dir=args.work_dir))
        try:
            scale[str(n)] = cluster_memory(n, root, args.memory_limit, args.workers,
                                            args.partitions or partitions_for(n, args.workers))
        finally:
            shutil.rmtree(root, ignore_errors=True)
        print(json.dumps({str(n): scale[str(n)]}, indent=1))
    sizes = sorted(scale, key=int)
    report = {
        "what": "dedup: MinHash signatures per CPU-second, and driver / task peak RSS of the distributed dedup",
        "command": command(), "date": now(), "machine": machine(), "load_average_start": load_start,
        "load_average_end": load_average(),
        "data": "signature rate: miner.dedup.synthetic.corpus(n_base, seed=5); clustering: random uint32 "
                "signatures in 1M-row Parquet files, 17 languages, 3% planted near-duplicates, 1% exact",
        "params": MinHashParams().__dict__,
        "signature_rate_one_core": rate,
        "clustering": scale,
    }
    if len(sizes) >= 2:
        lo, hi = scale[sizes[0]], scale[sizes[-1]]
        report["memory_ratio"] = {"documents": f"{sizes[-1]}/{sizes[0]}",
                                  "peak_rss": round(hi["peak_rss_mib"] / lo["peak_rss_mib"], 2),
                                  "documents_ratio": int(sizes[-1]) // int(sizes[0])}
        print(json.dumps({"memory_ratio": report["memory_ratio"]}))
    write_results(args.out, report, markdown(report))


def markdown(report: dict) -> str:
    m = report["machine"]
    out = [f"# bench-dedup\n\n`{report['command']}` on {report['date']} ({m['cpu']}, {m['cores']} cores, "
           f"{m['memory_gib']} GiB; load {report['load_average_start']} at start, {report['load_average_end']} at "
           f"end).\n\n{__doc__.split(chr(10), 1)[1].split('Usage:')[0].strip()}\n\nData: {report['data']}.\n\n"
           "## Signatures, documents per CPU-second (one core)\n\n"]
    out.append(md_table(["lang", "documents", "mean chars", "ours (shingling included)",
                         "datasketch MinHash (shingles given)"],
                        [[lang, r["documents"], r["mean_chars"], r["docs_per_cpu_s"],
                          r["datasketch_minhash_only_docs_per_cpu_s"]]
                         for lang, r in report["signature_rate_one_core"].items()]))
    out.append("\n## Distributed dedup (miner.dedup.tasks on a RayExecutor; one DuckDB thread per task)\n\n")
    out.append(md_table(["documents", "input GiB", "workers", "partitions", "driver peak RSS MiB",
                         "largest task peak RSS MiB", "all processes MiB", "DuckDB limit per task", "wall s",
                         "planted pairs found"],
                        [[r["documents"], r["input_gib"], r["workers"], r["partitions"], r["driver_peak_rss_mib"],
                          r["peak_rss_mib"], r["all_processes_peak_rss_mib"], r["duckdb_memory_limit"], r["wall_s"],
                          f"{r['planted_found_share']:.5f}"] for r in report["clustering"].values()]))
    out.append("\nPer step (tasks, wall s, largest worker peak RSS MiB; a Ray worker runs several tasks, so its "
               "peak is the largest of its tasks):\n\n")
    out.append(md_table(["documents", "step", "tasks", "wall s", "worker peak RSS MiB"],
                        [[r["documents"], step, v["tasks"], v["wall_s"], v["task_peak_rss_mib"]]
                         for r in report["clustering"].values() for step, v in r["steps"].items()]))
    if "memory_ratio" in report:
        r = report["memory_ratio"]
        out.append(f"\nPeak RSS grows {r['peak_rss']}x for {r['documents_ratio']}x the documents "
                   f"({r['documents']}).\n")
    return "".join(out)

if __name__ == "__main__":
    main()
