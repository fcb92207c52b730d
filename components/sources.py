"""Render the source line under a chart or table."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from sammanhallen.citations import source_line

from .i18n import lang


def caption_sources(rows: pd.DataFrame, year_column: str | None = "year") -> None:
    line = source_line(rows, lang(), year_column)
    if line:
        st.caption(line)
