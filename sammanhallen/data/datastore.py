"""Where the app's data lives, and one read-only DuckDB connection onto it.

The location comes from the environment variable DASHBOARD_DATA:

    unset                           the local DuckDB file (DASHBOARD_DB, default data/dashboard.duckdb)
    /path/to/dashboard.duckdb       that DuckDB file
    /srv/dataset                    a published Parquet dataset in a folder
    https://data.example.se/dataset a published Parquet dataset over HTTP(S) (DuckDB's httpfs)
    s3://bucket/dataset             a published Parquet dataset in S3 (httpfs; credentials below)

A published dataset (written by `python -m sammanhallen.data.publish`) is a folder holding one folder
per version and a file CURRENT naming the active one:

    dataset/CURRENT                          "v20250101-120000-1a2b3c\\n"
    dataset/v20250101-120000-1a2b3c/manifest.json
    dataset/v20250101-120000-1a2b3c/areas.parquet, observations.parquet, ...

A version folder is never changed once CURRENT has named it, so a reader that opened version N
keeps reading version N until it switches, and every query sees exactly one version.

How a store is opened:

- a DuckDB file: read-only, through a private hard link (or a copy where no link can be made).
  DuckDB hands out the already-open database for a resolved path it knows, so after a swap
  `connect(path)` would return the old file while any cursor of it is still running; the alias
  has its own path and names exactly the file that was there when it was made.
- a dataset: a private DuckDB catalog file (made in the temp folder, opened read-only, unlinked
  at once). DASHBOARD_DATA_MODE=copy loads every table into it (`CREATE TABLE t AS SELECT * FROM
  read_parquet('<root>/<version>/t.parquet')`): queries are as fast as on the file, behave the
  same (`rowid` is document order) and never touch the network again. DASHBOARD_DATA_MODE=view
  makes views over the Parquet files instead, read in place (for data too large to copy; a query
  must then not use `rowid`). `auto` (the default) copies datasets up to
  DASHBOARD_DATA_COPY_MAX_MB (512). Then the model views from queries/models/ are created, so
  every query in queries/ runs unchanged, and like the file the connection refuses writes.

httpfs is loaded from the `duckdb-extension-httpfs` pip package (pinned to the DuckDB version),
only for remote locations; DuckDB never installs anything from the network.

S3 credentials: AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (/ AWS_SESSION_TOKEN), region from
AWS_REGION or AWS_DEFAULT_REGION, and for S3-compatible stores DASHBOARD_S3_ENDPOINT (host[:port]),
DASHBOARD_S3_URL_STYLE (`path`) and DASHBOARD_S3_USE_SSL (`false`). Without keys the bucket is
read anonymously, unless the `duckdb-extension-aws` package is installed, in which case DuckDB's
credential chain (instance role, ~/.aws) is used.

Parts: data_location.py (DASHBOARD_DATA), dataset_files.py (CURRENT and manifests), remote_access.py
(httpfs and S3 credentials); this module opens stores and keeps the process's reader current.
"""
from __future__ import annotations

import itertools
import logging
import os
import re
import secrets
import shutil
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from sammanhallen.paths import QUERY_DIR
from sammanhallen.data.sql_text import quote_ident, quote_literal
from sammanhallen.data.data_location import (
    DataLocation, DatasetError, check_seconds, data_location, file_identity, file_version, parse_location,
)
from sammanhallen.data.dataset_files import ControlFileReader, read_current, read_manifest, sha256_file
from sammanhallen.data.remote_access import BASE_CONFIG, configure_remote

log = logging.getLogger(__name__)

ENV_MODE = "DASHBOARD_DATA_MODE"
ENV_COPY_MAX_MB = "DASHBOARD_DATA_COPY_MAX_MB"
DEFAULT_COPY_MAX_MB = 512
RETRY_FAILED_SECONDS = 60.0  # a version that would not open is tried again after this long


# ---------------------------------------------------------------------------------------------
# Stores


