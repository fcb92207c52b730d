"""Charts and the table of the compare page, each chart with PNG/SVG downloads."""
from __future__ import annotations

import json
from typing import Callable

import pandas as pd
import streamlit as st

from sammanhallen.compare import diff
from sammanhallen.compare import selection as cmp
from sammanhallen.compare import table as compare_table
from sammanhallen import exports
from sammanhallen.formatting import format_value
from sammanhallen.per_capita import weak_population
from sammanhallen.views import ViewChart

from components.db import data_version
from components.i18n import lang, t
from components.vega import with_arrow_datasets


def chart_block(build: Callable[[], ViewChart], key: str, file_stem: str, params: dict) -> None:
    """The chart as it will look in the report (title, subtitle and sources inside), and its images.

    Built once per selection (``params``), language and data version: building and validating the
    Altair chart was most of a compare rerun, and Streamlit converts Altair charts one session at a time."""
    spec, shown = _chart_specs(key, json.dumps(params, sort_keys=True, default=str), lang(), data_version(), build)
    st.vega_lite_chart(shown, width="content", key=f"cmp_chart_{key}")
    left, right, _ = st.columns([1, 1, 3])
    left.download_button(
        t("PNG för tryck", "PNG for print"), data=lambda: exports.chart_png(spec, scale=3),
        file_name=f"{file_stem}.png", mime="image/png", key=f"cmp_png_{key}", on_click="ignore",
        help=t("3× upplösning, 300 ppi.", "3× resolution, 300 ppi."),
    )
    right.download_button(
        "SVG", data=lambda: exports.chart_svg(spec), file_name=f"{file_stem}.svg",
        mime="image/svg+xml", key=f"cmp_svg_{key}", on_click="ignore",
        help=t("Vektorbild, skalbar utan kvalitetsförlust.", "Vector image, scales without loss."),
    )


@st.cache_data(show_spinner=False, max_entries=512)
def _chart_specs(kind: str, params_json: str, language: str, version: tuple,
                 _build: Callable[[], ViewChart]) -> tuple[dict, dict]:
    """(the spec for the image exports, the same spec with its data as Arrow for the page)."""
    spec = _build().chart.to_dict()
    return spec, with_arrow_datasets(spec)


def long_table(comp: cmp.Comparison, year_from: int, year_to: int, ref: str | None,
               selection: dict) -> tuple[pd.DataFrame, list[str]]:
    """The comparison's table and footnotes, computed once per selection, language and data version."""
    return _long_table(json.dumps(selection, sort_keys=True, default=str), lang(), data_version(),
                       year_from, year_to, ref, comp)


@st.cache_data(show_spinner=False, max_entries=128)
def _long_table(selection_json: str, language: str, version: tuple, year_from: int, year_to: int, ref: str | None,
                _comp: cmp.Comparison) -> tuple[pd.DataFrame, list[str]]:
    return compare_table.long_table(_comp, year_from, year_to, ref, language)


def table(table: pd.DataFrame, comp: cmp.Comparison, notes: list[str], ref_name: str, selection: dict) -> None:
    """Values with Swedish formatting, unit, source and year per value, and footnotes."""
    if table.empty:
        return
    unit = comp.measure["unit"]
    shown = _shown(json.dumps(selection, sort_keys=True, default=str), lang(), data_version(), ref_name, table, comp)
    st.dataframe(shown, hide_index=True, width="stretch", key="cmp_table", placeholder="–")
    st.markdown(t("Öppna områdesprofilen: ", "Open the area profile: ") + " · ".join(f"[{r.name}](omrade?area={r.area_id}&lang={lang()})" for r in comp.areas.itertuples()))
    st.caption(t(f"Enhet: {diff.diff_unit(unit, 'sv') if unit != 'percent' else 'procent'}; skillnader för andelar i procentenheter (p.e.).",
                 f"Unit: {diff.diff_unit(unit, 'en') if unit != 'percent' else 'per cent'}; differences of shares in percentage points (pp)."))
    if notes:
        with st.container(key="cmp-footnotes"):
            st.markdown("**" + t("Fotnoter", "Footnotes") + "**")
            st.markdown("\n".join(f"- {n}" for n in notes))


@st.cache_data(show_spinner=False, max_entries=128)
def _shown(selection_json: str, language: str, version: tuple, ref_name: str, _table: pd.DataFrame,
           _comp: cmp.Comparison) -> pd.DataFrame:
    """The table as shown, formatted once per selection, language and data version."""
    table, comp, unit = _table, _comp, _comp.measure["unit"]
    shown = pd.DataFrame({
        t("Område", "Area"): table["name"],
        t("År", "Year"): table["year"].astype(str),
        t("Värde", "Value"): table["label"],
    })
    if comp.measure["id"] in cmp.SPECIAL_MEASURES:
        shown[t("Utbetalt", "Paid")] = [format_value(v, "SEK", language) for v in table.get("amount_sek")]
        shown[t("Folkmängd (år)", "Population (year)")] = [
            "–" if pd.isna(p) else f"{format_value(p, 'persons', language)} ({int(y)})"
            for p, y in zip(table.get("population"), table.get("population_year"))]
    shown[t(f"Skillnad mot {ref_name}", f"Difference from {ref_name}")] = [diff.format_diff(v, unit, language) for v in table["diff"]]
    shown[t("Skillnad i %", "Difference in %")] = [diff.format_pct(v, language) for v in table["diff_pct"]]
    shown[t("Källa", "Source")] = table["source"]
    shown[t("Anmärkning / skäl till lucka", "Note / reason for gap")] = [compare_table.note_or_gap(r) for r in table.to_dict("records")]
    return shown


def population_notice(comp: cmp.Comparison, year: int) -> None:
    """Funds per inhabitant: say plainly for which areas the payment year's population exists."""
    if comp.measure["id"] not in cmp.SPECIAL_MEASURES:
        return
    paid = comp.values[comp.values.year == year]
    if paid.empty:
        return
    same = paid[paid.pop_status == "same_year"]
    weak = paid[weak_population(paid.population, paid.population_confidence)]
    other = paid[paid.pop_status.isin(["other_year", "other_year_available"]) & ~paid.index.isin(weak.index)]
    none = paid[paid.pop_status == "none"]
    lines = [t(f"Folkmängd för {year} finns för {len(same)} av {len(paid)} områden med utbetalning.",
               f"Population for {year} exists for {len(same)} of {len(paid)} areas with a payment.")]
    if len(other):
        years = ", ".join(f"{comp.area_name(r.area_id)} {int(r.nearest_population_year)}" for r in other.itertuples())
        used = comp.allow_nearest_population
        lines.append(t(f"Närmaste år med folkmängd{' (används, markerat †)' if used else ' (används inte)'}: {years}.",
                       f"Nearest year with population{' (used, marked †)' if used else ' (not used)'}: {years}."))
    if len(weak):
        years = ", ".join(f"{comp.area_name(r.area_id)} {int(r.population_year)}" for r in weak.itertuples())
        lines.append(t(f"Folkmängd med låg tillförlitlighet ger ingen kvot: {years}.",
                       f"A population of low confidence gives no ratio: {years}."))
    if len(none):
        lines.append(t("Ingen folkmängd alls i datan: ", "No population at all in the data: ")
                     + ", ".join(comp.area_name(a) for a in none.area_id) + ".")
    st.warning(" ".join(lines))
