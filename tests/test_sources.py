"""Remote inputs over a local HTTP server on 127.0.0.1 that throttles (503, SlowDown) and drops connections."""
from __future__ import annotations

import gzip
import io
import threading
from pathlib import Path
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from miner.sources import HttpRangeReader, RemoteReadError, RetryPolicy, crawl_paths
from miner.warc import read_file
from conftest import fast_demo_yaml  # noqa: E402

FAST = RetryPolicy(attempts=12, base_delay=0.001, max_delay=0.01, timeout=5)


def _warc(n: int) -> bytes:
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=True)
    for i in range(n):
        body = f"<html><body><p>Page {i} " .encode() + b"lorem ipsum dolor sit amet " * 200 + b"</p></body></html>"
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(f"http://site.example/{i}", "response",
                                                      payload=io.BytesIO(body), http_headers=http))
    return buf.getvalue()


class LocalServer:
    """An HTTP server on 127.0.0.1 in a thread, for the duration of a `with` block."""

    def _serve(self, handler, path: str = "") -> None:
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}{path}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()


class FlakyServer(LocalServer):
    """Serves `files` with Range support. The first `throttle` requests get a 503 or S3's SlowDown; the bodies
    of the next `drop` requests are cut after `drop_after` bytes (connection reset mid-stream)."""

    def __init__(self, files: dict[str, bytes], throttle: int = 2, drop: int = 3, drop_after: int = 700):
        self.files, self.requests = files, 0
        self.throttled = self.dropped = 0
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _start(self, head: bool):
                server.requests += 1
                data = server.files.get(self.path.lstrip("/"))
                if data is None:
                    self.send_error(404)
                    return None
                if server.requests <= throttle:
                    server.throttled += 1
                    if server.throttled % 2:
                        self.send_error(503, "Slow Down")
                    else:
                        body = b"<Error><Code>SlowDown</Code></Error>"
                        self.send_response(403)
                        self.send_header("Content-Length", str(len(body)))
                        self.end_headers()
                        self.wfile.write(body)
                    return None
                start = 0
                if self.headers.get("Range"):
                    start = int(self.headers["Range"].split("=")[1].split("-")[0])
                    if start >= len(data):
                        self.send_error(416)
                        return None
                    self.send_response(206)
                    self.send_header("Content-Range", f"bytes {start}-{len(data) - 1}/{len(data)}")
                else:
                    self.send_response(200)
                self.send_header("Content-Length", str(len(data) - start))
                self.send_header("Accept-Ranges", "bytes")
                self.end_headers()
                return data[start:]

            def do_HEAD(self):
                self._start(head=True)

            def do_GET(self):
                body = self._start(head=False)
                if body is None:
                    return
                if server.requests <= throttle + drop and len(body) > drop_after:
                    server.dropped += 1
                    self.wfile.write(body[:drop_after])
                    self.wfile.flush()
                    self.connection.shutdown(2)  # connection reset mid-stream
                    return
                self.wfile.write(body)

        self._serve(Handler)


def _items(source):
    return [(type(i).__name__, i.offset, i.url, getattr(i, "content", getattr(i, "reason", ""))) for i in source]


def test_flaky_server_gives_the_same_records_as_the_local_file(tmp_path):
    data = _warc(40)
    local = tmp_path / "x.warc.gz"
    local.write_bytes(data)
    with FlakyServer({"x.warc.gz": data}) as server:
        remote = _items(read_file(f"{server.url}/x.warc.gz", policy=FAST))
        assert server.throttled > 0 and server.dropped > 0
    expected = _items(read_file(str(local)))
    assert remote == expected
    assert sum(kind == "Document" for kind, *_ in remote) == 40


def test_range_reader_resumes_and_seeks(tmp_path):
    data = bytes(range(256)) * 40
    with FlakyServer({"blob": data}, throttle=1, drop=3, drop_after=1000) as server:
        reader = HttpRangeReader(f"{server.url}/blob", FAST, seed=1, sleep=lambda s: None)
        assert io.BufferedReader(reader).read() == data
        assert reader.retries > 0
        reader.seek(5000)
        assert reader.read(10) == data[5000:5010]


