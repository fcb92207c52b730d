"""SQL console: placeholder while the page is built."""
import streamlit as st

from components.i18n import t
from components.page import main_container

with main_container("sql_console"):
    st.title(t("SQL-konsol", "SQL console"))
