""""Vad saknas?": which inputs exist per area and year, which are missing, and which recipes would fill them.

    recipes = load_recipes()
    preset_gaps(db_path, load_presets()["stockholm_sdo"], recipes)   # per domain of a risk-index preset
    grant_gaps(db_path, recipes)        # the grant model's three indicators + population, Urban15 areas

Both return one row per group (domain or model input), indicator, area and year (GAP_COLUMNS):
`has_value` says whether the input is stored; `recipes` names the recipes whose indicator id is the
input's (empty: no recipe can fill it yet). Years are those in which any area of the set has a
value for any indicator of the group, so a fully missing indicator shows as missing in those years;
a group with no value at all shows as missing in every year in which any group has one.
Labels come in both languages (label_sv / label_en).
"""
from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd

from sammanhallen.data import sql_text
from sammanhallen.risk_index.presets import DOMAIN_LABELS, Preset

GAP_COLUMNS = ["group", "label_sv", "label_en", "indicator_id", "area_id", "area_name", "year", "has_value", "recipes"]
# The grant model's inputs (programme_facts model_indicator_1..3, Boverket 2014:17), plus the population
# they are shares of. The model's social-assistance input is the long-term share, which the recipes fill
# (ekonomiskt_bistand_andel_befolkning counts anyone receiving it in the year, not the long-term).
GRANT_MODEL = (
    ("employment", "forvarvsfrekvens_20_64_totalt", "Andel som förvärvsarbetar", "Share in employment"),
    ("social_assistance", "langvarigt_ekonomiskt_bistand_andel", "Andel med långvarigt ekonomiskt bistånd",
     "Share with long-term social assistance"),
    ("school_eligibility", "behoriga_gymnasiet_ak9", "Behöriga till gymnasiet efter åk 9",
     "Eligible for upper secondary school after year 9"),
    ("population", "folkmangd", "Folkmängd", "Population"),
)
GRANT_LEVELS = ("urban_district", "municipality")


def _read(db_path: Path, indicator_ids: list[str], area_sql: str, params: list) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(areas: area_id, area_name; values: indicator_id, area_id, year) from a read-only attachment."""
    con = duckdb.connect(":memory:")
    try:
        con.execute(f"ATTACH {sql_text.quote_literal(str(Path(db_path).resolve()))} AS live (READ_ONLY)")
        areas = con.execute(f"SELECT area_id, name AS area_name FROM live.areas WHERE {area_sql} ORDER BY area_id", params).df()
        values = con.execute(
            "SELECT DISTINCT indicator_id, area_id, year FROM live.observations WHERE indicator_id IN (SELECT unnest(?)) "
            "AND area_id IN (SELECT unnest(?))", [indicator_ids, list(areas["area_id"]) or [""]]).df()
    finally:
        con.close()
    return areas, values


def _grid(groups: list[tuple[str, str, str, str]], areas: pd.DataFrame, values: pd.DataFrame, recipes) -> pd.DataFrame:
    """Every (group, indicator, area, year) with has_value and the recipes for the indicator."""
    filling: dict[str, tuple[str, ...]] = {}
    for recipe in recipes.values() if isinstance(recipes, dict) else recipes:
        filling[recipe.indicator_id] = filling.get(recipe.indicator_id, ()) + (recipe.name,)
    present = set(zip(values["indicator_id"], values["area_id"], values["year"].astype(int)))
    any_year = sorted({int(y) for _, _, y in present})
    rows = []
    for group, indicator_id, label_sv, label_en in groups:
        members = {i for g, i, _, _ in groups if g == group}
        # a group with no value at all is missing in every year any group has values, not left out
        years = sorted({int(y) for i, _, y in present if i in members}) or any_year
        for area in areas.itertuples(index=False):
            for year in years:
                rows.append((group, label_sv, label_en, indicator_id, area.area_id, area.area_name, year,
                             (indicator_id, area.area_id, year) in present, filling.get(indicator_id, ())))
    return pd.DataFrame(rows, columns=GAP_COLUMNS)


def preset_gaps(db_path, preset: Preset, recipes) -> pd.DataFrame:
    """The preset's inputs by domain over its areas (one level under one parent) and reference area."""
    groups = [(item.domain, *DOMAIN_LABELS.get(item.domain, (item.domain, item.domain))) for item in preset.items]
    groups = [(domain, item.indicator_id, sv, en) for (domain, sv, en), item in zip(groups, preset.items)]
    areas, values = _read(Path(db_path), preset.indicator_ids or [""], "(level = ? AND parent_id = ?) OR area_id = ?",
                          [preset.level, preset.parent_id, preset.reference_area_id])
    return _grid(groups, areas, values, recipes)


def grant_gaps(db_path, recipes) -> pd.DataFrame:
    """The grant model's three indicators and population over the 15 Urban15 districts and 9 municipalities."""
    areas, values = _read(Path(db_path), [i for _, i, _, _ in GRANT_MODEL], "level IN (SELECT unnest(?))", [list(GRANT_LEVELS)])
    return _grid(list(GRANT_MODEL), areas, values, recipes)


def missing(frame: pd.DataFrame) -> pd.DataFrame:
    """Only the missing inputs, with the recipes that would fill them."""
    return frame[~frame["has_value"]].reset_index(drop=True)
