"""Build the pydeck deck of the map explorer (plain Python; pydeck only, no streamlit).

Layer ids are stable: the page reads the clicked object from ``selection["objects"][<layer id>]``.
No basemap is fetched: the deck names a blank local style (``static/map_blank_style.json``, served at
``/app/static/``), and the map draws on that plain background with municipality or borough outlines
as context, so nothing is requested outside the app's own server.
"""
from __future__ import annotations

import html
import json
import math
import string
import weakref
from dataclasses import dataclass, field

import pandas as pd
import pydeck as pdk
from pydeck.bindings.json_tools import default_serialize

from sammanhallen.citations import cite, labelled
from sammanhallen.formatting import format_value, is_missing
from sammanhallen.i18n import MISSING, t
from sammanhallen.map.classes import NO_DATA_COLOR, Classes, hex_to_rgba, palette
from sammanhallen.map.geographies import APPROXIMATE_NOTE, DOCUMENTED_NOTE, GeoLayer
from sammanhallen.map.data import NO_VALUE
from sammanhallen.map.layers import JoinResult
from sammanhallen.map.simplify import fit_view, limit_labels

AREA_LAYER = "areas"
POINT_LAYER = "points"
APPROX_LAYER = "points-approx"
SYMBOL_LAYER = "symbols"
COLUMN_LAYER = "columns"
SELECTABLE_LAYERS = (AREA_LAYER, POINT_LAYER, APPROX_LAYER, SYMBOL_LAYER, COLUMN_LAYER)
OVERLAY_COLORS = {"prioritised_sdn": "#08306b", "above_average_stadsdel": "#6a1b9a"}
SELECTED_COLOR = "#111111"
MAP_HEIGHT = 560
# A local, blank MapLibre style served by Streamlit's static file serving (static/). Streamlit falls back
# to a Carto basemap from the internet when a deck has no map style, so the map always names this one.
BLANK_STYLE_URL = "/app/static/map_blank_style.json"

TOOLTIP_STYLE = {"backgroundColor": "#ffffff", "color": "#1a1a1a", "fontSize": "12px", "border": "1px solid #999",
                 "maxWidth": "320px", "whiteSpace": "pre-line"}  # the note's lines are joined by newlines


def tooltip(measure_name: str) -> dict:
    """The hover text: the measure's name is written once here, not into every area's properties."""
    measure = html.escape(measure_name).replace("{", "(").replace("}", ")")
    return {"html": f"<b>{{name}}</b><br/>{measure}: {{value_label}}<br/>{{note}}", "style": TOOLTIP_STYLE}


class CompactDeck(pdk.Deck):
    """A Deck whose JSON (what Streamlit sends to the browser) has no indentation: pydeck indents by
    two spaces, which puts every coordinate on its own line and multiplies the payload."""

    def to_json(self):
        return json.dumps(self, default=default_serialize, separators=(",", ":"))


class FrozenDeck:
    """A built deck as ``st.pydeck_chart`` reads it, with its JSON serialised once. The map page keeps one per
    view and shares it between sessions: building the deck and serialising it were about a quarter of a map
    rerun (py-spy, today's boroughs). Only the JSON and the tooltip are kept, not the deck's layers."""
    layers = None      # st.pydeck_chart's pandas 3 conversion of layer data: already done below
    mapbox_key = None
    width = None

    def __init__(self, deck: pdk.Deck):
        for layer in deck.layers:  # as Streamlit does for pandas 3: pydeck cannot serialise a DataFrame there
            data = layer.data() if isinstance(layer.data, weakref.ref) else layer.data
            if isinstance(data, pd.DataFrame):
                layer.data = data.to_dict(orient="records")
        self._json = deck.to_json()
        self._tooltip = getattr(deck, "_tooltip", None)

    def to_json(self) -> str:
        return self._json


@dataclass
class DeckOptions:
    measure_name: str
    unit: str | None
    higher_is_better: object
    classes: Classes
    lang: str = "sv"
    symbol: str = "fill"                 # fill | circles | columns
    overlay: dict[str, set] = field(default_factory=dict)   # kind -> area_ids
    selected: str | None = None
    label_all: bool = True
    height: int = MAP_HEIGHT


