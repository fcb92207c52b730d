"""Sammanhållen stad: the non-UI core (data build, queries, formatting, geometry, exports).

Nothing in this package imports streamlit, so tests and scripts can call it directly.
"""
