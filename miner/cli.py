"""The `miner` command line: a thin layer over the library. Run `miner COMMAND --help` for each command."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .io import read_jsonl

EPILOG = """examples:
  miner gen-demo --out data/demo                       # the embedded demo corpus (WARC files)
  miner run pipelines/demo.yaml --input 'data/demo/*.warc.gz' --out releases/demo
  miner run pipelines/ptp17.yaml --input 'crawl/*.warc.gz' --out releases/ptp17 --executor ray --workers 8
  miner verify releases/demo/latest                    # recompute every checksum
  miner score in.jsonl out.jsonl                       # score any JSONL with a `text` field
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
    work_dir = Path(args.work_dir or f"runs/{config.name}")
    executor = make_executor(args.executor, args.workers, args.ray_address)
    try:
        release = run_pipeline(config, inputs, Path(args.out), work_dir, executor)
    finally:
        executor.close()
    print(f"release written to {release}")
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


def cmd_verify(args) -> int:
    from .release import verify

    problems = verify(Path(args.release))
    for problem in problems:
        print(f"FAIL {problem}")
    print(f"{args.release}: {'OK' if not problems else f'{len(problems)} problem(s)'}")
    return 1 if problems else 0


def cmd_audit(args) -> int:
    from .audit import audit_main

    return audit_main(Path(args.release), html=args.html, fail_on=args.fail_on, sql_files=args.sql or [])


def cmd_plan(args) -> int:
    from .plan import plan_main

    return plan_main(args.config, args.docs, args.results, args.workers, args.from_run)


def cmd_summary(args) -> int:
    from .release import connect

    release = Path(args.release)
    with connect(release) as con:
        rows = con.execute("SELECT split, lang, toxicity_bucket, count(*) FROM prompts GROUP BY ALL ORDER BY ALL")\
            .fetchall()
    table: dict[str, dict[str, dict[int, int]]] = {}
    for split, lang, bucket, n in rows:
        table.setdefault(split, {}).setdefault(lang, {})[bucket] = n
    print(f"\nRelease: {release.resolve()}")
    for split, langs in table.items():
        print(f"\nsplit {split}: prompts per language x toxicity bin")
        print(f"{'lang':<6}" + "".join(f"{'bin ' + str(b):>8}" for b in range(4)) + f"{'total':>8}")
        for lang in sorted(langs):
            counts = [langs[lang].get(b, 0) for b in range(4)]
            print(f"{lang:<6}" + "".join(f"{n:>8}" for n in counts) + f"{sum(counts):>8}")
        print(f"{len(langs)} languages, {sum(sum(v.values()) for v in langs.values())} prompts")
    print(f"\nQuery it with DuckDB, from the release directory:\n"
          f"  cd {release} && duckdb -readonly release.duckdb \\\n"
          f"    \"select lang, toxicity_bucket, count(*) from prompts group by all\"\n"
          f"or from Python, anywhere:\n"
          f"  from miner.release import connect; connect('{release}').sql('select * from prompts limit 5').show()")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="miner", description="Mine naturally occurring prompts from web crawls into toxicity-evaluation "
        "datasets (PTP/RTP style): WARC -> text -> language -> dedup -> scores -> prompts -> release.",
        epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
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
    p.add_argument("--out", required=True, help="release root; the release goes to OUT/<version>/, OUT/latest links it")
    p.add_argument("--work-dir", help="intermediate files (default runs/<config name>)")
    p.add_argument("--executor", choices=["local", "ray"], default="local", help="local: in-process; ray: Ray tasks")
    p.add_argument("--workers", type=int, default=2, help="Ray CPUs to start when not joining a cluster (default 2)")
    p.add_argument("--ray-address", help="join a running Ray cluster, e.g. 127.0.0.1:6379 or auto")
    p.add_argument("--split", help="release only this split (a subset split is still drawn from its parent)")
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

    p = sub.add_parser("verify", help="recompute a release's checksums; exit 1 on any problem")
    p.add_argument("release", help="release directory (with manifest.json)")
    p.set_defaults(func=cmd_verify)

    p = sub.add_parser("audit", help="run the SQL audits on a release; write audit/report.md and plots",
                       description="Run schemas/audits/*.sql (and --sql files) read-only against release.duckdb. "
                       "Exit 1 when an audit at the failing severity fails.")
    p.add_argument("release", help="release directory")
    p.add_argument("--html", action="store_true", help="also write audit/report.html")
    p.add_argument("--fail-on", choices=["error", "warn"], default="error",
                   help="lowest severity that makes the command fail (default error)")
    p.add_argument("--sql", nargs="+", metavar="FILE", help="extra audit SQL files (run read-only)")
    p.set_defaults(func=cmd_audit)

    p = sub.add_parser("plan", help="core-hours, GPU-hours, disk and peak memory per stage for N documents",
                       description="Estimate the cost of running CONFIG over N documents from the per-stage rates "
                       "measured by `make bench` (tests/benchmarks/results/bench.json), the dedup "
                       "memory measured by `make bench-dedup` and the precise scorer's speed measured by "
                       "`make eval-scorer` (bench-dedup.json, eval-scorer.json beside it; documented defaults "
                       "where they are missing).")
    p.add_argument("config", help="pipeline YAML")
    p.add_argument("--docs", type=int, required=True, help="number of input HTML documents, e.g. 100000000")
    p.add_argument("--results", help="benchmark results file (default tests/benchmarks/results/bench.json)")
    p.add_argument("--workers", type=int, help="workers to compute the wall time for")
    p.add_argument("--from-run", metavar="RUNDIR", help="take pool size, bin shares and the precise scorer's cost "
                   "from this finished run's work dir (scope needed; default: documented defaults, printed)")
    p.set_defaults(func=cmd_plan)

    p = sub.add_parser("summary", help="prompts per language and bin of a release, and how to query it")
    p.add_argument("release")
    p.set_defaults(func=cmd_summary)
    return parser


def main(argv: list[str] | None = None) -> int:
    from .config import ConfigError
    from .io import InputError

    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except (ConfigError, UsageError, InputError, FileNotFoundError) as exc:
        print(f"miner {args.command}: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"miner {args.command}: interrupted; run it again to resume", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
