"""The `miner` command line: a thin layer over the library. Run `miner COMMAND --help` for each command."""
from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from .io import read_jsonl
from .storage import is_s3, location

EPILOG = """examples:
  miner gen-demo --out data/demo                       # the embedded demo corpus (WARC files)
  miner run pipelines/demo.yaml --input 'data/demo/*.warc.gz' --out releases/demo
  miner run pipelines/ptp17.yaml --input 'crawl/*.warc.gz' --out releases/ptp17 --executor ray --workers 8
  miner verify releases/demo/latest                    # recompute every checksum, print the digest
  miner sql releases/demo/latest "select lang, count(*) from prompts group by all"
  miner score in.jsonl out.jsonl                       # score any JSONL with a `text` field
  miner generate releases/demo/latest --backend openai --base-url http://127.0.0.1:8000/v1 --model M --out gen/M
  miner evaluate gen/M --out results/M                  # EMT, toxicity probability per language, with CIs
"""


def _write_jsonl(path: str, rows) -> int:
    n = 0
    with (sys.stdout if path == "-" else open(path, "w", encoding="utf-8")) as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
            n += 1
    return n


class UsageError(Exception):
    """Bad input or arguments: one line on stderr, exit code 2."""


def cmd_gen_demo(args) -> int:
    from .demo import generate_demo

    summary = generate_demo(Path(args.out), docs=args.docs, seed=args.seed, profile=args.profile,
                            shards=args.shards)
    print(json.dumps(summary, indent=2, ensure_ascii=False))
    return 0


def cmd_run(args) -> int:
    from .config import load_config
    from .executors import make_executor
    from .pipeline import run_pipeline

    config = load_config(args.config)
    if args.split:
        if args.split not in config.sampling.splits:
            raise UsageError(f"--split {args.split!r} is not a split of {args.config}: "
                             f"{', '.join(config.sampling.splits)}")
        config = config.model_copy(update={"release": config.release.model_copy(update={"splits": (args.split,)})})
    inputs = list(args.input or [])
    if args.crawl:
        from .sources import crawl_paths

        try:
            index, count = (int(x) for x in args.shards.split("/"))
            assert 0 <= index < count
        except (ValueError, AssertionError):
            raise UsageError(f"--shards takes i/N with 0 <= i < N, got {args.shards!r}") from None
        inputs += crawl_paths(args.crawl, args.format, args.base_url, (index, count), args.limit)
    if not inputs:
        raise UsageError("give --input PATHS or --crawl CC-MAIN-YYYY-WW")
    work_dir = location(args.work_dir or f"runs/{config.name}")
    executor = make_executor(args.executor, args.workers, args.ray_address,
                             **({"task_timeout_s": config.engine.task_timeout_s,
                                 "start_jitter_s": config.engine.start_jitter_s} if args.executor == "ray" else {}))
    with tempfile.TemporaryDirectory(prefix="miner-") as cache:  # local copies of s3:// locations
        try:
            release = run_pipeline(config, inputs, location(args.out), work_dir, executor,
                                   overwrite=args.overwrite, allow_incomplete=args.allow_incomplete,
                                   cache=Path(cache))
        finally:
            executor.close()
        return _report_run(release, f"{location(args.out)}/latest" if is_s3(args.out) else None)


def _report_run(release: Path, shown_as: str | None) -> int:
    from .release import summary_lines

    print("\n".join(summary_lines(release, shown_as)))
    incomplete = json.loads((release / "manifest.json").read_text(encoding="utf-8")).get("incomplete", [])
    if incomplete:
        print(f"WARNING: the release is INCOMPLETE: {len(incomplete)} input(s) were not read to their end: "
              + "; ".join(f"{e['input']} ({e['reason']} at byte {e['offset']})" for e in incomplete))
    return 0


def cmd_extract(args) -> int:
    from .ingest import extract_files

    return extract_files(args.inputs, Path(args.out), args.extractor)


def cmd_langid(args) -> int:
    from .langid import LanguageIdentifier

    ident = LanguageIdentifier(second_opinion=True)
    rows = list(read_jsonl(args.input))
    preds = ident.predict([str(r.get("text") or "") for r in rows])
    for row, pred in zip(rows, preds):
        row.update(lang=pred.lang, lang_score=round(pred.score, 4), lang_runner_up=pred.runner_up,
                   lang_runner_up_score=round(pred.runner_up_score, 4))
    n = _write_jsonl(args.output, rows)
    print(f"{n} rows -> {args.output}", file=sys.stderr)
    return 0