def display_records(joined: JoinResult, opts: DeckOptions) -> dict[str, dict]:
    """Per area: the properties drawn and shown in the tooltip (colour, value label, flags)."""
    colors = palette(opts.classes.k, opts.higher_is_better)
    lang = opts.lang
    out = {}
    a = joined.areas
    cols = [c for c in ("area_id", "name", "value", "gap", "year", "source_publisher", "source_year", "source_title", "confidence",
                        "location", "lon", "lat") if c in a]
    lists = [a[c].tolist() for c in cols]  # plain lists: far cheaper than DataFrame.to_dict on every rerun
    for values in zip(*lists):
        r = dict(zip(cols, values))
        v = r.get("value")
        missing = is_missing(v) or v is pd.NA
        cls = None if missing else opts.classes.class_of(v)
        fill = NO_DATA_COLOR if cls is None else colors[cls]
        if missing:
            gap = r.get("gap") or ""
            value_label = MISSING.in_(lang) + (f" ({gap})" if gap and gap not in (NO_VALUE.sv, NO_VALUE.en) else "")
        else:
            value_label = format_value(float(v), opts.unit, lang)
        year = r.get("year")
        src = r.get("source_publisher") or ""
        title = r.get("source_title") or ""
        flags = []
        if r.get("confidence") == "low":
            flags.append(t("* Låg tillförlitlighet", "* Low confidence", lang))
        if r.get("location") == "approximate":
            flags.append(APPROXIMATE_NOTE.in_(lang))
        elif r.get("location") == "documented":
            flags.append(DOCUMENTED_NOTE.in_(lang))
        elif r.get("location") == "schematic":
            flags.append(t("schematisk placering", "schematic position", lang))
        out[r["area_id"]] = {
            "area_id": r["area_id"], "name": r["name"] + (" *" if r.get("confidence") == "low" else ""),
            "value": None if missing else float(v), "cls": cls, "fill": hex_to_rgba(fill, 235),
            "value_label": value_label,
            "year_label": t(f"År: {int(year)}", f"Year: {int(year)}", lang) if not is_missing(year) else "",
            "source_label": labelled(cite(src, r.get("source_year"), title), lang) if not missing else "",
            "flag_label": "; ".join(flags),
            "lon": r["lon"], "lat": r["lat"], "location": r.get("location", "polygon"),
        }
        out[r["area_id"]]["note"] = _note(out[r["area_id"]])
    return out


# What a polygon needs in the browser: its id for a click, its colour and the tooltip's text. Values,
# classes and centre points stay on the server (the point layers get them from the records).
POLYGON_PROPERTIES = ("area_id", "name", "fill", "value_label", "note")
NOTE_PARTS = ("year_label", "source_label", "flag_label")
# Above this many polygons the tooltip leaves out a year and source every area shares: the legend under
# the map states them once, and repeating them 6 000 times was 40 % of the browser payload.
SHARED_LABELS_ABOVE = 1000
# Above this many polygons the areas are drawn without outlines: at the opening zoom the lines are denser
# than the pixels, and in a browser without a GPU drawing them took 8 of the 13 s to the first map paint
# (6 000 polygons, bench/bench_map_scale.py). The selected area keeps its black outline.
OUTLINES_UP_TO = 1000


def _features(features: list[dict], recs: dict[str, dict], keep=None) -> list[dict]:
    shared = _shared_labels(recs) if len(features) > SHARED_LABELS_ABOVE else {}
    out = []
    for f in features:
        aid = f["properties"].get("area_id")
        if keep is not None and aid not in keep:
            continue
        rec = recs.get(aid, {"area_id": aid, "name": f["properties"].get("name", "")})
        props = {k: rec[k] for k in POLYGON_PROPERTIES if k in rec}
        props["note"] = _note(rec, shared)
        out.append({"type": "Feature", "properties": props, "geometry": f["geometry"]})
    return out


def _note(rec: dict, shared: dict[str, str] | None = None) -> str:
    """Year, source and flags of an area on their own lines, leaving out what the legend states for all."""
    shared = shared or {}
    return "\n".join(rec[k] for k in NOTE_PARTS if rec.get(k) and rec.get(k) != shared.get(k))


def _shared_labels(recs: dict[str, dict]) -> dict[str, str]:
    """The year and source labels when every area with a value has the same one."""
    shared = {}
    for key in ("year_label", "source_label"):
        texts = {r.get(key) for r in recs.values() if r.get("value") is not None}
        if len(texts) == 1:
            shared[key] = texts.pop()
    return shared


