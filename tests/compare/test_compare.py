"""sammanhallen.compare.selection, the compare_* queries and the compare view (no Streamlit)."""
from __future__ import annotations

import functools
import json

import pandas as pd
import pytest

from sammanhallen.compare import choices
from sammanhallen.compare import diff
from sammanhallen.compare import selection as cmp
from sammanhallen.compare import table as compare_table
from sammanhallen.data import queries
from sammanhallen.colors import area_color
from sammanhallen.views import ViewChart, view_module
from sammanhallen.compare import view

BOROUGHS = "0180-sdo-rinkeby-kista,0180-sdo-alvsjo,0180-sdo-hagersten-alvsjo,1280-sd-rosengard,0181"


@pytest.fixture
def run(con):
    return functools.partial(queries.run, con)


@pytest.mark.parametrize("text, expected", [
    (None, []), ("", []), ("a,b", ["a", "b"]), (" a , ,b,a", ["a", "b"]), (["x", "x", "y"], ["x", "y"]),
])
def test_split_ids(text, expected):
    assert choices.split_ids(text) == expected


@pytest.mark.parametrize("params, year, span, message", [
    ({}, 2017, (2007, 2017), False),
    ({"year": "2016", "from": "2015", "to": "2016"}, 2016, (2015, 2016), False),
    ({"year": "1999"}, 2017, (2007, 2017), True),           # no data that year: latest, with a message
    ({"year": "abc", "from": "2018"}, 2017, (2007, 2017), False),  # nonsense is ignored
])
def test_resolve_years_offers_only_years_with_data(params, year, span, message):
    choice = choices.resolve_years(params, [2007, 2015, 2016, 2017])
    assert (choice.year, (choice.year_from, choice.year_to), choice.message is not None) == (year, span, message)


def test_resolve_years_without_data():
    assert choices.resolve_years({"year": "2017"}, []).year is None


def test_compare_areas_groups_and_municipalities(run):
    areas = run("compare_areas").set_index("area_id")
    counts = areas.area_group.value_counts()
    assert (counts["municipalities"], counts["urban15"], counts["malmo_sd"], counts["sthlm_sd"]) == (9, 15, 10, 117)
    assert areas.loc["0180-sd-tensta", "municipality_id"] == "0180"       # via its stadsdelsområde
    assert areas.loc["u15-hovsjo", "municipality_id"] == "0181"
    assert pd.isna(areas.loc["SE", "municipality_id"])


def test_compare_funds_sums_municipalities_from_districts(run):
    funds = run("compare_funds", area_ids=["1480", "u15-tensta", "SE"], programme=cmp.PROGRAMME, payment=cmp.PAYMENT)
    by_area = funds.set_index("area_id")
    assert by_area.loc["1480", "value"] == 26_209_000 and by_area.loc["1480", "n_districts"] == 4
    assert by_area.loc["u15-tensta", "value"] == 5_567_000
    assert "SE" not in by_area.index  # no payment: a gap, not a zero


def test_year_slice_gives_every_gap_a_reason(run):
    comp = cmp.load(run, {"indicator": "ekonomiskt_bistand_andel_befolkning", "areas": BOROUGHS})
    assert comp.years == [2007, 2015, 2016, 2017]
    frame = cmp.year_slice(comp, 2017).set_index("area_id")
    assert frame.loc["0180-sdo-rinkeby-kista", "value"] == 7.2
    assert frame.loc["0180-sdo-rinkeby-kista", "municipality_value"] == 2.7
    assert "bildades 2020-07-01" in frame.loc["0180-sdo-hagersten-alvsjo", "gap_reason"]
    assert "finns inte för området" in frame.loc["1280-sd-rosengard", "gap_reason"]
    assert "värden finns för 2007" in frame.loc["0181", "gap_reason"]
    assert frame.value.isna().sum() == 3  # nothing filled in


def test_differences_in_units_and_percent(run):
    comp = cmp.load(run, {"indicator": "ekonomiskt_bistand_andel_befolkning", "areas": BOROUGHS})
    frame = diff.differences(cmp.year_slice(comp, 2017), comp, "0180", 2017).set_index("area_id")
    assert frame.loc["0180-sdo-rinkeby-kista", "diff"] == pytest.approx(4.5)
    assert frame.loc["0180-sdo-rinkeby-kista", "diff_pct"] == pytest.approx(4.5 / 2.7 * 100)
    assert pd.isna(frame.loc["1280-sd-rosengard", "diff"])
    assert diff.format_diff(4.5, "percent") == "+4,5 p.e."
    assert diff.format_pct(-48.148).replace("\u00a0", " ") == "−48,1 %"


def test_difference_from_a_reference_without_value_is_empty(run):
    comp = cmp.load(run, {"indicator": "ekonomiskt_bistand_andel_befolkning", "areas": BOROUGHS})
    frame = diff.differences(cmp.year_slice(comp, 2017), comp, "1280-sd-rosengard", 2017)
    assert frame["diff"].isna().all()


