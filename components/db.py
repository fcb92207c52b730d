"""One read-only DuckDB connection per process; query results cached by name and parameters."""
from __future__ import annotations

import threading

import duckdb
import pandas as pd
import streamlit as st

from sammanhallen import queries
from sammanhallen.build import build
from sammanhallen.paths import database_path


@st.cache_resource(show_spinner=False)
def _holder() -> dict:
    """The process's one connection, with the (path, mtime) it was opened for."""
    return {"key": None, "connection": None, "lock": threading.Lock()}


def _current_connection() -> duckdb.DuckDBPyConnection:
    path = database_path()
    if not path.exists():  # a fresh clone started without `make data`
        build(out=path)
    key = (str(path), path.stat().st_mtime)
    holder = _holder()
    with holder["lock"]:
        if holder["key"] != key:
            # `make data` swaps the file in atomically. DuckDB hands out the already-open database
            # for a path it knows, so the old connection must close before the new file is read.
            if holder["connection"] is not None:
                holder["connection"].close()
            holder["connection"] = duckdb.connect(str(path), read_only=True)
            holder["key"] = key
        return holder["connection"]


@st.cache_data(show_spinner=False, max_entries=512)
def _cached(name: str, db_path: str, db_mtime: float, params: dict) -> pd.DataFrame:
    return queries.run(_current_connection(), name, **params)


def run(name: str, /, **params) -> pd.DataFrame:
    """Run queries/<name>.sql with bound parameters; the result is a copy the caller may change."""
    _current_connection()  # builds the database on a fresh clone
    path = database_path()
    return _cached(name, str(path), path.stat().st_mtime, params).copy()


def current_connection() -> duckdb.DuckDBPyConnection:
    """The read-only connection, for code that renders views without a query file (presenter, exports)."""
    return _current_connection()
