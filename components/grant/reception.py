"""The reception matrix (Boverket 2014:17): nine municipalities × seven dimensions, each cell a link
to the verbatim passage it summarises, listed under the matrix with its report heading."""
from __future__ import annotations

import html

import pandas as pd
import streamlit as st

from sammanhallen import i18n
from sammanhallen.grant import figures as grant

from components.i18n import lang, t

_CSS = """
<style>
.reception-matrix {border-collapse: collapse; width: 100%; font-size: 0.9rem;}
.reception-matrix th, .reception-matrix td {border: 1px solid #d0d0d0; padding: 0.35rem 0.5rem; vertical-align: top; text-align: left;}
.reception-matrix thead th {background: #f0f2f6;}
.reception-matrix td a {text-decoration: none; color: inherit; border-bottom: 1px dotted #555;}
.reception-matrix td.v-yes {background: #e6f4ea;}
.reception-matrix td.v-partly {background: #fff7e0;}
.reception-matrix td.v-no {background: #fdecea;}
.reception-matrix td.v-not_stated, .reception-matrix td.v-not_decided, .reception-matrix td.v-no_decision_yet {color: #555; font-style: italic;}
.reception-passage {border-left: 3px solid #bbb; padding: 0.2rem 0.7rem; margin: 0.2rem 0 0.8rem 0;}
.reception-passage:target {border-left-color: #0072B2; background: #eef6fb;}
</style>
"""


def filters(rows: pd.DataFrame) -> pd.DataFrame:
    """Municipality and dimension-value filters; returns the rows to show."""
    language = lang()
    c1, c2, c3 = st.columns([2, 2, 3])
    municipalities = c1.multiselect(t("Kommuner", "Municipalities"), sorted(rows["municipality"].unique()),
                                    key="grant-rec-municipalities", placeholder=t("Alla nio", "All nine"))
    dimension = c2.selectbox(t("Filtrera på dimension", "Filter by dimension"), [None, *grant.DIMENSION_KEYS],
                             format_func=lambda d: t("(ingen)", "(none)") if d is None else grant.dimension_label(d, language),
                             key="grant-rec-dimension")
    values = []
    if dimension:
        options = sorted(rows.loc[rows["dimension"] == dimension, "value"].unique(), key=lambda v: grant.value_label(v, language))
        values = c3.multiselect(t("Värden", "Values"), options, format_func=lambda v: grant.value_label(v, language),
                                key="grant-rec-values", placeholder=t("Alla värden", "All values"))
    return grant.filter_reception(rows, municipalities, dimension, values)


def matrix_html(rows: pd.DataFrame, language: str) -> str:
    dims = grant.DIMENSION_KEYS
    head = "".join(f'<th scope="col">{html.escape(grant.dimension_label(d, language))}</th>' for d in dims)
    body = []
    by_cell = rows.set_index(["municipality_id", "dimension"])
    for (mid, name), _ in rows.groupby(["municipality_id", "municipality"], sort=False):
        cells = []
        for d in dims:
            if (mid, d) not in by_cell.index:
                cells.append("<td>–</td>")
                continue
            value = by_cell.loc[(mid, d), "value"]
            label = html.escape(grant.value_label(value, language))
            cells.append(f'<td class="v-{html.escape(value)}"><a href="#{grant.anchor_id(mid, d)}" '
                         f'title="{html.escape(t("Visa källans text", "Show the source text"))}">{label}</a></td>')
        body.append(f'<tr><th scope="row">{html.escape(name)}</th>{"".join(cells)}</tr>')
    caption = t("Hur kommunerna tog emot stimulansmedlen. Klicka på en cell för källans text.",
                "How the municipalities received the grant. Click a cell for the source text.")
    return (f'{_CSS}<table class="reception-matrix"><caption style="caption-side: top; text-align: left">{html.escape(caption)}</caption>'
            f'<thead><tr><th scope="col">{html.escape(t("Kommun", "Municipality"))}</th>{head}</tr></thead>'
            f'<tbody>{"".join(body)}</tbody></table>')


def passages_html(rows: pd.DataFrame, language: str) -> str:
    parts = []
    for (mid, name), part in rows.groupby(["municipality_id", "municipality"], sort=False):
        parts.append(f"<h4>{html.escape(name)}</h4>")
        part = part.set_index("dimension").reindex(list(grant.DIMENSION_KEYS)).dropna(subset=["value"])
        for d, r in part.iterrows():
            summary = i18n.column(r, "summary", language)
            if isinstance(r["passage"], str) and r["passage"]:
                quote = f'<blockquote lang="sv">”{html.escape(r["passage"])}”</blockquote>'
                where = t(f"Boverket 2014:17, rubrik ”{r['heading']}”", f"Boverket 2014:17, heading “{r['heading']}”")
            else:
                quote = f"<p><em>{html.escape(t('Rapporten innehåller ingen passage om detta för kommunen.', 'The report has no passage on this for the municipality.'))}</em></p>"
                where = t("Boverket 2014:17 (avsnittet om kommunen)", "Boverket 2014:17 (the municipality's section)")
            parts.append(
                f'<div class="reception-passage" id="{grant.anchor_id(mid, d)}">'
                f'<strong>{html.escape(grant.dimension_label(d, language))}: {html.escape(grant.value_label(r["value"], language))}</strong>'
                f'<p>{html.escape(summary)}</p>{quote}<p><small>{html.escape(where)}</small></p></div>'
            )
    return "".join(parts)


def render(rows: pd.DataFrame) -> None:
    language = lang()
    shown = filters(rows)
    n = shown["municipality_id"].nunique()
    st.caption(t(f"Visar {n} av 9 kommuner.", f"Showing {n} of 9 municipalities."))
    if shown.empty:
        st.info(t("Ingen kommun matchar filtret.", "No municipality matches the filter."))
        return
    st.markdown(matrix_html(shown, language), unsafe_allow_html=True)
    st.caption(t(
        "Klassningarna är denna sammanställnings korta sammanfattning av rapporten; texten under matrisen är rapportens egen, ordagrant. "
        "Källa: Boverket (2014): Uppföljning av de prestationsbaserade stimulansmedlen – delrapport 1 (rapport 2014:17). Intervjuer januari–februari 2014.",
        "The classifications are this dashboard's short summary of the report; the text below the matrix is the report's own, verbatim (Swedish). "
        "Source: Boverket (2014): Uppföljning av de prestationsbaserade stimulansmedlen – delrapport 1 (report 2014:17). Interviews January–February 2014."))
    st.markdown("### " + t("Källans text per cell", "The source text per cell"))
    with st.container(height=520, key="grant-reception-passages"):
        st.markdown(passages_html(shown, language), unsafe_allow_html=True)
