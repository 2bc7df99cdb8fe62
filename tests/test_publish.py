"""A run writes and deletes only what it owns: config values never become paths outside it, a published version
is not replaced by different data unless asked, runs on one work dir or version exclude each other, and a
release appears whole or not at all."""
from __future__ import annotations

import json
import re
import time
from pathlib import Path

import pytest

from miner.cli import main
from miner.config import ConfigError, load_config
from miner.demo import generate_demo
from miner.executors import LocalExecutor
from miner.pipeline import run_pipeline
from miner.publish import PublishError, locked
from miner.release import verify
from conftest import FAST_SCORING, fast_demo_yaml  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
DEMO = REPO / "pipelines" / "demo.yaml"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("corpus")
    generate_demo(out, docs=170, seed=5, shards=1)
    return out


def _run(corpus: Path, out: Path, work: Path, per_cell: int = 2, **kwargs) -> Path:
    config = load_config(DEMO, overrides={"sampling": {"splits": {"full": {"per_cell": per_cell}}},
                                          "scoring": FAST_SCORING})
    return run_pipeline(config, [str(corpus / "*.warc.gz")], out, work, LocalExecutor(), **kwargs)


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("line", ['version: "/tmp/victim"', 'version: ""', 'version: "../victim"',
                                  "version: latest", 'version: "a/b"', 'name: "../../x"', 'name: "."',
                                  'name: "/abs"', 'name: "a b"'])
def test_name_and_version_that_would_be_paths_are_refused(tmp_path, line):
    path = tmp_path / "c.yaml"
    path.write_text(("" if line.startswith("name") else "name: x\n") + line + "\n")
    with pytest.raises(ConfigError) as err:
        load_config(path)
    assert ("version" if "version" in line else "name") in str(err.value)


@pytest.mark.parametrize("version", ["1.2.3", "2026-12a", "0.1.0+rc1"])
def test_plain_versions_are_accepted(tmp_path, version):
    path = tmp_path / "c.yaml"
    path.write_text(f"name: ptp17-small\nversion: '{version}'\n")
    assert load_config(path).version == version


