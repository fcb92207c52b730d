"""AppTest runs of the map page: every geography, a simulated click, permalinks, a year without data."""
from __future__ import annotations

import pytest

from sammanhallen.map import geographies as map_geographies

from tests.test_pages import open_page


def _texts(at) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption] + [w.value for w in at.warning] \
        + [i.value for i in at.info] + [s.value for s in at.subheader] + [m.label + " " + m.value for m in at.metric]
    return "\n".join(str(p) for p in parts).replace("\u00a0", " ")


@pytest.mark.parametrize("geo", list(map_geographies.GEOGRAPHIES))
def test_map_renders_for_each_geography(db_path, geo):
    at = open_page("pages/map.py", geo=geo)
    assert not at.exception, [e.value for e in at.exception]
    assert len(at.get("deck_gl_json_chart")) == 1
    assert at.selectbox(key="map_geo").value == geo
    assert at.query_params.get("geo", "sdo") == geo or (geo == "sdo" and "geo" not in at.query_params)
    # The accessible table lists every area of the geography, with or without a value.
    expected_rows = {"sd": 117, "sdo": 14, "u15": 15, "kommun": 9}[geo]
    assert len(at.dataframe[0].value) == expected_rows


def _click(at, key: str, layer_id: str, props: dict):
    at.session_state[key] = {"selection": {"indices": {layer_id: [0]}, "objects": {layer_id: [props]}}}
    return at.run()


def test_click_opens_side_panel_with_figures_and_rank(db_path):
    at = open_page("pages/map.py", geo="sdo", vintage="2007-2019", measure="ekonomiskt_bistand_andel_befolkning",
                   year="2017")
    at = _click(at, "map-deck-sdo-2007-2019", "areas", {"area_id": "0180-sdo-rinkeby-kista", "name": "Rinkeby-Kista"})
    assert not at.exception, [e.value for e in at.exception]
    text = _texts(at)
    assert "Rinkeby-Kista" in [s.value for s in at.subheader]
    assert "Rang:** 1 av 14" in text  # the highest share of the 14 boroughs
    assert "7,2 %" in text
    figures = [m.value for m in at.markdown if m.value.startswith("- ")]
    assert figures and figures[0].count("\n- ") >= 2  # at least three figures for the year
    assert "- Personer med ekonomiskt bistånd: **" in figures[0]
    assert at.query_params["area"] == "0180-sdo-rinkeby-kista"
    assert at.session_state["shared"]["area_id"] == "0180-sdo-rinkeby-kista"
    assert at.session_state["shared"]["area_name"] == "Rinkeby-Kista"


def test_click_on_an_urban15_point(db_path):
    at = open_page("pages/map.py", geo="u15")
    at = _click(at, "map-deck-u15", "points-approx", {"area_id": "u15-ronna", "name": "Ronna"})
    assert not at.exception
    text = _texts(at)
    assert "Ronna" in [s.value for s in at.subheader]
    assert map_geographies.APPROXIMATE_NOTE.sv in text
    assert "9 680 000 kr" in text and "Rang:** 3 av 15" in text


def test_query_params_restore_the_view(db_path):
    at = open_page("pages/map.py", geo="sdo", vintage="2020-", measure="ekonomiskt_bistand_personer", year="2015",
                   scheme="natural", k="3", overlay="0", area="0180-sdo-farsta")
    assert not at.exception, [e.value for e in at.exception]
    assert at.selectbox(key="map_geo").value == "sdo"
    assert at.radio(key="map_vintage").value == "2020-"
    assert at.selectbox(key="map_measure").value == "ekonomiskt_bistand_personer"
    assert at.select_slider(key="map_year").value == 2015
    assert at.selectbox(key="map_scheme").value == "natural"
    assert at.slider(key="map_k").value == 3
    assert at.toggle(key="map_overlay").value is False
    assert "Farsta" in [s.value for s in at.subheader]
    # and written back on change
    at.select_slider(key="map_year").set_value(2017).run()
    assert at.query_params["year"] == "2017" and at.query_params["measure"] == "ekonomiskt_bistand_personer"


def test_a_year_without_data_says_so(db_path):
    at = open_page("pages/map.py", geo="sdo", measure="ekonomiskt_bistand_andel_befolkning", year="1990")
    assert not at.exception
    warning = " ".join(w.value for w in [*at.warning, *at.info])
    assert "inga värden" in warning and "1990" in warning and "2015, 2016, 2017" in warning


def test_funds_per_inhabitant_states_the_gap(db_path):
    at = open_page("pages/map.py", geo="u15", measure="stimulansmedel_per_invanare")
    assert not at.exception
    text = _texts(at)
    assert "folkmängd för samma område och år (2013) saknas" in text
    assert "Uppgift saknas (15 områden)" in text


def test_table_lists_every_area_with_rank(db_path):
    at = open_page("pages/map.py", geo="sdo", vintage="2020-", measure="ekonomiskt_bistand_andel_befolkning",
                   year="2017")
    table = [d.value for d in at.dataframe if "Klass" in d.value.columns][0]
    assert len(table) == 13
    assert table.iloc[0]["Område"] == "Rinkeby-Kista" and table.iloc[0]["Rang"] == 1
    missing = table[table["Värde"] == "–"]
    assert list(missing["Område"]) == ["Hägersten-Älvsjö"] and (missing["Klass"] == "Uppgift saknas").all()
    assert len(at.get("download_button")) == 1


