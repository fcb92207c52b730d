"""Import data: placeholder while the page is built."""
import streamlit as st

from components.i18n import t
from components.page import main_container

with main_container("data_import"):
    st.title(t("Importera data", "Import data"))
