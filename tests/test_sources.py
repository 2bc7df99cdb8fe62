"""Remote inputs over a local HTTP server on 127.0.0.1 that throttles (503, SlowDown) and drops connections."""
from __future__ import annotations

import gzip
import io
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from miner.sources import HttpRangeReader, RemoteReadError, RetryPolicy, crawl_paths
from miner.warc import read_file

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


class FlakyServer:
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

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()


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
