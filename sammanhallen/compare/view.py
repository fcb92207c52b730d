"""The compare view: params as in the compare page's URL, and the charts it draws.

Every chart carries its title, a subtitle with the selection and a footer with the source line and
footnotes inside the Vega-Lite spec, so a PNG/SVG or a slide stands alone in a report.
"""
from __future__ import annotations

import functools
import textwrap

import altair as alt
import pandas as pd

from sammanhallen.compare import choices
from sammanhallen.compare import diff
from sammanhallen.compare import selection as cmp
from sammanhallen.compare import table as compare_table
from sammanhallen.data import queries
from sammanhallen.citations import labelled, source_line
from sammanhallen.colors import REFERENCE_GREY, area_color, color_scale
from sammanhallen.formatting import VEGA_LOCALES, format_value, unit_label
from sammanhallen.i18n import MISSING, pick, t
from sammanhallen.views import ViewChart

URL_PATH = "jamfor"
STOCKHOLM_BOROUGHS_2017 = (
    "0180-sdo-rinkeby-kista", "0180-sdo-spanga-tensta", "0180-sdo-hasselby-vallingby", "0180-sdo-bromma",
    "0180-sdo-kungsholmen", "0180-sdo-norrmalm", "0180-sdo-ostermalm", "0180-sdo-sodermalm",
    "0180-sdo-enskede-arsta-vantor", "0180-sdo-skarpnack", "0180-sdo-farsta", "0180-sdo-alvsjo",
    "0180-sdo-hagersten-liljeholmen", "0180-sdo-skarholmen",
)
DEFAULTS: dict[str, str] = {
    "indicator": "ekonomiskt_bistand_andel_befolkning",
    "areas": ",".join(STOCKHOLM_BOROUGHS_2017),
    "year": "",          # empty: the latest year with data
    "from": "",          # empty: the first year with data
    "to": "",            # empty: the last year with data
    "highlight": "0180-sdo-rinkeby-kista,0180-sdo-spanga-tensta",
    "ref": "0180",
    "pop": "same",       # 'same': population of the payment year only; 'nearest': nearest year, stated
}
KEYS = tuple(DEFAULTS)
WIDTH = 640
MUTED = "#C9CED6"


def normalise(params: dict) -> dict:
    """Known keys only, as strings; missing keys take their default (an empty value stays empty,
    so an emptied selection is not silently refilled)."""
    out = {}
    for key, default in DEFAULTS.items():
        value = params.get(key, default)
        if isinstance(value, (list, tuple)):
            value = ",".join(str(v) for v in value)
        out[key] = "" if value is None else str(value)
    if out["pop"] not in ("same", "nearest"):
        out["pop"] = "same"
    return out


def load(con, params: dict) -> cmp.Comparison:
    return cmp.load(functools.partial(queries.run, con), normalise(params))


# --- chart pieces ----------------------------------------------------------------------------

def _names(comp: cmp.Comparison, ids: list[str], limit: int = 6) -> str:
    names = [comp.area_name(a) for a in ids]
    return ", ".join(names) if len(names) <= limit else ", ".join(names[:limit]) + f" … (+{len(names) - limit})"


def subtitle(comp: cmp.Comparison, lang: str, highlight: list[str] | None = None, extra: str = "") -> list[str]:
    n = len(comp.area_ids)
    lines = [t(f"{n} områden: ", f"{n} areas: ", lang) + _names(comp, comp.area_ids)
             + ". " + t("Enhet: ", "Unit: ", lang) + unit_label(comp.measure["unit"], lang) + "."]
    marked = [a for a in (highlight or []) if a in comp.area_ids]
    if marked or extra:
        lines.append(" ".join(x for x in (
            (t("Markerade: ", "Highlighted: ", lang) + _names(comp, marked) + ".") if marked else "", extra) if x))
    return lines


def _footer_lines(rows: pd.DataFrame, notes: list[str], lang: str, extra: list[str] = ()) -> list[str]:
    line = source_line(compare_table.source_rows(rows), lang, "year") or labelled("–", lang)
    lines = []
    for text in [line, *extra, *notes]:
        lines += textwrap.wrap(text, 118) or [""]
    return lines


def _frame(main, title: str, sub: list[str], footer: list[str], lang: str):
    foot = alt.Chart(pd.DataFrame({"line": footer, "i": range(len(footer))})).mark_text(
        align="left", baseline="top", fontSize=10, color="#333333", dx=0,
    ).encode(text="line:N", y=alt.Y("i:O", axis=None), x=alt.value(0)).properties(width=WIDTH, height=13 * len(footer))
    return (
        alt.vconcat(main, foot, spacing=14)
        .properties(title=alt.TitleParams(title, subtitle=sub, anchor="start", fontSize=16, subtitleFontSize=11,
                                          subtitleColor="#333333", offset=12))
        .configure(locale={"number": VEGA_LOCALES[lang]})
        .configure_view(stroke=None)
        .configure_axis(labelFontSize=11, titleFontSize=11)
    )


