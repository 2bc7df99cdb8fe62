"""Any OpenAI-compatible completions endpoint (vLLM, llama.cpp's server, TGI), with the standard library only.

One HTTP request per row, each with the row's seed, so a resumed row is asked for exactly as it would have been.
At most `concurrency` requests are in flight. 429, 5xx, timeouts and dropped connections are retried with
exponential backoff (honouring Retry-After); any other refusal stops the run with the server's own message.
"""
from __future__ import annotations

import http.client
import json
import random
import threading
import urllib.error
import urllib.request
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait
from typing import Iterator, Sequence

from ...io import InputError
from .base import Backend, BackendError, Completion, Request

RETRYABLE_ERRORS = (urllib.error.URLError, http.client.HTTPException, ConnectionError, TimeoutError)


def _server_message(body: bytes) -> str:
    """The `error.message` of an OpenAI-style error body, else the start of the body."""
    text = body.decode("utf-8", "replace").strip()
    try:
        data = json.loads(text)
        error = data.get("error", data) if isinstance(data, dict) else data
        message = error.get("message") if isinstance(error, dict) else error
        if message:
            return str(message)[:500]
    except ValueError:
        pass
    return text[:500] or "(empty body)"


class OpenAIBackend(Backend):
    name = "openai"

    def __init__(self, model: str, settings, base_url: str, api_key: str | None = None, concurrency: int = 8,
                 timeout: float = 120.0, max_retries: int = 6, backoff: float = 1.0, max_backoff: float = 60.0):
        if not base_url.startswith(("http://", "https://")):
            raise InputError(f"--base-url must start with http:// or https://, got {base_url!r}")
        if concurrency < 1:
            raise InputError(f"--concurrency must be >= 1, got {concurrency}")
        self.model, self.settings = model, settings
        self.url = base_url.rstrip("/") + "/completions"
        self.api_key, self.concurrency, self.timeout = api_key, concurrency, timeout
        self.max_retries, self.backoff, self.max_backoff = max_retries, backoff, max_backoff
        self.retries = 0  # retried attempts, for the summary
        self._stop = threading.Event()  # set when the run ends early: in-flight retries give up

    def _body(self, request: Request) -> bytes:
        s = self.settings
        return json.dumps({"model": self.model, "prompt": request.prompt, "max_tokens": s.max_tokens,
                           "temperature": s.temperature, "top_p": s.top_p, "seed": request.seed, "n": 1}).encode()

    def _post_once(self, body: bytes) -> dict:
        headers = {"Content-Type": "application/json"}
        if self.api_key:
            headers["Authorization"] = f"Bearer {self.api_key}"
        req = urllib.request.Request(self.url, data=body, headers=headers, method="POST")
        with urllib.request.urlopen(req, timeout=self.timeout) as resp:
            raw = resp.read()
        try:
            return json.loads(raw)
        except ValueError:
            raise BackendError(f"{self.url} answered with something that is not JSON: {raw[:200]!r}") from None

    def _delay(self, attempt: int, retry_after: str | None) -> float:
        delay = self.backoff * 2 ** attempt
        if retry_after and retry_after.strip().isdigit():
            delay = max(delay, float(retry_after))
        return min(delay, self.max_backoff) * (1 + 0.25 * random.random())

    def _post(self, body: bytes) -> dict:
        for attempt in range(self.max_retries + 1):
            if self._stop.is_set():
                raise BackendError("stopped")
            retry_after = None
            try:
                return self._post_once(body)
            except urllib.error.HTTPError as exc:
                message = _server_message(exc.read())
                if exc.code != 429 and exc.code < 500:
                    raise BackendError(f"{self.url} refused the request (HTTP {exc.code}): {message}") from None
                retry_after, last = exc.headers.get("Retry-After"), f"HTTP {exc.code}: {message}"
            except RETRYABLE_ERRORS as exc:
                last = f"{type(exc).__name__}: {exc}"
            if attempt < self.max_retries:
                self.retries += 1
                self._stop.wait(self._delay(attempt, retry_after))
        raise BackendError(f"{self.url}: gave up after {self.max_retries + 1} attempts; last error {last}")

    def complete(self, request: Request) -> Completion:
        data = self._post(self._body(request))
        try:
            choice = data["choices"][0]
            text = choice["text"]
            assert isinstance(text, str)
        except (KeyError, IndexError, TypeError, AssertionError):
            raise BackendError(f"{self.url}: response has no choices[0].text: {json.dumps(data)[:200]}") from None
        return Completion(request, text, str(choice.get("finish_reason") or "unknown"))

    def generate(self, requests: Sequence[Request]) -> Iterator[Completion]:
        todo, pending = iter(requests), set()
        self._stop.clear()
        pool = ThreadPoolExecutor(self.concurrency, thread_name_prefix="openai")
        try:
            while True:
                while len(pending) < 2 * self.concurrency:
                    request = next(todo, None)
                    if request is None:
                        break
                    pending.add(pool.submit(self.complete, request))
                if not pending:
                    return
                done, pending = wait(pending, return_when=FIRST_COMPLETED)
                errors = [f.exception() for f in done if f.exception() is not None]
                yield from (f.result() for f in done if f.exception() is None)
                if errors:
                    raise errors[0]
        finally:
            self._stop.set()
            pool.shutdown(wait=True, cancel_futures=True)
