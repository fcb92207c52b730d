"""Render Altair charts to PNG and SVG offline with vl-convert (no browser, no network)."""
from __future__ import annotations

import vl_convert as vlc

PRINT_PPI = 300  # written into the PNG header so word processors size it for print


def to_png(chart, scale: float = 3.0, ppi: int = PRINT_PPI) -> bytes:
    """A PNG at `scale` × the chart's CSS pixel size; 3× a 640 px wide chart is 1920 px, enough for
    a full-width figure printed at 300 ppi (6.4 in). vl-convert multiplies its scale by ppi / 72, so
    the scale passed on is divided by that: ppi only labels the file, it does not add pixels."""
    return vlc.vegalite_to_png(chart.to_json(), scale=scale * 72 / ppi, ppi=ppi)


def to_svg(chart) -> str:
    return vlc.vegalite_to_svg(chart.to_json())


def natural_size(chart) -> tuple[float, float]:
    """The chart's rendered size in CSS px, read from its SVG."""
    import re

    head = to_svg(chart)[:400]
    width = re.search(r'width="([\d.]+)"', head)
    height = re.search(r'height="([\d.]+)"', head)
    if not (width and height):
        raise ValueError("could not read the chart's size from its SVG")
    return float(width.group(1)), float(height.group(1))


def fit_png(chart, box_width: int, box_height: int, pixel_ratio: float = 2.0) -> tuple[bytes, int]:
    """A PNG of the chart scaled to fill a box (type grows with it), for projector slides whose
    view has no size options. Returns the PNG and its display width in CSS px."""
    width, height = natural_size(chart)
    scale = min(box_width / width, box_height / height)
    return to_png(chart, scale=scale * pixel_ratio), int(width * scale)
