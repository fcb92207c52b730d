"""A read-only SQL console over the dashboard database, for analysts.

    check("select * from observations")              # raises ConsoleRefusal for anything else
    result = run("select ...", db_path=path)          # ConsoleResult(frame, truncated, elapsed_s)
    schema(path)                                      # table_name, column_name, data_type, kind

Two layers keep the database and the machine safe:

1. `check` parses the text with DuckDB's own parser and lets through exactly one statement of
   type SELECT (which covers WITH … SELECT, FROM …, VALUES, DESCRIBE, SUMMARIZE). It then walks
   the parsed query (`json_serialize_sql`) and refuses table functions outside a short allow-list
   (so read_csv, read_parquet, read_text, glob, query, … are refused wherever they occur: in a
   CTE, a subquery, a lateral join), scalar functions that reach outside the data (getenv,
   current_setting, …) and table names that are file paths (`FROM '/etc/passwd'`).
2. `run` executes on a fresh in-memory DuckDB that ATTACHes the file READ_ONLY and then disables
   external access and locks its configuration, so even a query that slipped past `check` can
   neither write the file nor read another one. It runs in a worker thread that is interrupted
   after the timeout, and fetches at most row_limit + 1 rows.

Nothing here imports streamlit. Messages come in Swedish and English.
"""
from __future__ import annotations

import json
import re
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from sammanhallen.data import queries
from sammanhallen.data.sql_text import quote_literal
from sammanhallen.i18n import t

DEFAULT_TIMEOUT_S = 10.0
DEFAULT_ROW_LIMIT = 5000
MEMORY_LIMIT = "1GB"
THREADS = 2
ALIAS = "dashboard"  # the attached database's name; the app's own connection calls it the same

# Table functions that only compute (no files, no settings, no dynamic SQL).
ALLOWED_TABLE_FUNCTIONS = frozenset({"range", "generate_series", "unnest", "json_each", "json_tree"})
# Scalar functions that reach outside the data (environment, settings, logs) or only waste time.
FORBIDDEN_FUNCTIONS = frozenset({
    "getenv", "current_setting", "write_log", "sleep_ms", "pg_sleep", "json_execute_serialized_sql",
    "glob", "query", "query_table", "sql_auto_complete", "which_secret", "enable_logging", "enable_profiling",
})
FORBIDDEN_FUNCTION_PREFIXES = ("read_", "parquet_", "pragma_", "sniff_", "duckdb_", "checkpoint", "force_checkpoint")
FILE_FUNCTION_HINT = ("read_", "parquet_", "sniff_", "glob")
_PATHLIKE = re.compile(r"[/\\.:*?~]")

# The first word(s) of a statement that is not a read: named in the refusal as the user typed it.
FORBIDDEN_KEYWORDS = frozenset({
    "ABORT", "ALTER", "ANALYZE", "ATTACH", "BEGIN", "CALL", "CHECKPOINT", "COMMENT", "COMMIT", "COPY", "CREATE",
    "DEALLOCATE", "DELETE", "DETACH", "DROP", "END", "EXECUTE", "EXPLAIN", "EXPORT", "FORCE", "GRANT", "IMPORT",
    "INSERT", "INSTALL", "LOAD", "MERGE", "PRAGMA", "PREPARE", "RESET", "REVOKE", "ROLLBACK", "SET", "START",
    "TRUNCATE", "UNINSTALL", "UPDATE", "UPSERT", "USE", "VACUUM",
})
_TWO_WORDS = {"CREATE", "DROP", "ALTER", "EXPORT", "IMPORT", "FORCE", "COMMENT"}
_COMMENTS = re.compile(r"--[^\n]*|/\*.*?\*/", re.DOTALL)
_WORD = re.compile(r"[A-Za-z_]+")

READ_ONLY_SV = "Konsolen kör bara läsfrågor: en SELECT (eller WITH … SELECT) åt gången."
READ_ONLY_EN = "The console runs read-only queries only: one SELECT (or WITH … SELECT) at a time."


