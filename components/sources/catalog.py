"""Indicator definitions on the sources page: one expander per domain, one short entry per
indicator (name, unit, definition, how many values over which years and area levels)."""
from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from sammanhallen import i18n
from sammanhallen.formatting import format_number, unit_label

from components.i18n import lang, pick, t

DOMAINS = {  # in the order the pages use
    "befolkning": ("Befolkning", "Population"),
    "arbete": ("Arbete", "Work"),
    "forsorjning": ("Försörjning", "Income support"),
    "utbildning": ("Utbildning", "Education"),
    "ekonomi": ("Ekonomi", "Economy"),
    "index": ("Index", "Indices"),
}
def level_name(level, language: str | None = None) -> str:
    if level is None or level is pd.NA or (isinstance(level, float) and pd.isna(level)):
        return "–"
    return i18n.level_name(level, language or lang())


def domain_name(domain: str, language: str | None = None) -> str:
    return i18n.pick(DOMAINS[domain], language or lang()) if domain in DOMAINS else str(domain)


def _span(first, last) -> str:
    if pd.isna(first):
        return t("inga värden", "no values")
    return str(int(first)) if int(first) == int(last) else f"{int(first)}–{int(last)}"


def _entry(row) -> str:
    name = pick(row, "name")
    # An indicator that a recipe defines but no refresh has filled yet has no levels (NULL, read as NA).
    listed = row["levels"] if isinstance(row["levels"], (list, tuple, np.ndarray)) else []
    levels = ", ".join(level_name(level) for level in listed)
    facts = t(f"{format_number(row['n_values'], 0, 'sv')} värden, {_span(row['first_year'], row['last_year'])}",
              f"{format_number(row['n_values'], 0, 'en')} values, {_span(row['first_year'], row['last_year'])}")
    if levels:
        facts += t("; nivåer: ", "; levels: ") + levels
    return (f"**{name}** ({unit_label(row['unit'], lang())})  \n{row['definition']}  \n"
            f"<span style='color:#555'>{facts}. Id: `{row['indicator_id']}`</span>")


def render(indicators: pd.DataFrame) -> None:
    """indicators: the indicators_list query."""
    st.header(t("Indikatorer och definitioner", "Indicators and definitions"))
    st.caption(t("Definitionerna är källornas egna: åldersgrupp, bas och mättidpunkt står i texten.",
                 "The definitions are the sources' own: age band, base and reference date are in the text."))
    order = [d for d in DOMAINS if d in set(indicators.domain)] + sorted(set(indicators.domain) - set(DOMAINS))
    for domain in order:
        rows = indicators[indicators.domain == domain]
        label = f"{domain_name(domain)} ({len(rows)})"
        with st.expander(label, expanded=False):
            st.markdown("\n\n".join(_entry(row) for _, row in rows.iterrows()), unsafe_allow_html=True)
