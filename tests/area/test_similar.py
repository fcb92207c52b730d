"""Similar areas: properties over generated tables, and the 'too little data' rule."""
from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import HealthCheck, assume, given, settings, strategies as st

from sammanhallen.area import similar

AREAS = [f"a{i}" for i in range(7)]
INDICATORS = [f"i{j}" for j in range(5)]
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

cells = st.one_of(st.none(), st.integers(-1000, 1000))
tables = st.lists(st.lists(cells, min_size=len(INDICATORS), max_size=len(INDICATORS)),
                  min_size=len(AREAS), max_size=len(AREAS))


def long(table: list[list], year: int = 2010) -> pd.DataFrame:
    rows = [(a, i, year, float(v)) for a, values in zip(AREAS, table) for i, v in zip(INDICATORS, values) if v is not None]
    return pd.DataFrame(rows, columns=["area_id", "indicator_id", "year", "value"])


def nearest(obs, area_id, m=2):
    return similar.similar(obs, area_id, AREAS, 2000, 2020, k=len(AREAS), min_shared=m)


@SETTINGS
@given(tables)
def test_never_its_own_neighbour(table):
    obs = long(table)
    for area_id in AREAS:
        assert area_id not in [n.area_id for n in nearest(obs, area_id).neighbours]


@SETTINGS
@given(tables)
def test_distance_is_symmetric(table):
    obs = long(table)
    found = {a: {n.area_id: n.distance for n in nearest(obs, a).neighbours} for a in AREAS}
    for a in AREAS:
        for b, d in found[a].items():
            assert found[b][a] == pytest.approx(d, abs=1e-12)


@SETTINGS
@given(tables, st.sampled_from(INDICATORS), st.integers(-10_000, 10_000))
def test_adding_a_constant_to_one_indicator_changes_nothing(table, indicator, constant):
    obs = long(table)
    shifted = obs.assign(value=obs["value"].where(obs["indicator_id"] != indicator, obs["value"] + constant))
    for area_id in AREAS:
        before, after = nearest(obs, area_id), nearest(shifted, area_id)
        assert before.status == after.status
        assert {n.area_id: n.distance for n in before.neighbours} == pytest.approx(
            {n.area_id: n.distance for n in after.neighbours}, abs=1e-9)


@SETTINGS
@given(tables, st.sampled_from(AREAS), st.sampled_from(AREAS))
def test_an_area_given_anothers_values_becomes_its_nearest(table, target, copy):
    assume(target != copy and sum(v is not None for v in table[AREAS.index(target)]) >= 2)
    table = [list(row) for row in table]
    table[AREAS.index(copy)] = list(table[AREAS.index(target)])
    result = nearest(long(table), target)
    assert result.status == "ok"
    distances = {n.area_id: n.distance for n in result.neighbours}
    assert distances[copy] == pytest.approx(0, abs=1e-12)
    assert result.neighbours[0].distance == pytest.approx(0, abs=1e-12)


@SETTINGS
@given(tables, st.integers(2, len(INDICATORS)))
def test_fewer_shared_indicators_than_m_gives_too_little_data(table, m):
    table = [list(row) for row in table]
    table[0] = [v if v is not None else 1 for v in table[0][: m - 1]] + [None] * (len(INDICATORS) - m + 1)
    result = nearest(long(table), AREAS[0], m=m)
    assert result.status == "too_little_data" and result.neighbours == []


def test_the_two_indicators_that_differ_most_are_named():
    obs = long([[0, 0, 0, 0, 0], [0, 10, 0, 5, 0], [1, 1, 1, 1, 1], [2, 2, 2, 2, 2], [3, 3, 3, 3, 3], [4, 4, 4, 4, 4],
                [5, 5, 5, 5, 5]])
    result = similar.similar(obs, "a0", AREAS, 2000, 2020, k=6, min_shared=3)
    by_id = {n.area_id: n for n in result.neighbours}
    assert by_id["a1"].differ_most == ("i1", "i3") and len(by_id["a1"].shared) == 5


def test_the_window_uses_each_areas_latest_value_in_it_and_indicators_can_be_restricted():
    obs = pd.DataFrame([("a", "x", 2010, 1.0), ("a", "x", 2015, 9.0), ("b", "x", 2012, 9.0), ("c", "x", 2012, 1.0),
                        ("a", "y", 2012, 1.0), ("b", "y", 2012, 1.0), ("c", "y", 2012, 5.0)],
                       columns=["area_id", "indicator_id", "year", "value"])
    assert similar.similar(obs, "a", ["a", "b", "c"], 2010, 2015, min_shared=2).neighbours[0].area_id == "b"
    assert similar.similar(obs, "a", ["a", "b", "c"], 2010, 2012, min_shared=2).neighbours[0].area_id == "c"
    only_y = similar.similar(obs, "a", ["a", "b", "c"], 2010, 2015, min_shared=1, indicators=["y"])
    assert only_y.neighbours[0].area_id == "b" and only_y.neighbours[0].shared == ("y",)
    assert similar.similar(obs, "a", ["a", "b", "c"], 2010, 2015, min_shared=3).status == "too_little_data"
