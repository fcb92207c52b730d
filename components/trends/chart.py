"""Render the trends chart and what it leaves out (excluded areas, gaps) on the page."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from sammanhallen.trends import view

from components.db import data_version
from components.i18n import lang, t
from components.vega import with_arrow_datasets


# Keyed by the view's params and the data version, which determine the series frame, and not by the frame:
# hashing the frame on every run was 8 % of a busy server's samples (py-spy, bench_sessions_ws at N = 20).

@st.cache_data(show_spinner=False, max_entries=64)
def _chart_spec(params: tuple, language: str, names: tuple, width: int, version: tuple, _frame: pd.DataFrame) -> dict:
    """The Vega-Lite spec, not the Altair chart: Streamlit validates an Altair chart against the schema on
    every run (about a fifth of a trends rerun), under a lock that makes sessions wait on each other."""
    spec = view.build_chart(_frame, dict(params), language, dict(names), width=width, height=380).chart.to_dict()
    return with_arrow_datasets(spec)


@st.cache_data(show_spinner=False, max_entries=64)
def _prepared(params: tuple, language: str, version: tuple, _frame: pd.DataFrame) -> view.Prepared:
    return view.prepare(_frame, view.base_year(dict(params)), language)


def render(frame: pd.DataFrame, params: dict, names: dict[str, str], width: int = 720) -> None:
    """``frame``: the trends_series rows of ``params``' indicator and areas, on the current data version."""
    chosen = view.area_list(params)
    key, version = tuple(sorted(params.items())), data_version()
    prepared = _prepared(key, lang(), version, frame)
    spec = _chart_spec(key, lang(), tuple(sorted(names.items())), width, version, frame)
    st.vega_lite_chart(spec, width="content", key="trends-chart")
    if prepared.excluded:
        st.warning(t(f"Utan värde {prepared.base} och därför inte med i indexet: ",
                     f"No value in {prepared.base}, so left out of the index: ") + ", ".join(prepared.excluded))
    missing = [names.get(a, a) for a in chosen if frame.empty or a not in set(frame.area_id)]
    if missing:
        st.info(t("Inga värden för indikatorn: ", "No values for the indicator: ") + ", ".join(missing))
    with st.expander(t("Värdena bakom diagrammet", "The values behind the chart")):
        rows = prepared.rows
        if rows.empty:
            st.caption(t("Inga värden.", "No values."))
            return
        table = rows[["name", "year", "value_text", "index_text", "source_cite", "confidence_label", "note"]]
        if prepared.base is None:
            table = table.drop(columns="index_text")
        st.dataframe(table, hide_index=True, width="stretch", column_config={
            "name": t("Område", "Area"), "year": st.column_config.NumberColumn(t("År", "Year"), format="%d"),
            "value_text": t("Värde", "Value"), "index_text": t(f"Index ({prepared.base} = 100)", f"Index ({prepared.base} = 100)"),
            "source_cite": t("Källa", "Source"), "confidence_label": t("Tillförlitlighet", "Confidence"),
            "note": t("Anmärkning", "Note")}, placeholder="–")
