"""Bench only: a page with nothing on it but one small selectbox, registered beside the app's own pages by
bench/bench_whole_pages.py, so a rerun of it costs what app.py (sidebar, navigation) costs by itself."""
import streamlit as st

from components.page import main_container

with main_container("bench_bare"):
    st.title("Tom sida (prestandamätning)")
    choice = st.selectbox("Val", ["a", "b", "c", "d"], key="bench-bare-choice")
    st.write(f"Valt: {choice}")
