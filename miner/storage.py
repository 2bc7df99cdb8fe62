"""Where inputs, work dirs and releases live: a local path, or an `s3://bucket/prefix` URL.

The stages only ever see local paths. An s3:// location is read, listed and written through pyarrow's
S3FileSystem (signed requests with the usual AWS credentials: AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY,
AWS_PROFILE, ~/.aws files, web identity); AWS_ENDPOINT_URL (or AWS_ENDPOINT_URL_S3) points it at MinIO or a
local test server, since pyarrow does not read that variable itself. A work dir or release root on s3 is a local
directory mirrored to the bucket (`WorkMirror`, `publish_release`): S3 has neither rename nor locks, so this module
owns the order in which objects appear. See docs/storage.md.
"""
from __future__ import annotations

import fnmatch
import io
import os
from functools import lru_cache
from pathlib import Path
from typing import IO
from urllib.parse import urlparse

from .config import ConfigError, is_plain_version

LATEST = "latest"  # an object holding the version name: S3 has no symbolic links


def is_mark(name: str) -> bool:
    """A work-dir file that says others are complete: stage markers, a unit's stats file, ingest checkpoints,
    dedup and sampling round `done` files. An s3 push uploads them after, and deletes them before, everything
    else (a new kind of done file in a stage belongs here)."""
    base = name.rsplit("/", 1)[-1]
    return name.startswith(("markers/", "stats/", "checkpoints/")) or "/done/" in f"/{name}" or base.startswith("done-")


class StorageError(ConfigError):
    """An s3 location that cannot be used (no bucket, no credentials, refused): one line, exit code 2."""


def is_s3(location: str | Path) -> bool:
    return str(location).startswith("s3://")


def signed() -> bool:
    """Whether AWS credentials (or an endpoint of one's own) are configured: s3:// inputs are then read signed,
    else over the bucket's public HTTPS endpoint, as Common Crawl's are without an account. MINER_S3_SIGNED=1
    says so where only the SDK can find them (an EC2 instance role)."""
    keys = ("MINER_S3_SIGNED", "AWS_ACCESS_KEY_ID", "AWS_PROFILE", "AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_ENDPOINT_URL",
            "AWS_ENDPOINT_URL_S3", "AWS_CONTAINER_CREDENTIALS_FULL_URI", "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI")
    credentials = Path(os.environ.get("AWS_SHARED_CREDENTIALS_FILE", "~/.aws/credentials")).expanduser()
    return any(os.environ.get(k) for k in keys) or credentials.is_file()  # ~/.aws/config alone: often only a region


@lru_cache(maxsize=None)
def _filesystem(endpoint: str, region: str, identity: tuple):
    """`identity` (key id, profile) only keys the cache: other credentials, another filesystem."""
    from pyarrow import fs

    options: dict = {"retry_strategy": fs.AwsStandardS3RetryStrategy(max_attempts=8)}
    if endpoint:
        parsed = urlparse(endpoint)
        options.update(endpoint_override=parsed.netloc or parsed.path, scheme=parsed.scheme or "https")
    if region:
        options["region"] = region
    return fs.S3FileSystem(**options)


def filesystem():
    """The S3 filesystem for the current environment (one per endpoint, region and credentials, per process)."""
    env = os.environ.get
    endpoint = env("AWS_ENDPOINT_URL_S3") or env("AWS_ENDPOINT_URL") or ""
    region = env("AWS_REGION") or env("AWS_DEFAULT_REGION") or ("us-east-1" if endpoint else "")
    return _filesystem(endpoint, region, (env("AWS_ACCESS_KEY_ID"), env("AWS_PROFILE")))


def _key(url: str) -> str:
    """s3://bucket/a/b -> bucket/a/b, the path pyarrow takes."""
    return url[len("s3://"):].strip("/")


def _error(url: str, what: str, exc: Exception) -> StorageError:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return StorageError(f"{what} {url}: {text}")


