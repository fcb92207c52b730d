"""The map's geographies: display geometry of each (plain Python; never imports streamlit).

:func:`load_geography` builds the display features of one geography (the expensive part: read,
dissolve, simplify); callers cache it by (geography, vintage). A geography whose polygons are
unavailable falls back to points or a schematic layout and says so in ``GeoLayer.messages``.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

import pandas as pd

from sammanhallen.i18n import Text
from sammanhallen.map import boundaries, geometry
from sammanhallen.map import simplify as map_simplify

URBAN15_MUNICIPALITIES = ("0180", "0181", "0780", "1280", "1282", "1290", "1480", "1488", "1490")


@dataclass(frozen=True)
class GeographySpec:
    key: str
    label_sv: str
    label_en: str
    level: str           # areas.level of the values shown
    stockholm: bool      # priority-area overlay applies
    noun_sv: str         # "stadsdelar" for "3 av 117 stadsdelar"
    noun_en: str


GEOGRAPHIES: dict[str, GeographySpec] = {
    "sd": GeographySpec("sd", "Stockholm: stadsdelar (117)", "Stockholm: districts (117)", "district", True,
                        "stadsdelar", "districts"),
    "sdo": GeographySpec("sdo", "Stockholm: stadsdelsområden", "Stockholm: borough areas", "borough", True,
                         "stadsdelsområden", "borough areas"),
    "kommun": GeographySpec("kommun", "Urban15: kommuner (9)", "Urban15: municipalities (9)", "municipality", False,
                            "kommuner", "municipalities"),
    "u15": GeographySpec("u15", "Urban15: stadsdelar (15)", "Urban15: districts (15)", "urban_district", False,
                         "stadsdelar", "districts"),
}
VINTAGE_LABELS = {"2007-2019": ("2007–2019 (14 stadsdelsnämnder)", "2007–2019 (14 district councils)"),
                  "2020-": ("2020– (13 stadsdelsområden)", "2020– (13 district areas)")}
VINTAGE_YEARS = {"2007-2019": (2007, 2019), "2020-": (2020, 2100)}

APPROXIMATE_NOTE = Text("läge ungefärligt: stadsdelens läge saknas i källorna, visas i kommunen",
                        "approximate location: the district's location is missing from our sources, shown within its municipality")
DOCUMENTED_NOTE = Text("punkt enligt dokumenterad koordinat", "point from a documented coordinate")


@dataclass
class GeoLayer:
    """Display-ready geometry of one geography (cache it; it does not depend on the measure)."""
    key: str
    vintage: str | None
    areas: pd.DataFrame                      # area_id, name, lon, lat, location ("polygon"/"documented"/"approximate")
    features: list[dict]                     # GeoJSON features (area polygons), properties area_id, name
    context: list[dict] = field(default_factory=list)        # outlines drawn under the areas
    context_labels: pd.DataFrame | None = None               # name, lon, lat of context areas
    outlines: dict[str, list[dict]] = field(default_factory=dict)  # overlay outlines by kind
    bounds: tuple[float, float, float, float] = (11.0, 55.3, 19.0, 60.0)  # minx, miny, maxx, maxy
    messages: list[tuple[str, str]] = field(default_factory=list)  # (sv, en) shown on screen
    source_sv: str = ""
    source_en: str = ""

    @property
    def area_ids(self) -> list[str]:
        return list(self.areas["area_id"])


def _centres(gdf) -> pd.DataFrame:
    metric = gdf.to_crs(3006)
    pts = metric.geometry.representative_point().to_crs(4326)
    return pd.DataFrame({"area_id": gdf["area_id"].values, "name": gdf["name"].values,
                         "lon": pts.x.round(5).values, "lat": pts.y.round(5).values, "location": "polygon"})


def _bounds(gdf) -> tuple[float, float, float, float]:
    return tuple(float(x) for x in gdf.total_bounds)


def load_geography(key: str, vintage: str | None = None) -> GeoLayer:
    """Build the display geometry of a geography. Raises nothing for missing optional layers: a
    geography whose polygons are unavailable falls back to points or a schematic layout and says so
    in ``messages``."""
    if key not in GEOGRAPHIES:
        raise KeyError(f"unknown geography {key!r}; use one of {sorted(GEOGRAPHIES)}")
    return {"sd": _stadsdelar, "sdo": _boroughs, "kommun": _kommuner, "u15": _urban15}[key](vintage)


_STHLM_SOURCE = ("Gränser: KTHHealthData/stockholm-stadsdelar (förenklade)",
                 "Boundaries: KTHHealthData/stockholm-stadsdelar (simplified)")
_SCB_SOURCE = ("Kommungränser: SCB 2025 (förenklade)", "Municipal boundaries: SCB 2025 (simplified)")


def _stadsdelar(vintage=None) -> GeoLayer:
    try:
        sd = boundaries.stockholm_stadsdelar()
    except boundaries.BoundaryError as exc:
        return _schematic("sd", None, exc)
    layer = GeoLayer("sd", None, _centres(sd), map_simplify.display_features(sd),
                     bounds=_bounds(sd), source_sv=_STHLM_SOURCE[0], source_en=_STHLM_SOURCE[1])
    try:
        bo = boundaries.stockholm_boroughs("2007-2019")
        layer.context = geometry.display_geojson(bo[["area_id", "name", "geometry"]], 40, 4)["features"]
        layer.outlines["prioritised_sdn"] = layer.context
    except boundaries.BoundaryError as exc:
        layer.messages.append((f"Stadsdelsnämndernas gränser saknas: {exc}", f"Borough outlines unavailable: {exc}"))
    layer.outlines["above_average_stadsdel"] = layer.features
    return layer


def _boroughs(vintage=None) -> GeoLayer:
    vintage = vintage if vintage in boundaries.VINTAGES else "2020-"
    try:
        bo = boundaries.stockholm_boroughs(vintage)[["area_id", "name", "geometry"]]
    except boundaries.BoundaryError as exc:
        return _schematic("sdo", vintage, exc)
    layer = GeoLayer("sdo", vintage, _centres(bo), map_simplify.display_features(bo),
                     bounds=_bounds(bo), source_sv=_STHLM_SOURCE[0] + ", sammanslagna efter stadens indelning",
                     source_en=_STHLM_SOURCE[1] + ", dissolved by the city's division")
    layer.outlines["prioritised_sdn"] = layer.features if vintage == "2007-2019" else \
        geometry.display_geojson(boundaries.stockholm_boroughs("2007-2019")[["area_id", "name", "geometry"]],
                                   40, 4)["features"]
    try:
        sd = boundaries.stockholm_stadsdelar()
        layer.outlines["above_average_stadsdel"] = geometry.display_geojson(sd, 40, 4)["features"]
    except boundaries.BoundaryError:
        pass
    return layer


def _kommun_context(layer: GeoLayer) -> None:
    """All of Sweden's municipalities as faint context, coarsely simplified."""
    try:
        allk = boundaries.municipalities()
        layer.context = geometry.display_geojson(allk[["area_id", "name", "geometry"]], 1500, 3)["features"]
    except boundaries.BoundaryError as exc:
        layer.messages.append((f"Sveriges kommungränser saknas: {exc}", f"Sweden's municipal boundaries unavailable: {exc}"))


