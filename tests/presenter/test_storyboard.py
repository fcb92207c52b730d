"""Storyboard store: named boards of slides as JSON under DASHBOARD_USER_DIR, atomic writes,
reorder/edit/delete, survives a new store instance; slides render or fail gracefully."""
from __future__ import annotations

import json
import os
import sys
import types

import pytest

from sammanhallen.presenter import storyboard as sb
from sammanhallen.views import ViewChart

MAP = ("map", {"indicator": "folkmangd", "level": "borough", "year": "2011"})
COMPARE = ("compare", {"indicator": "folkmangd", "areas": "0180,1280"})
TREND = ("trends", {"indicator": "ekonomiskt_bistand_andel_befolkning", "areas": "0180", "base": "", "lang": "en"})


@pytest.fixture
def user_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("DASHBOARD_USER_DIR", str(tmp_path))
    return tmp_path


def three_slides(store, name="Styrgrupp maj"):
    for (page, params), title in zip((MAP, COMPARE, TREND), ("Karta", "Jämförelse", "Trend")):
        store.add_slide(name, page, params, title, f"Säg något om {title.lower()}")
    return name


def titles(board):
    return [s.title for s in board.slides]


def test_create_reorder_save_and_reload_in_a_new_store(user_dir):
    name = three_slides(sb.StoryboardStore())
    board = sb.StoryboardStore().load(name)
    assert titles(board) == ["Karta", "Jämförelse", "Trend"]
    sb.StoryboardStore().move_slide(name, board.slides[2].slide_id, -1)
    sb.StoryboardStore().move_slide(name, board.slides[0].slide_id, +1)
    reloaded = sb.StoryboardStore().load(name)  # as after a restart: nothing in memory
    assert titles(reloaded) == ["Trend", "Karta", "Jämförelse"]
    assert reloaded.slides[0].params == {"indicator": "ekonomiskt_bistand_andel_befolkning", "areas": "0180", "base": ""}
    assert reloaded.slides[0].note == "Säg något om trend"
    files = list((user_dir / "storyboards").glob("*.json"))
    assert len(files) == 1 and json.loads(files[0].read_text())["name"] == name


def test_env_var_is_read_at_call_time(tmp_path, monkeypatch):
    store = sb.StoryboardStore()
    monkeypatch.setenv("DASHBOARD_USER_DIR", str(tmp_path / "one"))
    store.add_slide("A", *TREND, "t")
    monkeypatch.setenv("DASHBOARD_USER_DIR", str(tmp_path / "two"))
    assert store.names() == []
    assert (tmp_path / "one" / "storyboards").exists()


def test_several_named_storyboards(user_dir):
    store = sb.StoryboardStore()
    store.add_slide("Öst", *TREND, "t1")
    store.add_slide("väst/ nord", *MAP, "t2")
    store.add_slide("Öst", *MAP, "t3")
    assert store.names() == ["väst/ nord", "Öst"]
    assert titles(store.load("Öst")) == ["t1", "t3"]
    store.delete("väst/ nord")
    assert store.names() == ["Öst"]


def test_edit_and_delete_slides(user_dir):
    store = sb.StoryboardStore()
    name = three_slides(store)
    board = store.load(name)
    store.update_slide(name, board.slides[1].slide_id, title="Ny rubrik", note="Nytt manus")
    store.delete_slide(name, board.slides[0].slide_id)
    board = store.load(name)
    assert titles(board) == ["Ny rubrik", "Trend"] and board.slides[0].note == "Nytt manus"
    with pytest.raises(KeyError):
        store.delete_slide(name, "nope")


@pytest.mark.parametrize("items, index, delta, expected", [
    ([1, 2, 3], 0, 1, [2, 1, 3]), ([1, 2, 3], 2, -1, [1, 3, 2]),
    ([1, 2, 3], 0, -1, [1, 2, 3]), ([1, 2, 3], 2, 1, [1, 2, 3]), ([1], 0, 1, [1]),
])
def test_move(items, index, delta, expected):
    assert sb.move(items, index, delta) == expected


def test_a_crash_while_writing_leaves_the_old_file_intact(user_dir, monkeypatch):
    store = sb.StoryboardStore()
    name = three_slides(store)
    path = store.path_for(name)
    before = path.read_text()

    def crash(src, dst):
        raise OSError("disk pulled out")

    with monkeypatch.context() as patched, pytest.raises(OSError):
        patched.setattr(os, "replace", crash)
        store.add_slide(name, *TREND, "never saved")
    assert path.read_text() == before
    assert titles(store.load(name)) == ["Karta", "Jämförelse", "Trend"]
    assert not list(path.parent.glob(".tmp-*")), "the temporary file is cleaned up"


def test_lang_is_not_part_of_a_view(user_dir):
    slide = sb.StoryboardStore().add_slide("A", *TREND, "t")
    assert "lang" not in slide.params


def test_missing_view_module_is_unavailable_not_a_crash(con, monkeypatch):
    monkeypatch.setitem(sys.modules, "sammanhallen.compare.view", None)  # import fails
    slide = sb.Slide(page_key="compare", params={}, title="x")
    with pytest.raises(sb.SlideUnavailable, match="compare"):
        sb.slide_view(con, slide)
    with pytest.raises(sb.SlideUnavailable):
        sb.slide_view(con, sb.Slide(page_key="home", params={}, title="x"))


def test_fake_view_module_is_used_and_size_passed_only_when_accepted(con, monkeypatch):
    calls = []
    fake = types.ModuleType("sammanhallen.map.view")
    fake.DEFAULTS = {"year": "2011"}
    fake.normalise = lambda p: {**fake.DEFAULTS, **p}

    def chart(con, params, lang):
        calls.append((params, lang))
        return ViewChart("T", "S", "Källa: X.", None)

    fake.chart = chart
    monkeypatch.setitem(sys.modules, "sammanhallen.map.view", fake)
    view = sb.slide_view(con, sb.Slide(page_key="map", params={"level": "borough"}, title="x"), "en", width=10, height=5)
    assert view.title == "T" and calls == [({"year": "2011", "level": "borough"}, "en")]


def test_trends_slide_renders_with_size(con):
    view = sb.slide_view(con, sb.Slide(page_key="trends", params=dict(TREND[1]), title="x"), "sv", width=999, height=444)
    spec = json.loads(view.chart.to_json())
    assert spec["vconcat"][0]["width"] == 999 and spec["vconcat"][0]["height"] == 444


def test_map_view_years_are_the_years_of_the_resolved_measure(con):
    from sammanhallen.map import view as map_view

    years = map_view.years(con, {"geo": "sdo", "vintage": "2007", "measure": "forvarvsarbetande_utrikes_fodda_andel_20_64"})
    assert years == [2005, 2006, 2007]
    assert all(isinstance(y, int) for y in years)