def test_missing_remote_file_is_a_clear_error_and_a_counted_skip():
    with FlakyServer({}, throttle=0, drop=0) as server:
        with pytest.raises(RemoteReadError, match="HTTP 404"):
            HttpRangeReader(f"{server.url}/nope", FAST).read(10)
        items = list(read_file(f"{server.url}/nope.warc.gz", policy=FAST))
    assert len(items) == 1 and items[0].reason.startswith(("open_error", "read_error"))


def test_crawl_paths_expands_a_path_list_with_shards_and_limit():
    paths = [f"crawl-data/CC-MAIN-2099-01/segments/s/warc/f{i:03d}.warc.gz" for i in range(10)]
    listing = gzip.compress("\n".join(paths).encode(), mtime=0)
    with FlakyServer({"crawl-data/CC-MAIN-2099-01/warc.paths.gz": listing}, throttle=2, drop=0) as server:
        got = crawl_paths("CC-MAIN-2099-01", "warc", server.url, (1, 3), limit=2, policy=FAST)
    assert got == [f"{server.url}/{paths[1]}", f"{server.url}/{paths[4]}"]


# --- misbehaving servers -----------------------------------------------------------------------------------
class OddServer(LocalServer):
    """Serves one file, misbehaving as told: `ignore_range` (200 and the whole file on every Range request),
    `bad_range` (206 whose Content-Range starts elsewhere), `die_after` (every body stops after that many
    bytes of the file: a source that dies halfway and stays dead). Cuts bodies asked without Range after `cut`
    bytes (a connection reset, so that the reader resumes)."""

    def __init__(self, data: bytes, ignore_range=False, bad_range=False, die_after=None, cut=None):
        self.data, self.gets, self.die_after = data, 0, die_after
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_HEAD(self):
                self.send_response(200)
                self.send_header("Content-Length", str(len(server.data)))
                self.end_headers()

            def do_GET(self):
                server.gets += 1
                asked = int(self.headers["Range"].split("=")[1].split("-")[0]) if self.headers.get("Range") else 0
                start = 0 if ignore_range else asked
                self.send_response(200 if ignore_range or not asked else 206)
                if asked and not ignore_range:
                    shown = start + 7 if bad_range else start
                    self.send_header("Content-Range", f"bytes {shown}-{len(server.data) - 1}/{len(server.data)}")
                self.send_header("Content-Length", str(len(server.data) - start))
                self.end_headers()
                end = len(server.data)
                if server.die_after is not None:
                    end = min(end, max(start, server.die_after))
                if cut is not None and not asked:
                    end = min(end, cut)
                self.wfile.write(server.data[start:end])
                if end < len(server.data):
                    self.wfile.flush()
                    self.connection.shutdown(2)

        self._serve(Handler, "/f.warc.gz")


FEW = RetryPolicy(attempts=3, base_delay=0.001, max_delay=0.01, timeout=5)


