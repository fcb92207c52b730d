"""Streamlit pieces of the map explorer: URL-synced controls, the deck, legend, side panel, table.

Geometry is built once per (geography, vintage) and cached; a rerun that changes only the measure or
the year joins new values onto the cached features and rebuilds the (light) deck.
"""
from __future__ import annotations

import html
import json

import altair as alt
import pandas as pd
import streamlit as st

from components import db, state
from components.i18n import lang, t
from sammanhallen.map import classes as map_classes
from sammanhallen.map import data as map_data
from sammanhallen.map import geographies as map_geographies
from sammanhallen.map import layers as ml
from sammanhallen.citations import source_line
from sammanhallen.map.boundaries import VINTAGES
from sammanhallen.formatting import format_number, format_value, is_missing
from sammanhallen.map.deck import OUTLINES_UP_TO, OVERLAY_COLORS, SELECTABLE_LAYERS
from sammanhallen.map import view

CONFIDENCE = {"sv": {"high": "hög", "medium": "medel", "low": "låg"},
              "en": {"high": "high", "medium": "medium", "low": "low"}}
VIEW_KEY = "map_view"          # the current params (strings), mirrored in the URL
W = {k: f"map_{k}" for k in view.DEFAULTS}   # widget keys


@st.cache_resource(show_spinner=False, max_entries=8)  # a decorator argument would freeze one language
def geography(geo: str, vintage: str | None) -> map_geographies.GeoLayer:
    return map_geographies.load_geography(geo, vintage)


@st.cache_resource(show_spinner=False, max_entries=16)  # shared and read only, like the geography
def _measures(geo: str, vintage: str | None, version: tuple, _layer: map_geographies.GeoLayer) -> list[map_data.Measure]:
    return map_data.measures(db.run, _layer.area_ids, geo)


def _lbl(pair) -> str:
    return pair[1] if lang() == "en" else pair[0]


# ------------------------------------------------------------------------------------------ params


def current_params() -> dict:
    """Params from the URL on first load, afterwards from the session."""
    if VIEW_KEY not in st.session_state:
        st.session_state[VIEW_KEY] = view.normalise(dict(st.query_params))
        st.session_state["map_first_load"] = True
    p = st.session_state[VIEW_KEY]
    for k, key in W.items():
        if key not in st.session_state and k not in ("measure", "year", "area"):
            st.session_state[key] = p[k]
    return p


def write_url(params: dict) -> None:
    """Write the view into the URL (only keys that differ from the defaults; lang is kept)."""
    st.session_state[VIEW_KEY] = params
    for k, v in params.items():
        if v and v != view.DEFAULTS.get(k) or (k in ("measure", "year") and v):
            if st.query_params.get(k) != v:
                st.query_params[k] = v
        elif k in st.query_params:
            del st.query_params[k]


def controls(p: dict) -> tuple[dict, map_geographies.GeoLayer, list, map_data.Measure | None, int | None, list]:
    """The control row. Returns the new params, the geography layer, measures, measure, year, messages."""
    c1, c2, c3, c4 = st.columns([1.6, 2.0, 1.2, 1.3], vertical_alignment="bottom")
    geo = c1.selectbox(t("Indelning", "Geography"), list(map_geographies.GEOGRAPHIES), key=W["geo"],
                       format_func=lambda k: _lbl((map_geographies.GEOGRAPHIES[k].label_sv, map_geographies.GEOGRAPHIES[k].label_en)))
    vintage = None
    if geo == "sdo":
        vintage = c1.radio(t("Indelning av stadsdelsområden", "Borough division"), list(VINTAGES), key=W["vintage"],
                           format_func=lambda v: _lbl(map_geographies.VINTAGE_LABELS[v]), horizontal=True)
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
                              format_func=lambda s: _lbl(map_classes.SCHEMES[s]))
        if isinstance(st.session_state.get(W["k"]), str):
            st.session_state[W["k"]] = int(st.session_state[W["k"]])
        k = e2.slider(t("Antal klasser", "Number of classes"), map_classes.K_RANGE[0], map_classes.K_RANGE[1], key=W["k"])
        sym = "fill"
        if measure.is_count:
            sym = e3.radio(t("Visa som", "Draw as"), list(view.SYMBOLS), key=W["sym"],
                           format_func=lambda s: _lbl(view.SYMBOLS[s]))
        else:
            e3.caption(t("Cirklar och staplar finns för antal och belopp.", "Circles and columns exist for counts and amounts."))
    params = {**p, "geo": geo, "vintage": vintage or p["vintage"], "measure": measure.key, "year": str(year),
              "scheme": scheme, "k": str(k), "overlay": overlay if map_geographies.GEOGRAPHIES[geo].stockholm else p["overlay"],
              "sym": sym}
    return params, layer, measures, measure, int(year), messages


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
    return _measure_view(_view_key(params), lang(), db.data_version(), len(layer.area_ids), layer, measure, year)


