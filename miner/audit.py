"""Dataset audits: SQL expectations run read-only against a release, a report with plots, an exit code.

Each audit is one file holding one DuckDB SELECT that returns the offending rows (pass = no rows), under a
header of `-- key: value` comments:

    -- audit: no_duplicate_prompts       (default: the file name)
    -- severity: error                   (error | warn; default error)
    -- expect: no rows                   (the only convention: the query lists what is wrong)
    -- why: ...                          (may continue on following `--` lines)

The built-in audits live in schemas/audits/. Besides the release views (prompts, documents, stats), queries see
temporary tables computed here, because they need the manifest or Python:

    audit_splits(split, subset_of)                      manifest sampling.splits
    audit_bins(bucket, lo, hi, basis)                   manifest sampling.bins and bucket_basis
    audit_prompt_lang(prompt_id, predicted_lang, score) miner.langid on each prompt text
    audit_pii(prompt_id, field, kind, matches)          miner.pii.find_pii on prompts and continuations

    audit_quota(min_fill)                               `miner audit --min-fill` (0: off)

Queries cannot write: the database is opened read-only, only single SELECT statements are accepted, file
access is limited to the release directory (from the moment it is opened: the release's own views are
hostile input too) and the configuration is locked before any audit runs.
The report goes to <release>/audit/ (report.md, report.html with --html, PNG plots).
"""
from __future__ import annotations

import json
import re
import sys
import tempfile
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from html import escape as esc
from pathlib import Path
from typing import Sequence

import duckdb
import numpy as np
import pyarrow as pa

from .release import ReleaseError, connect, load_manifest, select_statements
from .schema import schema_dir

SEVERITIES = ("warn", "error")  # in increasing order
SAMPLE_ROWS = 5  # offending rows shown per failed audit in the report
_HEADER = re.compile(r"^--\s*(audit|severity|expect|why):\s*(.*)$")


@dataclass(frozen=True)
class Audit:
    name: str
    severity: str
    expect: str
    why: str
    sql: str
    path: Path


@dataclass
class AuditResult:
    audit: Audit
    rows: int = 0
    columns: list[str] = field(default_factory=list)
    sample: list[tuple] = field(default_factory=list)
    error: str | None = None  # the query could not run

    @property
    def status(self) -> str:
        return "ERROR" if self.error else ("PASS" if self.rows == 0 else "FAIL")


def load_audit(path: Path) -> Audit:
    """Parse one audit file; raises ValueError on an unknown severity or expectation."""
    text = Path(path).read_text(encoding="utf-8")
    meta: dict[str, str] = {}
    last = None
    for line in text.splitlines():
        match = _HEADER.match(line.strip())
        if match:
            last = match.group(1)
            meta[last] = match.group(2).strip()
        elif last == "why" and line.strip().startswith("--"):
            meta["why"] += " " + line.strip().lstrip("-").strip()
        elif line.strip():
            break
    severity = meta.get("severity", "error").lower()
    if severity not in SEVERITIES:
        raise ValueError(f"{path}: severity must be one of {', '.join(SEVERITIES)}, not {severity!r}")
    expect = meta.get("expect", "no rows").lower()
    if expect != "no rows":
        raise ValueError(f"{path}: only `-- expect: no rows` is supported (the query returns offending rows)")
    return Audit(meta.get("audit") or Path(path).stem, severity, expect, meta.get("why", ""), text, Path(path))


def builtin_audits() -> list[Audit]:
    return [load_audit(p) for p in sorted((schema_dir() / "audits").glob("*.sql"))]


def _check_config(manifest: dict) -> None:
    """The audit tables read the manifest's config: it must be a valid pipeline config (hostile input)."""
    from pydantic import ValidationError

    from .config import PipelineConfig

    try:
        PipelineConfig.model_validate(manifest.get("config", {}))
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "config"
        raise ReleaseError(f"manifest.json: config is not a valid pipeline config ({where}: {first['msg']})"
                           ) from None


