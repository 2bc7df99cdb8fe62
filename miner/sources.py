"""Open inputs for reading: local files, http(s) URLs and s3:// URLs, streamed, never downloaded whole.

Remote reads go through `HttpRangeReader`, a seekable file object over HTTP Range requests that retries
throttling and dropped connections (503, 429, S3 SlowDown, resets) with exponential backoff and jitter,
and resumes a broken stream from its byte offset. A resumed read trusts only a 206 whose Content-Range starts
at the offset asked for; a server that ignores Range (200, the whole file) is read past the bytes already
seen, so offsets stay right; a file whose size changes between requests is an error. `s3://bucket/key` is read
signed through miner/storage.py when AWS credentials are configured, else over the bucket's public HTTPS endpoint
(Common Crawl's is public); `--crawl CC-MAIN-YYYY-WW` expands to a crawl's path list.
"""
from __future__ import annotations

import gzip
import io
import random
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import IO

CC_BASE_URL = "https://data.commoncrawl.org"
RETRY_STATUS = {429, 500, 502, 503, 504}


@dataclass(frozen=True)
class RetryPolicy:
    attempts: int = 8
    base_delay: float = 0.5
    max_delay: float = 30.0
    timeout: float = 60.0

    def delay(self, attempt: int, rng: random.Random) -> float:
        """Full jitter: a random wait in [0, min(max, base * 2^attempt)]."""
        return rng.uniform(0, min(self.max_delay, self.base_delay * 2 ** attempt))


class RemoteReadError(IOError):
    """A remote read failed after every retry (or for good: `status` is the HTTP status when there was one)."""

    def __init__(self, message: str, status: int | None = None):
        super().__init__(message)
        self.status = status


class IncompleteInputError(RuntimeError):
    """Inputs that could not be read to their end (see miner/warc.py): the run fails unless told to release
    without them."""


def is_remote(path: str) -> bool:
    return path.startswith(("http://", "https://", "s3://"))


def s3_to_https(url: str) -> str:
    """s3://bucket/key -> https://bucket.s3.amazonaws.com/key (public, unsigned); Common Crawl's bucket goes to
    its HTTPS mirror."""
    bucket, _, key = url[len("s3://"):].partition("/")
    if bucket == "commoncrawl":
        return f"{CC_BASE_URL}/{key}"
    return f"https://{bucket}.s3.amazonaws.com/{key}"


