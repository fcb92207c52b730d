"""Bench only: the project's map of N synthetic polygons (default 6 000), SYNTETISKA TESTDATA.

Served by bench/bench_map_scale.py with DASHBOARD_DB = the large synthetic database and BENCH_MAP_N;
``?variant=as_is`` draws the deck of the display path before sammanhallen.map.simplify with
``st.pydeck_chart``; ``?variant=fixed`` goes the app's own way: sammanhallen.map.simplify's geometry and
``components.map.figure.show`` as pages/map.py calls it, so above ``map_deck.OUTLINES_UP_TO`` areas the map
opens as the server-drawn picture; ``&interactive=1`` as after a click on its "Interaktiv karta" button (the
deck). Geometry is cached per variant, values per query, the picture per view.
"""
import os

import duckdb
import streamlit as st

import bench_map_scale as bms
from components.map import figure as map_figure
from sammanhallen.map import data as map_data
from sammanhallen.map.deck import MAP_HEIGHT

N = int(os.environ.get("BENCH_MAP_N", "6000"))
st.set_page_config(page_title="Bench: karta", layout="wide")


@st.cache_resource(show_spinner=False)
def layer(variant: str, n: int):
    return bms.synthetic_layer(n, fixed=variant == "fixed")[0]


@st.cache_resource(show_spinner=False)
def runner():
    return bms.cached_runner(duckdb.connect(os.environ["DASHBOARD_DB"], read_only=True))


variant = st.query_params.get("variant", "fixed")
n = min(N, int(st.query_params.get("n", N)))  # ?n=20: the same map with few polygons (deck.gl's fixed cost)
st.title(f"SYNTETISKA TESTDATA – karta med {n} områden ({variant})")
lay = layer(variant, n)
run = runner()
measure = next(m for m in map_data.measures(run, lay.area_ids, "syn") if m.key == "syn_ind_01")
build = bms.rerun_fn(lay, run, measure, measure.years[-1], fixed=variant == "fixed", as_deck=True)
if variant == "fixed":
    if st.query_params.get("interactive") == "1":
        st.session_state[map_figure.INTERACTIVE] = True
    map_figure.show(build, lay, "bench-map", {"variant": variant, "n": n, "measure": measure.key},
                    height=MAP_HEIGHT)
else:
    st.pydeck_chart(build(), height=MAP_HEIGHT)
st.caption("Källa: SYNTETISKA TESTDATA – inte verkliga värden (bench/synthetic.py).")
