"""Widgets of the compare page, kept in step with the URL (the permalink) and the shared state.

The canonical selection is `st.session_state["cmp_params"]` (params exactly as in the URL). It is
seeded once per session from `st.query_params`, else from the shared state, else from the view's
defaults; every run writes the widgets' values back to it, to the URL and to the shared state.
"""
from __future__ import annotations

import pandas as pd
import streamlit as st

from sammanhallen.compare import choices
from sammanhallen.compare import selection as cmp
from sammanhallen import i18n
from sammanhallen.compare import view

from components import permalink, state
from components.compare import data as compare_data
from components.db import data_version
from components.i18n import lang, t

PARAMS = "cmp_params"
def _from_shared(all_areas: pd.DataFrame, indicators: pd.DataFrame) -> dict:
    params = dict(view.DEFAULTS)
    indicator = state.get("indicator_id")
    if indicator in set(indicators.indicator_id) or indicator in cmp.SPECIAL_MEASURES:
        params["indicator"] = indicator
    area_id = state.get("area_id")
    match = all_areas[all_areas.area_id == area_id]
    if len(match):
        group = choices.quick_group_of(all_areas, area_id)
        members = choices.group_members(all_areas, group) if group else [area_id]
        muni = match.municipality_id.iloc[0]
        if isinstance(muni, str) and muni not in members:
            members.append(muni)
        params.update(areas=choices.join_ids(members), highlight=area_id, ref=muni if isinstance(muni, str) else "SE")
    if state.get("year") is not None:
        params["year"] = str(state.get("year"))
    return params


def seed(all_areas: pd.DataFrame, indicators: pd.DataFrame) -> dict:
    """The selection at the start of this run; first run of a session reads the URL or shared state."""
    if PARAMS not in st.session_state:
        from_url = permalink.read(view.KEYS)
        st.session_state[PARAMS] = view.normalise(from_url) if from_url else _from_shared(all_areas, indicators)
    params = st.session_state[PARAMS]
    known = set(all_areas.area_id)
    defaults = {
        "cmp_indicator": params["indicator"],
        "cmp_areas": [a for a in choices.split_ids(params["areas"]) if a in known],
        "cmp_pop": params["pop"] == "nearest",
    }
    for key, value in defaults.items():
        if key not in st.session_state:  # widget state is dropped while the user is on another page
            st.session_state[key] = value
    return params


def _pick_group(group: str, all_areas: pd.DataFrame) -> None:
    members = choices.group_members(all_areas, group)
    current = st.session_state.get("cmp_areas", []) if st.session_state.get("cmp_add") else []
    st.session_state["cmp_areas"] = current + [a for a in members if a not in current]


def _clear() -> None:
    st.session_state["cmp_areas"] = []


def measure_and_areas(all_areas: pd.DataFrame, indicators: pd.DataFrame) -> tuple[str, list[str]]:
    options = compare_data.measure_options(indicators, lang(), data_version())
    if st.session_state.get("cmp_indicator") not in options:
        st.session_state["cmp_indicator"] = view.DEFAULTS["indicator"]
    indicator = st.selectbox(t("Vad vill du jämföra?", "What do you want to compare?"), list(options),
                             format_func=options.get, key="cmp_indicator")
    st.markdown("**" + t("Områden", "Areas") + "** · " + t("snabbval:", "quick picks:"))
    cols = st.columns(3) + st.columns(3)
    sizes = compare_data.group_sizes(all_areas, data_version())
    for col, group in zip(cols, choices.QUICK_GROUPS):
        n = sizes[group]
        col.button(f"{t(*choices.GROUP_LABELS[group])} ({n})", key=f"cmp_group_{group}", on_click=_pick_group,
                   args=(group, all_areas), width="stretch")
    clear, add, _ = st.columns([1, 1, 4])
    clear.button(t("Töm", "Clear"), key="cmp_clear", on_click=_clear, width="stretch")
    add.toggle(t("Lägg till", "Add to selection"), key="cmp_add",
                    help=t("På: snabbvalen läggs till urvalet i stället för att ersätta det.",
                           "On: quick picks are added to the selection instead of replacing it."))
    labels = _labels(all_areas, lang(), data_version())
    areas = st.multiselect(t("Valda områden (sök och lägg till fritt, även blandat)",
                             "Chosen areas (search and add freely, mixed levels too)"),
                           list(labels), format_func=labels.get, key="cmp_areas",
                           placeholder=t("Välj områden …", "Choose areas …"))
    return indicator, areas


