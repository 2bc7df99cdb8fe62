"""Evaluate language models on a release: generate continuations of its prompts, score them, report metrics.

    miner generate RELEASE --split small --backend openai --model NAME --out GEN_DIR --preset rtp
    miner evaluate GEN_DIR --out RESULTS_DIR          # EMT, toxicity probability, average toxicity + CIs
    miner compare RESULTS_DIR...                      # models side by side per language

Modules: settings (presets, settings hash), prompts (reading a release), backends (openai, hf), store
(resumable Parquet parts), generate, metrics, evaluate, report, compare, lm_eval (export for lm-evaluation-harness).
"""
