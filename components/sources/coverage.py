"""Coverage on the sources page: a compact heat-map (indicators × years, colour = number of
areas with a value; cells without a value stay empty) and the table per indicator and area level."""
from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from sammanhallen.formatting import format_number

from components.db import run
from components.i18n import lang, pick, t
from sammanhallen import i18n
from sammanhallen.i18n import LEVELS
from components.sources.catalog import domain_name, level_name
from components.vega import cached_spec

GAP_FILL = "#ffffff"
GRID_STROKE = "#e3e3e3"


def heatmap(cells: pd.DataFrame, language: str, subtitle: str) -> alt.Chart:
    """cells: the coverage_heatmap query (every indicator × year, n_areas empty for gaps)."""
    frame = cells.copy()
    frame["indicator"] = i18n.column(frame, "name", language)
    frame["domain_label"] = [domain_name(d, language) for d in frame["domain"]]
    frame["n"] = frame["n_areas"].astype("float").where(frame["n_areas"].notna(), None)
    frame["low"] = frame["n_low"].fillna(0).astype(int)
    frame["levels"] = frame["levels"].fillna("")
    frame["levels_text"] = [", ".join(level_name(x, language) for x in s.split(", ")) if s else "" for s in frame["levels"]]
    frame["count_text"] = [
        (format_number(n, 0, language) if pd.notna(n) else i18n.t("inga värden", "no values", language)) for n in frame["n"]
    ]
    order = list(dict.fromkeys(frame["indicator"]))
    domains = list(dict.fromkeys(frame["domain_label"]))
    years = sorted(frame["year"].unique())
    y = alt.Y("indicator:N", sort=order, title=None,
              axis=alt.Axis(labelLimit=360, labelFontSize=11, labelOverlap=False, ticks=False, domain=False))
    x = alt.X("year:O", title=None, sort=years,
              axis=alt.Axis(labelAngle=0, labelExpr="datum.value % 5 == 0 ? datum.value : ''", labelOverlap=False,
                            ticks=False, domain=False, orient="bottom"))
    tooltip = [
        alt.Tooltip("indicator:N", title=i18n.t("Indikator", "Indicator", language)),
        alt.Tooltip("domain_label:N", title=i18n.t("Område", "Domain", language)),
        alt.Tooltip("year:O", title=i18n.t("År", "Year", language)),
        alt.Tooltip("count_text:N", title=i18n.t("Områden med värde", "Areas with a value", language)),
        alt.Tooltip("levels_text:N", title=i18n.t("Nivåer", "Levels", language)),
        alt.Tooltip("low:Q", title=i18n.t("Varav låg tillförlitlighet", "Of which low confidence", language)),
    ]
    top = max(float(frame["n"].max()) if frame["n"].notna().any() else 1.0, 1.0)
    grid = alt.Chart().mark_rect(fill=GAP_FILL, stroke=GRID_STROKE, strokeWidth=0.6).encode(x=x, y=y, tooltip=tooltip)
    # The grid layer already names every cell to assistive technology (its tooltip fields); the coloured and
    # starred layers repeat it for the eye, and an empty one (a facet without values) would be an unlabelled graphic.
    filled = alt.Chart().transform_filter("isValid(datum.n)").mark_rect(stroke="#ffffff", strokeWidth=0.6, aria=False).encode(
        x=x, y=y, tooltip=tooltip,
        # One area is already a value: the scale starts at a clearly visible blue, not at white.
        color=alt.Color("n:Q", title=i18n.t("Områden", "Areas", language),
                        scale=alt.Scale(domain=[1, max(top, 2)], range=["#9ecae1", "#08306b"]),
                        legend=alt.Legend(orient="right", gradientLength=140, format="d", values=_ticks(top))),
    )
    flags = alt.Chart().transform_filter("datum.low > 0").mark_text(text="*", fontSize=14, fontWeight="bold", dy=4, aria=False).encode(
        x=x, y=y, tooltip=tooltip,
        color=alt.condition("datum.n >= %g" % max(top * 0.45, 2), alt.value("#ffffff"), alt.value("#111111")),
    )
    title = i18n.t("Täckning: antal områden med värde per indikator och år",
                   "Coverage: number of areas with a value per indicator and year", language)
    return alt.layer(grid, filled, flags, data=frame).properties(
        width=alt.Step(16), height=alt.Step(17),
    ).facet(
        row=alt.Row("domain_label:N", sort=domains, title=None,
                    header=alt.Header(labelAngle=0, labelAlign="left", labelAnchor="start", labelOrient="top",
                                      labelFontWeight="bold", labelFontSize=12, labelPadding=2)),
        spacing=8,
    ).resolve_scale(y="independent").properties(
        title=alt.TitleParams(title, subtitle=[subtitle], anchor="start", fontSize=15, subtitleColor="#444"),
    ).configure_view(stroke=None)


