"""What `make demo`'s pipeline costs: the same `miner run` (pipelines/demo.yaml, e5-tox as release scorer, scope
needed, Ray with 2 workers) on the same generated corpus (`miner gen-demo --seed 0`), into a throwaway work dir
and release root, timed from outside (wall, and CPU of the command and its reaped children), with the run's own
cost.json beside it. The issue's bar: about 2 minutes of pipeline time on 2 cores.
Usage: .venv/bin/python tests/benchmarks/bench_demo.py --out tests/benchmarks/results/bench-demo.json
"""
from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from common import REPO, command, load_average, machine, machine_line, md_table, measured, now, write_results


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", required=True)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--executor", default="ray")
    args = ap.parse_args()
    load_start = load_average()
    root = Path(tempfile.mkdtemp(prefix="bench-demo-"))
    try:
        corpus = root / "demo"
        subprocess.run([sys.executable, "-m", "miner.cli", "gen-demo", "--out", str(corpus), "--seed", "0"],
                       check=True, capture_output=True, cwd=REPO)
        run = [sys.executable, "-m", "miner.cli", "run", "pipelines/demo.yaml", "--input", str(corpus / "*.warc.gz"),
               "--out", str(root / "rel"), "--work-dir", str(root / "work"), "--executor", args.executor,
               "--workers", str(args.workers)]
        with measured() as m:
            proc = subprocess.run(run, capture_output=True, text=True, cwd=REPO)
        if proc.returncode:
            sys.exit(f"the demo run failed (exit {proc.returncode}):\n{proc.stderr[-3000:]}")
        cost = json.loads((root / "work" / "cost.json").read_text())
        manifest = json.loads((root / "rel" / "latest" / "manifest.json").read_text())
    finally:
        shutil.rmtree(root, ignore_errors=True)
    report = {"what": "make demo's pipeline: wall and CPU seconds, and the run's cost.json",
              "command": command(), "date": now(), "machine": machine(), "load_average_start": load_start,
              "load_average_end": load_average(), "executor": args.executor, "workers": args.workers,
              "wall_s": round(m.wall, 1), "cpu_s": round(m.cpu, 1), "other_jobs_cores": m.other_cores(),
              "prompts": manifest["prompts"], "cost": cost}
    stages = [[name, s["wall_s"], s["cpu_s"], s.get("units", 0)] for name, s in cost["stages"].items()]
    md = "\n".join([
        "# bench-demo: what `make demo`'s pipeline costs", "",
        f"`{report['command']}` on {report['date']} ({machine_line(report['machine'])}; load {load_start} at "
        f"start, {report['load_average_end']} at end; other jobs kept {report['other_jobs_cores']} cores busy "
        "on average).", "", __doc__.split("Usage:")[0].strip(), "",
        f"- wall {report['wall_s']} s, CPU {report['cpu_s']} s (the command and its reaped children: Ray's "
        "processes may not be reaped by it, so the CPU inside the units is cost.json's, per stage below)",
        f"- {report['prompts']} prompts; texts first pass {cost['texts']['first_pass']:,}, precise "
        f"{cost['texts']['precise']:,}; {cost['rounds']} rounds", "",
        md_table(["stage", "wall s", "CPU s (units)", "units"], stages), ""])
    write_results(args.out, report, md)
    print(md)


if __name__ == "__main__":
    main()
