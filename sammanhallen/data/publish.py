"""Publish the DuckDB file as a versioned Parquet dataset that app processes on many hosts read.

    python -m sammanhallen.data.publish --db data/dashboard.duckdb --dest /srv/dataset [--keep 5]
    python -m sammanhallen.data.publish --dest /srv/dataset --list
    python -m sammanhallen.data.publish --dest /srv/dataset --rollback <version>

Every table is exported to Parquet into a new version folder, written under a temporary name
and renamed into place only when complete; the folder is then opened exactly as a reader would
(checksums, row counts, model views) and only after that does CURRENT name it, replaced in one
atomic step. A version folder is never changed afterwards. Old versions are removed by
`collect_garbage`: never the current one, never one of the newest `keep`, and never one that
was current less than `grace_seconds` ago (readers look at CURRENT every few seconds and keep
reading the version they opened until then).

Publishing writes to a local folder only. To serve readers over HTTP(S) or S3, publish into the
folder a web server serves, or sync the folder to the bucket: version folders first, CURRENT
last (see docs/DEPLOYMENT.md).
"""
from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import fcntl
import hashlib
import json
import os
import secrets
import shutil
import sys
import time
from pathlib import Path

import duckdb

from sammanhallen.data import datastore
from sammanhallen.data.data_location import DataLocation, DatasetError
from sammanhallen.data.dataset_files import (
    CURRENT, FORMAT, MANIFEST, TABLE_NAME, VERSION_ID, read_current, read_manifest, sha256_file,
)
from sammanhallen.data.remote_access import BASE_CONFIG
from sammanhallen.paths import DEFAULT_DB
from sammanhallen.data.sql_text import quote_ident, quote_literal

ENV_KEEP = "DASHBOARD_PUBLISH_KEEP"
ENV_GRACE = "DASHBOARD_PUBLISH_GRACE_SECONDS"
DEFAULT_KEEP = 5
DEFAULT_GRACE_SECONDS = 3600.0
TEMP_PREFIX = ".publishing-"
LOCK_FILE = ".publish.lock"


def _env_number(name: str, default, kind=float):
    try:
        return kind(os.environ.get(name, default))
    except ValueError:
        return default


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_file(path: Path) -> None:
    with open(path, "rb") as handle:
        os.fsync(handle.fileno())


def _write_atomically(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    with open(tmp, "w", encoding="utf-8") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)
    _fsync_dir(path.parent)


@contextlib.contextmanager
def _publish_lock(dest: Path):
    """One publisher at a time per dataset folder (on this host)."""
    with open(dest / LOCK_FILE, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _local_dest(dest) -> Path:
    text = str(dest)
    if text.startswith(("http://", "https://", "s3://")):
        raise DatasetError(
            f"{text}: publishing writes to a local folder; publish there and sync or serve that folder "
            "(version folders first, CURRENT last), see docs/DEPLOYMENT.md"
        )
    return Path(text).expanduser().resolve()


def _new_version_id(dest: Path) -> str:
    while True:
        version_id = f"v{dt.datetime.now(dt.timezone.utc):%Y%m%d-%H%M%S}-{secrets.token_hex(3)}"
        if not (dest / version_id).exists():
            return version_id


def current_version(dest) -> str | None:
    """The version CURRENT names, or None before the first publish."""
    try:
        return read_current(DataLocation("dataset", str(_local_dest(dest))))
    except DatasetError:
        return None


def export_tables(db_path: Path, folder: Path) -> dict:
    """Every table of the DuckDB file to <folder>/<table>.parquet; returns the manifest's table entries."""
    con = duckdb.connect(config=BASE_CONFIG)
    try:
        con.execute(f"ATTACH {quote_literal(str(db_path))} AS source (READ_ONLY)")
        names = [r[0] for r in con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE database_name = 'source' AND schema_name = 'main' ORDER BY 1"
        ).fetchall()]
        if not names:
            raise DatasetError(f"{db_path} has no tables")
        tables = {}
        for name in names:
            if not TABLE_NAME.match(name):
                raise DatasetError(f"{db_path}: table name {name!r} cannot be published")
            target = folder / f"{name}.parquet"
            con.execute(f"COPY source.main.{quote_ident(name)} TO {quote_literal(str(target))} "
                        "(FORMAT parquet, COMPRESSION zstd)")
            _fsync_file(target)
            tables[name] = {
                "file": target.name,
                "rows": con.execute(f"SELECT count(*) FROM source.main.{quote_ident(name)}").fetchone()[0],
                "bytes": target.stat().st_size,
                "sha256": sha256_file(target),
            }
        return tables
    finally:
        con.close()


def _content_hash(tables: dict) -> str:
    lines = "".join(f"{name}\t{entry['sha256']}\n" for name, entry in sorted(tables.items()))
    return hashlib.sha256(lines.encode()).hexdigest()


