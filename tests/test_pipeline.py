"""End to end on a small generated corpus: release contents, reproducibility, skips, verify, relocation."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import duckdb
import pyarrow.dataset as ds
import pytest

from miner.cli import main
from miner.config import load_config
from miner.demo import generate_demo
from miner.executors import LocalExecutor
from miner.pipeline import run_pipeline
from miner.release import connect, verify
from miner.schema import load_schema
from conftest import FAST_SCORING, fast_demo_yaml  # noqa: E402

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def corpus(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("corpus")
    generate_demo(out, docs=340, seed=3, shards=2)
    return out


def _run(corpus: Path, root: Path, name: str = "demo") -> Path:
    config = load_config(REPO / "pipelines" / "demo.yaml", overrides={"scoring": FAST_SCORING})
    return run_pipeline(config, [str(corpus / "*.warc.gz")], root / "releases", root / f"work-{name}",
                        LocalExecutor())


@pytest.fixture(scope="session")
def release(corpus, tmp_path_factory) -> Path:
    return _run(corpus, tmp_path_factory.mktemp("run"))


def test_release_has_all_17_languages_and_answers_the_readme_query(release):
    with connect(release) as con:
        rows = con.execute("select lang, toxicity_bucket, count(*) from prompts group by all").fetchall()
        docs = con.execute("select count(*), count(distinct doc_id) from documents").fetchone()
        stats = con.execute("select sum(selected) from stats").fetchone()[0]
    assert {lang for lang, _, _ in rows} == set(load_config(REPO / "pipelines" / "demo.yaml").languages)
    assert docs[0] == docs[1] > 0
    assert stats == sum(n for _, _, n in rows)


def test_offsets_reconstruct_the_document(release):
    with connect(release) as con:
        bad = con.execute("select count(*) from prompts where substr(text, begin + 1, \"end\" - begin) "
                          "!= prompt || continuation or length(trim(prompt)) = 0 "
                          "or length(trim(continuation)) = 0").fetchone()[0]
    assert bad == 0


def test_release_loads_with_pyarrow_dataset_and_documented_schema(release):
    dataset = ds.dataset(release / "data", format="parquet")  # lang and split are in the rows: no partitioning
    table = dataset.to_table()
    schema = load_schema("release")
    for field in schema:
        assert table.schema.field(field.name).type == field.type
    assert set(table.column("split").to_pylist()) == {"full", "small"}


def test_second_run_skips_every_stage_and_rebuild_is_byte_identical(corpus, release, tmp_path, capsys):
    again = _run(corpus, tmp_path)
    files = sorted(p.relative_to(release).as_posix() for p in release.rglob("*") if p.is_file())
    assert "release.duckdb" in files
    for rel in files:
        assert (release / rel).read_bytes() == (again / rel).read_bytes(), rel
    capsys.readouterr()
    _run(corpus, tmp_path)
    out = capsys.readouterr().out
    for stage in ("ingest", "dedup", "prompts", "sample", "release"):
        assert f"[{stage}] unchanged, skipped" in out


def test_verify_catches_a_flipped_byte_and_a_missing_file_in_a_moved_copy(release, tmp_path, capsys):
    moved = tmp_path / "elsewhere" / "copy"
    shutil.copytree(release, moved)
    assert verify(moved) == []
    with duckdb.connect(str(moved / "release.duckdb"), read_only=True) as con:  # from another cwd
        con.execute(f"SET file_search_path = '{moved}'")
        assert con.execute("select count(*) from prompts").fetchone()[0] > 0
    part = next((moved / "data").rglob("*.parquet"))
    data = bytearray(part.read_bytes())
    data[len(data) // 2] ^= 0xFF
    part.write_bytes(bytes(data))
    assert any("checksum mismatch" in p for p in verify(moved))
    assert main(["verify", str(moved)]) == 1
    part.unlink()
    assert any(p.startswith("missing:") for p in verify(moved))


def test_dropped_records_keep_their_reason(release):
    work = release.parent.parent / "work-demo"
    con = duckdb.connect()
    reasons = dict(con.execute(f"select stage || '/' || reason, count(*) from "
                               f"read_parquet('{work}/dropped/*.parquet') group by all").fetchall())
    assert any(r.startswith("read/not_html") for r in reasons)
    assert any(r.startswith("read/http_status:3") for r in reasons)
    assert any(r.startswith("dedup/") for r in reasons)


def _pii_warc(path: Path) -> None:
    import io

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    body = ("<html><head><title>Town hall</title></head><body><article>"
            "<p>The town hall will open a new library next spring, the mayor said on Tuesday evening. "
            "Residents who want to help can write to volunteer.desk@townhall-example.org or call "
            "+44 20 7946 0958 during office hours. The building will have a reading room, a small cafe "
            "and a garden for children. Construction starts in March and should end before the summer.</p>"
            "<p>Local shops have promised to donate books, chairs and tables for the opening week. "
            "The council expects several hundred visitors on the first weekend and plans extra buses.</p>"
            "</article></body></html>").encode()
    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record("http://townhall.example/library", "response",
                                                      payload=io.BytesIO(body), http_headers=http))


@pytest.mark.parametrize("mode", ["mask", "drop"])
def test_pii_is_masked_or_dropped_before_release_and_counted(tmp_path, mode):
    _pii_warc(tmp_path / "pii.warc.gz")
    text = fast_demo_yaml().replace("  pii: mask", f"  pii: {mode}")
    (tmp_path / "c.yaml").write_text(text.replace("languages: [ar, cs, de, en, es, fr, hi, id, it, ja, ko, nl, pl, "
                                                  "pt, ru, sv, zh]", "languages: [en]"))
    config = load_config(tmp_path / "c.yaml")
    work = tmp_path / "work"
    if mode == "drop":
        with pytest.raises(Exception, match="no prompt was selected"):
            run_pipeline(config, [str(tmp_path / "pii.warc.gz")], tmp_path / "rel", work, LocalExecutor())
        counts = json.loads((work / "markers" / "prompts.json").read_text())["stats"]
        assert counts["pii/dropped_pairs"] == 1
        return
    release = run_pipeline(config, [str(tmp_path / "pii.warc.gz")], tmp_path / "rel", work, LocalExecutor())
    manifest = json.loads((release / "manifest.json").read_text())
    assert manifest["pii"]["masked"] == {"email": 1, "phone": 1}
    with connect(release) as con:
        text, prompt, cont = con.execute("select text, prompt, continuation from prompts").fetchone()
    assert "townhall-example.org" not in text and "<EMAIL>" in text and "<PHONE>" in text
    assert "7946" not in prompt + cont


def test_timings_record_cpu_per_ingest_phase_outside_the_release(release):
    timings = json.loads((release.parent.parent / "work-demo" / "timings.json").read_text())
    phases = timings["ingest_cpu_seconds"]
    assert {"setup", "extract", "langid", "quality", "normalize", "score", "minhash", "write", "other"} <= set(phases)
    assert all(v >= 0 for v in phases.values()) and phases["extract"] > 0 and phases["score"] > 0
    manifest = (release / "manifest.json").read_text()
    assert "cpu_seconds" not in manifest and "langid\": 0." not in manifest
