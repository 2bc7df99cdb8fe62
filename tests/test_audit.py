"""`miner audit`: a clean release passes every audit; deliberately broken copies fail the matching audit only;
user SQL cannot write; the report, its plots and the notebook work."""
from __future__ import annotations

import shutil
from pathlib import Path
from typing import Callable

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest

from miner.audit import audit_main, builtin_audits, failing, load_audit, run_audits
from miner.config import load_config
from miner.demo import generate_demo
from miner.executors import LocalExecutor
from miner.pipeline import run_pipeline
from conftest import FAST_SCORING  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="session")
def release(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("audit-release")
    generate_demo(root / "corpus", docs=340, seed=3, shards=2)
    config = load_config(REPO / "pipelines" / "demo.yaml", overrides={"scoring": FAST_SCORING})
    return run_pipeline(config, [str(root / "corpus" / "*.warc.gz")], root / "releases", root / "work",
                        LocalExecutor())


def _files(directory: Path) -> set[str]:
    return {p.relative_to(directory).as_posix() for p in directory.rglob("*")}


def _copy(release: Path, tmp_path: Path) -> Path:
    target = tmp_path / "release"
    shutil.copytree(release, target, ignore=shutil.ignore_patterns("audit"))
    return target


def _edit(release: Path, edit: Callable[[pa.Table, str, str], pa.Table]) -> None:
    """Rewrite every data file with edit(table, lang, split)."""
    for path in sorted((release / "data").glob("lang=*/split=*/part-0.parquet")):
        lang, split = path.parent.parent.name[5:], path.parent.name[6:]
        table = pq.read_table(path)
        pq.write_table(edit(table, lang, split), path)


def _set(table: pa.Table, column: str, row: int, value) -> pa.Table:
    values = table.column(column).to_pylist()
    values[row] = value
    return table.set_column(table.schema.get_field_index(column), column,
                            pa.array(values, table.schema.field(column).type))


# The demo corpus is too small to fill every cell: quota_filled warns on every copy (tests/test_release.py)
SHORT = {"quota_filled"}


def _failed(release: Path) -> set[str]:
    return {r.audit.name for r in run_audits(release, builtin_audits()) if r.status != "PASS"} - SHORT


def _first_row(release: Path, lang: str = "en") -> dict:
    table = pq.read_table(release / "data" / f"lang={lang}" / "split=small" / "part-0.parquet")
    return table.slice(0, 1).to_pylist()[0]


# --- breakages: each makes exactly the audits it names fail ----------------------------------------------

def break_duplicate(release: Path) -> None:
    """The second en prompt becomes the first one, with doubled spaces (the duplicate check normalises)."""
    table = pq.read_table(release / "data" / "lang=en" / "split=small" / "part-0.parquet")
    first, second = table.slice(0, 2).to_pylist()
    prompt = first["prompt"].replace(" ", "  ", 1).upper()
    text = prompt + second["continuation"]

    def edit(t, lang, split):
        ids = t.column("prompt_id").to_pylist()
        if second["prompt_id"] not in ids:
            return t
        i = ids.index(second["prompt_id"])
        for column, value in (("prompt", prompt), ("text", text), ("begin", 0), ("cut", len(prompt)),
                              ("end", len(text))):
            t = _set(t, column, i, value)
        return t
    _edit(release, edit)


def break_empty_bin(release: Path) -> None:
    """Remove every en prompt of the lowest bin that has any, from all splits."""
    table = pq.read_table(release / "data" / "lang=en" / "split=full" / "part-0.parquet")
    bucket = min(table.column("toxicity_bucket").to_pylist())
    _edit(release, lambda t, lang, split: t.filter(pc.not_equal(t["toxicity_bucket"], bucket))
          if lang == "en" else t)


def _set_everywhere(column: str, value) -> Callable[[Path], None]:
    def apply(release: Path) -> None:
        target = _first_row(release)["prompt_id"]

        def edit(t, lang, split):
            ids = t.column("prompt_id").to_pylist()
            return _set(t, column, ids.index(target), value) if target in ids else t
        _edit(release, edit)
    return apply


def break_offsets(release: Path) -> None:
    row = _first_row(release)
    _set_everywhere("cut", row["cut"] + 1)(release)


def inject_pii(release: Path) -> None:
    row = _first_row(release)
    continuation = " Call me on +49 30 1234567 or write to jane.doe@example.org."
    text = row["text"][:row["cut"]] + continuation + row["text"][row["end"]:]
    for column, value in (("continuation", continuation), ("text", text), ("end", row["cut"] + len(continuation))):
        _set_everywhere(column, value)(release)


@pytest.mark.parametrize("breakage, expected", [
    (break_duplicate, {"no_duplicate_prompts"}),
    (break_empty_bin, {"cell_counts"}),
    (_set_everywhere("prompt_toxicity", 1.7), {"scores_in_range"}),
    (_set_everywhere("toxicity", 1.7), {"scores_in_range", "bucket_matches_score"}),
    (_set_everywhere("lang_score", float("nan")), {"scores_in_range"}),
    (break_offsets, {"offsets_consistent"}),
    (_set_everywhere("continuation", "   "), {"no_empty_text", "offsets_consistent"}),
    (inject_pii, {"pii"}),
], ids=["duplicate", "empty-bin", "prompt-score-1.7", "doc-score-1.7", "nan-lang-score", "offsets", "empty",
        "pii"])
def test_a_broken_copy_fails_the_matching_audit(release, tmp_path, breakage, expected):
    broken = _copy(release, tmp_path)
    breakage(broken)
    assert _failed(broken) == expected


def test_a_prompt_in_two_independent_splits_fails(release, tmp_path):
    broken = _copy(release, tmp_path)
    manifest = (broken / "manifest.json").read_text(encoding="utf-8")
    (broken / "manifest.json").write_text(manifest.replace('"subset_of": "full"', '"subset_of": null'),
                                          encoding="utf-8")
    assert _failed(broken) == {"splits_disjoint"}  # small no longer declared a subset of full


def test_a_subset_with_a_prompt_outside_its_parent_fails(release, tmp_path):
    broken = _copy(release, tmp_path)
    target = _first_row(broken)["prompt_id"]
    _edit(broken, lambda t, lang, split: t.filter(pc.not_equal(t["prompt_id"], target)) if split == "full" else t)
    assert _failed(broken) == {"subsets_contained", "cell_counts"}


# --- audit_main: exit code, report, plots ----------------------------------------------------------------

def test_clean_release_passes_and_writes_the_report(release, tmp_path, capsys):
    clean = _copy(release, tmp_path)
    before = _files(clean)
    assert audit_main(clean, html=True, fail_on="error", sql_files=[]) == 0
    assert _files(clean) - before == {"audit"} | {f"audit/{name}" for name in (
        "report.md", "report.html", "toxicity_by_language.png", "bins_by_language.png", "lengths.png",
        "lang_scores.png")}  # nothing else written: no .wal, no spill files
    report = (clean / "audit" / "report.md").read_text(encoding="utf-8")
    assert report.count("| PASS |") == len(builtin_audits()) - len(SHORT) and "**PASS**" in report
    assert "<td>no_duplicate_prompts</td>" in (clean / "audit" / "report.html").read_text(encoding="utf-8")
    for png in (clean / "audit").glob("*.png"):
        assert png.read_bytes().startswith(PNG_MAGIC) and png.stat().st_size > 10_000
    assert "PASS: 0 audit(s) failing" in capsys.readouterr().out


def test_exit_code_follows_the_failing_severity(release, tmp_path):
    broken = _copy(release, tmp_path)
    inject_pii(broken)  # a warning only
    results = run_audits(broken, builtin_audits())
    assert [r.audit.name for r in failing(results, "warn")] == ["pii", *SHORT] and failing(results, "error") == []
    assert audit_main(broken, html=False, fail_on="error", sql_files=[]) == 0
    assert "## pii: FAIL" in (broken / "audit" / "report.md").read_text(encoding="utf-8")
    _set_everywhere("prompt_toxicity", 1.7)(broken)
    assert audit_main(broken, html=False, fail_on="error", sql_files=[]) == 1
    assert "## scores_in_range: FAIL" in (broken / "audit" / "report.md").read_text(encoding="utf-8")


def test_bad_arguments_exit_2(release, tmp_path):
    bad = tmp_path / "bad.sql"
    bad.write_text("-- severity: fatal\nSELECT 1\n", encoding="utf-8")
    assert audit_main(release, html=False, fail_on="error", sql_files=[str(bad)]) == 2
    assert audit_main(tmp_path, html=False, fail_on="error", sql_files=[]) == 2
    assert audit_main(release, html=False, fail_on="info", sql_files=[]) == 2


# --- user SQL --------------------------------------------------------------------------------------------

def test_user_sql_runs_with_its_header(release, tmp_path):
    sql = tmp_path / "long_prompts.sql"
    sql.write_text("-- audit: long_prompts\n-- severity: warn\n-- expect: no rows\n-- why: a test\n"
                   "--      on two lines\nSELECT prompt_id FROM prompts WHERE length(prompt) > 100\n", encoding="utf-8")
    audit = load_audit(sql)
    assert (audit.name, audit.severity, audit.why) == ("long_prompts", "warn", "a test on two lines")
    result, = run_audits(release, [audit])
    assert result.status == "FAIL" and result.rows > 0 and result.columns == ["prompt_id"]


@pytest.mark.parametrize("sql", [
    "COPY (SELECT * FROM prompts) TO '{outside}'",
    "COPY (SELECT * FROM prompts) TO 'data/evil.parquet'",
    "COPY (SELECT * FROM prompts) TO '{release}/evil.csv'",
    "CREATE TABLE evil AS SELECT * FROM prompts",
    "CREATE TEMP TABLE evil AS SELECT 1",
    "ATTACH '{outside}' AS evil",
    "SET enable_external_access = true",
    "SELECT 1; COPY (SELECT 1) TO '{outside}'",
    "SELECT * FROM read_text('{readme}')",
], ids=["copy-outside", "copy-relative", "copy-inside", "create", "create-temp", "attach", "set", "two-statements",
        "read-outside"])
def test_user_sql_cannot_write_or_read_outside(release, tmp_path, sql):
    outside = tmp_path / "evil.out"
    path = tmp_path / "evil.sql"
    path.write_text(sql.format(outside=outside, release=release, readme=REPO / "README.md"), encoding="utf-8")
    before = _files(release)
    result, = run_audits(release, [load_audit(path)])
    assert result.status == "ERROR", result
    assert not outside.exists() and _files(release) == before


def test_a_user_sql_that_cannot_run_fails_the_audit(release, tmp_path):
    clean = _copy(release, tmp_path)
    path = tmp_path / "evil.sql"
    path.write_text(f"COPY (SELECT * FROM prompts) TO '{tmp_path / 'evil.out'}'", encoding="utf-8")
    assert audit_main(clean, html=False, fail_on="warn", sql_files=[str(path)]) == 1
    assert not (tmp_path / "evil.out").exists()
    assert "## evil: ERROR" in (clean / "audit" / "report.md").read_text(encoding="utf-8")


# --- notebook ----------------------------------------------------------------------------------------------

def test_notebook_executes(release, tmp_path, monkeypatch):
    """Runs notebooks/audit.ipynb on the test release, in a kernel of this interpreter made for the test."""
    import nbformat
    from ipykernel.kernelspec import install
    from nbclient import NotebookClient

    install(kernel_name="miner-audit-test", prefix=str(tmp_path))
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path / "share" / "jupyter"))
    monkeypatch.setenv("RELEASE_DIR", str(release))
    nb = nbformat.read(REPO / "notebooks" / "audit.ipynb", as_version=4)
    NotebookClient(nb, kernel_name="miner-audit-test", timeout=300,
                   resources={"metadata": {"path": str(REPO / "notebooks")}}).execute()
    outputs = [o for cell in nb.cells if cell.cell_type == "code" for o in cell.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    assert sum("image/png" in o.get("data", {}) for o in outputs) == 4
    assert any("no_duplicate_prompts" in o.get("text", "") and "PASS" in o.get("text", "") for o in outputs)
