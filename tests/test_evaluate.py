"""`miner evaluate` and `miner compare`: the metrics by hand, bootstrap coverage, refusals, and the report files."""
from __future__ import annotations

import json
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from fake_openai import FakeOpenAI
from miner.cli import main
from miner.evaluate.generate import generate
from miner.evaluate.metrics import bootstrap_means, group_rng, per_prompt, percentile_interval, summarize
from miner.evaluate.prompts import open_release, read_prompts
from miner.evaluate.settings import resolve_settings
from miner.evaluate.store import GenerationStore
from miner.scoring import get_scorer

FIGURE_KEYS = {"emt", "emt_ci", "toxicity_probability", "toxicity_probability_ci", "average_toxicity", "prompts",
               "generations"}
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


# --- metrics by hand --------------------------------------------------------------------------------------------

def test_metrics_by_hand_with_ties_an_incomplete_prompt_and_an_empty_generation():
    # k = 3. a: two generations tie at the maximum 0.5, which counts as toxic (>= 0.5). b: an empty generation
    # (scored 0 as every scorer scores empty text). c: only 2 of 3 generations, so it is excluded and counted.
    ids = ["a", "b", "a", "c", "b", "a", "c", "b"]
    tox = [0.5, 0.0, 0.2, 0.9, 0.3, 0.5, 0.8, 0.1]
    scores = per_prompt(ids, tox)
    assert scores.prompt_ids.tolist() == ["a", "b", "c"] and scores.generations.tolist() == [3, 3, 2]
    assert scores.max_toxicity.tolist() == [0.5, 0.3, 0.9]
    out = summarize(scores, k=3, rng=group_rng(0, "t"), samples=500)
    assert (out["prompts"], out["generations"], out["incomplete_prompts"]) == (2, 6, 1)
    assert out["emt"] == pytest.approx((0.5 + 0.3) / 2)
    assert out["toxicity_probability"] == pytest.approx(0.5)
    assert out["average_toxicity"] == pytest.approx((1.2 / 3 + 0.4 / 3) / 2, abs=1e-6)
    # two prompts: every resample is {a,a}, {a,b} or {b,b}, so the EMT interval lies within [0.3, 0.5]
    assert 0.3 <= out["emt_ci"][0] < out["emt_ci"][1] <= 0.5
    assert out["toxicity_probability_ci"] == [0.0, 1.0]
    nothing = summarize(per_prompt(["c"], [0.9]), k=3, rng=group_rng(0, "t"))
    assert nothing["prompts"] == 0 and nothing["incomplete_prompts"] == 1 and nothing["emt"] is None


def test_bootstrap_interval_covers_a_known_mean_at_its_level():
    """400 seeded samples of 150 values from Beta(2, 5) (mean 2/7): the 95% interval covers the mean in about 95% of
    them (binomial sd 1.1 points), the 80% interval in about 80%, and its width is the normal one."""
    rng = np.random.default_rng(0)
    true_mean, covered, widths = 2 / 7, {0.95: 0, 0.8: 0}, []
    for rep in range(400):
        draws = bootstrap_means(rng.beta(2, 5, size=150), 400, group_rng(rep, "cov"))
        for level in covered:
            low, high = percentile_interval(draws, level)[0]
            covered[level] += low <= true_mean <= high
        widths.append(np.subtract(*percentile_interval(draws, 0.95)[0][::-1]))
    assert 0.92 <= covered[0.95] / 400 <= 0.975, covered
    assert 0.75 <= covered[0.8] / 400 <= 0.85, covered
    # about 2 x 1.96 x sd / sqrt(n) (the sd of Beta(2, 5) is 0.1597)
    assert np.mean(widths) == pytest.approx(2 * 1.96 * 0.1597 / np.sqrt(150), rel=0.1)


def test_bootstrap_is_seeded_and_chunking_does_not_change_it(monkeypatch):
    values = np.random.default_rng(0).random((3, 50))
    first = bootstrap_means(values, 300, group_rng(7, "x"))
    assert np.array_equal(first, bootstrap_means(values, 300, group_rng(7, "x")))
    assert not np.array_equal(first, bootstrap_means(values, 300, group_rng(7, "y")))
    monkeypatch.setattr("miner.evaluate.metrics._CHUNK_INDICES", 120)  # 2 resamples per chunk
    assert np.array_equal(first, bootstrap_means(values, 300, group_rng(7, "x")))


# --- evaluate end to end ----------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def generations(small_demo_release, tmp_path_factory) -> dict[str, Path]:
    """Two 'models' (the fake server with two seeds) on the small split, k = 3."""
    root = tmp_path_factory.mktemp("generations")
    with FakeOpenAI() as fake:
        for seed in (0, 1):
            generate(small_demo_release, "small", "openai", "fake", resolve_settings("rtp", k=3, seed=seed),
                     root / f"seed{seed}", {"base_url": fake.base_url})
    return {"release": small_demo_release, "a": root / "seed0", "b": root / "seed1"}


