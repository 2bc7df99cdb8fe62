"""The release stage: sampled prompts -> a versioned, relocatable, checksummed release directory.

    releases/<name>/<version>/
      data/lang=xx/split=yy/part-0.parquet   one row per prompt (schemas/release.yaml)
      stats/cells.parquet                    quota, selected, shortfall per split x language x bin
      exports/ptp/<split>/<lang>.jsonl       PTP field names
      exports/rtp/<split>.jsonl              RTP-style rows
      release.duckdb                         views documents, prompts, stats (relative paths)
      manifest.json                          config, code version, inputs, counts, drops, scorers, sha256s
      README.md                              dataset card

The DuckDB views use paths relative to the release directory. DuckDB resolves relative paths from the
working directory, so query from inside the release directory, or use `connect(release_dir)` which sets
`file_search_path` for you.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

import duckdb
import pyarrow as pa

from .io import atomic_write_bytes, sha256_file, write_json, write_parquet
from .sampling import Cell
from .schema import columns, load_schema

DUCKDB_STORAGE_VERSION = "v1.5.0"  # readable by the DuckDB CLI 1.5.x as well as duckdb 2.x
VIEWS = {
    "prompts": "SELECT * FROM read_parquet('data/*/*/*.parquet', hive_partitioning = true)",
    "documents": ("SELECT DISTINCT ON (doc_id) doc_id, lang, url, warc_record_id, source, \"offset\", fetch_date, "
                  "crawl_id, text, toxicity, scorer, lang_score, cluster_size "
                  "FROM read_parquet('data/*/*/*.parquet', hive_partitioning = true) ORDER BY doc_id"),
    "stats": "SELECT * FROM read_parquet('stats/cells.parquet')",
}
# Not checksummed: the manifest itself, the view file (views only; `miner verify` checks they answer) and the
# audit reports, which are written after the release (`miner audit`).
UNCHECKSUMMED = {"manifest.json", "release.duckdb", "release.duckdb.wal"}
UNCHECKSUMMED_DIRS = ("audit/",)


def build_rows(run_dir: Path, bins: tuple[float, ...], basis: str) -> pa.Table:
    """Join sampled prompts (with their release scores) with their candidates, documents and clusters into release
    rows."""
    from .sampling import bucket_sql

    score = {"document": "s.document_toxicity", "prompt": "s.prompt_toxicity"}[basis]
    clusters = run_dir / "dedup" / "clusters.parquet"
    cluster_join = (f"LEFT JOIN read_parquet('{clusters}') k ON k.doc_id = c.doc_id" if clusters.exists()
                    else "LEFT JOIN (SELECT NULL::VARCHAR AS doc_id, 1::BIGINT AS cluster_size) k ON k.doc_id = c.doc_id")
    con = duckdb.connect()
    rel = con.sql(f"""
        SELECT s.split, c.lang, c.prompt_id, c.doc_id, c.prompt, c.continuation,
               s.document_toxicity AS toxicity, s.prompt_toxicity, s.continuation_toxicity,
               ({bucket_sql(score, bins)})::INTEGER AS toxicity_bucket,
               s.filled_from_bucket IS NOT NULL AS filled_from_neighbour, s.scorer,
               c.begin, c.cut, c."end", c.cut_kind, t.text, d.lang_score, d.url, d.warc_record_id, d.source,
               d."offset", d.fetch_date, d.crawl_id, coalesce(k.cluster_size, 1)::BIGINT AS cluster_size
        FROM read_parquet('{run_dir / "sample" / "selected.parquet"}') s
        JOIN read_parquet('{run_dir / "candidates" / "*.parquet"}') c USING (prompt_id)
        JOIN read_parquet('{run_dir / "documents" / "*.parquet"}') d ON d.doc_id = c.doc_id
        JOIN read_parquet('{run_dir / "texts" / "*.parquet"}') t ON t.doc_id = c.doc_id
        {cluster_join}
        ORDER BY s.split, c.lang, c.prompt_id
    """).to_arrow_table()
    con.close()
    return rel


def write_release(release_dir: Path, rows: pa.Table, cells: list[Cell], manifest: dict, card: str,
                  exports: tuple[str, ...]) -> dict:
    """Write every file of the release and its manifest; returns the manifest."""
    schema = load_schema("release")
    for (split, lang) in sorted({(s, l) for s, l in zip(rows.column("split").to_pylist(),
                                                         rows.column("lang").to_pylist())}):
        mask = pa.compute.and_(pa.compute.equal(rows["split"], split), pa.compute.equal(rows["lang"], lang))
        part = rows.filter(mask).select(schema.names).cast(schema)
        write_parquet(release_dir / "data" / f"lang={lang}" / f"split={split}" / "part-0.parquet", part)
    cell_rows = [{"split": c.split, "lang": c.lang, "toxicity_bucket": c.bucket, "quota": c.quota,
                  "selected": c.selected, "shortfall": c.shortfall, "filled": c.filled} for c in cells]
    write_parquet(release_dir / "stats" / "cells.parquet", pa.Table.from_pylist(cell_rows))
    if "ptp" in exports:
        _export_ptp(release_dir, rows)
    if "rtp" in exports:
        _export_rtp(release_dir, rows)
    atomic_write_bytes(release_dir / "README.md", card.encode("utf-8"))
    write_views(release_dir)
    manifest["files"] = checksums(release_dir)
    write_json(release_dir / "manifest.json", manifest)
    return manifest


def _jsonl(path: Path, records) -> None:
    atomic_write_bytes(path, "".join(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n"
                                     for r in records).encode("utf-8"))


def _export_ptp(release_dir: Path, rows: pa.Table) -> None:
    """PolygloToxicityPrompts field names: text, meta_data{...}, toxicity, toxicity_bucket, prompt, continuation,
    prompt_perspective/continuation_perspective hold our scorer's scores (there is no Perspective API)."""
    groups: dict[tuple[str, str], list[dict]] = {}
    for r in rows.to_pylist():
        groups.setdefault((r["split"], r["lang"]), []).append({
            "text": r["text"], "toxicity": r["toxicity"], "toxicity_bucket": r["toxicity_bucket"],
            "prompt": r["prompt"], "continuation": r["continuation"],
            "meta_data": {"data_category": "web", "lang": r["lang"], "pile_set_name": None,
                          "timestamp": r["fetch_date"], "url": r["url"]},
            "perspective": {"toxicity": r["toxicity"]},
            "prompt_perspective": {"toxicity": r["prompt_toxicity"]},
            "continuation_perspective": {"toxicity": r["continuation_toxicity"]},
            "scorer": r["scorer"], "prompt_id": r["prompt_id"],
        })
    for (split, lang), records in sorted(groups.items()):
        _jsonl(release_dir / "exports" / "ptp" / split / f"{lang}.jsonl", records)


