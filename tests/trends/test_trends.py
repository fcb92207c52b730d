"""Trends view: gaps stay gaps, indexing math, base-year exclusion, period band and payment rule;
and the page keeps its whole selection in the URL (AppTest)."""
from __future__ import annotations

import json

import pandas as pd
import pytest

from sammanhallen.data import queries
from sammanhallen.trends import view as trends

from tests.test_pages import open_page


def series(rows):
    """A minimal trends_series frame: (area_id, name, year, value, source_id, confidence)."""
    frame = pd.DataFrame(rows, columns=["area_id", "name", "year", "value", "source_id", "confidence"])
    return frame.assign(unit="percent", note=None, source_title=frame.source_id, source_publisher="P",
                        source_year=2018, indicator_name_sv="Test", indicator_name_en="Test", level="borough")


GAPPY = series([
    ("a", "A", 2009, 4.0, "s1", "high"), ("a", "A", 2010, 3.8, "s1", "high"),
    ("a", "A", 2015, 2.7, "s2", "high"), ("a", "A", 2016, 2.5, "s1", "low"), ("a", "A", 2017, 2.7, "s1", "high"),
    ("b", "B", 2005, 10.0, "s1", "high"), ("b", "B", 2016, 8.0, "s1", "high"),
])


def spec_of(view) -> dict:
    return json.loads(view.chart.to_json())


def line_rows(spec: dict) -> list[dict]:
    """Rows of the dataset that feeds the line layer (the one encoding `detail`)."""
    main = spec["vconcat"][0]
    for layer in main["layer"]:
        if layer.get("mark", {}).get("type") == "line":
            return spec["datasets"][layer["data"]["name"]]
    raise AssertionError("no line layer")


def test_a_missing_year_breaks_the_line():
    rows = trends.prepare(GAPPY).rows
    a = rows[rows.area_id == "a"].set_index("year")
    assert a.loc[2009, "segment"] == a.loc[2010, "segment"]
    assert a.loc[2010, "segment"] != a.loc[2015, "segment"], "2011–2014 are missing: the line must break"
    assert a.loc[2015, "segment"] == a.loc[2017, "segment"]
    b = rows[rows.area_id == "b"]
    assert b.segment.nunique() == 2 and b.isolated.all(), "isolated values are their own runs (drawn as points)"


def test_the_chart_data_has_a_break_where_a_year_is_missing():
    view = trends.build_chart(GAPPY, {"indicator": "x", "areas": "a,b"}, "sv")
    data = pd.DataFrame(line_rows(spec_of(view)))
    for _, run in data.groupby("segment"):
        years = sorted(run.year)
        assert years == list(range(years[0], years[-1] + 1)), f"a line spans a missing year: {years}"
    assert data[data.area_id == "a"].segment.nunique() == 2


def test_real_series_never_joins_across_a_gap(con):
    frame = queries.run(con, "trends_series", area_ids=["0180"], indicator_id="ekonomiskt_bistand_andel_befolkning")
    rows = trends.prepare(frame).rows
    assert {1990, 1995, 2009, 2010}.issubset(set(rows.year))
    by_year = rows.set_index("year").segment
    assert by_year[1990] != by_year[1995] and by_year[2009] == by_year[2010] and by_year[2010] != by_year[2015]


def test_values_from_another_source_are_marked():
    rows = trends.prepare(GAPPY).rows.set_index(["area_id", "year"])
    assert not rows.loc[("a", 2015), "main_source"] and rows.loc[("a", 2016), "main_source"]
    spec = spec_of(trends.build_chart(GAPPY, {"indicator": "x", "areas": "a,b"}, "sv"))
    shapes = [l["encoding"]["shape"] for l in spec["vconcat"][0]["layer"] if "shape" in l.get("encoding", {})]
    assert shapes and shapes[0]["scale"]["range"] == ["circle", "diamond"]


def test_indexing_divides_by_the_areas_own_base_year_value():
    rows = trends.prepare(GAPPY, base=2016).rows.set_index(["area_id", "year"])
    assert rows.loc[("a", 2016), "value"] == pytest.approx(100)
    assert rows.loc[("a", 2009), "value"] == pytest.approx(4.0 / 2.5 * 100)
    assert rows.loc[("b", 2005), "value"] == pytest.approx(125)
    assert rows.loc[("a", 2009), "original_value"] == 4.0


