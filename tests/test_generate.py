"""`miner generate`: presets, reading a release, the OpenAI-compatible backend against a local test server
(retries, refusals, a dying server, kill -9 and resume) and the hf backend on a tiny GPT-2 built here."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest

from fake_openai import FakeOpenAI, completion_text
from tiny_models import WORDS, save_tiny_gpt2
from miner.cli import main
from miner.evaluate.backends import BackendError
from miner.evaluate.generate import generate, plan
from miner.evaluate.prompts import ReleaseError, open_release, read_prompts
from miner.evaluate.settings import PRESETS, resolve_settings, sample_seed
from miner.evaluate.store import GenerationStore, StoreError
from miner.io import InputError

REPO = Path(__file__).resolve().parents[1]
FAST = {"backoff": 0.001, "max_backoff": 0.01}


def _rows(gen_dir: Path) -> pa.Table:
    return GenerationStore(gen_dir).read()


def _assert_complete_and_unique(gen_dir: Path, release: Path, k: int) -> pa.Table:
    rows = _rows(gen_dir)
    prompts = read_prompts(open_release(release), "small")
    keys = set(zip(rows["prompt_id"].to_pylist(), rows["sample"].to_pylist()))
    assert len(keys) == rows.num_rows, "duplicate (prompt_id, sample) rows"
    assert keys == {(p, s) for p in prompts["prompt_id"].to_pylist() for s in range(k)}
    return rows


def _assert_texts_are_the_servers(rows: pa.Table, release: Path, seed: int = 0, max_tokens: int = 20) -> None:
    """Each row holds the answer to its own request: the fake server's text for its prompt and per-row seed."""
    prompts = read_prompts(open_release(release), "small")
    prompt_of = dict(zip(prompts["prompt_id"].to_pylist(), prompts["prompt"].to_pylist()))
    for pid, sample, text in zip(rows["prompt_id"].to_pylist(), rows["sample"].to_pylist(), rows["text"].to_pylist()):
        assert text == completion_text(prompt_of[pid], sample_seed(seed, pid, sample), max_tokens)


def test_presets_are_the_papers_and_overrides_are_validated():
    assert resolve_settings("rtp").model_dump() == {"k": 25, "max_tokens": 20, "temperature": 1.0, "top_p": 0.9,
                                                    "seed": 0}
    assert resolve_settings("ptp").model_dump() == {**PRESETS["ptp"], "seed": 0}
    assert resolve_settings("ptp", k=3, top_p=None).k == 3 and resolve_settings("ptp", k=3).top_p == 1.0
    with pytest.raises(InputError, match="--top-p"):
        resolve_settings("rtp", top_p=1.5)
    with pytest.raises(InputError, match="--k"):
        resolve_settings("rtp", k=0)
    with pytest.raises(InputError, match="unknown preset"):
        resolve_settings("gpt")


def test_prompts_read_the_same_with_or_without_a_lang_column(small_demo_release, tmp_path):
    before = read_prompts(open_release(small_demo_release), "small")
    assert before.num_rows > 0 and set(before["lang"].to_pylist()) >= {"en", "de", "ja"}
    copy = tmp_path / "release"
    copy.mkdir()
    (copy / "manifest.json").write_text((small_demo_release / "manifest.json").read_text())
    for part in small_demo_release.glob("data/*/*/*.parquet"):
        target = copy / part.relative_to(small_demo_release)
        target.parent.mkdir(parents=True)
        table = pq.read_table(part, partitioning=None)
        assert "lang" in table.column_names  # releases carry it; the copy is one written before they did
        pq.write_table(table.drop_columns(["lang"]), target)
    assert read_prompts(open_release(copy), "small").equals(before)
    with pytest.raises(ReleaseError, match="no split 'tiny'; splits: full, small"):
        read_prompts(open_release(copy), "tiny")
    part = next(copy.glob("data/lang=en/split=small/*.parquet"))
    table = pq.read_table(part, partitioning=None)
    pq.write_table(table.append_column("lang", pa.array(["de"] * table.num_rows)), part)
    with pytest.raises(ReleaseError, match="disagrees with its lang=en"):
        read_prompts(open_release(copy), "small")
    with pytest.raises(ReleaseError, match="not a release"):
        open_release(tmp_path)


