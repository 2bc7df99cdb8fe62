"""Executors run a stage's work units; they know nothing about what a unit does.

`LocalExecutor` runs units in this process, in order. `RayExecutor` runs them as Ray tasks on a local
Ray instance (`workers` CPUs) or on a running cluster (`address`): at most `workers` tasks in flight, each
started after a random delay (object stores throttle bursts), given a memory request, retried on failure and
failed after `task_timeout_s`. Units write their own outputs atomically to shared storage; only small stats
dicts travel back through Ray. A unit that still fails comes back as a `TaskFailure` naming it; `map` stops
submitting once more than `max_failures` have failed.
"""
from __future__ import annotations

import hashlib
import logging
import os
import random
import sys
import tempfile
import time
from dataclasses import dataclass
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


@dataclass(frozen=True)
class TaskFailure:
    """A unit that failed after its retries, or timed out: its label and the reason."""
    label: str
    reason: str


def _reason(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[-1] if text else ''}"[:500]


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
            total_bytes: int = 0, labels: Sequence[str] | None = None, max_failures: int = 0,
            memory_bytes: int = 0, total_texts: int = 0) -> list[dict | TaskFailure]:
        """Run the units in order. With max_failures = 0 an error propagates as it is (its traceback intact);
        otherwise failed units come back as TaskFailure until more than max_failures have failed."""
        progress = Progress(stage, len(tasks), total_bytes, total_texts=total_texts)
        results: list[dict | TaskFailure] = []
        failed = 0
        for i, args in enumerate(tasks):
            if not max_failures:
                results.append(fn(*args))
            else:
                try:
                    results.append(fn(*args))
                except Exception as exc:  # noqa: BLE001 - recorded with the unit, the stage decides
                    results.append(TaskFailure(labels[i] if labels else str(i), _reason(exc)))
                    failed += 1
                    if failed > max_failures:
                        break
                    continue
            progress.update(results[-1])
        return results

    def close(self) -> None:
        pass


def _jittered(fn: Callable[..., dict], jitter_s: float) -> Callable[..., dict]:
    """`fn` behind a random start delay of up to jitter_s seconds."""
    def run(*args):
        if jitter_s:
            time.sleep(random.uniform(0, jitter_s))
        return fn(*args)
    run.__name__ = getattr(fn, "__name__", "task")
    return run


class RayExecutor:
    name = "ray"

    def __init__(self, workers: int = 2, address: str | None = None, max_retries: int = 3,
                 task_timeout_s: float = 3600.0, start_jitter_s: float = 1.0):
        import ray

        self.workers = workers
        self.max_retries = max_retries
        self.task_timeout_s = task_timeout_s
        self.start_jitter_s = start_jitter_s
        self._ray = ray
        if not ray.is_initialized():
            if address:
                ray.init(address=address, logging_level=logging.WARNING, log_to_driver=False)
            else:
                # a short temp dir: Ray's socket paths must stay under 108 characters
                key = hashlib.sha1(os.getcwd().encode()).hexdigest()[:8]
                temp_dir = Path(tempfile.gettempdir()) / f"miner-ray-{key}"
                # Ray turns token authentication on for a new local instance and says so in a warning on every
                # start; it stays on, the notice is not repeated (README, "On a Ray cluster")
                logging.getLogger("ray._private.authentication.authentication_token_setup").setLevel(logging.ERROR)
                ray.init(num_cpus=workers, include_dashboard=False, _temp_dir=str(temp_dir),
                         logging_level=logging.WARNING, log_to_driver=False)
        self._owned = not address

    def map(self, stage: str, fn: Callable[..., dict], tasks: Sequence[tuple], num_gpus: float = 0,
            total_bytes: int = 0, labels: Sequence[str] | None = None, max_failures: int = 0,
            memory_bytes: int = 0, total_texts: int = 0) -> list[dict | TaskFailure | None]:
        """Run `fn(*args)` for each task, at most `workers` at a time; `num_gpus` per task for stages that
        score with a GPU model, `memory_bytes` as each task's Ray memory request (0: none)."""
        ray = self._ray
        options = {"num_cpus": 1, "num_gpus": num_gpus, "max_retries": self.max_retries, "retry_exceptions": True}
        if memory_bytes:
            options["memory"] = int(memory_bytes)
        remote = ray.remote(**options)(_jittered(fn, self.start_jitter_s))
        labels = list(labels) if labels else [str(i) for i in range(len(tasks))]
        progress = Progress(stage, len(tasks), total_bytes, total_texts=total_texts)
        results: list[dict | TaskFailure | None] = [None] * len(tasks)
        running: dict[Any, tuple[int, float]] = {}  # ref -> (task index, start time)
        queue, failed = list(range(len(tasks))), 0
        while (queue and failed <= max_failures) or running:
            while queue and len(running) < self.workers and failed <= max_failures:
                i = queue.pop(0)
                running[remote.remote(*tasks[i])] = (i, time.monotonic())
            ready, _ = ray.wait(list(running), num_returns=1, timeout=1.0)
            for ref in ready:
                i, _ = running.pop(ref)
                try:
                    results[i] = ray.get(ref)
                    progress.update(results[i])
                except Exception as exc:  # noqa: BLE001 - the task's error (after its retries), recorded
                    results[i] = TaskFailure(labels[i], _reason(getattr(exc, "cause", None) or exc))
                    failed += 1
            now = time.monotonic()
            for ref, (i, started) in list(running.items()):
                if now - started > self.task_timeout_s:
                    ray.cancel(ref, force=True)
                    del running[ref]
                    results[i] = TaskFailure(labels[i], f"timed out after {self.task_timeout_s:g} s")
                    failed += 1
        return results  # None for units never started (stopped after too many failures)

    def close(self) -> None:
        if self._owned and self._ray.is_initialized():
            self._ray.shutdown()


def make_executor(name: str, workers: int = 1, address: str | None = None, **ray_options):
    """`ray_options`: task_timeout_s, start_jitter_s, max_retries of RayExecutor."""
    if name == "local":
        return LocalExecutor()
    if name == "ray":
        return RayExecutor(workers=workers, address=address, **ray_options)
    raise ValueError(f"unknown executor {name!r} (choose local or ray)")
