"""Charts and tables of the risk-index page (plain Python, Altair; never imports streamlit).

Every chart carries its title, a subtitle saying that the index is computed by the dashboard and
from what, and a source line, so it stands alone in a report. Numbers are formatted with
sammanhallen.formatting (Swedish by default); gaps stay gaps.
"""
from __future__ import annotations

import textwrap

import altair as alt
import geopandas as gpd
import pandas as pd

from sammanhallen.risk_index import model as ri
from sammanhallen.risk_index import presets as rp
from sammanhallen.citations import cite, source_line
from sammanhallen.colors import area_color
from sammanhallen.formatting import format_number, format_value
from sammanhallen.i18n import Text, column, pick, t
from sammanhallen.formatting import VEGA_LOCALES

HIGH, LOW, MID = "#b2182b", "#2166ac", "#f7f7f7"
# Width is the plot's and follows the container (Streamlit's own "fit" would squeeze the plot's height
# to make room for the long subtitles); height stays the plot's height.
AUTOSIZE = alt.AutoSizeParams(type="fit-x", contains="padding")
NO_DATA = "#d4d4d4"
# Every label of the charts in both languages; `.in_(lang)` gives one.
_T = {
    "index": Text("Index", "Index"),
    "area": Text("Område", "Area"),
    "rank": Text("Rang", "Rank"),
    "year": Text("År", "Year"),
    "flag": Text("Flagga", "Flag"),
    "used": Text("Indikatorer", "Indicators"),
    "flagged": Text("flaggat: för få indikatorer", "flagged: too few indicators"),
    "complete": Text("nog med indikatorer", "enough indicators"),
    "none": Text("inget index", "no index"),
    "ref": Text("{ref} = 100", "{ref} = 100"),
    "computed": Text("Beräknat av dashboarden (inte ett publicerat index), förinställning ”{name}”.",
                     "Computed by the dashboard (not a published index), preset “{name}”."),
    "colours": Text("Rött: högre risk än {ref}; blått: lägre. Blekare med streckad kant: flaggat (för få indikatorer).",
                    "Red: more risk than {ref}; blue: less. Paler with a dashed edge: flagged (too few indicators)."),
    "before": Text("Före", "Before"),
    "after": Text("Efter", "After"),
    "change": Text("Förändring", "Change"),
    "up": Text("upp (mer risk)", "up (more risk)"),
    "down": Text("ned (mindre risk)", "down (less risk)"),
    "same": Text("oförändrad", "unchanged"),
    "reference": Text("Referens", "Reference"),
    "of": Text("av", "of"),
    "domain": Text("Domän", "Domain"),
    "over_time": Text("över tid", "over time"),
    "segments": Text("Linjer binder bara ihop år i följd med samma indikatorer; byte av indikatorer eller ett saknat år bryter linjen.",
                     "Lines join consecutive years with the same indicators only; a change of indicators or a missing year breaks the line."),
    "method": Text("Beräkning: Sammanhållen stad (dashboarden)",
                   "Computation: Sammanhållen stad (the dashboard)"),
    "inputs": Text("Indata", "Inputs"),
}


def _wrap(lines: list[str], width: int = 110) -> list[str]:
    return [part for line in lines for part in (textwrap.wrap(line, width) or [""])]


def colour_scale(values: pd.Series) -> alt.Scale:
    """Diverging around 100 (the reference): blue below, red above, symmetric in ratio terms."""
    finite = values.dropna()
    hi = max(float(finite.max()) if len(finite) else 200.0, 101.0)
    lo = min(float(finite.min()) if len(finite) else 50.0, 99.0)
    spread = max(hi / 100.0, 100.0 / lo)  # the same ratio each way, so 50 is as blue as 200 is red
    return alt.Scale(type="log", domain=[100.0 / spread, 100.0, 100.0 * spread], range=[LOW, MID, HIGH])


def legend_values(scale: alt.Scale) -> list[float]:
    lo, _, hi = scale.domain
    return [v for v in (10, 25, 50, 100, 200, 400, 1000) if lo <= v <= hi]


def inputs_source_line(inputs: pd.DataFrame, components: pd.DataFrame, year: int | None, lang: str) -> str:
    """'Beräkning: … Indata: Källor: …' naming the sources of the values actually used (that year)."""
    used = components[components["used"]]
    if year is not None:
        used = used[used["year"] == year]
    keys = used[["area_id", "indicator_id", "year"]].drop_duplicates()
    rows = inputs.merge(keys, on=["area_id", "indicator_id", "year"]) if not keys.empty else inputs.iloc[0:0]
    line = source_line(rows, lang, "year")
    return f"{_T['method'].in_(lang)}. {_T['inputs'].in_(lang)}: {line}" if line else _T['method'].in_(lang) + "."


