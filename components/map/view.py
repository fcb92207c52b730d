"""Streamlit pieces of the map explorer: the measure's values and legend, the overlay, the area selection.
The control row is in components/map/controls.py, the side panel and table in components/map/panel.py.

Geometry is built once per (geography, vintage) and cached; a rerun that changes only the measure or
the year joins new values onto the cached features and rebuilds the (light) deck.
"""
from __future__ import annotations

import html
import json

import pandas as pd
import streamlit as st

from components import db, state
from components.i18n import lang, t, text
from sammanhallen.map import classes as map_classes
from sammanhallen.map import data as map_data
from sammanhallen.map import geographies as map_geographies
from sammanhallen.formatting import format_number
from sammanhallen.map.deck import OUTLINES_UP_TO, OVERLAY_COLORS, SELECTABLE_LAYERS
from sammanhallen.map.measure import measure_view as build_measure_view

# ------------------------------------------------------------------------------------------ map


def priority_overlay(geo: str) -> tuple[dict[str, set], pd.DataFrame]:
    return _priority_overlay(db.data_version())


@st.cache_data(show_spinner=False, max_entries=4)
def _priority_overlay(version: tuple) -> tuple[dict[str, set], pd.DataFrame]:
    rows = db.run("map_priority_areas")
    return {kind: set(g["area_id"]) for kind, g in rows.groupby("kind")}, rows


def measure_view(params: dict, layer: map_geographies.GeoLayer, measure: map_data.Measure, year: int):
    """(values, joined, classes, legend entries, source line) of the map for the params, computed once per
    geography, measure, year, classification, language and data version: every session opening the same
    map (and every rerun that only changes the selected area) reuses them."""
    return _measure_view(view_key(params), lang(), db.data_version(), len(layer.area_ids), layer, measure, year)


def view_key(params: dict) -> str:
    """What the map's values, classes and table depend on (not the selected area, overlay or symbols)."""
    return json.dumps({k: params.get(k) for k in ("geo", "vintage", "measure", "year", "scheme", "k")}, sort_keys=True)


# A resource, not data: the joined features share the layer's cached geometry, which pickling (st.cache_data)
# would copy on every run. The results are shared between sessions and read only.
@st.cache_resource(show_spinner=False, max_entries=64)
def _measure_view(key: str, language: str, version: tuple, n_areas: int, _layer: map_geographies.GeoLayer,
                  _measure: map_data.Measure, year: int):
    params = json.loads(key)
    return build_measure_view(db.run, _layer, _measure, year, params["scheme"], int(params["k"]), language)


def read_selection(event, layer: map_geographies.GeoLayer, chart_key: str) -> str | bool:
    """The newly clicked area_id, or False when the chart's selection did not change to an area."""
    sel = (event or {}).get("selection") if isinstance(event, dict) or hasattr(event, "get") else None
    objects = (sel or {}).get("objects") or {}
    clicked = None
    for layer_id in SELECTABLE_LAYERS:
        for obj in objects.get(layer_id) or []:
            props = obj.get("properties", obj) if isinstance(obj, dict) else {}
            if props.get("area_id") in set(layer.area_ids):
                clicked = props["area_id"]
                break
        if clicked:
            break
    signature = repr(sorted((k, [str((o.get("properties", o) or {}).get("area_id")) for o in v or []])
                            for k, v in objects.items()))
    seen_key = f"{chart_key}-seen"
    previous = st.session_state.get(seen_key)
    st.session_state[seen_key] = signature
    # An empty selection is ignored (the chart also clears it when its data changes); clear with the button.
    if previous == signature or clicked is None:
        return False
    return clicked


