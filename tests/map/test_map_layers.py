"""Pure map logic: class breaks, palettes, legends, joins, funds per inhabitant, the map view."""
from __future__ import annotations

import functools
import json

import numpy as np
import pandas as pd
import pytest

from sammanhallen.map import boundaries
from sammanhallen.map import classes as map_classes
from sammanhallen.map import data as map_data
from sammanhallen.map import geographies as map_geographies
from sammanhallen.map import layers as ml
from sammanhallen.map import simplify as map_simplify
from sammanhallen.data import queries
from sammanhallen.chart_images import to_png
from sammanhallen.map.deck import SELECTABLE_LAYERS, DeckOptions, build_deck
from sammanhallen.map import view

VALUES = [0.3, 0.4, 0.6, 0.8, 1.2, 1.3, 1.4, 2.4, 2.7, 3.0, 3.8, 5.1, 6.6, 7.2]


@pytest.mark.parametrize("scheme", list(map_classes.SCHEMES))
def test_breaks_cover_every_value_in_order(scheme):
    c = map_classes.classify(VALUES + [None, np.nan], scheme, 5)
    assert c.k == 5
    assert c.bounds[0][0] == pytest.approx(0.3) and c.bounds[-1][1] == pytest.approx(7.2)
    classes = [c.class_of(v) for v in VALUES]
    assert classes == sorted(classes), "classes must rise with the value"
    assert set(classes) == set(range(5)) or scheme == "equal"
    assert c.class_of(None) is None


def test_quantiles_put_about_equal_counts_in_each_class():
    c = map_classes.classify(VALUES, "quantiles", 5)
    counts = np.bincount([c.class_of(v) for v in VALUES])
    assert counts.max() - counts.min() <= 1


def test_natural_breaks_separate_clusters():
    c = map_classes.classify([1, 1.1, 1.2, 10, 10.5, 11, 50, 51], "natural", 3)
    assert [c.class_of(v) for v in (1, 10, 50)] == [0, 1, 2]


def test_equal_interval_has_equal_widths():
    c = map_classes.classify([0, 1, 2, 10], "equal", 2)
    assert c.bounds == [(0.0, 5.0), (5.0, 10.0)]


@pytest.mark.parametrize("scheme", list(map_classes.SCHEMES))
@pytest.mark.parametrize("values, k_expected", [
    ([5.0], 1), ([3.0, 3.0, 3.0], 1), ([1.0, 2.0], 2), ([1.0, 2.0, 3.0], 2), ([1, 2, 3, 4, 5, 6], 3), ([], 0),
])
def test_fewer_classes_when_few_values(scheme, values, k_expected):
    c = map_classes.classify(values, scheme, 5)
    assert c.k == k_expected
    if values and len(set(values)) == 1:
        assert c.bounds == [(values[0], values[0])] and "lika" in c.note


def test_palette_direction_follows_higher_is_better():
    worse = map_classes.palette(5, False)      # higher is worse: high values dark
    better = map_classes.palette(5, True)      # higher is better: low values dark
    neutral = map_classes.palette(5, None)

    def lightness(h):
        r, g, b = map_classes.hex_to_rgba(h)[:3]
        return 0.299 * r + 0.587 * g + 0.114 * b

    assert lightness(worse[-1]) < lightness(worse[0])
    assert lightness(better[0]) < lightness(better[-1])
    assert better == worse[::-1]
    assert neutral != worse and neutral != better and lightness(neutral[-1]) < lightness(neutral[0])
    assert map_classes.palette(1, False) and map_classes.palette(2, True) and len(map_classes.palette(7, None)) == 7
    assert map_classes.direction(pd.NA) == "neutral"


def test_legend_labels_in_swedish_with_no_data_count():
    c = map_classes.classify([1234.5, 2000.27, 3500.0, 9999.9], "quantiles", 2)
    entries = map_classes.legend_entries(c, [1234.5, 2000.27, 3500.0, 9999.9, None], False, "SEK", "sv", n_missing=3)
    labels = [e.label.replace("\u00a0", " ") for e in entries]
    assert labels[0] == "1 234,5–2 000,3 kr"
    assert labels[-1] == "Uppgift saknas (3 områden)"
    assert entries[-1].no_data and entries[-1].count == 3 and entries[-1].color == map_classes.NO_DATA_COLOR
    assert sum(e.count for e in entries[:-1]) == 4
    en = map_classes.legend_entries(c, [1234.5], False, "percent", "en", n_missing=1)
    assert en[-1].label == "No data (1 area)" and en[0].label.endswith("%")
    one = map_classes.legend_entries(map_classes.classify([180.0]), [180.0], False, "index", "sv", 116)
    assert [e.label for e in one] == ["180", "Uppgift saknas (116 områden)"]


