"""The profile's small locator map: the area highlighted within its parent, drawn offline from the
shipped boundaries (data/boundaries/), a marker where only a centre point exists, and a plain
sentence where neither exists. Plain Python: Altair specs, rendered by the page or to PNG for the PDF.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass, field

import altair as alt
import pandas as pd

from sammanhallen.i18n import Text, t
from sammanhallen.map import boundaries, geometry

HIGHLIGHT = "#1d5fa7"
CONTEXT_FILL = "#ecebe6"
CONTEXT_EDGE = "#a6a6a6"
STHLM = Text("Gränser: KTHHealthData/stockholm-stadsdelar (förenklade)", "Boundaries: KTHHealthData/stockholm-stadsdelar (simplified)")
SCB = Text("Kommungränser: SCB 2025 (förenklade)", "Municipal boundaries: SCB 2025 (simplified)")
GBG = Text("Gränser: Göteborgs stad, primärområden (förenklade)", "Boundaries: City of Gothenburg, primary areas (simplified)")


@dataclass
class Locator:
    context: list[dict] = field(default_factory=list)     # GeoJSON features drawn light (the parent's parts)
    highlight: list[dict] = field(default_factory=list)   # the area's own shape(s)
    point: tuple[float, float] | None = None              # (lon, lat) marker
    source: Text | None = None
    sentence: Text | None = None                          # said instead of a map, or beside a marker

    @property
    def drawable(self) -> bool:
        return bool(self.highlight or self.point)


def _features(gdf) -> list[dict]:
    return geometry.for_altair(gdf[["area_id", "name", "geometry"]]).__geo_interface__["features"]


@functools.lru_cache(maxsize=None)
def _stadsdelar():
    return boundaries.stockholm_stadsdelar()


@functools.lru_cache(maxsize=None)
def _boroughs(vintage: str):
    return boundaries.stockholm_boroughs(vintage)


@functools.lru_cache(maxsize=None)
def _municipalities():
    return boundaries.municipalities()


@functools.lru_cache(maxsize=None)
def _urban15():
    return boundaries.urban_district_polygons(), boundaries.urban_district_centres()


def _split(gdf, area_id: str) -> tuple[list[dict], list[dict]]:
    return _features(gdf[gdf["area_id"] != area_id]), _features(gdf[gdf["area_id"] == area_id])


def _borough(area: dict) -> Locator:
    vintage = "2007-2019" if pd.notna(area.get("valid_to")) else "2020-"
    context, own = _split(_boroughs(vintage), area["area_id"])
    return Locator(context, own, source=STHLM)


def _district(area: dict, areas: pd.DataFrame) -> Locator:
    siblings = set(areas.loc[areas["parent_id"] == area.get("parent_id"), "area_id"]) | {area["area_id"]}
    shapes = _stadsdelar()
    context, own = _split(shapes[shapes["area_id"].isin(siblings)], area["area_id"])
    return Locator(context, own, source=STHLM)


def _municipality(area: dict) -> Locator:
    shapes = _municipalities()
    context, own = _split(shapes, area["area_id"])
    point = None
    if own:  # a municipality is small on a map of Sweden: a marker shows where it is
        centre = shapes[shapes["area_id"] == area["area_id"]].to_crs(3006).representative_point().to_crs(4326).iloc[0]
        point = (round(centre.x, 5), round(centre.y, 5))
    return Locator(context, own, point, source=SCB)


def _urban_district(area: dict) -> Locator:
    polygons, centres = _urban15()
    municipalities = _municipalities()
    parent = _features(municipalities[municipalities["area_id"] == area.get("parent_id")])
    hit = polygons[polygons["area_id"] == area["area_id"]]
    if len(hit):
        return Locator(parent, _features(hit), source=GBG if area.get("parent_id") == "1480" else STHLM)
    centre = centres[centres["area_id"] == area["area_id"]]
    if len(centre):
        return Locator(parent, [], (float(centre["lon"].iloc[0]), float(centre["lat"].iloc[0])), source=SCB,
                       sentence=Text("Ingen gräns för stadsdelen: punkten är en dokumenterad koordinat (data/boundaries/district_centres.csv).",
                                     "No boundary for the district: the point is a documented coordinate (data/boundaries/district_centres.csv)."))
    return _point_or_nothing(area, parent)


def _point_or_nothing(area: dict, parent: list[dict]) -> Locator:
    if pd.notna(area.get("lat")) and pd.notna(area.get("lon")):
        return Locator(parent, [], (float(area["lon"]), float(area["lat"])), source=SCB if parent else None,
                       sentence=Text("Ingen gräns för området: punkten är dess mittpunkt enligt areas.",
                                     "No boundary for the area: the point is its centre from the areas table."))
    return Locator(sentence=Text(f"Det finns ingen gräns och ingen mittpunkt för {area['name']} i data, så ingen karta visas.",
                                 f"There is no boundary and no centre point for {area['name']} in the data, so no map is shown."))


def locate(area: dict, areas: pd.DataFrame) -> Locator:
    """The locator of one area (a row of queries/area_index.sql)."""
    area_id, level = area["area_id"], area["level"]
    if level == "borough" and area_id.startswith("0180-sdo-"):
        found = _borough(area)
    elif level == "district" and area_id.startswith("0180-sd-"):
        found = _district(area, areas)
    elif level == "municipality":
        found = _municipality(area)
    elif level == "country":
        found = Locator([], _features(_municipalities()), source=SCB)
    elif level == "urban_district":
        found = _urban_district(area)
    else:
        found = None
    return found if found is not None and found.drawable else _point_or_nothing(area, found.context if found else [])


def chart(loc: Locator, lang: str, width: int = 260, height: int = 260) -> alt.LayerChart | None:
    """The locator as a small Altair map; None when there is nothing to draw."""
    if not loc.drawable:
        return None
    layers = []
    if loc.context:
        layers.append(alt.Chart(alt.Data(values=loc.context)).mark_geoshape(
            fill=CONTEXT_FILL, stroke=CONTEXT_EDGE, strokeWidth=0.5, aria=False).project(type="mercator"))
    if loc.highlight:
        layers.append(alt.Chart(alt.Data(values=loc.highlight)).mark_geoshape(
            fill=HIGHLIGHT, stroke="#0b2d55", strokeWidth=1, aria=False).project(type="mercator"))
    if loc.point:
        point = pd.DataFrame({"lon": [loc.point[0]], "lat": [loc.point[1]]})
        layers.append(alt.Chart(point).mark_point(shape="circle", size=90, filled=True, color="#c0392b", stroke="white",
                                                  strokeWidth=1.5, opacity=1, aria=False).encode(
            longitude="lon:Q", latitude="lat:Q").project(type="mercator"))
    title = alt.TitleParams(loc.source.in_(lang) if loc.source else "", fontSize=9, fontWeight="normal", orient="bottom",
                            anchor="start", color="#555")
    # The shapes are hidden from screen readers; the chart as a whole says what it shows (WCAG 1.1.1).
    description = t("Lokaliseringskarta: området markerat inom sitt sammanhang.",
                    "Locator map: the area highlighted within its surroundings.", lang)
    return alt.layer(*layers).properties(width=width, height=height, title=title,
                                         description=description).configure_view(stroke=None)