def test_areas_without_a_base_year_value_are_excluded_not_rescaled():
    prepared = trends.prepare(GAPPY, base=2015)
    assert prepared.excluded == ["B"]
    assert set(prepared.rows.area_id) == {"a"}
    view = trends.build_chart(GAPPY, {"indicator": "x", "areas": "a,b", "base": "2015"}, "sv")
    assert any("Utan värde 2015" in note and "B" in note for note in view.notes)
    assert "index 2015 = 100" in view.subtitle


def test_programme_band_and_payment_rule_are_in_the_spec():
    spec = spec_of(trends.build_chart(GAPPY, {"indicator": "x", "areas": "a"}, "sv"))
    layers = spec["vconcat"][0]["layer"]
    datasets = spec["datasets"]
    rect = next(l for l in layers if l["mark"]["type"] == "rect")
    band = datasets[rect["data"]["name"]][0]
    assert (band["start"], band["end"]) == (2014.5, 2020.5)
    rule = next(l for l in layers if l["mark"]["type"] == "rule")
    payment = datasets[rule["data"]["name"]][0]
    assert 2013.8 < payment["x"] < 2014.0 and "dec. 2013" in payment["label"]
    texts = [datasets[l["data"]["name"]][0].get("label") for l in layers if l["mark"]["type"] == "text" and "data" in l]
    assert "Programperiod 2015–2020" in texts and "Stimulansmedel dec. 2013" in texts


def test_chart_carries_title_subtitle_source_and_hover_fields(con):
    view = trends.chart(con, {"indicator": "ekonomiskt_bistand_andel_befolkning", "areas": "0180,0180-sdo-spanga-tensta"}, "sv")
    spec = spec_of(view)
    assert spec["title"]["text"] == "Andel av befolkningen med ekonomiskt bistånd"
    subtitle = " ".join(spec["title"]["subtitle"])
    assert "Stockholm" in subtitle and "Spånga-Tensta" in subtitle
    assert view.source_line.startswith("Källor:") and "År: 1990–2017" in view.source_line
    footer = spec["datasets"][spec["vconcat"][1]["data"]["name"]]
    assert footer[0]["line"].startswith("Källor:")
    points = next(l for l in spec["vconcat"][0]["layer"] if l["mark"]["type"] == "point")
    titles = [tip["title"] for tip in points["encoding"]["tooltip"]]
    assert titles[:3] == ["Område", "År", "Värde"] and {"Enhet", "Källa", "Tillförlitlighet"} <= set(titles)
    row = next(r for r in spec["datasets"][points["data"]["name"]] if r["year"] == 2016 and r["area_id"] == "0180-sdo-spanga-tensta")
    assert row["value_text"] == "6,2 %" and row["unit_text"] == "procent"


def test_low_confidence_values_are_starred(con):
    view = trends.chart(con, {"indicator": "folkmangd", "areas": "u15-tensta"}, "sv")
    spec = spec_of(view)
    star = next(l for l in spec["vconcat"][0]["layer"] if l["mark"]["type"] == "text" and l.get("transform"))
    assert star["transform"][0]["filter"] == "datum.low"
    assert "låg tillförlitlighet" in view.source_line


def test_areas_keep_their_colours():
    from sammanhallen.colors import area_color
    spec = spec_of(trends.build_chart(GAPPY, {"indicator": "x", "areas": "b,a"}, "sv"))
    line = next(l for l in spec["vconcat"][0]["layer"] if l["mark"]["type"] == "line")
    scale = line["encoding"]["color"]["scale"]
    assert scale["domain"] == ["B", "A"] and scale["range"] == [area_color("b"), area_color("a")]


@pytest.mark.parametrize("given, expected", [
    ({}, trends.DEFAULTS),
    ({"areas": "x, y,x", "base": "2015", "evil": "1"}, {"indicator": trends.DEFAULTS["indicator"], "areas": "x,y", "base": "2015"}),
    ({"base": "1900"}, {**trends.DEFAULTS, "base": ""}),
    ({"base": "2015; drop"}, {**trends.DEFAULTS, "base": ""}),
])
def test_normalise(given, expected):
    assert trends.normalise(given) == expected


# --- the page ------------------------------------------------------------------------------------
def test_page_reads_its_selection_from_the_url(db_path):
    at = open_page("pages/trends.py", indicator="folkmangd", areas="0180,0180-sdo-bromma", base="2005")
    assert not at.exception
    assert at.selectbox(key="trends-indicator").value == "folkmangd"
    assert at.multiselect(key="trends-areas").value == ["0180", "0180-sdo-bromma"]
    assert at.selectbox(key="trends-base").value == "2005"
    assert at.query_params["base"] == ["2005"] or at.query_params["base"] == "2005"


