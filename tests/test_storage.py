"""s3:// inputs, work dir and release root, against a real S3 server (moto in server mode, on a free local port):
the release in the bucket holds the same rows as a local run of the same WARC files, a second run resumes from
the bucket's work dir, and unusable locations are refused in one line."""
from __future__ import annotations

import io
import os
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from miner.cli import main
from miner.demo import generate_demo
from miner.publish import CONTENT_PREFIXES
from conftest import fast_demo_yaml  # noqa: E402

boto3 = pytest.importorskip("boto3")
moto_server = pytest.importorskip("moto.server")

STAGES = ("ingest", "dedup", "prompts", "sample")
AWS_ENV = {"AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test", "AWS_REGION": "us-east-1",
           "AWS_EC2_METADATA_DISABLED": "true"}


@pytest.fixture(scope="module")
def s3(tmp_path_factory):
    """A moto S3 server for this module, the AWS_* variables pointing at it, and a client to inspect buckets."""
    server = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    saved = {k: os.environ.get(k) for k in [*AWS_ENV, "AWS_ENDPOINT_URL", "AWS_PROFILE"]}
    os.environ.update(AWS_ENV, AWS_ENDPOINT_URL=f"http://{host}:{port}")
    os.environ.pop("AWS_PROFILE", None)
    client = boto3.client("s3", endpoint_url=f"http://{host}:{port}", region_name="us-east-1")
    for bucket in ("corpus", "work", "out"):
        client.create_bucket(Bucket=bucket)
    try:
        yield client
    finally:
        server.stop()
        for key, value in saved.items():
            os.environ.pop(key, None) if value is None else os.environ.__setitem__(key, value)


