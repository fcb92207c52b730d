"""Read the CSV tables and check them against the declared schema before anything is written.

Every problem names the file, the line (as a spreadsheet shows it: the header is line 1) and the
column, so an analyst can open the CSV and fix it.
"""
from __future__ import annotations

import csv
import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from sammanhallen.data.schema import TABLES, Column, Table
from sammanhallen.i18n import Text

MAX_CSV_BYTES = 50 * 1024 * 1024
MAX_PROBLEMS_REPORTED = 25
_DECIMAL_COMMA = re.compile(r"^-?\d{1,3}(?:[ \u00a0]?\d{3})*,\d+$|^-?\d+,\d+$")
_TRUE = {"true", "1", "yes"}
_FALSE = {"false", "0", "no"}


@dataclass(frozen=True)
class Problem:
    file: str
    line: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f", line {self.line}"
        if self.column:
            where += f", column '{self.column}'"
        return f"{where}: {self.message}"


class ValidationError(Exception):
    def __init__(self, problems: list[Problem]):
        self.problems = problems
        shown = "\n".join(f"  - {p}" for p in problems[:MAX_PROBLEMS_REPORTED])
        more = len(problems) - MAX_PROBLEMS_REPORTED
        tail = f"\n  … and {more} more" if more > 0 else ""
        super().__init__(f"{len(problems)} problem(s) in the data:\n{shown}{tail}")


def parse_cell(raw: str, column: Column) -> tuple[object, Text | None]:
    """Return (value, error or None), the error in Swedish and English. Empty cells are None."""
    text = raw.strip()
    if text == "":
        return None, (Text("är tom men krävs", "is empty but required") if column.required else None)
    if column.type == "text":
        value = text
    elif column.type in ("int", "float"):
        if _DECIMAL_COMMA.match(text):
            fixed = text.replace(" ", "").replace(",", ".")
            return None, Text(f"'{text}' har decimalkomma; skriv tal med decimalpunkt (t.ex. {fixed})",
                              f"'{text}' uses a decimal comma; write numbers with a decimal point (e.g. {fixed})")
        try:
            number = float(text)
        except ValueError:
            return None, Text(f"'{text}' är inte ett tal", f"'{text}' is not a number")
        if column.type == "int":
            if not number.is_integer():
                return None, Text(f"'{text}' är inte ett heltal", f"'{text}' is not a whole number")
            value = int(number)
        else:
            value = number
    elif column.type == "bool":
        low = text.lower()
        if low not in _TRUE | _FALSE:
            return None, Text(f"'{text}' är inte sant eller falskt (true/false)", f"'{text}' is not true or false")
        value = low in _TRUE
    elif column.type == "date":
        try:
            value = dt.date.fromisoformat(text)
        except ValueError:
            return None, Text(f"'{text}' är inte ett datum på formen ÅÅÅÅ-MM-DD",
                              f"'{text}' is not a date in the form YYYY-MM-DD")
    else:  # pragma: no cover - schema is static
        raise ValueError(column.type)
    return _check_range(text, value, column)


def _check_range(text: str, value, column: Column) -> tuple[object, Text | None]:
    """The parsed value against the column's choices, minimum and maximum."""
    if column.choices is not None and value not in column.choices:
        listed = ", ".join(column.choices)
        return None, Text(f"'{text}' är inte något av: {listed}", f"'{text}' is not one of: {listed}")
    if column.min is not None and value < column.min:
        return None, Text(f"{value} är lägre än det minsta tillåtna, {column.min:g}",
                          f"{value} is below the allowed minimum {column.min:g}")
    if column.max is not None and value > column.max:
        return None, Text(f"{value} är högre än det högsta tillåtna, {column.max:g}",
                          f"{value} is above the allowed maximum {column.max:g}")
    return value, None