class ConsoleProblem(Exception):
    """A query the console did not run to the end; `message(lang)` is what the page shows."""

    def __init__(self, message_sv: str, message_en: str):
        super().__init__(message_en)
        self.message_sv = message_sv
        self.message_en = message_en

    def message(self, lang: str = "sv") -> str:
        return t(self.message_sv, self.message_en, lang)


class ConsoleRefusal(ConsoleProblem):
    """The query was refused before it ran (not a read, or it reaches outside the data)."""


class ConsoleError(ConsoleProblem):
    """DuckDB reported an error (syntax, unknown table or column, out of memory): shown as it is."""

    def __init__(self, duckdb_message: str):
        text = duckdb_message.strip()
        super().__init__(text, text)


class ConsoleTimeout(ConsoleError):
    def __init__(self, timeout_s: float):
        seconds = f"{timeout_s:g}"
        ConsoleProblem.__init__(
            self,
            f"Frågan avbröts efter {seconds.replace('.', ',')} s. Begränsa den (WHERE, LIMIT) eller förenkla den.",
            f"The query was stopped after {seconds} s. Narrow it down (WHERE, LIMIT) or simplify it.",
        )


@dataclass
class ConsoleResult:
    frame: pd.DataFrame
    truncated: bool  # the query had more rows than row_limit; frame holds the first row_limit
    elapsed_s: float


# --------------------------------------------------------------------------- checking

def _words(sql: str, n: int = 2) -> list[str]:
    text = _COMMENTS.sub(" ", sql).lstrip(" \t\r\n(;")
    return [w.upper() for w in _WORD.findall(text)[:n]]


def _label(sql: str) -> str:
    """The statement as typed, for messages: COPY, CREATE TABLE, CREATE OR REPLACE VIEW, EXPORT DATABASE."""
    words = _words(sql, 4)
    if not words:
        return ""
    if words[0] in _TWO_WORDS and words[1:3] == ["OR", "REPLACE"] and len(words) > 3:
        return " ".join(words[:4])
    return " ".join(words[:2]) if words[0] in _TWO_WORDS and len(words) > 1 else words[0]


def _refuse_statement(label: str, kind: str = "") -> ConsoleRefusal:
    if label == "WITH" and kind:
        label = f"WITH … {kind}"
    elif kind and kind not in label:
        label = f"{label} ({kind})"
    hint_sv = hint_en = ""
    if label.startswith(("COPY", "EXPORT")):
        hint_sv = (" Spara ett resultat med knappen Ladda ner som CSV under tabellen; hela databasen laddas ner på "
                   "sidan Källor och data.")
        hint_en = (" Save a result with the Download as CSV button below the table; the whole database is "
                   "downloaded on the Sources and data page.")
    return ConsoleRefusal(
        f"Satsen {label} är inte tillåten. {READ_ONLY_SV} Inget som skriver, ändrar inställningar eller läser "
        f"och skriver filer körs.{hint_sv}",
        f"The statement {label} is not allowed. {READ_ONLY_EN} Nothing that writes, changes settings or reads "
        f"and writes files is run.{hint_en}",
    )


def _parser() -> duckdb.DuckDBPyConnection:
    """An empty in-memory DuckDB that cannot touch files: parsing IMPORT DATABASE, for one, reads
    files while parsing, so even the parser runs locked."""
    con = duckdb.connect(":memory:", config={"enable_external_access": False, "python_enable_replacements": False,
                                             "autoload_known_extensions": False, "autoinstall_known_extensions": False})
    con.execute("SET lock_configuration = true")
    return con


