"""Executors run a stage's work units; they know nothing about what a unit does.

`LocalExecutor` runs units in this process, in order. `RayExecutor` runs them as Ray tasks on a local
Ray instance (`workers` CPUs) or on a running cluster (`address`), retrying failed units. Units write their
own outputs atomically to shared storage; only small stats dicts travel back through Ray.
"""
from __future__ import annotations

import hashlib
import logging
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Callable, Sequence

log = logging.getLogger("miner")

_PER_WORKER: dict[str, tuple[str, Any]] = {}


def per_worker(kind: str, key: str, build: Callable[[], Any]) -> Any:
    """One object of `kind` per worker process, rebuilt only when `key` (e.g. its config) changes: models are
    loaded once per worker, not once per work unit, and never pickled."""
    cached = _PER_WORKER.get(kind)
    if cached is None or cached[0] != key:
        _PER_WORKER[kind] = cached = (key, build())
    return cached[1]


class Progress:
    """Units done, documents/s, MB/s and ETA for one stage, on stderr and in the run log.

    The ETA follows input bytes when units report them (`input/bytes`: units differ in size), else units. Scoring
    stages give `total_texts`: their units report `scoring/texts`, and the line shows texts/s and an ETA from texts."""

    def __init__(self, stage: str, total: int, total_bytes: int = 0, every: float = 5.0, total_texts: int = 0):
        self.stage, self.total, self.total_bytes, self.every = stage, total, total_bytes, every
        self.total_texts = total_texts
        self.done = self.docs = self.bytes = self.texts = 0
        self.start = self.last = time.monotonic()

    def update(self, stats: dict[str, int]) -> None:
        self.done += 1
        self.docs += stats.get("records/documents", 0) + stats.get("prompts/candidates", 0)
        self.bytes += stats.get("input/bytes", 0)
        self.texts += stats.get("scoring/texts", 0)
        now = time.monotonic()
        if now - self.last >= self.every or self.done == self.total:
            self.last = now
            elapsed = max(now - self.start, 1e-9)
            if self.total_texts:
                eta = elapsed * (self.total_texts - self.texts) / max(self.texts, 1) if self.texts else 0.0
                line = (f"[{self.stage}] {self.done}/{self.total} units, {self.texts}/{self.total_texts} texts, "
                        f"{self.texts / elapsed:.1f} texts/s, elapsed {elapsed:.0f}s, ETA {max(eta, 0):.0f}s")
                print(line, file=sys.stderr, flush=True)
                log.info(line)
                return
            if self.total_bytes and self.bytes:
                eta = elapsed * (self.total_bytes - self.bytes) / self.bytes
            else:
                eta = elapsed / self.done * (self.total - self.done)
            rate = f", {self.bytes / elapsed / 1e6:.1f} MB/s" if self.bytes else ""
            line = (f"[{self.stage}] {self.done}/{self.total} units, {self.docs} docs, "
                    f"{self.docs / elapsed:.0f} docs/s{rate}, elapsed {elapsed:.0f}s, ETA {max(eta, 0):.0f}s")
            print(line, file=sys.stderr, flush=True)
            log.info(line)


class LocalExecutor:
    name = "local"
    workers = 1

    def map(self, stage: str, fn: Callable[..., dict], tasks: Sequence[tuple], num_gpus: float = 0,
            total_bytes: int = 0, total_texts: int = 0) -> list[dict]:
        progress = Progress(stage, len(tasks), total_bytes, total_texts=total_texts)
        results = []
        for args in tasks:
            results.append(fn(*args))
            progress.update(results[-1])
        return results

    def close(self) -> None:
        pass


class RayExecutor:
    name = "ray"

    def __init__(self, workers: int = 2, address: str | None = None, max_retries: int = 3):
        import ray

        self.workers = workers
        self.max_retries = max_retries
        self._ray = ray
        if not ray.is_initialized():
            if address:
                ray.init(address=address, logging_level=logging.WARNING, log_to_driver=False)
            else:
                # a short temp dir: Ray's socket paths must stay under 108 characters
                key = hashlib.sha1(os.getcwd().encode()).hexdigest()[:8]
                temp_dir = Path(tempfile.gettempdir()) / f"miner-ray-{key}"
                ray.init(num_cpus=workers, include_dashboard=False, _temp_dir=str(temp_dir),
                         logging_level=logging.WARNING, log_to_driver=False)
        self._owned = not address

    def map(self, stage: str, fn: Callable[..., dict], tasks: Sequence[tuple], num_gpus: float = 0,
            total_bytes: int = 0, total_texts: int = 0) -> list[dict]:
        """Run `fn(*args)` for each task; `num_gpus` per task for stages that score with a GPU model."""
        ray = self._ray
        remote = ray.remote(num_cpus=1, num_gpus=num_gpus, max_retries=self.max_retries, retry_exceptions=True)(fn)
        progress = Progress(stage, len(tasks), total_bytes, total_texts=total_texts)
        refs = [remote.remote(*args) for args in tasks]
        index = {ref: i for i, ref in enumerate(refs)}
        results: list[Any] = [None] * len(refs)
        pending = list(refs)
        while pending:
            ready, pending = ray.wait(pending, num_returns=1)
            for ref in ready:
                results[index[ref]] = ray.get(ref)
                progress.update(results[index[ref]])
        return results

    def close(self) -> None:
        if self._owned and self._ray.is_initialized():
            self._ray.shutdown()


def make_executor(name: str, workers: int = 1, address: str | None = None):
    if name == "local":
        return LocalExecutor()
    if name == "ray":
        return RayExecutor(workers=workers, address=address)
    raise ValueError(f"unknown executor {name!r} (choose local or ray)")
