"""Trends view: one indicator over time for chosen areas (no Streamlit here).

Params (strings, as in the page's permalink):
    indicator  indicator_id
    areas      comma-separated area_ids
    base       base year for indexing (base = 100) or "" for the values themselves

Rules kept here so the page, the presenter and the .pptx export draw the same chart:
- a line joins consecutive years only; a missing year breaks the line (each run of consecutive
  years is its own `segment`), and every value is also drawn as a point so isolated years show;
- a value whose source differs from its series' main source gets its own point shape;
- indexing divides by the area's own value in the base year; an area without a value in the
  base year is excluded and listed, never rescaled from another year;
- the programme period 2015–2020 is shaded and the December 2013 payment is a labelled rule.
"""
from __future__ import annotations

import math
import textwrap
from dataclasses import dataclass, field

import altair as alt
import pandas as pd

from sammanhallen.data import queries
from sammanhallen.citations import cite, source_line
from sammanhallen.colors import area_color
from sammanhallen.formatting import VEGA_LOCALES, format_number, format_value, unit_label
from sammanhallen.i18n import Text, confidence_label
from sammanhallen.views import ViewChart

DEFAULTS: dict[str, str] = {
    "indicator": "ekonomiskt_bistand_andel_befolkning",
    "areas": "0180,0180-sdo-spanga-tensta,0180-sdo-rinkeby-kista",
    "base": "",
}
PROGRAMME_PERIOD = (2015, 2020)
PAYMENT_YEAR = 2013 + 11.5 / 12  # the middle of December 2013 on a calendar-year axis
MAX_AREAS = 12

# Chart text in both languages.
TEXT = {
    "areas": Text("Områden", "Areas"),
    "area": Text("Område", "Area"),
    "year": Text("År", "Year"),
    "value": Text("Värde", "Value"),
    "unit": Text("Enhet", "Unit"),
    "source": Text("Källa", "Source"),
    "confidence": Text("Tillförlitlighet", "Confidence"),
    "note": Text("Anmärkning", "Note"),
    "index_of": Text("Index ({base} = 100)", "Index ({base} = 100)"),
    "original": Text("Ursprungligt värde", "Original value"),
    "main": Text("Seriens huvudkälla", "Series' main source"),
    "other": Text("Annan källa än seriens huvudkälla", "Other source than the series' main one"),
    "period": Text("Programperiod 2015–2020", "Programme period 2015–2020"),
    "payment": Text("Stimulansmedel dec. 2013", "Stimulus grant Dec 2013"),
    "gaps": Text("Linjen binder bara ihop år som följer på varandra; saknade år är luckor, inga värden är uppskattade.", "Lines join consecutive years only; missing years are gaps, no value is estimated."),
    "excluded": Text("Utan värde {base}, därför inte med i indexet: {names}.", "No value in {base}, so not in the index: {names}."),
    "no_values": Text("Inga värden för indikatorn: {names}.", "No values for the indicator: {names}."),
    "other_note": Text("◆ = värdet kommer från en annan källa än seriens huvudkälla.", "◆ = the value comes from another source than the series' main source."),
    "marks": Text("Skuggat: programperioden 2015–2020. Lodrät linje: stimulansmedlen betalades ut i december 2013.", "Shaded: the programme period 2015–2020. Vertical rule: the stimulus grant was paid in December 2013."),
    "indexed": Text("index {base} = 100", "index {base} = 100"),
    "nothing": Text("Inga värden för valet", "No values for the selection"),
    "joined": Text("{names}: serien fogar ihop flera tabeller (◆ = annan tabell än huvudkällan)", "{names}: the series joins several tables (◆ = another table than the main source)"),
}


# risk_index/charts.py still imports the chart number format under this name from here.


def area_list(params: dict) -> list[str]:
    seen: list[str] = []
    for part in str(params.get("areas", "")).split(","):
        part = part.strip()
        if part and part not in seen:
            seen.append(part)
    return seen[:MAX_AREAS]


def base_year(params: dict) -> int | None:
    raw = str(params.get("base", "") or "").strip()
    return int(raw) if raw.isdigit() and 1980 <= int(raw) <= 2035 else None


