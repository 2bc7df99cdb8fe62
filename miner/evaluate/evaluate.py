"""`miner evaluate`: score a generation directory and compute its metrics overall, per language and per bin.

The generations are checked before anything is scored: one settings hash throughout (equal to generation.json's),
no (prompt_id, sample) twice, samples within 0..k-1, and every prompt id in the release split with its language.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from ..io import InputError
from .metrics import THRESHOLD, PromptScores, group_rng, per_prompt, summarize
from .progress import Throughput
from .prompts import open_release, read_prompts
from .store import GenerationStore

SCORE_BATCH = 256


class EvaluateError(InputError):
    """Generations that cannot be evaluated as they are (mixed settings, foreign prompt ids, duplicates)."""


def load_generations(gen_dir: str | Path) -> tuple[dict, pa.Table]:
    store = GenerationStore(gen_dir)
    meta = store.meta()
    table = store.read()
    hashes = sorted(set(table["settings_hash"].to_pylist()))
    if hashes and hashes != [meta["settings_hash"]]:
        raise EvaluateError(f"{gen_dir} mixes generations made with different settings (settings hashes "
                            f"{', '.join(hashes)}; generation.json says {meta['settings_hash']}): "
                            f"evaluate each run's own directory")
    keys = pc.binary_join_element_wise(table["prompt_id"], pc.cast(table["sample"], pa.string()), "#")
    if pc.count_distinct(keys).as_py() != table.num_rows:
        raise EvaluateError(f"{gen_dir} has {table.num_rows - pc.count_distinct(keys).as_py()} duplicate "
                            f"(prompt_id, sample) rows")
    k = int(meta["sampling"]["k"])
    if table.num_rows and not (0 <= pc.min(table["sample"]).as_py() and pc.max(table["sample"]).as_py() < k):
        raise EvaluateError(f"{gen_dir} has sample numbers outside 0..{k - 1}")
    return meta, table


def check_prompts(table: pa.Table, prompts: pa.Table, where: str) -> None:
    """Refuse generations whose prompt id (or its language) is not the release's."""
    lang_of = dict(zip(prompts["prompt_id"].to_pylist(), prompts["lang"].to_pylist()))
    ids, langs = table["prompt_id"].to_pylist(), table["lang"].to_pylist()
    foreign = sorted({p for p in ids if p not in lang_of})
    if foreign:
        raise EvaluateError(f"{len(foreign)} prompt id(s) of the generations are not in {where}, e.g. "
                            f"{', '.join(foreign[:3])}: were they generated from another release?")
    wrong = sorted({p for p, lang in zip(ids, langs) if lang_of[p] != lang})
    if wrong:
        raise EvaluateError(f"{len(wrong)} prompt(s) have another language in the generations than in {where}, "
                            f"e.g. {wrong[0]}")


def score_texts(texts: list[str], langs: list[str], scorer_name: str, executor: str = "local", workers: int = 2,
                ray_address: str | None = None) -> tuple[np.ndarray, str]:
    """Toxicity of every text, in order, and the scorer's name@version. Each distinct (text, lang) is scored once:
    greedy decoding, short max_tokens and empty generations repeat texts."""
    from ..scoring import get_scorer

    scorer = get_scorer(scorer_name)
    index: dict[tuple[str, str], int] = {}
    position = np.array([index.setdefault(pair, len(index)) for pair in zip(texts, langs)], dtype=np.int64)
    unique_texts, unique_langs = [t for t, _ in index], [lang for _, lang in index]
    batches = [(unique_texts[i:i + SCORE_BATCH], unique_langs[i:i + SCORE_BATCH])
               for i in range(0, len(unique_texts), SCORE_BATCH)]
    progress, out = Throughput("score", len(unique_texts)), []
    if executor == "ray":
        from ..executors import make_executor
        from ..scoring.actors import score_batches_on_ray

        engine = make_executor("ray", workers, ray_address)
        try:
            for (batch, _), scores in zip(batches, score_batches_on_ray(scorer_name, {}, batches, workers)):
                out.append(scores["toxicity"])
                progress.update(len(batch))
        finally:
            engine.close()
    else:
        for batch, batch_langs in batches:
            out.append(scorer.score(batch, batch_langs)["toxicity"])
            progress.update(len(batch))
    unique = np.concatenate(out).astype(np.float64) if out else np.array([], dtype=np.float64)
    return unique[position], scorer.tag