def _function_refusal(name: str, table_function: bool) -> ConsoleRefusal:
    if name.startswith(FILE_FUNCTION_HINT) or name in ("query", "query_table", "json_execute_serialized_sql"):
        return ConsoleRefusal(
            f"Funktionen {name} läser filer, externa källor eller kör annan SQL och är inte tillåten i konsolen. "
            "Fråga tabellerna i databasen i stället (se schemat).",
            f"The function {name} reads files, external sources or runs other SQL and is not allowed in the console. "
            "Query the database's tables instead (see the schema).",
        )
    if table_function:
        allowed = ", ".join(sorted(ALLOWED_TABLE_FUNCTIONS))
        return ConsoleRefusal(
            f"Tabellfunktionen {name} är inte tillåten i konsolen. Tillåtna tabellfunktioner: {allowed}.",
            f"The table function {name} is not allowed in the console. Allowed table functions: {allowed}.",
        )
    return ConsoleRefusal(
        f"Funktionen {name} når utanför data (miljö, inställningar, loggar) och är inte tillåten i konsolen.",
        f"The function {name} reaches outside the data (environment, settings, logs) and is not allowed in the console.",
    )


def _forbidden_function(name: str) -> bool:
    return name in FORBIDDEN_FUNCTIONS or name.startswith(FORBIDDEN_FUNCTION_PREFIXES)


def _walk(node) -> None:
    """Refuse any table function outside the allow-list, any forbidden scalar function and any
    table reference that is a file path, anywhere in the parsed query."""
    if isinstance(node, list):
        for item in node:
            _walk(item)
        return
    if not isinstance(node, dict):
        return
    kind = node.get("type")
    if kind == "TABLE_FUNCTION":
        name = str((node.get("function") or {}).get("function_name", "")).lower()
        if name not in ALLOWED_TABLE_FUNCTIONS:
            raise _function_refusal(name, table_function=True)
    elif node.get("class") == "FUNCTION":
        name = str(node.get("function_name", "")).lower()
        if _forbidden_function(name):
            raise _function_refusal(name, table_function=False)
    elif kind == "BASE_TABLE":
        name = str(node.get("table_name", ""))
        if _PATHLIKE.search(name):
            raise ConsoleRefusal(
                f"'{name}' ser ut som en fil. Konsolen läser bara databasens tabeller och vyer.",
                f"'{name}' looks like a file. The console reads the database's tables and views only.",
            )
    for value in node.values():
        if isinstance(value, (dict, list)):
            _walk(value)


def check(sql: str) -> None:
    """Raise ConsoleRefusal unless `sql` is exactly one read-only SELECT that stays inside the
    database; ConsoleError for a syntax error (DuckDB's own message)."""
    if not sql or not _words(sql, 1):
        raise ConsoleRefusal("Skriv en fråga, till exempel SELECT * FROM sources.",
                             "Write a query, for example SELECT * FROM sources.")
    label = _label(sql)
    if label.split(" ")[0] in FORBIDDEN_KEYWORDS:
        raise _refuse_statement(label)
    parser = _parser()
    try:
        try:
            statements = parser.extract_statements(sql)
        except duckdb.PermissionException:
            raise ConsoleRefusal(f"{READ_ONLY_SV} Frågan försöker läsa filer.",
                                 f"{READ_ONLY_EN} The query tries to read files.") from None
        except duckdb.Error as exc:
            raise ConsoleError(str(exc)) from None
        if not statements:
            raise ConsoleRefusal("Skriv en fråga, till exempel SELECT * FROM sources.",
                                 "Write a query, for example SELECT * FROM sources.")
        types = [s.type.name for s in statements]
        if label in ("PIVOT", "UNPIVOT") and types[-1] == "SELECT" and set(types[:-1]) == {"CREATE"}:
            raise ConsoleRefusal(
                "PIVOT utan IN-lista skapar en typ i databasen. Ange värdena: PIVOT … ON year IN (2010, 2011) USING …",
                "PIVOT without an IN list creates a type in the database. Name the values: PIVOT … ON year IN (2010, 2011) USING …",
            )
        if len(statements) > 1:
            raise ConsoleRefusal(
                f"{READ_ONLY_SV} Texten innehåller {len(statements)} satser; kör en i taget.",
                f"{READ_ONLY_EN} The text holds {len(statements)} statements; run one at a time.",
            )
        statement = statements[0]
        if statement.type != duckdb.StatementType.SELECT:
            raise _refuse_statement(label or statement.type.name, statement.type.name)
        serialized = json.loads(parser.execute("SELECT json_serialize_sql(?::VARCHAR)", [statement.query]).fetchone()[0])
    finally:
        parser.close()
    if serialized.get("error"):
        if serialized.get("error_type") == "parser":
            raise ConsoleError(serialized.get("error_message", ""))
        raise ConsoleRefusal(
            f"{READ_ONLY_SV} Satsen {label} kunde inte kontrolleras och körs därför inte.",
            f"{READ_ONLY_EN} The statement {label} could not be checked and is therefore not run.",
        )
    _walk(serialized.get("statements", []))