def normalise(params: dict) -> dict:
    """Fill defaults, drop unknown keys, keep everything a string."""
    out = {key: str(params.get(key) or "") for key in DEFAULTS}
    if not out["indicator"]:
        out["indicator"] = DEFAULTS["indicator"]
    areas = area_list(out)
    out["areas"] = ",".join(areas) if areas else DEFAULTS["areas"]
    base = base_year(out)
    out["base"] = str(base) if base is not None else ""
    return out


@dataclass
class Prepared:
    rows: pd.DataFrame                      # one row per plotted value
    excluded: list[str] = field(default_factory=list)   # names left out of the index
    base: int | None = None


def main_sources(frame: pd.DataFrame) -> dict[str, str]:
    """The source most of an area's values come from (ties: the source of the latest year)."""
    result = {}
    for area_id, rows in frame.groupby("area_id", sort=False):
        counts = rows.groupby("source_id").agg(n=("year", "size"), last=("year", "max"))
        result[area_id] = counts.sort_values(["n", "last"], ascending=False).index[0]
    return result


def segments(frame: pd.DataFrame) -> pd.Series:
    """A run id per row: consecutive years of one area share it; a missing year starts a new run."""
    ordered = frame.sort_values(["area_id", "year"])
    new_run = (ordered["area_id"] != ordered["area_id"].shift()) | (ordered["year"].diff() != 1)
    run_no = new_run.groupby(ordered["area_id"]).cumsum()
    labels = ordered["area_id"] + "#" + run_no.astype(int).astype(str)
    return labels.reindex(frame.index)


def prepare(frame: pd.DataFrame, base: int | None = None, lang: str = "sv") -> Prepared:
    """Index, mark runs, sources and confidence. `frame` is the trends_series query result."""
    rows = frame.copy()
    if rows.empty:
        return Prepared(rows.assign(segment=pd.Series(dtype=str)), base=base)
    rows["original_value"] = rows["value"].astype(float)
    excluded: list[str] = []
    if base is not None:
        at_base = rows[rows["year"] == base].set_index("area_id")["original_value"]
        keep = [a for a in rows["area_id"].unique() if a in at_base.index and at_base[a] not in (0,) and pd.notna(at_base[a])]
        for area_id in rows["area_id"].unique():
            if area_id not in keep:
                excluded.append(rows.loc[rows["area_id"] == area_id, "name"].iloc[0])
        rows = rows[rows["area_id"].isin(keep)].copy()
        rows["value"] = rows["original_value"] / rows["area_id"].map(at_base) * 100
    else:
        rows["value"] = rows["original_value"]
    rows = rows.sort_values(["name", "area_id", "year"]).reset_index(drop=True)
    rows["segment"] = segments(rows)
    run_size = rows.groupby("segment")["year"].transform("size")
    rows["isolated"] = run_size == 1
    mains = main_sources(rows) if not rows.empty else {}
    rows["main_source"] = rows["source_id"] == rows["area_id"].map(mains)
    rows["source_kind"] = rows["main_source"].map({True: TEXT["main"].in_(lang), False: TEXT["other"].in_(lang)})
    rows["low"] = rows["confidence"] == "low"
    rows["source_cite"] = [cite(p, y, ti) for p, y, ti in zip(rows["source_publisher"], rows["source_year"], rows["source_title"])]
    rows["confidence_label"] = rows["confidence"].map(lambda c: confidence_label(c, lang) + (" (*)" if c == "low" else ""))
    unit = rows["unit"].iloc[0] if len(rows) else None
    rows["value_text"] = [format_value(v, unit, lang) for v in rows["original_value"]]
    rows["index_text"] = [format_number(v, 1, lang) if base is not None else "" for v in rows["value"]]
    rows["unit_text"] = unit_label(unit, lang)
    rows["note"] = rows["note"].fillna("")
    return Prepared(rows, excluded=excluded, base=base)


def indicator_name(frame: pd.DataFrame, lang: str, fallback: str) -> str:
    column = f"indicator_name_{lang}"
    return str(frame[column].iloc[0]) if not frame.empty and column in frame else fallback


