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

`scoring.skip_below` (opt-in, approximate): once a language's low bins (those a score below the threshold can
fall in) hold their quotas, the walk drops the candidates whose first-pass basis score is below the threshold:
they are neither precise-scored nor selected. The low bins stay exact; the other bins lose the members the first
pass scored low, and `audit` measures that share on the first `skip_audit` candidates of each language, which
are never skipped (docs/sampling.md).
"""
from __future__ import annotations

import math
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import duckdb
import pyarrow as pa

from .config import PipelineConfig
from .executors import per_worker
from .io import read_json, write_json, write_parquet
from .sampling import bucket_sql, bin_label

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


def skip_audit_path(work_dir: Path) -> Path:
    """Where the sample stage writes skip_below's measured cost (Rounds.audit), for cost.json and the card."""
    return work_dir / "sample" / "skip-audit.json"


def low_bins(bins: tuple[float, ...], skip_below: float) -> list[int]:
    """The bins a score below `skip_below` can fall in (lower edge below it): full before the walk skips."""
    return [i for i, edge in enumerate(bins[:-1]) if edge < skip_below]


@dataclass
class Rounds:
    config: PipelineConfig
    work_dir: Path
    map_units: Callable  # Run.map_units(name, fn, tasks, done, num_gpus=..., total_texts=...)
    skip_from: dict[str, int] = field(default_factory=dict)  # skip_below: lang -> basis rank the rule starts at

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

    def _basis(self) -> tuple[str, str, str, str]:
        """(kind, key column, first-pass column, rank column) of the score the bins are cut from; the rank is
        where the walk reaches that text (a document: at its first candidate)."""
        if self.config.sampling.bucket_basis == "document":
            return "document", "doc_id", "document_first_pass", "doc_rank"
        return "prompt", "prompt_id", "prompt_first_pass", "rank"

    def _kept(self, alias: str) -> str:
        """SQL: pool row `alias` is not dropped by `skip_below` (always true without it)."""
        threshold = self.config.scoring.skip_below
        if threshold is None or not self.skip_from:
            return "TRUE"
        _, _, first, rank = self._basis()
        started = " OR ".join(f"({alias}.lang = '{lang}' AND {alias}.{rank} >= {int(r)})"
                              for lang, r in sorted(self.skip_from.items()))
        return f"NOT ({alias}.{first} < {float(threshold)!r} AND ({started}))"

    def _prefix_table(self, con: duckdb.DuckDBPyConnection, prefix: dict[str, int]) -> None:
        con.execute("CREATE TABLE prefix AS SELECT unnest(?::VARCHAR[]) AS lang, unnest(?::BIGINT[]) AS n",
                    [list(prefix), list(prefix.values())])

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
                if not plan["ranks"]:
                    break
                write_json(plan_path, plan)
            self.skip_from = plan["skip_from"]
            self._run(f"{n:05d}", self._todo_walk(f"{n:05d}", plan["ranks"]))
            prefix.update({lang: hi for lang, (_, hi) in plan["ranks"].items()})
            n += 1
        return prefix, n

    def _plan(self, prefix: dict[str, int], totals: dict[str, int]) -> dict:
        """{"ranks": {lang: [lo, hi)} to score next, "skip_from": {lang: rank}}, from the bin counts of each
        language's scored prefix (rows `skip_below` dropped not counted). A language whose low bins are full
        starts skipping here, but never inside its first `skip_audit` candidates."""
        n_bins = len(self.config.sampling.bins) - 1
        need = disjoint_quota(self.config)
        con = self._con()
        self._prefix_table(con, prefix)
        kind, key, first, _ = self._basis()
        join, score = self._scored(kind, "s", "p." + key, "p." + first)
        rows = con.execute(f"""
            SELECT lang, {bucket_sql('score', self.config.sampling.bins)} AS bucket, count(*) FROM (
                SELECT p.lang, {score} AS score FROM pool p JOIN prefix USING (lang) {join}
                WHERE p.rank < prefix.n AND {self._kept('p')})
            GROUP BY ALL""").fetchall()
        con.close()
        counts = {lang: [0] * n_bins for lang in totals}
        for lang, bucket, count in rows:
            counts[lang][bucket] = count
        skip_from = dict(self.skip_from)
        if self.config.scoring.skip_below is not None:
            low = low_bins(self.config.sampling.bins, self.config.scoring.skip_below)
            for lang in sorted(totals):
                if lang not in skip_from and all(counts[lang][b] >= need for b in low):
                    skip_from[lang] = max(prefix[lang], self.config.scoring.skip_audit)
        ranks = {}
        for lang in sorted(totals):
            size = next_round(counts[lang], prefix[lang], totals[lang], need, self.config.scoring.round_min)
            if size:
                ranks[lang] = [prefix[lang], prefix[lang] + size]
        return {"ranks": ranks, "skip_from": skip_from}

    def _todo_walk(self, name: str, ranks: dict[str, list[int]]) -> Path:
        """The basis texts (in the band, not skipped) of the planned rank ranges; a document once, at its first
        candidate."""
        kind, key, first, rank = self._basis()
        low, high = self.config.scoring.refine_band
        ranges = " OR ".join(f"(p.lang = '{lang}' AND p.{rank} >= {lo} AND p.{rank} < {hi})"
                             for lang, (lo, hi) in sorted(ranks.items()))
        return self._write_todo(name, f"""
            SELECT DISTINCT '{kind}' AS kind, p.{key} AS key, p.lang, p.{first} AS first_pass, p.{rank} AS r
            FROM pool p WHERE ({ranges}) AND p.{first} BETWEEN {float(low)!r} AND {float(high)!r}
              AND {self._kept('p')}""")

    def write_scored_pool(self, prefix: dict[str, int], out: Path) -> None:
        """The scored prefix of each language's pool (without the rows `skip_below` dropped), as candidates with
        their basis score, for `sample`."""
        kind, key, first, _ = self._basis()
        join, score = self._scored(kind, "s", "p." + key, "p." + first)
        con = self._con()
        self._prefix_table(con, prefix)
        table = con.sql(f"""
            SELECT p.prompt_id, p.lang, c.prompt, {score} AS {kind}_toxicity
            FROM pool p JOIN prefix USING (lang) {join}
            JOIN read_parquet('{self.work_dir / "candidates" / "*.parquet"}') c USING (prompt_id)
            WHERE p.rank < prefix.n AND {self._kept('p')} ORDER BY p.lang, p.rank""").to_arrow_table()
        con.close()
        write_parquet(out, table)

    def audit(self, prefix: dict[str, int]) -> dict:
        """skip_below's measured cost: on the audit sample (each language's first `skip_audit` candidates of the
        scored prefix, a uniform sample never skipped), per language and bin of the release basis score, the
        members and those whose first-pass score is below the threshold (what the rule drops once it starts);
        plus the candidates and precise texts the walk actually skipped. Written to sample/skip-audit.json."""
        threshold, bins = float(self.config.scoring.skip_below), self.config.sampling.bins
        kind, key, first, _ = self._basis()
        join, score = self._scored(kind, "s", "p." + key, "p." + first)
        low, high = self.config.scoring.refine_band
        con = self._con()
        self._prefix_table(con, prefix)
        members = con.execute(f"""
            SELECT lang, {bucket_sql('score', bins)}, count(*), count(*) FILTER (WHERE below) FROM (
                SELECT p.lang, {score} AS score, p.{first} < {threshold!r} AS below
                FROM pool p JOIN prefix USING (lang) {join}
                WHERE p.rank < least(prefix.n, {int(self.config.scoring.skip_audit)}))
            GROUP BY ALL ORDER BY ALL""").fetchall()
        skipped = dict(con.execute(f"""
            SELECT p.lang, count(*) FROM pool p JOIN prefix USING (lang)
            WHERE p.rank < prefix.n AND NOT {self._kept('p')} GROUP BY ALL""").fetchall())
        texts = dict(con.execute(f"""
            SELECT lang, count(DISTINCT {key}) FROM pool p JOIN prefix USING (lang)
            WHERE p.rank < prefix.n AND NOT {self._kept('p')}
              AND p.{first} BETWEEN {float(low)!r} AND {float(high)!r} GROUP BY ALL""").fetchall())
        con.close()
        lows = low_bins(bins, threshold)
        per_bin = [{"bin": bin_label(bins, b), "low": b in lows, "members": 0, "below": 0}
                   for b in range(len(bins) - 1)]
        langs = {lang: {"audit": 0, "skip_from": self.skip_from.get(lang), "skipped": skipped.get(lang, 0),
                        "skipped_precise_texts": texts.get(lang, 0), "members": [0] * len(per_bin),
                        "below": [0] * len(per_bin)} for lang in sorted(prefix)}
        for lang, bucket, n, below in members:
            langs[lang]["audit"] += n
            langs[lang]["members"][bucket], langs[lang]["below"][bucket] = n, below
            per_bin[bucket]["members"] += n
            per_bin[bucket]["below"] += below
        result = {"skip_below": threshold, "skip_audit": self.config.scoring.skip_audit,
                  "audit": sum(v["audit"] for v in langs.values()), "bins": per_bin,
                  "skipped": sum(skipped.values()), "skipped_precise_texts": sum(texts.values()),
                  "languages": langs}
        write_json(skip_audit_path(self.work_dir), result)
        return result

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
