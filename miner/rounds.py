"""Precise scores in sampling order (`scoring.scope: needed`): score only the texts the release needs.

Sampling takes, in each (split, language, bin) cell, the first `quota` candidates of the md5(seed:prompt_id)
order. The bin needs the precise score; the order does not. So each language's pool (candidates after exact and
near-duplicate prompt removal, `sample/pool.parquet`) is precise-scored along that order in rounds, until the
scored prefix holds, in every bin, the quotas of all disjoint splits (subset splits draw from their parent), or
the language runs out: the first `quota` of a bin inside such a prefix are the first `quota` of that bin overall,
so the sample equals the one `scope: all` draws. With `fill_from_neighbours` a cell short of quota borrows from
other bins, which can happen only when the language ran out, i.e. when every candidate of it is scored.
Then a last round scores the prompts and continuations (and, for `bucket_basis: prompt`, the documents) of the
selected rows. Only texts whose first-pass score lies in `refine_band` reach the precise scorer; the others keep
their first-pass score, exactly as the cascade does.

Each round is planned from the counts so far (`plan.json`), lists its texts in `todo.parquet` (written by
DuckDB, never held on the driver) and goes out as work units of `unit_texts` texts; a unit writes
`scores-J.parquet`, then `done-J.json`. A killed run resumes at the first unit without its `done` file.
"""
from __future__ import annotations

import math
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import duckdb
import pyarrow as pa

from .config import PipelineConfig
from .executors import per_worker
from .io import read_json, write_json, write_parquet
from .sampling import bucket_sql

SCORES_SCHEMA = pa.schema([("kind", pa.string()), ("key", pa.string()), ("toxicity", pa.float32()),
                           ("scorer", pa.string())])
KINDS = {"document": ("doc_id", "texts", "text"), "prompt": ("prompt_id", "candidates", "prompt"),
         "continuation": ("prompt_id", "candidates", "continuation")}  # kind -> key column, directory, text column


def disjoint_quota(config: PipelineConfig) -> int:
    """Rows a language needs in each bin: the cell quotas of the splits that are not subsets of another."""
    n_bins = len(config.sampling.bins) - 1
    return sum(s.cell_quota(n_bins) for s in config.sampling.splits.values() if not s.subset_of)


def next_round(counts: list[int], scored: int, total: int, need: int, round_min: int) -> int:
    """How many more candidates of one language to score (0: done). The size follows the rarest short bin's
    prevalence so far (half a row when it has none yet), with 10% to spare, and at most quadruples the prefix."""
    if scored >= total or all(c >= need for c in counts):
        return 0
    if scored == 0:
        size = max(round_min, need * len(counts))
    else:
        size = max(math.ceil((need - c) * scored / max(c, 0.5) * 1.1) for c in counts if c < need)
        size = min(max(size, round_min), 4 * scored)
    return min(size, total - scored)


