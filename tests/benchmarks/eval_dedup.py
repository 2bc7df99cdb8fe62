"""Near-duplicate precision and recall against brute-force Jaccard, per language and per LSH configuration.

Corpus: miner.dedup.synthetic (seeded): base documents in en ru ar hi ko zh ja with planted near-duplicates at
Jaccard levels 0.3-0.95 and exact copies. Truth: every pair in a language whose exact shingle Jaccard (over
miner.dedup.shingles.shingles) is >= the threshold. Prediction: the pair ends in the same cluster of
find_clusters. Precision is strict: every co-clustered pair counts, including pairs joined only through a third
document. Usage: .venv/bin/python tests/benchmarks/eval_dedup.py --out tests/benchmarks/results/eval-dedup.json
"""
from __future__ import annotations

import argparse
import random
import tempfile
import time
from collections import defaultdict
from dataclasses import asdict
from pathlib import Path

import numpy as np
import pyarrow.parquet as pq

from common import command, load_average, machine, machine_line, now, write_results

from miner.dedup import MinHasher, MinHashParams, find_clusters, normalized_hash, shingles, signature_table
from miner.dedup.shingles import jaccard
from miner.dedup.synthetic import LANGUAGES, corpus

CONFIGS: dict[str, tuple[MinHashParams, str]] = {
    "14x8, no verification (FineWeb)": (MinHashParams(bands=14, rows=8), "none"),
    "16x7, no verification": (MinHashParams(bands=16, rows=7), "none"),
    "14x8, signature >= 0.80": (MinHashParams(bands=14, rows=8), "signature"),
    "16x7, signature >= 0.80": (MinHashParams(bands=16, rows=7), "signature"),
    "20x5, signature >= 0.80": (MinHashParams(bands=20, rows=5), "signature"),
    "20x5, signature >= 0.75": (MinHashParams(bands=20, rows=5, threshold=0.75), "signature"),
    "14x8, exact near 0.80": (MinHashParams(bands=14, rows=8), "exact"),
    "16x7, exact near 0.80 (default)": (MinHashParams(bands=16, rows=7), "exact"),
    "20x5, exact near 0.80": (MinHashParams(bands=20, rows=5), "exact"),
}
BINS = (0.0, 0.5, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95, 1.0001)


def true_jaccard(sets: list[set[bytes]]) -> dict[tuple[int, int], float]:
    """Exact Jaccard of every pair sharing at least one shingle (all other pairs have Jaccard 0)."""
    postings: dict[bytes, list[int]] = defaultdict(list)
    for i, s in enumerate(sets):
        for sh in s:
            postings[sh].append(i)
    pairs: set[tuple[int, int]] = set()
    for docs in postings.values():
        if len(docs) > 1:
            pairs.update((a, b) for k, a in enumerate(docs) for b in docs[k + 1 :])
    return {(a, b): jaccard(sets[a], sets[b]) for a, b in pairs}


def evaluate(truth: dict[str, dict[tuple[int, int], float]], ids: dict[str, list[str]],
             cluster_of: dict[str, str], threshold: float) -> dict:
    """Pairwise P/R per language and overall, and the share of pairs co-clustered per Jaccard bin."""
    per_lang = {}
    tot = np.zeros(3)
    bins = np.zeros((2, len(BINS) - 1))
    for lang, pairs in truth.items():
        doc_ids = ids[lang]
        members: dict[str, list[int]] = defaultdict(list)
        for i, d in enumerate(doc_ids):
            members[cluster_of[d]].append(i)
        predicted = {(a, b) for m in members.values() for k, a in enumerate(m) for b in m[k + 1 :]}
        positive = {p for p, j in pairs.items() if j >= threshold}
        tp, fp, fn = len(positive & predicted), len(predicted - positive), len(positive - predicted)
        tot += (tp, fp, fn)
        per_lang[lang] = {"precision": tp / max(tp + fp, 1), "recall": tp / max(tp + fn, 1),
                          "true_pairs": len(positive), "predicted_pairs": len(predicted)}
        for p, j in pairs.items():
            k = np.searchsorted(BINS, j, side="right") - 1
            bins[0, k] += 1
            bins[1, k] += p in predicted
    tp, fp, fn = tot
    by_bin = {f"[{BINS[k]:.2f},{min(BINS[k + 1], 1):.2f}{']' if BINS[k + 1] > 1 else ')'}":
              {"pairs": int(bins[0, k]), "share_clustered": round(bins[1, k] / bins[0, k], 4) if bins[0, k] else None}
              for k in range(len(BINS) - 1)}
    return {"precision": tp / max(tp + fp, 1), "recall": tp / max(tp + fn, 1), "true_pairs": int(tp + fn),
            "predicted_pairs": int(tp + fp), "per_language": per_lang, "by_jaccard": by_bin}


