"""The map view: params (as in the map page's URL) -> a static Altair choropleth (slides, .pptx).

Uses the same geography, values, class breaks and palette as the interactive page
(``map_geographies``, ``map_classes``, ``map_layers``, ``map_data``), so the slide matches the screen.
"""
from __future__ import annotations

import functools

import altair as alt
import pandas as pd

from sammanhallen.map import boundaries, geometry
from sammanhallen.map import classes as map_classes
from sammanhallen.map import data as map_data
from sammanhallen.map import geographies as map_geographies
from sammanhallen.data import queries
from sammanhallen.i18n import Text, pick, t
from sammanhallen.map.measure import measure_view
from sammanhallen.views import ViewChart

DEFAULTS: dict[str, str] = {
    "geo": "sdo",
    "vintage": "2007-2019",
    "measure": "",        # empty: the geography's default measure
    "year": "",           # empty: the latest year with data
    "scheme": map_classes.DEFAULT_SCHEME,
    "k": str(map_classes.DEFAULT_K),
    "overlay": "1",
    "sym": "fill",
    "area": "",
}
SYMBOLS = {"fill": ("Färgade ytor", "Coloured areas"), "circles": ("Proportionella cirklar", "Proportional circles"),
           "columns": ("Staplar (3D)", "Columns (3D)")}


def normalise(params: dict) -> dict:
    """Fill defaults, drop unknown keys, replace invalid choices by the default (all values strings)."""
    p = {k: (str(params[k]) if params.get(k) is not None else v) for k, v in DEFAULTS.items()}
    if p["geo"] not in map_geographies.GEOGRAPHIES:
        p["geo"] = DEFAULTS["geo"]
    if p["vintage"] not in boundaries.VINTAGES:
        p["vintage"] = DEFAULTS["vintage"]
    if p["scheme"] not in map_classes.SCHEMES:
        p["scheme"] = DEFAULTS["scheme"]
    try:
        p["k"] = str(min(max(int(p["k"]), map_classes.K_RANGE[0]), map_classes.K_RANGE[1]))
    except ValueError:
        p["k"] = DEFAULTS["k"]
    p["overlay"] = "1" if p["overlay"] in ("1", "true", "True", "on") else "0"
    if p["sym"] not in SYMBOLS:
        p["sym"] = "fill"
    if p["year"] and not p["year"].lstrip("-").isdigit():
        p["year"] = ""
    if p["geo"] != "sdo":
        p["vintage"] = DEFAULTS["vintage"]
    return p


def resolve(measures: list[map_data.Measure], params: dict, geo: str = "") -> tuple[map_data.Measure | None, int | None,
                                                                     list[tuple[str, str]]]:
    """The measure and year to draw, with messages when the requested ones have no data here."""
    msgs: list[tuple[str, str]] = []
    if not measures:
        return None, None, [("Det finns inga mått med värden för den här indelningen.",
                             "There are no measures with values for this geography.")]
    by_key = {m.key: m for m in measures}
    measure = by_key.get(params.get("measure") or "")
    if measure is None:
        if params.get("measure"):
            msgs.append((f"Måttet ”{params['measure']}” har inga värden för den här indelningen; visar standardmåttet.",
                         f"The measure “{params['measure']}” has no values for this geography; showing the default."))
        measure = map_data.default_measure(measures, geo or params.get("geo", ""))
    year = None
    if params.get("year"):
        year = int(params["year"])
        if year not in measure.years:
            msgs.append((f"Det finns inga värden för {measure.name_sv.lower()} år {year} på den här nivån. "
                         f"År med värden: {', '.join(map(str, measure.years))}. Visar {max(measure.years)}.",
                         f"There are no values for {measure.name_en.lower()} in {year} at this level. "
                         f"Years with values: {', '.join(map(str, measure.years))}. Showing {max(measure.years)}."))
            year = None
    if year is None:
        year = max(measure.years)
    return measure, year, msgs


def years(con, params: dict) -> list[int]:
    """The years the map view can show for these params (the presenter's year buttons)."""
    p = normalise(params)
    layer = _layer(p["geo"], p["vintage"] if p["geo"] == "sdo" else None)
    measure, _, _ = resolve(map_data.measures(functools.partial(queries.run, con), layer.area_ids, p["geo"]), p, p["geo"])
    return sorted(int(y) for y in measure.years) if measure else []


@functools.lru_cache(maxsize=8)
def _layer(geo: str, vintage: str | None) -> map_geographies.GeoLayer:
    return map_geographies.load_geography(geo, vintage)


@functools.lru_cache(maxsize=8)
def _altair_shapes(geo: str, vintage: str | None):
    """The geography's polygons wound for Vega, as a GeoDataFrame (area_id, name, geometry)."""
    import geopandas as gpd
    layer = _layer(geo, vintage)
    if not layer.features:
        return None
    gdf = gpd.GeoDataFrame.from_features(layer.features, crs=4326)
    return geometry.for_altair(gdf)


def _inline_features(gdf) -> alt.Data:
    """Geometry as inline GeoJSON features. A GeoDataFrame passed to alt.Chart becomes a named
    dataset, which Streamlit ships as an Arrow table: the nested geometry is lost and the browser
    draws an empty map (vl-convert still renders it, so only the on-screen chart breaks)."""
    features = []
    for record, shape in zip(gdf.drop(columns=gdf.geometry.name).to_dict("records"), gdf.geometry):
        properties = {k: (None if isinstance(v, float) and v != v else v) for k, v in record.items()}
        features.append({"type": "Feature", "geometry": shape.__geo_interface__, "properties": properties})
    return alt.Data(values=features)