class HttpRangeReader(io.RawIOBase):
    """A read-only, seekable stream over an HTTP resource that survives throttling and dropped connections."""

    def __init__(self, url: str, policy: RetryPolicy = RetryPolicy(), seed: int | None = None,
                 sleep=time.sleep):
        self.url = s3_to_https(url) if url.startswith("s3://") else url
        self.policy = policy
        self.pos = 0
        self.size: int | None = None
        self.retries = 0  # how many times a request or a stream was retried (reported in stats)
        self._rng = random.Random(seed)
        self._sleep = sleep
        self._response = None

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self.pos

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        if whence == io.SEEK_CUR:
            offset += self.pos
        elif whence == io.SEEK_END:
            offset += self._size()
        if offset != self.pos:
            self._close_response()
            self.pos = offset
        return self.pos

    def _size(self) -> int:
        if self.size is None:
            response = self._request("HEAD", None)
            self.size = int(response.headers.get("Content-Length", 0))
            response.close()
        return self.size

    def _request(self, method: str, start: int | None):
        last_error: Exception | None = None
        for attempt in range(self.policy.attempts):
            headers = {"User-Agent": "prompt-miner"}
            if start is not None:
                headers["Range"] = f"bytes={start}-"
            try:
                request = urllib.request.Request(self.url, method=method, headers=headers)
                return urllib.request.urlopen(request, timeout=self.policy.timeout)
            except urllib.error.HTTPError as exc:
                if exc.code == 416:  # range starts at or past the end: nothing left
                    return None
                if exc.code not in RETRY_STATUS and not (exc.code == 403 and b"SlowDown" in (exc.read() or b"")):
                    raise RemoteReadError(f"{self.url}: HTTP {exc.code} {exc.reason}", exc.code) from None
                last_error = exc
            except (urllib.error.URLError, ConnectionError, TimeoutError, OSError) as exc:
                last_error = exc
            self.retries += 1
            self._sleep(self.policy.delay(attempt, self._rng))
        raise RemoteReadError(f"{self.url}: gave up after {self.policy.attempts} attempts ({last_error})")

    def _learn_size(self, response) -> None:
        """The total size, from Content-Range (206) or Content-Length (200), so an early EOF is noticed; a size
        that differs from the one seen before means the file changed under us."""
        content_range = response.headers.get("Content-Range", "")
        size = None
        if "/" in content_range and content_range.rsplit("/", 1)[1].isdigit():
            size = int(content_range.rsplit("/", 1)[1])
        elif response.status == 200 and response.headers.get("Content-Length", "").isdigit():
            size = int(response.headers["Content-Length"])
        if size is not None and self.size is not None and size != self.size:
            raise RemoteReadError(f"{self.url}: size changed from {self.size} to {size} bytes while reading")
        self.size = size if size is not None else self.size

    def _open_at(self, start: int):
        """A response whose body starts at byte `start`, or None past the end."""
        response = self._request("GET", start)
        if response is None:
            return None
        self._learn_size(response)
        if start == 0:
            return response
        if response.status == 206:
            first = response.headers.get("Content-Range", "").removeprefix("bytes ").split("-", 1)[0]
            if first.strip() != str(start):
                response.close()
                raise RemoteReadError(f"{self.url}: asked for bytes from {start}, the server sent Content-Range "
                                      f"{response.headers.get('Content-Range')!r}")
            return response
        # 200: the server ignored Range and sends the whole file; read past what was read before
        todo = start
        while todo:
            chunk = response.read(min(todo, 1 << 20))
            if not chunk:
                response.close()
                raise ConnectionError("stream ended early")
            todo -= len(chunk)
        return response

    def _close_response(self) -> None:
        if self._response is not None:
            self._response.close()
            self._response = None

    def readinto(self, buffer) -> int:
        for attempt in range(self.policy.attempts):
            try:
                if self._response is None:
                    self._response = self._open_at(self.pos)
                    if self._response is None:
                        return 0
                n = self._response.readinto(buffer)
            except RemoteReadError:
                raise  # a final answer (404, a changed file) or retries already spent
            except (ConnectionError, TimeoutError, OSError, urllib.error.URLError) as exc:
                n, error = None, exc
            else:
                error = None
                if n == 0 and self.size is not None and self.pos < self.size:
                    error = ConnectionError("stream ended early")
            if error is None:
                self.pos += n
                return n
            self._close_response()  # resume from self.pos with a new Range request
            self.retries += 1
            self._sleep(self.policy.delay(attempt, self._rng))
        raise RemoteReadError(f"{self.url}: stream kept breaking at byte {self.pos}")

    def close(self) -> None:
        self._close_response()
        super().close()


def _signed_s3(path: str) -> bool:
    from . import storage

    return storage.is_s3(path) and storage.signed()


def open_input(path: str, policy: RetryPolicy = RetryPolicy()) -> IO[bytes]:
    """A binary, seekable stream for a local path or a remote URL (s3:// signed when credentials are set)."""
    if _signed_s3(path):
        from . import storage

        return storage.open_read(path)
    if is_remote(path):
        return io.BufferedReader(HttpRangeReader(path, policy), buffer_size=1 << 20)
    return open(path, "rb")


def input_size(path: str, policy: RetryPolicy = RetryPolicy()) -> int:
    if _signed_s3(path):
        from . import storage

        return storage.size(path)
    if is_remote(path):
        reader = HttpRangeReader(path, policy)
        try:
            return reader.seek(0, io.SEEK_END)
        finally:
            reader.close()
    import os

    return os.path.getsize(path)


def crawl_paths(crawl: str, fmt: str = "warc", base_url: str = CC_BASE_URL, shards: tuple[int, int] = (0, 1),
                limit: int | None = None, policy: RetryPolicy = RetryPolicy()) -> list[str]:
    """URLs of a Common Crawl crawl's WARC (or WET) files: shard i of n (every n-th path), first `limit`."""
    kind = {"warc": "warc.paths.gz", "wet": "wet.paths.gz"}[fmt]
    with HttpRangeReader(f"{base_url.rstrip('/')}/crawl-data/{crawl}/{kind}", policy) as raw:
        lines = gzip.decompress(io.BufferedReader(raw).read()).decode().split()
    index, count = shards
    selected = [f"{base_url.rstrip('/')}/{p}" for i, p in enumerate(lines) if i % count == index]
    return selected[:limit] if limit else selected