def test_server_that_ignores_range_gives_the_right_offsets(tmp_path):
    data = _warc(30)
    (tmp_path / "f.warc.gz").write_bytes(data)
    expected = _items(read_file(str(tmp_path / "f.warc.gz")))
    with OddServer(data, ignore_range=True, cut=len(data) // 2) as server:
        assert _items(read_file(server.url, policy=FAST)) == expected
        assert server.gets >= 2  # the stream was resumed on a server that answered 200


def test_wrong_content_range_is_a_clear_error():
    data = _warc(30)
    with OddServer(data, bad_range=True, cut=len(data) // 2) as server:
        with pytest.raises(RemoteReadError, match="Content-Range"):
            io.BufferedReader(HttpRangeReader(server.url, FAST, sleep=lambda s: None)).read()
        items = list(read_file(server.url, policy=FAST))
    assert items[-1].reason == "incomplete:remote_read_failed"


def test_source_that_dies_halfway_is_incomplete_and_keeps_what_was_read(tmp_path):
    data = _warc(300)
    (tmp_path / "f.warc.gz").write_bytes(data)
    expected = _items(read_file(str(tmp_path / "f.warc.gz")))
    with OddServer(data, die_after=len(data) // 2) as server:
        got = _items(read_file(server.url, policy=FEW))
    assert got[-1][0] == "Skip" and got[-1][3] == "incomplete:remote_read_failed"
    assert 100 <= len(got) - 1 < 300 and got[:-1] == expected[: len(got) - 1]


def test_404_is_a_named_skip_and_miner_extract_fails_clearly(tmp_path, capsys):
    from miner.cli import main

    local = tmp_path / "ok.warc.gz"
    local.write_bytes(_warc(3))
    with FlakyServer({}, throttle=0, drop=0) as server:
        items = list(read_file(f"{server.url}/nope.warc.gz", policy=FAST))
        assert [i.reason for i in items] == ["open_error:not_found"]
        rc = main(["extract", f"{server.url}/nope.warc.gz", str(local), "--out", str(tmp_path / "out")])
    captured = capsys.readouterr()
    assert rc == 1 and "nope.warc.gz (open_error:not_found)" in captured.err
    import pyarrow.parquet as pq

    assert pq.read_table(tmp_path / "out" / "documents.parquet").num_rows == 3  # the other input is kept


def test_miner_run_on_a_missing_url_is_one_line_not_a_traceback(tmp_path, capsys):
    from miner.cli import main

    config = tmp_path / "c.yaml"
    config.write_text("name: t\nversion: '1'\nscoring: {first_pass: {name: wordlist}}\n")
    with FlakyServer({}, throttle=0, drop=0) as server:
        rc = main(["run", str(config), "--input", f"{server.url}/gone.warc.gz", "--out", str(tmp_path / "r"),
                   "--work-dir", str(tmp_path / "w")])
    err = capsys.readouterr().err
    assert rc == 1 and "HTTP 404" in err and "Traceback" not in err


def test_miner_run_fails_on_a_source_that_died_then_allow_incomplete_or_a_rerun(tmp_path, capsys, monkeypatch):
    import json

    from miner.cli import main
    from miner.demo import generate_demo

    corpus = tmp_path / "corpus"
    generate_demo(corpus, docs=150, seed=2, shards=1)
    monkeypatch.setattr("miner.sources.RetryPolicy", lambda: FEW)  # the run's reads give up fast
    (data,) = [p.read_bytes() for p in corpus.glob("*.warc.gz")]
    config = tmp_path / "demo-fast.yaml"
    config.write_text(fast_demo_yaml())
    with OddServer(data, die_after=len(data) // 2) as server:
        def run(root: str, *flags: str) -> int:
            return main(["run", str(config), "--input", server.url, "--out",
                         str(tmp_path / root), "--work-dir", str(tmp_path / f"work-{root}"), *flags])

        assert run("strict") == 1
        assert f"{server.url} (incomplete:remote_read_failed at byte" in capsys.readouterr().err
        assert run("allowed", "--allow-incomplete") == 0
        assert "release is INCOMPLETE" in capsys.readouterr().out
        release = tmp_path / "allowed" / "latest"
        manifest = json.loads((release / "manifest.json").read_text())
        assert manifest["incomplete"][0]["input"] == server.url
        assert "Incomplete release" in (release / "README.md").read_text()
        server.die_after = None  # the source is back: a rerun of the failed run resumes and completes
        assert run("strict") == 0
        assert "INCOMPLETE" not in capsys.readouterr().out
        complete = json.loads((tmp_path / "strict" / "latest" / "manifest.json").read_text())
    assert "incomplete" not in complete and complete["prompts"] > manifest["prompts"]
