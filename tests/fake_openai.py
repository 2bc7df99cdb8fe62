"""A tiny OpenAI-compatible completions server on 127.0.0.1 for tests: deterministic answers, and scripted
failures (429, 500, 400, dropped connections, a server that dies after N answers)."""
from __future__ import annotations

import hashlib
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

WORDS = ("the day was nice and good , you are an idiot and stupid , hello world this text is long "
         "ok fine great people love it").split()


def completion_text(prompt: str, seed: int, max_tokens: int, model: str = "fake") -> str:
    """Same model, prompt and seed, same text; an empty text one time in seven."""
    digest = hashlib.sha256(f"{model}\0{prompt}\0{seed}".encode()).digest()
    n = min(max_tokens, 3 + digest[0] % 8)
    if digest[1] % 7 == 0:
        return ""  # an empty generation now and then
    return " ".join(WORDS[b % len(WORDS)] for b in digest[2:2 + n])


class FakeOpenAI:
    """`script` lists what to do with the first requests ("429", "500", "400", "drop", "ok"); after
    `die_after` successful answers every request is dropped. `delay` seconds are spent on each answer."""

    def __init__(self, script=(), die_after: int | None = None, delay: float = 0.0, models=("fake",),
                 port: int = 0):
        self.script, self.die_after, self.delay, self.models = list(script), die_after, delay, set(models)
        self.requests = self.answered = 0
        self.bodies: list[dict] = []
        self.lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", port), self._handler())
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/v1"

    def __enter__(self) -> "FakeOpenAI":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()

    def _next_action(self) -> str:
        with self.lock:
            self.requests += 1
            if self.script:
                return self.script.pop(0)
            if self.die_after is not None and self.answered >= self.die_after:
                return "drop"
            self.answered += 1
            return "ok"

    def _handler(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _send(self, code: int, obj: dict, headers: dict | None = None) -> None:
                body = json.dumps(obj).encode()
                self.send_response(code)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                for k, v in (headers or {}).items():
                    self.send_header(k, v)
                self.end_headers()
                self.wfile.write(body)

            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))))
                action = fake._next_action()
                if self.path != "/v1/completions":
                    return self._send(404, {"error": {"message": f"no route {self.path}"}})
                if action == "drop":
                    self.close_connection = True
                    return
                if action in ("429", "500"):
                    return self._send(int(action), {"error": {"message": f"scripted {action}"}},
                                      {"Retry-After": "0"} if action == "429" else None)
                if action == "400" or body.get("model") not in fake.models:
                    return self._send(400, {"error": {"message": f"The model `{body.get('model')}` does not exist"}})
                time.sleep(fake.delay)
                with fake.lock:
                    fake.bodies.append(body)
                text = completion_text(body["prompt"], body["seed"], body["max_tokens"], body["model"])
                n_tokens = len(text.split())
                self._send(200, {"id": "cmpl-1", "object": "text_completion", "model": body["model"], "choices": [
                    {"index": 0, "text": text, "finish_reason": "length" if n_tokens >= body["max_tokens"] else "stop"}]})

        return Handler


if __name__ == "__main__":  # a stand-in endpoint for trying `miner generate` by hand (README)
    import argparse

    parser = argparse.ArgumentParser(description="a deterministic OpenAI-compatible completions server")
    parser.add_argument("--port", type=int, default=8011)
    parser.add_argument("--models", default="fake", help="comma-separated model names it answers for")
    args = parser.parse_args()
    with FakeOpenAI(models=args.models.split(","), port=args.port) as fake:
        print(f"serving {args.models} at {fake.base_url}; Ctrl-C to stop", flush=True)
        try:
            fake.thread.join()
        except KeyboardInterrupt:
            pass
