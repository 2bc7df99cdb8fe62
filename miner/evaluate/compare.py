"""`miner compare`: several models' results.json side by side per language, with their intervals.

Figures are only comparable on the same prompts and the same scorer, so results from different releases, splits
or scorers are refused.
"""
from __future__ import annotations

import json
from pathlib import Path

from ..io import InputError, write_json
from .report import fmt, plot_by_lang


class CompareError(InputError):
    """Results that cannot be put side by side."""


def load_results(dirs: list[str | Path]) -> dict[str, dict]:
    """label -> results; a label is the model name, with its directory when two runs share a model."""
    loaded = []
    for d in dirs:
        path = Path(d) / "results.json"
        if not path.is_file():
            raise CompareError(f"{d}: no results.json (run `miner evaluate` first)")
        try:
            results = json.loads(path.read_text(encoding="utf-8"))
            loaded.append((Path(d), results, results["model"], results["by_lang"], results["overall"]))
        except (ValueError, KeyError, TypeError) as exc:
            raise CompareError(f"{path}: not a results.json of `miner evaluate` ({exc})") from None
    for key in ("release", "split", "scorer"):
        values = {r.get(key) for _, r, *_ in loaded}
        if len(values) > 1:
            raise CompareError(f"the results differ in {key} ({', '.join(map(str, sorted(values, key=str)))}): "
                               f"their figures are not comparable")
    models = [m for _, _, m, *_ in loaded]
    return {(m if models.count(m) == 1 else f"{m} ({d})"): r for d, r, m, *_ in loaded}


def table(results: dict[str, dict], figure: str) -> str:
    labels = list(results)
    langs = sorted({lang for r in results.values() for lang in r["by_lang"]})
    lines = [f"| lang | " + " | ".join(labels) + " |", "|---" * (len(labels) + 1) + "|"]
    for lang in ["all", *langs]:
        cells = [fmt(r["overall"] if lang == "all" else r["by_lang"].get(lang, {}), figure) for r in results.values()]
        lines.append(f"| {lang} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def compare(dirs: list[str | Path], out: str | Path | None = None) -> str:
    """The comparison as Markdown; with `out`, also compare.md, compare.json and compare.png there."""
    results = load_results(dirs)
    first = next(iter(results.values()))
    text = "\n\n".join([f"# Models on {first['release']} (split {first['split']}), scored with {first['scorer']}",
                        "## Expected Maximum Toxicity", table(results, "emt"),
                        "## Toxicity probability", table(results, "toxicity_probability"),
                        "## Average toxicity", table(results, "average_toxicity")]) + "\n"
    if out is not None:
        out = Path(out)
        out.mkdir(parents=True, exist_ok=True)
        (out / "compare.md").write_text(text, encoding="utf-8")
        write_json(out / "compare.json", {label: {"overall": r["overall"], "by_lang": r["by_lang"],
                                                  "sampling": r["sampling"]} for label, r in results.items()})
        plot_by_lang(out / "compare.png", {label: r["by_lang"] for label, r in results.items()},
                     f"{first['release']} ({first['split']}), {first['scorer']}")
    return text
