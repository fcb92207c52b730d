"""PowerPoint and permalink export of a three-slide storyboard (map, comparison, trend)."""
from __future__ import annotations

import io
import sys
import types

import altair as alt
import pandas as pd
import pytest
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE

from sammanhallen.presenter import pptx as pptx_export
from sammanhallen.presenter.storyboard import StoryboardStore
from sammanhallen.views import ViewChart

URL_PATHS = {"map": "karta", "compare": "jamfor", "trends": "trender"}


def fake_view(page_key):
    module = types.ModuleType(f"sammanhallen.views.{page_key}")
    module.DEFAULTS = {}
    module.normalise = dict

    def chart(con, params, lang):
        data = pd.DataFrame({"x": ["a", "b"], "y": [1, 2]})
        plot = alt.Chart(data).mark_bar().encode(x="x", y="y").properties(title=f"{page_key} chart")
        return ViewChart(f"{page_key} title", f"{page_key} subtitle", f"Källa: {page_key}.", plot)

    module.chart = chart
    return module


@pytest.fixture
def board(tmp_path, monkeypatch):
    monkeypatch.setenv("DASHBOARD_USER_DIR", str(tmp_path))
    monkeypatch.setitem(sys.modules, "sammanhallen.map.view", fake_view("map"))
    monkeypatch.setitem(sys.modules, "sammanhallen.compare.view", fake_view("compare"))
    store = StoryboardStore()
    store.add_slide("Möte", "map", {"year": "2011", "level": "borough"}, "Var pengarna gick", "Börja med kartan")
    store.add_slide("Möte", "compare", {"areas": "0180,1280"}, "Jämförelse", "Peka på Malmö")
    store.add_slide("Möte", "trends", {"indicator": "ekonomiskt_bistand_andel_befolkning",
                                       "areas": "0180,0180-sdo-spanga-tensta", "base": "2015"}, "Trenden", "Index 2015")
    return store.load("Möte")


def read(data: bytes) -> Presentation:
    return Presentation(io.BytesIO(data))


def test_pptx_has_one_16_9_slide_per_view_with_image_title_source_and_notes(con, board):
    deck = read(pptx_export.export_pptx(con, board, "sv", URL_PATHS, "http://127.0.0.1:8501"))
    assert abs(deck.slide_width / deck.slide_height - 16 / 9) < 0.01
    assert len(deck.slides) == 3
    assert [s.shapes.title.text for s in deck.slides] == ["Var pengarna gick", "Jämförelse", "Trenden"]
    for slide, note in zip(deck.slides, ["Börja med kartan", "Peka på Malmö", "Index 2015"]):
        pictures = [sh for sh in slide.shapes if sh.shape_type == MSO_SHAPE_TYPE.PICTURE]
        assert len(pictures) == 1 and pictures[0].image.content_type == "image/png"
        assert pictures[0].left + pictures[0].width <= deck.slide_width
        notes = slide.notes_slide.notes_text_frame.text
        assert notes.startswith(note) and "http://127.0.0.1:8501/" in notes
    texts = [sh.text_frame.text for sh in deck.slides[2].shapes if sh.has_text_frame]
    assert any(t.startswith("Källor:") or t.startswith("Källa:") for t in texts), texts
    assert any("index 2015 = 100" in t for t in texts)
    assert any(t == "Källa: map." for t in (sh.text_frame.text for sh in deck.slides[0].shapes if sh.has_text_frame))


def test_a_view_without_module_still_gets_a_slide_with_its_link(con, board, monkeypatch):
    monkeypatch.setitem(sys.modules, "sammanhallen.map.view", None)
    deck = read(pptx_export.export_pptx(con, board, "en", URL_PATHS, "http://h"))
    first = deck.slides[0]
    assert first.shapes.title.text == "Var pengarna gick"
    assert any(sh.shape_type == MSO_SHAPE_TYPE.PICTURE for sh in first.shapes)
    assert any("http://h/karta?year=2011&level=borough" in sh.text_frame.text for sh in first.shapes if sh.has_text_frame)


def test_permalink_list(board):
    text = pptx_export.permalink_list(board, URL_PATHS, "http://127.0.0.1:8501")
    lines = text.splitlines()
    assert lines[0] == "# Bildserie: Möte"
    assert "1. [Var pengarna gick](http://127.0.0.1:8501/karta?year=2011&level=borough)" in lines
    assert any(l.startswith("3. [Trenden](http://127.0.0.1:8501/trender?indicator=ekonomiskt_bistand_andel_befolkning&areas=0180%2C0180-sdo-spanga-tensta&base=2015)") for l in lines)
    assert "   Peka på Malmö" in lines