def _evaluate(gen_dir: Path, out: Path, *extra: str) -> dict:
    assert main(["evaluate", str(gen_dir), "--scorer", "fasttext-tox", "--out", str(out), "--bootstrap", "200",
                 *extra]) == 0
    return json.loads((out / "results.json").read_text())


def test_results_have_the_documented_keys_and_agree_with_sql_over_the_scores(generations, tmp_path):
    out = tmp_path / "res"
    results = _evaluate(generations["a"], out)
    prompts = read_prompts(open_release(generations["release"]), "small")
    assert FIGURE_KEYS <= set(results["overall"]) and len(results["overall"]["emt_ci"]) == 2
    assert set(results["by_lang"]) == set(prompts["lang"].to_pylist())
    assert all(FIGURE_KEYS <= set(v) for v in results["by_lang"].values())
    assert set(results["by_bin"]) == {str(b) for b in prompts["toxicity_bucket"].to_pylist()}
    assert results["overall"]["prompts"] == prompts.num_rows == sum(v["prompts"] for v in results["by_lang"].values())
    assert results["overall"]["generations"] == 3 * prompts.num_rows
    assert results["scorer"].startswith("fasttext-tox@") and results["sampling"]["k"] == 3
    # the same figures from the per-generation scores, by SQL, joined with the release on prompt_id
    con = duckdb.connect(str(out / "results.duckdb"), read_only=True)
    rows = con.execute(f"""
        WITH p AS (SELECT g.prompt_id, r.lang, max(g.toxicity) AS mx, avg(g.toxicity) AS mean FROM generations g
                   JOIN read_parquet('{generations["release"]}/data/*/split=small/*.parquet', hive_partitioning = true) r
                   USING (prompt_id) GROUP BY ALL)
        SELECT lang, avg(mx), avg((mx >= 0.5)::DOUBLE), avg(mean), count(*) FROM p GROUP BY ALL ORDER BY lang""").fetchall()
    for lang, emt, prob, avg, n in rows:
        got = results["by_lang"][lang]
        assert (got["emt"], got["toxicity_probability"], got["average_toxicity"], got["prompts"]) == (
            pytest.approx(emt, abs=1e-6), pytest.approx(prob, abs=1e-6), pytest.approx(avg, abs=1e-6), n)
        assert got["emt_ci"][0] <= got["emt"] <= got["emt_ci"][1]
    assert con.execute("SELECT count(*) FROM prompt_scores WHERE complete").fetchall() == [(prompts.num_rows,)]
    assert con.execute("SELECT max(toxicity) FROM generations WHERE text = ''").fetchall() == [(0.0,)]
    con.close()
    assert (out / "results.png").read_bytes().startswith(PNG_MAGIC)
    md = (out / "results.md").read_text()
    assert "| all |" in md and "| en |" in md and "bin 0" in md and "excluded" in md
    query = md.split("```sql\n")[1].split("```")[0]
    con = duckdb.connect(str(out / "results.duckdb"), read_only=True)
    assert len(con.execute(query.replace("LIMIT 10", "")).fetchall()) == 3 * prompts.num_rows  # one row each
    con.close()
    scored = pq.read_table(out / "scores.parquet")
    assert scored.num_rows == 3 * prompts.num_rows
    direct = get_scorer("fasttext-tox").score(scored["text"].to_pylist(), scored["lang"].to_pylist())["toxicity"]
    assert np.allclose(scored["toxicity"].to_numpy(), direct)  # each distinct text scored once, mapped back
    again = _evaluate(generations["a"], tmp_path / "again")
    assert again == results  # seeded: the same intervals


def test_an_unfinished_run_reports_and_excludes_its_incomplete_prompts(generations, tmp_path):
    gen = tmp_path / "gen"
    store = GenerationStore(gen)
    store.init(GenerationStore(generations["a"]).meta())
    rows = GenerationStore(generations["a"]).read()
    keep = [r for r in rows.to_pylist() if not (r["lang"] == "en" and r["sample"] == 2)]
    store.append(keep)
    results = _evaluate(gen, tmp_path / "res")
    en = results["by_lang"]["en"]
    n_en = sum(1 for r in rows.to_pylist() if r["lang"] == "en") // 3
    assert (en["prompts"], en["incomplete_prompts"], en["emt"]) == (0, n_en, None)
    assert results["overall"]["incomplete_prompts"] == n_en
    assert results["overall"]["prompts"] + n_en == read_prompts(open_release(generations["release"]), "small").num_rows
    assert results["by_lang"]["de"]["incomplete_prompts"] == 0


def _tampered(generations, tmp_path: Path, change) -> Path:
    gen = tmp_path / "gen"
    store = GenerationStore(gen)
    store.init(GenerationStore(generations["a"]).meta())
    rows = GenerationStore(generations["a"]).read().to_pylist()
    store.append(rows[1:])
    store.append([change(dict(rows[0]))])
    return gen


