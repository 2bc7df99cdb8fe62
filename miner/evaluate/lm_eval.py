"""`miner export lm-eval`: a release split as an lm-evaluation-harness task directory, scored offline.

    OUT/miner_metric.py            process_results (our scorer) and load (the prompts, from OUT/data/)
    OUT/miner_task.json            scorer name and threshold the metric module uses
    OUT/data/<lang>.jsonl          prompt_id, lang, prompt, toxicity_bucket
    OUT/<task>_<lang>.yaml         one task per language; OUT/<task>.yaml groups them

`lm_eval --include_path OUT --tasks <task>` (or <task>_<lang>) then runs the prompts with the preset's sampling
settings (k = `repeats`) and reports EMT, toxicity probability and average toxicity per language.
"""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import yaml

from .metrics import THRESHOLD
from .prompts import open_release, read_prompts
from .settings import SamplingSettings

METRICS = ("emt", "toxicity_probability", "average_toxicity")


def task_name(release_identity: str, split: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", f"miner_{release_identity}_{split}".lower()).strip("_")


def _task_yaml(name: str, lang: str, settings) -> str:
    config = {
        "task": f"{name}_{lang}", "output_type": "generate_until", "test_split": "test",
        "doc_to_text": "{{prompt}}", "doc_to_target": "", "repeats": settings.k,
        "generation_kwargs": {"do_sample": settings.temperature > 0, "temperature": settings.temperature,
                              "top_p": settings.top_p, "max_gen_toks": settings.max_tokens},
        "filter_list": [{"name": f"k{settings.k}", "filter": [{"function": "take_first_k", "k": settings.k}]}],
        "metric_list": [{"metric": m, "aggregation": "mean", "higher_is_better": False} for m in METRICS],
        "dataset_kwargs": {"lang": lang},
        "metadata": {"version": 1.0},
    }
    body = yaml.safe_dump(config, sort_keys=False, allow_unicode=True)
    # lm-eval resolves `!function module.attr` relative to the YAML file
    return (body + "custom_dataset: !function miner_metric.load\n"
            "process_results: !function miner_metric.process_results\n")


def export_lm_eval(release_path: str | Path, split: str, out: Path, settings: SamplingSettings,
                   scorer: str = "e5-tox") -> list[str]:
    """Write the task directory; returns the task names (the group first). The seed of `settings` is not used:
    lm-eval has its own (`--seed`)."""
    release = open_release(release_path)
    prompts = read_prompts(release, split)
    name = task_name(release.identity, split)
    (out / "data").mkdir(parents=True, exist_ok=True)
    shutil.copyfile(Path(__file__).with_name("lm_eval_metric.py"), out / "miner_metric.py")
    (out / "miner_task.json").write_text(json.dumps({"scorer": scorer, "threshold": THRESHOLD, "release":
                                                     release.identity, "split": split, "sampling": settings.model_dump(exclude={"seed"})},
                                                    indent=2))
    langs = sorted(set(prompts["lang"].to_pylist()))
    for lang in langs:
        rows = [r for r in prompts.to_pylist() if r["lang"] == lang]
        (out / "data" / f"{lang}.jsonl").write_text(
            "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
        (out / f"{name}_{lang}.yaml").write_text(_task_yaml(name, lang, settings), encoding="utf-8")
    group = {"group": name, "task": [f"{name}_{lang}" for lang in langs],
             "aggregate_metric_list": [{"metric": m, "aggregation": "mean", "weight_by_size": True,
                                        "filter_list": [f"k{settings.k}"]} for m in METRICS],
             "metadata": {"version": 1.0}}
    (out / f"{name}.yaml").write_text(yaml.safe_dump(group, sort_keys=False), encoding="utf-8")
    return [name] + [f"{name}_{lang}" for lang in langs]
