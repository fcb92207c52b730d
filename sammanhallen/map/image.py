"""The map as a PNG drawn on the server (Pillow; no streamlit): the opening view of a layer too large for the
browser to draw quickly.

In headless Chromium without a GPU deck.gl's start-up alone (its script and shader compilation in software
WebGL) takes several times a bare page's first paint, so a map of more than ``map_deck.OUTLINES_UP_TO`` areas
opens as this picture and the interactive map is one click away (components/map/figure.py).

The picture is the deck's first view: the same Web Mercator projection, centre and zoom
(``map_simplify.fit_view``; deck.gl's world is 512·2^zoom px wide), the areas' fills from the deck's own
features (``properties.fill``, [r, g, b, a], over the blank style's background), holes cut out, outlines
where the deck has them, the selected area outlined in ``map_deck.SELECTED_COLOR`` and the text labels
(in a system font with å/ä/ö, see ``LABEL_FONTS``).
No antialiasing; a line's transparency is taken over the background, not over what it crosses. The bytes
are the same for the same input (a PNG without timestamps).
"""
from __future__ import annotations

import functools
import io
import math
from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from sammanhallen.map import deck as map_deck
from sammanhallen.map.classes import NO_DATA_COLOR, hex_to_rgba
from sammanhallen.map.simplify import fit_view

BACKGROUND = "#f4f5f2"      # the background of static/map_blank_style.json, under the deck's areas
OUTLINE_PX = 3.5            # the selected area's outline, CSS px (the deck's line_width_min_pixels)
TILE_PX = 512               # deck.gl: the world is 512 · 2^zoom px wide
CROP_MARGIN_PX = 12         # around the drawn map when the picture is cropped to it, CSS px
PER_FEATURE = "properties"  # Shapes.fill: each feature's properties.fill


def opens_as_image(n_areas: int, up_to: int | None = None) -> bool:
    """True when a layer of n_areas opens as a picture: more than ``map_deck.OUTLINES_UP_TO`` areas."""
    if up_to is None:
        up_to = map_deck.OUTLINES_UP_TO  # read at call time, so a test can lower the threshold
    return n_areas > up_to


@dataclass
class Shapes:
    """One polygon layer of the picture, drawn in order."""
    features: list[dict]
    fill: object = PER_FEATURE       # PER_FEATURE, a constant [r, g, b, a], or None (not filled)
    line: list | None = None         # outline colour [r, g, b, a], or None
    line_px: float = 0.0             # outline width, CSS px


@dataclass
class Labels:
    """Text labels (the deck's TextLayer): name, lon, lat per row."""
    rows: list[dict]
    size_px: float = 12.0


def _rgb(color) -> tuple[int, int, int]:
    return tuple(hex_to_rgba(color)[:3]) if isinstance(color, str) else tuple(int(c) for c in color[:3])


def over(fill, background=BACKGROUND) -> tuple[int, int, int]:
    """An [r, g, b, a] colour (or "#rrggbb") composed over the background, as the browser shows it."""
    bg = _rgb(background)
    if isinstance(fill, str):
        fill = hex_to_rgba(fill)
    a = (fill[3] if len(fill) > 3 else 255) / 255
    return tuple(int(round(c * a + b * (1 - a))) for c, b in zip(fill[:3], bg))


def _polygons(geometry: dict | None) -> list[list]:
    """The polygons (each a list of rings, exterior first) of a Polygon or MultiPolygon geometry."""
    if not geometry:
        return []
    kind, coords = geometry.get("type"), geometry.get("coordinates") or []
    if kind == "Polygon":
        return [coords]
    if kind == "MultiPolygon":
        return list(coords)
    return []


def project(lon, lat, view: dict, width_px: float, height_px: float, scale: float = 1.0):
    """Pixel x, y (arrays) of lon/lat in a width_px × height_px map with deck.gl's view (centre, zoom)."""
    world = TILE_PX * 2 ** view["zoom"]

    def merc(lo, la):
        la = np.clip(np.asarray(la, dtype=float), -85.051129, 85.051129)
        x = (np.asarray(lo, dtype=float) + 180.0) / 360.0 * world
        y = (1 - np.log(np.tan(np.pi / 4 + np.radians(la) / 2)) / np.pi) / 2 * world
        return x, y

    cx, cy = merc(view["longitude"], view["latitude"])
    x, y = merc(lon, lat)
    return (x - cx + width_px / 2) * scale, (y - cy + height_px / 2) * scale


def render_png(features: list[dict], bounds, width_px: int, height_px: int, selected: str | None = None,
               scale: float = 2) -> bytes:
    """A PNG of round(width_px·scale) × round(height_px·scale) pixels: the areas (filled with their
    ``properties.fill``, no border lines) in the deck's first view of ``bounds``, the selected one outlined."""
    layers: list = [Shapes(features)]
    if selected is not None:
        chosen = [f for f in features if (f.get("properties") or {}).get("area_id") == selected]
        layers.append(Shapes(chosen, fill=None, line=hex_to_rgba(map_deck.SELECTED_COLOR), line_px=OUTLINE_PX))
    return render_layers(layers, bounds, width_px, height_px, scale)


