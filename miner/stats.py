"""Counters every step keeps: what it read, wrote and dropped (with reasons).

Stats are plain dicts of ints so they merge across workers and land in the manifest as they are.
"""
from __future__ import annotations

from collections import Counter
from typing import Iterable, Mapping


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
