"""The session's language for `sammanhallen.i18n`: `t("Karta", "Map")`.

Strings live beside the code that shows them; the language is one session value, set by the
sidebar switch or by `?lang=en` in a link. The rule itself (and the shared vocabulary) is in
`sammanhallen/i18n.py`, which the plain-Python package uses with an explicit language.
"""
from __future__ import annotations

import streamlit as st

from sammanhallen import i18n
from sammanhallen.i18n import LANGUAGES, Text

_KEY = "lang"

__all__ = ["LANGUAGES", "Text", "lang", "t", "pick", "text"]


def lang() -> str:
    if _KEY not in st.session_state:
        requested = st.query_params.get("lang", i18n.DEFAULT_LANGUAGE)
        st.session_state[_KEY] = requested if requested in LANGUAGES else i18n.DEFAULT_LANGUAGE
    return st.session_state[_KEY]


def t(sv: str, en: str) -> str:
    return i18n.t(sv, en, lang())


def text(message: Text | tuple[str, str]) -> str:
    """A Text or an (sv, en) pair in the session's language."""
    return i18n.pick(message, lang())


def pick(row, column_stem: str):
    """row['name_sv'] or row['name_en'] by language."""
    return i18n.column(row, column_stem, lang())