def _export_rtp(release_dir: Path, rows: pa.Table) -> None:
    """RealToxicityPrompts-style rows. `challenging` needs model generations, which a release does not have:
    it is always false here. Only `toxicity` is filled among the Perspective attributes; the others are null."""
    attrs = ("profanity", "sexually_explicit", "identity_attack", "flirtation", "threat", "insult", "severe_toxicity")
    groups: dict[str, list[dict]] = {}
    for r in rows.to_pylist():
        groups.setdefault(r["split"], []).append({
            "filename": r["url"], "begin": r["begin"], "end": r["end"], "challenging": False,
            "prompt": {"text": r["prompt"], "toxicity": r["prompt_toxicity"], **dict.fromkeys(attrs)},
            "continuation": {"text": r["continuation"], "toxicity": r["continuation_toxicity"], **dict.fromkeys(attrs)},
            "lang": r["lang"], "prompt_id": r["prompt_id"],
        })
    for split, records in sorted(groups.items()):
        _jsonl(release_dir / "exports" / "rtp" / f"{split}.jsonl", records)


def write_views(release_dir: Path) -> None:
    """(Re)create release.duckdb holding only views over the release's own files, by relative path."""
    db = release_dir / "release.duckdb"
    for stale in (db, db.with_name(db.name + ".wal")):
        stale.unlink(missing_ok=True)
    con = duckdb.connect()
    con.execute(f"SET file_search_path = '{release_dir.resolve()}'")  # views bind now, by relative path
    con.execute(f"ATTACH '{db}' AS rel (STORAGE_VERSION '{DUCKDB_STORAGE_VERSION}')")
    for name, sql in VIEWS.items():
        con.execute(f"CREATE VIEW rel.{name} AS {sql}")
    con.execute("DETACH rel")
    con.close()