def _audit_tables(con: duckdb.DuckDBPyConnection, manifest: dict, audits: Sequence[Audit], min_fill: float) -> None:
    """Create the temp tables of the module docstring that some audit mentions (langid and PII cost time)."""
    sampling = manifest.get("config", {}).get("sampling", {})
    released = manifest.get("config", {}).get("release", {}).get("splits") or list(sampling.get("splits", {}))
    # a split released without its parent (`--split small`) has nothing to be contained in
    splits = {name: {**spec, "subset_of": spec.get("subset_of") if spec.get("subset_of") in released else None}
              for name, spec in sampling.get("splits", {}).items() if name in released}
    bins = sampling.get("bins", [0.0, 0.25, 0.5, 0.75, 1.0])
    prompt_rows = lru_cache(maxsize=1)(lambda: con.execute(
        "SELECT DISTINCT prompt_id, prompt, continuation FROM prompts ORDER BY prompt_id").fetchall())
    builders = {
        "audit_splits": lambda: pa.table({
            "split": pa.array(list(splits), pa.string()),
            "subset_of": pa.array([s.get("subset_of") for s in splits.values()], pa.string())}),
        "audit_bins": lambda: pa.table({
            "bucket": list(range(len(bins) - 1)), "lo": bins[:-1], "hi": bins[1:],
            "basis": [sampling.get("bucket_basis", "document")] * (len(bins) - 1)}),
        "audit_quota": lambda: pa.table({"min_fill": pa.array([float(min_fill)], pa.float64())}),
        "audit_prompt_lang": lambda: _prompt_languages(prompt_rows()),
        "audit_pii": lambda: _pii_counts(prompt_rows()),
    }
    for name, build in builders.items():
        if any(name in audit.sql for audit in audits):
            con.register(f"{name}_arrow", build())
            con.execute(f"CREATE TEMP TABLE {name} AS SELECT * FROM {name}_arrow")
            con.unregister(f"{name}_arrow")


@lru_cache(maxsize=1)
def _identifier():
    from .langid import LanguageIdentifier

    return LanguageIdentifier()


def _prompt_languages(rows: Sequence[tuple]) -> pa.Table:
    preds = _identifier().predict([prompt or "" for _, prompt, _ in rows]) if rows else []
    return pa.table({"prompt_id": pa.array([r[0] for r in rows], pa.string()),
                     "predicted_lang": pa.array([p.lang for p in preds], pa.string()),
                     "score": pa.array([p.score for p in preds], pa.float64())})


_PII_SCHEMA = pa.schema([("prompt_id", pa.string()), ("field", pa.string()), ("kind", pa.string()),
                         ("matches", pa.int64())])


def _pii_counts(rows: Sequence[tuple]) -> pa.Table:
    from collections import Counter

    from .pii import find_pii

    out = []
    for prompt_id, prompt, continuation in rows:
        for name, text in (("prompt", prompt), ("continuation", continuation)):
            counts = Counter(kind for _, _, kind in find_pii(text or ""))
            out += [{"prompt_id": prompt_id, "field": name, "kind": kind, "matches": n}
                    for kind, n in sorted(counts.items())]
    return pa.Table.from_pylist(out, _PII_SCHEMA)


def open_audit_connection(release_dir: Path, spill_dir: str, audits: Sequence[Audit],
                          min_fill: float = 0.0) -> duckdb.DuckDBPyConnection:
    """A locked-down read-only connection: release views + audit tables; files readable only in the release."""
    release_dir = release_dir.resolve()
    manifest = load_manifest(release_dir)
    _check_config(manifest)
    con = connect(release_dir, lock=False, temp_directory=spill_dir)  # sandboxed before any view runs
    _audit_tables(con, manifest, audits, min_fill)
    try:
        con.execute("SET enable_progress_bar = false")
    except duckdb.InvalidInputException:  # in Jupyter without ipywidgets DuckDB refuses to touch the setting
        pass
    con.execute("SET lock_configuration = true")
    return con


