"""Render Altair charts to PNG and SVG offline with vl-convert (no browser, no network)."""
from __future__ import annotations

import vl_convert as vlc

PRINT_PPI = 300  # written into the PNG header so word processors size it for print


def to_png(chart, scale: float = 3.0, ppi: int = PRINT_PPI) -> bytes:
    """A PNG at `scale` × the chart's CSS pixel size; 3× a 640 px wide chart is 1920 px, enough for
    a full-width figure printed at 300 ppi (6.4 in)."""
    return vlc.vegalite_to_png(chart.to_json(), scale=scale, ppi=ppi)


def to_svg(chart) -> str:
    return vlc.vegalite_to_svg(chart.to_json())