def test_a_layer_above_the_threshold_opens_as_a_picture_with_a_button_to_the_deck(db_path, monkeypatch):
    from components.map import figure as map_figure
    from sammanhallen.map import deck as map_deck

    monkeypatch.setattr(map_deck, "OUTLINES_UP_TO", 10)  # the 117 stadsdelar count as a large layer
    at = open_page("pages/map.py", geo="sd")
    assert not at.exception, [e.value for e in at.exception]
    assert len(at.get("image")) == 1 and len(at.get("deck_gl_json_chart")) == 0
    assert "Kartan visas som bild: med 117 områden" in _texts(at)
    # The area list still selects: the side panel opens and the picture is drawn again with the outline.
    area = "0180-sd-rinkeby"
    at.selectbox(key="map_area_pick").set_value(area).run()
    assert not at.exception, [e.value for e in at.exception]
    assert "Rinkeby" in [s.value for s in at.subheader] and at.query_params["area"] == area
    assert len(at.get("image")) == 1 and len(at.get("deck_gl_json_chart")) == 0
    at.button(key=map_figure.BUTTON_KEY).click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert len(at.get("image")) == 0 and len(at.get("deck_gl_json_chart")) == 1
    assert at.session_state[map_figure.INTERACTIVE] is True
    assert "Rinkeby" in [s.value for s in at.subheader]  # the selection is kept


def test_a_cached_picture_does_not_build_the_deck_again(db_path, monkeypatch):
    from components.map import figure as map_figure
    from sammanhallen.map import deck as map_deck

    map_figure._png.clear()  # pictures drawn by earlier tests of this process
    monkeypatch.setattr(map_deck, "OUTLINES_UP_TO", 10)
    built = []
    original = map_deck.build_deck
    monkeypatch.setattr(map_deck, "build_deck", lambda *a, **k: built.append(1) or original(*a, **k))
    at = open_page("pages/map.py", geo="sd", year="2016")
    assert not at.exception, [e.value for e in at.exception]
    assert len(at.get("image")) == 1 and len(built) == 1  # drawn once, from the deck's layers
    at.run()
    assert len(at.get("image")) == 1 and len(built) == 1  # the same view: the cached picture, no deck


def test_a_layer_below_the_threshold_keeps_the_deck(db_path):
    at = open_page("pages/map.py", geo="sd", lang="en")
    assert not at.exception, [e.value for e in at.exception]
    assert len(at.get("deck_gl_json_chart")) == 1 and len(at.get("image")) == 0
    assert "shown as a picture" not in _texts(at)


def test_the_deck_is_built_once_per_view_and_shared(db_path, monkeypatch):
    from components.map import figure as map_figure
    from sammanhallen.map import deck as map_deck

    map_figure._deck.clear()
    built = []
    original = map_deck.build_deck
    monkeypatch.setattr(map_deck, "build_deck", lambda *a, **k: built.append(1) or original(*a, **k))
    at = open_page("pages/map.py", geo="sdo", vintage="2007-2019", measure="ekonomiskt_bistand_andel_befolkning",
                   year="2016")
    assert not at.exception, [e.value for e in at.exception]
    first = at.get("deck_gl_json_chart")[0].proto.json
    assert len(built) == 1
    at.run()  # the same view: the cached deck
    assert len(built) == 1 and at.get("deck_gl_json_chart")[0].proto.json == first
    other = open_page("pages/map.py", geo="sdo", vintage="2007-2019", measure="ekonomiskt_bistand_andel_befolkning",
                      year="2016")  # another session, the same view
    assert len(built) == 1 and other.get("deck_gl_json_chart")[0].proto.json == first
    at.select_slider(key="map_year").set_value(2017).run()  # another year: another deck
    assert not at.exception, [e.value for e in at.exception]
    assert len(built) == 2 and at.get("deck_gl_json_chart")[0].proto.json != first
    at.selectbox(key="map_area_pick").set_value("0180-sdo-rinkeby-kista").run()  # the selected outline
    assert not at.exception, [e.value for e in at.exception]
    assert len(built) == 3


def test_a_table_cell_without_a_value_shows_a_dash_not_none(db_path):
    # The rank of an area without a value is missing: Streamlit would print "None" in a Swedish table.
    at = open_page("pages/map.py", geo="sd", year="2012", measure="index_sociala_risker")
    table = [d for d in at.dataframe if "Rang" in d.value.columns][0]
    assert table.value["Rang"].isna().any()
    assert table.proto.placeholder == "–"


@pytest.mark.parametrize("lang, none_label", [("sv", "– välj område –"), ("en", "– choose an area –")])
def test_area_picker_labels_no_area_in_the_page_language_and_areas_by_name(db_path, lang, none_label):
    at = open_page("pages/map.py", lang=lang, geo="sdo", vintage="2007-2019")
    assert not at.exception, [e.value for e in at.exception]
    picker = at.selectbox(key="map_area_pick")
    assert picker.options[0] == none_label and picker.value == ""
    assert "Rinkeby-Kista" in picker.options[1:]
    if lang == "en":  # AppTest formats the other selectboxes' values outside the run, in Swedish
        return
    picker.set_value("0180-sdo-rinkeby-kista").run()
    assert at.selectbox(key="map_area_pick").value == "0180-sdo-rinkeby-kista"
    assert "Rinkeby-Kista" in [s.value for s in at.subheader]
