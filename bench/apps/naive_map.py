"""Bench only: the naive map page of bench/bench_map.py as a Streamlit page. Every rerun reads the raw
GeoJSON with geopandas, queries the values and draws a deck from full geometry (nothing cached)."""
import json
import os
from pathlib import Path

import duckdb
import geopandas as gpd
import pandas as pd
import pydeck as pdk
import streamlit as st

from sammanhallen.codes import slugify
from sammanhallen.data import queries
from sammanhallen.paths import database_path

ROOT = Path(__file__).resolve().parents[2]
RAW = Path(os.environ.get("BOUNDARIES_MIRROR", ROOT.parent / "shared" / "geodata")) / "stockholm_stadsdelar.geojson"

year = st.selectbox("År", [2016, 2017, 2018, 2019], key="naive-year")
gdf = gpd.read_file(RAW)
gdf["area_id"] = "0180-sd-" + gdf["name"].map(lambda n: slugify(str(n).title()))
con = duckdb.connect(str(database_path()), read_only=True)
measure = con.execute("select indicator_id from observations where area_id like '0180-sd-%' "
                      "group by 1 order by count(*) desc limit 1").fetchone()[0]
vals = queries.run(con, "map_values", indicator_id=measure, year=year, area_ids=list(gdf["area_id"]))
con.close()
gdf = gdf.merge(vals[["area_id", "value"]], on="area_id", how="left")
gdf["fill"] = [[200, 80, 40, 230] if pd.notna(v) else [212, 212, 212, 235] for v in gdf["value"]]
data = json.loads(gdf.to_json())
st.pydeck_chart(pdk.Deck(layers=[pdk.Layer("GeoJsonLayer", data, id="areas", get_fill_color="properties.fill",
                                           pickable=True)], map_style=None))