def _kommuner(vintage=None) -> GeoLayer:
    try:
        k = boundaries.municipalities(URBAN15_MUNICIPALITIES)[["area_id", "name", "geometry"]]
    except boundaries.BoundaryError as exc:
        return _schematic("kommun", None, exc)
    layer = GeoLayer("kommun", None, _centres(k), geometry.display_geojson(k, 150, 4)["features"],
                     bounds=_bounds(k), source_sv=_SCB_SOURCE[0], source_en=_SCB_SOURCE[1])
    _kommun_context(layer)
    return layer


def _urban15(vintage=None) -> GeoLayer:
    messages = []
    try:
        centres = boundaries.urban_district_centres()
        polys = boundaries.urban_district_polygons()
        features = geometry.display_geojson(polys[["area_id", "name", "geometry"]], 10, 5)["features"]
    except boundaries.BoundaryError as exc:
        centres, features = pd.DataFrame(columns=["area_id", "name", "municipality_id", "lat", "lon", "method"]), []
        messages.append((f"Stadsdelarnas gränser kunde inte läsas ({exc}); alla visas som ungefärliga punkter.",
                         f"District boundaries could not be read ({exc}); all are shown as approximate points."))
    try:
        kom = boundaries.municipalities(URBAN15_MUNICIPALITIES)
        kcent = _centres(kom).set_index("area_id")
        bounds = _bounds(kom)
    except boundaries.BoundaryError as exc:
        return _schematic("u15", None, exc)
    rows, used = [], {}
    for area_id, name, muni in boundaries.URBAN15:
        hit = centres[centres["area_id"] == area_id]
        if len(hit):
            r = hit.iloc[0]
            loc = "polygon" if r["method"] == "polygon_representative_point" else "documented"
            rows.append({"area_id": area_id, "name": name, "lon": float(r["lon"]), "lat": float(r["lat"]),
                         "location": loc, "municipality_id": muni})
            continue
        # No documented location: a hollow marker at the municipality's representative point,
        # shifted sideways when several share a municipality (never a fake precise location).
        n = used.get(muni, 0)
        used[muni] = n + 1
        c = kcent.loc[muni]
        rows.append({"area_id": area_id, "name": name, "lon": round(float(c["lon"]) + 0.045 * n, 5),
                     "lat": round(float(c["lat"]) - 0.02 * n, 5), "location": "approximate", "municipality_id": muni})
    layer = GeoLayer("u15", None, pd.DataFrame(rows), features, bounds=bounds, messages=messages,
                     source_sv="Gränser: Göteborgs Stad (primärområden 2025), Stockholms stad (stadsdelar); "
                               "punkter: koordinater ur Wikipedia där sådana finns; " + _SCB_SOURCE[0],
                     source_en="Boundaries: City of Gothenburg (primary areas 2025), City of Stockholm (districts); "
                               "points: Wikipedia coordinates where documented; " + _SCB_SOURCE[1])
    layer.context = geometry.display_geojson(kom[["area_id", "name", "geometry"]], 150, 4)["features"]
    layer.context_labels = kcent.reset_index()[["area_id", "name", "lon", "lat"]]
    return layer


