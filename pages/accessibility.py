"""Tillgänglighetsredogörelse: the accessibility statement the Swedish law requires, in DIGG's structure."""
import streamlit as st

from components.accessibility import statement
from components.i18n import t
from components.page import main_container

with main_container("accessibility"):
    st.title(t("Tillgänglighetsredogörelse", "Accessibility statement"))
    statement.render()
