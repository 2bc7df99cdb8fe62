"""The WARC reader on real files with real defects, and on hostile input made here."""
from __future__ import annotations

import codecs
import io
import zlib
from collections import Counter

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from miner.warc import Document, ReadLimits, Skip, clean_uri, decode_payload, parse_date, read_file, read_records
from conftest import fast_demo_yaml  # noqa: E402

# Per file: documents expected, and skip reasons expected (from the record inventory in PROVENANCE.md).
EXPECTED = {
    "cc-whirlwind.warc.gz": (1, {"record_type:warcinfo": 1, "record_type:request": 1, "record_type:metadata": 1}),
    "cc-whirlwind.warc.wet.gz": (1, {"record_type:warcinfo": 1}),
    "cc-whirlwind.warc.wat.gz": (0, {"record_type:warcinfo": 1, "record_type:metadata": 1}),
    "warcio-example.warc.gz": (1, {"record_type:warcinfo": 2, "record_type:request": 2, "record_type:revisit": 1}),
    # one gzip member for the whole file: warcio gives up after the first record, we re-read it plainly
    "warcio-example-bad-non-chunked.warc.gz": (1, {"record_type:warcinfo": 2, "record_type:request": 2,
                                                   "record_type:revisit": 1}),
    "warcio-example.arc.gz": (1, {"record_type:warcinfo": 1}),
    "pywb-dupes.warc.gz": (1, {"record_type:warcinfo": 1, "record_type:request": 12, "record_type:revisit": 9,
                               "http_status:302": 1, "empty_payload": 1}),
    "pywb-example-url-agnostic-revisit.warc.gz": (0, {"record_type:warcinfo": 1, "record_type:revisit": 1}),
    "pywb-missing-status-text.warc": (0, {"http_status:302": 1}),
    "resiliparse-clueweb-quirk.warc.gz": (29, {"record_type:warcinfo": 1}),
    "warcio-post-test.warc.gz": (0, {"record_type:request": 3, "not_html:application/json": 3}),
    "warcio-example-digest.warc": (0, {"record_type:request": 4}),
    "resiliparse-clipped.warc.gz": (0, {"truncated_record": 1}),   # gzip stream cut off mid-record
    "warcio-example-wrong-chunks.warc.gz": (0, {"record_type:request": 1, "truncated_record": 1}),
    "dolma-sample-0000.warc.gz": (22, {"record_type:warcinfo": 1, "record_type:request": 22,
                                       "record_type:metadata": 1}),
}


def _read(path) -> tuple[list[Document], Counter]:
    docs, skips = [], Counter()
    for item in read_file(str(path)):
        if isinstance(item, Skip):
            skips[item.reason] += 1
        else:
            docs.append(item)
    return docs, skips


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_real_files_records_read_and_skipped(shared_data, name):
    docs, skips = _read(shared_data / "warc" / name)
    n_docs, expected_skips = EXPECTED[name]
    assert len([d for d in docs if d.content_type in ("html", "text")]) >= n_docs
    for reason, n in expected_skips.items():
        assert skips[reason] == n, (reason, dict(skips))
    for doc in docs:
        doc.content.encode("utf-8")  # always valid UTF-8
        assert doc.doc_id and len(doc.doc_id) == 20


def test_every_real_file_is_read_without_exception(shared_data):
    for path in sorted((shared_data / "warc").iterdir()):
        docs, skips = _read(path)
        assert docs or skips, path.name


def test_clueweb_euc_jp_pages_decode_to_japanese(shared_data):
    docs, _ = _read(shared_data / "warc" / "resiliparse-clueweb-quirk.warc.gz")
    assert all(d.charset == "euc_jp" for d in docs[:5]), [d.charset for d in docs[:5]]
    assert sum(any("\u3040" <= ch <= "\u30ff" for ch in d.content) for d in docs) >= 25
    assert all(d.fetch_date is None for d in docs)  # malformed WARC-Date (2008-10-294T...) is not invented


def test_wget_wrapped_target_uri_is_cleaned(shared_data):
    docs, _ = _read(shared_data / "warc" / "warcio-example-wget-bad-target-uri.warc.gz")
    assert docs and all(not d.url.startswith("<") for d in docs)


def test_truncated_file_keeps_what_is_readable(shared_data):
    docs, skips = _read(shared_data / "warc" / "ukwa-IAH-20080430204825-00000-blackbook-truncated.warc.gz")
    assert len(docs) == 2
    assert skips["record_type:request"] == 7


