"""Geometry for display: valid polygons, coverage-preserving simplification in metres, GeoJSON with
rounded coordinates, and the winding Vega expects. Plain Python; everything returned is EPSG:4326."""
from __future__ import annotations

import json

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely


class BoundaryError(Exception):
    """Any problem with boundary data: a clear, user-facing message."""


def round_coords(geoms, precision: int = 5):
    """Round every coordinate to ``precision`` decimals (array or single geometry)."""
    return shapely.transform(geoms, lambda c: np.round(c, precision))


def fix_polygonal(geom):
    """Return a valid (Multi)Polygon: make_valid if needed, keep only the polygonal parts.

    Returns an empty Polygon if nothing polygonal is left (callers decide whether that is an error).
    """
    if geom is None:
        return shapely.Polygon()
    if not geom.is_valid:
        geom = shapely.make_valid(geom)
    if geom.geom_type in ("Polygon", "MultiPolygon"):
        return geom
    polys = [g for g in getattr(geom, "geoms", [geom]) if g.geom_type in ("Polygon", "MultiPolygon") and not g.is_empty]
    if not polys:
        return shapely.Polygon()
    return shapely.union_all(polys)


def simplify_coverage_m(geoms_3006, tolerance_m: float):
    """Simplify polygons given in a metric CRS. Uses coverage simplification (shared borders stay shared)
    and falls back to per-geometry topology-preserving simplification if that fails."""
    geoms_3006 = np.asarray(geoms_3006, dtype=object)
    if tolerance_m <= 0:
        return geoms_3006
    try:
        out = shapely.coverage_simplify(geoms_3006, tolerance_m)
        if shapely.is_valid(out).all() and not shapely.is_empty(out).any():
            return out
    except Exception:  # noqa: BLE001 - GEOS raises several types on non-coverages
        pass
    return shapely.simplify(geoms_3006, tolerance_m, preserve_topology=True)


def display_geojson(gdf: gpd.GeoDataFrame, tolerance_m: float = 20, precision: int = 5) -> dict:
    """A light GeoJSON FeatureCollection (dict) for map display.

    Simplifies in SWEREF99 TM (EPSG:3006, metres) with ``tolerance_m``, reprojects to lon/lat, rounds to
    ``precision`` decimals and repairs anything the rounding made invalid. The input is not changed: keep
    the full geometry for computation.
    """
    if gdf.crs is None:
        raise BoundaryError("display_geojson: the GeoDataFrame has no CRS")
    g = gdf.to_crs(3006)
    geoms = simplify_coverage_m(g.geometry.values, tolerance_m)
    geoms = gpd.GeoSeries(geoms, crs=3006).to_crs(4326).values
    geoms = round_coords(geoms, precision)
    geoms = [fix_polygonal(x) if x.geom_type in ("Polygon", "MultiPolygon") else x for x in geoms]
    props = gdf.drop(columns=gdf.geometry.name)
    features = []
    for (_, row), geom in zip(props.iterrows(), geoms):
        features.append({
            "type": "Feature",
            "properties": {k: _jsonable(v) for k, v in row.items()},
            "geometry": json.loads(json.dumps(shapely.geometry.mapping(geom))),
        })
    return {"type": "FeatureCollection", "features": features}


def _jsonable(v):
    if v is None or (isinstance(v, float) and np.isnan(v)):
        return None
    if isinstance(v, (np.integer,)):
        return int(v)
    if isinstance(v, (np.floating,)):
        return float(v)
    if isinstance(v, (str, int, float, bool)):
        return v
    if v is pd.NA or v is pd.NaT:
        return None
    return str(v)


def for_altair(gdf: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Copy with polygons wound the way Vega expects (exterior clockwise), in EPSG:4326.

    Altair's ``mark_geoshape`` otherwise fills the whole frame. Use only for Altair, not for computation.
    """
    out = gdf.to_crs(4326) if gdf.crs is not None else gdf.copy()
    out = out.copy()
    out[out.geometry.name] = shapely.orient_polygons(out.geometry.values, exterior_cw=True)
    return out
