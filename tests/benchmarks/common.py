"""Shared helpers for the throughput benchmarks: machine facts, load average, CPU + wall timing, results files.

Figures are taken on a 2-core machine that other jobs share, so every measurement records wall seconds *and*
CPU seconds (this process plus its reaped children): documents per CPU-second is the per-core rate that
contention distorts least, documents per wall-second is what a user waits for.
"""
from __future__ import annotations

import json
import os
import platform
import resource
import sys
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator

REPO = Path(__file__).resolve().parents[2]
SHARED_DATA = REPO.parent / "shared" / "data"


def machine() -> dict:
    """What the figures were measured on."""
    import psutil

    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor()) if Path("/proc/cpuinfo").exists() else ""
    return {"cpu": cpu, "cores": os.cpu_count(), "memory_gib": round(psutil.virtual_memory().total / 2**30, 1),
            "python": platform.python_version(), "platform": platform.platform()}


def machine_line(m: dict) -> str:
    return f"{m['cpu']}, {m['cores']} cores, {m['memory_gib']} GiB, Python {m['python']}, {m['platform']}"


def load_average() -> list[float]:
    """1, 5 and 15 minute load averages: other jobs on the machine inflate wall times."""
    return [round(x, 2) for x in os.getloadavg()]


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def command() -> str:
    return " ".join([".venv/bin/python", *[str(a) for a in sys.argv]])


def cpu_seconds() -> float:
    """CPU time of this process and of its children that have been waited for (sandboxes, subprocesses)."""
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def peak_rss_mib() -> float:
    """Peak resident memory of this process so far (ru_maxrss is KiB on Linux)."""
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def machine_busy_seconds() -> float:
    """CPU seconds the whole machine has spent busy (all processes, all cores) since boot."""
    import psutil

    t = psutil.cpu_times()
    return sum(t) - t.idle - getattr(t, "iowait", 0.0)


@dataclass
class Measure:
    wall: float = 0.0
    cpu: float = 0.0
    busy: float = 0.0  # machine-wide busy CPU seconds during the block

    def other_cores(self, ours: float | None = None) -> float:
        """Cores that other processes kept busy on average: machine busy time minus `ours` (default: this
        process and its reaped children), over the wall time."""
        return round(max(self.busy - (self.cpu if ours is None else ours), 0.0) / self.wall, 2) if self.wall else 0.0

    def rates(self, docs: int) -> dict:
        """docs/s of wall time and docs per CPU-second (= docs/s/core for a single-threaded run)."""
        return {"documents": docs, "wall_s": round(self.wall, 3), "cpu_s": round(self.cpu, 3),
                "docs_per_s_wall": round(docs / self.wall, 1) if self.wall else None,
                "docs_per_cpu_s": round(docs / self.cpu, 1) if self.cpu else None,
                "other_jobs_cores": self.other_cores()}


@contextmanager
def measured(children: bool = True) -> Iterator[Measure]:
    """Wall, CPU seconds and machine-wide busy seconds of the block. The CPU of children counts once they are
    reaped; `children=False` counts this process alone (for a block that starts none, run after others that did)."""
    m = Measure()
    clock = cpu_seconds if children else time.process_time
    wall, cpu, busy = time.perf_counter(), clock(), machine_busy_seconds()
    try:
        yield m
    finally:
        m.wall, m.cpu = time.perf_counter() - wall, clock() - cpu
        m.busy = machine_busy_seconds() - busy


def ratio(a: float | None, b: float | None) -> float | None:
    return round(a / b, 2) if a and b else None


def cache_dir(name: str) -> Path:
    """A directory under the system temp dir that survives between runs (generated corpora)."""
    path = Path(tempfile.gettempdir()) / "miner-bench" / name
    path.mkdir(parents=True, exist_ok=True)
    return path


def cc_corpus(docs: int, seed: int = 0, shards: int = 1) -> list[Path]:
    """A Common-Crawl-like demo corpus (~30 KB pages, heavy boilerplate), generated once per argument set."""
    from miner.demo import generate_demo

    root = cache_dir(f"cc-docs{docs}-seed{seed}-shards{shards}")
    done = root / ".done"
    if not done.exists():
        generate_demo(root, docs=docs, seed=seed, profile="cc", shards=shards)
        done.write_text(now())
    return sorted(root.glob("*.warc.gz"))


def write_results(out: str | Path, report: dict, markdown: str) -> None:
    """`out` (JSON) and the same name with .md, for people."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    out.with_suffix(".md").write_text(markdown, encoding="utf-8")
    print(f"wrote {out} and {out.with_suffix('.md')}")


def md_table(header: list[str], rows: list[list]) -> str:
    def fmt(v) -> str:
        if v is None:
            return "-"
        if isinstance(v, float):
            return f"{v:.2f}" if abs(v) < 10 else f"{v:,.1f}"
        return str(v)

    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(fmt(v) for v in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"
