"""Read WARC, ARC and WET files into candidate documents, counting every record it does not keep.

Real crawl files are messy: truncated gzip members, bad chunked encoding, revisit records, legacy ARC,
`<...>`-wrapped target URIs, malformed dates, whole files in one gzip member, legacy charsets. The reader
never raises on bad input: a record it cannot use becomes a `Skip` with a reason; an unreadable stretch of a
file becomes one `Skip("read_error:<why>")` and reading resumes at the next record boundary (a gzip member
that starts a record, a "WARC/" line).

Hostile input is bounded: a record header (WARC plus HTTP) may hold at most `max_header_bytes`, and so may the
blank lines or garbage between two records, so a gzip bomb of zeros, a header line of GiBs or GiBs of zeros after
a record stop at the limit (`no_record_header`, `header_too_large`, `garbage_between_records`) instead of
filling memory. Payloads are bounded by `max_payload_bytes`, records by `max_record_bytes`.

What is a defect of the file and what is an incomplete read: bytes that are there but cannot be parsed (a gzip
member cut off at the end of the file, a corrupted member header, a bad chunk) are a property of the file; every
re-read gives the same result, so failing on them would fail a run for ever. They are counted skips and the run
goes on. A read that stopped because the *source* failed (a remote server that kept dropping the connection past
every retry, a file that disappeared, a local I/O error) lost an unknown part of a file that a later attempt may
read whole; it is a `Skip("incomplete:<why>")` (`open_error:<why>` when it cannot be opened), which `miner run` treats as a failed input unless it is told
`--allow-incomplete` (then the release says it is incomplete). A remote file that is served to its declared end
but is itself truncated is a defect of the file, like a local one.
"""
from __future__ import annotations

import codecs
import gzip
import hashlib
import io
import logging
import re
import zlib
from dataclasses import dataclass
from datetime import datetime
from typing import IO, TYPE_CHECKING, Iterator

from charset_normalizer import from_bytes
from warcio.archiveiterator import ArchiveIterator
from warcio.bufferedreaders import DecompressingBufferedReader
from warcio.exceptions import ArchiveLoadFailed

if TYPE_CHECKING:
    from .sources import RetryPolicy

logging.getLogger("warcio").setLevel(logging.ERROR)  # we count defects ourselves, as Skips
log = logging.getLogger("miner.warc")  # warnings about a file (with its name) go to the run log

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
    max_header_bytes: int = 1 << 20  # a record's WARC + HTTP header, and the bytes between two records


class ReadLimitExceeded(Exception):
    """The reader met more bytes than a limit allows where a record boundary was due; `reason` names which."""

    def __init__(self, reason: str, limit: int):
        super().__init__(f"{reason.replace('_', ' ')}: more than {limit:,} bytes")
        self.reason = reason