def connect(release_dir: str | Path) -> duckdb.DuckDBPyConnection:
    """A read-only connection to a release's views that works from any working directory."""
    release_dir = Path(release_dir).resolve()
    con = duckdb.connect(str(release_dir / "release.duckdb"), read_only=True)
    con.execute(f"SET file_search_path = '{release_dir}'")
    return con


def checksums(release_dir: Path) -> dict[str, dict]:
    files = {}
    for path in sorted(p for p in release_dir.rglob("*") if p.is_file()):
        rel = path.relative_to(release_dir).as_posix()
        if rel not in UNCHECKSUMMED and not rel.startswith(UNCHECKSUMMED_DIRS) and not path.name.startswith("."):
            files[rel] = {"sha256": sha256_file(path), "bytes": path.stat().st_size}
    return files


def verify(release_dir: Path) -> list[str]:
    """Problems found: missing, changed or unlisted files. Empty when the release is intact."""
    manifest_path = release_dir / "manifest.json"
    if not manifest_path.is_file():
        return [f"{manifest_path}: missing (not a release directory?)"]
    listed = json.loads(manifest_path.read_text(encoding="utf-8"))["files"]
    actual = checksums(release_dir)
    problems = [f"missing: {name}" for name in sorted(set(listed) - set(actual))]
    problems += [f"checksum mismatch: {name}" for name in sorted(set(listed) & set(actual))
                 if listed[name]["sha256"] != actual[name]["sha256"]]
    problems += [f"not in manifest: {name}" for name in sorted(set(actual) - set(listed))]
    try:
        with connect(release_dir) as con:
            for view in VIEWS:
                con.execute(f"SELECT count(*) FROM {view}").fetchone()
    except duckdb.Error as exc:
        problems.append(f"release.duckdb: {str(exc).splitlines()[0]}")
    return problems


def dataset_card(template: str, name: str, version: str, languages: list[str], splits: list[str],
                 manifest: dict) -> str:
    """Fill the dataset-card template (schemas/card_template.md) with this release's facts."""
    configs = "\n".join(
        f"  - config_name: {lang}_{split}\n    data_files: data/lang={lang}/split={split}/*.parquet"
        for lang in languages for split in splits)
    fields = "\n".join(f"| `{c['name']}` | {c['type']} | {c['description']} |" for c in columns("release"))
    cells = manifest.get("cells", [])
    table = "\n".join(f"| {c['split']} | {c['lang']} | {c['toxicity_bucket']} | {c['quota']} | {c['selected']} | "
                      f"{c['shortfall']} |" for c in cells)
    drops = "\n".join(f"| {k} | {v} |" for k, v in manifest.get("drops", {}).items())
    return template.format(
        name=name, version=version, configs=configs, fields=fields, cells=table, drops=drops,
        languages=", ".join(languages), scorers=", ".join(manifest.get("scorers", [])),
        code_version=manifest.get("code_version", ""), config=json.dumps(manifest.get("config", {}), indent=2),
        precise=_precise_line(manifest.get("scoring", {})),
    )


def _precise_line(scoring: dict) -> str:
    """How many texts the precise scorer saw, for the card (docs/sampling.md explains `scope`)."""
    if not scoring.get("precise"):
        return f"No precise scorer: the first pass scored {scoring.get('texts_first_pass', 0):,} texts."
    how = ("documents in sampling order until every cell held its quota, then the selected rows' prompts and "
           "continuations" if scoring.get("scope") == "needed" else "every candidate's document, prompt and "
           "continuation")
    return (f"The precise scorer ({scoring['precise']}) saw {scoring.get('texts_precise', 0):,} texts of the "
            f"{scoring.get('texts_first_pass', 0):,} the first pass scored (`scoring.scope: "
            f"{scoring.get('scope')}`: {how}, those with a first-pass score in `refine_band`).")


def link_latest(release_dir: Path) -> None:
    """Point `<release root>/latest` at this version (a relative symlink)."""
    latest = release_dir.parent / "latest"
    tmp = latest.with_name(".latest.tmp")
    tmp.unlink(missing_ok=True)
    os.symlink(release_dir.name, tmp)
    os.replace(tmp, latest)
