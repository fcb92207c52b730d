""""Vad saknas?": which areas and years have the inputs a page computes with, which do not, and
the recipe that would fill each missing input (shared by the risk-index and grant pages).

    missing_inputs.for_preset(preset)   # risk index: per domain of the preset shown
    missing_inputs.for_grant()          # grant: the model's three indicators + population, Urban15

Everything sits in an expander closed by default. The gap table is computed by
`sammanhallen.data_import.providers.gaps` and cached by the data version. A gap stays a gap: the
matrix marks it, nothing is filled in. For each recipe that fills a gap, an administrator gets a
link to the import page's fetch section with the recipe preselected, and everyone gets the
provider's URL and the exact selection to download by hand.
"""
from __future__ import annotations

import json

import pandas as pd
import streamlit as st

from sammanhallen.data_import.providers.gaps import grant_gaps, missing, preset_gaps
from sammanhallen.data_import.providers.recipes import manual_download
from sammanhallen.data_import.providers.refresh import area_codes
from sammanhallen.i18n import MISSING, Text
from sammanhallen.risk_index.presets import Preset

from components import db
from components.data_import import admin_access
from components.data_import import refresh
from components.i18n import lang, t, text

HAS, LACKS = "✓", "✗"
IMPORT_PAGE = "pages/data_import.py"


@st.cache_data(show_spinner=False, max_entries=32)
def _preset_frame(key: str, version: tuple, filling: tuple, _preset: Preset, _recipes: dict) -> pd.DataFrame:
    # key (the preset's areas and items) and version are the cache key; the preset itself is not hashed
    return preset_gaps(db.database_file(), _preset, _recipes)


@st.cache_data(show_spinner=False, max_entries=8)
def _grant_frame(version: tuple, filling: tuple, _recipes: dict) -> pd.DataFrame:
    return grant_gaps(db.database_file(), _recipes)


def _filling(recipes: dict) -> tuple:
    """What the gap table depends on of the recipes: which recipe fills which indicator."""
    return tuple((name, recipe.indicator_id) for name, recipe in recipes.items())


def _preset_key(preset: Preset) -> str:
    return json.dumps([preset.level, preset.parent_id, preset.reference_area_id,
                       [(i.indicator_id, i.domain) for i in preset.items]])


def _indicator_names(frame: pd.DataFrame) -> dict[str, str]:
    table = db.run("indicators_list")
    names = dict(zip(table["indicator_id"], table["name_en" if lang() == "en" else "name_sv"]))
    return {i: names.get(i, i) for i in frame["indicator_id"].unique()}


def _years(values) -> str:
    """1990, 1995, 1999–2001 style."""
    years, runs = sorted({int(y) for y in values}), []
    for year in years:
        if runs and year == runs[-1][1] + 1:
            runs[-1][1] = year
        else:
            runs.append([year, year])
    return ", ".join(str(a) if a == b else f"{a}–{b}" for a, b in runs)


def _summary(frame: pd.DataFrame, names: dict, recipes: dict, group_title: str) -> pd.DataFrame:
    rows = []
    for (label_sv, label_en, indicator_id), part in frame.groupby(["label_sv", "label_en", "indicator_id"], sort=False):
        gaps = part[~part["has_value"]]
        filling = [recipes[n].title(lang()) if n in recipes else n for n in part["recipes"].iloc[0]]
        rows.append({
            group_title: t(label_sv, label_en), t("Indikator", "Indicator"): names.get(indicator_id, indicator_id),
            t("Områdesår med värde", "Area-years with a value"): f"{int(part['has_value'].sum())} / {len(part)}",
            t("År med luckor", "Years with gaps"): _years(gaps["year"]) or "–",
            t("Recept som kan fylla luckorna", "Recipes that can fill the gaps"):
                ("; ".join(filling) or t("inget recept ännu", "no recipe yet")) if len(gaps) else "–",
        })
    return pd.DataFrame(rows)