def _laughs(levels: int = 9) -> str:
    lines = ['l0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * 9) + "]" for i in range(1, levels)]
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("where", ["seed: *l8\n", "scoring: {first_pass: {name: fasttext-tox, params: {x: *l8}}}\n"])
def test_alias_bomb_is_refused_quickly_with_a_short_message(tmp_path, where):
    path = tmp_path / "bomb.yaml"
    path.write_text("name: x\n" + _laughs() + where)
    assert path.stat().st_size < 1000
    started = time.monotonic()
    with pytest.raises(ConfigError) as err:
        load_config(path)
    assert time.monotonic() - started < 5
    assert "aliases" in str(err.value) and len(str(err.value)) < 300


def test_huge_config_file_is_refused_before_parsing(tmp_path):
    path = tmp_path / "big.yaml"
    path.write_text("name: x\n" + "# padding\n" * 200_000)
    with pytest.raises(ConfigError, match="at most"):
        load_config(path)


def test_error_messages_never_render_a_large_value(tmp_path):
    path = tmp_path / "c.yaml"
    path.write_text("name: x\nseed: [" + ", ".join(["12345678"] * 5000) + "]\n")
    with pytest.raises(ConfigError) as err:
        load_config(path)
    assert "seed" in str(err.value) and len(str(err.value)) < 300


def test_out_that_is_a_file_is_refused_before_any_work(tmp_path, corpus, capsys):
    out = tmp_path / "out"
    out.write_text("precious")
    code = main(["run", str(DEMO), "--input", str(corpus / "*.warc.gz"), "--out", str(out),
                 "--work-dir", str(tmp_path / "work")])
    assert code == 2
    assert "not a directory" in capsys.readouterr().err
    assert out.read_text() == "precious" and not (tmp_path / "work").exists()


def test_a_foreign_work_dir_is_refused_not_cleaned(tmp_path, corpus):
    home = tmp_path / "home"
    (home / "documents").mkdir(parents=True)
    (home / "documents" / "thesis.txt").write_text("years of work")
    with pytest.raises(PublishError, match="not a prompt-miner work directory"):
        _run(corpus, tmp_path / "out", home)
    assert (home / "documents" / "thesis.txt").read_text() == "years of work"


def test_a_version_directory_that_is_not_a_release_is_refused(tmp_path, corpus):
    (tmp_path / "out" / "0.1.0").mkdir(parents=True)
    (tmp_path / "out" / "0.1.0" / "notes.txt").write_text("mine")
    with pytest.raises(PublishError, match="holds no release"):
        _run(corpus, tmp_path / "out", tmp_path / "work")
    assert (tmp_path / "out" / "0.1.0" / "notes.txt").read_text() == "mine"


def test_different_data_under_a_published_version_is_refused_unless_overwrite(tmp_path, corpus):
    out = tmp_path / "out"
    release = _run(corpus, out, tmp_path / "work", per_cell=2)
    (release / "audit").mkdir()
    (release / "audit" / "report.md").write_text("audited")
    before = _tree(release)

    with pytest.raises(PublishError, match="different release"):
        _run(corpus, out, tmp_path / "work", per_cell=3)
    assert _tree(release) == before  # untouched, audit included
    assert not list(out.glob(".staging-*"))

    again = _run(corpus, out, tmp_path / "work", per_cell=3, overwrite=True)
    manifest = json.loads((again / "manifest.json").read_text())
    assert manifest["replaced"]["content_sha256"]
    assert verify(again) == []  # the manifest's digest covers the record of what it replaced
    assert not (again / "audit").exists()  # reports of the old rows are gone with them
    assert (out / "latest").resolve() == again.resolve()
    assert not list(out.glob(".replaced-*"))


def test_identical_data_is_republished_and_keeps_its_audit(tmp_path, corpus):
    out = tmp_path / "out"
    release = _run(corpus, out, tmp_path / "work-a")
    (release / "audit").mkdir()
    (release / "audit" / "report.md").write_text("audited")
    data = {k: v for k, v in _tree(release).items() if k.startswith("data/")}
    _run(corpus, out, tmp_path / "work-b")  # another work dir: every stage runs, the rows are the same
    assert {k: v for k, v in _tree(release).items() if k.startswith("data/")} == data
    assert (release / "audit" / "report.md").read_text() == "audited"
    assert "replaced" not in json.loads((release / "manifest.json").read_text())
    assert verify(release) == []


def test_a_second_run_on_a_locked_work_dir_or_version_stops_and_names_the_holder(tmp_path, corpus):
    work, out = tmp_path / "work", tmp_path / "out"
    work.mkdir()
    with locked(work / ".lock", f"work dir {work}"):
        with pytest.raises(PublishError, match=r"in use by pid \d+"):
            _run(corpus, out, work)
    with locked(out / ".lock-0.1.0", "release out/0.1.0"):
        with pytest.raises(PublishError, match="release .*0.1.0 is in use by pid"):
            _run(corpus, out, work)
    assert _run(corpus, out, work).is_dir()  # both locks free again


def test_a_staging_dir_left_by_a_killed_run_is_replaced(tmp_path, corpus):
    out = tmp_path / "out"
    (out / ".staging-0.1.0" / "data").mkdir(parents=True)
    (out / ".staging-0.1.0" / "data" / "half.parquet").write_bytes(b"PAR1")
    release = _run(corpus, out, tmp_path / "work")
    assert not (release / "data" / "half.parquet").exists()
    assert not (out / ".staging-0.1.0").exists()


def test_run_ends_with_the_summary_against_the_quota(tmp_path, corpus, capsys):
    config = tmp_path / "big-quota.yaml"
    config.write_text(fast_demo_yaml().replace("full: {per_cell: 5}", "full: {per_cell: 5000}"))
    assert main(["run", str(config), "--input", str(corpus / "*.warc.gz"), "--out", str(tmp_path / "out"),
                 "--work-dir", str(tmp_path / "work")]) == 0
    out = capsys.readouterr().out
    assert "quota" in out and "shortfall" in out
    line = next(l for l in out.splitlines() if "prompts selected" in l)
    selected, quota = (int(x) for x in re.findall(r"(\d+) of (\d+) prompts selected", line)[0])
    assert quota == 17 * 4 * 5000 and selected < quota
