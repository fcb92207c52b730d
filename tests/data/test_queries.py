"""Every file in queries/ runs on the built database with bound parameters.

A new query is tested by being added: its header declares example parameters."""
from __future__ import annotations

import json
import re

import pytest

from sammanhallen.data import queries

def example_params(name: str) -> dict:
    """Each query declares runnable example parameters in its header: `-- Example: {json}`."""
    match = re.search(r"^-- Example: (.*)$", queries.load(name), re.MULTILINE)
    assert match, f"queries/{name}.sql needs a '-- Example: {{...}}' header line with sample parameters"
    return json.loads(match.group(1))


@pytest.mark.parametrize("name", queries.available())
def test_query_runs_with_its_declared_parameters(con, name):
    sql = queries.load(name)
    assert sql.lstrip().startswith("--"), "each query starts with a comment saying what it returns"
    assert "Parameters:" in sql, "the header comment lists the parameters"
    frame = queries.run(con, name, **example_params(name))
    assert not frame.empty, f"queries/{name}.sql returned no rows for its example parameters"


def test_missing_or_unexpected_parameters_are_refused(con):
    with pytest.raises(queries.QueryError, match="missing \\['year'\\]"):
        queries.run(con, "indicator_by_area", indicator_id="folkmangd", level="borough")
    with pytest.raises(queries.QueryError, match="unexpected \\['evil'\\]"):
        queries.run(con, "indicators_list", evil="1; drop table areas")


def test_unknown_query_name_is_refused(con):
    with pytest.raises(queries.QueryError):
        queries.run(con, "../etc/passwd")


def test_user_text_is_bound_not_executed(con):
    frame = queries.run(con, "areas_by_level", level="municipality' or '1'='1")
    assert frame.empty
    assert con.execute("select count(*) from areas").fetchone()[0] > 0


def test_indicator_by_area_keeps_areas_without_a_value_as_gaps(con):
    frame = queries.run(con, "indicator_by_area", indicator_id="ekonomiskt_bistand_andel_befolkning", year=2016, level="borough")
    stockholm = frame[frame.parent_id == "0180"]
    assert len(stockholm) == 14  # the 2007–2019 division
    assert stockholm.value.notna().sum() >= 14
    malmo = frame[frame.parent_id == "1280"]
    assert malmo.value.isna().all(), "Malmö's stadsdelar have no ekonomiskt bistånd values: they are gaps"


def test_indicator_by_area_follows_the_2020_borough_division(con):
    frame = queries.run(con, "indicator_by_area", indicator_id="folkmangd", year=2021, level="borough")
    names = set(frame[frame.parent_id == "0180"].name)
    assert "Hägersten-Älvsjö" in names and "Älvsjö" not in names and len(names) == 13


def test_funds_by_municipality_sums_the_district_rows(con):
    frame = queries.run(con, "funds_by_municipality", programme="urban15_stimulus", payment="2013-12")
    assert frame.amount_sek.sum() == 99_000_000
    goteborg = frame.set_index("municipality_id").loc["1480"]
    assert goteborg.amount_sek == 26_209_000 and goteborg.n_districts == 4
    assert abs(frame.share.sum() - 1) < 1e-12


def test_funds_by_district_shares(con):
    frame = queries.run(con, "funds_by_district", programme="urban15_stimulus", payment="2013-12")
    top = frame.iloc[0]
    assert (top["name"], top.amount_sek) == ("Gamlegården", 11_426_000)
    assert frame.source_title.notna().all()


def test_area_series_returns_source_per_value(con):
    frame = queries.run(con, "area_series", area_ids=["0180-sdo-spanga-tensta"], indicator_id="folkmangd")
    assert list(frame.year) == sorted(frame.year)
    assert frame.source_title.notna().all() and frame.confidence.notna().all()