def low_inputs(result: ri.IndexResult, inputs: pd.DataFrame) -> set[tuple[str, int]]:
    """(area_id, year) whose index uses at least one value of low confidence."""
    if "confidence" not in inputs or inputs.empty:
        return set()
    low = inputs.loc[inputs["confidence"] == "low", ["area_id", "indicator_id", "year"]]
    used = result.components[result.components["used"]].merge(low, on=["area_id", "indicator_id", "year"])
    return set(zip(used["area_id"], used["year"].astype(int)))


def ranking_frame(result: ri.IndexResult, year: int, areas: pd.DataFrame, lang: str,
                  inputs: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per area valid in the year (with or without an index), ranked; plus the reference.
    Labels: * = flagged (too few indicators), † = an input of low confidence."""
    valid = areas_in_year(areas, year)
    total = result.total[result.total["year"] == year]
    rows = valid.merge(total, on="area_id", how="left")
    low = low_inputs(result, inputs) if inputs is not None else set()
    rows["is_reference"] = rows["area_id"] == result.preset.reference_area_id
    rows["flagged"] = rows["flagged"].astype("boolean").fillna(False).astype(bool)
    rows["n_used"] = rows["n_used"].fillna(0).astype(int)
    rows["index_text"] = [format_number(v, 1, lang) for v in rows["index"]]
    rows["low_input"] = [(a, year) in low for a in rows["area_id"]]
    rows["label"] = [txt + (" *" if f else "") + (" †" if lo else "")
                     for txt, f, lo in zip(rows["index_text"], rows["flagged"], rows["low_input"])]
    rows["status"] = [(_T["none"].in_(lang) if pd.isna(i) else _T["flagged"].in_(lang) if f else _T["complete"].in_(lang))
                      for i, f in zip(rows["index"], rows["flagged"])]
    rows["used_text"] = [f"{n} {_T['of'].in_(lang)} {len(result.preset.items)}" for n in rows["n_used"]]
    rows = rows.sort_values(["is_reference", "index"], ascending=[True, False], na_position="last")
    return rows.reset_index(drop=True)


def areas_in_year(areas: pd.DataFrame, year: int) -> pd.DataFrame:
    """Areas whose validity covers part of the year (reference included)."""
    start, end = pd.Timestamp(year, 1, 1), pd.Timestamp(year, 12, 31)
    vf = pd.to_datetime(areas["valid_from"])
    vt = pd.to_datetime(areas["valid_to"])
    ok = (vf.isna() | (vf <= end)) & (vt.isna() | (vt >= start))
    return areas.loc[ok, ["area_id", "name"]]


def _title(result: ri.IndexResult, year: int | None, lang: str, what: str = "") -> alt.TitleParams:
    head = t("Riskindex", "Risk index", lang) + (f" {year}" if year else "") + (f" {what}" if what else "")
    return head + ": " + result.preset.name(lang)


def bar_chart(result: ri.IndexResult, rows: pd.DataFrame, year: int, ref_name: str, source: str, lang: str,
              width: int = 520) -> alt.Chart:
    """Areas as horizontal bars from 100 (the reference), highest index first."""
    T = {key: label.in_(lang) for key, label in _T.items()}
    data = rows[rows["index"].notna() & ~rows["is_reference"]][["name", "index", "label", "flagged", "used_text", "rank"]].copy()
    data["flag_text"] = [T["flagged"] if f else T["complete"] for f in data["flagged"]]
    data["base"] = 100.0
    order = list(data.sort_values("index", ascending=False)["name"])
    y = alt.Y("name:N", sort=order, title=None, axis=alt.Axis(labelLimit=220))
    scale = colour_scale(result.total.loc[~result.total["is_reference"], "index"])
    tooltip = [alt.Tooltip("name:N", title=T["area"]), alt.Tooltip("label:N", title=T["index"]),
               alt.Tooltip("rank:Q", title=T["rank"]), alt.Tooltip("used_text:N", title=T["used"]),
               alt.Tooltip("flag_text:N", title=T["flag"])]
    x_max = max(float(data["index"].max()) if len(data) else 100.0, 100.0) * 1.12
    x = alt.X("index:Q", title=("Index (" + T["ref"].format(ref=ref_name) + ")"), scale=alt.Scale(domain=[0, x_max], nice=False))
    bars = alt.Chart(data).mark_bar(height=16, stroke="#444").encode(
        x=x, x2="base:Q", y=y, color=alt.Color("index:Q", scale=scale, legend=None),
        opacity=alt.condition("datum.flagged", alt.value(0.45), alt.value(1.0)),
        strokeDash=alt.condition("datum.flagged", alt.value([3, 2]), alt.value([1, 0])),
        strokeWidth=alt.condition("datum.flagged", alt.value(1.2), alt.value(0)),
        tooltip=tooltip)
    labels = alt.Chart(data).mark_text(align="left", dx=4, fontSize=11).encode(
        x=alt.X("label_pos:Q", scale=alt.Scale(domain=[0, x_max], nice=False)), y=y, text="label:N", tooltip=tooltip
    ).transform_calculate(label_pos="max(datum.index, 100)")
    rule = alt.Chart(pd.DataFrame([{"x": 100.0, "text": T["ref"].format(ref=ref_name)}]))
    ref_rule = rule.mark_rule(color="#222", strokeWidth=1.5).encode(x="x:Q")
    ref_text = rule.mark_text(align="left", baseline="bottom", dx=3, dy=-2, fontSize=11, fontWeight="bold").encode(
        x="x:Q", y=alt.value(0), text="text:N")
    subtitle = _wrap([T["computed"].format(name=result.preset.name(lang)), T["colours"].format(ref=ref_name), source],
                     int(width / 7.0))
    return alt.layer(bars, labels, ref_rule, ref_text).properties(
        width=width, height=max(22 * len(data), 120),
        autosize=AUTOSIZE, title=alt.TitleParams(_title(result, year, lang), subtitle=subtitle, anchor="start"),
    ).configure(locale={"number": VEGA_LOCALES[lang]}).configure_view(stroke=None)


def altair_features(features: list[dict]) -> list[dict]:
    """GeoJSON features wound the way Vega expects (see geometry.for_altair)."""
    from sammanhallen.map.geometry import for_altair

    if not features:
        return []
    gdf = gpd.GeoDataFrame.from_features(features, crs=4326)
    return for_altair(gdf).__geo_interface__["features"]


def map_chart(result: ri.IndexResult, rows: pd.DataFrame, year: int, features: list[dict], centres: pd.DataFrame,
              ref_name: str, source: str, boundary_source: str, lang: str, width: int = 560) -> alt.LayerChart:
    """The areas coloured by their index (grey: no index), the index written in each."""
    T = {key: label.in_(lang) for key, label in _T.items()}
    by_id = rows.set_index("area_id")
    shaped = []
    for f in features:
        aid = f["properties"]["area_id"]
        r = by_id.loc[aid] if aid in by_id.index else None
        has = r is not None and not pd.isna(r["index"])
        shaped.append({**f, "properties": {
            **f["properties"],
            "name": r["name"] if r is not None else f["properties"].get("name", aid),
            "index": float(r["index"]) if has else None,
            "label": r["label"] if has else "–",
            "rank": None if (r is None or pd.isna(r["rank"])) else int(r["rank"]),
            "flagged": bool(r["flagged"]) if has else False,
            "status": r["status"] if r is not None else T["none"],
            "used_text": r["used_text"] if r is not None else "",
        }})
    tooltip = [alt.Tooltip("properties.name:N", title=T["area"]), alt.Tooltip("properties.label:N", title=T["index"]),
               alt.Tooltip("properties.rank:Q", title=T["rank"]), alt.Tooltip("properties.used_text:N", title=T["used"]),
               alt.Tooltip("properties.status:N", title=T["flag"])]
    scale = colour_scale(result.total.loc[~result.total["is_reference"], "index"])
    data = alt.Data(values=shaped)
    base = alt.Chart(data).mark_geoshape(fill=NO_DATA, stroke="#9a9a9a", strokeWidth=0.6).encode(tooltip=tooltip)
    filled = alt.Chart(data).transform_filter("isValid(datum.properties.index)").mark_geoshape(stroke="#333").encode(
        color=alt.Color("properties.index:Q", scale=scale,
                        legend=alt.Legend(title="Index (" + T["ref"].format(ref=ref_name) + ")", orient="bottom",
                                          gradientLength=260, values=legend_values(scale))),
        opacity=alt.condition("datum.properties.flagged", alt.value(0.5), alt.value(0.95)),
        strokeDash=alt.condition("datum.properties.flagged", alt.value([4, 3]), alt.value([1, 0])),
        strokeWidth=alt.condition("datum.properties.flagged", alt.value(1.4), alt.value(0.8)),
        tooltip=tooltip)
    labels = centres.merge(rows[["area_id", "label", "name"]], on="area_id", how="left").fillna({"label": "–"})
    halo = alt.Chart(labels).mark_text(fontSize=11, fontWeight="bold", stroke="white", strokeWidth=3, dy=-5).encode(
        longitude="lon:Q", latitude="lat:Q", text="label:N")
    text = alt.Chart(labels).mark_text(fontSize=11, fontWeight="bold", color="#111", dy=-5).encode(
        longitude="lon:Q", latitude="lat:Q", text="label:N")
    name_halo = alt.Chart(labels).mark_text(fontSize=9, stroke="white", strokeWidth=2.5, dy=7).encode(
        longitude="lon:Q", latitude="lat:Q", text="name:N")
    name = alt.Chart(labels).mark_text(fontSize=9, color="#333", dy=7).encode(longitude="lon:Q", latitude="lat:Q", text="name:N")
    subtitle = _wrap([T["computed"].format(name=result.preset.name(lang)), T["colours"].format(ref=ref_name),
                      source, boundary_source], int(width / 7.0))
    return alt.layer(base, filled, name_halo, halo, name, text).project(type="mercator").properties(
        width=width, height=int(width * 0.95),
        autosize=AUTOSIZE, title=alt.TitleParams(_title(result, year, lang), subtitle=subtitle, anchor="start"),
    ).configure(locale={"number": VEGA_LOCALES[lang]}).configure_view(stroke=None)


def time_frame(result: ri.IndexResult, names: dict[str, str], indicator_names: dict[str, str], lang: str) -> pd.DataFrame:
    total = result.total[result.total["index"].notna() & ~result.total["is_reference"]].copy()
    if total.empty:
        return total.assign(name=[], segment=[], label=[], used_names=[])
    total["segment"] = ri.segments(total)
    total["name"] = total["area_id"].map(lambda a: names.get(a, a))
    total["label"] = [format_number(v, 1, lang) + (" *" if f else "") for v, f in zip(total["index"], total["flagged"])]
    total["used_names"] = total["indicators_used"].map(
        lambda s: "; ".join(indicator_names.get(i, i) for i in s.split(",") if i))
    total["flag_text"] = [_T["flagged"].in_(lang) if f else _T["complete"].in_(lang) for f in total["flagged"]]
    return total


def time_chart(result: ri.IndexResult, frame: pd.DataFrame, ref_name: str, source: str, lang: str,
               width: int = 760, height: int = 360) -> alt.LayerChart:
    """Index per area and year; a line only joins consecutive years built from the same indicators;
    flagged values are hollow points."""
    T = {key: label.in_(lang) for key, label in _T.items()}
    ids = sorted(frame["area_id"].unique(), key=lambda a: frame.loc[frame.area_id == a, "name"].iloc[0])
    names = [frame.loc[frame.area_id == a, "name"].iloc[0] for a in ids]
    area_scale = alt.Scale(domain=names, range=[area_color(a) for a in ids])
    colour = alt.Color("name:N", title=T["area"], scale=area_scale, legend=alt.Legend(orient="right"))
    years = sorted(frame["year"].unique())
    x = alt.X("year:Q", title=T["year"], axis=alt.Axis(format="d", values=[int(y) for y in years]),
              scale=alt.Scale(domain=[years[0] - 0.5, years[-1] + 0.5], nice=False))
    y = alt.Y("index:Q", title="Index (" + T["ref"].format(ref=ref_name) + ")", scale=alt.Scale(zero=True))
    tooltip = [alt.Tooltip("name:N", title=T["area"]), alt.Tooltip("year:Q", title=T["year"], format="d"),
               alt.Tooltip("label:N", title=T["index"]), alt.Tooltip("used_names:N", title=T["used"]),
               alt.Tooltip("flag_text:N", title=T["flag"])]
    data = frame[["area_id", "name", "year", "index", "segment", "label", "used_names", "flag_text", "flagged"]]
    lines = alt.Chart(data).mark_line(strokeWidth=2.5).encode(x=x, y=y, color=colour, detail="segment:N", order="year:Q",
                                                               tooltip=tooltip)
    points = alt.Chart(data).mark_point(size=70, strokeWidth=2).encode(
        x=x, y=y, color=colour, fill=alt.condition("datum.flagged", alt.value("white"), alt.Fill("name:N", scale=area_scale, legend=None)),
        tooltip=tooltip)
    mid = (years[0] + years[-1]) / 2 if len(years) > 1 else years[0]
    rule = alt.Chart(pd.DataFrame([{"y": 100.0, "x": float(mid), "text": T["ref"].format(ref=ref_name)}]))
    ref_rule = rule.mark_rule(color="#222", strokeDash=[5, 3]).encode(y="y:Q")
    ref_text = rule.mark_text(align="center", baseline="bottom", dy=-3, fontWeight="bold").encode(y="y:Q", text="text:N",
        x=alt.X("x:Q", scale=alt.Scale(domain=[years[0] - 0.5, years[-1] + 0.5], nice=False)))
    subtitle = _wrap([T["computed"].format(name=result.preset.name(lang)),
                      t("Ofyllda punkter: flaggat (för få indikatorer). ",
                        "Hollow points: flagged (too few indicators). ", lang) + T["segments"], source], int(width / 7.0))
    return alt.layer(ref_rule, ref_text, lines, points).properties(
        width=width, height=height,
        autosize=AUTOSIZE, title=alt.TitleParams(_title(result, None, lang, T["over_time"]), subtitle=subtitle, anchor="start"),
    ).configure(locale={"number": VEGA_LOCALES[lang]}).configure_view(stroke=None)


def slope_chart(changes: pd.DataFrame, names: dict[str, str], title: str, subtitle: list[str], lang: str,
                width: int = 420) -> alt.LayerChart:
    """Rank before → after for each area (rank 1 at the top = highest index)."""
    T = {key: label.in_(lang) for key, label in _T.items()}
    data = changes.dropna(subset=["rank_before", "rank_after"]).copy()
    data["name"] = data["area_id"].map(lambda a: names.get(a, a))
    data["direction"] = [T["up"] if c > 0 else T["down"] if c < 0 else T["same"] for c in data["rank_change"]]
    long = pd.concat([
        data.assign(side=T["before"], pos=0.0, rank=data["rank_before"].astype(int),
                    text=data["name"] + " " + data["rank_before"].astype(int).astype(str)),
        data.assign(side=T["after"], pos=1.0, rank=data["rank_after"].astype(int),
                    text=data["rank_after"].astype(int).astype(str) + " " + data["name"]),
    ])[["name", "side", "pos", "rank", "text", "direction"]]
    n = int(long["rank"].max()) if len(long) else 1
    # labels take about as much room as the lines: keep them inside the plot
    x = alt.X("pos:Q", scale=alt.Scale(domain=[-1.7, 2.7], nice=False), axis=None)
    y = alt.Y("rank:Q", scale=alt.Scale(domain=[n + 0.5, -0.3], nice=False), axis=None)
    colour = alt.Color("direction:N", title=T["change"], scale=alt.Scale(domain=[T["up"], T["down"], T["same"]],
                                                                          range=[HIGH, LOW, "#9a9a9a"]),
                       legend=alt.Legend(orient="bottom"))
    lines = alt.Chart(long).mark_line(point=True, strokeWidth=2).encode(x=x, y=y, color=colour, detail="name:N")
    # areas sharing a rank share one label ("9 Älvsjö, Bromma")
    tied = long.groupby(["pos", "rank"], as_index=False).agg(names=("name", lambda s: ", ".join(sorted(s))))
    tied["text"] = [f"{n} {r}" if p == 0 else f"{r} {n}" for p, r, n in zip(tied["pos"], tied["rank"], tied["names"])]
    left = alt.Chart(tied).transform_filter(alt.datum.pos == 0).mark_text(align="right", dx=-8, fontSize=10.5).encode(
        x=x, y=y, text="text:N")
    right = alt.Chart(tied).transform_filter(alt.datum.pos == 1).mark_text(align="left", dx=8, fontSize=10.5).encode(
        x=x, y=y, text="text:N")
    heads = alt.Chart(pd.DataFrame([{"pos": 0.0, "rank": -0.3, "text": T["before"]}, {"pos": 1.0, "rank": -0.3, "text": T["after"]}])
                      ).mark_text(fontWeight="bold", fontSize=12, baseline="top").encode(x=x, y=y, text="text:N")
    return alt.layer(lines, left, right, heads).properties(
        width=width, height=max(22 * n, 140), autosize=AUTOSIZE, title=alt.TitleParams(title, subtitle=_wrap(subtitle, int(width / 7.0)), anchor="start"),
    ).configure(locale={"number": VEGA_LOCALES[lang]}).configure_view(stroke=None)


def inputs_table(preset: rp.Preset, candidates: pd.DataFrame, inputs: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The preset's inputs: domain, weight, direction, years (areas / reference) and sources."""
    by_id = candidates.set_index("indicator_id") if not candidates.empty else pd.DataFrame()
    rows = []
    for item in preset.items:
        c = by_id.loc[item.indicator_id] if item.indicator_id in by_id.index else None
        values = inputs[inputs["indicator_id"] == item.indicator_id]
        sources = sorted({cite(r.source_publisher, r.source_year, r.source_title) for r in values.itertuples()})
        ref_years = as_list(c["years_with_reference"]) if c is not None else []
        rows.append({
            "indicator": column(c, "name", lang) if c is not None else item.indicator_id,
            "domain": pick(rp.DOMAIN_LABELS[item.domain], lang),
            "weight": format_number(item.weight, None, lang),
            "direction": (t("högre är bättre (vänds)", "higher is better (inverted)", lang)
                          if c is not None and c["higher_is_better"] else t("högre är sämre", "higher is worse", lang)),
            "years": year_runs(as_list(c["years"])) if c is not None else "–",
            "reference_years": year_runs(ref_years) or t("inga – kan inte användas", "none – cannot be used", lang),
            "source": "; ".join(sources) or "–",
        })
    return pd.DataFrame(rows)


def as_list(value) -> list:
    """A DuckDB list cell as a Python list; NULL (None, NA, NaN) as []."""
    if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)):
        return []
    return list(value)


