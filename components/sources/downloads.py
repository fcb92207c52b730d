"""Downloads of the whole database on the sources page. The bytes are made only when a button is
clicked (a callable) and kept per file modification time, so a rebuilt database is served fresh."""
from __future__ import annotations

import functools
from pathlib import Path

import streamlit as st

from sammanhallen import paths
from sammanhallen.data import export as db_export
from sammanhallen.formatting import format_number

from components import db
from components.i18n import lang, t


def database_file() -> Path:
    """The DuckDB file holding the data the app reads (downloads and the SQL console need a file).

    `components.db.database_file()` gives it once the data may live elsewhere (a published
    Parquet dataset is copied into a private file per version); before that, the local file."""
    finder = getattr(db, "database_file", None)
    if finder is not None:
        return Path(finder())
    db.current_connection()  # builds the database on a fresh clone
    return paths.database_path()


@functools.lru_cache(maxsize=2)
def _duckdb_bytes(path: str, mtime: float) -> bytes:
    return db_export.duckdb_file_bytes(path)


@functools.lru_cache(maxsize=2)
def _parquet_zip(path: str, mtime: float) -> bytes:
    return db_export.parquet_zip(path)


def render() -> None:
    path = database_file()
    stat = path.stat()
    key = (str(path), stat.st_mtime)
    st.header(t("Ladda ner hela databasen", "Download the whole database"))
    st.markdown(t(
        "Samma data som verktyget visar, med källa och tillförlitlighet för varje värde. Tabellerna beskrivs i "
        "`data/README.md`; zip-filen har en README.txt med tabellerna och alla källor.",
        "The same data the tool shows, with source and confidence for every value. The tables are described in "
        "`data/README.md`; the zip holds a README.txt naming the tables and every source.",
    ))
    size_mb = format_number(stat.st_size / 1e6, 1, lang())
    left, right = st.columns(2)
    left.download_button(
        t(f"DuckDB-fil ({size_mb} MB)", f"DuckDB file ({size_mb} MB)"),
        data=lambda: _duckdb_bytes(*key), file_name="sammanhallen_stad.duckdb",
        mime="application/octet-stream", key="download-duckdb", on_click="ignore", width="stretch",
    )
    right.download_button(
        t("Parquet-filer, en per tabell (zip)", "Parquet files, one per table (zip)"),
        data=lambda: _parquet_zip(*key), file_name="sammanhallen_stad_parquet.zip",
        mime="application/zip", key="download-parquet", on_click="ignore", width="stretch",
    )
    st.caption(t("Öppna filen med DuckDB:", "Open the file with DuckDB:"))
    st.code("duckdb sammanhallen_stad.duckdb -c \"select * from observation_details limit 10\"", language="bash")