def legend(entries: list[map_classes.LegendEntry], measure: map_data.Measure, classes: map_classes.Classes, year: int,
           geo: str, overlay: dict | None, overlay_rows: pd.DataFrame, sym: str, source_text: str,
           layer: map_geographies.GeoLayer) -> None:
    head = html.escape(measure.name(lang())) + f", {year}"
    items = []
    for e in entries:
        sw_style = (f"background:repeating-linear-gradient(45deg,{e.color} 0 4px,#f4f4f4 4px 7px);"
                    f"border:1px solid {map_classes.LEGEND_EDGE}" if e.no_data
                    else f"background:{e.color};border:1px solid {map_classes.LEGEND_EDGE}")
        count = "" if e.no_data else f" <span style='color:#666'>({e.count})</span>"
        items.append(f"<div class='lg-row'><span class='sw' style='{sw_style}'></span>{html.escape(e.label)}{count}</div>")
    extra = []
    if sym == "circles":
        extra.append(t("Cirkelns yta är proportionell mot värdet.", "Circle area is proportional to the value."))
    if sym == "columns":
        extra.append(t("Stapelns höjd är proportionell mot värdet.", "Column height is proportional to the value."))
    if overlay:
        src = overlay_rows.iloc[0] if len(overlay_rows) else None
        cite = (f"{src['source_publisher']} ({int(src['source_year'])}): {src['source_title']}" if src is not None else "")
        lines = {"prioritised_sdn": t("Prioriterad stadsdelsnämnd (6)", "Prioritised district council (6)"),
                 # The programme's own words (bil. 3): "index över stadens genomsnitt" for most, "högt index"
                 # (Hässelby-Vällingby) and "förhöjda indikatorer för social risk" (Farsta) for the rest.
                 "above_average_stadsdel": t("Stadsdel som programmet namnger: index över stadens genomsnitt, högt "
                                             "index eller förhöjda indikatorer för social risk",
                                             "District the programme names: index above the city's average, a high "
                                             "index or elevated indicators of social risk")}
        for kind, label in lines.items():
            if kind in overlay:
                items.append(f"<div class='lg-row'><span class='ln' style='border-color:{OVERLAY_COLORS[kind]};"
                             f"border-width:{3 if kind == 'prioritised_sdn' else 2}px'></span>{label}</div>")
        extra.append(t("Markering: ", "Outlines: ") + html.escape(cite))
    if len(layer.features) > OUTLINES_UP_TO:
        many = format_number(OUTLINES_UP_TO, 0, lang())
        extra.append(t(f"Fler än {many} områden: inga gränslinjer, och år och källa som alla har gemensamt står "
                       "här i stället för i varje områdes ruta.",
                       f"More than {many} areas: no border lines, and a year and source they all share are given "
                       "here instead of in each area's box."))
    if geo == "u15":
        items.append("<div class='lg-row'><span class='sw' style='border-radius:50%;border:3px solid #777;"
                     "background:transparent'></span>" + html.escape(text(map_geographies.APPROXIMATE_NOTE)) + "</div>")
        items.append("<div class='lg-row'><span class='sw' style='border-radius:50%;background:#999;"
                     "border:1px solid #333'></span>" + t("läge från polygon eller dokumenterad koordinat",
                                                          "location from a polygon or a documented coordinate") + "</div>")
    scheme = text(map_classes.SCHEMES[classes.scheme]).split(" (")[0]
    body = "".join(items)
    notes = "".join(f"<div class='lg-note'>{html.escape(x)}</div>" for x in extra)
    darker = (t("Mörkare = sämre", "Darker = worse") if measure.higher_is_better is not None
              else t("Mörkare = högre (ingen riktning)", "Darker = higher (no direction)"))
    css = ("<style>.map-legend{font-size:.85rem;line-height:1.35}"
           ".map-legend .lg-row{display:flex;align-items:center;gap:.45rem;margin:.12rem 0}"
           ".map-legend .sw{display:inline-block;width:1.1rem;height:.85rem;flex:none}"
           ".map-legend .ln{display:inline-block;width:1.1rem;height:.8rem;border-style:solid;flex:none}"
           ".map-legend .lg-note{color:#555;font-size:.78rem;margin-top:.2rem}</style>")
    parts = [css, f"<div class='map-legend' role='group' aria-label='{t('Teckenförklaring', 'Legend')}'>",
             f"<div><b>{head}</b></div>",
             f"<div class='lg-note'>{html.escape(scheme)}, {classes.k} "
             f"{t('klass' if classes.k == 1 else 'klasser', 'class' if classes.k == 1 else 'classes')}. {darker}.</div>",
             body, notes, f"<div class='lg-note'>{html.escape(source_text)}</div>",
             f"<div class='lg-note'>{html.escape(text((layer.source_sv, layer.source_en)))}</div></div>"]
    st.markdown("".join(parts), unsafe_allow_html=True)


# ------------------------------------------------------------------------------------------ selection

PICK = "map_area_pick"


def select_area(params: dict, layer: map_geographies.GeoLayer, chart_key: str) -> str | None:
    """The selected area: a new click wins, then a new choice in the list, then the current one (URL),
    then the area chosen on another page. Read before drawing so the outline follows at once."""
    ids = set(layer.area_ids)
    area = params.get("area") or ""
    if area not in ids:
        area = ""
    if not area and not st.session_state.get("map_area_cleared"):
        shared = state.get("area_id")
        area = shared if shared in ids else ""
    clicked = read_selection(st.session_state.get(chart_key), layer, chart_key)
    pick = st.session_state.get(PICK)
    if clicked:
        area = clicked
    elif pick is not None and pick != st.session_state.get(PICK + "_last") and (pick in ids or pick == ""):
        area = pick
    if st.session_state.get("map_clear"):
        area = ""
        st.session_state["map_clear"] = False
        st.session_state["map_area_cleared"] = True
    st.session_state[PICK] = area
    st.session_state[PICK + "_last"] = area
    return area or None


def area_picker(layer: map_geographies.GeoLayer, area: str | None) -> None:
    names = dict(zip(layer.areas["area_id"], layer.areas["name"]))
    options = [""] + sorted(names, key=lambda a: names[a])
    # The label of "no area" is looked up once: Streamlit formats every option on every run, and a t() per
    # option (a session-state read) was three quarters of a map rerun at 6 000 areas.
    none_label = t("– välj område –", "– choose an area –")
    st.selectbox(t("Område", "Area"), options, key=PICK, format_func=lambda a: names.get(a, none_label))
    if area and st.button(t("Rensa markering", "Clear selection"), key="map-clear-btn"):
        st.session_state["map_clear"] = True
        st.rerun()
