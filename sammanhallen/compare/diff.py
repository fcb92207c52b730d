"""Differences from a reference area (value − reference, and in per cent of it), their units and
formatting, and the selected areas' values over time in unbroken segments. No Streamlit here."""
from __future__ import annotations

import pandas as pd

from sammanhallen.compare.selection import Comparison, reference_row
from sammanhallen.formatting import format_number, format_value, is_missing
from sammanhallen.i18n import t


def differences(frame: pd.DataFrame, comp: Comparison, ref_id: str | None, year: int | None) -> pd.DataFrame:
    """Adds diff (value − reference, in the unit; percentage points for percent) and diff_pct
    ((value − reference) / |reference| × 100). Missing where either side is missing or the reference is 0."""
    frame = frame.copy()
    ref = reference_row(comp, ref_id, year) if ref_id and year is not None else None
    ref_value = None if ref is None else float(ref["value"])
    frame["reference_id"] = ref_id
    frame["reference_value"] = ref_value
    if ref_value is None or frame.empty:
        frame["diff"] = float("nan")
        frame["diff_pct"] = float("nan")
        return frame
    frame["diff"] = frame["value"] - ref_value
    frame["diff_pct"] = (frame["diff"] / abs(ref_value) * 100) if ref_value != 0 else float("nan")
    return frame


def diff_unit(unit: str | None, lang: str = "sv") -> str:
    if unit == "percent":
        return t("procentenheter", "percentage points", lang)
    from sammanhallen.formatting import unit_label
    return unit_label(unit, lang)


def format_diff(value, unit: str | None, lang: str = "sv", spelled_out: bool = False) -> str:
    """'+3,0 p.e.' (or '+3,0 procentenheter' spelled out) for shares, '−57,0' otherwise; '–' when missing."""
    if is_missing(value):
        return "–"
    sign = "+" if value > 0 else ("−" if value < 0 else "±")
    if unit == "percent":
        points = t(" procentenheter", " percentage points", lang) if spelled_out else t(" p.e.", " pp", lang)
        return sign + format_number(abs(value), 1, lang) + points
    return sign + format_value(abs(value), unit, lang)


def format_pct(value, lang: str = "sv") -> str:
    if is_missing(value):
        return "–"
    sign = "+" if value > 0 else ("−" if value < 0 else "±")
    return sign + format_value(abs(value), "percent", lang, 1)


# --- over time -------------------------------------------------------------------------------

def series(comp: Comparison, year_from: int | None, year_to: int | None) -> pd.DataFrame:
    """Values of the selected areas within the range, with `segment`: a new segment starts after
    every missing year, so a line never bridges a gap."""
    cols = list(comp.values.columns) + ["name", "segment"]
    if year_from is None or comp.values.empty:
        return pd.DataFrame(columns=cols)
    data = comp.values[comp.values.value.notna() & comp.values.year.between(year_from, year_to)
                       & comp.values.area_id.isin(comp.area_ids)].copy()
    if data.empty:
        return pd.DataFrame(columns=cols)
    data = data.sort_values(["area_id", "year"])
    data["name"] = data.area_id.map(comp.area_name)
    run_id = (data.groupby("area_id").year.diff().fillna(1) != 1).groupby(data.area_id).cumsum()
    data["segment"] = data.area_id + ":" + run_id.astype(int).astype(str)
    return data.reset_index(drop=True)
