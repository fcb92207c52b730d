"""The URL as the page's permalink: read a page's params from st.query_params, write them back.

Each page keeps its own precedence rules for the first load (URL, then session, shared state or
defaults; see the page's controls module) and its own normalising; this module is only the
two-way sync, so every page writes the URL the same way: only keys whose value changed are set,
and a key the page does not keep is removed (other keys, such as `lang`, are left alone).
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

import streamlit as st


def non_empty(key: str, value: str) -> bool:
    """The usual rule: an empty value is left out of the URL."""
    return bool(value)


def always(key: str, value: str) -> bool:
    """Every key is written, empty or not (the page reads 'key=' back as an explicit empty choice)."""
    return True


def value(key: str, default: str = "") -> str:
    """One param from the URL, or the default when it is missing."""
    return st.query_params.get(key, default)


def read(keys: Iterable[str], skip_empty: bool = False) -> dict[str, str]:
    """The URL's values for keys that are present (and, with skip_empty, not empty); the page normalises them."""
    query = st.query_params
    return {k: query[k] for k in keys if k in query and (query[k] or not skip_empty)}


def write(params: Mapping[str, str], keep: Callable[[str, str], bool] = non_empty) -> None:
    """Put params into the URL: a kept key is set when its value changed, any other key is removed."""
    query = st.query_params
    for key, wanted in params.items():
        if keep(key, wanted):
            if query.get(key) != wanted:
                query[key] = wanted
        elif key in query:
            del query[key]
