"""Sammanhållen stad: entry point. Builds the navigation from the page registry."""
import streamlit as st

from components import heap, run_slots, sidebar
from components.accessibility import document as accessible_document
from components.i18n import lang
from components.registry import PAGES

with run_slots.process_slots().held():  # sessions' runs take turns, one per core (components/run_slots.py)
    st.set_page_config(page_title="Sammanhållen stad", page_icon="🏙️", layout="wide")
    sidebar.language_switch()
    accessible_document.apply()

    english = lang() == "en"
    navigation = st.navigation(
        [
            st.Page(
                spec.path,
                title=spec.title_en if english else spec.title_sv,
                url_path=spec.url_path or None,
                default=spec.url_path == "",
            )
            for spec in PAGES
        ],
        expanded=True,  # every page listed: collapsed, Streamlit adds an English "View 3 more" to a Swedish sidebar
    )
    sidebar.render()
    try:
        navigation.run()
    finally:
        heap.after_run()