def test_openai_retries_429_500_and_dropped_connections_and_each_row_gets_its_own_answer(small_demo_release,
                                                                                          tmp_path):
    settings = resolve_settings("rtp", k=3)
    with FakeOpenAI(script=["429", "500", "drop", "429"]) as fake:
        summary = generate(small_demo_release, "small", "openai", "fake", settings, tmp_path / "gen",
                           {"base_url": fake.base_url, "concurrency": 4, **FAST}, flush_rows=50, progress_every=0)
        rows = _assert_complete_and_unique(tmp_path / "gen", small_demo_release, 3)
        assert summary["retries"] == 4 and fake.requests == rows.num_rows + 4
        assert summary["parts"] == len(GenerationStore(tmp_path / "gen").parts()) == -(-rows.num_rows // 50)
        _assert_texts_are_the_servers(rows, small_demo_release)
        body = fake.bodies[0]
        assert (body["max_tokens"], body["temperature"], body["top_p"], body["n"]) == (20, 1.0, 0.9, 1)
        assert set(rows["finish_reason"].to_pylist()) <= {"stop", "length"} and "" in rows["text"].to_pylist()
        again = generate(small_demo_release, "small", "openai", "fake", settings, tmp_path / "gen",
                         {"base_url": fake.base_url, **FAST})
        assert again == {"rows": rows.num_rows, "present": rows.num_rows, "generated": 0, "parts": 0}
        assert fake.requests == rows.num_rows + 4  # nothing asked again


def test_progress_reports_rate_and_eta(small_demo_release, tmp_path, capfd):
    with FakeOpenAI() as fake:
        generate(small_demo_release, "small", "openai", "fake", resolve_settings("rtp", k=1), tmp_path / "gen",
                 {"base_url": fake.base_url, **FAST}, progress_every=0)
    err = capfd.readouterr().err
    n = read_prompts(open_release(small_demo_release), "small").num_rows
    assert f"[generate] {n}/{n} texts (100%)" in err and "texts/s" in err and "ETA 0s" in err


def test_a_server_that_dies_mid_run_loses_nothing_and_the_rerun_fills_only_the_gaps(small_demo_release, tmp_path):
    settings, gen = resolve_settings("rtp", k=4), tmp_path / "gen"
    with FakeOpenAI(die_after=150) as dying:
        with pytest.raises(BackendError, match="gave up after 3 attempts"):
            generate(small_demo_release, "small", "openai", "fake", settings, gen,
                     {"base_url": dying.base_url, "concurrency": 3, "max_retries": 2, **FAST}, flush_rows=40)
    kept = _rows(gen)
    assert 0 < kept.num_rows <= 150  # every answered row that reached the buffer is flushed on the error
    assert len(set(zip(kept["prompt_id"].to_pylist(), kept["sample"].to_pylist()))) == kept.num_rows
    with FakeOpenAI() as healthy:  # another port: the base URL is not part of the settings
        summary = generate(small_demo_release, "small", "openai", "fake", settings, gen,
                           {"base_url": healthy.base_url, **FAST})
        rows = _assert_complete_and_unique(gen, small_demo_release, 4)
        assert summary["present"] == kept.num_rows and healthy.requests == rows.num_rows - kept.num_rows
    _assert_texts_are_the_servers(rows, small_demo_release)  # resumed rows equal an uninterrupted run's


def test_kill_9_mid_run_then_rerun_completes_without_a_duplicate(small_demo_release, tmp_path):
    gen = tmp_path / "gen"
    with FakeOpenAI(delay=0.01) as fake:
        cmd = [sys.executable, "-m", "miner.cli", "generate", str(small_demo_release), "--backend", "openai",
               "--model", "fake", "--base-url", fake.base_url, "--out", str(gen), "--k", "3", "--concurrency", "2",
               "--flush-every", "10"]
        proc = subprocess.Popen(cmd, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        while len(GenerationStore(gen).parts()) < 3 and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.02)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        assert proc.returncode == -signal.SIGKILL, "the run finished before it could be killed"
        kept = _rows(gen).num_rows
        assert kept >= 30
        asked_before = fake.requests
        rerun = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, timeout=120)
        assert rerun.returncode == 0, rerun.stderr
        rows = _assert_complete_and_unique(gen, small_demo_release, 3)
        assert json.loads(rerun.stdout)["generated"] == rows.num_rows - kept
        assert fake.requests - asked_before == rows.num_rows - kept
    _assert_texts_are_the_servers(rows, small_demo_release)


