"""Checking what an import would write: the source, new indicators and every file row, with the
table's own cell rules (validate.parse_cell), against what the database holds. Every reason is in
Swedish and English."""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd

from sammanhallen.data.schema import CONFIDENCE, TABLES_BY_NAME
from sammanhallen.data.validate import parse_cell

if TYPE_CHECKING:  # the plan reads the state and calls these checks
    from sammanhallen.data_import.import_plan import DbState

_ID_PATTERN = re.compile(r"^[a-z][a-z0-9_]{1,79}$")
_OBS = TABLES_BY_NAME["observations"]


@dataclass(frozen=True)
class PlanProblem:
    """A problem with the import as a whole (source, new indicator, confidence): it cannot be skipped."""

    field: str  # e.g. "source.title", "new_indicators[0].unit", "confidence"
    reason_sv: str
    reason_en: str


def _raw(value) -> str:
    """A cell as text for `parse_cell`: None/NaN are empty, 2015.0 is '2015'."""
    if value is None or value is pd.NA or value is pd.NaT:
        return ""
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if hasattr(value, "item") and not isinstance(value, str):  # numpy scalars
        return _raw(value.item())
    return str(value)


def text_or_none(value) -> str | None:
    text = _raw(value).strip()
    return text or None


def _check_fields(row: dict, table_name: str, label: str, problems: list[PlanProblem]) -> dict:
    """Validate one would-be row of a CSV table with validate's cell rules; the typed row."""
    table = TABLES_BY_NAME[table_name]
    unknown = sorted(set(row) - set(table.column_names))
    if unknown:
        problems.append(PlanProblem(label, f"okända fält: {', '.join(unknown)}", f"unknown fields: {', '.join(unknown)}"))
    typed = {}
    for column in table.columns:
        value = row.get(column.name)
        raw = ("true" if value else "false") if isinstance(value, bool) else _raw(value)
        parsed, error = parse_cell(raw, column)
        if error:
            problems.append(PlanProblem(f"{label}.{column.name}", error.sv, error.en))
        typed[column.name] = parsed
    return typed


def check_source(source: dict, known: set, problems: list[PlanProblem]) -> tuple[dict, bool]:
    if not isinstance(source, dict) or not text_or_none(source.get("source_id")):
        problems.append(PlanProblem("source.source_id", "källan saknas", "the source is missing"))
        return dict(source or {}), False
    source_id = text_or_none(source["source_id"])
    if source_id in known:
        return {**source, "source_id": source_id}, False
    typed = _check_fields({k: source.get(k) for k in TABLES_BY_NAME["sources"].column_names}, "sources", "source", problems)
    if not _ID_PATTERN.match(source_id):
        problems.append(PlanProblem(
            "source.source_id",
            f"'{source_id}' är inget giltigt id (små bokstäver a–z, siffror och _, börjar med en bokstav)",
            f"'{source_id}' is not a valid id (lower-case a–z, digits and _, starting with a letter)"))
    return typed, True


def check_indicators(new_indicators, known_units: dict, problems: list[PlanProblem]) -> list[dict]:
    typed_rows, seen = [], set()
    for position, row in enumerate(new_indicators or ()):
        label = f"new_indicators[{position}]"
        if not isinstance(row, dict):
            problems.append(PlanProblem(label, "ska vara en tabellrad (dict)", "must be a row (dict)"))
            continue
        typed = _check_fields(row, "indicators", label, problems)
        indicator_id = typed.get("indicator_id")
        if indicator_id is None:
            continue
        if not _ID_PATTERN.match(indicator_id):
            problems.append(PlanProblem(
                f"{label}.indicator_id",
                f"'{indicator_id}' är inget giltigt id (små bokstäver a–z, siffror och _, börjar med en bokstav)",
                f"'{indicator_id}' is not a valid id (lower-case a–z, digits and _, starting with a letter)"))
        if indicator_id in known_units:
            problems.append(PlanProblem(
                f"{label}.indicator_id", f"indikatorn '{indicator_id}' finns redan; välj den i stället för att skapa en ny",
                f"the indicator '{indicator_id}' exists already; choose it instead of making a new one"))
        if indicator_id in seen:
            problems.append(PlanProblem(f"{label}.indicator_id", f"'{indicator_id}' förekommer två gånger",
                                        f"'{indicator_id}' appears twice"))
        seen.add(indicator_id)
        typed_rows.append(typed)
    return typed_rows