def publish(db_path=DEFAULT_DB, dest=None, *, keep: int | None = None, grace_seconds: float | None = None) -> str:
    """Export the DuckDB file as a new version of the dataset at `dest` and make it current.

    Returns the version id now current. When the data is byte-for-byte what the current version
    holds, nothing is written and the current id is returned. Raises DatasetError (CURRENT
    untouched, no version folder left behind) when anything fails."""
    if dest is None:
        raise DatasetError("publish needs a destination folder")
    db_path = Path(db_path).expanduser().resolve()
    if not db_path.is_file():
        raise DatasetError(f"{db_path} does not exist (run `make data`)")
    dest = _local_dest(dest)
    dest.mkdir(parents=True, exist_ok=True)
    keep = keep if keep is not None else _env_number(ENV_KEEP, DEFAULT_KEEP, int)
    grace_seconds = grace_seconds if grace_seconds is not None else _env_number(ENV_GRACE, DEFAULT_GRACE_SECONDS)
    location = DataLocation("dataset", str(dest))
    with _publish_lock(dest):
        previous = current_version(dest)
        version_id = _new_version_id(dest)
        staging = dest / f"{TEMP_PREFIX}{version_id}"
        staging.mkdir()
        try:
            tables = export_tables(db_path, staging)
            content = _content_hash(tables)
            if previous is not None:
                try:
                    if read_manifest(location, previous).get("content_sha256") == content:
                        return previous  # nothing changed: readers keep what they have
                except DatasetError:
                    pass
            manifest = {
                "format": FORMAT,
                "version": version_id,
                "created_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="microseconds"),
                "previous": previous,
                "source": db_path.name,
                "duckdb_version": duckdb.__version__,
                "content_sha256": content,
                "tables": tables,
            }
            (staging / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
            _fsync_file(staging / MANIFEST)
            _fsync_dir(staging)
            os.rename(staging, dest / version_id)
            _fsync_dir(dest)
        finally:
            if staging.exists():
                shutil.rmtree(staging, ignore_errors=True)
        try:
            _set_current(dest, version_id)
        except BaseException:
            shutil.rmtree(dest / version_id, ignore_errors=True)
            raise
        collect_garbage(dest, keep=keep, grace_seconds=grace_seconds)
    return version_id


def _set_current(dest: Path, version_id: str) -> None:
    """Open the version exactly as a reader would; only if that works, point CURRENT at it."""
    store = datastore.open_store(DataLocation("dataset", str(dest)), version_id=version_id)
    store.close()
    _write_atomically(dest / CURRENT, version_id + "\n")


def set_current(dest, version_id: str) -> None:
    """Roll back (or forward) to a version still in the folder."""
    dest = _local_dest(dest)
    if not VERSION_ID.match(version_id) or not (dest / version_id).is_dir():
        raise DatasetError(f"{dest} has no version {version_id!r}")
    with _publish_lock(dest):
        _set_current(dest, version_id)


def versions(dest) -> list[dict]:
    """The complete version folders, oldest first: id, created_at, rows, current."""
    dest = _local_dest(dest)
    location = DataLocation("dataset", str(dest))
    current = current_version(dest)
    found = []
    for folder in dest.iterdir() if dest.is_dir() else ():
        if not folder.is_dir() or not VERSION_ID.match(folder.name):
            continue
        try:
            manifest = read_manifest(location, folder.name)
        except DatasetError:
            continue
        found.append({
            "version": folder.name,
            "created_at": manifest.get("created_at", ""),
            "rows": sum(t.get("rows", 0) for t in manifest["tables"].values()),
            "current": folder.name == current,
        })
    return sorted(found, key=lambda v: (v["created_at"], v["version"]))


def collect_garbage(dest, keep: int = DEFAULT_KEEP, grace_seconds: float = DEFAULT_GRACE_SECONDS) -> list[str]:
    """Remove old versions: keeps the current one, the newest `keep`, and any version whose
    successor was published less than `grace_seconds` ago; also removes staging folders of
    crashed publishes older than the grace period. Returns the removed version ids."""
    dest = _local_dest(dest)
    listed = versions(dest)
    now = dt.datetime.now(dt.timezone.utc)
    removed = []
    newest = {v["version"] for v in listed[-max(keep, 1):]}
    for older, newer in zip(listed, listed[1:]):
        if older["current"] or older["version"] in newest:
            continue
        try:
            superseded = dt.datetime.fromisoformat(newer["created_at"])
        except ValueError:
            continue
        if (now - superseded).total_seconds() < grace_seconds:
            continue
        shutil.rmtree(dest / older["version"], ignore_errors=True)
        removed.append(older["version"])
    for staging in dest.glob(f"{TEMP_PREFIX}*"):
        if time.time() - staging.stat().st_mtime > grace_seconds:
            shutil.rmtree(staging, ignore_errors=True)
    return removed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=DEFAULT_DB, help="the DuckDB file to publish")
    parser.add_argument("--dest", required=True, help="the dataset folder (local path)")
    parser.add_argument("--keep", type=int, default=None, help=f"versions to keep (default {DEFAULT_KEEP})")
    parser.add_argument("--list", action="store_true", help="list the versions in the folder")
    parser.add_argument("--rollback", metavar="VERSION", help="make an earlier version current again")
    args = parser.parse_args(argv)
    try:
        if args.list:
            for v in versions(args.dest):
                print(f"{'*' if v['current'] else ' '} {v['version']}  {v['created_at']}  {v['rows']:>7} rows")
            return 0
        if args.rollback:
            set_current(args.dest, args.rollback)
            print(f"CURRENT -> {args.rollback}")
            return 0
        previous = current_version(args.dest)
        version_id = publish(args.db, args.dest, keep=args.keep)
    except DatasetError as error:
        print(f"Publish stopped; CURRENT was left as it was.\n{error}", file=sys.stderr)
        return 1
    if version_id == previous:
        print(f"Unchanged: {Path(args.dest) / version_id} already holds this data (CURRENT)")
    else:
        print(f"Published {args.db} -> {Path(args.dest) / version_id} (CURRENT)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
