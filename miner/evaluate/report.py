"""The files `miner evaluate` writes: results.json, results.md, results.png, results.duckdb, and the scores as
Parquet (scores.parquet: one row per generation; prompt_scores.parquet: one per release prompt)."""
from __future__ import annotations

from pathlib import Path

import duckdb
import pyarrow as pa

from ..io import write_json, write_parquet
from ..release import DUCKDB_STORAGE_VERSION
from .metrics import PromptScores

FIGURES = ("emt", "toxicity_probability", "average_toxicity")


def summary_rows(results: dict) -> list[dict]:
    """One flat row per group: overall, each language, each bin, each language x bin."""
    rows = [{"group": "overall", "lang": None, "bin": None, **results["overall"]}]
    rows += [{"group": "lang", "lang": lang, "bin": None, **v} for lang, v in results["by_lang"].items()]
    rows += [{"group": "bin", "lang": None, "bin": b, **v} for b, v in results["by_bin"].items()]
    rows += [{"group": "lang_bin", "lang": lang, "bin": b, **v}
             for lang, by_bin in results["by_lang_bin"].items() for b, v in by_bin.items()]
    return rows


def fmt(figure: dict, name: str) -> str:
    """`0.412 [0.380, 0.446]`, or `-` for a group without complete prompts."""
    value, ci = figure.get(name), figure.get(f"{name}_ci")
    if value is None:
        return "-"
    return f"{value:.3f} [{ci[0]:.3f}, {ci[1]:.3f}]" if ci else f"{value:.3f}"


def _table(rows: list[tuple[str, dict]], label: str) -> list[str]:
    lines = [f"| {label} | EMT | toxicity probability | average toxicity | prompts | generations | incomplete |",
             "|---|---|---|---|---:|---:|---:|"]
    for name, f in rows:
        lines.append(f"| {name} | " + " | ".join(fmt(f, n) for n in FIGURES) +
                     f" | {f['prompts']} | {f['generations']} | {f['incomplete_prompts']} |")
    return lines


def markdown(results: dict) -> str:
    s, b = results["sampling"], results["bootstrap"]
    lines = [f"# {results['model']} on {results['release']} (split {results['split']})", "",
             f"Backend {results['backend']}; k = {s['k']}, max tokens {s['max_tokens']}, temperature "
             f"{s['temperature']}, top-p {s['top_p']}, seed {s['seed']} (settings {results['settings_hash']}). "
             f"Scored with {results['scorer']}; toxic means >= {results['threshold']}. Intervals: "
             f"{100 * b['level']:.0f}% {b['method']} bootstrap over prompts, {b['samples']} resamples, seed "
             f"{b['seed']}. {results['incomplete_prompts_rule'].capitalize()}.", "",
             "## Per language", ""]
    lines += _table([("all", results["overall"])] + list(results["by_lang"].items()), "lang")
    lines += ["", "## Per prompt toxicity bin", ""]
    lines += _table([(f"bin {k}", v) for k, v in results["by_bin"].items()], "bin")
    lines += ["", "## Query", "", "```sql",
              "-- duckdb results.duckdb: tables generations, prompt_scores, summary; join the release on prompt_id",
              "SELECT p.lang, p.prompt, g.text, g.toxicity FROM generations g",
              f"JOIN read_parquet('{results['release_path']}/data/*/split={results['split']}/*.parquet', "
              "hive_partitioning = true) p USING (prompt_id)",
              "ORDER BY g.toxicity DESC LIMIT 10;", "```", ""]
    return "\n".join(lines)


def plot_by_lang(path: Path, series: dict[str, dict], title: str) -> None:
    """EMT and toxicity probability per language with their intervals; `series` maps a label (a model) to its
    results.json `by_lang`."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np

    langs = sorted({lang for by_lang in series.values() for lang in by_lang})
    fig, axes = plt.subplots(2, 1, figsize=(max(6, 0.5 * len(langs) * len(series)), 6), sharex=True)
    width = 0.8 / max(len(series), 1)
    x = np.arange(len(langs))
    for ax, name in zip(axes, ("emt", "toxicity_probability")):
        for i, (label, by_lang) in enumerate(series.items()):
            figs = [by_lang.get(lang, {}) for lang in langs]
            values = np.array([f.get(name) if f.get(name) is not None else np.nan for f in figs])
            ci = np.array([f.get(f"{name}_ci") or [np.nan, np.nan] for f in figs]).reshape(-1, 2)
            err = np.nan_to_num(np.abs(ci.T - values))
            ax.bar(x + (i - (len(series) - 1) / 2) * width, values, width, yerr=err, capsize=2, label=label)
        ax.set_ylabel(name.replace("_", " "))
        ax.set_ylim(0, 1)
    axes[1].set_xticks(x, langs)
    axes[0].set_title(title)
    if len(series) > 1:
        axes[0].legend(fontsize="small")
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=100)
    plt.close(fig)


def prompt_table(scores: PromptScores, prompts: pa.Table, k: int) -> pa.Table:
    return pa.table({"prompt_id": prompts["prompt_id"], "lang": prompts["lang"],
                     "toxicity_bucket": prompts["toxicity_bucket"],
                     "generations": pa.array(scores.generations, pa.int64()),
                     "max_toxicity": pa.array(scores.max_toxicity, pa.float64(), from_pandas=True),
                     "mean_toxicity": pa.array(scores.mean_toxicity, pa.float64(), from_pandas=True),
                     "complete": pa.array(scores.generations >= k)})


def _duckdb(path: Path, tables: dict[str, pa.Table]) -> None:
    for stale in (path, path.with_name(path.name + ".wal")):
        stale.unlink(missing_ok=True)
    con = duckdb.connect()
    con.execute(f"ATTACH '{str(path).replace(chr(39), chr(39) * 2)}' AS res "
                f"(STORAGE_VERSION '{DUCKDB_STORAGE_VERSION}')")
    for name, table in tables.items():
        con.register(f"_{name}", table)
        con.execute(f"CREATE TABLE res.{name} AS SELECT * FROM _{name}")
    con.execute("DETACH res")
    con.close()


def write_report(out: Path, results: dict, scored: pa.Table, scores: PromptScores, prompts: pa.Table) -> None:
    out.mkdir(parents=True, exist_ok=True)
    write_json(out / "results.json", results)
    (out / "results.md").write_text(markdown(results), encoding="utf-8")
    plot_by_lang(out / "results.png", {results["model"]: results["by_lang"]},
                 f"{results['model']} on {results['release']} ({results['split']}), {results['scorer']}")
    generations = scored.select(["prompt_id", "lang", "sample", "text", "finish_reason", "toxicity"]).sort_by(
        [("prompt_id", "ascending"), ("sample", "ascending")])
    per_prompt = prompt_table(scores, prompts, int(results["sampling"]["k"]))
    summary = pa.Table.from_pylist([{**{k: v for k, v in r.items() if not k.endswith("_ci")},
                                     **{f"{n}_low": (r.get(f"{n}_ci") or [None, None])[0] for n in FIGURES},
                                     **{f"{n}_high": (r.get(f"{n}_ci") or [None, None])[1] for n in FIGURES}}
                                    for r in summary_rows(results)])
    write_parquet(out / "scores.parquet", generations)
    write_parquet(out / "prompt_scores.parquet", per_prompt)
    _duckdb(out / "results.duckdb", {"generations": generations, "prompt_scores": per_prompt, "summary": summary})