def _schematic(key: str, vintage, exc: Exception) -> GeoLayer:
    """Fallback when polygons are unavailable: the geography's areas on a grid of tiles (schematic),
    with the reason on screen. Names come from the crosswalk/registry, not from geometry."""
    names = _names_without_geometry(key, vintage)
    n = len(names)
    cols = max(1, math.ceil(math.sqrt(n * 1.6)))
    rows = []
    for i, (area_id, name) in enumerate(names):
        rows.append({"area_id": area_id, "name": name, "lon": 12.0 + 0.6 * (i % cols),
                     "lat": 59.5 - 0.35 * (i // cols), "location": "schematic"})
    areas = pd.DataFrame(rows, columns=["area_id", "name", "lon", "lat", "location"])
    bounds = (11.5, 59.5 - 0.35 * (max(n - 1, 0) // cols) - 0.3, 12.0 + 0.6 * cols, 59.8) if n else (11, 55, 19, 60)
    msg = (f"Kartlagret kunde inte läsas ({exc}). Områdena visas i stället schematiskt som rutor (inte på sin plats).",
           f"The map layer could not be read ({exc}). The areas are shown as a schematic grid instead (not where they are).")
    return GeoLayer(key, vintage, areas, [], bounds=bounds, messages=[msg])


def _names_without_geometry(key: str, vintage) -> list[tuple[str, str]]:
    from sammanhallen.codes import slugify
    if key == "u15":
        return [(a, n) for a, n, _ in boundaries.URBAN15]
    if key == "kommun":
        return [(c, c) for c in URBAN15_MUNICIPALITIES]
    try:
        cw = boundaries.stockholm_crosswalk()
    except Exception:  # noqa: BLE001
        return []
    if key == "sd":
        return sorted(("0180-sd-" + slugify(n), n) for n in cw["stadsdel_display"])
    col = "sdn_2007_2019" if vintage == "2007-2019" else "sdo_2020"
    return sorted({("0180-sdo-" + slugify(n), n) for n in cw[col] if n})