def test_funds_per_inhabitant_never_mixes_years_silently(run):
    areas = "u15-tensta,u15-rinkeby,u15-kronogarden"
    same = cmp.load(run, {"indicator": cmp.FUNDS_PER_INHABITANT, "areas": areas, "pop": "same"})
    frame = cmp.year_slice(same, 2013).set_index("area_id")
    assert frame.value.isna().all(), "no Urban15 district has population for 2013"
    assert "närmaste år med folkmängd är 2011" in frame.loc["u15-tensta", "gap_reason"]
    assert "folkmängd saknas för området" in frame.loc["u15-rinkeby", "gap_reason"]

    nearest = cmp.load(run, {"indicator": cmp.FUNDS_PER_INHABITANT, "areas": areas, "pop": "nearest"})
    frame, notes = compare_table.annotate(cmp.year_slice(nearest, 2013))
    tensta = frame.set_index("area_id").loc["u15-tensta"]
    assert tensta.value == pytest.approx(5_567_000 / 18_393)
    assert tensta.population_year == 2011 and tensta.marker == "†"
    assert any("Tensta: folkmängd från 2011, inte 2013" in n for n in notes)
    # Kronogården's only population is "mer än 5 000" (2008, low): no ratio, and the gap says why
    krono = frame.set_index("area_id").loc["u15-kronogarden"]
    assert pd.isna(krono.value) and krono.population == 5000 and not krono.population_usable
    assert "låg tillförlitlighet" in krono.gap_reason


def test_per_inhabitant_uses_same_year_when_it_exists():
    funds = pd.DataFrame({"area_id": ["a"], "year": [2013], "value": [1000.0]})
    pop = pd.DataFrame({"area_id": ["a", "a"], "year": [2012, 2013], "value": [50.0, 100.0], "confidence": ["high", "high"],
                        "source_id": ["s", "s"], "source_title": ["t", "t"], "source_publisher": ["p", "p"],
                        "source_year": [2014, 2014], "source_url": [None, None]})
    out = cmp.per_inhabitant(funds, pop, allow_nearest=True).iloc[0]
    assert (out.pop_status, out.population_year, out.per_inhabitant) == ("same_year", 2013, 10.0)


def test_series_breaks_lines_at_missing_years(run):
    comp = cmp.load(run, {"indicator": "ekonomiskt_bistand_andel_befolkning", "areas": "0180"})
    data = diff.series(comp, 1990, 2017)
    segments = data.groupby("segment").year.apply(list).tolist()
    assert [2015, 2016, 2017] in segments and [2009, 2010] in segments and [1990] in segments
    assert not any(y in data.year.values for y in (1991, 2011)), "nothing interpolated"


def test_long_table_and_export_frame_keep_numbers(run):
    comp = cmp.load(run, {"indicator": "ekonomiskt_bistand_andel_befolkning", "areas": BOROUGHS})
    table, notes = compare_table.long_table(comp, 2015, 2017, "0180")
    assert len(table) == 5 * 3
    frame = compare_table.export_frame(table, comp)
    row = frame[(frame["Områdeskod"] == "0180-sdo-rinkeby-kista") & (frame["År"] == 2016)].iloc[0]
    assert row["Värde"] == 7.7 and "Stadsledningskontoret" in row["Källa"]
    assert any("Hägersten-Älvsjö" in n for n in notes)


# --- the view ------------------------------------------------------------------------------

def test_normalise_fills_defaults_and_drops_unknown_keys():
    out = view.normalise({"areas": "", "evil": "x", "pop": "bogus"})
    assert set(out) == set(view.DEFAULTS) and out["areas"] == "" and out["pop"] == "same"
    assert view.normalise({})["indicator"] == view.DEFAULTS["indicator"]
    assert view_module("compare") is view


def test_view_chart_stands_alone(con):
    result = view.chart(con, {}, "sv")
    assert isinstance(result, ViewChart)
    assert result.title == "Andel av befolkningen med ekonomiskt bistånd, 2017"
    assert "14 områden" in result.subtitle and result.source_line.startswith("Källa: Stockholms stad")
    spec = result.chart.to_dict()
    text = json.dumps(spec, ensure_ascii=False)
    assert result.title in text and "Källa: Stockholms stad" in text and "Markerade: Rinkeby-Kista" in text
    assert spec["config"]["locale"]["number"]["decimal"] == ","


def test_ranked_chart_highlights_and_labels_in_swedish(con):
    comp = view.load(con, {})
    bars = view.ranked_chart(comp, 2017, "sv", "0180-sdo-rinkeby-kista").chart.to_dict()
    data = next(v for k, v in bars["datasets"].items() if any(r.get("area_id") == "0180-sdo-rinkeby-kista" for r in v))
    by_area = {r["area_id"]: r for r in data}
    assert by_area["0180-sdo-rinkeby-kista"]["colour"] == area_color("0180-sdo-rinkeby-kista")
    assert by_area["0180-sdo-bromma"]["colour"] == view.MUTED
    assert by_area["0180-sdo-rinkeby-kista"]["label"].replace("\u00a0", " ") == "7,2 %"