def _view_key(params: dict) -> str:
    """What the map's values, classes and table depend on (not the selected area, overlay or symbols)."""
    return json.dumps({k: params.get(k) for k in ("geo", "vintage", "measure", "year", "scheme", "k")}, sort_keys=True)


# A resource, not data: the joined features share the layer's cached geometry, which pickling (st.cache_data)
# would copy on every run. The results are shared between sessions and read only.
@st.cache_resource(show_spinner=False, max_entries=64)
def _measure_view(key: str, language: str, version: tuple, n_areas: int, _layer: map_geographies.GeoLayer,
                  _measure: map_data.Measure, year: int):
    params = json.loads(key)
    values = map_data.values(db.run, _measure, year, _layer.area_ids, language)
    joined = ml.join_values(_layer, values.rows)
    classes = map_classes.classify(joined.areas["value"], params["scheme"], int(params["k"]))
    entries = map_classes.legend_entries(classes, joined.areas["value"], _measure.higher_is_better, _measure.unit, language,
                                len(joined.missing))
    return values, joined, classes, entries, source_line(values.rows, language, "year")


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
        sw_style = (f"background:repeating-linear-gradient(45deg,{e.color} 0 4px,#f4f4f4 4px 7px);border:1px solid #9a9a9a"
                    if e.no_data else f"background:{e.color};border:1px solid rgba(0,0,0,.25)")
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
                 "above_average_stadsdel": t("Stadsdel över stadens snitt i socialt riskindex",
                                             "District above the city's average social-risk index")}
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
                     "background:transparent'></span>" + html.escape(map_geographies.APPROXIMATE_NOTE[lang()]) + "</div>")
        items.append("<div class='lg-row'><span class='sw' style='border-radius:50%;background:#999;"
                     "border:1px solid #333'></span>" + t("läge från polygon eller dokumenterad koordinat",
                                                          "location from a polygon or a documented coordinate") + "</div>")
    scheme = _lbl(map_classes.SCHEMES[classes.scheme]).split(" (")[0]
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
             f"<div class='lg-note'>{html.escape(_lbl((layer.source_sv, layer.source_en)))}</div></div>"]
    st.markdown("".join(parts), unsafe_allow_html=True)


# --------------------------------------------------------------------------------------- side panel


def side_panel(area_id: str, layer: map_geographies.GeoLayer, measure: map_data.Measure, year: int, rows: pd.DataFrame,
               geo: str) -> None:
    areas = layer.areas.set_index("area_id")
    name = areas.loc[area_id, "name"]
    state.put("area_id", area_id)
    state.put("area_name", name)
    with st.container(key="map-panel", border=True):
        st.subheader(name)
        st.page_link("pages/area.py", label=t("Öppna områdesprofilen", "Open the area profile"), query_params={"area": area_id})
        if areas.loc[area_id, "location"] == "approximate":
            st.caption(map_geographies.APPROXIMATE_NOTE[lang()])
        row = rows[rows["area_id"] == area_id]
        value = row["value"].iloc[0] if len(row) else None
        rank = ml.rank_of(rows, area_id)
        noun = _lbl((map_geographies.GEOGRAPHIES[geo].noun_sv, map_geographies.GEOGRAPHIES[geo].noun_en))
        low = len(row) and row["confidence"].iloc[0] == "low"
        st.metric(f"{measure.name(lang())} {year}",
                  format_value(value, measure.unit, lang()) + (" *" if low else "") if not is_missing(value)
                  else t("Uppgift saknas", "No data"))
        if rank:
            st.markdown(t(f"**Rang:** {rank[0]} av {rank[1]} {noun} med värde (1 = högst)",
                          f"**Rank:** {rank[0]} of {rank[1]} {noun} with a value (1 = highest)"))
        else:
            st.caption(t("Ingen rang: området saknar värde för året.", "No rank: the area has no value for the year."))
        if low:
            st.caption(t("* Låg tillförlitlighet enligt källan.", "* Low confidence according to the source."))
        trend(area_id, measure)
        figures = db.run("map_area_figures", area_id=area_id, year=int(year))
        st.markdown("**" + t(f"Alla uppgifter för {year}", f"All figures for {year}") + "**")
        if figures.empty:
            st.caption(t(f"Inga uppgifter för området {year}.", f"No figures for the area in {year}."))
        else:
            # A list, not a table: the panel is narrow and a table hid the values off to the right.
            lines = [
                f"- {name}: **{format_value(v, u, lang())}**{LOW_MARK if c == 'low' else ''}  \n"
                f"  <small>{CONFIDENCE[lang()].get(c, c)} · {publisher}</small>"
                for name, v, u, c, publisher in zip(figures["name_en" if lang() == "en" else "name_sv"], figures["value"],
                                                    figures["unit"], figures["confidence"], figures["source_publisher"])
            ]
            st.markdown("\n".join(lines), unsafe_allow_html=True)
            srcs = figures.drop_duplicates("source_id")
            st.markdown("**" + t("Källor", "Sources") + "**")
            for _, s in srcs.iterrows():
                yr = f" ({int(s['source_year'])})" if not pd.isna(s["source_year"]) else ""
                link = f" – {s['source_url']}" if s["source_url"] else ""
                st.caption(f"{s['source_publisher']}{yr}: {s['source_title']}{link}")


