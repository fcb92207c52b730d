"""Vega-Lite specs made ready for ``st.vega_lite_chart`` once, where they are cached."""
from __future__ import annotations

import json
from typing import Any, Callable

import streamlit as st
from streamlit import dataframe_util

from components.accessibility.charts import accessible
from components.db import data_version
from components.i18n import lang


def with_arrow_datasets(spec: dict) -> dict:
    """The spec with its table datasets already as Arrow IPC bytes.

    ``st.vega_lite_chart`` converts every named dataset to Arrow on each call (about a fifth of a compare
    rerun) and passes bytes on as they are. Converting once, beside the cached spec, gives the same bytes.
    Geometry (GeoJSON features) stays JSON, as Streamlit keeps it."""
    spec = accessible(spec)  # every chart drawn goes through here: text alternative, readable labels
    datasets = spec.get("datasets")
    if not datasets:
        return spec
    converted = {}
    for name, values in datasets.items():
        tabular = isinstance(values, list) and not (values and isinstance(values[0], dict)
                                                    and values[0].get("type") == "Feature")
        converted[name] = dataframe_util.convert_anything_to_arrow_bytes(values) if tabular else values
    return {**spec, "datasets": converted}


def cached_spec(kind: str, key: tuple, build: Callable[[], Any]) -> dict:
    """The spec of ``build()`` (an Altair chart), built once per ``key``, language and data version.

    ``key`` must name everything the chart shows beyond the data version and the language (the
    selection, the year, the texts passed in). Building and validating an Altair chart is most of a
    rerun on the pages that draw several; ``st.vega_lite_chart`` takes the cached spec as it is."""
    return _cached_spec(kind, json.dumps(key, sort_keys=True, default=str), lang(), data_version(), build)


@st.cache_data(show_spinner=False, max_entries=256)
def _cached_spec(kind: str, key_json: str, language: str, version: tuple, _build: Callable[[], Any]) -> dict:
    return with_arrow_datasets(_build().to_dict())