def _with_year(name: str, span) -> str:
    return name if span is None or span == "" or str(span) in name else f"{name}, {span}"


def _colour(area_id: str, highlight: list[str]) -> str:
    return area_color(area_id) if not highlight or area_id in highlight else MUTED


def _ordered(data: pd.DataFrame, column: str, descending: bool = True) -> list[str]:
    has = data[data[column].notna()].sort_values(column, ascending=not descending)
    return list(has["name"]) + list(data[data[column].isna()]["name"])


# --- the ranked bar chart (the view's chart) -------------------------------------------------

def ranked_chart(comp: cmp.Comparison, year: int | None, lang: str = "sv", highlight=None) -> ViewChart:
    highlight = choices.split_ids(highlight)
    title = _with_year(comp.name(lang), year)
    data, notes = compare_table.annotate(cmp.year_slice(comp, year, lang), lang) if comp.area_ids and year is not None else (pd.DataFrame(), [])
    if data.empty or data.value.isna().all():
        empty = alt.Chart(pd.DataFrame({"t": [t("Inga värden för urvalet det här året (se fotnoterna)", "No values for the selection this year (see the notes)", lang)]})).mark_text(
            fontSize=14).encode(text="t:N").properties(width=WIDTH, height=60)
        footer = _footer_lines(data, notes, lang)
        return ViewChart(title, " ".join(subtitle(comp, lang, highlight)), footer[0], _frame(empty, title, subtitle(comp, lang, highlight), footer, lang), notes)
    data["colour"] = [_colour(a, highlight) for a in data.area_id]
    data["zero"] = 0.0
    data["value_text"] = [format_value(v, comp.measure["unit"], lang) if pd.notna(v) else "" for v in data.value]
    order = _ordered(data, "value")
    unit = unit_label(comp.measure["unit"], lang)
    y = alt.Y("name:N", sort=order, title=None, axis=alt.Axis(labelLimit=220))
    tooltip = [alt.Tooltip("name:N", title=t("Område", "Area", lang)),
               alt.Tooltip("label:N", title=t("Värde", "Value", lang)),
               alt.Tooltip("year:O", title=t("År", "Year", lang))]
    base = alt.Chart(data)
    bars = base.mark_bar().encode(x=alt.X("value:Q", title=unit, scale=alt.Scale(zero=True)), y=y,
                                  color=alt.Color("colour:N", scale=None), tooltip=tooltip)
    labels = base.mark_text(align="left", dx=4, fontSize=11).encode(
        x=alt.X("value:Q"), y=y, text="label:N")
    gaps = base.transform_filter("datum.value == null").mark_text(align="left", dx=4, fontSize=11, fontStyle="italic", color="#666666").encode(
        x=alt.X("zero:Q"), y=y, text="label:N")
    layers = [bars, labels, gaps]
    extra = []
    country = data.country_value.dropna()
    if len(country):
        se = pd.DataFrame({"value": [float(country.iloc[0])],
                           "text": [comp.area_name(cmp.COUNTRY) + " " + format_value(country.iloc[0], comp.measure["unit"], lang)]})
        layers += [alt.Chart(se).mark_rule(color=REFERENCE_GREY, strokeDash=[6, 3], strokeWidth=1.5).encode(x="value:Q"),
                   alt.Chart(se).mark_text(align="left", dx=3, fontSize=10, color=REFERENCE_GREY).encode(
                       x="value:Q", y=alt.value(-7), text="text:N")]
        extra.append(t("Streckad linje: ", "Dashed line: ", lang) + se.text.iloc[0] + ".")
    muni = data[data.municipality_value.notna()]
    inside = data[data.municipality_id.notna() & (data.municipality_id != data.area_id)]
    if len(muni) and inside.municipality_id.nunique() == 1:
        m = pd.DataFrame({"value": [float(muni.municipality_value.iloc[0])],
                          "text": [muni.municipality_name.iloc[0] + " " + format_value(muni.municipality_value.iloc[0], comp.measure["unit"], lang)]})
        layers += [alt.Chart(m).mark_rule(color="#000000", strokeWidth=1.5).encode(x="value:Q"),
                   alt.Chart(m).mark_text(align="left", dx=3, fontSize=10, color="#000000").encode(
                       x="value:Q", y=alt.value(-19) if len(country) else alt.value(-7), text="text:N")]
        extra.append(t("Heldragen linje: kommunens värde, ", "Solid line: the municipality's value, ", lang) + m.text.iloc[0] + ".")
    elif len(muni):
        layers.append(alt.Chart(muni).mark_tick(color="#000000", thickness=2, size=18).encode(
            x="municipality_value:Q", y=y,
            tooltip=[alt.Tooltip("municipality_name:N", title=t("Kommun", "Municipality", lang)),
                     alt.Tooltip("municipality_value:Q", title=t("Kommunens värde", "Municipality's value", lang))]))
        extra.append(t("Svart streck: värdet för områdets kommun samma år.", "Black tick: the value of the area's municipality in the same year.", lang))
    main = alt.layer(*layers).properties(width=WIDTH, height=max(60, 24 * len(data)))
    sub = subtitle(comp, lang, highlight)
    footer = _footer_lines(data, notes, lang, extra)
    return ViewChart(title, " ".join(sub), footer[0], _frame(main, title, sub, footer, lang), notes)


