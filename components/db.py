"""One read-only DuckDB connection per process onto the data location; results cached by version.

The location is the local DuckDB file by default, or a published Parquet dataset (folder, HTTP(S)
or S3) when DASHBOARD_DATA names one (see sammanhallen/data/datastore.py and docs/DEPLOYMENT.md).
The process's reader switches to new data on its own: a replaced DuckDB file on the next call, a
newly published dataset version within DASHBOARD_DATA_CHECK_SECONDS. A store that is no longer
current is dropped, never closed, so queries still running on it finish on the data they began on.
"""
from __future__ import annotations

import atexit
import hashlib
import shutil
import tempfile
import threading
from pathlib import Path

import duckdb
import pandas as pd
import streamlit as st

from sammanhallen import paths
from sammanhallen.data import datastore
from sammanhallen.data.data_location import resolved
from sammanhallen.data import queries
from sammanhallen.data.build import build


@st.cache_resource(show_spinner=False)
def _reader() -> datastore.Reader:
    """The process's one reader (one connection, guarded by its lock)."""
    return datastore.Reader()


def store() -> datastore.Store:
    """The current store: its `version` identifies the data, `cursor()` gives a connection to query."""
    location = datastore.data_location()
    if location.kind == "file" and location.uri == str(resolved(paths.database_path())):
        if not Path(location.uri).exists():  # a fresh clone started without `make data`
            build(out=Path(location.uri))
    return _reader().store()


@st.cache_data(show_spinner=False, max_entries=512)
def _cached(name: str, version: tuple, params: dict, _store: datastore.Store) -> pd.DataFrame:
    # `version` is the cache key; `_store` (not hashed) is the store that version was read from,
    # so a result is never computed on one version and cached under another.
    cursor = _store.cursor()
    try:
        return queries.run(cursor, name, **params)
    finally:
        cursor.close()


def run(name: str, /, **params) -> pd.DataFrame:
    """Run queries/<name>.sql with bound parameters; the result is a copy the caller may change
    (st.cache_data hands every caller its own copy)."""
    current = store()
    return _cached(name, current.version, params, current)


def data_version() -> tuple:
    """Identifies the data being read; use it in cache keys (it changes when the data changes)."""
    return store().version


def current_connection() -> duckdb.DuckDBPyConnection:
    """A read-only connection (a cursor of the process's connection, for this caller alone), for
    code that renders views without a query file (presenter, exports)."""
    return store().cursor()


@st.cache_resource(show_spinner=False)
def _snapshots() -> dict:
    return {"lock": threading.Lock(), "folder": None, "version": None, "path": None}


def database_file() -> Path:
    """A DuckDB file holding the data being read, for code that needs a file (downloads, the SQL
    console): the file itself, or for a dataset a private copy of the current version, written
    once per version and process. Its modification time changes whenever the data does."""
    current = store()
    if current.location.kind == "file":
        return Path(current.location.uri)
    holder = _snapshots()
    with holder["lock"]:
        if holder["version"] != current.version or not holder["path"].exists():
            if holder["folder"] is None:
                holder["folder"] = Path(tempfile.mkdtemp(prefix="sammanhallen-snapshot-"))
                atexit.register(shutil.rmtree, holder["folder"], True)
            digest = hashlib.sha256(repr(current.version).encode()).hexdigest()[:12]
            path = datastore.write_duckdb(current, holder["folder"] / f"dashboard-{digest}.duckdb")
            for old in holder["folder"].glob("dashboard-*.duckdb"):
                if old != path:  # anyone still reading an old copy keeps its open file
                    old.unlink(missing_ok=True)
            holder.update(version=current.version, path=path)
        return holder["path"]


# Callers stamp caches with `db.database_path().stat().st_mtime`; this keeps that working for a dataset.
database_path = database_file