def _ticks(top: float) -> list[int]:
    top = int(max(top, 2))
    step = 5 if top > 10 else (2 if top > 4 else 1)
    return sorted({1, *range(step, top + 1, step), top})


def _levels_present(coverage: pd.DataFrame) -> list[str]:
    present = set(coverage["area_level"].dropna())
    return [level for level in LEVELS if level in present]


def render_heatmap(coverage: pd.DataFrame, source_note: str) -> None:
    options = ["all"] + _levels_present(coverage)
    level = st.selectbox(
        t("Områdesnivå", "Area level"), options, key="coverage-level",
        format_func=lambda v: t("Alla nivåer", "All levels") if v == "all" else level_name(v).capitalize(),
    )
    cells = run("coverage_heatmap", level=level)
    subtitle = t("Alla områdesnivåer", "All area levels") if level == "all" else level_name(level).capitalize()
    subtitle += t(". Vita rutor: inget värde. * = minst ett värde med låg tillförlitlighet.",
                  ". White cells: no value. * = at least one value with low confidence.")
    spec = cached_spec("coverage-heatmap", (level, subtitle), lambda: heatmap(cells, lang(), subtitle))
    st.vega_lite_chart(spec, width="content", key="coverage-heatmap")
    st.caption(source_note)


def render_table(coverage: pd.DataFrame, source_note: str) -> None:
    table = coverage.copy()
    table["indicator"] = pick(table, "name")
    table["level"] = [level_name(v) for v in table["area_level"]]
    table["domain_label"] = [domain_name(d) for d in table["domain"]]
    table["low_flag"] = [t(f"{n} (låg)", f"{n} (low)") if n else "" for n in table["n_low"]]
    st.dataframe(
        table[["indicator", "domain_label", "level", "n_areas", "n_years", "first_year", "last_year", "n_values",
               "low_flag", "sources"]],
        hide_index=True, width="stretch", key="coverage-table",
        column_config={
            "indicator": st.column_config.TextColumn(t("Indikator", "Indicator"), width="medium"),
            "domain_label": t("Område", "Domain"),
            "level": t("Nivå", "Level"),
            "n_areas": st.column_config.NumberColumn(t("Områden", "Areas"), format="%d"),
            "n_years": st.column_config.NumberColumn(t("År med värde", "Years with values"), format="%d"),
            "first_year": st.column_config.NumberColumn(t("Första år", "First year"), format="%d"),
            "last_year": st.column_config.NumberColumn(t("Senaste år", "Last year"), format="%d"),
            "n_values": st.column_config.NumberColumn(t("Värden", "Values"), format="%d"),
            "low_flag": t("Låg tillförlitlighet", "Low confidence"),
            "sources": st.column_config.TextColumn(t("Källor (utgivare, år)", "Sources (publisher, year)"), width="large"),
        },
        placeholder="–",
    )
    st.caption(source_note)


def render(coverage: pd.DataFrame, n_sources: int) -> None:
    """coverage: the coverage_by_indicator query."""
    st.header(t("Täckning per indikator", "Coverage per indicator"))
    st.markdown(t(
        "Vilka områden och år som har värden. Luckor är luckor: inget är uppskattat eller ifyllt.",
        "Which areas and years have values. Gaps are gaps: nothing is estimated or filled in.",
    ))
    note = t(f"Underlag: tabellen observations i databasen; värdena kommer från {n_sources} källor, "
             "var och en med titel, utgivare och år i tabellen Källor ovan.",
             f"Based on: the observations table of the database; the values come from {n_sources} sources, "
             "each with title, publisher and year in the Sources table above.")
    render_heatmap(coverage, note)
    with st.expander(t("Täckning som tabell: indikator och områdesnivå", "Coverage as a table: indicator and area level"),
                     expanded=True):
        render_table(coverage, note)