def test_ranked_chart_draws_sweden_reference_when_it_exists(con):
    comp = view.load(con, {"indicator": "forvarvsfrekvens_20_64_totalt", "areas": "0180,0181,1280"})
    years_with_se = sorted(comp.references[comp.references.area_id == "SE"].year)
    assert years_with_se, "the data has a Sweden value for this indicator"
    year = next(y for y in years_with_se if y in comp.years)
    text = json.dumps(view.ranked_chart(comp, year, "sv").chart.to_dict(), ensure_ascii=False)
    assert "Streckad linje: Sverige" in text


def test_time_chart_uses_app_colours_and_segments(con):
    comp = view.load(con, {"areas": "0180,0180-sdo-rinkeby-kista"})
    spec = view.time_chart(comp, 1990, 2017, "sv").chart.to_dict()
    text = json.dumps(spec)
    assert area_color("0180") in text and area_color("0180-sdo-rinkeby-kista") in text
    assert '"segment"' in text


def test_empty_selection_renders_a_message_chart(con):
    result = view.chart(con, {"areas": ""}, "en")
    assert "No values" in json.dumps(result.chart.to_dict())


# --- review fixes: Stockholm's two divisions, the time chart's legend --------------------------

def test_quick_picks_keep_stockholms_two_divisions_apart(run):
    areas = run("compare_areas")
    old = choices.group_members(areas, "sthlm_sdn_2007")
    new = choices.group_members(areas, "sthlm_sdo_2020")
    assert len(old) == 14 and len(new) == 13
    assert {"0180-sdo-alvsjo", "0180-sdo-hagersten-liljeholmen"} <= set(old) and "0180-sdo-hagersten-alvsjo" not in old
    assert "0180-sdo-hagersten-alvsjo" in new and not {"0180-sdo-alvsjo", "0180-sdo-hagersten-liljeholmen"} & set(new)
    assert set(old) - set(new) == {"0180-sdo-alvsjo", "0180-sdo-hagersten-liljeholmen"}
    assert choices.GROUP_LABELS["sthlm_sdn_2007"][0] == "Stockholms stadsdelsnämnder 2007–2019"
    assert choices.GROUP_LABELS["sthlm_sdo_2020"][0] == "Stockholms stadsdelsområden 2020–"
    assert "sthlm_sdo" not in choices.QUICK_GROUPS
    assert choices.quick_group_of(areas, "0180-sdo-rinkeby-kista") == "sthlm_sdo_2020"
    assert choices.quick_group_of(areas, "0180-sdo-alvsjo") == "sthlm_sdn_2007"
    assert view.STOCKHOLM_BOROUGHS_2017 == tuple(old) or set(view.STOCKHOLM_BOROUGHS_2017) == set(old)


def _colour_scale(spec: dict) -> tuple[list, list]:
    main = spec["vconcat"][0]
    line = next(l for l in main["layer"] if l["mark"]["type"] == "line")
    scale = line["encoding"]["color"]["scale"]
    return scale["domain"], scale["range"]


def test_time_chart_legend_shows_highlighted_areas_and_one_grey_rest(con):
    comp = view.load(con, {})
    highlight = "0180-sdo-rinkeby-kista,0180-sdo-spanga-tensta"
    domain, colours = _colour_scale(view.time_chart(comp, 2007, 2017, "sv", highlight).chart.to_dict())
    assert domain == ["Rinkeby-Kista", "Spånga-Tensta", "övriga"]
    assert colours == [area_color("0180-sdo-rinkeby-kista"), area_color("0180-sdo-spanga-tensta"), view.MUTED]
    domain, _ = _colour_scale(view.time_chart(comp, 2007, 2017, "en", highlight).chart.to_dict())
    assert domain[-1] == "others"


def test_time_chart_legend_without_highlight_has_every_area_in_colour(con):
    comp = view.load(con, {"areas": "0180,0180-sdo-rinkeby-kista"})
    domain, colours = _colour_scale(view.time_chart(comp, 1990, 2017, "sv", "").chart.to_dict())
    assert domain == ["Stockholm", "Rinkeby-Kista"] and view.MUTED not in colours


def test_a_population_that_gave_no_value_is_cited_but_marks_nothing(run):
    from sammanhallen.citations import source_line

    comp = cmp.load(run, {"indicator": cmp.FUNDS_PER_INHABITANT, "areas": "u15-tensta,u15-kronogarden", "pop": "nearest"})
    line = source_line(compare_table.source_rows(cmp.year_slice(comp, 2013)), "sv", "year")
    assert "Kronogården" in line  # the gap note quotes its "mer än 5 000", so its source is named
    assert "År: 2011–2013." in line, line  # not 2008: that figure gave no value
    assert "markerade *" not in line  # no value shown is of low confidence