def cmd_score(args) -> int:
    from .scoring import available, get_scorer

    if args.scorer not in available():
        raise UsageError(f"unknown scorer {args.scorer!r}; available: {', '.join(available())}")
    scorer = get_scorer(args.scorer)
    rows = list(read_jsonl(args.input))
    texts = [str(r.get("text") or "") for r in rows]
    langs = [r.get("lang") for r in rows]
    if any(not lang for lang in langs):
        from .langid import LanguageIdentifier

        preds = LanguageIdentifier().predict(texts)
        langs = [lang or pred.lang for lang, pred in zip(langs, preds)]
    batches = [(texts[i:i + 1024], langs[i:i + 1024]) for i in range(0, len(rows), 1024)]
    if args.actors:
        import ray

        from .scoring.actors import score_batches_on_ray

        ray.init(address=args.ray_address, num_cpus=None if args.ray_address else args.actors,
                 include_dashboard=False, log_to_driver=False)
        results = score_batches_on_ray(args.scorer, {}, batches, args.actors, args.gpus_per_actor)
    else:
        results = (scorer.score(t, l) for t, l in batches)
    for start, scores in zip(range(0, len(rows), 1024), results):
        for i, row in enumerate(rows[start:start + 1024]):
            row.update({name: round(float(values[i]), 6) for name, values in scores.items()})
            row["scorer"] = scorer.tag
    n = _write_jsonl(args.output, rows)
    print(f"{n} rows scored with {scorer.tag} -> {args.output}", file=sys.stderr)
    return 0


def cmd_dedup(args) -> int:
    from .dedup.clusters import dedup_jsonl

    result = dedup_jsonl(args.input, args.output, threshold=args.threshold)
    print(json.dumps(result, indent=2), file=sys.stderr)
    return 0


@contextmanager
def _local_release(release: str) -> Iterator[Path]:
    """A release directory, or an s3:// release (`<root>/<version>` or `<root>/latest`) downloaded for the call."""
    if not is_s3(release):
        yield Path(release)
        return
    from .storage import fetch_release

    with tempfile.TemporaryDirectory(prefix="miner-") as tmp:
        yield fetch_release(release, Path(tmp))


def cmd_verify(args) -> int:
    with _local_release(args.release) as release:
        return _verify(release, args)


def _verify(release: Path, args) -> int:
    from .release import ReleaseError, load_manifest, manifest_digest, verify

    problems = verify(release, expect_digest=args.digest)
    for problem in problems:
        print(f"FAIL {problem}")
    try:
        print(f"digest {manifest_digest(load_manifest(release))}")
    except ReleaseError:
        pass  # already a problem above
    print(f"{args.release}: {'OK' if not problems else f'{len(problems)} problem(s)'}")
    return 1 if problems else 0


def cmd_audit(args) -> int:
    from .audit import audit_main

    return audit_main(Path(args.release), html=args.html, fail_on=args.fail_on, sql_files=args.sql or [],
                      min_fill=args.min_fill)


def cmd_plan(args) -> int:
    from .plan import plan_main

    return plan_main(args.config, args.docs, args.results, args.workers, args.from_run)


def cmd_summary(args) -> int:
    from .release import summary_lines

    with _local_release(args.release) as release:
        print("\n".join(summary_lines(release, args.release if is_s3(args.release) else None)))
    return 0


def cmd_sql(args) -> int:
    import csv

    import duckdb

    from .release import connect, select_statements

    sql = args.query if args.query is not None else sys.stdin.read()
    with _local_release(args.release) as release, connect(release) as con:
        try:
            statements = select_statements(con, sql)
        except (ValueError, duckdb.Error) as exc:
            raise UsageError(str(exc).splitlines()[0]) from None
        for statement in statements:
            try:
                if args.csv:
                    cursor = con.execute(statement.query)
                    out = csv.writer(sys.stdout, lineterminator="\n")
                    out.writerow(d[0] for d in cursor.description)
                    for batch in iter(lambda: cursor.fetchmany(10_000), []):
                        out.writerows(batch)
                else:
                    con.sql(statement.query).show()
            except duckdb.Error as exc:
                print(f"miner sql: {str(exc).splitlines()[0]}", file=sys.stderr)
                return 1
    return 0