# --------------------------------------------------------------------------- running


def connect(db_path: Path | str) -> duckdb.DuckDBPyConnection:
    """A fresh connection that reads the database file and nothing else.

    The app keeps its own read-only connection to the same file, and DuckDB refuses a second
    connection to one path with a different configuration; an in-memory database that ATTACHes
    the file READ_ONLY is independent of it. External access is switched off after the ATTACH,
    then the configuration is locked so no query can switch it back on."""
    path = Path(db_path)
    if not path.exists():
        raise FileNotFoundError(path)
    con = duckdb.connect(":memory:", config={
        "python_enable_replacements": False,  # no Python variables as tables
        "autoinstall_known_extensions": False,
        "autoload_known_extensions": False,
        "allow_community_extensions": False,
        "memory_limit": MEMORY_LIMIT,
        "threads": THREADS,
        "temp_directory": "",  # never spill to disk
    })
    try:
        con.execute(f"ATTACH {quote_literal(path.resolve())} AS {ALIAS} (READ_ONLY)")
        con.execute(f"USE {ALIAS}")
        con.execute("SET enable_external_access = false")
        con.execute("SET lock_configuration = true")
    except Exception:
        con.close()
        raise
    return con


def _fetch(con: duckdb.DuckDBPyConnection, sql: str, row_limit: int, out: dict) -> None:
    try:
        result = con.execute(sql)
        chunks, n = [], 0
        while n <= row_limit:
            chunk = result.fetch_df_chunk(1)
            if chunk.empty:
                if not chunks:
                    chunks.append(chunk)
                break
            chunks.append(chunk)
            n += len(chunk)
        out["frame"] = pd.concat(chunks, ignore_index=True) if len(chunks) > 1 else chunks[0]
    except BaseException as exc:  # reported to the caller's thread
        out["error"] = exc


def run(sql: str, *, db_path: Path | str, timeout_s: float = DEFAULT_TIMEOUT_S,
        row_limit: int = DEFAULT_ROW_LIMIT) -> ConsoleResult:
    """Check and run one read-only query. Raises ConsoleRefusal, ConsoleError or ConsoleTimeout."""
    check(sql)
    con = connect(db_path)
    out: dict = {}
    worker = threading.Thread(target=_fetch, args=(con, sql, row_limit, out), daemon=True, name="sql-console")
    started = time.perf_counter()
    worker.start()
    worker.join(timeout_s)
    timed_out = worker.is_alive()
    if timed_out:
        con.interrupt()
        worker.join(5.0)
    elapsed = time.perf_counter() - started
    if not worker.is_alive():
        con.close()
    if timed_out:
        raise ConsoleTimeout(timeout_s)
    if "error" in out:
        error = out["error"]
        if isinstance(error, duckdb.Error):
            raise ConsoleError(str(error)) from None
        raise error
    frame = out["frame"]
    truncated = len(frame) > row_limit
    return ConsoleResult(frame.iloc[:row_limit].reset_index(drop=True), truncated, elapsed)


def schema(db_path: Path | str) -> pd.DataFrame:
    """Every table and view the console can read: table_name, column_name, data_type, kind."""
    con = connect(db_path)
    try:
        # On the connection itself, not a cursor: a cursor starts in the empty in-memory catalog.
        return con.execute(queries.load("console_schema")).df()
    finally:
        con.close()