@dataclass(eq=False)
class Store:
    """One read-only DuckDB connection onto one version of the data.

    Use a cursor per query (`store.cursor()`): the parent connection is only touched under the
    store's lock. A store that is no longer current is simply dropped, never closed under a
    running query: DuckDB keeps the database alive while any cursor of it is in use.
    """

    location: DataLocation
    version: tuple
    connection: duckdb.DuckDBPyConnection
    manifest: dict | None = None
    mode: str = "file"  # "file", or for a dataset "copy" or "view"
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @property
    def version_id(self) -> str | None:
        """The published version (datasets only)."""
        return self.version[2] if self.location.kind == "dataset" else None

    def cursor(self) -> duckdb.DuckDBPyConnection:
        with self._lock:
            return self.connection.cursor()

    def tables(self) -> list[str]:
        """The data tables (not the model views)."""
        if self.manifest:
            return sorted(self.manifest["tables"])
        cursor = self.cursor()
        try:
            return [r[0] for r in cursor.execute(
                "SELECT table_name FROM duckdb_tables() WHERE database_name = current_database() "
                "AND schema_name = 'main' ORDER BY 1").fetchall()]
        finally:
            cursor.close()

    def close(self) -> None:
        """Close now (tests, scripts). Cursors still running fail, so readers never call this on a swap."""
        with self._lock:
            self.connection.close()


def model_view_sql() -> list[str]:
    """The view models only: table models (pre-aggregated summaries) were built by the build and
    are published as tables, so they arrive with the dataset."""
    texts = [p.read_text(encoding="utf-8") for p in sorted((QUERY_DIR / "models").glob("*.sql"))]
    return [t for t in texts if re.search(r"^\s*create\s+(or\s+replace\s+)?view\b", t, re.IGNORECASE | re.MULTILINE)]


_names = itertools.count(1)


def _private_name(folder: str | os.PathLike, prefix: str, suffix: str = "") -> str:
    """A file name never used before in this process: DuckDB caches open databases by path, so a
    reused name (even of a since-deleted file) could hand back an old database."""
    return str(Path(folder) / f"{prefix}{os.getpid()}-{next(_names)}-{secrets.token_hex(4)}{suffix}")


def _open_catalog(build, finish) -> duckdb.DuckDBPyConnection:
    """Make a catalog file with `build(con)`, reopen it read-only, run `finish(con)`, unlink it."""
    name = _private_name(tempfile.gettempdir(), "sammanhallen-catalog-", ".duckdb")
    try:
        con = duckdb.connect(name, config=BASE_CONFIG)
        try:
            build(con)
            con.execute("CHECKPOINT")
        finally:
            con.close()
        reader = duckdb.connect(name, read_only=True, config=BASE_CONFIG)
        try:
            finish(reader)
        except BaseException:
            reader.close()
            raise
        return reader
    finally:
        for leftover in (name, name + ".wal"):
            try:
                os.unlink(leftover)
            except FileNotFoundError:
                pass


def _alias(path: str) -> tuple[str, tuple]:
    """A private name for the file as it is now, and the identity of what it names.

    DuckDB hands out the already-open database for a (resolved) path it knows, so after a swap
    `connect(path)` would return the old file while any cursor of it is still running. A hard
    link made next to the file has its own path and names exactly the inode that was there when
    it was made; where no link can be made (read-only folder, other owner) the file is copied to
    the temp folder instead."""
    folder = Path(path).parent
    for _ in range(5):
        name = _private_name(folder, f".{Path(path).name}.reader-")
        try:
            os.link(path, name)
        except FileExistsError:
            continue
        except FileNotFoundError:
            raise
        except OSError:
            break  # read-only folder, another owner (protected_hardlinks), another filesystem
        return str(name), ("file", path, *file_identity(os.stat(name)))
    for _ in range(5):
        before = file_version(path)
        name = _private_name(tempfile.gettempdir(), "sammanhallen-copy-", ".duckdb")
        shutil.copyfile(path, name)
        if file_version(path) == before:
            return name, before
        os.unlink(name)
    raise DatasetError(f"{path} kept changing while it was opened")


def _open_file(location: DataLocation) -> Store:
    """The DuckDB file itself, read-only, through a private alias (see _alias)."""
    try:
        name, version = _alias(location.uri)
    except FileNotFoundError as error:
        raise DatasetError(f"{location.uri} does not exist (run `make data`)") from error
    try:
        connection = duckdb.connect(name, read_only=True, config=BASE_CONFIG)
    except duckdb.Error as error:
        raise DatasetError(f"{location.uri}: {error}") from error
    finally:
        os.unlink(name)  # DuckDB holds the file open; the name is no longer needed
    return Store(location, version, connection)


