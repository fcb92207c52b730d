"""The SQL console: exactly one read-only SELECT runs; everything else is refused with a clear
message, before it runs and again by the locked connection; timeout, row limit, and the database
file is unchanged after all of it."""
from __future__ import annotations

import hashlib
import time
from pathlib import Path

import duckdb
import pytest

from sammanhallen.sql_console import runner as sc

FORBIDDEN = [
    # (id, sql, word the message must name)
    ("attach", "ATTACH '/tmp/other.duckdb' AS other", "ATTACH"),
    ("detach", "DETACH dashboard", "DETACH"),
    ("copy-to", "COPY observations TO '/tmp/console_copy.csv'", "COPY"),
    ("copy-from", "COPY observations FROM '/tmp/console_copy.csv'", "COPY"),
    ("copy-query-to", "COPY (select * from areas) TO '/tmp/console_copy.parquet' (FORMAT parquet)", "COPY"),
    ("install", "INSTALL httpfs", "INSTALL"),
    ("force-install", "FORCE INSTALL httpfs", "FORCE INSTALL"),
    ("load", "LOAD httpfs", "LOAD"),
    ("pragma", "PRAGMA version", "PRAGMA"),
    ("pragma-setting", "PRAGMA enable_external_access", "PRAGMA"),
    ("set", "SET enable_external_access = true", "SET"),
    ("set-variable", "SET VARIABLE x = 1", "SET"),
    ("reset", "RESET threads", "RESET"),
    ("use", "USE memory", "USE"),
    ("insert", "INSERT INTO areas SELECT * FROM areas", "INSERT"),
    ("update", "UPDATE observations SET value = 0", "UPDATE"),
    ("delete", "DELETE FROM observations", "DELETE"),
    ("create-table", "CREATE TABLE t AS SELECT 1", "CREATE TABLE"),
    ("create-temp-table", "CREATE TEMP TABLE t AS SELECT 1", "CREATE TEMP"),
    ("create-view", "CREATE VIEW v AS SELECT 1", "CREATE VIEW"),
    ("create-or-replace-view", "CREATE OR REPLACE VIEW v AS SELECT 1", "CREATE OR REPLACE VIEW"),
    ("create-macro", "CREATE MACRO m(a) AS a + 1", "CREATE MACRO"),
    ("create-secret", "CREATE SECRET (TYPE s3, KEY_ID 'x', SECRET 'y')", "CREATE SECRET"),
    ("drop", "DROP TABLE observations", "DROP TABLE"),
    ("alter", "ALTER TABLE areas ADD COLUMN x INTEGER", "ALTER TABLE"),
    ("export", "EXPORT DATABASE '/tmp/console_export'", "EXPORT DATABASE"),
    ("import", "IMPORT DATABASE '/tmp/console_export'", "IMPORT DATABASE"),
    ("call", "CALL pragma_version()", "CALL"),
    ("checkpoint", "CHECKPOINT", "CHECKPOINT"),
    ("vacuum", "VACUUM", "VACUUM"),
    ("analyze", "ANALYZE", "ANALYZE"),
    ("begin", "BEGIN TRANSACTION", "BEGIN"),
    ("commit", "COMMIT", "COMMIT"),
    ("rollback", "ROLLBACK", "ROLLBACK"),
    ("explain", "EXPLAIN SELECT 1", "EXPLAIN"),
    ("prepare", "PREPARE p AS SELECT 1", "PREPARE"),
    ("update-extensions", "UPDATE EXTENSIONS", "UPDATE"),
    ("comment-hidden", "-- harmless\n/* still harmless */ copy areas to '/tmp/console_copy.csv'", "COPY"),
    ("cte-insert", "WITH t AS (SELECT 1) INSERT INTO areas SELECT * FROM areas", "INSERT"),
    ("two-selects", "SELECT 1; SELECT 2", "2"),
    ("select-then-drop", "SELECT * FROM areas; DROP TABLE areas", "2"),
    ("select-then-import", "SELECT 1; IMPORT DATABASE '/tmp/console_export'", ""),
    ("read-csv", "SELECT * FROM read_csv('/etc/passwd')", "read_csv"),
    ("read-csv-auto", "SELECT * FROM read_csv_auto('/etc/passwd')", "read_csv_auto"),
    ("read-text", "SELECT * FROM read_text('/etc/passwd')", "read_text"),
    ("read-blob", "SELECT * FROM read_blob('/etc/passwd')", "read_blob"),
    ("read-parquet", "SELECT * FROM read_parquet('/tmp/x.parquet')", "read_parquet"),
    ("parquet-metadata", "SELECT * FROM parquet_metadata('/tmp/x.parquet')", "parquet_metadata"),
    ("sniff-csv", "SELECT * FROM sniff_csv('/etc/passwd')", "sniff_csv"),
    ("glob", "SELECT * FROM glob('*')", "glob"),
    ("getenv", "SELECT getenv('HOME')", "getenv"),
    ("current-setting", "SELECT current_setting('temp_directory')", "current_setting"),
    ("query", "SELECT * FROM query('SELECT 1')", "query"),
    ("query-table", "SELECT * FROM query_table('areas')", "query_table"),
    ("duckdb-settings", "SELECT * FROM duckdb_settings()", "duckdb_settings"),
    ("file-as-table", "SELECT * FROM '/etc/passwd'", "/etc/passwd"),
    ("csv-as-table", "SELECT * FROM 'data/observations.csv'", "observations.csv"),
    ("cte-read-parquet", "WITH x AS (SELECT * FROM read_parquet('/tmp/x.parquet')) SELECT * FROM x", "read_parquet"),
    ("subquery-read-json", "SELECT * FROM areas WHERE area_id IN (SELECT area_id FROM read_json('/tmp/x.json'))",
     "read_json"),
    ("scalar-subquery-read-text", "SELECT (SELECT content FROM read_text('/etc/hostname')) AS h", "read_text"),
    ("lateral-read-csv", "SELECT * FROM areas a, LATERAL (SELECT * FROM read_csv(a.area_id))", "read_csv"),
    ("union-read-text", "SELECT 'x' UNION ALL SELECT content FROM read_text('/etc/passwd')", "read_text"),
    ("pivot-without-in", "PIVOT observations ON year USING sum(value)", "PIVOT"),
    ("empty", "   ", ""),
]