@pytest.fixture(scope="module")
def corpus(s3, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("corpus")
    generate_demo(out, docs=170, seed=5, shards=2)
    for path in sorted(out.glob("*.warc.gz")):
        s3.upload_file(str(path), "corpus", f"crawl/{path.name}")
    return out


@pytest.fixture(scope="module")
def config(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("config") / "demo.yaml"
    path.write_text(fast_demo_yaml())
    return path


def _objects(s3, bucket: str, prefix: str) -> dict[str, bytes]:
    keys = [o["Key"] for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix)
            for o in page.get("Contents", [])]
    return {k[len(prefix):]: s3.get_object(Bucket=bucket, Key=k)["Body"].read() for k in keys}


def _data(files: dict[str, bytes], local_inputs: str = "", s3_inputs: str = "") -> dict[str, object]:
    """The release's content files (data/, stats/, exports/, what publish.content_files compares), as bytes. The
    one thing that differs between a local and an s3 run is `source`, the input path as given: Parquet files with
    that column become rows with it rewritten from the s3 prefix to the local directory, JSONL has it replaced."""
    out: dict[str, object] = {}
    for name, data in files.items():
        if not name.startswith(CONTENT_PREFIXES):
            continue
        table = pq.read_table(io.BytesIO(data)) if name.endswith(".parquet") else None
        if table is not None and "source" in table.column_names:
            rows = table.to_pylist()
            for row in rows:
                row["source"] = row["source"].replace(s3_inputs or local_inputs, local_inputs)
            out[name] = rows
        else:
            out[name] = data.replace(s3_inputs.encode(), local_inputs.encode()) if s3_inputs else data
    return out


def test_s3_round_trip_matches_a_local_run_and_resumes(s3, corpus, config, tmp_path, capsys):
    local = tmp_path / "local"
    assert main(["run", str(config), "--input", str(corpus / "*.warc.gz"), "--out", str(local / "releases"),
                 "--work-dir", str(local / "work")]) == 0
    version = os.readlink(local / "releases" / "latest")
    local_files = {p.relative_to(local / "releases" / version).as_posix(): p.read_bytes()
                   for p in (local / "releases" / version).rglob("*") if p.is_file()}
    capsys.readouterr()

    command = ["run", str(config), "--input", "s3://corpus/crawl/*.warc.gz", "--out", "s3://out/releases",
               "--work-dir", "s3://work/demo"]
    assert main(command) == 0
    first = capsys.readouterr().out
    assert not any(f"[{stage}] unchanged, skipped" in first for stage in STAGES)
    assert _objects(s3, "out", "releases/")["latest"].decode().strip() == version
    published = _objects(s3, "out", f"releases/{version}/")
    assert set(published) == set(local_files)
    assert {name.split("/")[0] for name in _data(published)} == {"data", "stats", "exports"}
    assert "s3://corpus/crawl/" in str(_data(published))  # read from the bucket, not from the local files
    assert _data(published, str(corpus), "s3://corpus/crawl") == _data(local_files)
    work = _objects(s3, "work", "demo/")
    assert {f"markers/{stage}.json" for stage in STAGES} <= set(work)
    assert not any(name.endswith(".pending") or name == ".lock" for name in work)

    assert main(["verify", "s3://out/releases/latest"]) == 0
    assert capsys.readouterr().out.strip().endswith("OK")

    assert main(command) == 0  # a fresh local copy each run: resumed from the bucket's work dir
    second = capsys.readouterr().out
    assert all(f"[{stage}] unchanged, skipped" in second for stage in STAGES), second
    assert _objects(s3, "out", f"releases/{version}/") == published


def _one_line_error(capsys, argv: list[str], expected: str) -> None:
    assert main(argv) == 2
    err = [line for line in capsys.readouterr().err.splitlines() if not line.startswith("[")]  # progress lines
    assert len(err) == 1 and expected in err[0], err


def test_missing_bucket_is_one_line(s3, corpus, config, tmp_path, capsys):
    local = ["run", str(config), "--input", str(corpus / "*.warc.gz")]
    _one_line_error(capsys, [*local, "--out", "s3://no-such-bucket/releases", "--work-dir", str(tmp_path / "w")],
                    "--out s3://no-such-bucket/releases: bucket 'no-such-bucket' does not exist")
    _one_line_error(capsys, [*local, "--out", str(tmp_path / "r"), "--work-dir", "s3://no-such-bucket/w"],
                    "--work-dir s3://no-such-bucket/w: bucket 'no-such-bucket' does not exist")
    _one_line_error(capsys, ["run", str(config), "--input", "s3://no-such-bucket/*.warc.gz", "--out",
                             str(tmp_path / "r"), "--work-dir", str(tmp_path / "w")],
                    "--input s3://no-such-bucket/*.warc.gz: bucket 'no-such-bucket' does not exist")
    _one_line_error(capsys, ["run", str(config), "--input", "s3://corpus/nothing/*.warc.gz", "--out",
                             str(tmp_path / "r"), "--work-dir", str(tmp_path / "w")],
                    "input not found: s3://corpus/nothing/*.warc.gz")


def test_no_credentials_is_one_line(s3, corpus, config, tmp_path, capsys, monkeypatch):
    for key in [k for k in os.environ if k.startswith("AWS_")]:
        monkeypatch.delenv(key)
    monkeypatch.setenv("HOME", str(tmp_path))  # no ~/.aws/credentials
    local = ["run", str(config), "--input", str(corpus / "*.warc.gz"), "--work-dir", str(tmp_path / "w")]
    _one_line_error(capsys, [*local, "--out", "s3://out/releases"],
                    "--out s3://out/releases: no AWS credentials configured")
    _one_line_error(capsys, ["run", str(config), "--input", "s3://corpus/crawl/*.warc.gz", "--out",
                             str(tmp_path / "r"), "--work-dir", str(tmp_path / "w")],
                    "--input s3://corpus/crawl/*.warc.gz: no AWS credentials configured")


def test_different_data_for_a_published_version_needs_overwrite(s3, corpus, config, tmp_path, capsys):
    """As on a local release root: the bucket's version is kept unless --overwrite, which the manifest records."""
    other = tmp_path / "other.yaml"
    other.write_text(config.read_text().replace("full: {per_cell: 5}", "full: {per_cell: 3}"))
    run = ["--input", "s3://corpus/crawl/*.warc.gz", "--out", "s3://out/overwrite", "--work-dir", "s3://work/ow"]
    assert main(["run", str(config), *run]) == 0
    published = _objects(s3, "out", "overwrite/")
    capsys.readouterr()
    _one_line_error(capsys, ["run", str(other), *run], "already holds a different release of version 0.1.0")
    assert _objects(s3, "out", "overwrite/") == published
    assert main(["run", str(other), *run, "--overwrite"]) == 0
    replaced = _objects(s3, "out", "overwrite/")
    assert b'"replaced"' in replaced["0.1.0/manifest.json"] and replaced["latest"] == published["latest"]
    rows = "0.1.0/data/lang=en/split=full/part-0.parquet"
    assert len(pq.read_table(io.BytesIO(replaced[rows]))) < len(pq.read_table(io.BytesIO(published[rows])))


def test_a_prefix_that_is_no_work_dir_is_refused_and_left_alone(s3, corpus, config, tmp_path, capsys):
    s3.put_object(Bucket="work", Key="theirs/notes.txt", Body=b"not ours")
    _one_line_error(capsys, ["run", str(config), "--input", str(corpus / "*.warc.gz"), "--out", str(tmp_path / "r"),
                             "--work-dir", "s3://work/theirs"], "is not a prompt-miner work directory")
    assert _objects(s3, "work", "theirs/") == {"notes.txt": b"not ours"}


def test_a_failed_run_resumes_from_the_bucket_at_the_units_it_finished(s3, corpus, config, monkeypatch, capsys):
    """The work dir is pushed when a run stops on an error: the next run (on a fresh local copy) redoes only the
    unit that failed. The failure is injected into the second prompts unit."""
    from miner import prompts

    real = prompts.run_unit
    seen: list[str] = []

    def second_fails(config, work_dir, unit):
        seen.append(unit)
        if len(seen) == 2:
            raise RuntimeError("injected failure")
        return real(config, work_dir, unit)

    command = ["run", str(config), "--input", "s3://corpus/crawl/*.warc.gz", "--out", "s3://out/resume",
               "--work-dir", "s3://work/resume"]
    monkeypatch.setattr(prompts, "run_unit", second_fails)
    with pytest.raises(RuntimeError, match="injected failure"):
        main(command)
    assert "markers/prompts.json" not in _objects(s3, "work", "resume/")
    monkeypatch.setattr(prompts, "run_unit", real)
    capsys.readouterr()
    assert main(command) == 0
    out = capsys.readouterr().out
    assert "[ingest] unchanged, skipped" in out and "[prompts] resuming: 1 of 2 units already done" in out


@pytest.mark.parametrize("name, mark", [("markers/ingest.json", True), ("stats/prompts-00000-ab-0000.json", True),
                                        ("checkpoints/ingest-00000-ab-0000.json", True),
                                        ("dedup/tasks/done/bands-0.json", True), ("sample/rounds/en/done-00001.json", True),
                                        ("documents/part-00000.parquet", False), ("texts/x.parquet", False),
                                        ("dedup/remove/u.parquet", False), ("run.log", False)])
def test_marks_are_the_files_that_vouch_for_others(name, mark):
    """An s3 push uploads these last and deletes them first (WorkMirror.push)."""
    from miner.storage import is_mark

    assert is_mark(name) is mark


def test_a_hostile_latest_or_object_name_cannot_write_outside_the_download(s3, tmp_path):
    """A downloaded release is hostile input: `latest` naming '..' and a key with '..' in it are refused."""
    from miner.storage import StorageError, download, fetch_release

    s3.put_object(Bucket="out", Key="evil/latest", Body=b"..\n")
    with pytest.raises(StorageError, match="is not a release version"):
        fetch_release("s3://out/evil/latest", tmp_path / "one")
    s3.put_object(Bucket="out", Key="evil2/v1/manifest.json", Body=b"{}")
    with pytest.raises(StorageError, match="would be written outside"):
        download("s3://out/evil2/v1", tmp_path / "two", ["../../escaped.json"])
    assert not list(tmp_path.rglob("escaped.json")) and not (tmp_path / "one").exists()