def _layer():
    areas = pd.DataFrame({"area_id": ["a", "b", "c"], "name": ["A", "B", "C"], "lon": [18.0, 18.1, 18.2],
                          "lat": [59.3, 59.3, 59.3], "location": "polygon"})
    feats = [{"type": "Feature", "properties": {"area_id": a, "name": a.upper()},
              "geometry": {"type": "Point", "coordinates": [18, 59]}} for a in "abc"]
    return map_geographies.GeoLayer("sdo", "2020-", areas, feats, bounds=(18.0, 59.2, 18.3, 59.4))


def test_values_join_by_area_id_and_report_unmatched():
    layer = _layer()
    values = pd.DataFrame({"area_id": ["a", "c", "zz"], "value": [1.0, 2.0, 9.0], "year": 2017,
                           "confidence": ["high", "low", "high"]})
    joined = ml.join_values(layer, values)
    assert joined.unmatched == ["zz"]
    assert joined.missing == ["b"]
    props = {f["properties"]["area_id"]: f["properties"] for f in joined.features}
    assert props["a"]["value"] == 1.0 and props["b"].get("value") is None and props["c"]["confidence"] == "low"
    assert joined.features[0]["geometry"] is layer.features[0]["geometry"], "geometry is shared, not copied"


def test_funds_per_inhabitant_only_with_population_of_same_area_and_year():
    funds = pd.DataFrame({"area_id": ["x", "y", "z", "w"], "year": [2013] * 4,
                          "amount_sek": [1_000_000, 2_000_000, 500_000, 500_000], "population": [10_000, np.nan, 0, 5_000],
                          "population_confidence": ["medium", None, "high", "low"], "confidence": ["high"] * 4})
    out = ml.funds_per_inhabitant(funds)
    assert out.loc[0, "value"] == 100 and out.loc[0, "gap"] == "" and out.loc[0, "confidence"] == "medium"
    assert np.isnan(out.loc[1, "value"]) and "folkmängd saknas" in out.loc[1, "gap"] and "2013" in out.loc[1, "gap"]
    assert np.isnan(out.loc[2, "value"])
    # "mer än 5 000": a lower bound, not a count to divide by (the same rule as the grant and compare pages)
    assert np.isnan(out.loc[3, "value"]) and "låg tillförlitlighet" in out.loc[3, "gap"]


def test_funds_per_inhabitant_from_the_data_is_a_stated_gap(con):
    run = functools.partial(queries.run, con)
    ids = [a for a, _, _ in boundaries.URBAN15]
    pc = [m for m in map_data.measures(run, ids, "u15") if m.key == map_data.FUNDS_PC][0]
    mv = map_data.values(run, pc, 2013, ids)
    # No Urban15 district has a population for 2013 in the sources: every value is a gap, with a note.
    assert mv.rows["value"].isna().all()
    assert mv.notes and "folkmängd" in mv.notes[0][0]
    funds = map_data.values(run, [m for m in map_data.measures(run, ids, "u15") if m.key == map_data.FUNDS][0], 2013, ids)
    assert funds.rows["value"].sum() == 99_000_000


def test_measures_list_only_indicators_with_values_at_the_level(con):
    run = functools.partial(queries.run, con)
    sd = map_geographies.load_geography("sd")
    keys = [m.key for m in map_data.measures(run, sd.area_ids, "sd")]
    assert keys == ["social_risk_index"]
    assert map_data.measures(run, sd.area_ids, "sd")[0].years == [2012]


def test_rank_and_fit_view():
    values = pd.DataFrame({"area_id": list("abcd"), "value": [5.0, 7.0, np.nan, 7.0]})
    assert ml.rank_of(values, "b") == (1, 3) and ml.rank_of(values, "a") == (3, 3)
    assert ml.rank_of(values, "c") is None
    v = map_simplify.fit_view((17.76, 59.22, 18.2, 59.43))
    assert 17.9 < v["longitude"] < 18.1 and 59.3 < v["latitude"] < 59.35 and 9 < v["zoom"] < 11