def test_page_writes_every_change_to_the_url(db_path):
    at = open_page("pages/trends.py")
    at.selectbox(key="trends-base").set_value("2015").run()
    assert not at.exception
    qp = {k: (v[0] if isinstance(v, list) else v) for k, v in at.query_params.items()}
    assert qp["base"] == "2015" and qp["indicator"] == trends.DEFAULTS["indicator"]
    assert qp["areas"] == trends.DEFAULTS["areas"]
    at.multiselect(key="trends-areas").unselect("0180").run()
    qp = {k: (v[0] if isinstance(v, list) else v) for k, v in at.query_params.items()}
    assert "0180" not in qp["areas"].split(",")


def test_page_lists_areas_excluded_from_the_index(db_path):
    at = open_page("pages/trends.py", indicator="ekonomiskt_bistand_andel_befolkning",
                   areas="0180,0181", base="2015")
    assert not at.exception
    assert any("Södertälje" in w.value and "2015" in w.value for w in at.warning)


# --- review fixes: every point inside the plot, legend under the plot, joined series said ---

@pytest.mark.parametrize("values, height", [([2.5, 9.5], 380), ([78.0, 352.0], 420), ([5.0, 5.0], 300), ([-3.0, 4.0], 300)])
def test_y_domain_leaves_room_around_every_value(values, height):
    lo, hi = trends.y_domain(values, height, 26, 10)
    per_px = (hi - lo) / height
    assert lo <= min(values) - 9 * per_px, "room below the lowest point (a diamond is ~5 px)"
    assert hi >= max(values) + 25 * per_px, "room above the highest point for its marker and the band labels"
    step = trends.nice_step(hi - lo)
    assert lo == pytest.approx(round(lo / step) * step) or lo == 0
    if min(values) >= 0:
        assert lo >= 0


def test_default_view_keeps_the_1995_point_and_the_diamonds_inside_the_plot(con):
    spec = spec_of(trends.chart(con, {}, "sv", width=720, height=380))
    points = next(l for l in spec["vconcat"][0]["layer"] if l["mark"]["type"] == "point")
    domain = points["encoding"]["y"]["scale"]["domain"]
    values = [r["value"] for r in spec["datasets"][points["data"]["name"]]]
    assert domain[0] < min(values) and domain[1] > max(values) >= 9.5
    assert points["encoding"]["y"]["scale"]["nice"] is False


def test_legend_sits_under_the_plot_and_the_chart_fits_its_width(con):
    spec = spec_of(trends.chart(con, {}, "sv", width=720, height=380))
    assert spec["config"]["legend"]["orient"] == "bottom"
    points = next(l for l in spec["vconcat"][0]["layer"] if l["mark"]["type"] == "point")
    assert points["encoding"]["color"]["legend"]["orient"] == "bottom"
    assert points["encoding"]["shape"]["legend"]["orient"] == "bottom"
    assert all(len(line) * 7.2 <= 720 for line in spec["title"]["subtitle"]), "the subtitle wraps within the plot"


def test_subtitle_says_when_a_series_joins_several_tables(con):
    view = trends.chart(con, {}, "sv")
    assert "Stockholm: serien fogar ihop flera tabeller" in view.subtitle
    plain = trends.build_chart(series([("a", "A", 2015, 1.0, "s1", "high"), ("a", "A", 2016, 2.0, "s1", "high")]),
                               {"indicator": "x", "areas": "a"}, "en")
    assert "joins several tables" not in plain.subtitle
    mixed = trends.build_chart(GAPPY, {"indicator": "x", "areas": "a,b"}, "en")
    assert "A: the series joins several tables" in mixed.subtitle and "B:" not in mixed.subtitle


def test_the_cached_chart_follows_the_indexing_and_the_language(db_path):
    """The chart's spec is cached per frame, selection and language: each change must redraw it."""
    def spec_text(at) -> str:
        charts = [c for kind in ("arrow_vega_lite_chart", "vega_lite_chart") for c in at.get(kind)]
        assert len(charts) == 1
        return json.dumps(json.loads(charts[0].proto.spec), ensure_ascii=False)

    at = open_page("pages/trends.py", indicator="folkmangd", areas="0180,0180-sdo-bromma")
    assert "= 100" not in spec_text(at)
    at.selectbox(key="trends-base").set_value("2005").run()
    assert not at.exception
    assert "2005 = 100" in spec_text(at)
    in_english = open_page("pages/trends.py", indicator="folkmangd", areas="0180,0180-sdo-bromma", base="2005", lang="en")
    assert "2005 = 100" in spec_text(in_english) and "Källa" not in spec_text(in_english)