@pytest.mark.parametrize("sql, word", [(s, w) for _, s, w in FORBIDDEN], ids=[i for i, _, _ in FORBIDDEN])
def test_check_refuses_with_a_message_naming_the_statement(sql, word):
    with pytest.raises(sc.ConsoleRefusal) as caught:
        sc.check(sql)
    refusal = caught.value
    assert refusal.message_sv and refusal.message_en and refusal.message_sv != refusal.message_en
    assert word in refusal.message_sv and word in refusal.message_en, refusal.message_en


@pytest.mark.parametrize("sql, word", [(s, w) for _, s, w in FORBIDDEN], ids=[i for i, _, _ in FORBIDDEN])
def test_run_refuses_too(db_path, sql, word):
    with pytest.raises(sc.ConsoleRefusal):
        sc.run(sql, db_path=db_path)


ALLOWED = [
    ("select", "SELECT count(*) AS n FROM observations"),
    ("with-select", "WITH b AS (SELECT area_id, value FROM observations WHERE year = 2010) SELECT count(*) AS n FROM b"),
    ("join-details", "SELECT d.area_name, d.year, d.value, d.source_title, a.parent_id FROM observation_details d "
                     "JOIN areas a USING (area_id) WHERE d.indicator_id = 'folkmangd'"),
    ("from-first", "FROM sources SELECT source_id, title"),
    ("describe", "DESCRIBE observations"),
    ("summarize", "SUMMARIZE funds"),
    ("range", "SELECT * FROM range(3)"),
    ("unnest", "SELECT unnest([1, 2, 3]) AS x"),
    ("pivot-with-in", "PIVOT observations ON year IN (2010, 2011) USING count(*) GROUP BY indicator_id"),
    ("trailing-semicolon", "SELECT 1 AS one;"),
    ("comment-first", "-- all sources\nSELECT * FROM sources"),
]


@pytest.mark.parametrize("sql", [s for _, s in ALLOWED], ids=[i for i, _ in ALLOWED])
def test_read_only_queries_run(db_path, sql):
    sc.check(sql)
    result = sc.run(sql, db_path=db_path)
    assert not result.frame.empty and not result.truncated and result.elapsed_s >= 0


def test_results_match_the_database(db_path, con):
    result = sc.run("SELECT d.area_name, d.value, d.source_title FROM observation_details d "
                    "JOIN areas a USING (area_id) WHERE a.level = 'borough' ORDER BY d.area_name, d.year", db_path=db_path)
    expected = con.execute("select count(*) from observations o join areas a using (area_id) "
                           "where a.level = 'borough'").fetchone()[0]
    assert len(result.frame) == expected
    assert list(result.frame.columns) == ["area_name", "value", "source_title"]
    assert result.frame.source_title.notna().all()


def test_row_limit_truncates(db_path):
    result = sc.run("SELECT * FROM range(20000) t(i)", db_path=db_path, row_limit=1000)
    assert result.truncated and len(result.frame) == 1000
    assert list(result.frame.i[:3]) == [0, 1, 2]
    exact = sc.run("SELECT * FROM range(1000) t(i)", db_path=db_path, row_limit=1000)
    assert not exact.truncated and len(exact.frame) == 1000


def test_empty_result_keeps_its_columns(db_path):
    result = sc.run("SELECT area_id, name FROM areas WHERE false", db_path=db_path)
    assert result.frame.empty and list(result.frame.columns) == ["area_id", "name"] and not result.truncated


