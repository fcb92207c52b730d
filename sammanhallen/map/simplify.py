"""Geometry and payload sized for the map's view (plain Python; never imports streamlit).

A polygon can only show as much detail as the screen has pixels. The map opens fitted to its areas
(:func:`fit_view`); at that zoom one pixel covers ``metres_per_pixel`` metres. Simplifying with a
tolerance of half a pixel a few zoom levels further in (``headroom``) and rounding coordinates to what
that tolerance can tell apart keeps the browser payload bounded by the screen, not by the source's
detail: 6 000 DeSO-like polygons of ~140 vertices each (36 MB of GeoJSON) go to the browser as a few MB,
and the 117 Stockholm stadsdelar keep their current look (the tolerance never goes below 20 m, the
value used before).

    features = display_features(gdf)                      # instead of display_geojson(gdf, 20, 5)["features"]
    label_rows = limit_labels(label_rows, selected_id)    # no text labels for thousands of areas

Shared borders stay shared (coverage simplification in ``geometry.display_geojson``).
"""
from __future__ import annotations

import math

from sammanhallen.map import geometry

EARTH_M_PER_PX_Z0 = 156_543.034  # metres per pixel at the equator at zoom 0 (512 px world in deck.gl: /2)
MIN_TOLERANCE_M = 20.0           # what load_geography used for every display layer
MAX_PRECISION = 5                # 1.1 m: finer than any display needs
MAX_LABELS = 150                 # more text labels than this are unreadable and cost the browser time
HEADROOM = 1                     # zoom levels the user can zoom in before the simplification shows
PIXEL_FRACTION = 0.5


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


def metres_per_pixel(bounds, width_px: int = 820, height_px: int = 560) -> float:
    """Ground size of one screen pixel at the map's opening view of these bounds (minx, miny, maxx, maxy)."""
    view = fit_view(bounds, width_px, height_px)
    # deck.gl's zoom counts 512-px tiles; the web-mercator 256-px constant is halved accordingly.
    return EARTH_M_PER_PX_Z0 / 2 * math.cos(math.radians(view["latitude"])) / 2 ** view["zoom"]


def view_tolerance_m(bounds, width_px: int = 820, height_px: int = 560, headroom: int = HEADROOM,
                     pixel_fraction: float = PIXEL_FRACTION, min_tolerance_m: float = MIN_TOLERANCE_M) -> float:
    """Simplification tolerance: a fraction of a pixel, ``headroom`` zoom levels in from the opening view
    (never below ``min_tolerance_m``, the fixed tolerance a layer used before)."""
    return max(min_tolerance_m, metres_per_pixel(bounds, width_px, height_px) * pixel_fraction / 2 ** headroom)


def precision_for(tolerance_m: float) -> int:
    """Decimals of lon/lat whose rounding error (half a step) stays within a quarter of the tolerance
    (1e-5 degrees ~ 1.1 m)."""
    decimals = math.ceil(math.log10(111_000 / max(tolerance_m / 2, 1e-3)))
    return max(2, min(MAX_PRECISION, decimals))


def display_features(gdf, bounds=None, width_px: int = 820, height_px: int = 560, headroom: int = HEADROOM,
                     min_tolerance_m: float = MIN_TOLERANCE_M, max_precision: int = MAX_PRECISION) -> list[dict]:
    """GeoJSON features of ``gdf`` (EPSG:4326) simplified and rounded for the view that shows ``bounds``
    (default: the layer's own bounds), as ``geometry.display_geojson`` returns them. With the defaults a
    small geography such as Stockholm's 117 stadsdelar gets exactly ``display_geojson(gdf, 20, 5)``."""
    if bounds is None:
        bounds = tuple(float(x) for x in gdf.total_bounds)
    tolerance = view_tolerance_m(bounds, width_px, height_px, headroom, min_tolerance_m=min_tolerance_m)
    return geometry.display_geojson(gdf, tolerance, min(max_precision, precision_for(tolerance)))["features"]


def limit_labels(rows: list[dict], selected: str | None = None, max_labels: int = MAX_LABELS) -> list[dict]:
    """The label rows when there are few enough to read; otherwise only the selected area's label."""
    if len(rows) <= max_labels:
        return rows
    return [r for r in rows if selected is not None and r.get("area_id") == selected]
