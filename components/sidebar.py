"""The sidebar every page shares: language switch and the selections carried between pages."""
from __future__ import annotations

import streamlit as st

from components import state
from components.i18n import LANGUAGES, lang, t


def language_switch() -> None:
    lang()  # initialise from ?lang= before the widget reads its key
    st.sidebar.radio(
        "Språk / Language",
        options=list(LANGUAGES),
        format_func=LANGUAGES.get,
        key="lang",
        horizontal=True,
    )


def shared_selection_summary() -> None:
    chosen = state.shared()
    labels = {
        "area_name": t("Område i fokus", "Area in focus"),
        "indicator_name": t("Indikator", "Indicator"),
        "year": t("År", "Year"),
    }
    shown = [(labels[k], chosen[k]) for k in labels if chosen.get(k) is not None]
    if not shown:
        return
    with st.sidebar.container(key="shared-selection"):
        st.markdown("**" + t("Dina val följer med mellan sidorna", "Your choices carry across pages") + "**")
        for label, value in shown:
            st.markdown(f"{label}: {value}")
        if st.button(t("Rensa val", "Clear choices"), key="clear-shared"):
            state.clear()
            st.rerun()


def render() -> None:
    shared_selection_summary()
    st.sidebar.page_link("pages/accessibility.py", label=t("Tillgänglighetsredogörelse", "Accessibility statement"))
    st.sidebar.caption(
        t(
            "Alla siffror har en källa och ett år. Luckor visas som luckor.",
            "Every figure has a source and a year. Gaps are shown as gaps.",
        )
    )
