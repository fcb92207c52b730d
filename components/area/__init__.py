"""Områdesprofil: the Streamlit pieces of the area profile page."""