def korean_spacing(n: int, seed: int) -> dict:
    """Mean Jaccard between Korean texts and copies with 20% of spaces dropped or added, per shingling mode."""
    rng = random.Random(seed)
    docs = [d for d in corpus(n, ("ko",), seed=seed) if d.doc_id == d.base_id]
    out = {"char 5-grams (ko default)": [], "word 5-grams": []}
    for d in docs:
        respaced = "".join(c if c != " " or rng.random() > 0.2 else "" for c in d.text)
        respaced = "".join(c + (" " if rng.random() < 0.05 else "") for c in respaced)
        out["char 5-grams (ko default)"].append(jaccard(shingles(d.text, "ko"), shingles(respaced, "ko")))
        out["word 5-grams"].append(jaccard(shingles(d.text, "xx"), shingles(respaced, "xx")))
    return {k: round(float(np.mean(v)), 4) for k, v in out.items()} | {"documents": len(docs)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", required=True)
    ap.add_argument("--n-base", type=int, default=300, help="base documents per language")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--threshold", type=float, default=0.8, help="true-duplicate Jaccard threshold")
    args = ap.parse_args()

    t = time.perf_counter()
    docs = corpus(args.n_base, LANGUAGES, seed=args.seed)
    gen_s = time.perf_counter() - t
    ids: dict[str, list[str]] = defaultdict(list)
    sets: dict[str, list[set[bytes]]] = defaultdict(list)
    for d in docs:
        ids[d.lang].append(d.doc_id)
        sets[d.lang].append(shingles(d.text, d.lang))
    t = time.perf_counter()
    truth = {lang: true_jaccard(s) for lang, s in sets.items()}
    truth_s = time.perf_counter() - t

    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        texts, langs = [d.text for d in docs], [d.lang for d in docs]
        sig_cache: dict[tuple[int, int, int], Path] = {}
        for name, (params, verify) in CONFIGS.items():
            key = (params.num_perm, params.ngram, params.seed)
            if key not in sig_cache:
                sigs = MinHasher(params).signatures(texts, langs)
                sig_cache[key] = Path(tmp) / f"sig-{len(sig_cache)}.parquet"
                pq.write_table(signature_table([d.doc_id for d in docs], langs, [normalized_hash(x) for x in texts],
                                               sigs, texts=texts), sig_cache[key])
            out = Path(tmp) / "clusters.parquet"
            stats = find_clusters([str(sig_cache[key])], str(out), params, f"{tmp}/work", verify=verify)
            rows = pq.read_table(out, columns=["doc_id", "cluster_id"]).to_pylist()
            res = evaluate(truth, ids, {r["doc_id"]: r["cluster_id"] for r in rows}, args.threshold)
            res.update(params=asdict(params), verify=verify, candidate_pairs=stats["candidate_pairs"],
                       verified_pairs=stats["verified_pairs"], exact_checked_pairs=stats["exact_checked_pairs"], p_candidate_at_0_8=round(params.candidate_probability(0.8), 4),
                       seconds=round(stats["total_s"], 2))
            results[name] = res

    report = {
        "measured": {
            "command": command(), "date": now(), "machine": machine_line(machine()),
            "load_average": load_average(),
            "data": f"miner.dedup.synthetic.corpus(n_base={args.n_base}, seed={args.seed}): {len(docs)} documents, "
                    f"languages {', '.join(LANGUAGES)}; truth = exact shingle Jaccard of all pairs per language",
            "threshold": args.threshold,
            "generate_s": round(gen_s, 1), "truth_s": round(truth_s, 1),
        },
        "configs": results,
        "korean_spacing_jaccard": korean_spacing(100, args.seed + 1),
    }
    md = [f"# eval-dedup\n\n{report['measured']['command']} ({report['measured']['date']}, "
          f"{report['measured']['machine']})\n\n{report['measured']['data']}\n",
          "| config | P | R | true pairs | predicted pairs | candidates | texts read | " + " | ".join(LANGUAGES) + " |",
          "|---|---|---|---|---|---|---|" + "---|" * len(LANGUAGES)]
    for name, r in results.items():
        per = " | ".join(f"{r['per_language'][lang]['precision']:.3f}/{r['per_language'][lang]['recall']:.3f}"
                         for lang in LANGUAGES)
        md.append(f"| {name} | {r['precision']:.4f} | {r['recall']:.4f} | {r['true_pairs']} | "
                  f"{r['predicted_pairs']} | {r['candidate_pairs']} | {r['exact_checked_pairs']} | {per} |")
    md.append("\nPer language: precision/recall. Share of pairs put in one cluster, by true Jaccard:\n")
    md.append("| config | " + " | ".join(next(iter(results.values()))["by_jaccard"]) + " |")
    md.append("|---|" + "---|" * len(BINS[:-1]))
    for name, r in results.items():
        md.append(f"| {name} | " + " | ".join(f"{b['share_clustered']} ({b['pairs']})"
                                              for b in r["by_jaccard"].values()) + " |")
    md.append(f"\nKorean spacing variants, mean Jaccard: {report['korean_spacing_jaccard']}\n")
    write_results(args.out, report, "\n".join(md))
    print("\n".join(md))


if __name__ == "__main__":
    main()