def read_table(path: Path, table: Table) -> tuple[pd.DataFrame, list[Problem]]:
    """Parse one CSV into typed columns. Problems are returned, never raised."""
    name = path.name
    if not path.exists():
        if table.optional:
            return pd.DataFrame({c: pd.Series(dtype=object) for c in table.column_names}), []
        return pd.DataFrame(), [Problem(name, None, None, "file is missing")]
    size = path.stat().st_size
    if size > MAX_CSV_BYTES:
        return pd.DataFrame(), [
            Problem(name, None, None, f"file is {size / 1e6:.0f} MB; the limit is {MAX_CSV_BYTES / 1e6:.0f} MB")
        ]
    problems: list[Problem] = []
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        return pd.DataFrame(), [Problem(name, None, None, f"is not UTF-8 text ({exc.reason} at byte {exc.start})")]
    reader = csv.reader(text.splitlines(keepends=True), strict=True)
    try:
        header = next(reader)
    except StopIteration:
        return pd.DataFrame(), [Problem(name, None, None, "file is empty (no header row)")]
    except csv.Error as exc:
        return pd.DataFrame(), [Problem(name, 1, None, f"cannot be read as CSV: {exc}")]
    header = [h.strip() for h in header]
    missing = [c for c in table.column_names if c not in header]
    extra = [c for c in header if c not in table.column_names]
    if missing or extra:
        parts = []
        if missing:
            parts.append("missing column(s): " + ", ".join(missing))
        if extra:
            parts.append("unexpected column(s): " + ", ".join(extra))
        return pd.DataFrame(), [Problem(name, 1, None, "; ".join(parts) + f". Expected: {', '.join(table.column_names)}")]
    positions = {c: header.index(c) for c in table.column_names}
    records: list[dict] = []
    line_numbers: list[int] = []
    try:
        for row in reader:
            line = reader.line_num
            if not row or all(cell.strip() == "" for cell in row):
                continue
            if len(row) != len(header):
                problems.append(
                    Problem(name, line, None, f"has {len(row)} fields, the header has {len(header)} (a stray comma or quote?)")
                )
                continue
            record = {}
            for column in table.columns:
                value, error = parse_cell(row[positions[column.name]], column)
                if error:
                    problems.append(Problem(name, line, column.name, error.en))
                record[column.name] = value
            records.append(record)
            line_numbers.append(line)
    except csv.Error as exc:
        problems.append(Problem(name, reader.line_num, None, f"cannot be read as CSV: {exc}"))
    frame = pd.DataFrame.from_records(records, columns=table.column_names)
    frame.attrs["lines"] = line_numbers
    problems += _duplicate_keys(frame, table, name)
    return frame, problems


def _duplicate_keys(frame: pd.DataFrame, table: Table, name: str) -> list[Problem]:
    if frame.empty:
        return []
    lines = frame.attrs.get("lines", [])
    duplicated = frame.duplicated(list(table.key), keep="first")
    problems = []
    for position in duplicated[duplicated].index:
        key = ", ".join(f"{k}={frame.at[position, k]}" for k in table.key)
        problems.append(Problem(name, lines[position] if lines else None, ",".join(table.key), f"duplicate key ({key})"))
    return problems


def check_references(frames: dict[str, pd.DataFrame], tables=TABLES) -> list[Problem]:
    """Every foreign key resolves (area_id, indicator_id, source_id, …)."""
    problems = []
    for table in tables:
        frame = frames.get(table.name)
        if frame is None or frame.empty:
            continue
        lines = frame.attrs.get("lines", [])
        for column in table.columns:
            if not column.references:
                continue
            target_table, target_column = column.references.split(".")
            target = frames.get(target_table)
            known = set() if target is None or target.empty else set(target[target_column].dropna())
            for position, value in frame[column.name].items():
                if value is not None and not pd.isna(value) and value not in known:
                    problems.append(
                        Problem(
                            f"{table.name}.csv",
                            lines[position] if lines else None,
                            column.name,
                            f"'{value}' is not a known {target_column} in {target_table}.csv",
                        )
                    )
    return problems


def check_rules(frames: dict[str, pd.DataFrame]) -> list[Problem]:
    """Rules that span columns: validity periods run forwards."""
    problems = []
    areas = frames.get("areas")
    if areas is not None and not areas.empty:
        lines = areas.attrs.get("lines", [])
        for position, row in areas.iterrows():
            if row["valid_from"] and row["valid_to"] and row["valid_to"] < row["valid_from"]:
                problems.append(
                    Problem("areas.csv", lines[position] if lines else None, "valid_to", "is before valid_from")
                )
    return problems


def load_and_validate(data_dir: Path, tables=TABLES) -> dict[str, pd.DataFrame]:
    """Read every table; raise ValidationError listing all problems, or return typed frames."""
    frames: dict[str, pd.DataFrame] = {}
    problems: list[Problem] = []
    for table in tables:
        frame, table_problems = read_table(Path(data_dir) / f"{table.name}.csv", table)
        frames[table.name] = frame
        problems += table_problems
    if not problems:
        problems += check_references(frames, tables)
        problems += check_rules(frames)
    if problems:
        raise ValidationError(problems)
    return frames
