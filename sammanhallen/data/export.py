"""Downloads of the whole database: the DuckDB file as it is, and a zip of Parquet files, one per
table, with a README.txt naming the tables, the views' SQL and every source.

No Streamlit here; the sources page caches the bytes by the file's modification time.
"""
from __future__ import annotations

import io
import tempfile
import zipfile
from datetime import datetime, timezone
from pathlib import Path

import duckdb
from sammanhallen.data.sql_text import quote_ident, quote_literal

ALIAS = "src"


def duckdb_file_bytes(path: Path | str) -> bytes:
    """The database file's bytes (a few MB); opens with `duckdb.connect(file, read_only=True)`."""
    return Path(path).read_bytes()




def _open(db_path: Path | str) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB with the file attached READ_ONLY: independent of the configuration of
    any other connection this process holds to the same file, and unable to change it."""
    con = duckdb.connect(":memory:", config={"autoinstall_known_extensions": False,
                                             "autoload_known_extensions": False})
    con.execute(f"ATTACH {quote_literal(Path(db_path).resolve())} AS {ALIAS} (READ_ONLY)")
    return con


def tables(con: duckdb.DuckDBPyConnection) -> list[tuple[str, int]]:
    """(table name, row count) for every base table of the attached database."""
    names = [r[0] for r in con.execute(
        "select table_name from information_schema.tables where table_catalog = ? and table_schema = 'main' "
        "and table_type = 'BASE TABLE' order by table_name", [ALIAS]).fetchall()]
    return [(n, con.execute(f"select count(*) from {ALIAS}.main.{quote_ident(n)}").fetchone()[0]) for n in names]


def readme(con: duckdb.DuckDBPyConnection, counted: list[tuple[str, int]], built: str) -> str:
    views = con.execute(
        "select view_name, sql from duckdb_views() where database_name = ? and schema_name = 'main' "
        "and not internal order by view_name", [ALIAS]).fetchall()
    sources = con.execute(
        f"select source_id, title, publisher, year, url from {ALIAS}.main.sources order by publisher, title").fetchall()
    lines = [
        "Sammanhållen stad: databasen som Parquet-filer / the database as Parquet files",
        "",
        f"Byggd / built: {built}",
        "En fil per tabell; kolumnerna beskrivs i data/README.md i projektet.",
        "One file per table; the columns are described in data/README.md in the project.",
        "Varje värde anger sin källa (source_id -> sources.parquet) och sin tillförlitlighet (confidence).",
        "Every value names its source (source_id -> sources.parquet) and its confidence.",
        "",
        "Öppna med DuckDB / open with DuckDB:",
        "  duckdb -c \"select * from 'observations.parquet' limit 10\"",
        "",
        "Tabeller / tables (rader / rows):",
    ]
    width = max((len(n) for n, _ in counted), default=10)
    lines += [f"  {name + '.parquet':<{width + 8}} {rows:>7}" for name, rows in counted]
    if views:
        lines += ["", "Vyer (ingår inte; skapas så här i DuckDB) / views (not included; created like this):"]
        for name, sql in views:
            lines += [f"  -- {name}", "  " + " ".join((sql or "").split())]
    lines += ["", "Källor / sources (sources.parquet):"]
    for source_id, title, publisher, year, url in sources:
        when = f" ({year})" if year is not None else ""
        lines.append(f"  {source_id}: {publisher or ''}{when}: {title or ''}" + (f" <{url}>" if url else ""))
    return "\n".join(lines) + "\n"


def parquet_zip(db_path: Path | str) -> bytes:
    """A zip with one Parquet file per table and README.txt; the database is only read."""
    path = Path(db_path)
    built = datetime.fromtimestamp(path.stat().st_mtime, tz=timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    con = _open(path)
    try:
        counted = tables(con)
        buffer = io.BytesIO()
        with tempfile.TemporaryDirectory(prefix="parquet-export-") as scratch, \
                zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("README.txt", readme(con, counted, built))
            for name, _ in counted:
                target = Path(scratch) / f"{name}.parquet"
                con.execute(f"COPY (select * from {ALIAS}.main.{quote_ident(name)}) TO {quote_literal(target)} "
                            "(FORMAT parquet, COMPRESSION zstd)")
                archive.write(target, arcname=target.name)
        return buffer.getvalue()
    finally:
        con.close()
