"""Map geographies, class breaks, palettes and legends (plain Python; never imports streamlit).

The map explorer and the map view (slides, .pptx) share everything here, so the screen and the
exported slide show the same classes in the same colours.

* :func:`load_geography` builds the display features of one geography (the expensive part: read,
  dissolve, simplify); callers cache it by (geography, vintage).
* :func:`join_values` puts one measure's values onto those features by ``area_id`` (cheap; done on
  every rerun).
* :func:`classify`, :func:`palette`, :func:`legend_entries` turn values into classes, colours and
  Swedish legend labels.
"""
from __future__ import annotations

import math
import warnings
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from sammanhallen import boundaries, map_simplify
from sammanhallen.formatting import DEFAULT_DECIMALS, UNIT_SUFFIX, format_number, format_value, is_missing
from sammanhallen.per_capita import kronor_per_inhabitant, weak_population

# ------------------------------------------------------------------------------------- geographies

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

APPROXIMATE_NOTE = {
    "sv": "läge ungefärligt: stadsdelens läge saknas i källorna, visas i kommunen",
    "en": "approximate location: the district's location is missing from our sources, shown within its municipality",
}
DOCUMENTED_NOTE = {"sv": "punkt enligt dokumenterad koordinat", "en": "point from a documented coordinate"}


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
        layer.context = boundaries.display_geojson(bo[["area_id", "name", "geometry"]], 40, 4)["features"]
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
        boundaries.display_geojson(boundaries.stockholm_boroughs("2007-2019")[["area_id", "name", "geometry"]],
                                   40, 4)["features"]
    try:
        sd = boundaries.stockholm_stadsdelar()
        layer.outlines["above_average_stadsdel"] = boundaries.display_geojson(sd, 40, 4)["features"]
    except boundaries.BoundaryError:
        pass
    return layer


def _kommun_context(layer: GeoLayer) -> None:
    """All of Sweden's municipalities as faint context, coarsely simplified."""
    try:
        allk = boundaries.municipalities()
        layer.context = boundaries.display_geojson(allk[["area_id", "name", "geometry"]], 1500, 3)["features"]
    except boundaries.BoundaryError as exc:
        layer.messages.append((f"Sveriges kommungränser saknas: {exc}", f"Sweden's municipal boundaries unavailable: {exc}"))


def _kommuner(vintage=None) -> GeoLayer:
    try:
        k = boundaries.municipalities(URBAN15_MUNICIPALITIES)[["area_id", "name", "geometry"]]
    except boundaries.BoundaryError as exc:
        return _schematic("kommun", None, exc)
    layer = GeoLayer("kommun", None, _centres(k), boundaries.display_geojson(k, 150, 4)["features"],
                     bounds=_bounds(k), source_sv=_SCB_SOURCE[0], source_en=_SCB_SOURCE[1])
    _kommun_context(layer)
    return layer


def _urban15(vintage=None) -> GeoLayer:
    messages = []
    try:
        centres = boundaries.urban_district_centres()
        polys = boundaries.urban_district_polygons()
        features = boundaries.display_geojson(polys[["area_id", "name", "geometry"]], 10, 5)["features"]
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
    layer.context = boundaries.display_geojson(kom[["area_id", "name", "geometry"]], 150, 4)["features"]
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


# ----------------------------------------------------------------------------------- classification

SCHEMES = {
    "quantiles": ("Kvantiler (lika många områden per klass)", "Quantiles (equal count per class)"),
    "natural": ("Naturliga brytpunkter (Fisher–Jenks)", "Natural breaks (Fisher–Jenks)"),
    "equal": ("Lika intervall", "Equal interval"),
}
DEFAULT_SCHEME = "quantiles"
DEFAULT_K = 5
K_RANGE = (2, 7)


@dataclass
class Classes:
    scheme: str
    k_requested: int
    bounds: list[tuple[float, float]]   # (low, high) per class, inclusive
    note: str = ""                      # why fewer classes than requested (sv)
    note_en: str = ""

    @property
    def k(self) -> int:
        return len(self.bounds)

    def class_of(self, value) -> int | None:
        """Index of the class holding value; None for a missing value."""
        if is_missing(value) or not self.bounds:
            return None
        uppers = [hi for _, hi in self.bounds]
        i = int(np.searchsorted(uppers, float(value) - 1e-9 * max(1.0, abs(float(value))), side="left"))
        return min(i, len(uppers) - 1)


