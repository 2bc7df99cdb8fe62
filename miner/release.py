"""The release stage: sampled prompts -> a versioned, relocatable, checksummed release directory.

    releases/<name>/<version>/
      data/lang=xx/split=yy/part-0.parquet   one row per prompt (schemas/release.yaml), lang and split included
      stats/cells.parquet                    quota, selected, shortfall per split x language x bin
      exports/ptp/<split>/<lang>.jsonl       PTP field names
      exports/rtp/<split>.jsonl              RTP-style rows
      release.duckdb                         views documents, prompts, stats (relative paths)
      manifest.json                          config, code version, inputs, counts, drops, scorers, sha256s, digest
      README.md                              dataset card

A release is hostile input once downloaded. `verify` checks every byte against the manifest, the manifest
against its own digest (the one hash a user pins), and release.duckdb against the file this code writes.
`connect` refuses a release with links, hidden or unlisted files, and opens the views with file access
limited to the release directory, configuration locked: the views cannot read anything else.
DuckDB resolves the views' relative paths through `file_search_path`, which `connect` sets.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import shlex
import stat
import tempfile
from pathlib import Path

import duckdb
import pyarrow as pa

from .io import InputError, atomic_write_bytes, sha256_file, write_json, write_parquet
from .sampling import Cell
from .schema import columns, load_schema

DUCKDB_STORAGE_VERSION = "v1.5.0"  # readable by the DuckDB CLI 1.5.x as well as duckdb 2.x
_DATA = "read_parquet('data/*/*/*.parquet', hive_partitioning = false)"  # lang and split are file columns
VIEWS = {
    "prompts": f"SELECT * FROM {_DATA}",
    "documents": ("SELECT DISTINCT ON (doc_id) doc_id, lang, url, warc_record_id, source, \"offset\", fetch_date, "
                  f"crawl_id, text, toxicity, scorer, lang_score, cluster_size FROM {_DATA} ORDER BY doc_id"),
    "stats": "SELECT * FROM read_parquet('stats/cells.parquet')",
}
DB = "release.duckdb"
MANIFEST = "manifest.json"
AUDIT_DIR = "audit"  # written after the release by `miner audit`: its files are not in the manifest
MAX_MANIFEST_BYTES = 256 << 20
_SHA256 = re.compile(r"^[0-9a-f]{64}$")


class ReleaseError(InputError):
    """Not a usable release (no or broken manifest, links, unlisted files): one line, exit code 2."""


def build_rows(run_dir: Path, bins: tuple[float, ...], basis: str, memory_limit: str = "4GB") -> pa.Table:
    """Join sampled prompts (with their release scores) with their candidates, documents and clusters into release rows; documents and texts
    are read only for the selected prompts' documents, in a DuckDB bounded by memory_limit (spilling to tmp/)."""
    from .sampling import bounded_connection, bucket_sql

    score = {"document": "s.document_toxicity", "prompt": "s.prompt_toxicity"}[basis]
    clusters = run_dir / "dedup" / "clusters.parquet"
    cluster_join = (f"LEFT JOIN read_parquet('{clusters}') k ON k.doc_id = c.doc_id" if clusters.exists()
                    else "LEFT JOIN (SELECT NULL::VARCHAR AS doc_id, 1::BIGINT AS cluster_size) k ON k.doc_id = c.doc_id")
    con = bounded_connection(run_dir / "tmp" / "release", memory_limit)
    rel = con.sql(f"""
        WITH s AS (SELECT * FROM read_parquet('{run_dir / "sample" / "selected.parquet"}')),
             c AS (SELECT * FROM read_parquet('{run_dir / "candidates" / "*.parquet"}') SEMI JOIN s USING (prompt_id)),
             d AS (SELECT doc_id, lang_score, url, warc_record_id, source, "offset", fetch_date, crawl_id
                   FROM read_parquet('{run_dir / "documents" / "*.parquet"}') WHERE doc_id IN (SELECT doc_id FROM c)),
             t AS (SELECT * FROM read_parquet('{run_dir / "texts" / "*.parquet"}') WHERE doc_id IN (SELECT doc_id FROM c))
        SELECT s.split, c.lang, c.prompt_id, c.doc_id, c.prompt, c.continuation,
               s.document_toxicity AS toxicity, s.prompt_toxicity, s.continuation_toxicity,
               ({bucket_sql(score, bins)})::INTEGER AS toxicity_bucket,
               s.filled_from_bucket IS NOT NULL AS filled_from_neighbour, s.scorer,
               c.begin, c.cut, c."end", c.cut_kind, t.text, d.lang_score, d.url, d.warc_record_id, d.source,
               d."offset", d.fetch_date, d.crawl_id, coalesce(k.cluster_size, 1)::BIGINT AS cluster_size
        FROM s JOIN c USING (prompt_id) JOIN d ON d.doc_id = c.doc_id JOIN t ON t.doc_id = c.doc_id
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
    files = {name: entry for name, entry in checksums(release_dir).items() if name != DB}
    write_views(release_dir / DB, release_dir, _identity(files))
    manifest["files"] = files | checksums(release_dir, only=DB)
    manifest["digest"] = manifest_digest(manifest)
    write_json(release_dir / MANIFEST, manifest)
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


def write_views(db: Path, release_dir: Path, identity: bytes) -> None:
    """(Re)create `db` holding only the views over `release_dir`'s files, by relative path; same views and
    identity, same bytes."""
    for stale in (db, db.with_name(db.name + ".wal")):
        stale.unlink(missing_ok=True)
    con = duckdb.connect()
    con.execute("SET file_search_path = ?", [str(release_dir.resolve())])  # views bind now, by relative path
    con.execute(f"ATTACH '{db}' AS rel (STORAGE_VERSION '{DUCKDB_STORAGE_VERSION}')")
    for name, sql in VIEWS.items():
        con.execute(f"CREATE VIEW rel.{name} AS {sql}")
    con.execute("DETACH rel")
    con.close()
    _pin_identifier(db, identity)


_BLOCK = 4096  # DuckDB's file starts with a main header and two database headers of one block each
_ID_AT = 124   # main header: checksum, magic, version, flags, two version strings, then the 16-byte identifier


def _pin_identifier(db: Path, identity: bytes) -> None:
    """DuckDB stamps each new file with a random 16-byte identifier (in the main header and the active
    database header, both checksummed): replace it by one derived from the release's files and rewrite the
    two checksums, so that the same release gives the same release.duckdb. Fails loudly if the layout is not
    the one of the pinned DuckDB."""
    import struct

    import numpy as np

    data = bytearray(db.read_bytes())
    random_id = bytes(data[_ID_AT:_ID_AT + 16])
    if data[8:12] != b"DUCK" or len(data) < 3 * _BLOCK or data.count(random_id) != 2:
        raise RuntimeError(f"{db}: unexpected DuckDB file layout; cannot make it reproducible")
    for start in range(0, 3 * _BLOCK, _BLOCK):
        at = data.find(random_id, start, start + _BLOCK)
        if at == -1:
            continue
        data[at:at + 16] = identity
        words = np.frombuffer(bytes(data[start + 8:start + _BLOCK]), dtype="<u8")
        with np.errstate(over="ignore"):  # DuckDB's block checksum: 5381 xor (each word * constant)
            checksum = np.bitwise_xor.reduce(words * np.uint64(0xBF58476D1CE4E5B9)) ^ np.uint64(5381)
        data[start:start + 8] = struct.pack("<Q", int(checksum))
    if data.count(random_id):
        raise RuntimeError(f"{db}: unexpected DuckDB file layout; cannot make it reproducible")
    atomic_write_bytes(db, bytes(data))


def _identity(files: dict[str, dict]) -> bytes:
    """16 bytes that name the release's content (its files other than release.duckdb)."""
    return hashlib.sha256(_canonical({k: v["sha256"] for k, v in files.items() if k != DB})).digest()[:16]


def _canonical(obj) -> bytes:
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def manifest_digest(manifest: dict) -> str:
    """sha256 of the manifest without its `digest` field (canonical JSON): one hash that pins the whole release,
    since the manifest holds the sha256 of every other file."""
    return hashlib.sha256(_canonical({k: v for k, v in manifest.items() if k != "digest"})).hexdigest()


def load_manifest(release_dir: Path) -> dict:
    """The manifest, checked for the fields the code relies on; ReleaseError (one line) when broken."""
    path = Path(release_dir) / MANIFEST
    if not path.is_file():
        raise ReleaseError(f"{release_dir}: not a release directory ({MANIFEST} missing)")
    if path.stat().st_size > MAX_MANIFEST_BYTES:
        raise ReleaseError(f"{path}: larger than {MAX_MANIFEST_BYTES >> 20} MiB")
    try:
        manifest = json.loads(path.read_bytes().decode("utf-8"))
    except UnicodeDecodeError:
        raise ReleaseError(f"{path}: not UTF-8 text") from None
    except json.JSONDecodeError as exc:
        raise ReleaseError(f"{path}: not valid JSON ({exc.msg} at line {exc.lineno})") from None
    except RecursionError:
        raise ReleaseError(f"{path}: JSON nested too deeply") from None
    if not isinstance(manifest, dict):
        raise ReleaseError(f"{path}: not a JSON object")
    files = manifest.get("files")
    if not isinstance(files, dict):
        raise ReleaseError(f"{path}: `files` missing or not an object")
    for name, entry in files.items():
        parts = name.split("/")
        if not name or name.startswith("/") or any(part in ("", ".", "..") for part in parts) or "\\" in name:
            raise ReleaseError(f"{path}: files: {name[:80]!r} is not a relative path inside the release")
        if not (isinstance(entry, dict) and isinstance(entry.get("sha256"), str) and _SHA256.match(entry["sha256"])
                and type(entry.get("bytes")) is int):
            raise ReleaseError(f"{path}: files[{name[:80]!r}] needs a sha256 (64 hex digits) and bytes (integer)")
    for key, kind in (("config", dict), ("cells", list), ("digest", str)):
        if key in manifest and not isinstance(manifest[key], kind):
            raise ReleaseError(f"{path}: `{key}` must be a JSON {'object' if kind is dict else kind.__name__}")
    return manifest


def scan(release_dir: Path) -> tuple[list[str], list[str]]:
    """(regular files, problems) of a release, without following links: every symlink, hidden entry and
    special file is a problem, wherever it is. Files under audit/ are left out (not part of the release)."""
    files, problems = [], []
    root = Path(release_dir)

    def walk_error(exc: OSError) -> None:
        problems.append(f"unreadable: {exc.filename}: {exc.strerror}")

    for dirpath, dirnames, filenames in os.walk(root, onerror=walk_error):  # never follows directory links
        here = Path(dirpath).relative_to(root).as_posix()
        keep = []
        for name in sorted(dirnames + filenames):
            rel = name if here == "." else f"{here}/{name}"
            mode = os.lstat(Path(dirpath) / name).st_mode
            if stat.S_ISLNK(mode):
                problems.append(f"symlink: {rel}")
            elif name.startswith("."):
                problems.append(f"hidden file: {rel}")
            elif stat.S_ISDIR(mode):
                keep.append(name)
            elif not stat.S_ISREG(mode):
                problems.append(f"not a regular file: {rel}")
            elif not (here == AUDIT_DIR and rel.count("/") == 1):
                files.append(rel)
        dirnames[:] = [d for d in dirnames if d in keep]
    return files, problems


def checksums(release_dir: Path, only: str | None = None) -> dict[str, dict]:
    """sha256 and size of every release file but the manifest (or of `only`)."""
    files, problems = scan(release_dir)
    if problems:
        raise ReleaseError(f"{release_dir}: {problems[0]}")
    return {rel: {"sha256": sha256_file(release_dir / rel), "bytes": (release_dir / rel).stat().st_size}
            for rel in files if rel != MANIFEST and only in (None, rel)}


def layout_problems(release_dir: Path, manifest: dict) -> list[str]:
    """Links, hidden or special files, and files missing from or absent in the manifest (names only)."""
    found, problems = scan(release_dir)
    found = set(found) - {MANIFEST}
    listed = set(manifest["files"])
    return (problems + [f"missing: {name}" for name in sorted(listed - found)]
            + [f"not in manifest: {name}" for name in sorted(found - listed)])


def connect(release_dir: str | Path, *, lock: bool = True, temp_directory: str | None = None
            ) -> duckdb.DuckDBPyConnection:
    """A read-only connection to a release's views, from any working directory, sandboxed: the release must
    hold only its listed files (no links), and DuckDB may read files in the release directory only.
    With lock=False the caller adds its own tables, then sets `lock_configuration` itself."""
    release_dir = Path(release_dir).resolve()
    problems = layout_problems(release_dir, load_manifest(release_dir))
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise ReleaseError(f"{release_dir}: {problems[0]}{more}; see `miner verify`")
    # A database instance of its own (in memory, release.duckdb attached read-only): DuckDB shares one instance
    # per file within a process, and a locked configuration would lock every later connection to the release.
    con = duckdb.connect()
    con.execute("SET file_search_path = ?", [str(release_dir)])
    con.execute("ATTACH ? AS release (READ_ONLY)", [str(release_dir / DB)])
    con.execute("USE release")
    # DuckDB may read its temp directory whatever allowed_directories says: no spilling unless the caller
    # gives a private one (never /tmp, never <release>/release.duckdb.tmp)
    con.execute("SET temp_directory = ?", [temp_directory or ""])
    # DuckDB checks allowed_directories against the path as written: the views' relative data/ and stats/ too
    con.execute("SET allowed_directories = ?", [[f"{release_dir}/", "data/", "stats/"]])
    con.execute("SET enable_external_access = false")
    if lock:
        con.execute("SET lock_configuration = true")
    return con


def select_statements(con: duckdb.DuckDBPyConnection, sql: str) -> list:
    """The statements of `sql`; ValueError unless each is a SELECT. Belt and braces over the sandbox: the
    release directory is readable, so only reads may run (no COPY ... TO into it)."""
    statements = con.extract_statements(sql)
    if not statements or any(s.type != duckdb.StatementType.SELECT for s in statements):
        kinds = ", ".join(s.type.name for s in statements) or "none"
        raise ValueError(f"only SELECT statements may run on a release (found: {kinds})")
    return statements


def verify(release_dir: Path, expect_digest: str | None = None) -> list[str]:
    """Problems found: a broken manifest or digest, links, hidden, missing, changed or unlisted files, a
    release.duckdb other than the one this code writes for these files. Empty when the release is intact."""
    release_dir = Path(release_dir).resolve()
    try:
        manifest = load_manifest(release_dir)
    except ReleaseError as exc:
        return [str(exc)]
    listed = manifest["files"]
    problems = layout_problems(release_dir, manifest)
    present = [name for name in sorted(listed) if (release_dir / name).is_file()
               and not (release_dir / name).is_symlink()]
    problems += [f"checksum mismatch: {name}" for name in present
                 if (release_dir / name).stat().st_size != listed[name]["bytes"]
                 or sha256_file(release_dir / name) != listed[name]["sha256"]]
    digest = manifest_digest(manifest)
    if manifest.get("digest") != digest:
        problems.append(f"{MANIFEST}: digest field does not match its content (edited after release?)")
    if expect_digest is not None and expect_digest.strip().lower() != digest:
        problems.append(f"{MANIFEST}: digest {digest} is not the expected {expect_digest.strip()[:64]}")
    if problems:
        return problems
    with tempfile.TemporaryDirectory(prefix="miner-verify-") as tmp:
        write_views(Path(tmp) / DB, release_dir, _identity(listed))
        if (Path(tmp) / DB).read_bytes() != (release_dir / DB).read_bytes():
            return [f"{DB}: not the view file miner writes for this release (views redefined?)"]
    try:
        with connect(release_dir) as con:
            for view in VIEWS:
                con.execute(f"SELECT count(*) FROM {view}").fetchall()
    except duckdb.Error as exc:
        problems.append(f"{DB}: {str(exc).splitlines()[0]}")
    return problems


def summary_lines(release_dir: str | Path, shown_as: str | None = None) -> list[str]:
    """What a release holds against what was asked: per split x language the prompts per toxicity bin, quota,
    selected, shortfall and fill; the languages left empty; then how to query it. For `miner summary` and the
    end of `miner run`. `shown_as`: where the release is published (an s3:// URL) when `release_dir` is a copy."""
    release_dir = Path(release_dir)
    with connect(release_dir) as con:
        try:
            cells = con.execute("SELECT split, lang, toxicity_bucket, quota, selected, shortfall FROM stats "
                                "ORDER BY ALL").fetchall()
            released = {(sp, lang, b): n for sp, lang, b, n in con.execute(
                "SELECT split, lang, toxicity_bucket, count(*) FROM prompts GROUP BY ALL").fetchall()}
        except duckdb.Error as exc:
            raise ReleaseError(f"{release_dir}: the views do not answer: {str(exc).splitlines()[0]}; "
                               "see `miner verify`") from None
    buckets = sorted({c[2] for c in cells} | {k[2] for k in released})
    table: dict[str, dict[str, list[int]]] = {}
    for split, lang, _, quota, selected, shortfall in cells:
        totals = table.setdefault(split, {}).setdefault(lang, [0, 0, 0])
        for i, n in enumerate((quota, selected, shortfall)):
            totals[i] += n
    lines = [f"Release: {shown_as or release_dir.resolve()}"]
    for split, langs in table.items():
        head = f"{'lang':<6}" + "".join(f"{'bin ' + str(b):>8}" for b in buckets)
        lines += ["", f"split {split}: prompts per language x toxicity bin, against the quota",
                  head + f"{'quota':>9}{'selected':>9}{'short':>9}{'fill':>7}"]
        for lang, (quota, selected, shortfall) in sorted(langs.items()):
            lines.append(f"{lang:<6}" + "".join(f"{released.get((split, lang, b), 0):>8}" for b in buckets)
                         + f"{quota:>9}{selected:>9}{shortfall:>9}{_fill(selected, quota):>7}")
        quota, selected, shortfall = (sum(v[i] for v in langs.values()) for i in range(3))
        empty = sorted(lang for lang, v in langs.items() if v[1] == 0)
        lines.append(f"{len(langs) - len(empty)} of {len(langs)} languages with prompts; {selected} of {quota} "
                     f"prompts selected ({_fill(selected, quota)}), shortfall {shortfall}")
        if empty:
            lines.append(f"empty languages ({len(empty)}): {', '.join(empty)}")
    lines += ["", "Query it (from any directory; read-only, sandboxed to the release):",
              f"  miner sql {shlex.quote(shown_as or str(release_dir))} "
              "'select lang, toxicity_bucket, count(*) from prompts group by all order by all'"]
    return lines if shown_as else lines + [f"  python -c \"from miner.release import connect; "
                                           f"connect('{release_dir}').sql('select * from prompts limit 5').show()\""]


def _fill(selected: int, quota: int) -> str:
    return f"{selected / quota:.0%}" if quota else "-"


def _nonempty(manifest: dict) -> dict[str, list[str]]:
    """Splits with rows per language, from the manifest's cells."""
    selected: dict[tuple[str, str], int] = {}
    for c in manifest.get("cells", []):
        selected[(c["lang"], c["split"])] = selected.get((c["lang"], c["split"]), 0) + c["selected"]
    out: dict[str, list[str]] = {}
    for (lang, split), n in sorted(selected.items()):
        if n:
            out.setdefault(lang, []).append(split)
    return out


def _config(name: str, files: dict[str, str], default: bool = False) -> str:
    lines = [f"  - config_name: {name}"] + (["    default: true"] if default else []) + ["    data_files:"]
    return "\n".join(lines + [f"      - split: {split}\n        path: {path}" for split, path in files.items()])


def dataset_card(template: str, name: str, version: str, languages: list[str], splits: list[str],
                 manifest: dict) -> str:
    """Fill the dataset-card template (schemas/card_template.md) with this release's facts. Hugging Face
    configs: `default` (all languages, one HF split per release split) and one per language with rows."""
    present = _nonempty(manifest)
    used = [s for s in splits if any(s in v for v in present.values())]
    configs = [_config("default", {s: f"data/lang=*/split={s}/*.parquet" for s in used}, default=True)]
    configs += [_config(lang, {s: f"data/lang={lang}/split={s}/*.parquet" for s in splits if s in present[lang]})
                for lang in languages if lang in present]
    empty = [lang for lang in languages if lang not in present]
    fields = "\n".join(f"| `{c['name']}` | {c['type']} | {c['description']} |" for c in columns("release"))
    cells = manifest.get("cells", [])
    table = "\n".join(f"| {c['split']} | {c['lang']} | {c['toxicity_bucket']} | {c['quota']} | {c['selected']} | "
                      f"{c['shortfall']} |" for c in cells)
    drops = "\n".join(f"| {k} | {v} |" for k, v in manifest.get("drops", {}).items())
    return template.format(
        name=name, version=version, configs="\n".join(configs), fields=fields, cells=table, drops=drops,
        languages=", ".join(lang for lang in languages if lang in present),
        empty=", ".join(empty) or "none", splits=", ".join(f"`{s}`" for s in used),
        scorers=", ".join(manifest.get("scorers", [])),
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
    line = (f"The precise scorer ({scoring['precise']}) saw {scoring.get('texts_precise', 0):,} texts of the "
            f"{scoring.get('texts_first_pass', 0):,} the first pass scored (`scoring.scope: "
            f"{scoring.get('scope')}`: {how}, those with a first-pass score in `refine_band`).")
    return line + "".join("\n   " + s for s in _skip_lines(scoring["skip_below"])) if "skip_below" in scoring else line


def _skip_lines(audit: dict) -> list[str]:
    """The approximate mode's rule and its measured cost per bin (docs/sampling.md, `scoring.skip_below`)."""
    t = audit["skip_below"]
    low = [b["bin"] for b in audit["bins"] if b["low"]]
    lines = [f"**Approximate mode** (`scoring.skip_below: {t:g}`): once a language's bins {' '.join(low)} held "
             f"their quotas, its later candidates with a first-pass score below {t:g} were neither precise-scored "
             f"nor selected ({audit['skipped']:,} candidates skipped, {audit['skipped_precise_texts']:,} texts the "
             f"precise scorer did not score). Those bins are exact; the others under-represent what the first pass scores low. Share of "
             f"each bin's members (by release score) the rule skips, measured on the audit sample (the first "
             f"{audit['skip_audit']:,} candidates of each language in sampling order, never skipped; "
             f"n={audit['audit']:,} candidates):"]
    for b in audit["bins"]:
        if b["low"]:
            lines.append(f"- bin {b['bin']}: exact (full before the rule starts)")
        elif b["members"]:
            lo, hi = wilson(b["below"], b["members"])
            lines.append(f"- bin {b['bin']}: {b['below'] / b['members']:.0%} of its members skipped "
                         f"({b['below']} of {b['members']} in the audit sample; 95% interval {lo:.0%}-{hi:.0%})")
        else:
            lines.append(f"- bin {b['bin']}: not measured (no member in the audit sample)")
    return lines


def wilson(k: int, n: int, z: float = 1.96) -> tuple[float, float]:
    """95% Wilson score interval of a share k/n (honest at small n and at 0 or n)."""
    p, d = k / n, 1 + z * z / n
    centre, half = (p + z * z / (2 * n)) / d, z * ((p * (1 - p) + z * z / (4 * n)) / n) ** 0.5 / d
    return max(0.0, centre - half), min(1.0, centre + half)

