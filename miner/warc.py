"""Read WARC, ARC and WET files into candidate documents, counting every record it does not keep.

Real crawl files are messy: truncated gzip members, bad chunked encoding, revisit records, legacy ARC,
`<...>`-wrapped target URIs, malformed dates, whole files in one gzip member, legacy charsets. The reader
never raises on bad input: a record it cannot use becomes a `Skip` with a reason, and an unreadable remainder
of a file becomes one `Skip("read_error:...")`.
"""
from __future__ import annotations

import codecs
import gzip
import hashlib
import logging
import re
import zlib
from dataclasses import dataclass
from datetime import datetime
from typing import IO, TYPE_CHECKING, Iterator

from charset_normalizer import from_bytes
from warcio.archiveiterator import ArchiveIterator

if TYPE_CHECKING:
    from .sources import RetryPolicy

logging.getLogger("warcio").setLevel(logging.ERROR)  # we count defects ourselves, as Skips

HTML_TYPES = ("text/html", "application/xhtml+xml")
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_:.\-]+)""", re.IGNORECASE)
_ARC_HEADER = re.compile(rb"^\S+ \S+ \d{14} \S+ \d+\r?\n")  # URL IP date mime length (ARC v1 record line)
_HTML_SNIFF = re.compile(rb"^\s*(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body)", re.IGNORECASE | re.DOTALL)
# WHATWG encoding aliases: what browsers do with the labels pages declare.
_CHARSET_ALIASES = {
    "iso-8859-1": "cp1252", "latin1": "cp1252", "latin-1": "cp1252", "us-ascii": "cp1252", "ascii": "cp1252",
    "gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "shift_jis": "cp932", "shift-jis": "cp932",
    "sjis": "cp932", "x-sjis": "cp932", "windows-31j": "cp932", "euc-kr": "cp949", "ks_c_5601-1987": "cp949",
    "tis-620": "cp874", "iso-8859-9": "cp1254", "x-euc-jp": "euc_jp", "utf8": "utf-8",
}


@dataclass(frozen=True)
class Document:
    """A record worth extracting: decoded HTML (or WET text) plus its provenance."""

    doc_id: str
    url: str
    warc_record_id: str
    source: str
    offset: int
    fetch_date: str | None
    content: str
    content_type: str        # "html" or "text"
    charset: str


@dataclass(frozen=True)
class Skip:
    """A record the reader did not turn into a document, and why."""

    reason: str
    source: str
    offset: int
    url: str = ""
    warc_record_id: str = ""


@dataclass(frozen=True)
class ReadLimits:
    max_record_bytes: int = 50_000_000
    max_payload_bytes: int = 20_000_000


def doc_id_for(warc_record_id: str, source: str, offset: int) -> str:
    """Stable document id: from the file name and the WARC-Record-ID (else the offset). The file name is part
    of the key because copied WARC files repeat record ids; it is the base name, so moving files keeps ids."""
    key = f"{source.rsplit('/', 1)[-1]}:{warc_record_id or offset}"
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:20]


def clean_uri(uri: str | None) -> str:
    """Strip the `<...>` some writers (wget) wrap around WARC-Target-URI, and encode spaces."""
    uri = (uri or "").strip()
    if uri.startswith("<") and uri.endswith(">"):
        uri = uri[1:-1].strip()
    return uri.replace(" ", "%20")


# days 29-31 take strptime's path, which knows month lengths and leap years
_ISO_SECONDS = re.compile(r"\d{4}-(0[1-9]|1[0-2])-(0[1-9]|1\d|2[0-8])T([01]\d|2[0-3]):[0-5]\d:[0-5]\dZ")


def parse_date(value: str | None) -> str | None:
    """ISO 8601 date of a WARC-Date / ARC date, or None when it is malformed."""
    if not value:
        return None
    value = value.strip()
    if _ISO_SECONDS.fullmatch(value):  # the usual WARC-Date, already in the output form (strptime is slow)
        return value
    for fmt in ("%Y-%m-%dT%H:%M:%SZ", "%Y-%m-%dT%H:%M:%S.%fZ", "%Y%m%d%H%M%S"):
        try:
            return datetime.strptime(value, fmt).strftime("%Y-%m-%dT%H:%M:%SZ")
        except ValueError:
            continue
    return None


def _charset_from_content_type(content_type: str | None) -> str | None:
    if not content_type:
        return None
    match = re.search(r"charset\s*=\s*[\"']?([^\s;\"']+)", content_type, re.IGNORECASE)
    return match.group(1) if match else None


def _codec(label: str | None) -> str | None:
    if not label:
        return None
    label = label.strip().lower()
    label = _CHARSET_ALIASES.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def _declared_charsets(payload: bytes, content_type: str | None) -> Iterator[str | None]:
    """The HTTP header's charset, then the `<meta charset>` (searched only if the header's did not decode)."""
    yield _charset_from_content_type(content_type)
    meta = _META_CHARSET.search(payload[:4096])
    yield meta.group(1).decode("ascii", "ignore") if meta else None


def decode_payload(payload: bytes, content_type: str | None) -> tuple[str, str]:
    """Bytes to text: BOM, then the HTTP charset, then `<meta charset>`, then detection, then UTF-8 with
    replacement. Returns (text, charset used). The text is always valid UTF-8 once encoded."""
    for bom, name in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if payload.startswith(bom):
            return payload.decode(name, errors="replace").lstrip("\ufeff"), name
    for label in _declared_charsets(payload, content_type):
        codec = _codec(label)
        if codec:
            try:
                return payload.decode(codec), codec
            except (UnicodeDecodeError, LookupError):
                continue
    try:
        return payload.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    best = from_bytes(payload[:65536]).best()
    if best is not None and best.encoding:
        return payload.decode(best.encoding, errors="replace"), best.encoding
    return payload.decode("utf-8", errors="replace"), "utf-8-replace"


def _mime(content_type: str | None) -> str:
    return (content_type or "").split(";", 1)[0].strip().lower()


def _looks_like_html(payload: bytes) -> bool:
    return bool(_HTML_SNIFF.match(payload[:1024]))


def _record_to_doc(record, it: ArchiveIterator, source: str, offset: int, limits: ReadLimits) -> Document | Skip:
    headers = record.rec_headers
    rec_type = record.rec_type
    record_id = (headers.get_header("WARC-Record-ID") or "").strip()
    url = clean_uri(headers.get_header("WARC-Target-URI") or headers.get_header("uri"))
    skip = lambda reason: Skip(reason, source, offset, url, record_id)  # noqa: E731

    if rec_type not in ("response", "resource", "conversion"):
        return skip(f"record_type:{rec_type}")
    length = int(headers.get_header("Content-Length") or 0)
    if length > limits.max_record_bytes:
        return skip("record_too_large")

    if rec_type == "response" and record.http_headers is not None:
        status = record.http_headers.get_statuscode() or ""
        if not status.startswith("2"):
            return skip(f"http_status:{status or 'missing'}")
        content_type = record.http_headers.get_header("Content-Type")
    else:
        content_type = headers.get_header("Content-Type")

    payload = record.content_stream().read(limits.max_payload_bytes + 1)
    if len(payload) > limits.max_payload_bytes:
        return skip("payload_too_large")
    if getattr(record.raw_stream, "limit", 0) > 0:  # the file ended inside this record
        return skip("truncated_record")
    if not payload.strip():
        return skip("empty_payload")

    mime = _mime(content_type)
    if rec_type == "conversion":
        kind = "text"
    elif mime in HTML_TYPES or (mime in ("", "application/octet-stream", "text/plain") and _looks_like_html(payload)):
        kind = "html"
    else:
        return skip(f"not_html:{mime or 'unknown'}")

    text, charset = decode_payload(payload, content_type)
    return Document(
        doc_id=doc_id_for(record_id, source, offset),
        url=url,
        warc_record_id=record_id,
        source=source,
        offset=offset,
        fetch_date=parse_date(headers.get_header("WARC-Date") or headers.get_header("archive-date")),
        content=text,
        content_type=kind,
        charset=charset,
    )


def _iterate(stream: IO[bytes], source: str, limits: ReadLimits, skip_first: int = 0) -> Iterator[Document | Skip]:
    it = ArchiveIterator(stream, arc2warc=True)
    it.loader.HTTP_RECORDS = ("response",)  # request and revisit records are skipped: do not parse their headers
    index = 0
    while True:
        try:
            record = next(it)
            offset = it.offset  # set to this record's start inside next() (warcio reads the previous to its end)
        except StopIteration:
            if _remaining(stream, it.offset):  # bytes left that warcio could not parse: a cut-off record
                yield Skip("truncated_tail", source, it.offset)
            return
        except Exception as exc:  # warcio raises many types on broken input
            yield Skip(f"read_error:{type(exc).__name__}", source, it.offset)
            return
        index += 1
        if index <= skip_first:
            continue
        try:
            yield _record_to_doc(record, it, source, offset, limits)
        except Exception as exc:
            yield Skip(f"record_error:{type(exc).__name__}", source, offset)


def read_records(stream: IO[bytes], source: str, limits: ReadLimits = ReadLimits()) -> Iterator[Document | Skip]:
    """Documents and skips of one WARC/ARC/WET stream from its current position, in file order.

    A file written as one gzip member holding many records (invalid, but seen in the wild) is re-read as a
    plain decompressed stream from the record where warcio gave up.
    """
    begin = stream.tell() if _seekable(stream) else 0
    yielded = 0
    for item in _iterate(stream, source, limits):
        if (isinstance(item, Skip) and item.reason == "read_error:ArchiveLoadFailed" and yielded and begin == 0
                and _seekable(stream)):
            stream.seek(0)
            yield from _iterate(gzip.GzipFile(fileobj=stream), source, limits, skip_first=yielded)
            return
        yielded += 1
        yield item


def _remaining(stream: IO[bytes], offset: int) -> bool:
    """Whether a seekable stream has bytes after `offset` (ignoring trailing blank lines)."""
    if not _seekable(stream):
        return False
    here = stream.tell()
    try:
        stream.seek(offset)
        return bool(stream.read(4096).strip(b"\r\n\x00"))
    finally:
        stream.seek(here)


def _seekable(stream: IO[bytes]) -> bool:
    try:
        return stream.seekable()
    except (AttributeError, ValueError):
        return False


def next_record_offset(stream: IO[bytes], start: int, end: int | None = None, window: int = 1 << 20) -> int | None:
    """The offset of the first record that starts at or after `start` (and before `end`), or None.

    This is what lets one large file be split into byte ranges read by different workers: in a gzip-per-record
    file a record starts with a gzip member whose data begins with "WARC/"; in a plain file with a "WARC/1."
    line. A file that is one gzip member cannot be split: only its first range holds records.
    """
    stream.seek(0)
    gzipped = stream.read(2) == b"\x1f\x8b"
    pos = start
    while end is None or pos < end:
        stream.seek(pos)
        block = stream.read(window + 4096)
        if not block:
            return None
        marker = b"\x1f\x8b\x08" if gzipped else b"WARC/"
        at = block.find(marker)
        while 0 <= at < window:
            candidate = pos + at
            if end is not None and candidate >= end:
                return None
            if gzipped:
                try:
                    head = zlib.decompressobj(31).decompress(block[at:at + 4096], 512)
                except zlib.error:
                    head = b""
                if head.startswith((b"WARC/", b"filedesc:")) or _ARC_HEADER.match(head):
                    return candidate
            elif candidate == 0 or block[at - 1:at] == b"\n" or (at == 0 and _prev_is_newline(stream, candidate)):
                return candidate
            at = block.find(marker, at + 1)
        pos += window
    return None


def _prev_is_newline(stream: IO[bytes], offset: int) -> bool:
    stream.seek(offset - 1)
    return stream.read(1) == b"\n"


def read_file(path: str, limits: ReadLimits = ReadLimits(), start: int = 0, end: int | None = None,
              policy: RetryPolicy | None = None) -> Iterator[Document | Skip]:
    """Records of `path` (local or remote) whose start offset lies in [start, end); an unopenable file is one
    Skip. `start` need not be a record boundary: reading begins at the next record. `policy` sets the retries
    of remote reads."""
    from .sources import RemoteReadError, RetryPolicy, open_input

    try:
        stream = open_input(path, policy or RetryPolicy())
    except (OSError, RemoteReadError) as exc:
        yield Skip(f"open_error:{type(exc).__name__}", path, start)
        return
    with stream:
        if start or end is not None:
            first = next_record_offset(stream, start, end)
            if first is None:
                return
            stream.seek(first)
        for item in read_records(stream, path, limits):
            if end is not None and item.offset >= end:
                return
            yield item
