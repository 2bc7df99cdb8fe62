"""`miner generate`: continue every prompt of a release split k times and store the rows, resumably."""
from __future__ import annotations

import time
from datetime import datetime, timezone
from pathlib import Path

from .backends import make_backend
from .backends.base import Request
from .progress import Throughput
from .prompts import open_release, read_prompts
from .settings import SamplingSettings, sample_seed, settings_hash
from .store import GenerationStore


def plan(release_path: str | Path, split: str, backend: str, model: str, settings: SamplingSettings) -> tuple:
    """The generation.json of this run and every (prompt, sample) request it is made of."""
    release = open_release(release_path)
    prompts = read_prompts(release, split)
    identity = {"release": release.identity, "split": split, "backend": backend, "model": model,
                "sampling": settings.model_dump()}
    meta = {**identity, "settings_hash": settings_hash(identity), "release_path": str(release.path),
            "prompts": prompts.num_rows, "rows": prompts.num_rows * settings.k,
            "created": datetime.now(timezone.utc).isoformat(timespec="seconds")}
    requests = [Request(pid, lang, s, prompt, sample_seed(settings.seed, pid, s))
                for pid, lang, prompt in zip(prompts["prompt_id"].to_pylist(), prompts["lang"].to_pylist(),
                                             prompts["prompt"].to_pylist())
                for s in range(settings.k)]
    return meta, requests


def generate(release_path: str | Path, split: str, backend: str, model: str, settings: SamplingSettings,
             out: str | Path, backend_options: dict | None = None, flush_rows: int = 256,
             flush_seconds: float = 10.0, progress_every: float = 5.0) -> dict:
    """Generate the rows of `out` that are missing; returns counts. Rows are flushed as Parquet parts every
    `flush_rows` rows or `flush_seconds`, and on any error, so a failure loses at most the unflushed rows."""
    meta, requests = plan(release_path, split, backend, model, settings)
    store = GenerationStore(out)
    engine = make_backend(backend, model, settings, **(backend_options or {}))  # bad options fail before any write
    with store.lock():
        store.init(meta)
        present = store.keys()
        todo = [r for r in requests if (r.prompt_id, r.sample) not in present]
        summary = {"rows": len(requests), "present": len(requests) - len(todo), "generated": 0, "parts": 0}
        if not todo:
            engine.close()
            return summary
        progress, buffer, flushed = Throughput("generate", len(todo), progress_every), [], time.monotonic()

        def flush() -> None:
            nonlocal buffer, flushed
            if buffer:
                store.append(buffer)
                summary["generated"] += len(buffer)
                summary["parts"] += 1
            buffer, flushed = [], time.monotonic()

        try:
            for c in engine.generate(todo):
                buffer.append({"prompt_id": c.request.prompt_id, "lang": c.request.lang, "sample": c.request.sample,
                               "text": c.text, "finish_reason": c.finish_reason, "model": model,
                               "settings_hash": meta["settings_hash"]})
                progress.update()
                if len(buffer) >= flush_rows or time.monotonic() - flushed >= flush_seconds:
                    flush()
        finally:
            flush()
            engine.close()
        summary["retries"] = getattr(engine, "retries", 0)
    return summary
