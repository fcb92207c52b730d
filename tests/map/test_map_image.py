"""The map drawn on the server as a PNG (sammanhallen.map.image): size, colours, holes, the selected
outline, the deck's framing, stable bytes, and which layers open as a picture."""
from __future__ import annotations

import inspect
import io
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from PIL import Image

from sammanhallen.map import classes as map_classes
from sammanhallen.map import deck as map_deck
from sammanhallen.map import geographies as map_geographies
from sammanhallen.map import image as map_image
from sammanhallen.map import layers as ml
from sammanhallen.map import simplify as map_simplify
from sammanhallen.map.deck import OUTLINES_UP_TO, SELECTED_COLOR, DeckOptions, build_deck

ROOT = Path(__file__).resolve().parents[2]
BOUNDS = (18.0, 59.2, 18.4, 59.4)
RED, BLUE, GREEN = [200, 30, 30, 235], [30, 60, 200, 235], [40, 160, 60, 255]


def _square(x0, y0, x1, y1):
    return [[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]


def _features():
    """Three areas: a square, a square with a hole, and an island drawn first inside that hole."""
    island = {"properties": {"area_id": "island", "fill": GREEN},
              "geometry": {"type": "Polygon", "coordinates": [_square(18.29, 59.29, 18.31, 59.31)]}}
    plain = {"properties": {"area_id": "plain", "fill": RED},
             "geometry": {"type": "Polygon", "coordinates": [_square(18.0, 59.2, 18.15, 59.4)]}}
    holed = {"properties": {"area_id": "holed", "fill": BLUE},
             "geometry": {"type": "MultiPolygon", "coordinates": [
                 [_square(18.2, 59.2, 18.4, 59.4), _square(18.25, 59.25, 18.35, 59.35)]]}}
    return [island, plain, holed]


def _pixels(png: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB"))


def _at(img: np.ndarray, lon, lat, w=400, h=300, scale=2) -> tuple:
    x, y = map_image.project(lon, lat, map_simplify.fit_view(BOUNDS, w, h), w, h, scale)
    return tuple(int(c) for c in img[int(y), int(x)])


def test_png_has_the_requested_size_times_scale():
    png = map_image.render_png(_features(), BOUNDS, 400, 300, scale=2)
    assert png.startswith(b"\x89PNG") and Image.open(io.BytesIO(png)).size == (800, 600)
    assert Image.open(io.BytesIO(map_image.render_png(_features(), BOUNDS, 410, 280, scale=1.5))).size == (615, 420)


def test_areas_have_their_fill_over_the_background_and_holes_show_the_background():
    img = _pixels(map_image.render_png(_features(), BOUNDS, 400, 300))
    assert _at(img, 18.075, 59.3) == map_image.over(RED)
    assert map_image.over(RED) == (203, 47, 47)  # 235/255 of the colour over the blank style's #f4f5f2
    assert _at(img, 18.22, 59.3) == map_image.over(BLUE)
    assert _at(img, 18.27, 59.3) == map_image.over(map_image.BACKGROUND)   # in the hole
    assert _at(img, 18.30, 59.30) == map_image.over(GREEN)  # an area inside the hole, drawn before, stays
    assert _at(img, 18.175, 59.3) == map_image.over(map_image.BACKGROUND)  # between the areas


def test_the_selected_area_is_outlined():
    selected = tuple(map_classes.hex_to_rgba(SELECTED_COLOR)[:3])
    plain = _pixels(map_image.render_png(_features(), BOUNDS, 400, 300))
    assert not (plain == selected).all(axis=2).any()
    img = _pixels(map_image.render_png(_features(), BOUNDS, 400, 300, selected="plain"))
    assert (img == selected).all(axis=2).sum() > 500
    x, y = map_image.project(18.15, 59.3, map_simplify.fit_view(BOUNDS, 400, 300), 400, 300, 2)  # the area's right edge
    assert tuple(img[int(y), int(x)]) == selected
    assert _at(img, 18.075, 59.3) == map_image.over(RED)  # the inside stays filled


def test_same_input_gives_the_same_bytes():
    a = map_image.render_png(_features(), BOUNDS, 400, 300, selected="holed")
    assert a == map_image.render_png(_features(), BOUNDS, 400, 300, selected="holed")
    assert a != map_image.render_png(_features(), BOUNDS, 400, 300, selected="plain")


def test_framing_is_the_decks_first_view():
    """The bounds centred, fitted with fit_view's padding: the areas span the picture's height less 6 %."""
    img = _pixels(map_image.render_png(_features(), BOUNDS, 400, 300, scale=1))
    drawn = np.argwhere((img != map_image.over(map_image.BACKGROUND)).any(axis=2))
    (top, left), (bottom, right) = drawn.min(axis=0), drawn.max(axis=0)
    assert abs((top + bottom) / 2 - 150) <= 1.5 and abs((left + right) / 2 - 200) <= 1.5
    assert abs(top - 0.06 * 300) <= 2 or abs(left - 0.06 * 400) <= 2  # the limiting side touches the padding


def test_background_is_the_blank_styles_and_the_width_is_fit_views():
    from components.map import figure as map_figure

    style = json.loads((ROOT / "static" / "map_blank_style.json").read_text(encoding="utf-8"))
    assert style["layers"][0]["paint"]["background-color"] == map_image.BACKGROUND
    assert inspect.signature(map_simplify.fit_view).parameters["width_px"].default == map_figure.DECK_VIEW_WIDTH
    # Streamlit re-encodes (and shrinks) a picture wider than this on every run: it is drawn no wider.
    from streamlit.elements.lib.image_utils import MAXIMUM_CONTENT_WIDTH
    assert map_figure.MAX_IMAGE_PX <= MAXIMUM_CONTENT_WIDTH


def _squares_layer(n: int):
    """n small squares in a row, each its own area with a value."""
    ids = [f"s{i}" for i in range(n)]
    cols = int(np.ceil(np.sqrt(n)))
    step = 0.4 / cols
    feats, lons, lats = [], [], []
    for i, a in enumerate(ids):
        x0, y0 = 18.0 + (i % cols) * step, 59.2 + (i // cols) * step / 2
        feats.append({"type": "Feature", "properties": {"area_id": a, "name": a},
                      "geometry": {"type": "Polygon", "coordinates": [_square(x0, y0, x0 + step * 0.9,
                                                                             y0 + step * 0.45)]}})
        lons.append(x0 + step * 0.45)
        lats.append(y0 + step * 0.225)
    areas = pd.DataFrame({"area_id": ids, "name": ids, "lon": lons, "lat": lats, "location": "polygon"})
    layer = map_geographies.GeoLayer("syn", None, areas, feats, bounds=(18.0, 59.2, 18.4, 59.2 + (n // cols + 1) * step / 2))
    values = pd.DataFrame({"area_id": ids, "value": [float(i % 5) for i in range(n)], "year": 2017})
    return layer, ml.join_values(layer, values)


def test_a_layer_above_the_threshold_opens_as_a_picture_at_it_as_the_deck():
    assert not map_image.opens_as_image(OUTLINES_UP_TO) and map_image.opens_as_image(OUTLINES_UP_TO + 1)
    assert OUTLINES_UP_TO == 1000


def test_the_picture_has_the_decks_colours():
    layer, joined = _squares_layer(9)
    opts = DeckOptions("Andel", "percent", False, map_classes.classify(joined.areas["value"], "quantiles", 3),
                       selected="s4")
    deck = build_deck(layer, joined, opts)
    layers = map_image.deck_layers(deck)
    assert [type(lyr).__name__ for lyr in layers] == ["Shapes", "Shapes", "Labels"]
    assert layers[0].features is next(lyr for lyr in deck.layers if lyr.id == "areas").data["features"]
    shapes = [lyr for lyr in layers if isinstance(lyr, map_image.Shapes)]
    img = _pixels(map_image.render_layers(shapes, layer.bounds, 400, 300, 2))
    view = map_simplify.fit_view(layer.bounds, 400, 300)
    recs = map_deck.display_records(joined, opts)
    for area_id, lon, lat in zip(layer.areas["area_id"], layer.areas["lon"], layer.areas["lat"]):
        x, y = map_image.project(lon, lat, view, 400, 300, 2)
        assert tuple(img[int(y), int(x)]) == map_image.over(recs[area_id]["fill"]), area_id


def test_labels_are_drawn_when_a_font_has_swedish_letters():
    if map_image.label_font(24) is None:
        pytest.skip("no system font with å/ä/ö")
    feats = _features()
    text = map_image.Labels([{"name": "Västerås", "lon": 18.075, "lat": 59.3}])
    with_label = _pixels(map_image.render_layers([map_image.Shapes(feats), text], BOUNDS, 400, 300, 2))
    without = _pixels(map_image.render_layers([map_image.Shapes(feats)], BOUNDS, 400, 300, 2))
    assert (with_label != without).any(axis=2).sum() > 200


def test_maps_with_symbols_stay_interactive():
    layer, joined = _squares_layer(9)
    classes = map_classes.classify(joined.areas["value"], "quantiles", 3)
    assert map_image.deck_layers(build_deck(layer, joined, DeckOptions("Antal", None, None, classes))) is not None
    for symbol in ("circles", "columns"):
        deck = build_deck(layer, joined, DeckOptions("Antal", None, None, classes, symbol=symbol))
        assert map_image.deck_layers(deck) is None, symbol


@pytest.mark.parametrize("n", [OUTLINES_UP_TO + 1])
def test_a_large_layer_draws_quickly(n):
    import time

    layer, joined = _squares_layer(n)
    deck = build_deck(layer, joined, DeckOptions("Andel", "percent", False, map_classes.classify(joined.areas["value"]),
                                                 selected="s7"))
    layers = map_image.deck_layers(deck)
    t0 = time.perf_counter()
    png = map_image.render_layers(layers, layer.bounds, 820, 560, 1460 / 820)
    assert time.perf_counter() - t0 < 5  # about 0.05 s here; generous for a loaded test machine
    assert Image.open(io.BytesIO(png)).size == (1460, 997)


def test_a_cropped_picture_keeps_the_map_and_drops_the_empty_frame():
    full = Image.open(io.BytesIO(map_image.render_png(_features(), BOUNDS, 400, 300, scale=2)))
    cropped = Image.open(io.BytesIO(map_image.render_layers([map_image.Shapes(_features())], BOUNDS, 400, 300, 2,
                                                            crop=True)))
    assert cropped.size[0] <= full.size[0] and cropped.size[1] <= full.size[1]
    assert cropped.size != full.size
    # every coloured pixel of the full picture is still there, with the margin around it
    margin = 2 * map_image.CROP_MARGIN_PX
    left, top, right, bottom = full.getbbox()
    assert cropped.size == (min(right + margin, 800) - max(left - margin, 0), min(bottom + margin, 600) - max(top - margin, 0))
