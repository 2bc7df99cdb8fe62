"""Fuzz the reader and extractor with mutants of a demo WARC made here: truncations, byte flips, corrupted
headers, inserted garbage, in the gzip file and in its plain (decompressed) form.

Every mutant must be read without an exception, within a time budget, with skip reasons that name what went
wrong (no exception class names), and with every record accounted for: each record of the clean file that lies
wholly before the damage comes back unchanged, and the damage itself shows as a skip (or as records that differ),
never as silence. In a gzip-per-record file, records in members after the damaged one come back too.
"""
from __future__ import annotations

import gzip
import io
import random
import threading

import pytest

from miner.demo import generate_demo
from miner.extract import extract_text
from miner.warc import Document, Skip, read_records

BUDGET_SECONDS = 20  # per mutant (a clean read of the base file takes about 0.05 s)
MUTANTS_PER_KIND = 12


@pytest.fixture(scope="module")
def bases(tmp_path_factory) -> dict[str, bytes]:
    out = tmp_path_factory.mktemp("fuzz")
    generate_demo(out, docs=34, seed=11, shards=1)
    (path,) = sorted(out.glob("*.warc.gz"))
    data = path.read_bytes()
    return {"gzip": data, "plain": gzip.decompress(data)}


def _read(data: bytes) -> list[tuple]:
    """(kind, offset, url, reason or extracted text) of every item, extraction included."""
    items = []
    for item in read_records(io.BytesIO(data), "fuzz"):
        if isinstance(item, Skip):
            items.append(("skip", item.offset, item.url, item.reason))
        else:
            items.append(("doc", item.offset, item.url, extract_text(item.content)))
    return items


def _read_within_budget(data: bytes) -> list[tuple]:
    result: dict = {}

    def work():
        try:
            result["items"] = _read(data)
        except BaseException as exc:  # noqa: BLE001 - reported below
            result["error"] = exc

    thread = threading.Thread(target=work, daemon=True)
    thread.start()
    thread.join(BUDGET_SECONDS)
    assert not thread.is_alive(), f"no answer within {BUDGET_SECONDS} s"
    assert "error" not in result, repr(result.get("error"))
    return result["items"]


def _members(data: bytes) -> list[int]:
    """Start offsets of the records of the clean file (the offsets a clean read reports)."""
    return [offset for _, offset, *_ in _read(data)]


def _mutants(data: bytes, starts: list[int], rng: random.Random):
    """(kind, damaged from, damaged to, shift after it, mutant bytes)."""
    n = len(data)
    for _ in range(MUTANTS_PER_KIND):
        cut = rng.randrange(1, n)
        yield "truncate", cut, n, 0, data[:cut]
    for _ in range(MUTANTS_PER_KIND):
        at = sorted(rng.sample(range(n), rng.randint(1, 4)))
        bad = bytearray(data)
        for i in at:
            bad[i] ^= rng.randrange(1, 256)
        yield "flip", at[0], at[-1] + 1, 0, bytes(bad)
    for _ in range(MUTANTS_PER_KIND):  # a record's first bytes (gzip header / "WARC/1.0" and its fields)
        start = rng.choice(starts)
        i = start + rng.randrange(0, 40)
        bad = bytearray(data)
        bad[i] ^= rng.randrange(1, 256)
        yield "header", i, i + 1, 0, bytes(bad)
    for _ in range(MUTANTS_PER_KIND):
        at = rng.choice([*starts, *(rng.randrange(n) for _ in range(3))])
        junk = rng.choice([rng.randbytes(rng.randint(1, 300)), b"\r\n" * 50, b"\x1f\x8b\x08" + rng.randbytes(20),
                           b"WARC/1.0\r\nContent-Length: 99999999\r\n\r\n"])
        yield "insert", at, at, len(junk), data[:at] + junk + data[at:]


@pytest.mark.parametrize("base", ["gzip", "plain"])
def test_mutants_never_crash_hang_or_lose_records_silently(bases, base):
    data = bases[base]
    clean = _read(data)
    starts = [offset for _, offset, *_ in clean]
    ends = starts[1:] + [len(data)]
    assert len(clean) >= 34 and not any(kind == "skip" and reason.startswith(("read_error", "incomplete"))
                                        for kind, _, _, reason in clean)
    rng = random.Random(f"fuzz-{base}")
    for kind, lo, hi, shift, mutant in _mutants(data, starts, rng):
        where = f"{base} {kind} at {lo}"
        items = _read_within_budget(mutant)
        reasons = [r for k, _, _, r in items if k == "skip"]
        assert not any("unexpected" in r or r.endswith("Error") for r in reasons), (where, reasons)
        got = set(items)
        before = [item for item, end in zip(clean, ends) if end <= lo]
        assert all(item in got for item in before), (where, [i for i in before if i not in got][:2])
        damaged = [item for item, start, end in zip(clean, starts, ends) if end > lo and start < max(hi, lo + 1)]
        after = [(k, o + shift, u, r) for (k, o, u, r), start in zip(clean, starts) if start >= max(hi, lo + 1)]
        if damaged and all(item in got for item in damaged) and kind != "insert":
            continue  # the flipped bytes did not matter (inside text the extractor drops, a header value ...)
        if kind == "truncate":
            assert items[-1][0] == "skip" or items[-1] not in clean, (where, items[-3:])
            continue
        explained = len(items) > len(before)  # something stands for the damaged records
        assert explained, (where, items[-3:])
        if base == "gzip" and kind != "insert":
            # reading goes on after the damaged member: all later members but (at most) the one after it
            assert all(item in got for item in after[1:]), (where, [i for i in after[1:] if i not in got][:2])