def test_deck_has_selectable_layers_and_no_basemap_from_the_internet():
    layer = _layer()
    layer.features = []  # drawn as points
    joined = ml.join_values(layer, pd.DataFrame({"area_id": ["a"], "value": [1.0], "year": 2017}))
    deck = build_deck(layer, joined, DeckOptions("Mått", "percent", False, map_classes.classify([1.0])))
    js = deck.to_json()
    assert "cartocdn" not in js and "mapbox" not in js and "/app/static/map_blank_style.json" in js
    assert '"id":"points"' in js and "points" in SELECTABLE_LAYERS
    assert '"radiusUnits":"pixels"' in js, "string props must not become @@= expressions"


def test_a_frozen_deck_sends_what_streamlit_would_send_for_the_deck():
    # FrozenDeck is what the map page caches and shares: the same JSON and tooltip Streamlit would take
    # from the deck itself (including its pandas 3 conversion of DataFrame layer data), computed once.
    from streamlit.elements.deck_gl_json_chart import _get_pydeck_tooltip, _prepare_pydeck_for_json

    from sammanhallen.map.deck import FrozenDeck

    def deck():
        layer = _layer()
        layer.features = []  # points: DataFrame layer data
        joined = ml.join_values(layer, pd.DataFrame({"area_id": ["a"], "value": [1.0], "year": 2017}))
        return build_deck(layer, joined, DeckOptions("Mått", "percent", False, map_classes.classify([1.0])))

    as_streamlit = deck()
    _prepare_pydeck_for_json(as_streamlit)
    frozen = FrozenDeck(deck())
    assert frozen.to_json() == as_streamlit.to_json()
    assert _get_pydeck_tooltip(frozen) == _get_pydeck_tooltip(as_streamlit) is not None
    _prepare_pydeck_for_json(frozen)  # nothing left to convert, and the JSON is kept
    assert frozen.to_json() == as_streamlit.to_json()


def test_urban15_districts_without_location_are_marked_approximate():
    layer = map_geographies.load_geography("u15")
    loc = dict(zip(layer.areas["area_id"], layer.areas["location"]))
    assert len(loc) == 15
    assert {a for a, v in loc.items() if v == "approximate"} == {
        "u15-sodra-sofielund", "u15-ronna", "u15-hassleholmen", "u15-gamlegarden", "u15-centrum-oster",
        "u15-kronogarden", "u15-araby"}
    assert loc["u15-herrgarden"] == "documented" and loc["u15-tensta"] == "polygon"
    pts = layer.areas.set_index("area_id")
    assert (pts.loc["u15-ronna", ["lon", "lat"]] != pts.loc["u15-hovsjo", ["lon", "lat"]]).any()


def test_unavailable_layer_falls_back_to_a_schematic_layout(monkeypatch):
    def broken(*a, **k):
        raise boundaries.LayerUnavailable("no file here")
    monkeypatch.setattr(boundaries, "stockholm_boroughs", broken)
    layer = map_geographies.load_geography("sdo", "2020-")
    assert not layer.features and len(layer.areas) == 13
    assert (layer.areas["location"] == "schematic").all()
    assert "no file here" in layer.messages[0][0] and "schematiskt" in layer.messages[0][0]


@pytest.mark.parametrize("geo", list(map_geographies.GEOGRAPHIES))
def test_view_chart_renders_to_png(con, geo):
    params = view.normalise({"geo": geo, "area": "u15-tensta" if geo == "u15" else "0180-sdo-rinkeby-kista"})
    vc = view.chart(con, params, "sv")
    png = to_png(vc.chart, scale=1)
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 5000
    assert vc.title and vc.source_line.startswith("Käll") and "Klassindelning" in vc.subtitle


def test_view_normalise_and_resolve(con):
    p = view.normalise({"geo": "nowhere", "k": "99", "scheme": "x", "junk": "1", "overlay": "true"})
    assert p["geo"] == "sdo" and p["k"] == "7" and p["scheme"] == "quantiles" and "junk" not in p and p["overlay"] == "1"
    run = functools.partial(queries.run, con)
    layer = map_geographies.load_geography("sdo", "2007-2019")
    ms = map_data.measures(run, layer.area_ids, "sdo")
    m, y, msgs = view.resolve(ms, {"measure": "folkmangd", "year": "1990"})
    assert m.key == "folkmangd" and y == max(m.years) and "inga värden" in msgs[0][0]