def _warc(records: list[tuple[str, bytes, str]]) -> bytes:
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=True)
    for uri, payload, ctype in records:
        http = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(uri, "response", payload=io.BytesIO(payload),
                                                      http_headers=http))
    return buf.getvalue()


def test_payload_limit_stops_a_gzip_bomb_and_reading_goes_on():
    bomb = b"<html><body>" + b"a" * 5_000_000 + b"</body></html>"
    data = _warc([("http://bomb.example/", bomb, "text/html"),
                  ("http://ok.example/", b"<html><body><p>fine</p></body></html>", "text/html")])
    assert len(data) < 100_000  # compresses to almost nothing
    items = list(read_records(io.BytesIO(data), "mem", ReadLimits(max_payload_bytes=1_000_000)))
    assert [i.reason for i in items if isinstance(i, Skip)] == ["payload_too_large"]
    assert [i.url for i in items if isinstance(i, Document)] == ["http://ok.example/"]


@pytest.mark.parametrize("cut", [20, 50, 200])
def test_cut_off_last_record_is_counted_not_lost(cut):
    page = b"<html><body>" + b"x y z " * 5000 + b"</body></html>"
    data = _warc([(f"http://a.example/{i}", page, "text/html") for i in range(3)])
    items = list(read_records(io.BytesIO(data[: len(data) - cut]), "mem"))
    assert [i.url for i in items if isinstance(i, Document)] == ["http://a.example/0", "http://a.example/1"]
    assert len(items) == 3 and items[-1].reason in ("truncated_record", "truncated_tail")


@pytest.mark.parametrize("charset,text", [("cp1251", "Привет, мир"), ("shift_jis", "こんにちは世界"),
                                          ("gbk", "你好，世界"), ("euc-jp", "日本語のページ")])
def test_charset_from_header_then_meta(charset, text):
    payload = f"<html><body>{text}</body></html>".encode(charset)
    assert text in decode_payload(payload, f"text/html; charset={charset}")[0]
    meta = f'<html><head><meta charset="{charset}"></head><body>{text}</body></html>'.encode(charset)
    assert text in decode_payload(meta, "text/html")[0]


def test_wrong_header_charset_falls_back_and_output_is_valid_utf8():
    payload = "<html><body>Grüße aus Köln, schöne Straße</body></html>".encode("utf-8")
    text, _ = decode_payload(payload, "text/html; charset=utf-8")
    assert "Grüße" in text
    junk, _ = decode_payload(bytes(range(256)) * 4, "text/html; charset=nonsense")
    junk.encode("utf-8")


def test_helpers():
    assert clean_uri("<http://example.com/a b>") == "http://example.com/a%20b"
    assert parse_date("2024-05-18T12:34:56Z") == "2024-05-18T12:34:56Z"
    assert parse_date("2008-10-294T12:00:00Z") is None
    assert parse_date("2023-02-29T12:00:00Z") is None and parse_date("2024-02-29T12:00:00Z") == "2024-02-29T12:00:00Z"
    assert parse_date("2024-13-01T12:00:00Z") is None and parse_date("2024-04-31T12:00:00Z") is None


