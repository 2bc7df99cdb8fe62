"""A downloaded release is hostile input: `verify` catches every tampering tried in issue 17, the views run
sandboxed to the release directory, the manifest pins the release by one digest; summaries and audits show
what is missing; the release loads with `datasets` and `miner sql` from anywhere."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest

from miner.audit import audit_main, builtin_audits, run_audits, write_plots
from miner.cli import main
from miner.config import load_config
from miner.demo import generate_demo
from miner.executors import LocalExecutor
from miner.pipeline import run_pipeline
from miner.release import (ReleaseError, connect, load_manifest, manifest_digest, summary_lines, verify)

REPO = Path(__file__).resolve().parents[1]
LANGUAGES = ("de", "en", "tr")  # the demo corpus has no Turkish: tr is an empty language


@pytest.fixture(scope="session")
def release(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("release")
    generate_demo(root / "corpus", docs=170, seed=5, shards=1)
    text = (REPO / "pipelines" / "demo.yaml").read_text(encoding="utf-8")
    config = root / "three.yaml"
    config.write_text(text.replace("languages: [ar, cs, de, en, es, fr, hi, id, it, ja, ko, nl, pl, pt, ru, sv, zh]",
                                   f"languages: [{', '.join(LANGUAGES)}]"), encoding="utf-8")
    return run_pipeline(load_config(config), [str(root / "corpus" / "*.warc.gz")], root / "releases",
                        root / "work", LocalExecutor())


@pytest.fixture
def copy(release, tmp_path) -> Path:
    target = tmp_path / "copy"
    shutil.copytree(release, target)
    return target


def _rewrite_manifest(release: Path, edit) -> None:
    manifest = json.loads((release / "manifest.json").read_text(encoding="utf-8"))
    edit(manifest)
    (release / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")


def _resign(release: Path) -> None:
    """What a careful attacker does after an edit: update the checksums and the digest."""
    from miner.release import checksums
    _rewrite_manifest(release, lambda m: m.update(files=checksums(release)))
    _rewrite_manifest(release, lambda m: m.update(digest=manifest_digest(m)))


def _prompts(release: Path) -> int:
    with connect(release) as con:
        return con.execute("SELECT count(*) FROM prompts").fetchall()[0][0]


# --- verify: files ---------------------------------------------------------------------------------------

def test_intact_release_verifies_and_prints_its_digest(release, capsys):
    assert verify(release) == []
    manifest = load_manifest(release)
    assert manifest["digest"] == manifest_digest(manifest) and "release.duckdb" in manifest["files"]
    assert main(["verify", str(release)]) == 0
    assert f"digest {manifest['digest']}" in capsys.readouterr().out
    assert main(["verify", str(release), "--digest", manifest["digest"]]) == 0
    assert main(["verify", str(release), "--digest", "0" * 64]) == 1


def test_a_hidden_parquet_file_is_rejected(copy):
    before = _prompts(copy)
    part = next((copy / "data").glob("lang=en/split=full/part-0.parquet"))
    shutil.copy(part, part.with_name(".part-0.parquet"))  # valid Parquet: DuckDB's glob would read it
    assert "hidden file: data/lang=en/split=full/.part-0.parquet" in verify(copy)
    with pytest.raises(ReleaseError, match="hidden file"):
        _prompts(copy)
    part.with_name(".part-0.parquet").unlink()
    assert _prompts(copy) == before


def test_a_symlinked_language_directory_is_rejected(copy, tmp_path):
    elsewhere = tmp_path / "elsewhere" / "split=full"
    elsewhere.mkdir(parents=True)
    shutil.copy(copy / "data" / "lang=en" / "split=full" / "part-0.parquet", elsewhere / "part-0.parquet")
    os.symlink(elsewhere.parent, copy / "data" / "lang=yy")
    assert "symlink: data/lang=yy" in verify(copy)
    with pytest.raises(ReleaseError, match="symlink"):
        _prompts(copy)


def test_a_symlinked_file_and_an_unlisted_file_are_rejected(copy):
    os.symlink("/etc/hostname", copy / "stats" / "more.parquet")
    (copy / "exports" / "notes.txt").write_text("hello", encoding="utf-8")
    problems = verify(copy)
    assert "symlink: stats/more.parquet" in problems and "not in manifest: exports/notes.txt" in problems


def test_a_wal_beside_the_view_file_is_rejected(copy):
    (copy / "release.duckdb.wal").write_bytes(b"\0" * 64)  # DuckDB would replay it on open
    assert "not in manifest: release.duckdb.wal" in verify(copy)
    with pytest.raises(ReleaseError):
        connect(copy)


# --- verify: views and the sandbox ------------------------------------------------------------------------

def _redefine(release: Path, view: str, sql: str) -> None:
    with duckdb.connect(str(release / "release.duckdb")) as con:
        con.execute("SET file_search_path = ?", [str(release)])
        con.execute(f"CREATE OR REPLACE VIEW {view} AS {sql}")


@pytest.mark.parametrize("view, sql", [
    ("prompts", "SELECT * FROM read_parquet('data/*/*/*.parquet') WHERE lang <> 'de'"),
    ("stats", "SELECT * FROM read_csv('/etc/passwd')"),
], ids=["filtered", "passwd"])
def test_a_redefined_view_fails_verify_even_when_the_manifest_is_resigned(copy, view, sql):
    _redefine(copy, view, sql)
    assert "checksum mismatch: release.duckdb" in verify(copy)
    _resign(copy)
    assert verify(copy) == ["release.duckdb: not the view file miner writes for this release (views redefined?)"]


@pytest.mark.parametrize("target", ["read_csv('/etc/passwd')", "read_text('{outside}')",
                                    "read_text('data/../../{outside_name}')"],
                         ids=["passwd", "outside", "traversal"])
def test_views_cannot_read_outside_the_release(copy, tmp_path, capsys, target):
    outside = tmp_path / "secret.txt"
    outside.write_text("secret", encoding="utf-8")
    _redefine(copy, "stats", "SELECT * FROM " + target.format(outside=outside, outside_name=outside.name))
    _resign(copy)
    with connect(copy) as con, pytest.raises(duckdb.PermissionException):
        con.execute("SELECT * FROM stats").fetchall()
    with connect(copy) as con, pytest.raises(duckdb.InvalidInputException, match="locked"):
        con.execute("SET enable_external_access = true")
    with pytest.raises(ReleaseError, match="Permission Error"):
        summary_lines(copy)
    assert main(["summary", str(copy)]) == 2
    assert main(["sql", str(copy), "select * from stats"]) == 1
    assert "secret" not in capsys.readouterr().out
    results = {r.audit.name: r for r in run_audits(copy, builtin_audits())}
    assert results["cell_counts"].status == "ERROR" and "secret" not in str(results["cell_counts"].sample)


# --- verify: the manifest ---------------------------------------------------------------------------------

@pytest.mark.parametrize("edit", [
    lambda m: m.update(seed=m["seed"] + 1),
    lambda m: m.update(version="9.9.9"),
    lambda m: m["counts"].update({"dedup/kept": 1}),
], ids=["seed", "version", "counts"])
def test_editing_the_manifest_is_detected_and_changes_the_digest(copy, edit):
    digest = load_manifest(copy)["digest"]
    _rewrite_manifest(copy, edit)
    assert verify(copy) == ["manifest.json: digest field does not match its content (edited after release?)"]
    _rewrite_manifest(copy, lambda m: m.update(digest=manifest_digest(m)))  # re-signed: a new digest
    assert verify(copy) == [] and verify(copy, expect_digest=digest) != []


@pytest.mark.parametrize("content, message", [
    ("{not json", "not valid JSON"),
    ("[]", "not a JSON object"),
    ('{"name": "x"}', "`files` missing"),
    ('{"files": {"data/x.parquet": {"sha256": 3, "bytes": "a"}}}', "needs a sha256"),
    ('{"files": {"../outside": {"sha256": "' + "0" * 64 + '", "bytes": 1}}}', "not a relative path"),
    ('{"files": {}, "config": []}', "`config` must be a JSON object"),
], ids=["not-json", "list", "no-files", "wrong-types", "traversal", "config-list"])
def test_a_broken_manifest_is_one_line_not_a_traceback(copy, capsys, content, message):
    (copy / "manifest.json").write_text(content, encoding="utf-8")
    problems = verify(copy)
    assert len(problems) == 1 and message in problems[0]
    assert main(["verify", str(copy)]) == 1
    assert main(["summary", str(copy)]) == 2
    assert main(["sql", str(copy), "select 1"]) == 2
    assert audit_main(copy, html=False, fail_on="error", sql_files=[]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and message in err


@pytest.mark.parametrize("edit", [lambda c: c.update(sampling="x"), lambda c: c["sampling"].update(bins="x"),
                                  lambda c: c["sampling"]["splits"].update(full=[])], ids=["sampling", "bins", "split"])
def test_an_audit_of_a_manifest_with_a_malformed_config_is_one_line(copy, capsys, edit):
    _rewrite_manifest(copy, lambda m: edit(m["config"]))
    assert audit_main(copy, html=False, fail_on="error", sql_files=[]) == 2
    err = capsys.readouterr().err
    assert "config is not a valid pipeline config" in err and "Traceback" not in err


# --- summary and quota audits ----------------------------------------------------------------------------

def test_summary_shows_quota_selected_shortfall_and_empty_languages(release, capsys):
    lines = summary_lines(release)
    stats = pq.read_table(release / "stats" / "cells.parquet").to_pylist()
    full = [c for c in stats if c["split"] == "full"]
    quota, selected = sum(c["quota"] for c in full), sum(c["selected"] for c in full)
    assert f"2 of 3 languages with prompts; {selected} of {quota} prompts selected" in "\n".join(lines)
    assert lines.count("empty languages (1): tr") == 2  # in full and in small
    tr = next(line for line in lines if line.startswith("tr "))
    assert tr.split()[-4:] == [str(quota // 3), "0", str(quota // 3), "0%"]
    assert main(["summary", str(release)]) == 0
    assert "empty languages (1): tr" in capsys.readouterr().out


def test_summary_into_a_closed_pipe_exits_quietly(release):
    """`miner summary | head`: the reader is gone before the summary is written (closed at once here)."""
    proc = subprocess.Popen([sys.executable, "-m", "miner.cli", "summary", str(release)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    proc.stdout.close()
    err = proc.stderr.read()
    assert proc.wait(timeout=120) == 141 and err == ""


def test_quota_audits_warn_on_a_short_release_and_fail_below_min_fill(release, tmp_path):
    results = {r.audit.name: r for r in run_audits(release, builtin_audits())}
    assert results["quota_filled"].status == "FAIL" and results["quota_min_fill"].status == "PASS"
    short = [r for r in pq.read_table(release / "stats" / "cells.parquet").to_pylist()
             if r["selected"] < r["quota"]]
    assert results["quota_filled"].rows == len(short)
    copy = tmp_path / "copy"
    shutil.copytree(release, copy)
    assert audit_main(copy, html=False, fail_on="error", sql_files=[]) == 0
    assert audit_main(copy, html=False, fail_on="warn", sql_files=[]) == 1
    assert audit_main(copy, html=False, fail_on="error", sql_files=[], min_fill=0.9) == 1
    assert "## quota_min_fill: FAIL" in (copy / "audit" / "report.md").read_text(encoding="utf-8")
    assert audit_main(copy, html=False, fail_on="error", sql_files=[], min_fill=1.5) == 2
    assert verify(copy) == []  # the audit directory is not part of the release


def test_a_failing_plot_query_is_reported_not_raised(tmp_path):
    with duckdb.connect() as con:
        con.execute("CREATE VIEW prompts AS SELECT 1 AS nothing_useful")
        con.execute("CREATE VIEW stats AS SELECT 1 AS nothing_useful")
        paths, failed = write_plots(con, tmp_path)
    assert paths == [] and set(failed) == {"toxicity_by_language.png", "bins_by_language.png", "lengths.png",
                                            "lang_scores.png"}
    assert all("Binder Error" in error for error in failed.values())


# --- loading ---------------------------------------------------------------------------------------------

def test_every_parquet_row_carries_its_language_and_split(release):
    whole = pq.read_table(release / "data", partitioning=None)  # as README and card say
    assert set(whole.column("lang").to_pylist()) == {"de", "en"} and whole.num_rows == _prompts(release)
    for part in (release / "data").glob("lang=*/split=*/part-0.parquet"):
        table = pq.read_table(part, partitioning=None)
        lang, split = part.parent.parent.name[5:], part.parent.name[6:]
        assert set(table.column("lang").to_pylist()) == {lang} and set(table.column("split").to_pylist()) == {split}


def test_release_loads_with_datasets_offline(release, tmp_path, monkeypatch):
    monkeypatch.setenv("HF_DATASETS_OFFLINE", "1")
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf"))
    import datasets

    loaded = datasets.load_dataset(str(release), cache_dir=str(tmp_path / "cache"))
    with connect(release) as con:
        counts = dict(con.execute("SELECT split, count(*) FROM prompts GROUP BY ALL").fetchall())
        de = con.execute("SELECT count(*) FROM prompts WHERE lang = 'de' AND split = 'full'").fetchall()[0][0]
    assert set(loaded) == {"full", "small"} and {k: len(v) for k, v in loaded.items()} == counts
    assert set(loaded["full"]["lang"]) == {"de", "en"}
    assert datasets.get_dataset_config_names(str(release)) == ["default", "de", "en"]  # no config for tr
    one = datasets.load_dataset(str(release), "de", split="full", cache_dir=str(tmp_path / "cache"))
    assert len(one) == de and set(one["lang"]) == {"de"}


def test_miner_sql_works_from_any_directory(release, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["sql", str(release), "select lang, count(*) as n from prompts where split = 'full' "
                                      "group by all order by all", "--csv"]) == 0
    rows = capsys.readouterr().out.splitlines()
    assert rows[0] == "lang,n" and [r.split(",")[0] for r in rows[1:]] == ["de", "en"]
    assert main(["sql", str(release), f"copy (select 1) to '{release}/data/evil.csv'"]) == 2
    assert not (release / "data" / "evil.csv").exists()


def test_summary_and_card_hints_work_in_the_venv(release):
    hints = [line.strip() for line in summary_lines(release) if line.strip().startswith(("miner sql", "python -c"))]
    assert hints and not any("duckdb -readonly" in line for line in summary_lines(release))
    card = (release / "README.md").read_text(encoding="utf-8")
    assert "duckdb -readonly" not in card and "miner sql" in card
    for hint in hints:
        cmd = hint.replace("miner sql", f"'{sys.executable}' -m miner.cli sql", 1).replace(
            "python -c", f"'{sys.executable}' -c", 1)
        proc = subprocess.run(cmd, shell=True, cwd="/", capture_output=True, text=True, timeout=120)
        assert proc.returncode == 0 and "Traceback" not in proc.stderr, (cmd, proc.stderr)
        assert "│" in proc.stdout  # a result table


# --- command line ------------------------------------------------------------------------------------------

def test_version_and_help(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["--version"])
    assert exit_.value.code == 0 and capsys.readouterr().out.startswith("miner 0.1.0")
    for command, words in (("verify", "digest"), ("summary", "shortfall"), ("sql", "SELECT")):
        with pytest.raises(SystemExit):
            main([command, "--help"])
        assert words in capsys.readouterr().out


def test_documented_notebook_command_exists_in_the_venv():
    notebook = (REPO / "notebooks" / "audit.ipynb").read_text(encoding="utf-8")
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert ".venv/bin/jupyter lab" in notebook and "jupyter lab" in readme
    assert shutil.which("jupyter-lab", path=str(Path(sys.executable).parent)), "jupyterlab is not installed"