def test_csv_is_utf8_with_bom_and_swedish_decimals():
    data = ml.csv_bytes(pd.DataFrame({"Område": ["Älvsjö"], "Värde": [1.5]}), "sv")
    assert data.startswith(b"\xef\xbb\xbf")
    assert data.decode("utf-8-sig").splitlines() == ["Område;Värde", "Älvsjö;1,5"]


def _many_areas(n: int, shared_source: bool = True) -> tuple:
    ids = [f"x{i}" for i in range(n)]
    areas = pd.DataFrame({"area_id": ids, "name": [f"Område {i}" for i in range(n)], "lon": 18.0, "lat": 59.3,
                          "location": "polygon"})
    feats = [{"type": "Feature", "properties": {"area_id": a, "name": a},
              "geometry": {"type": "Point", "coordinates": [18, 59]}} for a in ids]
    layer = map_geographies.GeoLayer("sdo", "2020-", areas, feats, bounds=(18.0, 59.2, 18.3, 59.4))
    values = pd.DataFrame({"area_id": ids, "value": [float(i % 7) for i in range(n)], "year": 2017,
                           "source_publisher": "SCB", "confidence": "high",
                           "source_title": ["Tabell" if shared_source or i != 1 else "Annan tabell" for i in range(n)]})
    values.loc[0, "value"] = np.nan  # one gap
    return layer, ml.join_values(layer, values)


def _area_props(deck) -> list[dict]:
    layer = next(lyr for lyr in json.loads(deck.to_json())["layers"] if lyr["id"] == "areas")
    return [f["properties"] for f in layer["data"]["features"]]


def test_polygons_carry_only_what_the_browser_shows():
    layer, joined = _many_areas(5)
    deck = build_deck(layer, joined, DeckOptions("Andel", "percent", False, map_classes.classify([1.0, 2.0, 3.0])))
    props = _area_props(deck)
    assert set(props[1]) == {"area_id", "name", "fill", "value_label", "note"}
    assert props[1]["value_label"] == "1,0 %" and props[1]["note"] == "År: 2017\nKälla: SCB: Tabell"
    assert props[0]["value_label"].startswith("uppgift saknas")
    tip = deck._tooltip  # the measure's name once, in the template (Streamlit sends it beside the JSON)
    assert tip["html"] == "<b>{name}</b><br/>Andel: {value_label}<br/>{note}" and tip["style"]["whiteSpace"] == "pre-line"


def test_thousands_of_polygons_leave_the_shared_year_and_source_to_the_legend():
    from sammanhallen.map.deck import SHARED_LABELS_ABOVE

    n = SHARED_LABELS_ABOVE + 1
    layer, joined = _many_areas(n)
    props = _area_props(build_deck(layer, joined, DeckOptions("Andel", "percent", False, map_classes.classify([1.0, 2.0]))))
    assert all(p["note"] == "" for p in props)
    layer, joined = _many_areas(n, shared_source=False)  # one area cites another table: its tooltip says so
    props = _area_props(build_deck(layer, joined, DeckOptions("Andel", "percent", False, map_classes.classify([1.0, 2.0]))))
    assert props[1]["note"] == "Källa: SCB: Annan tabell" and props[2]["note"] == "Källa: SCB: Tabell"
    assert props[0]["note"] == ""  # the gap: the shared year is in the legend, it has no source


def test_thousands_of_polygons_are_drawn_without_outlines_but_the_selected_one_keeps_its_own():
    from sammanhallen.map.deck import OUTLINES_UP_TO

    for n, outlined in ((OUTLINES_UP_TO, True), (OUTLINES_UP_TO + 1, False)):
        layer, joined = _many_areas(n)
        opts = DeckOptions("Andel", "percent", False, map_classes.classify([1.0, 2.0]), selected="x3")
        layers = {lyr["id"]: lyr for lyr in json.loads(build_deck(layer, joined, opts).to_json())["layers"]}
        assert layers["areas"]["stroked"] is outlined
        assert layers["selected"]["stroked"] is True