@st.cache_data(show_spinner=False, max_entries=8)
def _labels(_all_areas: pd.DataFrame, language: str, version: tuple) -> dict[str, str]:
    """area_id -> 'Name (level, parent)' for the area picker: built once per language and data version,
    not on every rerun (with 6 000 areas that was more than half of a compare rerun)."""
    return {row.area_id: _label(row, language) for row in _all_areas.itertuples()}


def _label(row, language: str) -> str:
    kind = i18n.level_name(row.level, language)
    parent = f", {row.parent_name}" if isinstance(row.parent_name, str) and row.level not in ("municipality", "country") else ""
    return f"{row.name} ({kind}{parent})"


def years_and_focus(comp: cmp.Comparison, params: dict) -> dict:
    """Year, range, highlight, reference and population choice; only years with data are offered."""
    requested = {k: st.session_state.get(f"cmp_{k}", params.get(k)) for k in ("year",)}
    span = st.session_state.get("cmp_range")
    if isinstance(span, (list, tuple)) and len(span) == 2:
        requested["from"], requested["to"] = span
    choice = choices.resolve_years({**params, **requested}, comp.years)
    if choice.message:
        st.warning(t(*choice.message))
    out = dict(view.normalise(params), indicator=comp.measure["id"], areas=choices.join_ids(comp.area_ids))
    if choice.year is None:
        out.update(year="", highlight=choices.join_ids(a for a in choices.split_ids(out["highlight"]) if a in comp.area_ids),
                   **{"from": "", "to": ""})
        return out
    left, middle, right = st.columns([1, 2, 2])
    st.session_state["cmp_year"] = choice.year
    year = left.selectbox(t("År i rangordningen", "Year for the ranking"), comp.years, key="cmp_year",
                          help=t("Bara år med värden för urvalet visas.", "Only years with values for the selection are offered."))
    if len(comp.years) > 1:
        st.session_state["cmp_range"] = (choice.year_from, choice.year_to)
        lo, hi = middle.select_slider(t("Period i diagrammet över tid", "Period for the chart over time"), comp.years, key="cmp_range")
    else:
        lo = hi = comp.years[0]
        middle.caption(t(f"Bara ett år har värden för urvalet: {lo}.", f"Only one year has values for the selection: {lo}."))
    options = comp.area_ids
    st.session_state["cmp_highlight"] = [a for a in st.session_state.get("cmp_highlight", choices.split_ids(params["highlight"])) if a in options]
    highlight = right.multiselect(t("Markera (övriga blir grå)", "Highlight (the others turn grey)"), options,
                                  format_func=comp.area_name, key="cmp_highlight",
                                  placeholder=t("Inget område markerat", "No area highlighted"))
    ref_options = list(dict.fromkeys([*(m for m in comp.areas.municipality_id.dropna()), cmp.COUNTRY, *options]))
    wanted_ref = st.session_state.get("cmp_ref", params.get("ref"))
    st.session_state["cmp_ref"] = wanted_ref if wanted_ref in ref_options else ref_options[0]
    ref = left.selectbox(t("Jämför med (referens)", "Compare with (reference)"), ref_options,
                         format_func=comp.area_name, key="cmp_ref")
    pop = params.get("pop", "same")
    if comp.measure["id"] in cmp.SPECIAL_MEASURES:
        nearest = right.checkbox(t("Saknas folkmängd för 2013: använd närmaste år (anges vid värdet)",
                                   "No population for 2013: use the nearest year (stated with the value)"), key="cmp_pop")
        pop = "nearest" if nearest else "same"
    out.update(year=str(year), highlight=choices.join_ids(highlight), ref=ref, pop=pop, **{"from": str(lo), "to": str(hi)})
    return out


def remember(params: dict, comp: cmp.Comparison) -> None:
    """Write the selection to the session, the URL (permalink) and the shared state."""
    st.session_state[PARAMS] = params
    permalink.write({key: params[key] for key in view.KEYS}, keep=permalink.always)
    if comp.measure["id"] not in cmp.SPECIAL_MEASURES:
        state.put("indicator_id", comp.measure["id"])
        state.put("indicator_name", comp.name(lang()))
    if params["year"]:
        state.put("year", int(params["year"]))
    focus = (choices.split_ids(params["highlight"]) or comp.area_ids or [None])[0]
    if focus:
        state.put("area_id", focus)
        state.put("area_name", comp.area_name(focus))