def test_refusals_are_one_clear_line(small_demo_release, tmp_path, capsys):
    gen = str(tmp_path / "gen")
    base = ["generate", str(small_demo_release), "--backend", "openai", "--out", gen, "--k", "2", "--retry-backoff",
            "0.001"]
    with FakeOpenAI() as fake:
        assert main(base + ["--model", "nope", "--base-url", fake.base_url, "--concurrency", "1"]) == 1
        err = capsys.readouterr().err
        assert "refused the request (HTTP 400): The model `nope` does not exist" in err and "to resume" in err
        assert fake.requests <= 2  # a refusal is not retried, and stops the run (2 requests are queued at most)
        assert main(base + ["--model", "fake"]) == 2
        assert "needs --base-url" in capsys.readouterr().err
        assert main(base + ["--model", "fake", "--base-url", "ftp://x", "--out", str(tmp_path / "never")]) == 2
        assert "--base-url must start with http://" in capsys.readouterr().err
        assert not (tmp_path / "never").exists()
    gen = str(tmp_path / "gen2")
    base[base.index("--out") + 1] = gen
    with FakeOpenAI() as fake:
        assert main(base + ["--model", "fake", "--base-url", fake.base_url]) == 0
        assert main(base + ["--model", "fake", "--base-url", fake.base_url, "--temperature", "0.5"]) == 2
        assert "holds generations made with other settings" in capsys.readouterr().err
        assert main(base + ["--model", "fake", "--base-url", fake.base_url, "--split", "nope"]) == 2
        assert "no split 'nope'" in capsys.readouterr().err
        with GenerationStore(gen).lock():
            with pytest.raises(StoreError, match="another `miner generate` is writing"):
                generate(small_demo_release, "small", "openai", "fake", resolve_settings("rtp", k=2), gen,
                         {"base_url": fake.base_url})


def test_row_seeds_depend_on_seed_prompt_and_sample_only():
    assert sample_seed(0, "a", 1) == sample_seed(0, "a", 1)
    assert len({sample_seed(0, "a", 1), sample_seed(0, "a", 2), sample_seed(1, "a", 1), sample_seed(0, "b", 1)}) == 4


# --- the hf backend on a tiny GPT-2 ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def tiny_gpt2(tmp_path_factory) -> Path:
    pytest.importorskip("torch", reason="torch is in the optional [detoxify] extra, not installed here")
    pytest.importorskip("transformers", reason="transformers is in the optional [detoxify] extra")
    return save_tiny_gpt2(tmp_path_factory.mktemp("tiny-gpt2"))


def test_hf_backend_generates_every_row_reproducibly(small_demo_release, tiny_gpt2, tmp_path):
    args = ["generate", str(small_demo_release), "--backend", "hf", "--model", str(tiny_gpt2), "--k", "2",
            "--max-tokens", "6", "--batch-size", "64"]
    assert main(args + ["--out", str(tmp_path / "a")]) == 0
    rows = _assert_complete_and_unique(tmp_path / "a", small_demo_release, 2)
    texts = rows["text"].to_pylist()
    assert all(len(t.split()) <= 6 for t in texts) and len(set(texts)) > 1
    assert set(rows["finish_reason"].to_pylist()) <= {"stop", "length"}
    assert set(w for t in texts for w in t.split()) <= set(WORDS)
    assert main(args + ["--out", str(tmp_path / "b")]) == 0
    order = [("prompt_id", "ascending"), ("sample", "ascending")]
    again = _rows(tmp_path / "b").sort_by(order)
    assert again["text"].equals(rows.sort_by(order)["text"])  # same settings from scratch: same texts
    for run in ("a", "b"):
        assert main(["evaluate", str(tmp_path / run), "--scorer", "fasttext-tox", "--bootstrap", "100"]) == 0
    results = json.loads((tmp_path / "a" / "results" / "results.json").read_text())
    assert results["backend"] == "hf" and results["overall"]["generations"] == rows.num_rows
    assert main(["compare", str(tmp_path / "a" / "results"), str(tmp_path / "b" / "results")]) == 0


def test_hf_backend_greedy_and_refusals(small_demo_release, tiny_gpt2, tmp_path):
    from miner.evaluate.backends.hf import HFBackend

    with pytest.raises(InputError, match="not a local model directory"):
        HFBackend(str(tmp_path / "nope"), resolve_settings("rtp"))
    with pytest.raises(InputError, match="leaves no room for a prompt"):
        HFBackend(str(tiny_gpt2), resolve_settings("ptp"))  # 512 new tokens in a 64-position model
    settings = resolve_settings("rtp", k=1, temperature=0, max_tokens=4)
    _, requests = plan(small_demo_release, "small", "hf", str(tiny_gpt2), settings)
    backend = HFBackend(str(tiny_gpt2), settings, batch_size=4)
    first = [c.text for c in backend.generate(requests[:8])]
    alone = [c.text for c in HFBackend(str(tiny_gpt2), settings, batch_size=1).generate(requests[:8])]
    assert first == alone  # greedy: batching and left padding do not change the text