def footnotes(prepared: Prepared, frame: pd.DataFrame, missing_names: list[str], lang: str) -> list[str]:
    lines = [source_line(frame, lang, "year")] if not frame.empty else []
    lines.append(TEXT["gaps"].in_(lang))
    if not prepared.rows.empty and not prepared.rows["main_source"].all():
        lines.append(TEXT["other_note"].in_(lang))
    if prepared.excluded:
        lines.append(TEXT["excluded"].in_(lang).format(base=prepared.base, names=", ".join(prepared.excluded)))
    if missing_names:
        lines.append(TEXT["no_values"].in_(lang).format(names=", ".join(missing_names)))
    lines.append(TEXT["marks"].in_(lang))
    return [line for line in lines if line]


def wrap_lines(lines: list[str], width: int, font_scale: float = 1.0) -> list[str]:
    """Wrap footnotes to the chart width (about 6 px per character at 11 px type)."""
    chars = max(40, int(width / (6.0 * font_scale)))
    out: list[str] = []
    for line in lines:
        out.extend(textwrap.wrap(line, chars) or [""])
    return out


def nice_step(span: float, ticks: int = 8) -> float:
    """A round tick step (1, 2, 2.5 or 5 × 10^k) giving about `ticks` intervals over span."""
    raw = span / max(ticks, 1) if span > 0 else 1.0
    power = 10 ** math.floor(math.log10(raw))
    return next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)


def y_domain(values, height: float, top_px: float = 26, bottom_px: float = 10) -> list[float] | None:
    """A y domain with room above the highest and below the lowest value (points, their markers
    and the band labels at the top stay fully visible), rounded outwards to a tick step.
    Never below 0 when no value is negative."""
    values = [float(v) for v in values if v is not None and not pd.isna(v)]
    if not values:
        return None
    lo, hi = min(values), max(values)
    span = hi - lo or abs(hi) or 1.0
    usable = max(height - top_px - bottom_px, height * 0.5)
    per_px = span / usable
    top, bottom = hi + top_px * per_px, lo - bottom_px * per_px
    if lo >= 0:
        bottom = max(bottom, 0.0)
    step = nice_step(top - bottom)
    top = math.ceil(round(top / step, 9)) * step
    bottom = math.floor(round(bottom / step, 9)) * step
    return [bottom, top]


def joined_series(prepared: Prepared) -> list[str]:
    """Names of the areas whose series mixes sources (values from more than one table)."""
    rows = prepared.rows
    if rows.empty:
        return []
    mixed = rows.groupby("area_id", sort=False)["source_id"].nunique()
    return [rows.loc[rows.area_id == a, "name"].iloc[0] for a in mixed[mixed > 1].index]


LEGEND_ITEM_WIDTH = 190  # px per legend column at font scale 1