def check(url: str, what: str) -> None:
    """Refuse, before any work, an s3 location whose bucket is missing or that no credentials can sign for."""
    bucket = _key(url).split("/", 1)[0]
    if not bucket:
        raise StorageError(f"{what} {url}: no bucket in the URL (s3://bucket/prefix)")
    if not signed():
        raise StorageError(f"{what} {url}: no AWS credentials configured (set AWS_ACCESS_KEY_ID and "
                           "AWS_SECRET_ACCESS_KEY, or AWS_PROFILE)")
    from pyarrow import fs

    try:
        info = filesystem().get_file_info(bucket)
    except OSError as exc:
        raise _error(url, what, exc) from None
    if info.type == fs.FileType.NotFound:
        raise StorageError(f"{what} {url}: bucket {bucket!r} does not exist (or these credentials cannot see it)")


def list_files(url: str) -> dict[str, int]:
    """Every object under the prefix `url`: relative name -> size (empty when there is none)."""
    from pyarrow import fs

    root = _key(url)
    try:
        infos = filesystem().get_file_info(fs.FileSelector(root, recursive=True, allow_not_found=True))
    except OSError as exc:
        raise _error(url, "listing", exc) from None
    return {i.path[len(root) + 1:]: i.size for i in infos if i.type == fs.FileType.File}


def expand(pattern: str) -> list[str]:
    """s3:// URLs matching a glob (`*`, `?`, `[...]` in the key; as in a shell, `*` stays within one `/` level),
    sorted; a URL without one is kept as it is."""
    if not any(c in pattern for c in "*?["):
        return [pattern]
    check(pattern, "--input")
    key = _key(pattern)
    cut = min(key.find(c) for c in "*?[" if c in key)
    prefix = key[:cut].rsplit("/", 1)[0]
    names = list_files(f"s3://{prefix}")
    return sorted(f"s3://{prefix}/{n}" for n in names
                  if fnmatch.fnmatchcase(f"{prefix}/{n}", key) and f"{prefix}/{n}".count("/") == key.count("/"))


def size(url: str) -> int:
    from pyarrow import fs

    try:
        info = filesystem().get_file_info(_key(url))
    except OSError as exc:
        raise _error(url, "input", exc) from None
    if info.type != fs.FileType.File:
        raise FileNotFoundError(f"input not found: {url}")
    return info.size


def open_read(url: str) -> IO[bytes]:
    """A seekable, buffered binary stream over an object (ranged GETs; pyarrow retries throttling)."""
    return io.BufferedReader(filesystem().open_input_file(_key(url)), buffer_size=1 << 20)


def read_text(url: str) -> str | None:
    try:
        with filesystem().open_input_stream(_key(url)) as fh:
            return fh.read().decode("utf-8")
    except FileNotFoundError:
        return None


def write_bytes(url: str, data: bytes) -> None:
    with filesystem().open_output_stream(_key(url)) as fh:
        fh.write(data)


def upload(local: Path, url: str) -> None:
    from pyarrow import fs

    fs.copy_files(str(local), _key(url), destination_filesystem=filesystem())


def delete(url: str) -> None:
    try:
        filesystem().delete_file(_key(url))
    except FileNotFoundError:
        pass


def download(url: str, local: Path, names: list[str] | None = None) -> None:
    """Copy the objects under `url` (or just `names` of them) into the directory `local`."""
    from pyarrow import fs

    for name in sorted(list_files(url) if names is None else names):
        if not name or name.startswith("/") or ".." in Path(name).parts:  # a hostile key would escape `local`
            raise StorageError(f"{url}: object {name!r} would be written outside {local}; refused")
        target = local / name
        target.parent.mkdir(parents=True, exist_ok=True)
        fs.copy_files(f"{_key(url)}/{name}", str(target), source_filesystem=filesystem())


def _local_files(root: Path, skip=lambda name: False) -> dict[str, tuple[int, int]]:
    return {p.relative_to(root).as_posix(): (p.stat().st_size, p.stat().st_mtime_ns)
            for p in sorted(root.rglob("*")) if p.is_file() and not p.is_symlink()
            and not skip(p.relative_to(root).as_posix())}


