"""Risk index: placeholder while the page is built."""
import streamlit as st

from components.i18n import t
from components.page import main_container

with main_container("risk_index"):
    st.title(t("Riskindex", "Risk index"))
