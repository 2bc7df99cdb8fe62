"""The WARC reader on real files with real defects, and on hostile input made here."""
from __future__ import annotations

import io
from collections import Counter

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from miner.warc import Document, ReadLimits, Skip, clean_uri, decode_payload, parse_date, read_file, read_records

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