def test_timeout_interrupts_a_slow_query(db_path):
    started = time.monotonic()
    with pytest.raises(sc.ConsoleTimeout) as caught:
        sc.run("SELECT sum(a.range * b.range) FROM range(1000000) a, range(1000000) b", db_path=db_path, timeout_s=1.0)
    assert time.monotonic() - started < 8
    assert "avbröts efter 1 s" in caught.value.message_sv
    assert "stopped after 1 s" in caught.value.message_en
    assert sc.run("SELECT 1 AS one", db_path=db_path).frame.one[0] == 1  # the console still works


@pytest.mark.parametrize("sql, fragment", [
    ("SELECT * FROM no_such_table", "no_such_table"),
    ("SELECT no_such_column FROM areas", "no_such_column"),
    ("SELEC 1", "syntax error"),
])
def test_duckdb_errors_are_shown_plainly(db_path, sql, fragment):
    with pytest.raises(sc.ConsoleError) as caught:
        sc.run(sql, db_path=db_path)
    assert not isinstance(caught.value, sc.ConsoleRefusal)
    assert fragment in caught.value.message("sv") and fragment in caught.value.message("en")


@pytest.mark.parametrize("sql", [
    "COPY observations TO '{tmp}/copy.csv'",
    "SELECT * FROM read_csv('{tmp}/secret.csv')",
    "SELECT * FROM '{tmp}/secret.csv'",
    "ATTACH '{tmp}/other.duckdb' AS other",
    "INSTALL httpfs",
    "LOAD httpfs",
    "SET enable_external_access = true",
    "CREATE TABLE dashboard.main.t AS SELECT 1",
    "INSERT INTO observations SELECT * FROM observations",
    "EXPORT DATABASE '{tmp}/export'",
])
def test_the_connection_itself_refuses_what_check_would_refuse(db_path, tmp_path, sql):
    """Defence in depth: even without check(), the console's connection cannot write the file,
    read or write other files, load extensions or turn external access back on."""
    (tmp_path / "secret.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    con = sc.connect(db_path)
    try:
        with pytest.raises(duckdb.Error):
            con.execute(sql.format(tmp=tmp_path)).fetchall()
    finally:
        con.close()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["secret.csv"], "a file was written"


def test_console_connection_settings_are_locked(db_path):
    con = sc.connect(db_path)
    try:
        settings = dict(con.execute(
            "select name, value from duckdb_settings() where name in ('enable_external_access', 'lock_configuration', "
            "'autoinstall_known_extensions', 'autoload_known_extensions', 'allow_community_extensions', "
            "'python_enable_replacements')").fetchall())
    finally:
        con.close()
    assert settings == {
        "enable_external_access": "false", "lock_configuration": "true", "autoinstall_known_extensions": "false",
        "autoload_known_extensions": "false", "allow_community_extensions": "false", "python_enable_replacements": "false",
    }


def test_console_runs_beside_the_apps_read_only_connection(db_path, con):
    """The app holds its own read-only connection to the file; the console must still open it."""
    assert con.execute("select count(*) from areas").fetchone()[0] > 0
    assert sc.run("SELECT count(*) AS n FROM areas", db_path=db_path).frame.n[0] == \
        con.execute("select count(*) from areas").fetchone()[0]


def test_schema_lists_tables_and_views(db_path, con):
    frame = sc.schema(db_path)
    assert list(frame.columns) == ["table_name", "column_name", "data_type", "kind"]
    kinds = frame.drop_duplicates("table_name").set_index("table_name").kind
    assert kinds["observations"] == "table" and kinds["observation_details"] == "view"
    tables = {r[0] for r in con.execute("select table_name from information_schema.tables where table_schema = 'main'").fetchall()}
    assert set(frame.table_name) == tables
    assert {"area_id", "value", "source_id"} <= set(frame[frame.table_name == "observations"].column_name)


def _sha256(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def test_database_file_is_unchanged_after_everything(db_path):
    before = _sha256(db_path)
    mtime = Path(db_path).stat().st_mtime
    for _, sql, _ in FORBIDDEN:
        with pytest.raises(sc.ConsoleProblem):
            sc.run(sql, db_path=db_path)
    for _, sql in ALLOWED:
        sc.run(sql, db_path=db_path)
    con = sc.connect(db_path)
    try:
        for sql in ("CREATE TABLE dashboard.main.t AS SELECT 1", "DELETE FROM observations", "DROP TABLE areas",
                    "DETACH dashboard"):
            with pytest.raises(duckdb.Error):
                con.execute(sql)
        con.execute("CHECKPOINT")  # allowed by DuckDB on a read-only database, and a no-op there
    finally:
        con.close()
    assert _sha256(db_path) == before and Path(db_path).stat().st_mtime == mtime
    assert not Path("/tmp/console_copy.csv").exists() and not Path("/tmp/console_export").exists()