def build_deck(layer: GeoLayer, joined: JoinResult, opts: DeckOptions) -> pdk.Deck:
    """The map as deck.gl layers, bottom to top: context, areas, borough lines, overlay, points or
    symbols, the selected area, labels."""
    recs = display_records(joined, opts)
    polygons_have_points = layer.key == "u15"
    symbols = opts.symbol in ("circles", "columns")
    needs_points = not layer.features or polygons_have_points or symbols
    pts = pd.DataFrame(list(recs.values())) if needs_points else None
    layers = _context_below(layer) + _area_layers(layer, recs, symbols) + _context_above(layer) + _overlay_layers(layer, opts)
    if not layer.features or polygons_have_points:
        layers += [] if symbols else _point_layers(pts)
    if symbols:
        layers += _symbol_layers(layer, pts, opts.symbol)
    if opts.selected and opts.selected in recs:
        layers.append(_selected_layer(layer, recs, opts.selected, polygons_have_points))
    layers += _label_layers(layer, recs, opts, points=not layer.features or polygons_have_points)
    view = fit_view(layer.bounds, height_px=opts.height)
    if opts.symbol == "columns":
        view.update(pitch=45, bearing=0)
    return CompactDeck(layers=layers, initial_view_state=pdk.ViewState(**view), map_provider="carto", map_style=BLANK_STYLE_URL,
                       tooltip=tooltip(opts.measure_name), height=opts.height)


def _context_below(layer: GeoLayer) -> list[pdk.Layer]:
    """Context under the areas (Sweden's municipalities for Urban15 maps)."""
    if not (layer.context and layer.key in ("kommun", "u15")):
        return []
    return [pdk.Layer("GeoJsonLayer", {"type": "FeatureCollection", "features": layer.context},
                      id="context", filled=True, stroked=True, get_fill_color=[236, 236, 230, 255],
                      get_line_color=[175, 175, 170, 255], line_width_min_pixels=0.6, pickable=False)]


def _area_layers(layer: GeoLayer, recs: dict[str, dict], symbols: bool) -> list[pdk.Layer]:
    """The areas filled by class (a neutral fill under circles or columns)."""
    if not layer.features:
        return []
    feats = _features(layer.features, recs)
    if symbols:
        for f in feats:
            f["properties"]["fill"] = [246, 246, 242, 255]
    return [pdk.Layer(
        "GeoJsonLayer", {"type": "FeatureCollection", "features": feats}, id=AREA_LAYER,
        filled=True, stroked=len(feats) <= OUTLINES_UP_TO, get_fill_color="properties.fill", get_line_color=[255, 255, 255, 255],
        line_width_min_pixels=0.8, pickable=True, auto_highlight=True, highlight_color=[0, 0, 0, 40],
    )]


def _context_above(layer: GeoLayer) -> list[pdk.Layer]:
    """Context drawn on top of the areas (borough lines over the 117 stadsdelar)."""
    if not (layer.context and layer.key == "sd"):
        return []
    return [pdk.Layer("GeoJsonLayer", {"type": "FeatureCollection", "features": layer.context},
                      id="context", filled=False, stroked=True, get_line_color=[90, 90, 90, 200],
                      line_width_min_pixels=1.4, pickable=False)]


def _overlay_layers(layer: GeoLayer, opts: DeckOptions) -> list[pdk.Layer]:
    """Overlay: the programme's priority areas, outlined."""
    out = []
    for kind, ids in (opts.overlay or {}).items():
        feats = [f for f in layer.outlines.get(kind, []) if f["properties"].get("area_id") in ids]
        if feats:
            out.append(pdk.Layer("GeoJsonLayer", {"type": "FeatureCollection", "features": feats},
                                 id=f"overlay-{kind}", filled=False, stroked=True,
                                 get_line_color=hex_to_rgba(OVERLAY_COLORS[kind]),
                                 line_width_min_pixels=3.2 if kind == "prioritised_sdn" else 2.0, pickable=False))
    return out


def _point_layers(pts: pd.DataFrame) -> list[pdk.Layer]:
    """Areas drawn as points: solid where the location is known, a ring where it is approximate."""
    solid = pts[pts["location"] != "approximate"].to_dict("records")
    hollow = pts[pts["location"] == "approximate"].to_dict("records")
    out = []
    if solid:
        out.append(pdk.Layer("ScatterplotLayer", solid, id=POINT_LAYER, get_position=["lon", "lat"],
                             get_fill_color="fill", get_line_color=[40, 40, 40, 255], stroked=True,
                             filled=True, radius_units="'pixels'", get_radius=8, line_width_min_pixels=1.2,
                             pickable=True, auto_highlight=True))
    if hollow:
        out.append(pdk.Layer("ScatterplotLayer", hollow, id=APPROX_LAYER, get_position=["lon", "lat"],
                             get_line_color="fill", stroked=True, filled=False, radius_units="'pixels'",
                             get_radius=8, line_width_units="'pixels'", get_line_width=4, pickable=True,
                             auto_highlight=True))
        out.append(pdk.Layer("ScatterplotLayer", hollow, id="points-approx-ring",
                             get_position=["lon", "lat"], get_line_color=[60, 60, 60, 255], stroked=True,
                             filled=False, radius_units="'pixels'", get_radius=10.5,
                             line_width_units="'pixels'", get_line_width=1, pickable=False))
    return out