def _align(release_ids: np.ndarray, scores: PromptScores) -> PromptScores:
    """Scores for every release prompt of a group; prompts without generations get 0 generations."""
    position = {p: i for i, p in enumerate(scores.prompt_ids)}
    index = np.array([position.get(p, -1) for p in release_ids], dtype=np.int64)
    has, n = index >= 0, len(release_ids)
    generations, maxes, means = np.zeros(n, dtype=np.int64), np.full(n, np.nan), np.full(n, np.nan)
    generations[has], maxes[has], means[has] = (a[index[has]] for a in (
        scores.generations, scores.max_toxicity, scores.mean_toxicity))
    return PromptScores(release_ids, generations, maxes, means)


def compute_metrics(prompts: pa.Table, scored: pa.Table, k: int, samples: int = 1000, seed: int = 0,
                    level: float = 0.95) -> tuple[dict, PromptScores]:
    """overall, by_lang, by_bin and by_lang_bin summaries over the release prompts of `prompts`."""
    scores = _align(np.asarray(prompts["prompt_id"].to_pylist(), dtype=object),
                    per_prompt(scored["prompt_id"].to_pylist(), scored["toxicity"].to_numpy()))
    langs = np.asarray(prompts["lang"].to_pylist(), dtype=object)
    bins = np.asarray(prompts["toxicity_bucket"].to_pylist(), dtype=object)

    def group(mask: np.ndarray, key: str) -> dict:
        part = PromptScores(*(a[mask] for a in (scores.prompt_ids, scores.generations, scores.max_toxicity,
                                                 scores.mean_toxicity)))
        return summarize(part, k, group_rng(seed, key), samples, level)

    everything = np.ones(len(langs), dtype=bool)
    results = {"overall": group(everything, "overall"),
               "by_lang": {lang: group(langs == lang, f"lang={lang}") for lang in sorted(set(langs))},
               "by_bin": {str(b): group(bins == b, f"bin={b}") for b in sorted(set(bins), key=str)},
               "by_lang_bin": {lang: {str(b): group((langs == lang) & (bins == b), f"lang={lang}/bin={b}")
                                      for b in sorted(set(bins[langs == lang]), key=str)}
                               for lang in sorted(set(langs))}}
    return results, scores


def evaluate(gen_dir: str | Path, release_path: str | Path | None = None, scorer: str = "e5-tox",
             executor: str = "local", workers: int = 2, ray_address: str | None = None, samples: int = 1000,
             seed: int = 0, level: float = 0.95) -> tuple[dict, pa.Table, PromptScores, pa.Table]:
    """(results, scored generations, per-prompt scores, release prompts) of `gen_dir`."""
    meta, table = load_generations(gen_dir)
    release = open_release(release_path or meta["release_path"])
    if release.identity != meta["release"]:
        raise EvaluateError(f"{gen_dir} was generated from release {meta['release']}, not {release.identity} "
                            f"({release.path})")
    prompts = read_prompts(release, meta["split"])
    check_prompts(table, prompts, f"release {release.identity} split {meta['split']}")
    toxicity, tag = score_texts(table["text"].to_pylist(), table["lang"].to_pylist(), scorer, executor, workers,
                                ray_address)
    scored = table.append_column("toxicity", pa.array(toxicity, pa.float64()))
    k = int(meta["sampling"]["k"])
    metrics, scores = compute_metrics(prompts, scored, k, samples, seed, level)
    results = {"model": meta["model"], "backend": meta["backend"], "release": meta["release"],
               "release_path": str(release.path), "split": meta["split"], "sampling": meta["sampling"], "settings_hash": meta["settings_hash"],
               "scorer": tag, "threshold": THRESHOLD,
               "bootstrap": {"samples": samples, "level": level, "seed": seed, "unit": "prompt",
                             "method": "percentile"},
               "incomplete_prompts_rule": "prompts with fewer than k generations are excluded from every figure "
                                          "and counted in incomplete_prompts",
               **metrics}
    return results, scored, scores, prompts