def effective_k(n_values: int, n_unique: int, k: int) -> int:
    """Fewer classes when few values: never more classes than distinct values, and about two
    areas per class when there are fewer than 2k values."""
    if n_unique <= 1:
        return n_unique
    k = max(1, min(int(k), n_unique))
    if n_values < 2 * k:
        k = min(k, max(2, n_values // 2))
    return k


def classify(values, scheme: str = DEFAULT_SCHEME, k: int = DEFAULT_K) -> Classes:
    """Class breaks with mapclassify. Missing values are ignored; all-equal values give one class."""
    import mapclassify

    if scheme not in SCHEMES:
        raise ValueError(f"unknown classification {scheme!r}; use one of {sorted(SCHEMES)}")
    y = np.array([float(v) for v in values if not is_missing(v)], dtype=float)
    if y.size == 0:
        return Classes(scheme, k, [], "Inga värden att klassindela.", "No values to classify.")
    lo = float(y.min())
    uniq = np.unique(y)
    k_eff = effective_k(y.size, uniq.size, k)
    if k_eff <= 1:
        return Classes(scheme, k, [(lo, float(y.max()))],
                       "En klass: alla värden är lika." if uniq.size == 1 else "",
                       "One class: all values are equal." if uniq.size == 1 else "")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if scheme == "quantiles":
            clf = mapclassify.Quantiles(y, k=k_eff)
        elif scheme == "natural":
            clf = mapclassify.FisherJenks(y, k=k_eff)
        else:
            clf = mapclassify.EqualInterval(y, k=k_eff)
    uppers = sorted(set(float(b) for b in clf.bins))
    uppers[-1] = max(uppers[-1], float(y.max()))
    bounds, prev = [], None
    for hi in uppers:
        members = y[(y <= hi)] if prev is None else y[(y > prev) & (y <= hi)]
        if scheme == "equal":
            # Equal interval: the legend shows the interval edges, empty classes included.
            bounds.append((lo if prev is None else prev, hi))
        elif members.size:
            # Quantiles and natural breaks: the legend shows the range of the values in each class.
            bounds.append((float(members.min()), float(members.max())))
        prev = hi
    note = note_en = ""
    if len(bounds) < k:
        note = f"{len(bounds)} klasser i stället för {k}: för få olika värden ({y.size} värden)."
        note_en = f"{len(bounds)} classes instead of {k}: too few distinct values ({y.size} values)."
    return Classes(scheme, k, bounds, note, note_en)


# ------------------------------------------------------------------------------------------ colours

# ColorBrewer (Brewer, Harrower & PSU), sequential schemes marked colour-blind safe.
_ORRD = {
    3: ["#fee8c8", "#fdbb84", "#e34a33"],
    4: ["#fef0d9", "#fdcc8a", "#fc8d59", "#d7301f"],
    5: ["#fef0d9", "#fdcc8a", "#fc8d59", "#e34a33", "#b30000"],
    6: ["#fef0d9", "#fdd49e", "#fdbb84", "#fc8d59", "#e34a33", "#b30000"],
    7: ["#fef0d9", "#fdd49e", "#fdbb84", "#fc8d59", "#ef6548", "#d7301f", "#990000"],
}
_BLUES = {
    3: ["#deebf7", "#9ecae1", "#3182bd"],
    4: ["#eff3ff", "#bdd7e7", "#6baed6", "#2171b5"],
    5: ["#eff3ff", "#bdd7e7", "#6baed6", "#3182bd", "#08519c"],
    6: ["#eff3ff", "#c6dbef", "#9ecae1", "#6baed6", "#3182bd", "#08519c"],
    7: ["#eff3ff", "#c6dbef", "#9ecae1", "#6baed6", "#4292c6", "#2171b5", "#084594"],
}
NO_DATA_COLOR = "#d4d4d4"
NO_DATA_LINE = "#9a9a9a"


def _ramp(table: dict, k: int) -> list[str]:
    if k <= 0:
        return []
    if k == 1:
        return [table[5][2]]
    if k == 2:
        return [table[3][1], table[3][2]]
    return list(table[min(k, 7)])


def direction(higher_is_better) -> str:
    """'higher_is_worse', 'higher_is_better' or 'neutral' from indicators.higher_is_better."""
    if higher_is_better is None or is_missing(higher_is_better) or higher_is_better is pd.NA:
        return "neutral"
    return "higher_is_better" if bool(higher_is_better) else "higher_is_worse"


def palette(k: int, higher_is_better) -> list[str]:
    """Colours for classes ordered from lowest to highest value.

    Bad end = dark, warm: ascending orange-red when higher is worse, the same ramp reversed when
    higher is better; a neutral blue ramp when the indicator has no direction (population)."""
    d = direction(higher_is_better)
    if d == "neutral":
        return _ramp(_BLUES, k)
    ramp = _ramp(_ORRD, k)
    return ramp if d == "higher_is_worse" else ramp[::-1]


def hex_to_rgba(hex_color: str, alpha: int = 255) -> list[int]:
    h = hex_color.lstrip("#")
    return [int(h[i:i + 2], 16) for i in (0, 2, 4)] + [alpha]


# ------------------------------------------------------------------------------------------- legend


def _decimals(values, unit: str | None) -> int:
    y = [float(v) for v in values if not is_missing(v)]
    if y and all(float(v).is_integer() for v in y):
        return 0
    d = DEFAULT_DECIMALS.get(unit or "", 1)
    return max(d, 1)


def range_label(lo: float, hi: float, unit: str | None, lang: str = "sv", decimals: int = 1) -> str:
    suffix = UNIT_SUFFIX[lang].get(unit or "", "")
    a, b = format_number(lo, decimals, lang), format_number(hi, decimals, lang)
    return (a if a == b else f"{a}–{b}") + suffix


@dataclass
class LegendEntry:
    color: str
    label: str
    count: int
    no_data: bool = False


def legend_entries(classes: Classes, values, higher_is_better, unit: str | None, lang: str = "sv",
                   n_missing: int = 0) -> list[LegendEntry]:
    """One entry per class (lowest first) with its range in Swedish number format and its count,
    then the no-data class with the number of areas without a value."""
    vals = [v for v in values if not is_missing(v)]
    dec = _decimals(vals, unit)
    colors = palette(classes.k, higher_is_better)
    counts = [0] * classes.k
    for v in vals:
        counts[classes.class_of(v)] += 1
    out = [LegendEntry(colors[i], range_label(lo, hi, unit, lang, dec), counts[i]) for i, (lo, hi) in enumerate(classes.bounds)]
    if n_missing:
        label = "Uppgift saknas" if lang == "sv" else "No data"
        word = ("område" if n_missing == 1 else "områden") if lang == "sv" else ("area" if n_missing == 1 else "areas")
        out.append(LegendEntry(NO_DATA_COLOR, f"{label} ({n_missing} {word})", n_missing, no_data=True))
    return out


# --------------------------------------------------------------------------------------------- join


@dataclass
class JoinResult:
    features: list[dict]
    areas: pd.DataFrame           # layer areas with the value columns merged on
    unmatched: list[str]          # area_ids with a value but no feature/point on this map
    missing: list[str]            # area_ids on the map without a value


VALUE_COLUMNS = ("value", "unit", "year", "confidence", "note", "source_id", "source_title", "source_publisher", "source_url")


def join_values(layer: GeoLayer, values: pd.DataFrame) -> JoinResult:
    """Merge values (one row per area_id) onto the layer's areas and polygon features by area_id.

    Geometry is not touched: each feature is a new dict sharing the cached geometry object. The
    work is done on plain lists (one pass), because pandas' per-operation overhead, not the data,
    dominated the rerun of a map page whose year or measure changed."""
    if values is None:
        values = pd.DataFrame(columns=["area_id", "value"])
    keep = [c for c in values.columns if c not in ("area_id", "name", "lat", "lon", "level", "parent_id")]
    if "value" not in keep:
        keep.append("value")
    numeric = {c for c in keep if c not in values.columns or pd.api.types.is_numeric_dtype(values[c])}
    listed = {c: values[c].tolist() for c in values.columns}
    by_id: dict[str, dict] = {}
    for i, area_id in enumerate(listed["area_id"]):
        if area_id not in by_id:  # one row per area: the first wins
            by_id[area_id] = {c: _clean(listed[c][i]) if c in listed else None for c in keep}
    area_ids = layer.areas["area_id"].tolist()
    known = set(area_ids)
    unmatched = sorted(a for a, row in by_id.items() if row["value"] is not None and a not in known)
    missing = sorted(a for a in area_ids if by_id.get(a, {}).get("value") is None)
    empty: dict = {}
    joined_columns = {
        c: [(by_id.get(a, empty).get(c) if by_id.get(a, empty).get(c) is not None else math.nan) for a in area_ids]
        if c in numeric else [by_id.get(a, empty).get(c) for a in area_ids]
        for c in keep
    }
    base = layer.areas.drop(columns=[c for c in keep if c in layer.areas.columns])
    areas = pd.concat([base, pd.DataFrame(joined_columns, index=base.index)], axis=1)
    feats = []
    for f in layer.features:
        props = dict(f["properties"])
        props.update(by_id.get(props.get("area_id"), empty))
        feats.append({"type": "Feature", "properties": props, "geometry": f["geometry"]})
    return JoinResult(feats, areas, unmatched, missing)


def _clean(v):
    if v is None or v is pd.NA or v is pd.NaT:
        return None
    if isinstance(v, float) and math.isnan(v):
        return None
    if isinstance(v, (np.integer,)):
        return int(v)
    if isinstance(v, (np.floating,)):
        return None if np.isnan(v) else float(v)
    if isinstance(v, pd.Timestamp):
        return v.isoformat()
    return v


# ------------------------------------------------------------------------------------------ funds


def funds_per_inhabitant(funds: pd.DataFrame, lang: str = "sv") -> pd.DataFrame:
    """Funds per inhabitant only where a usable population of the same area and the same year exists
    (the rule of sammanhallen/per_capita.py: no quotient from a low-confidence figure).

    ``funds`` has area_id, year, amount_sek, population (NaN when missing), population_confidence and
    population_source. Returns the rows with ``value`` (kr per inhabitant) or NaN and ``gap`` stating
    why it is missing."""
    out = funds.copy()
    population = out["population"] if "population" in out else pd.Series(np.nan, index=out.index)
    confidence = out["population_confidence"] if "population_confidence" in out else pd.Series(None, index=out.index)
    out["value"] = kronor_per_inhabitant(out["amount_sek"], population, confidence)
    ok = out["value"].notna()
    weak = weak_population(population, confidence)
    missing = "folkmängd saknas för samma område och år ({year})" if lang == "sv" else "no population for the same area and year ({year})"
    low = ("folkmängden för samma område och år ({year}) har låg tillförlitlighet och ger ingen kvot" if lang == "sv"
           else "the population for the same area and year ({year}) has low confidence and gives no ratio")
    out["gap"] = [("" if good else (low if is_weak else missing).format(year=int(y) if not is_missing(y) else "?"))
                  for good, is_weak, y in zip(ok, weak, out["year"])]
    if "population_confidence" in out:
        # A per-inhabitant value is only as certain as its population figure (medium stays medium).
        rank = {"low": 0, "medium": 1, "high": 2}
        out["confidence"] = [
            min((c, pc), key=lambda level: rank.get(level, 2)) if good and isinstance(pc, str) else c
            for c, pc, good in zip(out.get("confidence", ["high"] * len(out)), out["population_confidence"], ok)
        ]
    return out


# -------------------------------------------------------------------------------------------- view


def fit_view(bounds, width_px: int = 820, height_px: int = 560, padding: float = 0.06) -> dict:
    """latitude, longitude, zoom fitting bounds (minx, miny, maxx, maxy) into a map of that size."""
    minx, miny, maxx, maxy = bounds

    def merc_y(lat):
        lat = max(min(lat, 85.0), -85.0)
        return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))

    dx = max((maxx - minx) / 360.0, 1e-6)
    dy = max((merc_y(maxy) - merc_y(miny)) / (2 * math.pi), 1e-6)
    usable_w, usable_h = width_px * (1 - 2 * padding), height_px * (1 - 2 * padding)
    zoom = min(math.log2(usable_w / (512 * dx)), math.log2(usable_h / (512 * dy)))
    cy = (merc_y(maxy) + merc_y(miny)) / 2
    lat = math.degrees(2 * math.atan(math.exp(cy)) - math.pi / 2)
    return {"latitude": round(lat, 5), "longitude": round((minx + maxx) / 2, 5), "zoom": round(max(zoom, 1), 2)}


def rank_of(values: pd.DataFrame, area_id: str) -> tuple[int, int] | None:
    """(rank, n) of area_id among the areas with a value, 1 = highest value; ties share the best rank."""
    v = values.dropna(subset=["value"])
    if area_id not in set(v["area_id"]):
        return None
    ranks = v["value"].rank(method="min", ascending=False)
    return int(ranks[v["area_id"] == area_id].iloc[0]), len(v)


def csv_bytes(table: pd.DataFrame, lang: str = "sv") -> bytes:
    """The table as CSV in UTF-8 with BOM (Excel opens å/ä/ö right); Swedish: ';' and decimal comma."""
    text = table.to_csv(index=False, sep=";" if lang == "sv" else ",", decimal="," if lang == "sv" else ".")
    return ("\ufeff" + text).encode("utf-8")