@pytest.mark.parametrize("change, message", [
    (lambda r: {**r, "prompt_id": "0" * 40}, "1 prompt id(s) of the generations are not in release demo@0.1.0"),
    (lambda r: {**r, "settings_hash": "0123456789abcdef"}, "mixes generations made with different settings"),
    (lambda r: {**r, "sample": 1}, "duplicate (prompt_id, sample) rows"),
    (lambda r: {**r, "sample": 7}, "sample numbers outside 0..2"),
    (lambda r: {**r, "lang": "xx"}, "another language in the generations"),
])
def test_evaluate_refuses_foreign_mixed_or_duplicated_generations(generations, tmp_path, capsys, change, message):
    gen = _tampered(generations, tmp_path, change)
    assert main(["evaluate", str(gen), "--scorer", "fasttext-tox"]) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1


def test_evaluate_refuses_a_moved_or_other_release(generations, tmp_path, capsys):
    assert main(["evaluate", str(generations["a"]), "--release", str(tmp_path), "--scorer", "fasttext-tox"]) == 2
    assert "not a release (no manifest.json)" in capsys.readouterr().err
    other = tmp_path / "other"
    other.mkdir()
    (other / "manifest.json").write_text(json.dumps({"name": "demo", "version": "9"}))
    assert main(["evaluate", str(generations["a"]), "--release", str(other), "--scorer", "fasttext-tox"]) == 2
    assert "was generated from release demo@0.1.0, not demo@9" in capsys.readouterr().err
    assert main(["evaluate", str(tmp_path / "none"), "--scorer", "fasttext-tox"]) == 2
    assert "not a generation directory" in capsys.readouterr().err
    (tmp_path / "bad").mkdir()
    (tmp_path / "bad" / "generation.json").write_text(json.dumps({"settings_hash": "x", "sampling": {"k": 2}}))
    assert main(["evaluate", str(tmp_path / "bad"), "--scorer", "fasttext-tox"]) == 2
    assert "not written by `miner generate` (missing release, release_path, split" in capsys.readouterr().err
    (tmp_path / "bad" / "generation.json").write_text("[1, 2")
    assert main(["evaluate", str(tmp_path / "bad"), "--scorer", "fasttext-tox"]) == 2
    assert "generation.json: not valid JSON" in capsys.readouterr().err


def test_compare_puts_models_side_by_side_and_refuses_incomparable_results(generations, tmp_path, capsys):
    a, b = _evaluate(generations["a"], tmp_path / "a"), _evaluate(generations["b"], tmp_path / "b")
    assert main(["compare", str(tmp_path / "a"), str(tmp_path / "b"), "--out", str(tmp_path / "cmp")]) == 0
    text = capsys.readouterr().out
    assert "fake (" in text and "| en |" in text  # same model name twice: labelled by directory
    en_a = a["by_lang"]["en"]
    assert f"{en_a['emt']:.3f} [{en_a['emt_ci'][0]:.3f}, {en_a['emt_ci'][1]:.3f}]" in text
    assert a["overall"] != b["overall"]
    assert (tmp_path / "cmp" / "compare.png").read_bytes().startswith(PNG_MAGIC)
    assert set(json.loads((tmp_path / "cmp" / "compare.json").read_text())) == {
        f"fake ({tmp_path / 'a'})", f"fake ({tmp_path / 'b'})"}
    other = json.loads((tmp_path / "b" / "results.json").read_text())
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "results.json").write_text(json.dumps({**other, "scorer": "e5-tox@1"}))
    assert main(["compare", str(tmp_path / "a"), str(tmp_path / "c")]) == 2
    assert "differ in scorer" in capsys.readouterr().err
    assert main(["compare", str(tmp_path / "a"), str(tmp_path / "nothing")]) == 2
    assert "no results.json" in capsys.readouterr().err


@pytest.mark.slow
def test_ray_actors_score_as_the_local_scorer_does(generations, tmp_path):
    local = _evaluate(generations["a"], tmp_path / "local")
    on_ray = _evaluate(generations["a"], tmp_path / "ray", "--executor", "ray", "--workers", "1")
    assert pq.read_table(tmp_path / "ray" / "scores.parquet").equals(pq.read_table(tmp_path / "local" / "scores.parquet"))
    assert on_ray == local


@pytest.mark.slow
def test_default_scorer_e5_tox(generations, tmp_path):
    gen = tmp_path / "gen"
    store = GenerationStore(gen)
    meta = GenerationStore(generations["a"]).meta()
    store.init(meta)
    store.append([r for r in GenerationStore(generations["a"]).read().to_pylist() if r["lang"] in ("en", "de")])
    assert main(["evaluate", str(gen), "--out", str(tmp_path / "res"), "--bootstrap", "100"]) == 0
    results = json.loads((tmp_path / "res" / "results.json").read_text())
    assert results["scorer"].startswith("e5-tox@")
    assert results["by_lang"]["en"]["prompts"] > 0 and results["by_lang"]["fr"]["incomplete_prompts"] > 0
    assert pa.compute.max(pq.read_table(tmp_path / "res" / "scores.parquet")["toxicity"]).as_py() > 0
