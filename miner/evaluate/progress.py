"""Texts done, texts/s and ETA of a long loop (generation, scoring), on stderr."""
from __future__ import annotations

import sys
import time


class Throughput:
    """Counts only this run's texts: rows found from an earlier run are not in `total`."""

    def __init__(self, label: str, total: int, every: float = 5.0, stream=None):
        self.label, self.total, self.every, self.stream = label, total, every, stream
        self.done = 0
        self.start = self.last = time.monotonic()

    def update(self, n: int = 1) -> None:
        self.done += n
        now = time.monotonic()
        if now - self.last >= self.every or self.done == self.total:
            self.last = now
            rate = self.done / max(now - self.start, 1e-9)
            eta = (self.total - self.done) / rate if rate else float("inf")
            print(f"[{self.label}] {self.done}/{self.total} texts ({100 * self.done / max(self.total, 1):.0f}%), "
                  f"{rate:.1f} texts/s, elapsed {now - self.start:.0f}s, ETA {eta:.0f}s",
                  file=self.stream or sys.stderr, flush=True)