# --- over time -------------------------------------------------------------------------------

def legend_scale(comp: cmp.Comparison, shown: list[str], highlight: list[str], lang: str = "sv") -> tuple[list[str], list[str]]:
    """Legend entries of the time chart: every area in its own colour when nothing is highlighted;
    otherwise the highlighted areas in colour and one grey entry 'övriga' for the faded rest."""
    ids = [a for a in comp.area_ids if a in set(shown)]
    strong = [a for a in ids if not highlight or a in highlight]
    domain, colours = color_scale(strong, [comp.area_name(a) for a in strong])
    domain, colours = list(domain), list(colours)
    if len(strong) < len(ids):
        domain.append(t("övriga", "others", lang))
        colours.append(MUTED)
    return domain, colours


def time_chart(comp: cmp.Comparison, year_from: int | None, year_to: int | None, lang: str = "sv", highlight=None) -> ViewChart:
    highlight = choices.split_ids(highlight)
    span = "" if year_from is None else (str(year_from) if year_from == year_to else f"{year_from}–{year_to}")
    title = _with_year(comp.name(lang), span)
    data = diff.series(comp, year_from, year_to)
    sub = subtitle(comp, lang, highlight, t("Linjer bara mellan år i följd; luckor visas som luckor.", "Lines only join consecutive years; gaps are shown as gaps.", lang))
    if data.empty:
        main = alt.Chart(pd.DataFrame({"t": [t("Inga värden för urvalet", "No values for the selection", lang)]})).mark_text(
            fontSize=14).encode(text="t:N").properties(width=WIDTH, height=60)
        footer = _footer_lines(data, [], lang)
        return ViewChart(title, " ".join(sub), footer[0], _frame(main, title, sub, footer, lang), [])
    data["label"] = [format_value(v, comp.measure["unit"], lang) + ("*" if c == "low" else "")
                     for v, c in zip(data.value, data.confidence)]
    data["low"] = (data.confidence == "low").map({True: "*", False: ""})
    data["strong"] = [not highlight or a in highlight for a in data.area_id]
    domain, colours = legend_scale(comp, list(data.area_id.unique()), highlight, lang)
    data["legend"] = [n if s else domain[-1] for n, s in zip(data.name, data.strong)]
    colour = alt.Color("legend:N", scale=alt.Scale(domain=domain, range=colours), sort=domain,
                       legend=alt.Legend(title=None, orient="right", labelLimit=200))
    x = alt.X("year:Q", title=t("År", "Year", lang), axis=alt.Axis(format="d", tickMinStep=1),
              scale=alt.Scale(domain=[year_from - (0.5 if year_from == year_to else 0), year_to + (0.5 if year_from == year_to else 0)], nice=False))
    y = alt.Y("value:Q", title=unit_label(comp.measure["unit"], lang))
    opacity = alt.condition("datum.strong", alt.value(1.0), alt.value(0.8))  # the rest is already grey
    tooltip = [alt.Tooltip("name:N", title=t("Område", "Area", lang)), alt.Tooltip("year:Q", title=t("År", "Year", lang)),
               alt.Tooltip("label:N", title=t("Värde", "Value", lang)), alt.Tooltip("source_title:N", title=t("Källa", "Source", lang))]
    base = alt.Chart(data)
    lines = base.mark_line(strokeWidth=2).encode(x=x, y=y, color=colour, detail="segment:N", opacity=opacity,
                                                 order="year:Q")
    points = base.mark_point(filled=True, size=55).encode(x=x, y=y, color=colour, opacity=opacity, tooltip=tooltip)
    stars = base.transform_filter("datum.low == '*'").mark_text(dx=7, dy=-7, fontSize=13).encode(x=x, y=y, text="low:N")
    main = alt.layer(lines, points, stars).properties(width=WIDTH - 160, height=300)
    notes = [f"* {row['name']} {row['year']}: " + t("låg tillförlitlighet", "low confidence", lang)
             + (f": {compare_table.clean_note(row.get('note'))}" if compare_table.clean_note(row.get("note")) else "")
             for row in data[data.confidence == "low"].to_dict("records")]
    missing = [a for a in comp.area_ids if a not in set(data.area_id)]
    if missing:
        notes.append(t("Inga värden i perioden: ", "No values in the period: ", lang) + _names(comp, missing, 10) + ".")
    footer = _footer_lines(data, notes, lang)
    return ViewChart(title, " ".join(sub), footer[0], _frame(main, title, sub, footer, lang), notes)