def test_miner_extract_over_every_real_file_exits_0_and_reports_skips(shared_data, tmp_path, capsys):
    import pyarrow.parquet as pq

    from miner.cli import main

    files = sorted(str(p) for p in (shared_data / "warc").iterdir())
    assert main(["extract", *files, "--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "resiliparse-clipped.warc.gz: 0 documents; skipped: truncated_record 1" in out
    docs = pq.read_table(tmp_path / "documents.parquet")
    assert {"url", "warc_record_id", "source", "lang", "lang_score", "text"} <= set(docs.column_names)
    assert docs.num_rows >= 60
    skipped = pq.read_table(tmp_path / "skipped.parquet").column("reason").to_pylist()
    assert "truncated_record" in skipped and "not_html:image/png" in skipped


# --- broken and hostile files: every defect is a named skip, what is readable is kept -------------------------
def _reasons(items) -> list[str]:
    return [i.reason for i in items if isinstance(i, Skip)]


def _one_member(n: int) -> bytes:
    """`n` records compressed as ONE gzip member (invalid, seen in the wild)."""
    import gzip

    import random

    pages = [b"<html><body>" + random.Random(i).randbytes(2000).hex().encode() + b"</body></html>" for i in range(n)]
    return gzip.compress(b"".join(gzip.decompress(_warc([(f"http://one.example/{i}", page, "text/html")]))
                                  for i, page in enumerate(pages)), mtime=0)


@pytest.mark.parametrize("cut", [0.3, 0.6, 0.9, 0.999])
def test_truncated_one_member_file_keeps_what_is_readable_and_names_the_tail(cut):
    data = _one_member(6)
    clean = [i.url for i in read_records(io.BytesIO(data), "m") if isinstance(i, Document)]
    assert len(clean) == 6
    items = list(read_records(io.BytesIO(data[: int(len(data) * cut)]), "m"))  # EOFError here before
    urls = [i.url for i in items if isinstance(i, Document)]
    assert urls == clean[: len(urls)] and len(urls) >= int(6 * cut) - 1
    assert _reasons(items)[-1] in ("truncated_record", "truncated_tail", "read_error:truncated_gzip")


def test_one_member_file_split_into_units_or_resumed_gives_every_record_once(tmp_path):
    path = tmp_path / "one.warc.gz"
    path.write_bytes(_one_member(6))
    whole = [(type(i).__name__, i.offset, i.url) for i in read_file(str(path))]
    assert sum(kind == "Document" for kind, *_ in whole) == 6
    cuts = [0, 100, whole[3][1], whole[3][1] + 1, None]  # offsets are decompressed ones: beyond the file size
    units = [[(type(i).__name__, i.offset, i.url) for i in read_file(str(path), start=lo, end=hi)]
             for lo, hi in zip(cuts, cuts[1:])]
    assert [item for unit in units for item in unit] == whole
    resumed = [(type(i).__name__, i.offset, i.url) for i in read_file(str(path), start=whole[4][1])]
    assert resumed == whole[4:]


def test_corrupted_member_header_costs_one_record_and_reading_goes_on():
    data = _warc([(f"http://a.example/{i}", b"<html><body><p>page</p></body></html>", "text/html") for i in range(5)])
    starts = [i for i in range(len(data)) if data[i:i + 3] == b"\x1f\x8b\x08"]
    assert len(starts) == 5
    for where in (3, 9, 12):  # flags, OS byte, first deflate bytes of the third member
        bad = bytearray(data)
        bad[starts[2] + where] ^= 0xFF
        items = list(read_records(io.BytesIO(bytes(bad)), "m"))
        urls = [i.url for i in items if isinstance(i, Document)]
        assert {"http://a.example/0", "http://a.example/1", "http://a.example/3", "http://a.example/4"} <= set(urls)
        assert len(items) == 5 and all(r.startswith("read_error:") for r in _reasons(items)), _reasons(items)


def _zeros_member(prefix: bytes, zeros: int) -> bytes:
    """One gzip member: `prefix` then `zeros` zero bytes (compressed about 1000:1, written in blocks)."""
    z = zlib.compressobj(6, zlib.DEFLATED, 31)
    out = [z.compress(prefix)]
    block = bytes(1 << 20)
    for _ in range(zeros >> 20):
        out.append(z.compress(block))
    return b"".join(out) + z.flush()


def _peak_growth(fn) -> tuple[object, int]:
    """fn()'s result and the growth of traced Python allocations at their peak (bytes)."""
    import tracemalloc

    tracemalloc.start()
    try:
        result = fn()
        return result, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def _plain_record(uri: str, body: bytes) -> bytes:
    import gzip

    return gzip.decompress(_warc([(uri, body, "text/html")]))


@pytest.mark.parametrize("case,reason", [("bare_zeros", "read_error:no_record_header"),
                                         ("zeros_after_record", "read_error:garbage_between_records"),
                                         ("long_header_line", "read_error:header_too_large")])
def test_bombs_stop_at_the_header_limit_with_bounded_memory(case, reason):
    ok = _plain_record("http://ok.example/", b"<html><body><p>fine</p></body></html>")
    huge = 200 << 20  # 200 MiB decompressed; about 200 KB compressed
    if case == "bare_zeros":
        data = _zeros_member(b"", huge)
    elif case == "zeros_after_record":
        data = _zeros_member(ok, huge)
    else:
        data = _zeros_member(b"WARC/1.0\r\nWARC-Type: response\r\nX-Long: ", huge)
    assert len(data) < 1 << 20
    limits = ReadLimits(max_header_bytes=1 << 20)
    items, peak = _peak_growth(lambda: list(read_records(io.BytesIO(data), "bomb", limits)))
    assert _reasons(items)[-1] == reason
    assert peak < 80 << 20, peak  # blocks of 16 MiB at most, never the 200 MiB
    if case == "zeros_after_record":
        assert [i.url for i in items if isinstance(i, Document)] == ["http://ok.example/"]


def test_many_header_lines_count_against_the_header_limit():
    header = b"WARC/1.0\r\nWARC-Type: response\r\n" + b"X-Pad: aaaaaaaaaaaaaaaaaaaaaaaa\r\n" * 100_000
    items = list(read_records(io.BytesIO(header), "m", ReadLimits(max_header_bytes=1 << 20)))
    assert _reasons(items) == ["read_error:header_too_large"]


def test_bad_content_length_empty_file_and_garbage_have_names(tmp_path):
    record = _plain_record("http://a.example/", b"<html><body>x</body></html>")
    bad = record.replace(b"Content-Length: ", b"Content-Length: 12x", 1)
    assert _reasons(read_records(io.BytesIO(bad), "m"))[0] == "bad_content_length"
    (tmp_path / "empty.warc.gz").write_bytes(b"")
    assert _reasons(read_file(str(tmp_path / "empty.warc.gz"))) == ["empty_file"]
    (tmp_path / "junk.warc").write_bytes(bytes(range(1, 256)) * 10)
    assert _reasons(read_file(str(tmp_path / "junk.warc"))) == ["read_error:not_a_warc_record"]
    assert _reasons(read_file(str(tmp_path / "missing.warc.gz"))) == ["open_error:not_found"]
    for reasons in (_reasons(read_file(str(p))) for p in tmp_path.iterdir()):
        assert not any(r.endswith(("Error", ":error")) for r in reasons), reasons  # no exception class names


def test_utf32_with_bom_decodes_as_utf32():
    for codec in ("utf-32-le", "utf-32-be"):
        bom = codecs.BOM_UTF32_LE if codec.endswith("le") else codecs.BOM_UTF32_BE
        text, charset = decode_payload(bom + "<html><body>Grüße 你好</body></html>".encode(codec), "text/html")
        assert "Grüße 你好" in text and charset == "utf-32"


def test_warcio_warnings_go_to_the_log_with_the_file_name(caplog, capsys):
    record = _plain_record("http://a.example/", b"<html><body>x</body></html>")
    bad = record.replace(b"Content-Length: ", b"Content-Length: 1", 1)  # a Content-Length too long by far
    with caplog.at_level("WARNING", logger="miner.warc"):
        list(read_records(io.BytesIO(bad + record), "the-file.warc"))
    assert capsys.readouterr().err == ""
    assert any("the-file.warc" in r.getMessage() for r in caplog.records)


def test_miner_run_keeps_going_past_broken_local_files(tmp_path, capsys):
    """A truncated gzip-per-record file, a truncated one-member file, an empty file and a bomb: each unit completes
    with its skip recorded (rerunning cannot fail on them for ever), and the release is written."""
    import json

    from miner.cli import main
    from miner.demo import generate_demo

    corpus = tmp_path / "corpus"
    generate_demo(corpus, docs=150, seed=4, shards=1)
    (good,) = corpus.glob("*.warc.gz")
    data = good.read_bytes()
    (corpus / "cut.warc.gz").write_bytes(data[: len(data) * 2 // 3])
    one = _one_member(6)
    (corpus / "one-cut.warc.gz").write_bytes(one[: len(one) // 2])
    (corpus / "empty.warc.gz").write_bytes(b"")
    (corpus / "zeros.warc.gz").write_bytes(_zeros_member(b"", 8 << 20))
    config = tmp_path / "demo-fast.yaml"
    config.write_text(fast_demo_yaml())
    args = ["run", str(config), "--input", str(corpus / "*.warc.gz"),
            "--out", str(tmp_path / "rel"), "--work-dir", str(tmp_path / "work")]
    assert main(args) == 0
    drops = json.loads((tmp_path / "rel" / "latest" / "manifest.json").read_text())["drops"]
    assert drops.get("read/empty_file") == 1 and drops.get("read/read_error:no_record_header") == 1
    assert drops.get("read/truncated_record", 0) + drops.get("read/truncated_tail", 0) >= 2, drops
    assert "INCOMPLETE" not in capsys.readouterr().out
