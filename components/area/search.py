"""The search box: any area by name (diacritics- and case-insensitive), the level beside each name;
the choice is the page's `?area=` query parameter, so every profile has a permalink."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from components.i18n import lang, t
from sammanhallen.area import search as area_search

PARAM = "area"


def current(areas: pd.DataFrame) -> str | None:
    """The area named by ?area=, when it exists."""
    wanted = st.query_params.get(PARAM)
    return wanted if wanted in set(areas["area_id"]) else None


def _choose(key: str) -> None:
    chosen = st.session_state.get(key)
    if chosen:
        st.query_params[PARAM] = chosen


def search_box(areas: pd.DataFrame) -> str | None:
    """The text box and the list of matches; returns the area shown (from the URL)."""
    area_id = current(areas)
    left, right = st.columns([1, 2])
    with left:
        query = st.text_input(t("Sök område", "Search for an area"), key="area-search",
                              placeholder=t("t.ex. Tensta, Malmö, Hagersten", "e.g. Tensta, Malmö, Hagersten"))
    hits = area_search.search(areas, query)
    options = list(hits["area_id"])
    if area_id and area_id not in options:
        options = [area_id] + options
    labels = {r.area_id: area_search.option_label(r.name, r.level, lang()) for r in areas.itertuples()}
    with right:
        # The key names the area shown: a new profile (from the URL) gets a fresh list preselected on it.
        key = f"area-pick-{area_id}"
        st.selectbox(t(f"Områden ({len(hits)} träffar)", f"Areas ({len(hits)} matches)"), options,
                     index=options.index(area_id) if area_id in options else None, format_func=labels.get,
                     placeholder=t("Välj ett område", "Choose an area"), key=key, on_change=_choose, args=(key,))
    if st.query_params.get(PARAM) and area_id is None:
        st.warning(t(f"Inget område med koden {st.query_params.get(PARAM)}.", f"No area with the code {st.query_params.get(PARAM)}."))
    return area_id