def _symbol_layers(layer: GeoLayer, pts: pd.DataFrame, symbol: str) -> list[pdk.Layer]:
    """Proportional circles (area ~ value) or columns (height ~ value), scaled to the map's width."""
    vals = pts.dropna(subset=["value"])
    vmax = float(vals["value"].abs().max()) if len(vals) else 0.0
    if vmax <= 0:
        return []
    span_m = max((layer.bounds[2] - layer.bounds[0]) * 111_000 * math.cos(math.radians(layer.bounds[1])), 1000)
    pts_v = vals.to_dict("records")
    if symbol == "circles":
        rmax = span_m * 0.045
        for p in pts_v:
            p["radius"] = rmax * math.sqrt(abs(p["value"]) / vmax)
        return [pdk.Layer("ScatterplotLayer", pts_v, id=SYMBOL_LAYER, get_position=["lon", "lat"],
                          get_radius="radius", radius_min_pixels=3, get_fill_color="fill",
                          get_line_color=[40, 40, 40, 255], stroked=True, line_width_min_pixels=1,
                          pickable=True, auto_highlight=True, opacity=0.85)]
    hmax = span_m * 0.25
    for p in pts_v:
        p["elevation"] = hmax * abs(p["value"]) / vmax
    return [pdk.Layer("ColumnLayer", pts_v, id=COLUMN_LAYER, get_position=["lon", "lat"],
                      get_elevation="elevation", elevation_scale=1, radius=span_m * 0.008,
                      get_fill_color="fill", extruded=True, pickable=True, auto_highlight=True)]


def _selected_layer(layer: GeoLayer, recs: dict[str, dict], selected: str, polygons_have_points: bool) -> pdk.Layer:
    """The selected area, outlined in black (a ring where the area is a point)."""
    sel_feats = [f for f in layer.features if f["properties"].get("area_id") == selected]
    if sel_feats and not polygons_have_points:
        return pdk.Layer("GeoJsonLayer", {"type": "FeatureCollection", "features": sel_feats},
                         id="selected", filled=False, stroked=True,
                         get_line_color=hex_to_rgba(SELECTED_COLOR), line_width_min_pixels=3.5)
    return pdk.Layer("ScatterplotLayer", [recs[selected]], id="selected",
                     get_position=["lon", "lat"], filled=False, stroked=True, radius_units="'pixels'",
                     get_radius=14, line_width_units="'pixels'", get_line_width=3,
                     get_line_color=hex_to_rgba(SELECTED_COLOR))


def _label_layers(layer: GeoLayer, recs: dict[str, dict], opts: DeckOptions, points: bool) -> list[pdk.Layer]:
    """Labels where legible: all areas on small maps; on the 117 stadsdelar only those with a value or selected.
    Urban15 districts cluster at this scale: label their municipalities, and the selected district."""
    label_rows = [r for r in recs.values()
                  if r["area_id"] == opts.selected or (layer.context_labels is None and (
                      opts.label_all or r["value"] is not None))]
    label_rows = limit_labels(label_rows, opts.selected)  # thousands of labels are unreadable and heavy
    if layer.context_labels is not None:
        label_rows = label_rows + [{"name": n, "lon": x, "lat": y + 0.12} for n, x, y in
                                   zip(layer.context_labels["name"], layer.context_labels["lon"],
                                       layer.context_labels["lat"])]
    if not label_rows:
        return []
    # deck.gl only draws the characters it is given (ASCII by default, no å/ä/ö).
    chars = sorted(set(string.printable[:95]) | set("".join(r["name"] for r in label_rows)))
    labels = pdk.Layer("TextLayer", [{"name": r["name"], "lon": r["lon"], "lat": r["lat"]} for r in label_rows],
                       id="labels", get_position=["lon", "lat"], get_text="name", get_size=12,
                       size_units="'pixels'", get_color=[25, 25, 25, 255],
                       font_family="'Helvetica, Arial, sans-serif'", font_weight=600,
                       background=True, get_background_color=[255, 255, 255, 170],
                       background_padding=[2, 1], get_text_anchor="'middle'",
                       get_alignment_baseline="'center'",
                       get_pixel_offset=[0, -14] if points else [0, 0],
                       pickable=False)
    # Set after construction: pydeck would turn a list argument (or "auto") into an "@@=" expression.
    labels.__dict__["characterSet"] = chars
    return [labels]
