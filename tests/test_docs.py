"""data/README.md documents exactly the tables and columns the build creates."""
from __future__ import annotations

import re
from pathlib import Path

README = Path(__file__).resolve().parents[1] / "data" / "README.md"


def documented() -> dict[str, set[str]]:
    tables: dict[str, set[str]] = {}
    current = None
    for line in README.read_text(encoding="utf-8").splitlines():
        heading = re.match(r"^### (\w+)\s*$", line)
        if heading:
            current = heading.group(1)
            tables[current] = set()
            continue
        cell = re.match(r"^\| ([a-z_]+) \|", line)
        if current and cell and cell.group(1) != "column":
            tables[current].add(cell.group(1))
    return tables


def test_readme_matches_the_database(con):
    built = {}
    for table, column in con.execute(
        "select table_name, column_name from information_schema.columns where table_schema = 'main'"
    ).fetchall():
        built.setdefault(table, set()).add(column)
    assert documented() == built
