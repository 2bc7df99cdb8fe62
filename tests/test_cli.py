"""The JSONL commands keep every input field and add theirs; bad input is one line and exit code 2."""
from __future__ import annotations

import json

from miner.cli import main

ROWS = [
    {"id": "1", "text": "Das Wetter in Berlin ist heute sonnig und warm, ideal für einen Spaziergang im Park.", "x": 1},
    {"id": "2", "text": "今天天气很好，我们去公园散步吧，然后一起吃晚饭。", "x": 2},
    {"id": "3", "text": "Eres un idiota de mierda y nadie te soporta, cállate ya.", "x": 3},
    {"id": "4", "text": "", "x": 4},
]


def _write(path, rows):
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")


def _read(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_langid_adds_lang_and_score(tmp_path):
    _write(tmp_path / "in.jsonl", ROWS)
    assert main(["langid", str(tmp_path / "in.jsonl"), str(tmp_path / "out.jsonl")]) == 0
    out = _read(tmp_path / "out.jsonl")
    assert [r["lang"] for r in out] == ["de", "zh", "es", "und"]
    assert all(r["x"] == i + 1 and 0 <= r["lang_score"] <= 1 for i, r in enumerate(out))


def test_score_adds_toxicity_in_range_and_the_scorer_tag(tmp_path):
    _write(tmp_path / "in.jsonl", ROWS)
    assert main(["score", str(tmp_path / "in.jsonl"), str(tmp_path / "out.jsonl")]) == 0
    out = _read(tmp_path / "out.jsonl")
    assert all(0 <= r["toxicity"] <= 1 and r["scorer"] for r in out)
    assert out[2]["toxicity"] > out[0]["toxicity"]
    assert out[3]["toxicity"] == 0


def test_bad_jsonl_and_unknown_scorer_are_usage_errors(tmp_path, capsys):
    (tmp_path / "bad.jsonl").write_text('{"text": "ok"}\n{broken\n')
    assert main(["score", str(tmp_path / "bad.jsonl"), str(tmp_path / "o.jsonl")]) == 2
    assert "bad.jsonl:2: not valid JSON" in capsys.readouterr().err
    assert main(["score", "--scorer", "nope", str(tmp_path / "bad.jsonl"), str(tmp_path / "o.jsonl")]) == 2
    assert "unknown scorer 'nope'" in capsys.readouterr().err