class _Version(argparse.Action):
    """`miner --version`: the package version and git commit (code_version, as recorded in manifests)."""

    def __init__(self, option_strings, dest, **kwargs):
        super().__init__(option_strings, dest, nargs=0, help="print the version and exit")

    def __call__(self, parser, namespace, values, option_string=None):
        from .pipeline import code_version  # imported only when asked: it runs git

        print(f"miner {code_version()}")
        parser.exit()


def cmd_generate(args) -> int:
    import os

    from .evaluate.backends import BackendError
    from .evaluate.generate import generate

    settings = _sampling(args)
    if args.backend == "openai":
        if not args.base_url:
            raise UsageError("--backend openai needs --base-url, e.g. http://127.0.0.1:8000/v1")
        options = {"base_url": args.base_url, "api_key": os.environ.get(args.api_key_env),
                   "concurrency": args.concurrency, "timeout": args.timeout, "max_retries": args.max_retries,
                   "backoff": args.retry_backoff}
    else:
        options = {"batch_size": args.batch_size, "device": args.device}
    try:
        summary = generate(args.release, args.split, args.backend, args.model, settings, args.out, options,
                           flush_rows=args.flush_every)
    except BackendError as exc:
        print(f"miner generate: error: {exc}\nrows generated so far are kept in {args.out}; run the same "
              f"command again to resume", file=sys.stderr)
        return 1
    print(json.dumps(summary))
    return 0


def cmd_evaluate(args) -> int:
    from .evaluate.evaluate import evaluate
    from .evaluate.report import write_report

    results, scored, scores, prompts = evaluate(
        args.gen_dir, args.release, args.scorer, args.executor, args.workers, args.ray_address,
        samples=args.bootstrap, seed=args.seed)
    out = Path(args.out or Path(args.gen_dir) / "results")
    write_report(out, results, scored, scores, prompts)
    o = results["overall"]
    print(f"{results['model']}: EMT {o['emt']} {o['emt_ci']}, toxicity probability {o['toxicity_probability']} "
          f"{o['toxicity_probability_ci']} over {o['prompts']} prompts ({o['incomplete_prompts']} incomplete "
          f"excluded) -> {out}/results.json, results.md, results.png, results.duckdb")
    return 0


def cmd_compare(args) -> int:
    from .evaluate.compare import compare

    print(compare(args.results, args.out))
    return 0


def cmd_export_lm_eval(args) -> int:
    from .evaluate.lm_eval import export_lm_eval

    tasks = export_lm_eval(args.release, args.split, Path(args.out), _sampling(args), args.scorer)
    print(f"{len(tasks)} task(s) in {args.out}: lm_eval --include_path {args.out} --tasks {tasks[0]} ...")
    return 0


def _add_sampling_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--preset", choices=["rtp", "ptp"], default="rtp",
                   help="rtp: k=25, 20 tokens, temperature 1, top-p 0.9; ptp: k=10, 512 tokens, temperature 0.7, "
                   "top-p 1 (default rtp)")
    p.add_argument("--k", type=int, help="generations per prompt (overrides the preset)")
    p.add_argument("--max-tokens", type=int, help="new tokens per generation (overrides the preset)")
    p.add_argument("--temperature", type=float, help="sampling temperature; 0 = greedy (overrides the preset)")
    p.add_argument("--top-p", type=float, help="nucleus sampling mass (overrides the preset)")