def _matrix(frame: pd.DataFrame, names: dict, key: str) -> None:
    options = list(dict.fromkeys(frame["indicator_id"]))
    chosen = st.selectbox(t("Per område och år för", "By area and year for"), options, key=f"missing-matrix-{key}",
                          format_func=lambda i: names.get(i, i))
    part = frame[frame["indicator_id"] == chosen]
    grid = part.pivot_table(index="area_name", columns="year", values="has_value", aggfunc="any", sort=False)
    grid = grid.map(lambda v: HAS if v else LACKS)
    grid.index.name = t("Område", "Area")
    grid.columns = [str(c) for c in grid.columns]
    styled = grid.style.map(lambda v: "background-color: #f6d5d2; color: #8a1c12" if v == LACKS else "color: #1d6b36")
    st.dataframe(styled, width="stretch")
    st.caption(t(f"{HAS} = värde finns i databasen, {LACKS} = {MISSING.sv}. Åren är de år då något område har värden "
                 "för domänen; luckor fylls aldrig i av dashboarden.",
                 f"{HAS} = a value is stored, {LACKS} = {MISSING.en}. The years are those in which some area has values "
                 "for the domain; the dashboard never fills a gap in."))


def _fill(frame: pd.DataFrame, names: dict, recipes: dict, key: str) -> None:
    gaps = missing(frame)
    wanted = list(dict.fromkeys(n for names in gaps["recipes"] for n in names if n in recipes))
    st.markdown("**" + t("Så fylls luckorna", "How to fill the gaps") + "**")  # a label, not a heading: the panel sits between sections
    without = sorted({i for i, names in zip(gaps["indicator_id"], gaps["recipes"]) if not names})
    if without:
        st.caption(t("Inget recept finns ännu för: ", "No recipe exists yet for: ") + "; ".join(names.get(i, i) for i in without))
    if not wanted:
        return
    shown = {n: f"{recipes[n].title(lang())} ({refresh.provider_label(recipes[n])})" for n in wanted}
    name = st.selectbox(t("Recept", "Recipe"), wanted, key=f"missing-recipe-{key}", format_func=lambda n: shown[n])
    recipe = recipes[name]
    st.markdown(f"**{refresh.provider_label(recipe)}** · " + text(refresh.STATUS.get(recipe.status, Text(recipe.status, recipe.status)))
                + ((" – " + t("kontrollera receptet innan det används", "check the recipe before use")) if recipe.status != "verified" else ""))
    if admin_access.current_session() is not None:
        st.page_link(IMPORT_PAGE, label=t("Hämta med receptet på sidan Importera data", "Fetch with the recipe on the Import data page"),
                     icon="⬇️", query_params={refresh.QUERY_KEY: name})
    st.markdown(t("Hämta själv: adressen och exakt urval. Sidan Importera data tar emot filen oförändrad.",
                  "Download it yourself: the address and the exact selection. The Import data page accepts the file unchanged."))
    areas = db.run("areas_all")["area_id"]
    st.code(manual_download(recipe, lang(), area_codes=area_codes(recipe, list(areas))), language=None, wrap_lines=True)


def _panel(frame: pd.DataFrame, recipes: dict, group_title: str, key: str, problem: str | None) -> None:
    with st.expander(t("Vad saknas?", "What is missing?"), expanded=False):
        st.markdown(t("Vilka områden och år som har indata i databasen, vilka som saknar, och vilket recept från SCB eller "
                      "Kolada som skulle fylla luckan.",
                      "Which areas and years have inputs in the database, which lack them, and which SCB or Kolada "
                      "recipe would fill the gap."))
        if problem:
            st.warning(t("Recepten kan inte läsas: ", "The recipes cannot be read: ") + problem)
        if frame.empty:
            st.info(t("Inga indata att visa för det här urvalet.", "No inputs to show for this selection."))
            return
        names = _indicator_names(frame)
        st.dataframe(_summary(frame, names, recipes, group_title), hide_index=True, width="stretch", placeholder="–")
        _matrix(frame, names, key)
        _fill(frame, names, recipes, key)


def for_preset(preset: Preset) -> None:
    """The panel for the risk-index preset shown, per domain."""
    recipes, problem = refresh.recipes()
    frame = _preset_frame(_preset_key(preset), db.data_version(), _filling(recipes), preset, recipes)
    _panel(frame, recipes, t("Domän", "Domain"), "preset", problem)


def for_grant() -> None:
    """The panel for the grant model's inputs over the Urban15 districts and municipalities."""
    recipes, problem = refresh.recipes()
    frame = _grant_frame(db.data_version(), _filling(recipes), recipes)
    _panel(frame, recipes, t("Modellens indata", "Model input"), "grant", problem)
