"""Geometry sized for the map's view: today's maps unchanged, thousands of detailed polygons bounded."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from sammanhallen.map import boundaries, geometry
from sammanhallen.map import simplify as map_simplify

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))


def _bytes(features) -> int:
    return len(json.dumps([f["geometry"] for f in features], separators=(",", ":")))


@pytest.mark.parametrize("vintage", [None, "2020-"])
def test_stockholm_maps_keep_their_geometry(vintage):
    gdf = boundaries.stockholm_stadsdelar() if vintage is None else \
        boundaries.stockholm_boroughs(vintage)[["area_id", "name", "geometry"]]
    assert map_simplify.view_tolerance_m(tuple(gdf.total_bounds)) == pytest.approx(20.0)
    assert map_simplify.display_features(gdf) == geometry.display_geojson(gdf, 20, 5)["features"]


def test_tolerance_follows_the_opening_zoom():
    sweden = (11.0, 55.3, 24.2, 69.1)
    stockholm = (17.75, 59.22, 18.2, 59.43)
    assert map_simplify.metres_per_pixel(sweden) > 20 * map_simplify.metres_per_pixel(stockholm)
    assert map_simplify.view_tolerance_m(sweden) > 200
    assert map_simplify.precision_for(20) == 5 and map_simplify.precision_for(1000) == 3


def test_six_thousand_detailed_polygons_shrink_to_a_fraction():
    import synthetic

    gdf = synthetic.grid_polygons(2000)[["area_id", "name", "geometry"]]
    fixed = map_simplify.display_features(gdf)
    as_is = geometry.display_geojson(gdf, 20, 5)["features"]
    assert len(fixed) == len(as_is) == 2000
    assert _bytes(fixed) < 0.35 * _bytes(as_is)
    import shapely
    assert all(shapely.geometry.shape(f["geometry"]).is_valid for f in fixed)


def test_labels_only_when_readable():
    rows = [{"area_id": f"a{i}", "name": str(i)} for i in range(400)]
    assert map_simplify.limit_labels(rows[:100]) == rows[:100]
    assert map_simplify.limit_labels(rows) == []
    assert map_simplify.limit_labels(rows, "a7") == [rows[7]]