def _parquet_source(location: DataLocation, version_id: str, table: str) -> str:
    return f"read_parquet({quote_literal(location.join(version_id, table + '.parquet'))})"


def dataset_mode(manifest: dict) -> str:
    """"copy" (tables in a private DuckDB file) or "view" (views over the Parquet files).

    DASHBOARD_DATA_MODE=copy|view|auto; auto copies datasets up to DASHBOARD_DATA_COPY_MAX_MB
    (default 512) and reads larger ones in place."""
    mode = os.environ.get(ENV_MODE, "auto").strip().lower() or "auto"
    if mode in ("copy", "view"):
        return mode
    if mode != "auto":
        raise DatasetError(f"{ENV_MODE}={mode!r}: use copy, view or auto")
    try:
        limit = float(os.environ.get(ENV_COPY_MAX_MB, DEFAULT_COPY_MAX_MB)) * 1e6
    except ValueError:
        limit = DEFAULT_COPY_MAX_MB * 1e6
    size = sum(entry.get("bytes", 0) for entry in manifest["tables"].values())
    return "copy" if size <= limit else "view"


def _open_dataset(location: DataLocation, version_id: str | None = None, probe: ControlFileReader | None = None,
                  mode: str | None = None) -> Store:
    version_id = version_id or read_current(location, probe)
    manifest = read_manifest(location, version_id, probe)
    mode = mode or dataset_mode(manifest)
    tables = manifest["tables"]
    if not location.remote:
        for name, entry in tables.items():  # local files are cheap to hash: check every byte
            target = location.join(version_id, entry["file"])
            try:
                digest = sha256_file(target)
            except OSError as error:
                raise DatasetError(f"{target}: {error}") from error
            if digest != entry.get("sha256"):
                raise DatasetError(f"{target} does not match its manifest checksum")

    def build(con):
        if location.remote:
            configure_remote(con, location)
        kind = "TABLE" if mode == "copy" else "VIEW"
        for name, entry in tables.items():
            try:
                con.execute(f"CREATE {kind} {quote_ident(name)} AS SELECT * FROM {_parquet_source(location, version_id, name)}")
                rows = con.execute(f"SELECT count(*) FROM {quote_ident(name)}").fetchone()[0]
            except duckdb.Error as error:
                raise DatasetError(f"{location.join(version_id, entry['file'])}: {error}") from error
            if rows != entry.get("rows"):
                raise DatasetError(f"{location.join(version_id, entry['file'])} has {rows} rows, its manifest says {entry.get('rows')}")
        for model in model_view_sql():
            try:
                con.execute(model)
            except duckdb.Error as error:
                raise DatasetError(f"version {version_id}: a model view does not build: {error}") from error

    def finish(con):
        if mode == "copy":
            return  # the data is in the catalog file; the Parquet files are not read again
        con.execute("SET parquet_metadata_cache = true")
        if location.remote:
            configure_remote(con, location)
            # Version folders never change, so remote metadata and blocks are cached without revalidation.
            con.execute("SET enable_http_metadata_cache = true")
            con.execute("SET validate_external_file_cache = 'NO_VALIDATION'")

    connection = _open_catalog(build, finish)
    return Store(location, ("dataset", location.uri, version_id), connection, manifest, mode)


def open_store(location: DataLocation | str | None = None, *, version_id: str | None = None,
               probe: ControlFileReader | None = None, mode: str | None = None) -> Store:
    """Open the data at `location` (default: data_location()) read-only.

    For a dataset, `version_id` pins a version instead of reading CURRENT and `mode` ("copy" or
    "view") overrides dataset_mode(). Raises DatasetError when the location or the version is
    incomplete; nothing half-read is ever returned."""
    if location is None:
        location = data_location()
    elif not isinstance(location, DataLocation):
        location = parse_location(location)
    if location.kind == "file":
        return _open_file(location)
    return _open_dataset(location, version_id, probe, mode)


