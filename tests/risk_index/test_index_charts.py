"""Charts and tables of the risk-index page, without Streamlit: they build, carry their source and
flags, and render offline."""
from __future__ import annotations

import pandas as pd
import pytest
import vl_convert as vlc

from sammanhallen.risk_index import charts as ic
from sammanhallen.data import queries
from sammanhallen.risk_index import model as ri
from sammanhallen.risk_index import presets as rp


@pytest.fixture(scope="module")
def stockholm(con):
    preset = rp.load_presets()["stockholm_sdo"]
    inputs = ri.inputs(con, preset)
    result = ri.compute(inputs, preset)
    areas = queries.run(con, "index_areas", level="borough", parent_id="0180", reference_area_id="0180")
    return preset, inputs, result, areas


def test_ranking_frame_lists_areas_valid_in_the_year(stockholm):
    _, inputs, result, areas = stockholm
    rows = ic.ranking_frame(result, 2017, areas, "sv", inputs)
    names = set(rows["name"])
    assert len(rows) == 15 and "Hägersten-Älvsjö" not in names and "Älvsjö" in names  # 2007–2019 division + Stockholm
    assert rows.iloc[0]["name"] == "Rinkeby-Kista" and rows.iloc[0]["label"] == "265,0"
    assert rows.iloc[-1]["is_reference"] and rows.iloc[-1]["index"] == 100.0


def test_flags_and_low_confidence_inputs_are_marked(stockholm):
    _, inputs, result, areas = stockholm
    low = inputs.copy()
    low.loc[(low.area_id == "0180-sdo-bromma") & (low.year == 2017), "confidence"] = "low"
    rows = ic.ranking_frame(result, 2017, areas, "sv", low).set_index("name")
    assert rows.loc["Bromma", "label"].endswith(" †") and not rows.loc["Farsta", "label"].endswith("†")
    flagged = ic.ranking_frame(result, 2015, areas, "en", inputs).set_index("name")
    assert flagged.loc["Rinkeby-Kista", "label"].endswith(" *")
    assert flagged.loc["Rinkeby-Kista", "status"] == "flagged: too few indicators"


def test_source_line_names_the_computation_and_the_inputs(stockholm):
    _, inputs, result, _ = stockholm
    line = ic.inputs_source_line(inputs, result.components, 2017, "sv")
    assert line.startswith("Beräkning: Sammanhållen stad (dashboarden). Indata: Källor: ")
    assert "(tabell b021)" in line and line.endswith("År: 2017.")
    assert "a19" not in line  # the foreign-born employment table is not used in 2017


def test_years_are_written_as_runs():
    assert ic.year_runs([2005, 2006, 2007, 2015, 2017]) == "2005–2007, 2015, 2017"
    assert ic.year_runs([]) == ""


def test_year_sets_describe_what_each_year_rests_on(stockholm):
    _, _, result, _ = stockholm
    sets = ic.year_sets(result, {"ekonomiskt_bistand_andel_befolkning": "B", "ekonomiskt_bistand_andel_barn": "C",
                                 "forvarvsarbetande_utrikes_fodda_andel_20_64": "F"})
    assert sets == [("2005–2007", "F", 1, True), ("2015–2016", "B", 1, True), ("2017", "B; C", 2, False)]


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_every_chart_renders_offline(stockholm, lang):
    preset, inputs, result, areas = stockholm
    rows = ic.ranking_frame(result, 2017, areas, lang, inputs)
    names = dict(zip(areas.area_id, areas.name))
    source = ic.inputs_source_line(inputs, result.components, 2017, lang)
    from sammanhallen.map import geographies as map_geographies

    layer = map_geographies.load_geography("sdo", "2007-2019")
    charts = [
        ic.bar_chart(result, rows, 2017, "Stockholm", source, lang),
        ic.map_chart(result, rows, 2017, ic.altair_features(layer.features), layer.areas[["area_id", "lon", "lat"]],
                     "Stockholm", source, "Gränser", lang),
        ic.time_chart(result, ic.time_frame(result, names, {}, lang), "Stockholm", source, lang),
        ic.slope_chart(ri.leave_one_out(inputs, preset).query("year == 2017 and changed == 'ekonomiskt_bistand_andel_barn'"),
                       names, "Rang", ["sub"], lang),
    ]
    for chart in charts:
        spec = chart.to_dict()
        assert spec["autosize"]["type"] == "fit-x"
        png = vlc.vegalite_to_png(chart.to_json(), scale=1)
        assert png[:4] == b"\x89PNG" and len(png) > 5000
    subtitle = " ".join(charts[0].to_dict()["title"]["subtitle"])
    assert ("Beräknat av dashboarden" if lang == "sv" else "Computed by the dashboard") in subtitle


def test_colour_scale_is_symmetric_around_100():
    scale = ic.colour_scale(pd.Series([50.0, 150.0, 400.0]))
    lo, mid, hi = scale.domain
    assert mid == 100.0 and lo == pytest.approx(25.0) and hi == pytest.approx(400.0)
    assert ic.legend_values(scale) == [25, 50, 100, 200, 400]


def test_inputs_table_lists_domain_weight_direction_years_and_source(con, stockholm):
    preset, inputs, _, _ = stockholm
    candidates = queries.run(con, "index_candidates", level="borough", parent_id="0180", reference_area_id="0180")
    table = ic.inputs_table(preset, candidates, inputs, "sv").set_index("indicator")
    row = table.loc["Förvärvsarbetande utrikes födda 20–64 år"]
    assert row["domain"] == "Försörjning" and row["direction"] == "högre är bättre (vänds)"
    assert row["years"] == "2005–2007" and row["reference_years"] == "2005–2007"
    assert "Stockholms stad" in row["source"]