def year_runs(years: list) -> str:
    """[2005, 2006, 2007, 2015] -> '2005–2007, 2015'."""
    ys = sorted(int(y) for y in years)
    if not ys:
        return ""
    runs, start, prev = [], ys[0], ys[0]
    for y in ys[1:] + [None]:
        if y is not None and y == prev + 1:
            prev = y
            continue
        runs.append(str(start) if start == prev else f"{start}–{prev}")
        if y is not None:
            start = prev = y
    return ", ".join(runs)


def year_sets(result: ri.IndexResult, indicator_names: dict[str, str]) -> list[tuple[str, str, int, bool]]:
    """The indicator sets the areas' index rests on, as (years, names, n_used, flagged) runs."""
    t = result.total[~result.total["is_reference"] & result.total["index"].notna()]
    if t.empty:
        return []
    common = t.groupby("year")["indicators_used"].agg(lambda s: s.mode().iloc[0]).reset_index()
    out: list = []
    for used, part in common.groupby("indicators_used", sort=False):
        ids = [i for i in used.split(",") if i]
        out.append((year_runs(list(part["year"])), "; ".join(indicator_names.get(i, i) for i in ids), len(ids),
                    len(ids) < result.preset.min_indicators))
    return sorted(out, key=lambda r: r[0])


