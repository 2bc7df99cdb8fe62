"""Where a run may write and delete, and how a release reaches its final place.

A run owns two directories: its work dir (`runs/<name>/`) and, inside the release root (`--out`), the version
directory it publishes. Nothing else is ever removed. Both are locked for the whole run, so two runs on the same
work dir or release version cannot interleave: the second stops at once and names the holder. A release is
written aside (`<out>/.staging-<version>/`), then moved into place, then `latest` is pointed at it, so a reader
never sees half a release. A version that already holds different data is never overwritten unless asked.
"""
from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
import socket
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from .config import ConfigError

WORK_DIR_MARK = ".miner-work"  # written into every work dir a run creates
CONTENT_PREFIXES = ("data/", "stats/", "exports/")  # what "the same release" means: the rows, not the card


class PublishError(ConfigError):
    """A release or work directory this run must not touch (exit code 2, nothing written)."""


@contextmanager
def locked(path: Path, what: str) -> Iterator[None]:
    """Hold an exclusive lock on `path` (an advisory flock: released by the kernel when the process dies, so
    kill -9 never leaves a stale lock); a second holder gets a PublishError naming the first."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fh = open(path, "a+", encoding="utf-8")
    try:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            fh.seek(0)
            holder = fh.read().strip() or "another process"
            raise PublishError(f"{what} is in use by {holder} (lock file {path})") from None
        fh.seek(0)
        fh.truncate()
        fh.write(f"pid {os.getpid()} on {socket.gethostname()} since "
                 f"{time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime())}\n")
        fh.flush()
        yield
    finally:
        fh.close()


def check_work_dir(work_dir: Path) -> None:
    """A work dir is created by a run, or is one a run created before: resume deletes stale outputs in it, so a
    directory of the user's (`--work-dir ~`) is refused, not cleaned."""
    if work_dir.is_symlink() or (work_dir.exists() and not work_dir.is_dir()):
        raise PublishError(f"--work-dir {work_dir} is not a directory")
    foreign = {p.name for p in work_dir.iterdir()} - {".lock"} if work_dir.is_dir() else set()
    if foreign and not ((work_dir / WORK_DIR_MARK).exists() or (work_dir / "markers").is_dir()):
        raise PublishError(f"--work-dir {work_dir} is not empty and is not a prompt-miner work directory; "
                           "give a new or empty directory")
    work_dir.mkdir(parents=True, exist_ok=True)
    (work_dir / WORK_DIR_MARK).touch()


def check_release_root(out_root: Path, version: str) -> Path:
    """Refuse, before any work, a release root that cannot take this version; returns the version directory."""
    if out_root.exists() and not out_root.is_dir():
        raise PublishError(f"--out {out_root} exists and is not a directory")
    try:
        out_root.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise PublishError(f"--out {out_root}: cannot create it ({exc.strerror})") from None
    if not os.access(out_root, os.W_OK | os.X_OK):
        raise PublishError(f"--out {out_root} is not writable")
    latest = out_root / "latest"
    if latest.exists() and not latest.is_symlink():
        raise PublishError(f"{latest} exists and is not the link a release root keeps there")
    release_dir = out_root / version
    if release_dir.is_symlink() or (release_dir.exists() and not release_dir.is_dir()):
        raise PublishError(f"{release_dir} exists and is not a release directory")
    if release_dir.is_dir() and any(release_dir.iterdir()) and not (release_dir / "manifest.json").is_file():
        raise PublishError(f"{release_dir} exists, is not empty and holds no release (no manifest.json)")
    return release_dir


def staging_dir(release_dir: Path) -> Path:
    """An empty directory beside the release to write it in (what a killed run left there is removed)."""
    staged = release_dir.with_name(f".staging-{release_dir.name}")
    if staged.is_symlink():
        raise PublishError(f"{staged} is a symbolic link; remove it")
    if staged.exists():
        shutil.rmtree(staged)
    staged.mkdir()
    return staged


def content_files(manifest: dict) -> dict[str, str]:
    """The checksums that make two releases the same: their rows, cell statistics and exports."""
    return {name: entry["sha256"] for name, entry in manifest.get("files", {}).items()
            if name.startswith(CONTENT_PREFIXES)}


def same_data(old: dict | None, new: dict | None) -> bool:
    """Whether two manifests (None: no readable one) describe the same rows, cell statistics and exports."""
    return old is not None and content_files(old) == content_files(new or {})


def read_manifest(release_dir: Path) -> dict | None:
    try:
        manifest = json.loads((release_dir / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return manifest if isinstance(manifest, dict) and isinstance(manifest.get("files"), dict) else None


def previous_release(release_dir: Path, new_manifest: dict, overwrite: bool) -> dict | None:
    """What publishing `new_manifest` at `release_dir` replaces: None for a new version or the same data again;
    a record for the manifest when different data replaces old with `--overwrite`; a PublishError without it."""
    if not release_dir.is_dir() or not any(release_dir.iterdir()):
        return None
    old = read_manifest(release_dir)
    if same_data(old, new_manifest):
        return None
    if not overwrite:
        raise PublishError(
            f"{release_dir} already holds a different release of version {release_dir.name} "
            "(its data files differ from this run's): bump `version:` in the config, or pass --overwrite to "
            "replace it (recorded in the new manifest)")
    replaced = {"files": len((old or {}).get("files", {}))}
    if old is not None:
        replaced["code_version"] = old.get("code_version")
        replaced["content_sha256"] = _content_digest(content_files(old))
    return replaced


def _content_digest(files: dict[str, str]) -> str:
    return hashlib.sha256(json.dumps(files, sort_keys=True).encode()).hexdigest()


def publish(staged: Path, release_dir: Path) -> None:
    """Move the staged release into place. A previous version directory is first moved aside, then removed; its
    `audit/` reports are kept when the data is unchanged (they describe the same rows)."""
    if release_dir.exists():
        old = release_dir.with_name(f".replaced-{release_dir.name}")
        if old.exists():
            shutil.rmtree(old)
        keep_audit = same_data(read_manifest(release_dir), read_manifest(staged))
        if keep_audit and (release_dir / "audit").is_dir() and not (staged / "audit").exists():
            os.replace(release_dir / "audit", staged / "audit")
        os.replace(release_dir, old)
        os.replace(staged, release_dir)
        shutil.rmtree(old)
    else:
        os.replace(staged, release_dir)
    link_latest(release_dir)


def link_latest(release_dir: Path) -> None:
    """Point `<release root>/latest` at this version (a relative symlink, replaced atomically)."""
    latest = release_dir.parent / "latest"
    tmp = latest.with_name(".latest.tmp")
    tmp.unlink(missing_ok=True)
    os.symlink(release_dir.name, tmp)
    os.replace(tmp, latest)
