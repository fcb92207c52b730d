"""Downloads of the whole database: the DuckDB file opens, and the Parquet zip has one file per
table with the database's row counts and a README naming the tables and the sources."""
from __future__ import annotations

import hashlib
import io
import zipfile

import duckdb
import pytest

from sammanhallen.data import export as db_export


@pytest.fixture(scope="module")
def archive(db_path) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(db_export.parquet_zip(db_path)))


def _tables(con) -> dict[str, int]:
    names = [r[0] for r in con.execute(
        "select table_name from information_schema.tables where table_schema = 'main' and table_type = 'BASE TABLE'").fetchall()]
    return {n: con.execute(f'select count(*) from "{n}"').fetchone()[0] for n in names}


def test_zip_has_one_parquet_file_per_table_with_the_same_rows(archive, con, tmp_path):
    tables = _tables(con)
    parquet = sorted(n for n in archive.namelist() if n.endswith(".parquet"))
    assert parquet == sorted(f"{n}.parquet" for n in tables)
    archive.extractall(tmp_path)
    reader = duckdb.connect()
    for name, rows in tables.items():
        path = str(tmp_path / f"{name}.parquet")
        assert reader.execute("select count(*) from read_parquet(?)", [path]).fetchone()[0] == rows, name
    columns = [r[0] for r in reader.execute("describe select * from read_parquet(?)", [str(tmp_path / "observations.parquet")]).fetchall()]
    assert columns == [r[0] for r in con.execute("describe observations").fetchall()]
    low = reader.execute("select count(*) from read_parquet(?) where confidence = 'low'",
                         [str(tmp_path / "observations.parquet")]).fetchone()[0]
    assert low == con.execute("select count(*) from observations where confidence = 'low'").fetchone()[0]


def test_zip_readme_names_tables_views_and_sources(archive, con):
    readme = archive.read("README.txt").decode("utf-8")
    for name, rows in _tables(con).items():
        assert f"{name}.parquet" in readme
    assert "observation_details" in readme  # the view, with the SQL that makes it
    for source_id, title in con.execute("select source_id, title from sources").fetchall():
        assert source_id in readme and title in readme


def test_duckdb_file_bytes_open_as_a_database(db_path, con, tmp_path):
    data = db_export.duckdb_file_bytes(db_path)
    assert hashlib.sha256(data).hexdigest() == hashlib.sha256(db_path.read_bytes()).hexdigest()
    copy = tmp_path / "download.duckdb"
    copy.write_bytes(data)
    downloaded = duckdb.connect(str(copy), read_only=True)
    try:
        assert _tables(downloaded) == _tables(con)
        assert downloaded.execute("select count(*) from observation_details").fetchone()[0] == \
            con.execute("select count(*) from observation_details").fetchone()[0]
    finally:
        downloaded.close()


def test_export_leaves_the_database_unchanged(db_path):
    before = hashlib.sha256(db_path.read_bytes()).hexdigest()
    db_export.parquet_zip(db_path)
    assert hashlib.sha256(db_path.read_bytes()).hexdigest() == before
