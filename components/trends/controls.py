"""Trends page selections, kept in st.query_params so the URL is always the permalink.

First load: the query params win, then what this session chose last on the page, then the
selection shared between pages (components.state), then the view's defaults. Every change is
written back to st.query_params.
"""
from __future__ import annotations

import pandas as pd
import streamlit as st

from sammanhallen import i18n
from sammanhallen.trends import view

from components import permalink, state
from components.db import data_version
from components.i18n import lang, pick, t

KEYS = {"indicator": "trends-indicator", "areas": "trends-areas", "base": "trends-base"}
_LAST = "trends-last-params"


def initial_params() -> dict:
    given = permalink.read(view.DEFAULTS, skip_empty=True)
    if given:
        return view.normalise(given)
    if _LAST in st.session_state:
        return view.normalise(st.session_state[_LAST])
    shared = {}
    if state.get("indicator_id"):
        shared["indicator"] = state.get("indicator_id")
    if state.get("area_id"):
        shared["areas"] = ",".join(dict.fromkeys([state.get("area_id"), *view.area_list(view.DEFAULTS)]))
    return view.normalise(shared)


def _seed(params: dict) -> None:
    """Put the initial selection into the widgets' keys once (widgets then own them)."""
    if KEYS["indicator"] not in st.session_state:
        st.session_state[KEYS["indicator"]] = params["indicator"]
    if KEYS["areas"] not in st.session_state:
        st.session_state[KEYS["areas"]] = view.area_list(params)
    if KEYS["base"] not in st.session_state:
        st.session_state[KEYS["base"]] = params["base"]


def choose(indicators: pd.DataFrame, areas_for, years_for) -> dict:
    """Render the widgets and return the normalised params. `areas_for(indicator)` returns the
    areas with values; `years_for(indicator, area_ids)` the years any chosen area has a value."""
    _seed(initial_params())
    names = dict(zip(indicators.indicator_id, pick(indicators, "name")))
    if st.session_state[KEYS["indicator"]] not in names:
        st.session_state[KEYS["indicator"]] = view.DEFAULTS["indicator"]
    left, middle, right = st.columns([3, 5, 2])
    indicator = left.selectbox(t("Indikator", "Indicator"), list(names), format_func=names.get, key=KEYS["indicator"])
    options = areas_for(indicator)
    labels = _area_labels(indicator, lang(), data_version(), options)
    kept = [a for a in st.session_state[KEYS["areas"]] if a in labels]
    changed = st.session_state.get("trends-prev-indicator") != indicator
    st.session_state[KEYS["areas"]] = kept or (list(options.area_id[:3]) if changed else [])
    st.session_state["trends-prev-indicator"] = indicator
    area_ids = middle.multiselect(t("Områden", "Areas"), list(labels), format_func=labels.get, key=KEYS["areas"],
                                  max_selections=view.MAX_AREAS, placeholder=t("Välj områden …", "Choose areas …"))
    years = years_for(indicator, area_ids)
    base_labels = {"": t("Inget index (värdena)", "No index (the values)")}
    for year, n in years:
        base_labels[str(year)] = t(f"{year} = 100 ({n} av {len(area_ids)} har värde)",
                                   f"{year} = 100 ({n} of {len(area_ids)} have a value)")
    if st.session_state[KEYS["base"]] not in base_labels:
        st.session_state[KEYS["base"]] = ""
    base = right.selectbox(t("Indexera till basår", "Index to base year"), list(base_labels),
                           format_func=base_labels.get, key=KEYS["base"],
                           help=t("Bara år där något valt område har ett värde. Områden utan värde basåret tas bort ur indexet och listas.",
                                  "Only years where a chosen area has a value. Areas without a value in the base year are left out and listed."))
    params = view.normalise({"indicator": indicator, "areas": ",".join(area_ids), "base": base})
    if not area_ids:
        params["areas"] = ""
    permalink.write(params)
    st.session_state[_LAST] = params
    state.put("indicator_id", indicator)
    state.put("indicator_name", names[indicator])
    return params


@st.cache_data(show_spinner=False, max_entries=16)
def _area_labels(indicator: str, language: str, version: tuple, _options: pd.DataFrame) -> dict[str, str]:
    """area_id -> 'Name (level, n values)' for the indicator's areas, built once per indicator, language and
    data version: with 6 000 areas labelling them on every run was most of a trends rerun."""
    values = i18n.t("värden", "values", language)
    return {r.area_id: f"{r.name} ({i18n.level_name(r.level, language)}, {r.n_values} {values})"
            for r in _options.itertuples()}


def year_counts(frame: pd.DataFrame) -> list[tuple[int, int]]:
    """(year, number of areas with a value) for a trends_series frame."""
    if frame.empty:
        return []
    counts = frame.groupby("year")["area_id"].nunique()
    return [(int(y), int(n)) for y, n in counts.items()]