def build_chart(frame: pd.DataFrame, params: dict, lang: str = "sv", names: dict[str, str] | None = None,
                width: int = 760, height: int = 360, font_scale: float = 1.0) -> ViewChart:
    """The chart from a trends_series result. `names` maps every chosen area_id to its name
    (to list chosen areas that have no values)."""
    params = normalise(params)
    base = base_year(params)
    chosen = area_list(params)
    prepared = prepare(frame, base, lang)
    rows = prepared.rows
    names = names or {}
    present = set(frame["area_id"]) if not frame.empty else set()
    missing_names = [names.get(a, a) for a in chosen if a not in present]
    title = indicator_name(frame, lang, params["indicator"])
    area_names = [names.get(a) or (frame.loc[frame.area_id == a, "name"].iloc[0] if a in present else a) for a in chosen]
    years = sorted(rows["year"].unique()) if not rows.empty else []
    subtitle = ", ".join(area_names)
    if years:
        subtitle += f" · {years[0]}–{years[-1]}" if len(years) > 1 else f" · {years[0]}"
    if base is not None:
        subtitle += " · " + TEXT["indexed"].in_(lang).format(base=base)
    sub_lines = [subtitle]
    joined = joined_series(prepared)
    if joined:
        sub_lines.append(TEXT["joined"].in_(lang).format(names=", ".join(joined)) + ".")
        subtitle += " · " + sub_lines[-1]
    # wrapped to the plot width so a long selection never widens the chart past its container
    sub_lines = [part for line in sub_lines for part in (textwrap.wrap(line, max(40, int(width / (7.2 * font_scale)))) or [""])]
    notes = footnotes(prepared, frame, missing_names, lang)

    # colour: by name, ids in the chosen order so every page gives an area the same colour
    shown_ids = [a for a in chosen if a in set(rows["area_id"])] if not rows.empty else []
    shown_names = [rows.loc[rows.area_id == a, "name"].iloc[0] for a in shown_ids]
    columns = max(1, min(len(shown_names) or 1, int(width * 0.7 / (LEGEND_ITEM_WIDTH * font_scale))))
    colour = alt.Color("name:N", title=TEXT["areas"].in_(lang),
                       scale=alt.Scale(domain=shown_names, range=[area_color(a) for a in shown_ids]),
                       sort=shown_names, legend=alt.Legend(orient="bottom", direction="horizontal", columns=columns))
    lo = min([*years, 2013]) - 0.5
    hi = max([*years, PROGRAMME_PERIOD[1]]) + 0.5
    x = alt.X("year:Q", title=TEXT["year"].in_(lang), scale=alt.Scale(domain=[lo, hi], nice=False),
              axis=alt.Axis(format="d", tickMinStep=1))
    y_title = TEXT["index_of"].in_(lang).format(base=base) if base is not None else (unit_label(rows["unit"].iloc[0], lang).capitalize() if not rows.empty else "")
    domain = y_domain(rows["value"], height, 26 * font_scale, 10 * font_scale) if not rows.empty else None
    y = alt.Y("value:Q", title=y_title,
              scale=alt.Scale(domain=domain, nice=False, zero=False) if domain else alt.Scale(zero=False, nice=True))

    layers = _programme_marks(lo, hi, lang, font_scale)
    if not rows.empty:
        layers += _series_layers(rows, x, y, colour, base, lang, font_scale)
    else:
        empty = alt.Chart(pd.DataFrame([{"text": TEXT["nothing"].in_(lang)}])).mark_text(fontSize=16 * font_scale).encode(text="text:N")
        layers.append(empty)
    main = alt.layer(*layers).properties(width=width, height=height)
    wrapped = wrap_lines(notes, width, font_scale)
    footer = alt.Chart(pd.DataFrame({"line": wrapped, "i": range(len(wrapped))})).mark_text(
        align="left", baseline="top", color="#333333", fontSize=11 * font_scale).encode(
        x=alt.value(0), y=alt.Y("i:O", axis=None), text="line:N").properties(width=width, height=int(len(wrapped) * 15 * font_scale))
    # independent legends sit under the plot itself (not under the footnotes) and within its width
    chart = alt.vconcat(main, footer, spacing=12).resolve_legend(color="independent", shape="independent").properties(
        title=alt.TitleParams(title, subtitle=sub_lines, anchor="start", fontSize=18 * font_scale, subtitleFontSize=13 * font_scale)
    ).configure(locale={"number": VEGA_LOCALES[lang]}).configure_legend(
        orient="bottom", labelFontSize=12 * font_scale, titleFontSize=12 * font_scale,
        labelLimit=int((LEGEND_ITEM_WIDTH - 30) * font_scale), symbolSize=120 * font_scale ** 2,
    ).configure_axis(labelFontSize=12 * font_scale, titleFontSize=13 * font_scale).configure_view(stroke=None)
    return ViewChart(title=title, subtitle=subtitle, source_line=source_line(frame, lang, "year"), chart=chart, notes=notes)


