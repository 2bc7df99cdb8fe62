"""What the first-pass scorer's input and char n-grams cost and give: `fasttext-tox` 1 against 2.

    .venv/bin/python tests/benchmarks/ablate_first_pass.py --out tests/benchmarks/results/ablate-first-pass.json

For each variant, fastText is trained exactly as `make train-scorer` trains `fasttext-tox` (same rows: the
training folds; same parameters but `maxn`), then scored on the held-out rows that `make eval-scorer` samples.
Reported: macro ROC-AUC over languages (all held-out rows, RTP-LX rows, the weakest language; per-language AUC
does not depend on the per-language calibration, so raw scores are used) and CPU microseconds per CC-like page
(`generate_demo(profile="cc")`, extracted as ingest does) for building the model's input line from the text and
for fastText's predict. The variants:
- input "textnorm+lexicon": `e5_tox.surface_input` (`textnorm.normalize`: leetspeak, elongation, URL placeholders,
  punctuation tokens; plus one `xprofanity` token per LDNOOBW hit, at most 2): the input of `fasttext-tox` 1,
  now of e5-tox's own fastText model (char 3-6);
- input "dedup": the dedup normalisation with CJK spaced apart (`fasttext_tox.model_input`): `fasttext-tox` 2.
  In ingest the dedup normalisation is computed once for MinHash too, so there the input costs `view` only;
- input "raw": the text as it is, on one line (`plain_input`): the plain fastText n-gram baseline that issue 6
  quotes (about 0.88 overall and 0.77 on RTP-LX there), measured on this split.
Variants were chosen for speed; their held-out figures were looked at before `fasttext-tox` 2 shipped.
"""
from __future__ import annotations

import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests" / "benchmarks"))

import numpy as np  # noqa: E402
from common import cc_corpus, command, load_average, machine, md_table, now, write_results  # noqa: E402
from eval_scorer import evaluate, held_out, parse_args  # noqa: E402

from miner.dedup.shingles import normalize as dedup_normalize  # noqa: E402
from miner.ingest import _text  # noqa: E402
from miner.scoring import train  # noqa: E402
from miner.scoring.e5_tox import surface_input  # noqa: E402
from miner.scoring.fasttext_tox import model_input, raw_scores, view  # noqa: E402
from miner.scoring.split import TEST_FOLD  # noqa: E402
from miner.warc import Document, read_file  # noqa: E402

PAGES = 3000


def plain_input(text: str) -> str:
    """The text on one line, nothing else done to it."""
    return " ".join(text.split())


INPUTS = {"textnorm+lexicon": surface_input, "dedup": model_input, "raw": plain_input}
VARIANTS = [("textnorm+lexicon", 6), ("textnorm+lexicon", 4), ("dedup", 6), ("dedup", 4), ("raw", 6)]


def cpu_us_per_page(fn, pages: int, repeats: int = 3):
    """fn()'s result and its CPU microseconds per page, the least of `repeats` runs (one run of a second or so
    moved by up to 40% between invocations)."""
    best = float("inf")
    for _ in range(repeats):
        start = time.process_time()
        out = fn()
        best = min(best, time.process_time() - start)
    return out, round(1e6 * best / pages, 1)


def main() -> int:
    args = parse_args(__doc__)
    rows, _, split, held = held_out(args.cache)
    train_idx = np.flatnonzero((split.fold != TEST_FOLD) & np.array([r.trainable for r in rows]))
    y_train = np.array([rows[i].label for i in train_idx])
    repeat = train._repeats([rows[i] for i in train_idx], train.FastTextParams())
    pages = [_text(d, "pruned") for path in cc_corpus(PAGES) for d in read_file(str(path)) if isinstance(d, Document)]
    pages = [p for p in pages if p.strip()]
    print(f"{len(train_idx)} training rows, {len(held)} held-out rows, {len(pages)} CC-like pages")

    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for name, maxn in VARIANTS:
            make_input = INPUTS[name]
            params = replace(train.FastTextParams(), maxn=maxn)
            model = train._train_fasttext([make_input(rows[i].text) for i in train_idx], y_train, repeat, params,
                                          Path(tmp) / "model.ftz", quantize=True)
            res = evaluate(held, raw_scores(model, [make_input(r.text) for r in held]))
            per_lang = {lang: v["auc"] for lang, v in res["per_language"].items()}
            n = len(pages)
            lines, input_us = cpu_us_per_page(lambda: [make_input(p) for p in pages], n)
            folded = [dedup_normalize(p) for p in pages]
            view_us = cpu_us_per_page(lambda: [view(f) for f in folded], n)[1] if name == "dedup" else input_us
            raw_scores(model, lines[:100])  # warm-up
            predict_us = cpu_us_per_page(lambda: raw_scores(model, lines), n)[1]
            row = {"input": name, "char_ngrams": f"3-{maxn}", "macro_auc": res["macro_auc"],
                   "macro_auc_rtp_lx": res["macro_auc_rtp_lx"], "min_language_auc": res["min_language_auc"],
                   "min_language": min(per_lang, key=lambda k: per_lang[k] or 1),
                   "input_us_per_page": input_us, "input_us_per_page_in_ingest": view_us,
                   "predict_us_per_page": predict_us, "model_bytes": (Path(tmp) / "model.ftz").stat().st_size}
            results.append(row)
            print(row, flush=True)

    report = {"command": command(), "date": now(), "machine": machine(), "load_average": load_average(),
              "held_out_rows": len(held), "training_rows": int(len(train_idx)), "pages": len(pages),
              "variants": results}
    header = ["input", "char n-grams", "macro AUC", "macro AUC RTP-LX", "min language", "input us/page",
              "input us/page in ingest", "predict us/page", "model MB"]
    table = md_table(header, [[r["input"], r["char_ngrams"], f"{r['macro_auc']:.4f}", f"{r['macro_auc_rtp_lx']:.4f}",
                               f"{r['min_language_auc']:.4f} ({r['min_language']})", r["input_us_per_page"],
                               r["input_us_per_page_in_ingest"], r["predict_us_per_page"],
                               round(r["model_bytes"] / 1e6, 1)] for r in results])
    markdown = (f"# First-pass scorer ablation\n\n`{report['command']}` on {report['date']} ({report['machine']['cpu']}, "
                f"{report['machine']['cores']} cores; load {report['load_average']}).\n\n"
                f"{__doc__.split(chr(10), 3)[3].strip()}\n\n"
                f"Rows: {report['training_rows']} training, {report['held_out_rows']} held out; "
                f"{report['pages']} CC-like pages for the timings (CPU time, one thread, the least of 3 runs)."
                f"\n\n{table}\n")
    write_results(args.out, report, markdown)
    print(markdown)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
