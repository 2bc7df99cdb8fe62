"""Counters every step keeps: what it read, wrote and dropped (with reasons).

Stats are plain dicts of ints so they merge across workers and land in the manifest as they are.
"""
from __future__ import annotations

import time
from collections import Counter
from contextlib import contextmanager
from typing import Iterable, Iterator, Mapping


class Stats:
    def __init__(self, counts: Mapping[str, int] | None = None):
        self.counts: Counter[str] = Counter(counts or {})

    def add(self, key: str, n: int = 1) -> None:
        self.counts[key] += n

    def drop(self, stage: str, reason: str, n: int = 1) -> None:
        """Count `n` dropped documents under `dropped/<stage>/<reason>`."""
        self.counts[f"dropped/{stage}/{reason}"] += n

    def merge(self, other: "Stats | Mapping[str, int]") -> "Stats":
        self.counts.update(other.counts if isinstance(other, Stats) else other)
        return self

    def as_dict(self) -> dict[str, int]:
        return dict(sorted(self.counts.items()))

    @classmethod
    def merged(cls, many: Iterable["Stats | Mapping[str, int]"]) -> "Stats":
        total = cls()
        for one in many:
            total.merge(one)
        return total


def drops_by_reason(counts: Mapping[str, int]) -> dict[str, int]:
    """`dropped/<stage>/<reason>` counters as {"stage/reason": n}."""
    return {k.removeprefix("dropped/"): v for k, v in sorted(counts.items()) if k.startswith("dropped/")}


class PhaseTimes:
    """CPU seconds per phase of a work unit (like datatrove's per-step time stats). They go to the run's perf/
    files, never to the manifest: release bytes must not depend on the machine."""

    def __init__(self) -> None:
        self.seconds: Counter[str] = Counter()

    @contextmanager
    def phase(self, name: str) -> Iterator[None]:
        start = time.process_time()
        try:
            yield
        finally:
            self.seconds[name] += time.process_time() - start

    def as_dict(self, total: float | None = None) -> dict[str, float]:
        """Seconds per phase, rounded; with the unit's `total` CPU seconds, the rest is filed as "other"."""
        out = {k: round(v, 4) for k, v in sorted(self.seconds.items())}
        if total is not None:
            out["other"] = round(max(0.0, total - sum(self.seconds.values())), 4)
        return out