def deck_layers(deck) -> list | None:
    """The deck's layers as the picture draws them (its polygon layers and text labels, in order), or None
    when the deck draws what the picture does not (points, circles, columns): such a map stays interactive."""
    out: list = []
    for lyr in deck.layers:
        kind = getattr(lyr, "type", None)
        if kind == "TextLayer":
            out.append(Labels([{"name": r.get("name", ""), "lon": r.get("lon"), "lat": r.get("lat")}
                               for r in lyr.data or []], float(getattr(lyr, "get_size", 12) or 12)))
            continue
        if kind != "GeoJsonLayer" or getattr(lyr, "extruded", False):
            return None
        data = lyr.data
        features = data.get("features", []) if isinstance(data, dict) else list(data or [])
        fill_acc = getattr(lyr, "get_fill_color", None)
        if not getattr(lyr, "filled", True):
            fill = None
        elif isinstance(fill_acc, str):
            if fill_acc.removeprefix("@@=") != "properties.fill":
                return None
            fill = PER_FEATURE
        else:
            fill = list(fill_acc) if fill_acc is not None else [0, 0, 0, 255]  # deck.gl's default fill
        line_px = float(getattr(lyr, "line_width_min_pixels", 0) or 0) if getattr(lyr, "stroked", True) else 0.0
        line = getattr(lyr, "get_line_color", None) if line_px > 0 else None
        if isinstance(line, str):
            return None
        out.append(Shapes(features, fill, list(line) if line is not None else ([0, 0, 0, 255] if line_px else None),
                          line_px))
    return out


def _rings_xy(layers, view, width_px, height_px, scale):
    """Every ring of every polygon layer in one projected array (a numpy call per ring is slower)."""
    rings = [ring for lyr in layers if isinstance(lyr, Shapes) for f in lyr.features
             for poly in _polygons(f.get("geometry")) for ring in poly]
    lengths = [len(r) for r in rings]
    if not rings or not sum(lengths):
        return np.zeros((0, 2)), np.zeros(len(rings) + 1, dtype=int), np.zeros((len(rings), 2)), np.zeros((len(rings), 2))
    flat = np.concatenate([np.asarray(r, dtype=float).reshape(-1, len(r[0]))[:, :2] if len(r) else np.zeros((0, 2))
                           for r in rings])
    x, y = project(flat[:, 0], flat[:, 1], view, width_px, height_px, scale)
    xy = np.column_stack([x, y])
    starts = np.concatenate([[0], np.cumsum(lengths)]).astype(int)
    at = np.minimum(starts[:-1], len(xy) - 1)  # each ring's box (skips what is outside; sizes a hole's mask)
    return xy, starts, np.minimum.reduceat(xy, at), np.maximum.reduceat(xy, at)


# Bold sans fonts with å, ä, ö (the deck writes Helvetica/Arial, weight 600); found by file name in the system's
# font folders. Pillow's own default font has no å/ä/ö: without one of these the picture has no labels.
LABEL_FONTS = ("LiberationSans-Bold.ttf", "DejaVuSans-Bold.ttf", "Arial Bold.ttf", "arialbd.ttf",
               "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf",
               "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf")


@functools.lru_cache(maxsize=8)
def label_font(size_px: float):
    """A font for the labels at that pixel size, or None when the system has none of LABEL_FONTS."""
    for name in LABEL_FONTS:
        try:
            return ImageFont.truetype(name, size=max(1, int(round(size_px))))
        except (OSError, ImportError):
            continue
    return None