class CorruptGzip(Exception):
    """A gzip member that stopped decompressing part-way (warcio writes this to stderr and reads on as EOF)."""


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
    for bom, name in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
                      (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
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
    length = (headers.get_header("Content-Length") or "0").strip()
    if not length.isdigit():
        return skip("bad_content_length")
    if int(length) > limits.max_record_bytes:
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


class _GuardedReader(DecompressingBufferedReader):
    """warcio's reader with a byte budget on line reads (headers, blank lines) and loud decompression errors."""

    budget: int | None = None  # bytes that line reads may still return; None: no budget (payload)
    reason = ""
    lines = 0

    def start(self, reason: str, budget: int | None) -> None:
        self.reason, self.budget, self.lines, self.limit = reason, budget, 0, budget

    def readline(self, length=None):
        if self.budget is None:
            return super().readline(length)
        cap = self.budget + 1
        line = super().readline(cap if length is None else min(length, cap))
        self.budget -= len(line)
        self.lines += 1
        if self.budget < 0:
            reason = "no_record_header" if self.reason == "header_too_large" and self.lines == 1 else self.reason
            raise ReadLimitExceeded(reason, self.limit)
        return line

    def _decompress(self, data):
        if self.decompressor and data and self.num_block_read:
            try:
                return self.decompressor.decompress(data)
            except zlib.error as exc:
                raise CorruptGzip(str(exc)) from None
        return super()._decompress(data)


class _Archive(ArchiveIterator):
    """ArchiveIterator whose record headers and inter-record gaps are bounded, and whose warnings are logged."""

    def __init__(self, stream: IO[bytes], source: str, limits: ReadLimits):
        super().__init__(stream, arc2warc=True)
        self.reader = _GuardedReader(self.fh, block_size=self.reader.block_size)
        self.loader.HTTP_RECORDS = ("response",)  # request and revisit records are skipped: do not parse them
        self.source, self.limits = source, limits

    def _next_record(self, next_line):
        self.reader.start("header_too_large", self.limits.max_header_bytes)
        try:
            return super()._next_record(next_line)
        finally:
            self.reader.start("", None)

    def _consume_blanklines(self):
        """warcio's loop (blank lines end a record), within a budget, with its warning sent to the log."""
        self.reader.start("garbage_between_records", self.limits.max_header_bytes)
        try:
            empty_size, first = 0, True
            while True:
                line = self.reader.readline()
                if not line:
                    return None, empty_size
                if not line.rstrip() or first:
                    empty_size += len(line)
                    if line.rstrip():
                        log.warning("%s: record at offset %d not followed by a blank line (Content-Length "
                                    "wrong?): %r", self.source, self.offset, line[:80])
                    first = False
                    continue
                return line, empty_size
        finally:
            self.reader.start("", None)


_ONE_MEMBER = "read_error:one_gzip_member"  # a whole file in one gzip member: read_records re-reads it
_NOT_WARC = "read_error:not_a_warc_record"


def _read_error(exc: BaseException) -> str:
    """A reason a user understands for an exception raised while reading records."""
    from .sources import RemoteReadError

    if isinstance(exc, ReadLimitExceeded):
        return f"read_error:{exc.reason}"
    if isinstance(exc, RemoteReadError):
        return "incomplete:remote_read_failed"
    if isinstance(exc, EOFError):
        return "read_error:truncated_gzip"
    if isinstance(exc, (zlib.error, gzip.BadGzipFile, CorruptGzip)):
        return "read_error:corrupt_gzip"
    if isinstance(exc, ArchiveLoadFailed):
        return _ONE_MEMBER if "non-chunked gzip" in str(exc) else _NOT_WARC
    if isinstance(exc, (UnicodeDecodeError, ValueError)):
        return "read_error:malformed_record"
    if isinstance(exc, OSError):
        return "incomplete:os_error"
    return f"read_error:unexpected_{type(exc).__name__}"


def _iterate(stream: IO[bytes], source: str, limits: ReadLimits, skip_first: int = 0,
             skip_before: int = 0) -> Iterator[Document | Skip]:
    """Items of the records warcio finds, but the first `skip_first` and those starting before `skip_before`."""
    it = _Archive(stream, source, limits)
    index = 0
    while True:
        try:
            record = next(it)
            offset = it.offset  # set to this record's start inside next() (warcio reads the previous to its end)
        except StopIteration:
            tail = _remaining(stream, it.offset)  # bytes left that warcio could not parse: a cut-off record
            if tail:
                yield Skip(tail, source, it.offset)
            return
        except Exception as exc:  # warcio raises many types on broken input
            reason = _read_error(exc)
            if reason != _ONE_MEMBER:
                log.warning("%s: %s at offset %d: %s", source, reason, it.offset, str(exc).strip()[:200])
            yield Skip(reason, source, it.offset)
            return
        index += 1
        if index <= skip_first or offset < skip_before:
            continue
        try:
            item = _record_to_doc(record, it, source, offset, limits)
        except Exception as exc:
            log.warning("%s: record at offset %d: %s: %s", source, offset, type(exc).__name__, exc)
            item = Skip(_record_error(exc), source, offset)
        yield item
        if isinstance(item, Skip) and item.reason.startswith("incomplete:"):  # the source failed: no more to read
            return


def _record_error(exc: Exception) -> str:
    """A reason for a record whose headers parsed but whose content could not be read."""
    reason = _read_error(exc)
    return reason if not reason.startswith("read_error:") else "record_error:" + reason.partition(":")[2]


def read_records(stream: IO[bytes], source: str, limits: ReadLimits = ReadLimits(), end: int | None = None,
                 skip_before: int = 0) -> Iterator[Document | Skip]:
    """Documents and skips of one WARC/ARC/WET stream from its current position, in file order, from the first
    record that starts at or after `skip_before` to the last that starts before `end`.

    After a read error, reading goes on at the next record boundary found after it (`next_record_offset`: a
    gzip member that starts a record, a "WARC/" line), so one bad member costs one record. When there is none
    and the error came after the first record of the file, the file may be one gzip member holding many
    records (invalid, but seen in the wild): it is re-read as a plain decompressed stream from where warcio
    gave up. Offsets in such a file are offsets in the decompressed stream (the only ones that locate a record),
    and so are `skip_before` and `end` there: see read_file.
    """
    seekable = _seekable(stream)
    begin = stream.tell() if seekable else 0
    yielded, resynced = 0, False
    while True:
        stop = None
        for item in _iterate(stream, source, limits):
            if isinstance(item, Skip) and item.reason.startswith("read_error:"):
                stop = item
                break
            if end is not None and item.offset >= end:
                return
            yielded += 1
            if item.offset >= skip_before:
                yield item
        if stop is None:
            return
        resume = _resync(stream, stop.offset) if seekable else None
        if resume is None and stop.reason in (_ONE_MEMBER, _NOT_WARC) and yielded and begin == 0 and seekable \
                and not resynced:
            stream.seek(0)
            plain = _Gunzip(stream)
            last = None
            for last in _iterate(io.BufferedReader(plain, 1 << 16), source, limits, yielded, skip_before):
                if end is not None and last.offset >= end:
                    return
                yield last
            if plain.defect and not (isinstance(last, Skip) and last.reason == "truncated_record") \
                    and skip_before <= plain.pos and (end is None or plain.pos < end):
                yield Skip(f"read_error:{plain.defect}", source, plain.pos)
            return
        if end is not None and stop.offset >= end:
            return
        yield Skip(_NOT_WARC, source, stop.offset) if stop.reason == _ONE_MEMBER else stop
        yielded += 1
        if resume is None:
            return
        stream.seek(resume)
        resynced = True


class _Gunzip(io.RawIOBase):
    """The decompressed bytes of a gzip stream (all members), readable up to a defect instead of raising at it:
    `defect` then says what stopped it (GzipFile raises EOFError and loses the block it was decompressing)."""

    def __init__(self, raw: IO[bytes]):
        self.raw, self.pos, self.defect = raw, 0, ""
        self._z, self._fed, self._pending = zlib.decompressobj(31), False, b""
        self._out, self._at = b"", 0

    def readable(self) -> bool:
        return True

    def tell(self) -> int:
        return self.pos

    def _more(self) -> bytes:
        """The next decompressed bytes; b"" at the end or at a defect."""
        while True:
            if self._z.eof:
                self._pending, self._z, self._fed = self._z.unused_data, zlib.decompressobj(31), False
            data, self._pending = self._pending or self.raw.read(1 << 16), b""
            if not data:
                self.defect = "truncated_gzip" if self._fed else ""
                return b""
            if not self._fed and not data.strip(b"\x00"):  # padding after the last member
                continue
            self._fed = True
            try:
                out = self._z.decompress(data)
            except zlib.error:
                self.defect = "corrupt_gzip"
                return b""
            if out:
                return out

    def readinto(self, buffer) -> int:
        if self._at >= len(self._out):
            self._out, self._at = (self._more() if not self.defect else b""), 0
        n = min(len(buffer), len(self._out) - self._at)
        buffer[:n] = self._out[self._at:self._at + n]
        self._at += n
        self.pos += n
        return n


def _resync(stream: IO[bytes], failed: int) -> int | None:
    """Where reading can go on after a read error at `failed`: the next record boundary, or None."""
    try:
        return next_record_offset(stream, failed + 1)
    except Exception:  # noqa: BLE001 - the source itself failed: nothing more to read
        return None


def _remaining(stream: IO[bytes], offset: int) -> str | None:
    """Why the bytes after `offset` of a seekable stream were not read (trailing blank lines do not count), or
    None. A decompressing stream (the one-member fallback) that cannot even be read there was cut off."""
    if not _seekable(stream):
        return None
    here = stream.tell()
    try:
        stream.seek(offset)
        return "truncated_tail" if stream.read(4096).strip(b"\r\n\x00") else None
    except Exception as exc:  # noqa: BLE001 - EOFError, zlib.error, OSError ... from a gzip stream
        return _read_error(exc)
    finally:
        try:
            stream.seek(here)
        except Exception:  # noqa: BLE001
            pass


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
    Skip (`open_error:not_found`, `open_error:<why>`), a file without any record one `empty_file` or
    `no_records`. `start` need not be a record boundary: reading begins at the next record. `policy` sets the
    retries of remote reads.

    A file that is one gzip member cannot be entered in the middle: its ranges (work units, a resumed unit's
    checkpoint) are ranges of its decompressed stream, each read by decompressing from the start, so that the
    units of such a file still cover every record once, and resuming works."""
    from .sources import RemoteReadError, RetryPolicy, open_input

    try:
        stream = open_input(path, policy or RetryPolicy())
        head = stream.peek(2)[:2] if hasattr(stream, "peek") else b""  # a remote file is requested here
    except (OSError, RemoteReadError) as exc:
        log.warning("%s: cannot open: %s", path, exc)
        yield Skip(_open_error(exc), path, start)
        return
    with stream:
        try:
            if start or end is not None:
                first = next_record_offset(stream, start, end)
                if first is None:
                    if start and _single_member(stream):
                        stream.seek(0)
                        yield from read_records(stream, path, limits, end, skip_before=start)
                    return
                stream.seek(first)
        except Exception as exc:  # noqa: BLE001 - a remote source that failed while finding the first record
            yield Skip(_read_error(exc), path, start)
            return
        any_item = False
        for item in read_records(stream, path, limits, end):
            any_item = True
            yield item
        if not any_item and start == 0:
            yield Skip("empty_file" if not head else "no_records", path, 0)


def _single_member(stream: IO[bytes]) -> bool:
    """Whether a gzip file has no record member after its first (one member holding every record)."""
    stream.seek(0)
    return stream.read(2) == b"\x1f\x8b" and next_record_offset(stream, 1) is None


def _open_error(exc: Exception) -> str:
    from .sources import RemoteReadError

    if isinstance(exc, FileNotFoundError) or (isinstance(exc, RemoteReadError) and exc.status in (404, 410)):
        return "open_error:not_found"
    if isinstance(exc, PermissionError) or (isinstance(exc, RemoteReadError) and exc.status in (401, 403)):
        return "open_error:permission_denied"
    if isinstance(exc, IsADirectoryError):
        return "open_error:is_a_directory"
    return "open_error:remote_failed" if isinstance(exc, RemoteReadError) else "open_error:os_error"