@dataclass
class Rounds:
    config: PipelineConfig
    work_dir: Path
    map_units: Callable  # Run.map_units(name, fn, tasks, done, num_gpus=..., total_texts=...)

    @property
    def dir(self) -> Path:
        return self.work_dir / "sample" / "rounds"

    @property
    def pool(self) -> Path:
        return self.work_dir / "sample" / "pool.parquet"

    def _con(self) -> duckdb.DuckDBPyConnection:
        """A connection with views `pool` and `scores` (every unit's scores so far)."""
        con = duckdb.connect()
        con.execute(f"CREATE VIEW pool AS SELECT * FROM read_parquet('{self.pool}')")
        files = sorted(str(p) for p in self.dir.glob("*/scores-*.parquet"))
        if files:
            listed = ", ".join(f"'{f}'" for f in files)
            con.execute(f"CREATE VIEW scores AS SELECT * FROM read_parquet([{listed}])")
        else:
            con.execute("CREATE TABLE scores (kind VARCHAR, key VARCHAR, toxicity FLOAT, scorer VARCHAR)")
        return con

    def _scored(self, kind: str, alias: str, key: str, first: str) -> tuple[str, str]:
        """(join, expression) for the release score of a text: precise where the first pass is in the band."""
        low, high = self.config.scoring.refine_band
        join = f"LEFT JOIN scores {alias} ON {alias}.kind = '{kind}' AND {alias}.key = {key}"
        return join, f"CASE WHEN {first} BETWEEN {float(low)!r} AND {float(high)!r} THEN {alias}.toxicity ELSE {first} END"

    def _basis(self) -> tuple[str, str, str]:
        """(kind, key column, first-pass column) of the score the bins are cut from."""
        if self.config.sampling.bucket_basis == "document":
            return "document", "doc_id", "document_first_pass"
        return "prompt", "prompt_id", "prompt_first_pass"

    def totals(self) -> dict[str, int]:
        """Candidates in each language's pool."""
        con = self._con()
        totals = dict(con.execute("SELECT lang, count(*) FROM pool GROUP BY lang").fetchall())
        con.close()
        return totals

    def walk(self) -> tuple[dict[str, int], int]:
        """Score rounds until every language is done; returns {lang: scored prefix length} and the round count."""
        totals = self.totals()
        prefix = dict.fromkeys(totals, 0)
        n = 0
        while True:
            plan_path = self.dir / f"{n:05d}" / "plan.json"
            if plan_path.exists():  # resumed: the plan this round was started with
                plan = read_json(plan_path)
            else:
                plan = self._plan(prefix, totals)
                if not plan:
                    break
                write_json(plan_path, plan)
            self._run(f"{n:05d}", self._todo_walk(f"{n:05d}", plan))
            prefix.update({lang: hi for lang, (_, hi) in plan.items()})
            n += 1
        return prefix, n

    def _plan(self, prefix: dict[str, int], totals: dict[str, int]) -> dict[str, list[int]]:
        """{lang: [lo, hi)} ranks to score next, from the bin counts of each language's scored prefix."""
        n_bins = len(self.config.sampling.bins) - 1
        con = self._con()
        con.execute("CREATE TABLE prefix AS SELECT unnest(?::VARCHAR[]) AS lang, unnest(?::BIGINT[]) AS n",
                    [list(prefix), list(prefix.values())])
        kind, key, first = self._basis()
        join, score = self._scored(kind, "s", "p." + key, "p." + first)
        rows = con.execute(f"""
            SELECT lang, {bucket_sql('score', self.config.sampling.bins)} AS bucket, count(*) FROM (
                SELECT p.lang, {score} AS score FROM pool p JOIN prefix USING (lang) {join} WHERE p.rank < prefix.n)
            GROUP BY ALL""").fetchall()
        con.close()
        counts = {lang: [0] * n_bins for lang in totals}
        for lang, bucket, count in rows:
            counts[lang][bucket] = count
        plan = {}
        for lang in sorted(totals):
            size = next_round(counts[lang], prefix[lang], totals[lang], disjoint_quota(self.config),
                              self.config.scoring.round_min)
            if size:
                plan[lang] = [prefix[lang], prefix[lang] + size]
        return plan

    def _todo_walk(self, name: str, plan: dict[str, list[int]]) -> Path:
        """The basis texts (in the band) of the planned rank ranges; a document once, at its first candidate."""
        kind, key, first = self._basis()
        rank = "doc_rank" if kind == "document" else "rank"
        low, high = self.config.scoring.refine_band
        ranges = " OR ".join(f"(lang = '{lang}' AND {rank} >= {lo} AND {rank} < {hi})"
                             for lang, (lo, hi) in sorted(plan.items()))
        return self._write_todo(name, f"""
            SELECT DISTINCT '{kind}' AS kind, {key} AS key, lang, {first} AS first_pass, {rank} AS r FROM pool
            WHERE ({ranges}) AND {first} BETWEEN {float(low)!r} AND {float(high)!r}""")

    def write_scored_pool(self, prefix: dict[str, int], out: Path) -> None:
        """The scored prefix of each language's pool, as candidates with their basis score, for `sample`."""
        kind, key, first = self._basis()
        join, score = self._scored(kind, "s", "p." + key, "p." + first)
        con = self._con()
        con.execute("CREATE TABLE prefix AS SELECT unnest(?::VARCHAR[]) AS lang, unnest(?::BIGINT[]) AS n",
                    [list(prefix), list(prefix.values())])
        table = con.sql(f"""
            SELECT p.prompt_id, p.lang, c.prompt, {score} AS {kind}_toxicity
            FROM pool p JOIN prefix USING (lang) {join}
            JOIN read_parquet('{self.work_dir / "candidates" / "*.parquet"}') c USING (prompt_id)
            WHERE p.rank < prefix.n ORDER BY p.lang, p.rank""").to_arrow_table()
        con.close()
        write_parquet(out, table)

    def attach_scores(self, selected: Path) -> None:
        """Add the release scores (document, prompt, continuation) and the scorer's tag to the selected rows."""
        con = self._con()
        tag = self.scorer_tag() or build_tag(self.config)
        columns, joins = [], []
        for kind, (key, _, _) in KINDS.items():
            join, score = self._scored(kind, kind[0] + "s", f"c.{key}", f"c.{kind}_first_pass")
            joins.append(join)
            columns.append(f"({score})::FLOAT AS {kind}_toxicity")
        table = con.sql(f"""
            SELECT s.*, {', '.join(columns)}, ? AS scorer
            FROM read_parquet('{selected}') s
            JOIN read_parquet('{self.work_dir / "candidates" / "*.parquet"}') c USING (prompt_id) {' '.join(joins)}
            ORDER BY s.split, s.prompt_id""", params=[tag]).to_arrow_table()
        con.close()
        write_parquet(selected, table)

    def finish(self, selected: Path) -> None:
        """Last round: the selected rows' texts in the band that no round has scored yet."""
        low, high = self.config.scoring.refine_band
        parts = []
        for kind, (key, _, _) in KINDS.items():
            first = f"{kind}_first_pass"
            parts.append(f"""
                SELECT DISTINCT '{kind}' AS kind, c.{key} AS key, c.lang, c.{first} AS first_pass, 0 AS r
                FROM read_parquet('{selected}') s JOIN read_parquet('{self.work_dir / "candidates" / "*.parquet"}') c
                  USING (prompt_id)
                WHERE c.{first} BETWEEN {float(low)!r} AND {float(high)!r}
                  AND c.{key} NOT IN (SELECT key FROM scores WHERE kind = '{kind}')""")
        self._run("final", self._write_todo("final", " UNION ALL ".join(parts)))

    def _write_todo(self, name: str, query: str) -> Path:
        """`todo.parquet` of a round: (seq, kind, key, lang, first_pass), in a fixed order."""
        path = self.dir / name / "todo.parquet"
        if not path.exists():
            con = self._con()
            table = con.sql(f"""SELECT (row_number() OVER (ORDER BY lang, r, kind, key) - 1)::BIGINT AS seq,
                                       kind, key, lang, first_pass FROM ({query}) ORDER BY seq""").to_arrow_table()
            con.close()
            write_parquet(path, table)
        return path

    def _run(self, name: str, todo: Path) -> None:
        con = duckdb.connect()
        count = con.execute(f"SELECT count(*) FROM read_parquet('{todo}')").fetchall()[0][0]
        con.close()
        size = self.config.scoring.unit_texts
        tasks = [(self.config, self.work_dir, name, j, lo, min(lo + size, count))
                 for j, lo in enumerate(range(0, count, size))]
        self.map_units(f"sample/round-{name}", score_unit, tasks,
                       lambda t: self.dir / t[2] / f"done-{t[3]:05d}.json",
                       num_gpus=self.config.scoring.num_gpus, total_texts=count)

    def scorer_tag(self) -> str | None:
        con = self._con()
        tags = con.execute("SELECT DISTINCT scorer FROM scores").fetchall()
        con.close()
        return tags[0][0] if tags else None


