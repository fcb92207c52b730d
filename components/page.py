"""Page scaffolding: the keyed main container every page renders into (tests look for it)."""
from __future__ import annotations

import streamlit as st


def main_container(key: str):
    """`with main_container("map"):` — the DOM gets class st-key-page-map."""
    return st.container(key=f"page-{key}")