def run_audit(con: duckdb.DuckDBPyConnection, audit: Audit) -> AuditResult:
    """Run one audit; a query that is not a single SELECT, or fails, gives an ERROR result (never raises)."""
    result = AuditResult(audit)
    try:
        if len(select_statements(con, audit.sql)) != 1:
            raise ValueError("an audit must be exactly one SELECT statement")
        cursor = con.execute(audit.sql)
        result.columns = [d[0] for d in cursor.description]
        result.sample = cursor.fetchmany(SAMPLE_ROWS)
        result.rows = len(result.sample) + sum(len(batch) for batch in iter(lambda: cursor.fetchmany(10_000), []))
    except (duckdb.Error, ValueError) as exc:
        result.error = str(exc).splitlines()[0]
    return result


def failing(results: Sequence[AuditResult], fail_on: str) -> list[AuditResult]:
    """Results that fail the run: any audit that could not run, and failed audits at or above `fail_on`."""
    floor = SEVERITIES.index(fail_on)
    return [r for r in results
            if r.error or (r.rows and SEVERITIES.index(r.audit.severity) >= floor)]


def run_audits(release_dir: Path, audits: Sequence[Audit], min_fill: float = 0.0) -> list[AuditResult]:
    with tempfile.TemporaryDirectory(prefix="miner-audit-") as spill:
        con = open_audit_connection(Path(release_dir), spill, audits, min_fill)
        try:
            return [run_audit(con, audit) for audit in audits]
        finally:
            con.close()


# --- plots -----------------------------------------------------------------------------------------------

def _fetch(con: duckdb.DuckDBPyConnection, sql: str) -> dict:
    cursor = con.execute(sql)
    names = [d[0] for d in cursor.description]
    rows = cursor.fetchall()
    return {name: [row[i] for row in rows] for i, name in enumerate(names)}


def _by_lang(langs: Sequence[str], values: Sequence) -> dict[str, list]:
    groups: dict[str, list] = defaultdict(list)
    for lang, value in zip(langs, values):
        if value is not None:
            groups[lang].append(value)
    return dict(sorted(groups.items()))


def _figure(width: float, height: float, layout: str | None = "constrained"):
    from matplotlib.figure import Figure  # no pyplot: no global state, works with any backend (Agg for files)

    return Figure(figsize=(width, height), layout=layout)