def build_tag(config: PipelineConfig) -> str:
    """The release scorer's name@version, built on the driver (only when no round scored a text)."""
    from .scoring import build_scorer

    return per_worker("release-scorer", config.scoring.model_dump_json(), lambda: build_scorer(config.scoring)).tag


def attach_candidate_scores(work_dir: Path, selected: Path) -> None:
    """scope all: the selected rows' scores are the candidates' own."""
    con = duckdb.connect()
    table = con.sql(f"""
        SELECT s.*, c.document_toxicity, c.prompt_toxicity, c.continuation_toxicity, c.scorer
        FROM read_parquet('{selected}') s JOIN read_parquet('{work_dir / "candidates" / "*.parquet"}') c
          USING (prompt_id) ORDER BY s.split, s.prompt_id""").to_arrow_table()
    con.close()
    write_parquet(selected, table)


def score_unit(config: PipelineConfig, work_dir: Path, name: str, j: int, lo: int, hi: int) -> dict:
    """Precise-score todo rows [lo, hi) of round `name`; retried `scoring.attempts` times, then an error naming the
    unit. The scores file is written before the done file, so a unit that failed or was killed is redone."""
    from .scoring import build_scorer

    round_dir = work_dir / "sample" / "rounds" / name
    con = duckdb.connect()
    rows = con.execute(f"SELECT seq, kind, key, lang, first_pass FROM read_parquet('{round_dir / 'todo.parquet'}') "
                       "WHERE seq >= ? AND seq < ? ORDER BY seq", [lo, hi]).fetchall()
    texts = {}
    for kind, (key, directory, column) in KINDS.items():
        keys = [r[2] for r in rows if r[1] == kind]
        if keys:
            found = con.execute(f"SELECT DISTINCT {key}, {column} FROM read_parquet('{work_dir / directory / '*.parquet'}') "
                                f"WHERE {key} IN (SELECT unnest(?::VARCHAR[]))", [keys]).fetchall()
            texts.update({(kind, k): t for k, t in found})
    con.close()
    unit = f"precise-scoring unit {name}/{j} (todo rows {lo}-{hi})"
    missing = [r for r in rows if (r[1], r[2]) not in texts]
    if missing:
        raise RuntimeError(f"{unit}: text of {missing[0][1]} {missing[0][2]} not found in {work_dir}")
    scorer = per_worker("release-scorer", config.scoring.model_dump_json(), lambda: build_scorer(config.scoring))
    args = ([texts[(r[1], r[2])] for r in rows], [r[3] for r in rows], [r[4] for r in rows])
    for attempt in range(1, config.scoring.attempts + 1):
        try:
            toxicity = scorer.refine(*args)["toxicity"]
            break
        except Exception as exc:  # a scorer failure: retried, then reported with the unit's name
            if attempt == config.scoring.attempts:
                raise RuntimeError(f"{unit}: the precise scorer failed {attempt} times; last error: {exc!r}") from exc
            time.sleep(min(2 ** attempt, 30) * 0.1)
    write_parquet(round_dir / f"scores-{j:05d}.parquet", pa.Table.from_pydict(
        {"kind": [r[1] for r in rows], "key": [r[2] for r in rows], "toxicity": toxicity,
         "scorer": [scorer.tag] * len(rows)}, schema=SCORES_SCHEMA))
    stats = {"scoring/texts": len(rows), "scoring/texts_precise": len(rows)}
    write_json(round_dir / f"done-{j:05d}.json", stats)
    return stats
