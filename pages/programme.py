"""Placeholder until this page is built."""
import streamlit as st

from components.i18n import t
from components.page import main_container

with main_container("programme"):
    st.info(t("Sidan är under uppbyggnad.", "This page is being built."))