def plot_toxicity(con: duckdb.DuckDBPyConnection, bins: Sequence[float] = (0.0, 0.25, 0.5, 0.75, 1.0)):
    """Histograms of document and prompt toxicity per language (each prompt once, whatever its splits)."""
    data = _fetch(con, "SELECT DISTINCT ON (prompt_id) lang, toxicity, prompt_toxicity FROM prompts ORDER BY prompt_id")
    docs, prompts = _by_lang(data["lang"], data["toxicity"]), _by_lang(data["lang"], data["prompt_toxicity"])
    langs = sorted(set(docs) | set(prompts)) or ["(none)"]
    cols = min(6, len(langs))
    rows = -(-len(langs) // cols)
    fig = _figure(2.6 * cols, 2.1 * rows + 0.6, layout=None)  # constrained layout is slow on many axes
    fig.subplots_adjust(left=0.04, right=0.99, bottom=0.5 / fig.get_figheight(), top=1 - 0.55 / fig.get_figheight(),
                        hspace=0.35, wspace=0.22)
    axes = fig.subplots(rows, cols, squeeze=False, sharex=True)
    edges = np.linspace(0.0, 1.0, 21)
    for ax, lang in zip(axes.flat, langs):
        ax.stairs(np.histogram(docs.get(lang, []), edges)[0], edges, fill=True, alpha=0.6, label="document")
        ax.stairs(np.histogram(prompts.get(lang, []), edges)[0], edges, linewidth=1.5, label="prompt")
        for edge in bins[1:-1]:
            ax.axvline(edge, color="grey", linestyle=":", linewidth=0.8)
        ax.set_title(f"{lang} (n={len(docs.get(lang, []))})", fontsize=9)
        ax.tick_params(labelsize=7)
    for ax in list(axes.flat)[len(langs):]:
        ax.set_visible(False)
    axes.flat[0].legend(fontsize=7)
    fig.suptitle("Toxicity per language (dotted: bin edges)")
    fig.supxlabel("toxicity score")
    return fig


def plot_bucket_heatmap(con: duckdb.DuckDBPyConnection):
    """Released prompts per toxicity bin x language, one panel per split, annotated `released/quota`."""
    data = _fetch(con, """
        SELECT coalesce(s.split, p.split) AS split, coalesce(s.lang, p.lang) AS lang,
               coalesce(s.toxicity_bucket, p.toxicity_bucket) AS bucket, coalesce(p.n, 0) AS n, s.quota
        FROM stats s FULL JOIN (SELECT split, lang, toxicity_bucket, count(*) AS n FROM prompts GROUP BY ALL) p
             USING (split, lang, toxicity_bucket)
        ORDER BY ALL""")
    splits = sorted(set(data["split"])) or ["(none)"]
    langs = sorted(set(data["lang"]))
    buckets = sorted(set(data["bucket"]))
    fig = _figure(max(6.0, 0.55 * len(langs) + 2), 1.0 + 0.5 * max(1, len(buckets)) * len(splits) + 0.6 * len(splits))
    axes = fig.subplots(len(splits), 1, squeeze=False)[:, 0]
    for ax, split in zip(axes, splits):
        grid = [[0] * len(langs) for _ in buckets]
        quota = [[None] * len(langs) for _ in buckets]
        for sp, lang, bucket, n, q in zip(data["split"], data["lang"], data["bucket"], data["n"], data["quota"]):
            if sp == split:
                grid[buckets.index(bucket)][langs.index(lang)] = n
                quota[buckets.index(bucket)][langs.index(lang)] = q
        image = ax.imshow(grid, aspect="auto", cmap="viridis", origin="lower")
        for b in range(len(buckets)):
            for lang_i in range(len(langs)):
                q = quota[b][lang_i]
                label = f"{grid[b][lang_i]}" + (f"/{q}" if q is not None else "")
                ax.text(lang_i, b, label, ha="center", va="center", fontsize=7,
                        color="white" if grid[b][lang_i] < 0.6 * max(max(r) for r in grid) else "black")
        ax.set_xticks(range(len(langs)), langs, fontsize=8)
        ax.set_yticks(range(len(buckets)), [str(b) for b in buckets], fontsize=8)
        ax.set_ylabel("toxicity bin")
        ax.set_title(f"split {split}: released / quota", fontsize=9)
        fig.colorbar(image, ax=ax, shrink=0.8)
    return fig


def plot_lengths(con: duckdb.DuckDBPyConnection):
    """Prompt and continuation lengths (characters) per language."""
    data = _fetch(con, "SELECT DISTINCT ON (prompt_id) lang, length(prompt) AS p, length(continuation) AS c "
                       "FROM prompts ORDER BY prompt_id")
    fig = _figure(11, 6)
    for ax, column, title in zip(fig.subplots(2, 1, sharex=True), ("p", "c"), ("prompt", "continuation")):
        groups = _by_lang(data["lang"], data[column])
        if groups:
            ax.boxplot(list(groups.values()), tick_labels=list(groups), showfliers=True, flierprops={"markersize": 2})
        ax.set_ylabel("characters")
        ax.set_title(f"{title} length per language", fontsize=9)
    return fig


def plot_lang_scores(con: duckdb.DuckDBPyConnection):
    """Language-ID confidence of the released documents per language."""
    data = _fetch(con, "SELECT DISTINCT ON (doc_id) lang, lang_score FROM prompts ORDER BY doc_id")
    groups = _by_lang(data["lang"], data["lang_score"])
    fig = _figure(11, 3.5)
    ax = fig.subplots()
    if groups:
        ax.boxplot(list(groups.values()), tick_labels=list(groups), flierprops={"markersize": 2})
    ax.set_ylim(0, 1.02)
    ax.set_ylabel("lang_score")
    ax.set_title("Language-ID score of released documents", fontsize=9)
    return fig


PLOTS = {
    "toxicity_by_language.png": plot_toxicity,
    "bins_by_language.png": plot_bucket_heatmap,
    "lengths.png": plot_lengths,
    "lang_scores.png": plot_lang_scores,
}


def write_plots(con: duckdb.DuckDBPyConnection, out_dir: Path, bins: Sequence[float] | None = None
                ) -> tuple[list[Path], dict[str, str]]:
    """Draw every plot into out_dir: (paths written, {plot name: error} for plots whose query failed)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    paths, failed = [], {}
    for name, plot in PLOTS.items():
        try:
            fig = plot(con, bins) if plot is plot_toxicity and bins else plot(con)
        except duckdb.Error as exc:
            failed[name] = str(exc).splitlines()[0]
            continue
        fig.savefig(out_dir / name, dpi=110, metadata={"Software": None})  # no version stamp: same data, same bytes
        paths.append(out_dir / name)
    return paths, failed


# --- report ------------------------------------------------------------------------------------------------

def _cell(value, limit: int = 80) -> str:
    text = json.dumps(value, ensure_ascii=False, default=str) if isinstance(value, (list, dict)) else str(value)
    text = text.replace("\n", " ")
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _summary_rows(results: Sequence[AuditResult]) -> list[tuple[str, str, str, str, str]]:
    return [(r.audit.name, r.audit.severity, r.status, "-" if r.error else str(r.rows), r.audit.expect)
            for r in results]


def report_markdown(release_dir: Path, results: Sequence[AuditResult], plots: Sequence[Path], fail_on: str,
                    failed_plots: dict[str, str] | None = None) -> str:
    manifest = load_manifest(release_dir)
    bad = failing(results, fail_on)
    lines = [f"# Audit of {manifest.get('name', '?')} {manifest.get('version', '?')}", "",
             f"Release: `{release_dir.name}`, {manifest.get('prompts', '?')} prompts, code "
             f"{manifest.get('code_version', '?')}. Failing at severity >= {fail_on}: "
             f"**{'FAIL' if bad else 'PASS'}** ({sum(r.status == 'PASS' for r in results)} of {len(results)} "
             "audits pass).", "",
             "| audit | severity | status | offending rows | expectation |", "|---|---|---|---|---|"]
    lines += [f"| {' | '.join(row)} |" for row in _summary_rows(results)]
    for r in results:
        if r.status == "PASS":
            continue
        lines += ["", f"## {r.audit.name}: {r.status}", "", r.audit.why, "", f"Source: `{r.audit.path.name}`", ""]
        if r.error:
            lines.append(f"Could not run: `{r.error}`")
            continue
        lines += [f"{r.rows} offending row(s); first {len(r.sample)} shown:", "",
                  "| " + " | ".join(r.columns) + " |", "|" + "---|" * len(r.columns)]
        lines += ["| " + " | ".join(_cell(v).replace("|", "\\|") for v in row) + " |" for row in r.sample]
    lines += ["", "## Plots", ""] + [f"![{p.stem}]({p.name})" for p in plots]
    lines += [f"Plot `{name}` could not be drawn: `{error}`" for name, error in (failed_plots or {}).items()]
    return "\n".join(lines) + "\n"


def report_html(title: str, results: Sequence[AuditResult], plots: Sequence[Path], verdict: str) -> str:
    rows = "\n".join(f"<tr class='{row[2].lower()}'>" + "".join(f"<td>{esc(c)}</td>" for c in row) + "</tr>"
                     for row in _summary_rows(results))
    details = []
    for r in results:
        if r.status == "PASS":
            continue
        details.append(f"<h2>{esc(r.audit.name)}: {r.status}</h2><p>{esc(r.audit.why)}</p>")
        if r.error:
            details.append(f"<p>Could not run: <code>{esc(r.error)}</code></p>")
            continue
        head = "".join(f"<th>{esc(c)}</th>" for c in r.columns)
        body = "".join("<tr>" + "".join(f"<td>{esc(_cell(v))}</td>" for v in row) + "</tr>" for row in r.sample)
        details.append(f"<p>{r.rows} offending row(s); first {len(r.sample)} shown:</p>"
                       f"<table><tr>{head}</tr>{body}</table>")
    images = "".join(f"<figure><img src='{esc(p.name)}' alt='{esc(p.stem)}'><figcaption>{esc(p.stem)}</figcaption>"
                     "</figure>" for p in plots)
    return f"""<!doctype html>
<html><head><meta charset="utf-8"><title>{esc(title)}</title>
<style>body{{font-family:sans-serif;max-width:1200px;margin:auto}} table{{border-collapse:collapse}}
td,th{{border:1px solid #ccc;padding:2px 6px;font-size:13px}} tr.fail td{{background:#fdd}}
tr.error td{{background:#fbb}} tr.pass td{{background:#dfd}} img{{max-width:100%}}</style></head>
<body><h1>{esc(title)}</h1><p><b>{esc(verdict)}</b></p>
<table><tr><th>audit</th><th>severity</th><th>status</th><th>offending rows</th><th>expectation</th></tr>
{rows}</table>
{''.join(details)}
<h2>Plots</h2>{images}
</body></html>
"""


def write_report(release_dir: Path, results: Sequence[AuditResult], fail_on: str, html_too: bool) -> Path:
    """Write <release>/audit/report.md (+ report.html) and the plots; returns the audit directory."""
    out = release_dir / "audit"
    manifest = load_manifest(release_dir)
    with connect(release_dir) as con:
        plots, failed_plots = write_plots(con, out, manifest.get("config", {}).get("sampling", {}).get("bins"))
    for name, error in failed_plots.items():
        print(f"plot {name}: could not be drawn: {error}", file=sys.stderr)
    markdown = report_markdown(release_dir, results, plots, fail_on, failed_plots)
    (out / "report.md").write_text(markdown, encoding="utf-8")
    if html_too:
        verdict = "FAIL" if failing(results, fail_on) else "PASS"
        title = markdown.splitlines()[0].lstrip("# ")
        (out / "report.html").write_text(report_html(title, results, plots, f"{verdict} (fail on {fail_on})"),
                                         encoding="utf-8")
    return out


def print_summary(results: Sequence[AuditResult], file=sys.stdout) -> None:
    rows = [("audit", "severity", "status", "rows")] + [row[:4] for row in _summary_rows(results)]
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    for row in rows:
        print("  ".join(value.ljust(width) for value, width in zip(row, widths)).rstrip(), file=file)
    for r in results:
        if r.error:
            print(f"{r.audit.name}: could not run: {r.error}", file=file)


def audit_main(release_dir, html: bool, fail_on: str, sql_files: list[str], min_fill: float = 0.0) -> int:
    """`miner audit`: run the built-in audits and `sql_files`, write the report; 1 if the audit fails, 2 on bad
    arguments or a release that cannot be opened safely, else 0."""
    release_dir = Path(release_dir)
    if not (release_dir / "release.duckdb").is_file() or not (release_dir / "manifest.json").is_file():
        print(f"{release_dir}: not a release directory (release.duckdb or manifest.json missing)", file=sys.stderr)
        return 2
    if fail_on not in SEVERITIES:
        print(f"--fail-on must be one of {', '.join(SEVERITIES)}, not {fail_on!r}", file=sys.stderr)
        return 2
    if not 0.0 <= min_fill <= 1.0:
        print(f"--min-fill must be between 0 and 1, not {min_fill}", file=sys.stderr)
        return 2
    try:
        audits = builtin_audits() + [load_audit(Path(p)) for p in sql_files or []]
    except (OSError, ValueError) as exc:
        print(f"cannot load audit: {exc}", file=sys.stderr)
        return 2
    names = [a.name for a in audits]
    if len(set(names)) != len(names):
        print(f"duplicate audit names: {sorted({n for n in names if names.count(n) > 1})}", file=sys.stderr)
        return 2
    try:
        results = run_audits(release_dir, audits, min_fill)
        out = write_report(release_dir, results, fail_on, html)
    except ReleaseError as exc:
        print(f"cannot audit: {exc}", file=sys.stderr)
        return 2
    print_summary(results)
    bad = failing(results, fail_on)
    print(f"{'FAIL' if bad else 'PASS'}: {len(bad)} audit(s) failing at severity >= {fail_on}; "
          f"report in {out / 'report.md'}")
    return 1 if bad else 0
