"""Print and PDF: CSS that makes the browser's print a clean A4 page, and the server-side PDF button."""
from __future__ import annotations

from typing import Callable

import streamlit as st

from components.i18n import t

# Streamlit's chrome and every widget are hidden in print; the profile's text, tables and charts stay.
PRINT_CSS = """
<style>
@media print {
  @page { size: A4 portrait; margin: 12mm; }
  [data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], header[data-testid="stHeader"],
  [data-testid="stToolbar"], [data-testid="stDecoration"], [data-testid="stStatusWidget"],
  .stButton, .stDownloadButton, [data-testid="stTextInput"], [data-testid="stSelectbox"],
  [data-testid="stSlider"], [data-testid="stNumberInput"], [data-testid="stMultiSelect"],
  [data-testid="stElementToolbar"], [data-testid="stHeaderActionElements"], .st-key-area-controls,
  .st-key-area-similar-controls { display: none !important; }
  [data-testid="stMain"], [data-testid="stMainBlockContainer"], .block-container {
    padding: 0 !important; margin: 0 !important; max-width: 100% !important; }
  [data-testid="stAppViewContainer"] { position: static !important; overflow: visible !important; }
  .st-key-area-indicator { break-inside: avoid; }
  a[href]::after { content: none !important; }
}
</style>
"""


def print_css() -> None:
    st.markdown(PRINT_CSS, unsafe_allow_html=True)


def pdf_button(build: Callable[[], bytes], file_stem: str) -> None:
    """'Ladda ner PDF': the PDF is built on the server when clicked (a callable), not on every rerun."""
    with st.container(key="area-controls", horizontal=True):
        st.download_button(t("Ladda ner PDF", "Download PDF"), build, file_name=f"{file_stem}.pdf",
                           mime="application/pdf", key="area-pdf", on_click="ignore")
        st.caption(t("Eller skriv ut sidan (Ctrl+P): utskriften blir en ren A4-sida utan meny och knappar.",
                     "Or print the page (Ctrl+P): the printout is a clean A4 page without menu and buttons."))
