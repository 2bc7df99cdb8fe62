"""Write WARC records with warcio, reproducibly.

warcio builds and digests the records; each record is then compressed into its own gzip member with a
fixed header (mtime 0, OS "unknown") so the same inputs give byte-identical files on any machine.
Record IDs come from the caller's seeded RNG and every WARC-Date is given explicitly.
"""
from __future__ import annotations

import random
import struct
import uuid
import zlib
from datetime import datetime
from io import BytesIO
from pathlib import Path
from urllib.parse import urlsplit

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

GZIP_HEADER = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff"  # deflate, no flags, mtime 0, no xfl, OS unknown
REASONS = {200: "OK", 301: "Moved Permanently", 302: "Found", 404: "Not Found"}


def gzip_member(data: bytes, level: int = 6) -> bytes:
    """One gzip member holding `data`, with no timestamp or host in the header."""
    return GZIP_HEADER + zlib.compress(data, level, -zlib.MAX_WBITS) + struct.pack("<II", zlib.crc32(data), len(data) & 0xFFFFFFFF)


def warc_date(dt: datetime) -> str:
    return dt.strftime("%Y-%m-%dT%H:%M:%SZ")


def http_date(dt: datetime) -> str:
    return dt.strftime("%a, %d %b %Y %H:%M:%S GMT")


class ReproducibleWarcWriter:
    """Appends gzip-per-record WARC records to `path`; IDs are drawn from `rng`."""

    def __init__(self, path: Path, rng: random.Random, level: int = 6):
        self.path = Path(path)
        self.rng = rng
        self.level = level
        self._buf = BytesIO()
        self._writer = WARCWriter(self._buf, gzip=False)
        self._out = self.path.open("wb")
        self.counts: dict[str, int] = {}

    def __enter__(self) -> "ReproducibleWarcWriter":
        return self

    def __exit__(self, *exc) -> None:
        self._out.close()

    def new_id(self) -> str:
        return f"<urn:uuid:{uuid.UUID(int=self.rng.getrandbits(128), version=4)}>"

    def _write(self, record) -> None:
        self._buf.seek(0)
        self._buf.truncate()
        self._writer.write_record(record)
        self._out.write(gzip_member(self._buf.getvalue(), self.level))
        self.counts[record.rec_type] = self.counts.get(record.rec_type, 0) + 1

    def warcinfo(self, date: datetime, fields: dict[str, str]) -> str:
        rid = self.new_id()
        body = "".join(f"{k}: {v}\r\n" for k, v in fields.items()).encode("utf-8")
        rec = self._writer.create_warc_record(
            "", "warcinfo", payload=BytesIO(body), length=len(body), warc_content_type="application/warc-fields",
            warc_headers_dict={"WARC-Record-ID": rid, "WARC-Date": warc_date(date), "WARC-Filename": self.path.name})
        self._write(rec)
        return rid

    def request(self, url: str, date: datetime, concurrent_to: str, user_agent: str) -> str:
        rid = self.new_id()
        parts = urlsplit(url)
        target = parts.path + (f"?{parts.query}" if parts.query else "")
        http = StatusAndHeaders(f"GET {target} HTTP/1.1", [("Host", parts.netloc), ("User-Agent", user_agent),
                                ("Accept", "text/html,application/xhtml+xml,*/*;q=0.8"),
                                ("Accept-Encoding", "identity")], protocol="", is_http_request=True)
        rec = self._writer.create_warc_record(
            url, "request", http_headers=http,
            warc_headers_dict={"WARC-Record-ID": rid, "WARC-Date": warc_date(date), "WARC-Concurrent-To": concurrent_to})
        self._write(rec)
        return rid

    def response(self, rid: str, url: str, date: datetime, status: int, headers: list[tuple[str, str]],
                 body: bytes, payload_type: str | None) -> str:
        """Write a response; returns its WARC-Payload-Digest (for revisits)."""
        http = StatusAndHeaders(f"{status} {REASONS[status]}",
                                [("Date", http_date(date))] + headers + [("Content-Length", str(len(body)))],
                                protocol="HTTP/1.1")
        warc_headers = {"WARC-Record-ID": rid, "WARC-Date": warc_date(date)}
        if payload_type:
            warc_headers["WARC-Identified-Payload-Type"] = payload_type
        rec = self._writer.create_warc_record(url, "response", payload=BytesIO(body), length=len(body),
                                              http_headers=http, warc_headers_dict=warc_headers)
        self._write(rec)
        return rec.rec_headers.get_header("WARC-Payload-Digest")

    def revisit(self, url: str, date: datetime, refers_to: str, refers_to_date: datetime, digest: str,
                headers: list[tuple[str, str]]) -> str:
        rid = self.new_id()
        http = StatusAndHeaders("200 OK", [("Date", http_date(date))] + headers, protocol="HTTP/1.1")
        rec = self._writer.create_revisit_record(
            url, digest, url, warc_date(refers_to_date), http_headers=http,
            warc_headers_dict={"WARC-Record-ID": rid, "WARC-Date": warc_date(date), "WARC-Refers-To": refers_to})
        self._write(rec)
        return rid