class WorkMirror:
    """A work dir on s3, run in a local directory: `restore` copies the bucket's work dir down (resume on any
    machine), `push` makes the bucket match the local directory.

    The order of `push` keeps the bucket a valid work dir at every moment. Units and stages finished since the
    last push are redone by the next run. Two runs on one s3 work dir are not excluded (no lock)."""

    def __init__(self, url: str, local: Path):
        self.url, self.local = url.rstrip("/"), local
        self.pushed: dict[str, tuple[int, int]] = {}  # what the bucket holds, as local (size, mtime)

    @staticmethod
    def _skip(name: str) -> bool:
        base = name.rsplit("/", 1)[-1]
        return base == ".lock" or ".tmp-" in base  # the local flock file, half-written files

    def restore(self) -> None:
        """Copy the work dir down; a prefix holding objects that are no work dir is refused before any copy."""
        from .publish import WORK_DIR_MARK, PublishError

        check(self.url, "--work-dir")
        names = list_files(self.url)
        if names and WORK_DIR_MARK not in names and not any(n.startswith("markers/") for n in names):
            raise PublishError(f"--work-dir {self.url} holds objects and is not a prompt-miner work directory; "
                               "give a new or empty prefix")
        self.local.mkdir(parents=True, exist_ok=True)
        download(self.url, self.local, list(names))
        self.pushed = _local_files(self.local, self._skip)

    def push(self) -> None:
        """Marks (is_mark) gone or rewritten are deleted first, so the bucket never holds a mark beside outputs
        of another run than its own; then outputs go up and gone ones are deleted; then the marks go up, the
        stage markers last."""
        now = _local_files(self.local, self._skip)
        changed = sorted((n for n in now if self.pushed.get(n) != now[n]), key=lambda n: n.startswith("markers/"))
        gone = sorted(n for n in self.pushed if n not in now)
        for name in [n for n in self.pushed if is_mark(n) and (n in gone or n in changed)]:
            delete(f"{self.url}/{name}")
        for name in [n for n in changed if not is_mark(n)]:
            upload(self.local / name, f"{self.url}/{name}")
        for name in [n for n in gone if not is_mark(n)]:
            delete(f"{self.url}/{name}")
        for name in [n for n in changed if is_mark(n)]:
            upload(self.local / name, f"{self.url}/{name}")
        self.pushed = now


def pull_version(root_url: str, version: str, local_root: Path) -> None:
    """Copy a published version's manifest from the bucket into the local release root, so that the local
    checks (publish.previous_release: refuse different data unless --overwrite) see what the bucket holds."""
    check(root_url, "--out")
    manifest = f"{root_url.rstrip('/')}/{version}/manifest.json"
    text = read_text(manifest)
    if text is not None:
        (local_root / version).mkdir(parents=True, exist_ok=True)
        (local_root / version / "manifest.json").write_text(text, encoding="utf-8")


def publish_release(release_dir: Path, root_url: str, keep_audit: bool) -> None:
    """Upload a verified local release to `<root>/<version>/`, delete that version's objects the new release does
    not hold (its `audit/` is kept when the data is unchanged, as publish.publish does locally), then point
    `<root>/latest` at it. Nothing outside the version's prefix is touched but `latest`, written last."""
    version_url = f"{root_url.rstrip('/')}/{release_dir.name}"
    before = list_files(version_url)
    files = _local_files(release_dir)
    for name in sorted(files, key=lambda n: n == "manifest.json"):  # the manifest last
        upload(release_dir / name, f"{version_url}/{name}")
    for name in sorted(set(before) - set(files)):
        if not (keep_audit and name.startswith("audit/")):
            delete(f"{version_url}/{name}")
    write_bytes(f"{root_url.rstrip('/')}/{LATEST}", f"{release_dir.name}\n".encode())


def fetch_release(url: str, local_root: Path) -> Path:
    """A published release (`<root>/<version>` or `<root>/latest`) copied into `local_root`, for verify/summary."""
    check(url, "release")
    url = url.rstrip("/")
    if url.endswith(f"/{LATEST}"):
        version = (read_text(url) or "").strip()
        if not version:
            raise StorageError(f"release {url}: no such object")
        url = f"{url.rsplit('/', 1)[0]}/{version}"
    version = url.rsplit("/", 1)[-1]
    if not is_plain_version(version):  # it names the local directory the release is copied into
        raise StorageError(f"release {url}: {version!r} is not a release version")
    target = local_root / version
    if not list_files(url):
        raise StorageError(f"release {url}: nothing there")
    download(url, target)
    return target


def location(text: str) -> str | Path:
    """A command-line location: s3:// URLs stay strings (Path would fold their `//`), the rest become Paths."""
    return text.rstrip("/") if is_s3(text) else Path(text)
