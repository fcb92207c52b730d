"""Slide pictures drawn once per (view, size, language, data version) and reused (no Streamlit).

Drawing a map or comparison slide (view query, Altair spec, vl-convert to PNG) takes about a second;
the presenter redraws the same slide on every step through the storyboard, and the .pptx export
draws every slide again. Both ask this module instead, so a slide already shown (or exported)
costs a dictionary look-up.

The key is everything the picture depends on: the page key, its params, the language, the size
(the box it is fitted into, or the view size and scale of an export) and the data version
(``components.db.data_version()`` in the app), so a changed parameter, language or data version
draws a new picture. A caller without a data version (a one-off export on a bare connection)
is not cached at all: a key that cannot tell two databases apart must not be reused.
"""
from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Callable, Hashable

from sammanhallen.chart_images import fit_png, to_png
from sammanhallen.presenter.storyboard import Slide, slide_view
from sammanhallen.views import ViewChart

MAX_PICTURES = 96  # a storyboard of a few dozen slides × two languages; 0.2–1 MB each


@dataclass(frozen=True)
class Picture:
    view: ViewChart
    png: bytes
    display_width: int  # CSS px the picture is shown at (fitted pictures); its pixel width otherwise


class PictureCache:
    """A bounded least-recently-used map from picture keys to pictures, safe across sessions' threads.
    Two sessions asking for the same missing picture may both draw it; the second result replaces
    the first (they are equal), which is cheaper than holding a lock while drawing."""

    def __init__(self, max_entries: int = MAX_PICTURES):
        self.max_entries = max_entries
        self._items: OrderedDict[Hashable, Picture] = OrderedDict()
        self._lock = threading.Lock()
        self.drawn = 0  # how many pictures were drawn (tests and benchmarks read it)

    def get(self, key: Hashable, draw: Callable[[], Picture]) -> Picture:
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
        picture = draw()
        with self._lock:
            self.drawn += 1
            self._items[key] = picture
            self._items.move_to_end(key)
            while len(self._items) > self.max_entries:
                self._items.popitem(last=False)
        return picture

    def clear(self) -> None:
        with self._lock:
            self._items.clear()

    def __len__(self) -> int:
        return len(self._items)


CACHE = PictureCache()


def png_width(png: bytes) -> int:
    """Pixel width from a PNG's header (the IHDR chunk follows the 8-byte signature)."""
    if png[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG")
    return int.from_bytes(png[16:20], "big")


def view_key(slide: Slide) -> tuple:
    return slide.page_key, tuple(sorted((str(k), str(v)) for k, v in slide.params.items()))


def _cached(key: tuple, data_version: Hashable | None, draw: Callable[[], Picture]) -> Picture:
    if data_version is None:
        return draw()
    return CACHE.get((*key, data_version), draw)


def fitted(con, slide: Slide, lang: str, box: tuple[int, int], data_version: Hashable | None,
           pixel_ratio: float = 1.0) -> Picture:
    """The slide's view as a PNG scaled to fill a box of CSS px (type grows with it), for the screen.

    Raises SlideUnavailable (from slide_view) when the view cannot be drawn; that is not cached."""
    def draw() -> Picture:
        view = slide_view(con, slide, lang)
        png, _ = fit_png(view.chart, box[0], box[1], pixel_ratio)
        # The display width follows the PNG's own width (IHDR), so at pixel ratio 1 st.image never
        # resizes it (vl-convert may round the width up by a pixel).
        return Picture(view, png, max(1, int(png_width(png) / pixel_ratio)))

    return _cached(("fitted", *view_key(slide), lang, tuple(box), pixel_ratio), data_version, draw)


def export(con, slide: Slide, lang: str, size: dict, scale: float, data_version: Hashable | None) -> Picture:
    """The slide's view drawn at `size` (width/height/font_scale for views that take them) as a PNG
    at `scale` × its CSS size, for the .pptx export."""
    def draw() -> Picture:
        view = slide_view(con, slide, lang, **size)
        return Picture(view, to_png(view.chart, scale=scale), 0)

    return _cached(("export", *view_key(slide), lang, tuple(sorted(size.items())), scale), data_version, draw)
