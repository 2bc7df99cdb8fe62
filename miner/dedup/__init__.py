"""Exact and near-duplicate removal (MinHash-LSH per language) that scales out of core; see docs/dedup.md."""
from miner.dedup.clusters import dedup_jsonl, find_clusters, signature_table
from miner.dedup.minhash import MinHasher, MinHashParams, estimated_jaccard
from miner.dedup.prompts import PROMPT_PARAMS, dedup_prompts
from miner.dedup.shingles import jaccard, normalize, normalized_hash, shingle_hashes, shingles

__all__ = [
    "MinHashParams", "MinHasher", "PROMPT_PARAMS", "dedup_jsonl", "dedup_prompts", "estimated_jaccard",
    "find_clusters", "jaccard", "normalize", "normalized_hash", "shingle_hashes", "shingles", "signature_table",
]