def check_rows(rows: pd.DataFrame, state: DbState, units: dict, confidence: str) -> tuple[list[dict], list[dict]]:
    """(accepted rows with their parsed key, value, confidence and note; rejects, one per problem)."""
    rejects: list[dict] = []
    checked: list[dict | None] = []
    by_key: dict[tuple, list[int]] = {}
    for position, row in enumerate(rows.to_dict("records")):
        where = {"row_number": _row_number(row["row_number"]), "column": text_or_none(row["column"])}
        found = _check_row(row, state, units, confidence)
        for field_name, value, sv, en in found["errors"]:
            rejects.append({**where, "field": field_name, "value": value, "reason_sv": sv, "reason_en": en})
        if found["key"] is not None:
            by_key.setdefault(found["key"], []).append(position)
        checked.append(None if found["errors"] else {**where, **found})
    for key, positions in by_key.items():
        if len(positions) < 2:
            continue
        numbers = [_row_number(rows.at[p, "row_number"]) for p in positions]
        for position, own in zip(positions, numbers):
            others = ", ".join(str(n) for n in numbers if n != own) or str(own)
            rejects.append({
                "row_number": own, "column": text_or_none(rows.at[position, "column"]), "field": "area_id, indicator_id, year",
                "value": f"{key[0]}, {key[1]}, {key[2]}",
                "reason_sv": f"samma område, indikator och år som rad {others} i filen",
                "reason_en": f"same area, indicator and year as row {others} in the file",
            })
            checked[position] = None
    rejects.sort(key=lambda r: (r["row_number"] is None, r["row_number"] or 0))
    return [c for c in checked if c is not None], rejects


def _row_number(value) -> int | None:
    text = _raw(value).strip()
    return int(text) if text.lstrip("-").isdigit() else None


def year_or_none(value) -> int | None:
    parsed, error = parse_cell(_raw(value), _OBS.column("year"))
    return None if error else parsed


def _check_row(row: dict, state: DbState, units: dict, default_confidence: str) -> dict:
    """Errors of one file row as (field, value, reason_sv, reason_en), with its parsed parts."""
    errors = []
    area_id, indicator_id = text_or_none(row["area_id"]), text_or_none(row["indicator_id"])
    if area_id is None:
        errors.append(("area_id", "", "området saknas (inte matchat mot något känt område)", "no area (not matched to a known area)"))
    elif area_id not in state.areas:
        errors.append(("area_id", area_id, f"okänt område '{area_id}'", f"unknown area_id '{area_id}'"))
    if indicator_id is None:
        errors.append(("indicator_id", "", "indikatorn saknas", "no indicator"))
    elif indicator_id not in units:
        errors.append(("indicator_id", indicator_id, f"okänd indikator '{indicator_id}'", f"unknown indicator_id '{indicator_id}'"))
    year_raw = _raw(row["year"])
    year, year_error = parse_cell(year_raw, _OBS.column("year"))
    if year_error:
        errors.append(("year", year_raw, "året: " + year_error.sv, "year: " + year_error.en))
    value, value_raw = _value(row["value"], errors)
    unit = units.get(indicator_id)
    if value is not None and unit == "percent" and not 0 <= value <= 100:
        errors.append(("value", value_raw, f"{value_raw} ligger utanför 0–100, men indikatorn anges i procent",
                       f"{value_raw} is outside 0–100 but the indicator is a percentage"))
    confidence = text_or_none(row.get("confidence")) or default_confidence
    if text_or_none(row.get("confidence")) is not None and confidence not in CONFIDENCE:
        errors.append(("confidence", confidence, f"tillförlitligheten '{confidence}' är inte något av: {', '.join(CONFIDENCE)}",
                       f"confidence '{confidence}' is not one of: {', '.join(CONFIDENCE)}"))
    key = (area_id, indicator_id, year) if area_id in state.areas and indicator_id in units and not year_error else None
    return {"errors": errors, "key": key, "value": value, "confidence": confidence, "note": text_or_none(row.get("note"))}


def _value(value, errors: list) -> tuple[float | None, str]:
    """The value as a finite float, or None with an error appended."""
    raw = _raw(value)
    if isinstance(value, bool):
        errors.append(("value", raw, f"'{raw}' är inte ett tal", f"'{raw}' is not a number"))
        return None, raw
    if raw.strip() == "":
        errors.append(("value", "", "värdet saknas (tom cell eller NaN); en lucka importeras inte",
                       "the value is missing (empty cell or NaN); a gap is not imported"))
        return None, raw
    number, error = parse_cell(raw, _OBS.column("value"))
    if error:
        errors.append(("value", raw, error.sv, error.en))
        return None, raw
    if not math.isfinite(number):
        errors.append(("value", raw, f"'{raw}' är inte ett ändligt tal", f"'{raw}' is not a finite number"))
        return None, raw
    return float(number), raw