def trend(area_id: str, measure: map_data.Measure) -> None:
    s = map_data.series(db.run, measure, area_id)
    if s.empty or s["value"].notna().sum() == 0:
        st.caption(t("Ingen tidsserie för området.", "No time series for the area."))
        return
    full = map_data.with_gaps(s)
    base = alt.Chart(full).encode(
        x=alt.X("year:O", title=None, axis=alt.Axis(labelAngle=0, labelOverlap=True)),
        y=alt.Y("value:Q", title=None, axis=alt.Axis(format="~s", tickCount=3), scale=alt.Scale(zero=False)),
        tooltip=[alt.Tooltip("year:O", title=t("År", "Year")), alt.Tooltip("value:Q", title=t("Värde", "Value"))])
    line = base.mark_line(color="#1d5fa7", invalid="break-paths-show-domains")
    pts = base.mark_point(filled=True, color="#1d5fa7", size=45).transform_filter("isValid(datum.value)")
    st.altair_chart((line + pts).properties(height=140, title=alt.TitleParams(
        t("Utveckling (luckor = år utan värde)", "Over time (gaps = years without a value)"), fontSize=12)),
        width="stretch")
    st.caption(source_line(s.dropna(subset=["value"]), lang(), "year"))


# ------------------------------------------------------------------------------------------ table


LOW_MARK = " \\*"  # an escaped asterisk: a bare one after bold text would start emphasis


def table(rows: pd.DataFrame, layer: map_geographies.GeoLayer, measure: map_data.Measure, classes: map_classes.Classes,
          entries: list[map_classes.LegendEntry], year: int, geo: str, params: dict) -> None:
    language = lang()
    out = _table_frame(_view_key(params), language, db.data_version(), rows, measure, classes, entries, year)
    st.markdown("#### " + t("Samma uppgifter som tabell", "The same data as a table"))
    st.dataframe(out, hide_index=True, key="map-table", column_config={
        t("Rang", "Rank"): st.column_config.NumberColumn(format="%d", help=t("1 = högst värde; sortera på rang för att sortera på värde",
                                                                           "1 = highest value; sort by rank to sort by value"))},
                 placeholder="–")
    st.download_button(t("Ladda ner CSV", "Download CSV"), data=lambda: ml.csv_bytes(out, language),
                       file_name=f"karta_{geo}_{measure.key}_{year}.csv", mime="text/csv", key="map-csv",
                       on_click="ignore")


@st.cache_data(show_spinner=False, max_entries=64)
def _table_frame(key: str, language: str, version: tuple, _rows: pd.DataFrame, _measure: map_data.Measure,
                 _classes: map_classes.Classes, _entries: list[map_classes.LegendEntry], year: int) -> pd.DataFrame:
    """The table as shown, formatted once per map view (``measure_view``'s key), language and data version."""
    data, measure, classes, entries = _rows, _measure, _classes, _entries  # joined.areas: NaN = no data
    data = data.assign(value=pd.to_numeric(data["value"], errors="coerce"))
    ranks = data["value"].rank(method="min", ascending=False)
    cls_label = [entries[classes.class_of(v)].label if classes.class_of(v) is not None else
                 t("Uppgift saknas", "No data") for v in data["value"]]
    out = pd.DataFrame({
        t("Område", "Area"): data["name"],
        t("Värde", "Value"): [format_value(v, measure.unit, language) for v in data["value"]],
        t("Rang", "Rank"): ranks.astype("Int64"),
        t("Klass", "Class"): cls_label,
        t("År", "Year"): year,
        t("Tillförlitlighet", "Confidence"): data["confidence"].map(CONFIDENCE[language]).fillna(""),
        t("Källa", "Source"): data["source_title"].fillna(""),
        t("Anmärkning", "Note"): [g if is_missing(v) else (n or "") for v, g, n in
                                  zip(data["value"], data["gap"].fillna(""), data["note"].fillna(""))],
        "area_id": data["area_id"],
    }).sort_values(t("Rang", "Rank"), na_position="last")
    return out


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
    st.selectbox(t("Område", "Area"), options, key=PICK,
                 format_func=lambda a: names.get(a, t("– välj område –", "– choose an area –")))
    if area and st.button(t("Rensa markering", "Clear selection"), key="map-clear-btn"):
        st.session_state["map_clear"] = True
        st.rerun()