def _programme_marks(lo: float, hi: float, lang: str, font_scale: float) -> list:
    """The programme period 2015–2020 shaded and the December 2013 payment as a labelled rule."""
    period = pd.DataFrame([{"start": PROGRAMME_PERIOD[0] - 0.5, "end": PROGRAMME_PERIOD[1] + 0.5, "label": TEXT["period"].in_(lang)}])
    band = alt.Chart(period).mark_rect(color="#cfd8e3", opacity=0.45).encode(x=alt.X("start:Q", scale=alt.Scale(domain=[lo, hi], nice=False)), x2="end:Q")
    band_label = alt.Chart(period).mark_text(align="left", baseline="top", dx=4, dy=4, color="#2b3a4a", fontSize=11 * font_scale).encode(
        x="start:Q", y=alt.value(0), text="label:N")
    payment = pd.DataFrame([{"x": PAYMENT_YEAR, "label": TEXT["payment"].in_(lang)}])
    rule = alt.Chart(payment).mark_rule(color="#b3001b", strokeDash=[6, 3], strokeWidth=2).encode(x="x:Q")
    rule_label = alt.Chart(payment).mark_text(align="right", baseline="top", dx=-4, dy=4, color="#b3001b", fontSize=11 * font_scale,
                                               fontWeight="bold").encode(x="x:Q", y=alt.value(0), text="label:N")
    return [band, rule, band_label, rule_label]


def _series_layers(rows: pd.DataFrame, x, y, colour, base, lang: str, font_scale: float) -> list:
    """Lines between consecutive years, a point per value shaped by its source, * over low confidence."""
    data = rows[["area_id", "name", "year", "value", "segment", "isolated", "source_kind", "low", "value_text",
                 "index_text", "unit_text", "source_cite", "confidence_label", "note"]]
    tooltip = [alt.Tooltip("name:N", title=TEXT["area"].in_(lang)),
               alt.Tooltip("year:Q", title=TEXT["year"].in_(lang), format="d"),
               alt.Tooltip("value_text:N", title=TEXT["value"].in_(lang) if base is None else TEXT["original"].in_(lang))]
    if base is not None:
        tooltip.append(alt.Tooltip("index_text:N", title=TEXT["index_of"].in_(lang).format(base=base)))
    tooltip += [alt.Tooltip("unit_text:N", title=TEXT["unit"].in_(lang)), alt.Tooltip("source_cite:N", title=TEXT["source"].in_(lang)),
                alt.Tooltip("confidence_label:N", title=TEXT["confidence"].in_(lang)), alt.Tooltip("note:N", title=TEXT["note"].in_(lang))]
    lines = alt.Chart(data).mark_line(strokeWidth=3 * font_scale).encode(
        x=x, y=y, color=colour, detail="segment:N", order="year:Q", tooltip=tooltip)
    points = alt.Chart(data).mark_point(filled=True, size=70 * font_scale ** 2, opacity=1).encode(
        x=x, y=y, color=colour, tooltip=tooltip,
        shape=alt.Shape("source_kind:N", title=TEXT["source"].in_(lang),
                        scale=alt.Scale(domain=[TEXT["main"].in_(lang), TEXT["other"].in_(lang)], range=["circle", "diamond"]),
                        legend=alt.Legend(orient="bottom", direction="vertical", labelLimit=int(320 * font_scale))))
    stars = alt.Chart(data).transform_filter("datum.low").mark_text(dy=-12, fontSize=16 * font_scale, fontWeight="bold").encode(
        x=x, y=y, color=colour, text=alt.value("*"), tooltip=tooltip)
    return [lines, points, stars]


def title(con, params: dict, lang: str = "sv") -> str:
    """The chart's title without drawing it (the storyboard suggests it after every change)."""
    params = normalise(params)
    frame = queries.run(con, "trends_series", area_ids=area_list(params), indicator_id=params["indicator"])
    return indicator_name(frame, lang, params["indicator"])


def chart(con, params: dict, lang: str = "sv", width: int = 760, height: int = 360, font_scale: float = 1.0) -> ViewChart:
    """The trends chart of a view, straight from the database (presenter, .pptx export)."""
    params = normalise(params)
    chosen = area_list(params)
    frame = queries.run(con, "trends_series", area_ids=chosen, indicator_id=params["indicator"])
    named = queries.run(con, "trends_areas_named", area_ids=chosen)
    names = dict(zip(named["area_id"], named["name"]))
    return build_chart(frame, params, lang, names, width=width, height=height, font_scale=font_scale)
