"""The compare page's data for one selection, read once per selection and data version.

Every session that opens the compare page with the same selection (a council opening the same link)
shares one result instead of running the four queries and the per-inhabitant join again.
"""
from __future__ import annotations

import json

import pandas as pd
import streamlit as st

from sammanhallen.compare import choices
from sammanhallen.compare import selection as cmp

from components.db import data_version, run


def comparison(selection: dict) -> cmp.Comparison:
    """``cmp.load`` for the selection (indicator, areas, pop as in the URL); a copy the caller owns."""
    keys = {k: selection.get(k) for k in ("indicator", "areas", "pop")}
    return _comparison(json.dumps(keys, sort_keys=True, default=str), data_version())


@st.cache_data(show_spinner=False, max_entries=64)
def _comparison(selection_json: str, version: tuple) -> cmp.Comparison:
    return cmp.load(run, json.loads(selection_json))


@st.cache_data(show_spinner=False, max_entries=16)
def measure_options(_indicators: pd.DataFrame, language: str, version: tuple) -> dict[str, str]:
    return cmp.measure_options(_indicators, language)


@st.cache_data(show_spinner=False, max_entries=8)
def group_sizes(_all_areas: pd.DataFrame, version: tuple) -> dict[str, int]:
    """How many areas each quick-pick group has (the buttons' counts)."""
    return {group: len(choices.group_members(_all_areas, group)) for group in choices.QUICK_GROUPS}
