"""The legend says why a map of thousands of areas has no border lines."""
from __future__ import annotations

import pandas as pd

from components.map import view as map_view
from sammanhallen.map import classes as map_classes
from sammanhallen.map import data as map_data
from sammanhallen.map import geographies as map_geographies
from sammanhallen.map.deck import OUTLINES_UP_TO


def _legend_html(monkeypatch, n_features: int) -> str:
    shown = []
    monkeypatch.setattr(map_view.st, "markdown", lambda text, **kw: shown.append(text))
    monkeypatch.setattr(map_view, "lang", lambda: "sv")
    monkeypatch.setattr(map_view, "t", lambda sv, en: sv)
    layer = map_geographies.GeoLayer("syn", None, pd.DataFrame(), [{}] * n_features, bounds=(0, 0, 1, 1))
    classes = map_classes.classify([1.0, 2.0, 3.0])
    measure = map_data.Measure("m", "Andel", "Share", "percent", False, [2017])
    map_view.legend([], measure, classes, 2017, "syn", None, pd.DataFrame(), "fill", "Källa: X", layer)
    return "".join(shown)


def test_legend_explains_a_map_without_border_lines(monkeypatch):
    assert "inga gränslinjer" in _legend_html(monkeypatch, OUTLINES_UP_TO + 1)
    assert "1\u00a0000" in _legend_html(monkeypatch, OUTLINES_UP_TO + 1)
    assert "inga gränslinjer" not in _legend_html(monkeypatch, OUTLINES_UP_TO)
