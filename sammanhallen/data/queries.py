"""Run the SQL files in queries/ with bound, named parameters.

    run(con, "indicator_by_area", indicator_id="folkmangd", year=2011, level="borough")

User choices reach SQL only as bound parameters; the file name is checked against the files
that exist, and the parameters against the `$names` the SQL uses.
"""
from __future__ import annotations

import functools
import re
from pathlib import Path

import duckdb
import pandas as pd

from sammanhallen.paths import QUERY_DIR

_PARAM = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")
_COMMENT = re.compile(r"--[^\n]*")


class QueryError(ValueError):
    pass


def available(query_dir: Path = QUERY_DIR) -> list[str]:
    return sorted(p.stem for p in Path(query_dir).glob("*.sql"))


@functools.lru_cache(maxsize=None)
def load(name: str, query_dir: Path = QUERY_DIR) -> str:
    if name not in available(query_dir):
        raise QueryError(f"no query named '{name}' in {query_dir}")
    return (Path(query_dir) / f"{name}.sql").read_text(encoding="utf-8")


def without_comments(sql: str) -> str:
    """The SQL with its `--` comments removed (a `$name` in a comment is no parameter)."""
    return _COMMENT.sub("", sql)


def parameters(sql: str) -> set[str]:
    return set(_PARAM.findall(without_comments(sql)))


def run(con: duckdb.DuckDBPyConnection, name: str, /, **params) -> pd.DataFrame:
    """Execute one query file on its own cursor and return a DataFrame."""
    sql = load(name)
    wanted = parameters(sql)
    missing = wanted - params.keys()
    extra = params.keys() - wanted
    if missing or extra:
        raise QueryError(
            f"query '{name}' takes {sorted(wanted) or 'no parameters'}; "
            f"missing {sorted(missing)}, unexpected {sorted(extra)}"
        )
    cursor = con.cursor()
    try:
        return cursor.execute(sql, {k: params[k] for k in wanted}).df()
    finally:
        cursor.close()
