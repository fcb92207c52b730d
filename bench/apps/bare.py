"""Bench only: a bare Streamlit page, the reference for the map's time to first paint."""
import streamlit as st

st.set_page_config(page_title="Bench: tom sida", layout="wide")
st.title("Tom sida (prestandamätning)")
st.write("En Streamlit-sida utan innehåll: referens för kartans tid till första bild.")
