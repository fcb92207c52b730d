"""Swedish by default, English on request: `t("Karta", "Map")`.

Strings live beside the code that shows them; the language is one session value, set by the
sidebar switch or by `?lang=en` in a link.
"""
from __future__ import annotations

import streamlit as st

LANGUAGES = {"sv": "Svenska", "en": "English"}
_KEY = "lang"


def lang() -> str:
    if _KEY not in st.session_state:
        requested = st.query_params.get("lang", "sv")
        st.session_state[_KEY] = requested if requested in LANGUAGES else "sv"
    return st.session_state[_KEY]


def t(sv: str, en: str) -> str:
    return en if lang() == "en" else sv


def pick(row, column_stem: str):
    """row['name_sv'] or row['name_en'] by language."""
    return row[f"{column_stem}_{lang()}"]