def components_frame(result: ri.IndexResult, inputs: pd.DataFrame, year: int, names: dict[str, str],
                     indicator_names: dict[str, str], units: dict[str, str], lang: str) -> pd.DataFrame:
    """Every input of the year: value, reference value, relative value, used or why not, source."""
    comp = result.components[result.components["year"] == year].merge(
        inputs[["area_id", "indicator_id", "year", "confidence", "source_publisher", "source_year", "source_title"]],
        on=["area_id", "indicator_id", "year"], how="left")
    reasons = {k: pick(v, lang) for k, v in ri.REASONS.items()}
    out = pd.DataFrame({
        "area": comp["area_id"].map(lambda a: names.get(a, a)),
        "indicator": comp["indicator_id"].map(lambda i: indicator_names.get(i, i)),
        "value": [format_value(v, units.get(i), lang) + (" *" if c == "low" else "")
                  for v, i, c in zip(comp["value"], comp["indicator_id"], comp["confidence"])],
        "reference": [format_value(v, units.get(i), lang) for v, i in zip(comp["reference_value"], comp["indicator_id"])],
        "relative": [format_number(v, 1, lang) for v in comp["relative"]],
        "used": [t("ja", "yes", lang) if u else reasons.get(r, r) for u, r in zip(comp["used"], comp["reason"])],
        "source": [cite(p, y, ti) if isinstance(ti, str) else "–" for p, y, ti in
                   zip(comp["source_publisher"], comp["source_year"], comp["source_title"])],
    })
    return out.sort_values(["area", "indicator"]).reset_index(drop=True)
