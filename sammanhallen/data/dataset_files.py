"""A published dataset's control files: CURRENT (the active version) and each version's
manifest.json (its tables, files, rows and checksums), read locally or over the network.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import threading
from pathlib import Path

import duckdb

from sammanhallen.data.data_location import DataLocation, DatasetError
from sammanhallen.data.remote_access import BASE_CONFIG, configure_remote


CURRENT = "CURRENT"
MANIFEST = "manifest.json"
FORMAT = "sammanhallen-dataset/1"
VERSION_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")
TABLE_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,62}$")


class ControlFileReader:
    """Reads small control files (CURRENT, manifest.json) of a remote dataset, uncached."""

    def __init__(self, location: DataLocation):
        self.location = location
        self._lock = threading.Lock()
        self._con: duckdb.DuckDBPyConnection | None = None

    def read_text(self, url: str) -> str:
        with self._lock:
            if self._con is None:
                con = duckdb.connect(config=BASE_CONFIG)
                configure_remote(con, self.location)
                con.execute("SET enable_external_file_cache = false")
                con.execute("SET enable_http_metadata_cache = false")
                con.execute("SET http_timeout = 10")
                con.execute("SET http_retries = 1")
                self._con = con
            try:
                row = self._con.execute("SELECT content FROM read_text(?)", [url]).fetchone()
            except duckdb.Error as error:
                raise DatasetError(f"cannot read {url}: {error}") from error
            return row[0] if row else ""


def _read_text(location: DataLocation, *parts: str, probe: ControlFileReader | None = None) -> str:
    target = location.join(*parts)
    if location.remote:
        return (probe or ControlFileReader(location)).read_text(target)
    try:
        return Path(target).read_text(encoding="utf-8")
    except OSError as error:
        raise DatasetError(f"cannot read {target}: {error}") from error


def read_current(location: DataLocation, probe: ControlFileReader | None = None) -> str:
    """The version id CURRENT names."""
    try:
        version_id = _read_text(location, CURRENT, probe=probe).strip()
    except DatasetError as error:
        raise DatasetError(f"{error} (is this a dataset published with `python -m sammanhallen.data.publish`?)") from error
    if not VERSION_ID.match(version_id):
        raise DatasetError(f"{location.join(CURRENT)} does not name a version: {version_id[:80]!r}")
    return version_id


def read_manifest(location: DataLocation, version_id: str, probe: ControlFileReader | None = None) -> dict:
    """The version's manifest, checked for shape (format, version, table names and files)."""
    if not VERSION_ID.match(version_id):
        raise DatasetError(f"not a version id: {version_id!r}")
    text = _read_text(location, version_id, MANIFEST, probe=probe)
    try:
        manifest = json.loads(text)
    except json.JSONDecodeError as error:
        raise DatasetError(f"{location.join(version_id, MANIFEST)} is not JSON: {error}") from error
    if manifest.get("format") != FORMAT or manifest.get("version") != version_id:
        raise DatasetError(f"{location.join(version_id, MANIFEST)} is not a {FORMAT} manifest for {version_id}")
    tables = manifest.get("tables")
    if not isinstance(tables, dict) or not tables:
        raise DatasetError(f"{location.join(version_id, MANIFEST)} lists no tables")
    for name, entry in tables.items():
        if not TABLE_NAME.match(name) or entry.get("file") != f"{name}.parquet":
            raise DatasetError(f"{location.join(version_id, MANIFEST)}: bad table entry {name!r}")
    return manifest


def sha256_file(path: str | os.PathLike) -> str:
    """The file's SHA-256 as hex, read in 1 MiB blocks."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