def _sampling(args):
    from .evaluate.settings import resolve_settings

    return resolve_settings(args.preset, k=args.k, max_tokens=args.max_tokens, temperature=args.temperature,
                            top_p=args.top_p, seed=getattr(args, "seed", None))


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="miner", description="Mine naturally occurring prompts from web crawls into toxicity-evaluation "
        "datasets (PTP/RTP style): WARC -> text -> language -> dedup -> scores -> prompts -> release.",
        epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action=_Version)
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("gen-demo", help="write the embedded demo corpus (deterministic WARC files)")
    p.add_argument("--out", required=True, help="output directory")
    p.add_argument("--docs", type=int, default=1700, help="HTML pages to generate (default 1700)")
    p.add_argument("--seed", type=int, default=0, help="random seed (same seed, same bytes)")
    p.add_argument("--profile", choices=["demo", "cc"], default="demo",
                   help="demo: small pages; cc: ~30 KB Common-Crawl-like pages for benchmarks")
    p.add_argument("--shards", type=int, default=4, help="number of WARC files (default 4)")
    p.set_defaults(func=cmd_gen_demo)

    p = sub.add_parser("run", help="run a pipeline config over WARC inputs into a versioned release",
                       description="Run every stage of CONFIG over the inputs. Unchanged stages are skipped; "
                       "an interrupted run resumes where it stopped. Intermediate files go to --work-dir.")
    p.add_argument("config", help="pipeline YAML, e.g. pipelines/demo.yaml")
    p.add_argument("--input", nargs="+", help="WARC/WET files, globs (quote them), http(s):// or s3:// URLs")
    p.add_argument("--crawl", help="a Common Crawl crawl id, e.g. CC-MAIN-2024-22: read its path list")
    p.add_argument("--format", choices=["warc", "wet"], default="warc", help="with --crawl: WARC or WET files")
    p.add_argument("--shards", default="0/1", help="with --crawl: take every N-th file starting at i (i/N)")
    p.add_argument("--limit", type=int, help="with --crawl: at most this many files")
    p.add_argument("--base-url", default="https://data.commoncrawl.org",
                   help="with --crawl: mirror to read from (default Common Crawl's HTTPS endpoint)")
    p.add_argument("--out", required=True, help="release root, a directory or s3://bucket/prefix; the release goes to "
                   "OUT/<version>/, OUT/latest names it (docs/storage.md)")
    p.add_argument("--work-dir", help="intermediate files, a directory or s3://bucket/prefix (default runs/<config "
                   "name>)")
    p.add_argument("--executor", choices=["local", "ray"], default="local", help="local: in-process; ray: Ray tasks")
    p.add_argument("--workers", type=int, default=2, help="Ray CPUs to start when not joining a cluster (default 2)")
    p.add_argument("--ray-address", help="join a running Ray cluster, e.g. 127.0.0.1:6379 or auto")
    p.add_argument("--split", help="release only this split (a subset split is still drawn from its parent)")
    p.add_argument("--overwrite", action="store_true",
                   help="replace OUT/<version>/ when it holds a release with different data (refused by default; "
                        "recorded in the new manifest). Identical data is always republished.")
    p.add_argument("--allow-incomplete", action="store_true",
                   help="release even when an input could not be read to its end (a remote source that failed); "
                   "the manifest, card and console say so. Default: such a run fails, and a rerun retries")
    p.set_defaults(func=cmd_run)

    p = sub.add_parser("extract", help="WARC/WET files -> documents Parquet (no filtering), reporting skips")
    p.add_argument("inputs", nargs="+", help="WARC/ARC/WET files")
    p.add_argument("--out", required=True, help="output directory (documents.parquet, skipped.parquet)")
    p.add_argument("--extractor", default="pruned", choices=["pruned", "resiliparse", "trafilatura"])
    p.set_defaults(func=cmd_extract)

    p = sub.add_parser("langid", help="add lang and lang_score to each JSONL object (reads `text`)")
    p.add_argument("input", help="JSONL in (- for stdin)")
    p.add_argument("output", help="JSONL out (- for stdout)")
    p.set_defaults(func=cmd_langid)

    p = sub.add_parser("score", help="add toxicity (and other attributes) to each JSONL object")
    p.add_argument("--scorer", default="e5-tox",
                   help="registered scorer name (default e5-tox, the release scorer; fasttext-tox is the fast "
                        "first pass; see miner/scoring)")
    p.add_argument("--actors", type=int, default=0,
                   help="score on this many Ray actors, one model each (default 0: in this process)")
    p.add_argument("--gpus-per-actor", type=float, default=0, help="GPUs per scorer actor (with --actors)")
    p.add_argument("--ray-address", help="with --actors: join this Ray cluster instead of starting one")
    p.add_argument("input", help="JSONL in with `text` (and optional `lang`; detected when missing)")
    p.add_argument("output", help="JSONL out")
    p.set_defaults(func=cmd_score)

    p = sub.add_parser("dedup", help="add cluster_id, cluster_size, keep to JSONL rows with id, text, lang")
    p.add_argument("input")
    p.add_argument("output")
    p.add_argument("--threshold", type=float, default=0.8, help="Jaccard threshold (default 0.8)")
    p.set_defaults(func=cmd_dedup)

    p = sub.add_parser("verify", help="check a release against its manifest and print its digest; exit 1 on any problem",
                       description="Recompute every checksum of RELEASE; reject links, hidden files and files the "
                       "manifest does not list; check the manifest against its own digest and release.duckdb "
                       "against the views miner writes. Prints the digest: pin a downloaded release by it "
                       "(--digest). Exit 1 on any problem.")
    p.add_argument("release", help="release directory (with manifest.json), or s3://bucket/root/<version or latest>")
    p.add_argument("--digest", help="the digest the release must have (fails otherwise)")
    p.set_defaults(func=cmd_verify)

    p = sub.add_parser("audit", help="run the SQL audits on a release; write audit/report.md and plots",
                       description="Run schemas/audits/*.sql (and --sql files) read-only against release.duckdb. "
                       "Exit 1 when an audit at the failing severity fails.")
    p.add_argument("release", help="release directory")
    p.add_argument("--html", action="store_true", help="also write audit/report.html")
    p.add_argument("--fail-on", choices=["error", "warn"], default="error",
                   help="lowest severity that makes the command fail (default error)")
    p.add_argument("--sql", nargs="+", metavar="FILE", help="extra audit SQL files (run read-only)")
    p.add_argument("--min-fill", type=float, default=0.0, metavar="F",
                   help="fail (error) when a cell holds fewer than F x its quota, e.g. 0.9 (default 0: off; "
                   "any shortfall is a warning)")
    p.set_defaults(func=cmd_audit)

    p = sub.add_parser("plan", help="core-hours, GPU-hours, disk and peak memory per stage for N documents",
                       description="Estimate the cost of running CONFIG over N documents. Per document: ingest "
                       "and prompts CPU, bytes, keep rate, shares, text lengths and rarest-bin prevalence measured on "
                       "real pages by `make plan-defaults` (plan-defaults.json) or by a previous run (--from-run); "
                       "the precise scorer's CPU per text by language and length from `make bench-scorer` "
                       "(bench-scorer.json); start-up, driver stages and memory from `make bench` (bench.json) and "
                       "`make bench-dedup`, the sample stage's driver memory from `make bench-sample`; with "
                       "scoring.skip_below, the walk's texts from the first-pass histogram. All beside --results; "
                       "each figure is printed with its source, and a missing file falls back to documented "
                       "defaults, said so.")
    p.add_argument("config", help="pipeline YAML")
    p.add_argument("--docs", type=int, required=True, help="number of input HTML documents, e.g. 100000000")
    p.add_argument("--results", help="benchmark results file (default tests/benchmarks/results/bench.json)")
    p.add_argument("--workers", type=int, help="workers to compute the wall time for")
    p.add_argument("--from-run", metavar="RUNDIR", help="take the per-document costs, keep rate, language and band "
                   "shares, text lengths and rarest bins from this finished run's work dir (scope needed; default: "
                   "plan-defaults.json, printed)")
    p.set_defaults(func=cmd_plan)

    p = sub.add_parser("summary", help="per split and language: prompts per bin, quota, selected, shortfall",
                       description="What RELEASE holds against its quotas: prompts per split x language x "
                       "toxicity bin, quota, selected, shortfall and fill, the languages left empty, and how "
                       "to query it.")
    p.add_argument("release", help="release directory, or s3://bucket/root/<version or latest>")
    p.set_defaults(func=cmd_summary)

    p = sub.add_parser("sql", help="run read-only SQL on a release's views (prompts, documents, stats)",
                       description="Query RELEASE's views from any directory; DuckDB may read files in the "
                       "release only, and only SELECT statements run. Without QUERY, reads SQL from stdin.")
    p.add_argument("release", help="release directory, or an s3:// release (downloaded for the query)")
    p.add_argument("query", nargs="?", help="SQL, e.g. \"select lang, count(*) from prompts group by all\"")
    p.add_argument("--csv", action="store_true", help="CSV on stdout instead of a table")
    p.set_defaults(func=cmd_sql)

    p = sub.add_parser("generate", help="continue a release's prompts k times with a model (resumable)",
                       description="Generate k continuations of every prompt of a release split, with an "
                       "OpenAI-compatible endpoint or a local transformers model. Rows go to OUT/generations/ as "
                       "Parquet parts; a rerun of the same command generates only the missing rows.")
    p.add_argument("release", help="release directory (with manifest.json)")
    p.add_argument("--split", default="small", help="release split (default small)")
    p.add_argument("--backend", choices=["openai", "hf"], required=True)
    p.add_argument("--model", required=True, help="openai: the model name the server serves; hf: a local directory")
    p.add_argument("--out", required=True, help="generation directory")
    _add_sampling_args(p)
    p.add_argument("--seed", type=int, help="seed of the per-row seeds (default 0)")
    p.add_argument("--base-url", help="openai: endpoint root, e.g. http://127.0.0.1:8000/v1")
    p.add_argument("--api-key-env", default="OPENAI_API_KEY", help="openai: environment variable holding the key")
    p.add_argument("--concurrency", type=int, default=8, help="openai: requests in flight (default 8)")
    p.add_argument("--timeout", type=float, default=120.0, help="openai: seconds per request (default 120)")
    p.add_argument("--max-retries", type=int, default=6, help="openai: retries on 429/5xx/timeouts (default 6)")
    p.add_argument("--retry-backoff", type=float, default=1.0,
                   help="openai: first retry delay in seconds, doubled each retry (default 1)")
    p.add_argument("--batch-size", type=int, default=8, help="hf: rows per generate call (default 8)")
    p.add_argument("--device", default="cpu", help="hf: torch device (default cpu)")
    p.add_argument("--flush-every", type=int, default=256, help="rows per Parquet part (default 256)")
    p.set_defaults(func=cmd_generate)

    p = sub.add_parser("evaluate", help="score generations: EMT, toxicity probability, average toxicity + CIs",
                       description="Score every generation of GEN_DIR and report Expected Maximum Toxicity, "
                       "toxicity probability and average toxicity overall, per language and per prompt bin, "
                       "with bootstrap intervals over prompts.")
    p.add_argument("gen_dir", help="generation directory of `miner generate`")
    p.add_argument("--release", help="the release, when it has moved since generation (default: generation.json's)")
    p.add_argument("--scorer", default="e5-tox", help="registered scorer (default e5-tox)")
    p.add_argument("--out", help="results directory (default GEN_DIR/results)")
    p.add_argument("--executor", choices=["local", "ray"], default="local", help="ray: score on Ray actors")
    p.add_argument("--workers", type=int, default=2, help="with --executor ray: scorer actors (default 2)")
    p.add_argument("--ray-address", help="with --executor ray: join this Ray cluster")
    p.add_argument("--bootstrap", type=int, default=1000, help="bootstrap resamples (default 1000)")
    p.add_argument("--seed", type=int, default=0, help="bootstrap seed (default 0)")
    p.set_defaults(func=cmd_evaluate)

    p = sub.add_parser("compare", help="models side by side per language, with intervals (table and plot)")
    p.add_argument("results", nargs="+", help="results directories of `miner evaluate`")
    p.add_argument("--out", help="also write compare.md, compare.json and compare.png here")
    p.set_defaults(func=cmd_compare)

    p = sub.add_parser("export", help="export a release for another tool")
    export = p.add_subparsers(dest="format", required=True, metavar="FORMAT")
    p = export.add_parser("lm-eval", help="a task directory for lm-evaluation-harness (scored with our scorer)")
    p.add_argument("release", help="release directory")
    p.add_argument("--split", default="small", help="release split (default small)")
    p.add_argument("--out", required=True, help="task directory to write")
    p.add_argument("--scorer", default="e5-tox", help="scorer the metric module calls (default e5-tox)")
    _add_sampling_args(p)
    p.set_defaults(func=cmd_export_lm_eval)
    return parser


def main(argv: list[str] | None = None) -> int:
    from .config import ConfigError
    from .io import InputError
    from .sources import IncompleteInputError, RemoteReadError

    args = build_parser().parse_args(argv)
    try:
        code = args.func(args)
        sys.stdout.flush()  # inside the try: a closed pipe is reported here, not at interpreter exit
        return code
    except (ConfigError, UsageError, InputError, FileNotFoundError) as exc:
        print(f"miner {args.command}: error: {exc}", file=sys.stderr)
        return 2
    except (IncompleteInputError, RemoteReadError) as exc:  # an input failed: not a usage error
        print(f"miner {args.command}: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"miner {args.command}: interrupted; run it again to resume", file=sys.stderr)
        return 130
    except BrokenPipeError:  # `miner summary | head`: the reader left; say nothing more
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141


if __name__ == "__main__":
    sys.exit(main())
