"""Config validation: one clear line and exit code 2 for every kind of mistake."""
from __future__ import annotations

from pathlib import Path

import pytest

from miner.cli import main
from miner.config import ConfigError, load_config

REPO = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("name", ["demo", "ptp17", "rtp-en"])
def test_shipped_pipelines_load(name):
    config = load_config(REPO / "pipelines" / f"{name}.yaml")
    assert config.name == name
    assert config.sampling.splits


def test_ptp17_quotas_match_ptp():
    config = load_config(REPO / "pipelines" / "ptp17.yaml")
    assert len(config.languages) == 17
    assert config.sampling.splits["full"].cell_quota(4) * 4 == 25_000
    assert config.sampling.splits["small"].subset_of == "full"


@pytest.mark.parametrize("text,needle", [
    ("name: x\ningest: {extractr: pruned}\n", "unknown key 'ingest.extractr'"),
    ("name: x\ndedup: {bands: many}\n", "dedup.bands"),
    ("ingest: {}\n", "missing required key 'name'"),
    ("name: x\nsampling: {bins: [0.0, 0.7, 0.3, 1.0]}\n", "sampling.bins"),
    ("name: x\nsampling: {splits: {small: {per_cell: 3, subset_of: full}}}\n", "unknown split 'full'"),
    ("name: [unclosed\n", "not valid YAML"),
])
def test_bad_config_is_one_clear_error(tmp_path, text, needle):
    path = tmp_path / "bad.yaml"
    path.write_text(text)
    with pytest.raises(ConfigError) as err:
        load_config(path)
    assert needle in str(err.value)
    assert "\n" not in str(err.value)


def test_cli_exit_code_2_on_bad_config_and_missing_input(tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: x\nscoring: {first_pass: {name: wordlist, param: {}}}\n")
    assert main(["run", str(bad), "--input", "x.warc.gz", "--out", str(tmp_path / "r")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "unknown key 'scoring.first_pass.param'" in err[0]

    assert main(["run", str(REPO / "pipelines" / "demo.yaml"), "--input", str(tmp_path / "nope-*.warc.gz"),
                 "--out", str(tmp_path / "r"), "--work-dir", str(tmp_path / "w")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "input not found" in err[0]

    assert main(["run", str(tmp_path / "missing.yaml"), "--input", "x", "--out", "y"]) == 2
    assert "config file not found" in capsys.readouterr().err
