"""The map explorer's URL-synced control row: params from the URL on first load, then the session;
geography, measure, year, classification and symbols; the URL written back (components.permalink)."""
from __future__ import annotations


import streamlit as st

from components import db, permalink
from components.i18n import lang, t, text
from sammanhallen.map import classes as map_classes
from sammanhallen.map import data as map_data
from sammanhallen.map import geographies as map_geographies
from sammanhallen.map.boundaries import VINTAGES
from sammanhallen.map import view

VIEW_KEY = "map_view"          # the current params (strings), mirrored in the URL
W = {k: f"map_{k}" for k in view.DEFAULTS}   # widget keys


@st.cache_resource(show_spinner=False, max_entries=8)  # a decorator argument would freeze one language
def geography(geo: str, vintage: str | None) -> map_geographies.GeoLayer:
    return map_geographies.load_geography(geo, vintage)


@st.cache_resource(show_spinner=False, max_entries=16)  # shared and read only, like the geography
def _measures(geo: str, vintage: str | None, version: tuple, _layer: map_geographies.GeoLayer) -> list[map_data.Measure]:
    return map_data.measures(db.run, _layer.area_ids, geo)


# ------------------------------------------------------------------------------------------ params


def current_params() -> dict:
    """Params from the URL on first load, afterwards from the session."""
    if VIEW_KEY not in st.session_state:
        st.session_state[VIEW_KEY] = view.normalise(permalink.read(view.DEFAULTS))
        st.session_state["map_first_load"] = True
    p = st.session_state[VIEW_KEY]
    for k, key in W.items():
        if key not in st.session_state and k not in ("measure", "year", "area"):
            st.session_state[key] = p[k]
    return p


def write_url(params: dict) -> None:
    """Write the view into the URL (only keys that differ from the defaults; lang is kept)."""
    st.session_state[VIEW_KEY] = params
    permalink.write(params, keep=_not_default)


def _not_default(key: str, value: str) -> bool:
    # measure and year stay in the link even when they equal the default: the data decide the default
    return bool(value) and (value != view.DEFAULTS.get(key) or key in ("measure", "year"))


def controls(p: dict) -> tuple[dict, map_geographies.GeoLayer, list, map_data.Measure | None, int | None, list]:
    """The control row. Returns the new params, the geography layer, measures, measure, year, messages."""
    c1, c2, c3, c4 = st.columns([1.6, 2.0, 1.2, 1.3], vertical_alignment="bottom")
    geo = c1.selectbox(t("Indelning", "Geography"), list(map_geographies.GEOGRAPHIES), key=W["geo"],
                       format_func=lambda k: text((map_geographies.GEOGRAPHIES[k].label_sv, map_geographies.GEOGRAPHIES[k].label_en)))
    vintage = None
    if geo == "sdo":
        vintage = c1.radio(t("Indelning av stadsdelsområden", "Borough division"), list(VINTAGES), key=W["vintage"],
                           format_func=lambda v: text(map_geographies.VINTAGE_LABELS[v]), horizontal=True)
    layer = geography(geo, vintage)
    measures = _measures(geo, vintage, db.data_version(), layer)
    by_key = {m.key: m for m in measures}
    messages: list = []

    # Measure: keep the chosen one if it exists here, else the URL's, else the default.
    wanted = st.session_state.get(W["measure"]) or p.get("measure") or ""
    wanted_year = str(st.session_state.get(W["year"]) or p.get("year") or "")
    first = st.session_state.pop("map_first_load", False)
    measure, year, msgs = view.resolve(measures, {"measure": wanted, "year": wanted_year if first else ""}, geo)
    if first:
        messages += msgs
    elif wanted and wanted not in by_key and measure is not None:
        messages.append((f"Måttet finns inte för {map_geographies.GEOGRAPHIES[geo].label_sv}; visar {measure.name_sv}.",
                         f"The measure has no values for {map_geographies.GEOGRAPHIES[geo].label_en}; showing {measure.name_en}."))
    if measure is None:
        return {**p, "geo": geo, "vintage": vintage or p["vintage"]}, layer, measures, None, None, messages
    st.session_state[W["measure"]] = measure.key
    measure = c2.selectbox(t("Visa", "Show"), [m.key for m in measures], key=W["measure"],
                           format_func=lambda k: by_key[k].name(lang()) )
    measure = by_key[measure]
    # Year: only years with data for this measure at this level.
    if not first:
        try:
            year = int(wanted_year) if wanted_year and int(wanted_year) in measure.years else max(measure.years)
        except ValueError:
            year = max(measure.years)
    st.session_state[W["year"]] = year
    if len(measure.years) > 1:
        year = c3.select_slider(t("År", "Year"), options=measure.years, key=W["year"])
    else:
        c3.markdown(t(f"**År:** {year}  \n<small>enda året med värden</small>",
                      f"**Year:** {year}  \n<small>the only year with values</small>"), unsafe_allow_html=True)
    overlay = "0"
    if map_geographies.GEOGRAPHIES[geo].stockholm:
        st.session_state[W["overlay"]] = st.session_state.get(W["overlay"], p["overlay"]) in ("1", True)
        overlay = "1" if c4.toggle(t("Prioriterade områden", "Priority areas"),
                                   help=t("Programmets sex prioriterade stadsdelsnämnder och stadsdelarna över stadens "
                                          "snitt i socialt riskindex (Program för en sammanhållen stad 2015–2020)",
                                          "The programme's six prioritised district councils and the districts above "
                                          "the city's average social-risk index"),
                                   key=W["overlay"]) else "0"
    with st.expander(t("Klassindelning och symboler", "Classes and symbols")):
        e1, e2, e3 = st.columns(3)
        scheme = e1.selectbox(t("Klassindelning", "Classification"), list(map_classes.SCHEMES), key=W["scheme"],
                              format_func=lambda s: text(map_classes.SCHEMES[s]))
        if isinstance(st.session_state.get(W["k"]), str):
            st.session_state[W["k"]] = int(st.session_state[W["k"]])
        k = e2.slider(t("Antal klasser", "Number of classes"), map_classes.K_RANGE[0], map_classes.K_RANGE[1], key=W["k"])
        sym = "fill"
        if measure.is_count:
            sym = e3.radio(t("Visa som", "Draw as"), list(view.SYMBOLS), key=W["sym"],
                           format_func=lambda s: text(view.SYMBOLS[s]))
        else:
            e3.caption(t("Cirklar och staplar finns för antal och belopp.", "Circles and columns exist for counts and amounts."))
    params = {**p, "geo": geo, "vintage": vintage or p["vintage"], "measure": measure.key, "year": str(year),
              "scheme": scheme, "k": str(k), "overlay": overlay if map_geographies.GEOGRAPHIES[geo].stockholm else p["overlay"],
              "sym": sym}
    return params, layer, measures, measure, int(year), messages