def write_duckdb(store: Store, target: str | os.PathLike) -> Path:
    """Write the store's tables (and the model views) into a new DuckDB file at `target`,
    atomically: for downloads and tools that need a file when the app reads a dataset."""
    target = Path(target)
    staging = _private_name(target.parent, f".{target.name}.")
    names = store.tables()
    source = store.cursor()
    out = duckdb.connect(staging, config=BASE_CONFIG)
    try:
        for name in names:
            batch = source.execute(f"SELECT * FROM {quote_ident(name)}").arrow()
            out.register("incoming", batch)
            out.execute(f"CREATE TABLE {quote_ident(name)} AS SELECT * FROM incoming")
            out.unregister("incoming")
        for model in model_view_sql():
            out.execute(model)
        out.execute("CHECKPOINT")
    except BaseException:
        out.close()
        for leftover in (staging, staging + ".wal"):
            if os.path.exists(leftover):
                os.unlink(leftover)
        raise
    finally:
        source.close()
    out.close()
    os.replace(staging, target)
    return target


# ---------------------------------------------------------------------------------------------
# A process's reader: one store, switched when the data changes


class Reader:
    """Holds the process's current store and switches to a new one when the data changes.

    A DuckDB file is checked on every call (one stat). A dataset's CURRENT is read at most every
    `check_seconds`, by one thread while the others keep using the current store; a new version
    is opened and checked completely before it replaces the old one, and a version that cannot
    be opened is skipped (logged) while the old one stays in use.
    """

    def __init__(self, location: DataLocation | str | None = None, check_seconds: float | None = None):
        self._fixed = parse_location(location) if isinstance(location, str) else location
        self._check_seconds = check_seconds
        self._lock = threading.Lock()
        self._store: Store | None = None
        self._probe: ControlFileReader | None = None
        self._next_check = 0.0
        self._checking = False
        self._failed: tuple[str | None, float] = (None, 0.0)  # a version that would not open, and when
        self.switches = 0
        self.last_error: Exception | None = None

    def _interval(self) -> float:
        return check_seconds() if self._check_seconds is None else self._check_seconds

    def _probe_for(self, location: DataLocation) -> ControlFileReader | None:
        if not location.remote:
            return None
        if self._probe is None or self._probe.location != location:
            self._probe = ControlFileReader(location)
        return self._probe

    def store(self) -> Store:
        location = self._fixed or data_location()
        with self._lock:
            current = self._store
            if current is None or current.location != location:
                self._store = open_store(location, probe=self._probe_for(location))
                self._next_check = time.monotonic() + self._interval()
                return self._store
            if location.kind == "file":
                return self._check_file(current)
            if self._checking or time.monotonic() < self._next_check:
                return current
            self._checking = True
            probe = self._probe_for(location)
        try:
            version_id = read_current(location, probe)
            failed_id, failed_at = self._failed
            if version_id == failed_id and time.monotonic() - failed_at < RETRY_FAILED_SECONDS:
                pass  # it did not open a moment ago; the warning was logged then
            elif version_id != current.version_id:
                self._failed = (version_id, time.monotonic())  # cleared below when it opens
                fresh = open_store(location, version_id=version_id, probe=probe)
                self._failed = (None, 0.0)
                with self._lock:
                    if self._store is current:
                        self._store = fresh
                        self.switches += 1
                        log.info("data: switched %s from %s to %s", location, current.version_id, version_id)
        except (DatasetError, duckdb.Error, OSError) as error:
            self.last_error = error
            log.warning("data: staying on %s of %s: %s", current.version_id, location, error)
        finally:
            with self._lock:
                self._checking = False
                self._next_check = time.monotonic() + self._interval()
        return self._store

    def _check_file(self, current: Store) -> Store:
        """Called under the lock: reopen the DuckDB file when it was replaced."""
        try:
            if file_version(current.location.uri) == current.version:
                return current
            self._store = _open_file(current.location)
            self.switches += 1
        except (OSError, DatasetError, duckdb.Error) as error:  # mid-swap or removed: keep the open one
            self.last_error = error
            log.warning("data: keeping %s open: %s", current.location, error)
        return self._store
