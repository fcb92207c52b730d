"""Selections the pages share (focus area, indicator, year) so a choice made on one page is
the starting point on the next."""
from __future__ import annotations

import streamlit as st

_KEY = "shared"


def shared() -> dict:
    return st.session_state.setdefault(_KEY, {})


def get(name: str, default=None):
    return shared().get(name, default)


def put(name: str, value) -> None:
    shared()[name] = value


def clear() -> None:
    st.session_state[_KEY] = {}
