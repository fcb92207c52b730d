"""Slide pictures are drawn once per view, size, language and data version, and drawn again when any changes."""
from __future__ import annotations

import sys
import types

import altair as alt
import pandas as pd
import pytest

from sammanhallen.presenter import pictures
from sammanhallen.presenter import pptx as pptx_export
from sammanhallen.presenter.storyboard import Slide, SlideUnavailable
from sammanhallen.views import ViewChart

BOX = (1200, 600)


@pytest.fixture
def drawn(monkeypatch) -> list:
    """A fake map view that records every (params, lang) it draws; a fresh picture cache."""
    calls = []
    module = types.ModuleType("sammanhallen.map.view")
    module.DEFAULTS = {}
    module.normalise = dict

    def chart(con, params, lang):
        calls.append((dict(params), lang))
        data = pd.DataFrame({"x": ["a", "b"], "y": [1, int(params.get("year", 2))]})
        plot = alt.Chart(data).mark_bar().encode(x="x", y="y").properties(width=300, height=150)
        return ViewChart(f"map {params.get('year')} {lang}", "sub", "Källa: test.", plot)

    module.chart = chart
    monkeypatch.setitem(sys.modules, "sammanhallen.map.view", module)
    monkeypatch.setattr(pictures, "CACHE", pictures.PictureCache(max_entries=8))
    return calls


def slide(year: str) -> Slide:
    return Slide(page_key="map", params={"year": year, "geo": "sdo"}, title="Kartan")


def test_the_same_view_reuses_its_picture(drawn):
    first = pictures.fitted(None, slide("2016"), "sv", BOX, ("file", 1))
    again = pictures.fitted(None, Slide("map", {"geo": "sdo", "year": "2016"}, "Other title"), "sv", BOX, ("file", 1))
    assert again is first and len(drawn) == 1


@pytest.mark.parametrize("change", [
    dict(slide=slide("2017")),
    dict(lang="en"),
    dict(version=("file", 2)),
    dict(box=(800, 400)),
])
def test_a_changed_year_language_data_version_or_box_draws_a_new_picture(drawn, change):
    base = dict(slide=slide("2016"), lang="sv", version=("file", 1), box=BOX)
    first = pictures.fitted(None, base["slide"], base["lang"], base["box"], base["version"])
    wanted = {**base, **change}
    second = pictures.fitted(None, wanted["slide"], wanted["lang"], wanted["box"], wanted["version"])
    assert len(drawn) == 2 and second is not first
    assert drawn[-1] == (wanted["slide"].params, wanted["lang"])
    assert second.view.title == f"map {wanted['slide'].params['year']} {wanted['lang']}"


def test_without_a_data_version_nothing_is_cached(drawn):
    pictures.fitted(None, slide("2016"), "sv", BOX, None)
    pictures.fitted(None, slide("2016"), "sv", BOX, None)
    assert len(drawn) == 2 and len(pictures.CACHE) == 0


def test_a_view_that_fails_is_not_cached(drawn, monkeypatch):
    monkeypatch.setitem(sys.modules, "sammanhallen.compare.view", None)
    for _ in range(2):
        with pytest.raises(SlideUnavailable):
            pictures.fitted(None, Slide("compare", {}, "x"), "sv", BOX, ("file", 1))
    assert len(pictures.CACHE) == 0


def test_fitted_picture_is_shown_at_its_own_pixel_width(drawn):
    """st.image decodes and resizes any PNG wider than its width argument on every rerun."""
    picture = pictures.fitted(None, slide("2016"), "sv", BOX, ("file", 1))
    assert pictures.png_width(picture.png) == picture.display_width
    assert picture.display_width <= BOX[0] + 1  # vl-convert may round up by a pixel


def test_png_pixels_are_scale_times_css_pixels_whatever_the_ppi():
    """vl-convert multiplies scale by ppi / 72; a 300 ppi label must not give 4× the pixels."""
    from sammanhallen.chart_images import natural_size, to_png

    chart = alt.Chart(pd.DataFrame({"x": ["a"], "y": [1]})).mark_bar().encode(x="x", y="y").properties(width=300)
    width, _ = natural_size(chart)
    assert abs(pictures.png_width(to_png(chart, scale=2)) - 2 * width) <= 1


def test_the_cache_is_bounded_least_recently_used_first(drawn):
    for year in range(2000, 2010):
        pictures.fitted(None, slide(str(year)), "sv", BOX, ("file", 1))
    assert len(pictures.CACHE) == 8
    pictures.fitted(None, slide("2009"), "sv", BOX, ("file", 1))  # still there
    assert len(drawn) == 10
    pictures.fitted(None, slide("2000"), "sv", BOX, ("file", 1))  # evicted: drawn again
    assert len(drawn) == 11


def test_pptx_export_reuses_pictures_per_data_version(drawn, tmp_path, monkeypatch):
    from sammanhallen.presenter.storyboard import StoryboardStore

    monkeypatch.setenv("DASHBOARD_USER_DIR", str(tmp_path))
    store = StoryboardStore()
    store.add_slide("Möte", "map", {"year": "2016"}, "Kartan")
    store.add_slide("Möte", "map", {"year": "2017"}, "Kartan igen")
    board = store.load("Möte")
    paths = {"map": "karta"}
    first = pptx_export.export_pptx(None, board, "sv", paths, "http://h", ("file", 1))
    assert len(drawn) == 2
    again = pptx_export.export_pptx(None, board, "sv", paths, "http://h", ("file", 1))
    assert len(drawn) == 2 and len(again) == len(first)  # the second export drew nothing
    pptx_export.export_pptx(None, board, "sv", paths, "http://h", ("file", 2))
    assert len(drawn) == 4  # new data: drawn again
    pptx_export.export_pptx(None, board, "en", paths, "http://h", ("file", 2))
    assert len(drawn) == 6 and drawn[-1][1] == "en"
