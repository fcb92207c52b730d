"""The schema beside the SQL console: every table and view with its columns and types."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from sammanhallen.sql_console import runner as sql_console

from components.i18n import t
from components.sources.downloads import database_file

# Tables analysts start from, listed first.
FIRST = ("observation_details", "observations", "areas", "indicators", "sources")


@st.cache_data(show_spinner=False, max_entries=4)
def _schema(path: str, mtime: float) -> pd.DataFrame:
    return sql_console.schema(path)


def load() -> pd.DataFrame:
    """What the console itself sees (the file it attaches), cached per file version."""
    path = database_file()
    return _schema(str(path), path.stat().st_mtime)


def render(schema: pd.DataFrame) -> None:
    """schema: sql_console.schema (table_name, column_name, data_type, kind)."""
    st.markdown("**" + t("Tabeller och vyer", "Tables and views") + "**")
    st.caption(t("Kolumnerna beskrivs i data/README.md. observation_details har varje värde med område, "
                 "indikator och källa.",
                 "The columns are described in data/README.md. observation_details has every value with its "
                 "area, indicator and source."))
    names = list(dict.fromkeys(schema["table_name"]))
    names = [n for n in FIRST if n in names] + [n for n in names if n not in FIRST]
    for name in names:
        columns = schema[schema["table_name"] == name]
        kind = t("vy", "view") if columns["kind"].iloc[0] == "view" else t("tabell", "table")
        with st.expander(f"{name} ({kind}, {len(columns)} " + t("kolumner", "columns") + ")"):
            st.markdown("\n".join(f"- `{row.column_name}` {row.data_type.lower()}" for row in columns.itertuples()))
