"""The profile's sections on screen: header with locator map, indicators with trend lines, gaps, the
programme and the grant, sources. Figures and words come from sammanhallen/area/."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from components.db import run
from components.i18n import lang, t
from components.vega import cached_spec
from sammanhallen.area import charts, locator as area_locator, profile as area_profile, text
from sammanhallen.citations import source_line
from sammanhallen.i18n import confidence_label


@st.cache_data(show_spinner=False, max_entries=64)
def _locator(area_id: str, _areas: pd.DataFrame) -> area_locator.Locator:
    return area_locator.locate(area_profile.area_row(_areas, area_id), _areas)


def locator(profile: area_profile.Profile, areas: pd.DataFrame) -> area_locator.Locator:
    return _locator(profile.area["area_id"], areas)


def header(profile: area_profile.Profile, areas: pd.DataFrame) -> None:
    area = profile.area
    st.title(area["name"])
    left, right = st.columns([3, 2])
    with left:
        st.markdown("  \n".join(text.header_lines(profile, lang())))
        if profile.population is not None and profile.population["confidence"] == "low":
            st.caption(t("* Låg tillförlitlighet enligt källan.", "* Low confidence according to the source."))
    with right:
        loc = locator(profile, areas)
        if loc.drawable:
            spec = cached_spec("area-locator", (area["area_id"],), lambda: area_locator.chart(loc, lang(), 300, 260))
            st.vega_lite_chart(spec, width="content")
        if loc.sentence:
            st.caption(loc.sentence.in_(lang()))


def _trend(profile: area_profile.Profile, indicator_id: str) -> None:
    series = profile.series[profile.series["indicator_id"] == indicator_id]
    if series["year"].nunique() < 2:
        st.caption(t(f"Ett enda år ({int(series['year'].iloc[0])}): ingen linje.", f"A single year ({int(series['year'].iloc[0])}): no line."))
        return
    spec = cached_spec("area-trend", (profile.area["area_id"], indicator_id), lambda: charts.trend(series, lang()))
    st.vega_lite_chart(spec, width="content")
    if series["source_id"].nunique() > 1:  # the line mixes sources: name each, not only the latest value's
        st.caption(source_line(series, lang(), "year"))


def indicators(profile: area_profile.Profile) -> None:
    st.header(t("Indikatorer", "Indicators"))
    if profile.indicators.empty:
        st.info(t("Området har inga indikatorvärden i data.", "The area has no indicator values in the data."))
        return
    parent = profile.area["parent_name"] if isinstance(profile.area.get("parent_name"), str) else None
    st.caption(t("Senaste värde och år; rang bland områden på samma nivå med värde samma år (1 = högst värde); "
                 "skillnad mot överordnat område och Sverige samma år där sådana värden finns (inte för antal). "
                 "Linjen visar alla år; luckor = år utan värde. * = låg tillförlitlighet.",
                 "Latest value and year; rank among areas of the same level with a value that year (1 = highest value); "
                 "difference to the parent area and Sweden in the same year where those values exist (not for counts). "
                 "The line shows every year; gaps = years without a value. * = low confidence."))
    level = profile.area["level"]
    for _, r in profile.indicators.iterrows():
        with st.container(key=f"area-indicator-{r['indicator_id']}", border=True):
            left, right = st.columns([3, 2])
            with left:
                lines = [f"**{text.indicator_name(r, lang())}**",
                         f"{text.value_text(r, lang())} ({int(r['year'])}) · "
                         + t("rang ", "rank ") + text.rank_text(r["rank"], r["n_ranked"], level, lang())]
                diffs = []
                if parent and not pd.isna(r["diff_parent"]):
                    diffs.append(t(f"mot {parent}: ", f"vs {parent}: ") + text.difference(r["diff_parent"], r["unit"], lang()))
                if not pd.isna(r["diff_country"]):
                    diffs.append(t("mot Sverige: ", "vs Sweden: ") + text.difference(r["diff_country"], r["unit"], lang()))
                if diffs:
                    lines.append(" · ".join(diffs))
                st.markdown("  \n".join(lines))
                st.caption(t("Tillförlitlighet: ", "Confidence: ") + confidence_label(r["confidence"], lang()) + ". "
                           + t("Källa: ", "Source: ") + text.source_text(r))
            with right:
                _trend(profile, r["indicator_id"])


def gaps(profile: area_profile.Profile) -> None:
    line = text.gaps_line(profile, lang())
    if line:
        st.subheader(t("Luckor", "Gaps"))
        st.markdown(line)


def programme(area_id: str, obs: pd.DataFrame) -> tuple[pd.DataFrame, list]:
    """The programme's naming and the stimulus payment, where they apply; returns both for the PDF."""
    priority = run("area_priority", area_id=area_id)
    grants = area_profile.grants(run("area_funds", area_id=area_id), obs, area_id)
    lines = text.priority_lines(priority, lang()) + text.grant_lines(grants, lang())
    if lines:
        st.header(t("Programmet och stimulansmedlen", "The programme and the stimulus grant"))
        st.markdown("\n".join(f"- {line}" for line in lines))
    return priority, grants


def sources(profile: area_profile.Profile, priority: pd.DataFrame, grants: list) -> None:
    extra = [text.source_text(r) for _, r in priority.iterrows()] + [text.source_text(g.row) for g in grants]
    found = text.sources(profile, extra)
    st.subheader(t("Källor", "Sources"))
    st.markdown("\n".join(f"- {s}" for s in found))