def render_layers(layers: list, bounds, width_px: int, height_px: int, scale: float = 2, crop: bool = False) -> bytes:
    """A PNG of the layers (``Shapes`` and ``Labels``, drawn in order) in the deck's first view of ``bounds``.

    ``crop``: cut the picture to what is drawn plus a margin. A picture cannot pan as the deck does; cut
    to the map it fills a narrow column instead of showing the whole frame small."""
    size = (int(round(width_px * scale)), int(round(height_px * scale)))
    w, h = size
    view = fit_view(bounds, width_px, height_px)
    xy, starts, lo, hi = _rings_xy(layers, view, width_px, height_px, scale)

    # A palette image (one byte a pixel): the colours are few, the file small and quick to write.
    text_ink, label_bg = (25, 25, 25), over([255, 255, 255, 170])
    colours = {_rgb(BACKGROUND)}
    for lyr in layers:
        if isinstance(lyr, Shapes):
            if lyr.fill == PER_FEATURE:
                colours.update(over((f.get("properties") or {}).get("fill") or hex_to_rgba(NO_DATA_COLOR, 235))
                               for f in lyr.features)
            elif lyr.fill is not None:
                colours.add(over(lyr.fill))
            if lyr.line is not None:
                colours.add(over(lyr.line))
        elif lyr.rows:
            colours.update((text_ink, label_bg))
    palette = [_rgb(BACKGROUND)] + sorted(colours - {_rgb(BACKGROUND)})
    if len(palette) <= 256:
        img = Image.new("P", size, 0)
        img.putpalette([c for rgb in palette for c in rgb])
        ink = {rgb: i for i, rgb in enumerate(palette)}.__getitem__
    else:  # pragma: no cover - more than 256 colours: never with the app's classes
        img = Image.new("RGB", size, _rgb(BACKGROUND))
        ink = tuple
    draw = ImageDraw.Draw(img)

    ring_i = 0
    for lyr in layers:
        if isinstance(lyr, Labels):
            _labels(draw, lyr, view, width_px, height_px, scale, ink(text_ink), ink(label_bg))
            continue
        line_w = max(1, int(round(lyr.line_px * scale))) if lyr.line is not None else 0
        line_ink = ink(over(lyr.line)) if lyr.line is not None else None
        const_fill = ink(over(lyr.fill)) if lyr.fill not in (None, PER_FEATURE) else None
        for f in lyr.features:
            if lyr.fill == PER_FEATURE:
                colour = ink(over((f.get("properties") or {}).get("fill") or hex_to_rgba(NO_DATA_COLOR, 235)))
            else:
                colour = const_fill
            for poly in _polygons(f.get("geometry")):
                first, ring_i = ring_i, ring_i + len(poly)
                parts = [xy[starts[r]:starts[r + 1]] for r in range(first, ring_i)]
                (x0, y0), (x1, y1) = lo[first], hi[first]
                if len(parts[0]) < 3 or x1 < -line_w or y1 < -line_w or x0 >= w + line_w or y0 >= h + line_w:
                    continue
                if colour is not None:
                    _fill(img, draw, parts, colour, (x0, y0, x1, y1), size)
                if line_ink is not None:
                    for ring in parts:
                        if len(ring) >= 2:
                            draw.line(np.vstack([ring, ring[:1]]).ravel().tolist(), fill=line_ink, width=line_w,
                                      joint="curve" if line_w > 2 else None)

    if crop:
        box = img.getbbox() if img.mode == "P" else None  # the background is palette index 0
        if box is not None:
            margin = int(round(CROP_MARGIN_PX * scale))
            img = img.crop((max(box[0] - margin, 0), max(box[1] - margin, 0),
                            min(box[2] + margin, w), min(box[3] + margin, h)))
    buf = io.BytesIO()
    img.save(buf, format="PNG", compress_level=6)  # Pillow writes no time or other varying chunk
    return buf.getvalue()


def _fill(img, draw, parts, colour, box, size) -> None:
    if len(parts) == 1:
        draw.polygon(parts[0].ravel().tolist(), fill=colour)
        return
    # Holes: the polygon goes through a mask the size of its box (exterior 255, holes 0), so a hole shows
    # what is under it and an area drawn earlier inside the hole stays.
    x0, y0, x1, y1 = box
    bx0, by0 = max(int(math.floor(x0)), 0), max(int(math.floor(y0)), 0)
    bx1, by1 = min(int(math.ceil(x1)) + 1, size[0]), min(int(math.ceil(y1)) + 1, size[1])
    if bx1 <= bx0 or by1 <= by0:
        return
    mask = Image.new("L", (bx1 - bx0, by1 - by0), 0)
    mdraw = ImageDraw.Draw(mask)
    shift = np.array([bx0, by0], dtype=float)
    mdraw.polygon((parts[0] - shift).ravel().tolist(), fill=255)
    for hole in parts[1:]:
        if len(hole) >= 3:
            mdraw.polygon((hole - shift).ravel().tolist(), fill=0)
    img.paste(colour, (bx0, by0, bx1, by1), mask)


def _labels(draw, lyr: Labels, view, width_px, height_px, scale, text_ink, bg_ink) -> None:
    rows = [r for r in lyr.rows if r.get("lon") is not None and r.get("lat") is not None]
    if not rows:
        return
    font = label_font(lyr.size_px * scale)
    if font is None:
        return
    x, y = project([r["lon"] for r in rows], [r["lat"] for r in rows], view, width_px, height_px, scale)
    pad_x, pad_y = 2 * scale, 1 * scale
    for r, px, py in zip(rows, x.tolist(), y.tolist()):
        text = str(r.get("name") or "")
        if not text:
            continue
        left, top, right, bottom = draw.textbbox((px, py), text, font=font, anchor="mm")
        draw.rectangle((left - pad_x, top - pad_y, right + pad_x, bottom + pad_y), fill=bg_ink)
        draw.text((px, py), text, font=font, anchor="mm", fill=text_ink)