def title(con, params: dict, lang: str = "sv") -> str:
    """The chart's title without drawing the chart: the storyboard suggests it after every change of
    year or measure, and drawing the map chart for it cost a quarter of a second each time."""
    p = normalise(params)
    vintage = p["vintage"] if p["geo"] == "sdo" else None
    layer = _layer(p["geo"], vintage)
    measure, year, _ = resolve(map_data.measures(functools.partial(queries.run, con), layer.area_ids, p["geo"]),
                               p, p["geo"])
    if measure is None:
        return _geo_label(p["geo"], vintage, lang)
    return f"{measure.name(lang)}, {year}"


def _geo_label(geo: str, vintage: str | None, lang: str) -> str:
    spec = map_geographies.GEOGRAPHIES[geo]
    label = t(spec.label_sv, spec.label_en, lang)
    if vintage:
        label += ", " + pick(map_geographies.VINTAGE_LABELS[vintage], lang)
    return label


def chart(con, params: dict, lang: str = "sv") -> ViewChart:
    p = normalise(params)
    run = functools.partial(queries.run, con)
    vintage = p["vintage"] if p["geo"] == "sdo" else None
    layer = _layer(p["geo"], vintage)
    ms = map_data.measures(run, layer.area_ids, p["geo"])
    measure, year, msgs = resolve(ms, p, p["geo"])
    notes = [pick(m, lang) for m in layer.messages + msgs]
    geo_label = _geo_label(p["geo"], vintage, lang)
    if measure is None:
        empty = alt.Chart(pd.DataFrame({"x": []})).mark_text()
        return ViewChart(geo_label, notes[0] if notes else "", "", empty, notes)
    mv = measure_view(run, layer, measure, year, p["scheme"], int(p["k"]), lang)
    notes += [pick(m, lang) for m in mv.values.notes]
    joined, classes = mv.joined, mv.classes
    labels = {r["area_id"]: mv.class_label(r["value"]) for _, r in joined.areas.iterrows()}
    domain = [e.label for e in mv.legend]
    colors = [e.color for e in mv.legend]
    title_field = t("Klass", "Class", lang)
    scale = alt.Scale(domain=domain, range=colors)
    selected = p["area"] or None

    shapes = _altair_shapes(p["geo"], vintage)
    data = joined.areas.assign(klass=joined.areas["area_id"].map(labels))
    width, height = 620, 520
    layers = []
    if shapes is not None:
        gdf = shapes.merge(data[["area_id", "klass", "value"]], on="area_id", how="left")
        gdf["selected"] = gdf["area_id"] == selected
        base = alt.Chart(_inline_features(gdf)).mark_geoshape(stroke="white", strokeWidth=0.6).encode(
            color=alt.Color("properties.klass:N", scale=scale, title=title_field, legend=alt.Legend(orient="right")),
            tooltip=[alt.Tooltip("properties.name:N", title=t("Område", "Area", lang)),
                     alt.Tooltip("properties.klass:N", title=title_field)],
        )
        layers.append(base)
        if selected and selected in set(gdf["area_id"]):
            layers.append(alt.Chart(_inline_features(gdf[gdf["selected"]])).mark_geoshape(filled=False, stroke="black", strokeWidth=2.5))
    if shapes is None or p["geo"] == "u15":
        if layer.context:
            import geopandas as gpd
            ctx = geometry.for_altair(gpd.GeoDataFrame.from_features(layer.context, crs=4326))
            layers.insert(0, alt.Chart(_inline_features(ctx)).mark_geoshape(fill="#ecece6", stroke="#afafaa", strokeWidth=0.5))
        pts = data[["area_id", "name", "lon", "lat", "klass", "location"]].copy()
        layers.append(alt.Chart(pts).mark_point(filled=True, size=110, stroke="#333", strokeWidth=0.8, opacity=1).encode(
            longitude="lon:Q", latitude="lat:Q",
            color=alt.Color("klass:N", scale=scale, title=title_field, legend=alt.Legend(orient="right")),
            shape=alt.Shape("location:N", legend=None,
                            scale=alt.Scale(domain=["polygon", "documented", "approximate", "schematic"],
                                            range=["circle", "circle", "diamond", "square"])),
            tooltip=["name:N", "klass:N"]))
    chart_obj = alt.layer(*layers).project(type="mercator").properties(width=width, height=height)
    if p["geo"] == "u15":
        lonlat = data[["lon", "lat"]]
        chart_obj = alt.layer(*layers).project(
            type="mercator", fit={"type": "FeatureCollection", "features": [
                {"type": "Feature", "properties": {}, "geometry": {"type": "MultiPoint", "coordinates": lonlat.values.tolist()}}]}
        ).properties(width=width, height=height)
    title = f"{measure.name(lang)}, {year}"
    scheme_label = pick(map_classes.SCHEMES[classes.scheme], lang).split(" (")[0].lower()
    subtitle = f"{geo_label}. " + t(f"Klassindelning: {scheme_label}, {classes.k} {'klass' if classes.k == 1 else 'klasser'}.",
                                     f"Classes: {scheme_label}, {classes.k}.", lang)
    if selected:
        name = data.loc[data["area_id"] == selected, "name"]
        if len(name):
            subtitle += t(" Markerat: ", " Selected: ", lang) + name.iloc[0] + "."
    src = mv.source
    if p["geo"] == "u15":
        notes.append((map_geographies.APPROXIMATE_NOTE + Text(" (romber)", " (diamonds)")).in_(lang))
    final = chart_obj.properties(title=alt.TitleParams(title, subtitle=[subtitle, src], anchor="start"))
    return ViewChart(title, subtitle, src, final, notes)
