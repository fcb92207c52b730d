"""Streamlit rendering helpers shared by the pages."""