# --- difference from a reference area --------------------------------------------------------

def difference_chart(comp: cmp.Comparison, year: int | None, ref_id: str | None, lang: str = "sv", highlight=None) -> ViewChart:
    highlight = choices.split_ids(highlight)
    ref_name = comp.area_name(ref_id) if ref_id else "–"
    title = t(f"Skillnad mot {ref_name}", f"Difference from {ref_name}", lang) + ": " + t(comp.name(lang).lower(), comp.name(lang), lang)
    title = _with_year(title, year)
    data = cmp.year_slice(comp, year, lang) if comp.area_ids and year is not None else pd.DataFrame()
    ref = cmp.reference_value(comp, ref_id, year) if ref_id and year is not None else None
    unit = comp.measure["unit"]
    ref_text = (t(f"{ref_name} {year}: ", f"{ref_name} {year}: ", lang) + format_value(ref.value, unit, lang)
                + ("*" if ref.confidence == "low" else "") + ".") if ref is not None else t(f"{ref_name} saknar värde för {year}: ingen skillnad kan räknas.", f"{ref_name} has no value for {year}: no difference can be computed.", lang)
    sub = subtitle(comp, lang, highlight, t("Referens: ", "Reference: ", lang) + ref_text
                   + t(f" Skillnad i {diff.diff_unit(unit, lang)} och i procent av referensvärdet.", f" Difference in {diff.diff_unit(unit, lang)} and as a percentage of the reference value.", lang))
    if data.empty or ref is None:
        main = alt.Chart(pd.DataFrame({"t": [t("Ingen skillnad att visa", "No difference to show", lang)]})).mark_text(
            fontSize=14).encode(text="t:N").properties(width=WIDTH, height=60)
        footer = _footer_lines(data, [], lang)
        return ViewChart(title, " ".join(sub), footer[0], _frame(main, title, sub, footer, lang), [])
    data = diff.differences(data, comp, ref_id, year)
    data, notes = compare_table.annotate(data, lang)
    data = data[data.area_id != ref_id].copy()
    data["colour"] = [_colour(a, highlight) for a in data.area_id]
    data["diff_label"] = [
        (diff.format_diff(d, unit, lang) + " (" + diff.format_pct(p, lang) + ")" + m) if pd.notna(d) else MISSING.in_(lang)
        for d, p, m in zip(data["diff"], data["diff_pct"], data["marker"])]
    data["zero"] = 0.0
    data["anchor"] = data["diff"].fillna(0.0).clip(lower=0.0)
    y = alt.Y("name:N", sort=_ordered(data, "diff"), title=None, axis=alt.Axis(labelLimit=220))
    base = alt.Chart(data)
    bars = base.mark_bar().encode(x=alt.X("diff:Q", title=diff.diff_unit(unit, lang)), y=y, color=alt.Color("colour:N", scale=None),
                                  tooltip=[alt.Tooltip("name:N"), alt.Tooltip("diff_label:N", title=t("Skillnad", "Difference", lang))])
    labels = base.mark_text(align="left", dx=4, fontSize=11).encode(x="anchor:Q", y=y, text="diff_label:N")
    zero = alt.Chart(pd.DataFrame({"zero": [0.0]})).mark_rule(color="#000000").encode(x="zero:Q")
    main = alt.layer(bars, zero, labels).properties(width=WIDTH - 120, height=max(60, 24 * len(data)))
    rows = pd.concat([data, pd.DataFrame([ref])], ignore_index=True) if ref is not None else data
    footer = _footer_lines(rows, notes, lang)
    return ViewChart(title, " ".join(sub), footer[0], _frame(main, title, sub, footer, lang), notes)


# --- the contract --------------------------------------------------------------------------

def title(con, params: dict, lang: str = "sv") -> str:
    """The ranked chart's title without drawing it (the storyboard suggests it after every change)."""
    params = normalise(params)
    comp = load(con, params)
    return _with_year(comp.name(lang), choices.resolve_years(params, comp.years).year)


def chart(con, params: dict, lang: str = "sv") -> ViewChart:
    """The ranked bar chart of a comparison, re-rendered from its params without Streamlit."""
    params = normalise(params)
    comp = load(con, params)
    choice = choices.resolve_years(params, comp.years)
    view = ranked_chart(comp, choice.year, lang, params["highlight"])
    if choice.message:
        view.notes.insert(0, pick(choice.message, lang))
    return view
