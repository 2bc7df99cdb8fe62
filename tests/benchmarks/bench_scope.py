"""scoring.scope needed against all, with e5-tox as the release scorer: core-seconds, precise texts, byte identity.

Both runs use pipelines/demo.yaml (fasttext-tox first pass, e5-tox precise on refine_band [0.1, 1]) on the same
generated demo corpus, one after the other, local executor. Core-seconds and precise texts are the runs' own
`cost.json` (process CPU time of the driver and of units run elsewhere; texts the precise scorer scored). The
byte-identity check compares every file under data/ and exports/ and stats/cells.parquet of the two releases.
A third run, `skip_below`, is scope needed with the approximate mode (`--skip-below`, with a small `--skip-audit`
so that the rule can start on a corpus this size): its precise texts against needed's, and the per-bin skipped
shares its audit sample measured (docs/sampling.md).
Reduced by default (e5-tox scores about one 1,000-character text per CPU-second): `--languages` and `--per-cell`
shrink the release, `--docs` the corpus; the results file records the arguments.
Usage: .venv/bin/python tests/benchmarks/bench_scope.py --out tests/benchmarks/results/bench-scope.json
       [--docs 1700] [--languages en,de,ja] [--per-cell 2] [--skip-below 0.25] [--skip-audit 20]
"""
from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import REPO, command, load_average, machine, machine_line, md_table, now, write_results  # noqa: E402


def release_files(release: Path) -> dict[str, bytes]:
    files = [*release.glob("data/**/*.parquet"), *release.glob("exports/**/*.jsonl"), release / "stats" / "cells.parquet"]
    return {str(p.relative_to(release)): p.read_bytes() for p in sorted(files)}


def _audit_line(audit: dict) -> str:
    """The per-bin skipped shares of the run's audit sample, as the card states them."""
    bins = ", ".join(f"{b['bin']} exact" if b["low"] else f"{b['bin']} {b['below']}/{b['members']}"
                     for b in audit["bins"])
    return (f"{audit['skipped']} candidates skipped; members skipped per bin on the audit sample "
            f"(n={audit['audit']}): {bins}.")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", required=True)
    parser.add_argument("--docs", type=int, default=1700)
    parser.add_argument("--languages", default="en,de,ja")
    parser.add_argument("--per-cell", type=int, default=2)
    parser.add_argument("--skip-below", type=float, default=0.25)
    parser.add_argument("--skip-audit", type=int, default=20)
    args = parser.parse_args()

    from miner.config import load_config
    from miner.demo import generate_demo
    from miner.executors import LocalExecutor
    from miner.pipeline import run_pipeline

    root = Path(tempfile.mkdtemp(prefix="bench-scope-"))
    generate_demo(root / "corpus", docs=args.docs, seed=3, shards=2)
    languages = args.languages.split(",")
    load = [load_average()]
    runs, releases = {}, {}
    variants = {"needed": {"scope": "needed"}, "all": {"scope": "all"},
                "skip_below": {"scope": "needed", "skip_below": args.skip_below, "skip_audit": args.skip_audit}}
    for scope, scoring in variants.items():
        config = load_config(REPO / "pipelines" / "demo.yaml", overrides={
            "languages": languages,
            "scoring": {"first_pass": {"name": "fasttext-tox"}, "precise": {"name": "e5-tox"},
                        "refine_band": [0.1, 1.0], **scoring},
            "sampling": {"splits": {"full": {"per_cell": args.per_cell}}}})
        releases[scope] = run_pipeline(config, [str(root / "corpus" / "*.warc.gz")], root / f"rel-{scope}",
                                       root / f"work-{scope}", LocalExecutor())
        cost = json.loads((root / f"work-{scope}" / "cost.json").read_text())
        sample = json.loads((root / f"work-{scope}" / "markers" / "sample.json").read_text())["stats"]
        runs[scope] = {"cpu_s": cost["cpu_s"], "texts": cost["texts"], "rounds": cost["rounds"],
                       "stages": cost["stages"], "pool": sample.get("rounds/pool"),
                       "scored_prefix": sample.get("rounds/scored_prefix"), "skip_audit": cost.get("skip_below")}
        load.append(load_average())
    a, b = release_files(releases["needed"]), release_files(releases["all"])
    identical = a == b and len(a) > 0
    report = {"date": now(), "command": command(), "machine": machine(), "load_average": load,
              "arguments": vars(args), "reduced": True, "runs": runs, "byte_identical": identical,
              "files_compared": len(a),
              "precise_texts_saved_share": round(1 - runs["needed"]["texts"]["precise"] /
                                                 max(runs["all"]["texts"]["precise"], 1), 4),
              "skip_below_precise_texts_saved_vs_needed": round(1 - runs["skip_below"]["texts"]["precise"] /
                                                                max(runs["needed"]["texts"]["precise"], 1), 4),
              "core_seconds_saved_share": round(1 - runs["needed"]["cpu_s"] / runs["all"]["cpu_s"], 4)}
    rows = [[scope, r["cpu_s"], r["texts"]["first_pass"], r["texts"]["precise"], r["rounds"],
             r["stages"].get("prompts", {}).get("cpu_s"), r["stages"].get("sample", {}).get("cpu_s")]
            for scope, r in runs.items()]
    md = (f"# scoring.scope needed vs all, e5-tox as release scorer\n\n{now()}, {machine_line(machine())}, load "
          f"average {load[0]} -> {load[-1]} (the machine is shared: CPU seconds, not wall).\n\n"
          f"Reduced run: {args.docs}-document demo corpus, languages {args.languages}, {args.per_cell} per cell "
          f"(`{command()}`).\n\n"
          + md_table(["scope", "core-s (cost.json)", "first-pass texts", "precise texts", "rounds",
                      "prompts stage core-s", "sample stage core-s"], rows)
          + f"\n\nByte-identical data/, exports/, stats/cells.parquet ({len(a)} files): **{identical}**. "
          f"Precise texts saved: {report['precise_texts_saved_share']:.0%}; core-seconds saved: "
          f"{report['core_seconds_saved_share']:.0%}.\n\n"
          f"skip_below {args.skip_below} (skip_audit {args.skip_audit}): precise texts saved against needed: "
          f"{report['skip_below_precise_texts_saved_vs_needed']:.0%}; "
          + _audit_line(runs["skip_below"]["skip_audit"]) + "\n")
    write_results(args.out, report, md)
    print(md)
    shutil.rmtree(root, ignore_errors=True)
    if not identical:
        sys.exit("needed and all releases differ")


if __name__ == "__main__":
    main()
