"""Quoting for the few SQL statements DuckDB cannot take parameters in (ATTACH, COPY, LOAD, CREATE
SECRET, table names). Values that come from users never reach SQL this way: queries bind them by name.
"""
from __future__ import annotations


def quote_literal(text) -> str:
    """'it''s' — a string literal."""
    return "'" + str(text).replace("'", "''") + "'"


def quote_ident(name) -> str:
    """An identifier (table or column name) in double quotes, inner quotes doubled."""
    return '"' + str(name).replace('"', '""') + '"'
