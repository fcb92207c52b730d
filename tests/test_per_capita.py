"""Kronor per inhabitant: one rule (sammanhallen/per_capita.py), and the three pages that show the
figure agree on it."""
from __future__ import annotations

import functools

import numpy as np
import pandas as pd
import pytest

from sammanhallen.compare import selection as cmp
from sammanhallen.grant import figures as grant
from sammanhallen.map import data as map_data
from sammanhallen.data import queries
from sammanhallen.map import boundaries
from sammanhallen.per_capita import kronor_per_inhabitant, usable_population, weak_population


def test_a_quotient_needs_a_positive_population_of_high_or_medium_confidence():
    amount = pd.Series([1000.0, 1000.0, 1000.0, 1000.0, 1000.0, np.nan])
    population = pd.Series([10.0, 10.0, 10.0, 0.0, np.nan, 10.0])
    confidence = pd.Series(["high", "medium", "low", "high", None, "high"])
    values = kronor_per_inhabitant(amount, population, confidence)
    assert values.tolist()[:2] == [100.0, 100.0]
    assert values.iloc[2:].isna().all()
    assert usable_population(population, confidence).tolist() == [True, True, False, False, False, True]
    assert weak_population(population, confidence).tolist() == [False, False, True, True, False, False]


def test_population_given_as_text_is_read_as_a_number_or_as_missing():
    values = kronor_per_inhabitant(pd.Series([500.0, 500.0]), pd.Series(["50", "mer än 5 000"]),
                                   pd.Series(["high", "high"]))
    assert values.iloc[0] == 10.0 and np.isnan(values.iloc[1])


@pytest.fixture
def run(con):
    return functools.partial(queries.run, con)


def test_grant_and_compare_give_the_same_figures_from_the_nearest_year(run):
    districts = run("funds_by_district", programme=grant.PROGRAMME, payment=grant.FIRST_PAYMENT)
    by_grant = grant.per_inhabitant(districts, run("grant_population_nearest", year=2013)).set_index("area_id")
    comp = cmp.load(run, {"indicator": cmp.FUNDS_PER_INHABITANT, "areas": ",".join(districts.area_id), "pop": "nearest"})
    by_compare = cmp.year_slice(comp, 2013).set_index("area_id")
    both = by_grant["per_inhabitant"].to_frame("grant").join(by_compare["value"].rename("compare"))
    assert len(both) == 15
    assert (both["grant"].notna() == both["compare"].notna()).all(), both
    assert both.dropna()["grant"].tolist() == pytest.approx(both.dropna()["compare"].tolist())
    assert both["grant"].notna().sum() >= 1, "some district has a usable population"


def test_the_map_and_compare_agree_for_the_payment_year(db_path, tmp_path):
    import shutil

    import duckdb

    # The sources have no 2013 population for any district, so give a copy of the database two
    # (test rows, never shown): a usable one for Tensta and a low-confidence one for Kronogården.
    copy = tmp_path / "with_2013.duckdb"
    shutil.copy(db_path, copy)
    con = duckdb.connect(str(copy))
    con.execute("insert into observations values "
                "('u15-tensta', 'folkmangd', 2013, 18500, 'wikipedia_gl_tensta', 'medium', 'test row'), "
                "('u15-kronogarden', 'folkmangd', 2013, 5000, 'wikipedia_gl_tensta', 'low', 'test row')")
    run = functools.partial(queries.run, con)
    ids = [a for a, _, _ in boundaries.URBAN15]
    measure = [m for m in map_data.measures(run, ids, "u15") if m.key == map_data.FUNDS_PC][0]
    on_map = map_data.values(run, measure, 2013, ids).rows.set_index("area_id")
    comp = cmp.load(run, {"indicator": cmp.FUNDS_PER_INHABITANT, "areas": ",".join(ids), "pop": "same"})
    in_compare = cmp.year_slice(comp, 2013).set_index("area_id")["value"].reindex(on_map.index)
    con.close()
    assert on_map.loc["u15-tensta", "value"] == pytest.approx(5_567_000 / 18_500) == in_compare["u15-tensta"]
    assert pd.isna(on_map.loc["u15-kronogarden", "value"]) and pd.isna(in_compare["u15-kronogarden"])
    assert "låg tillförlitlighet" in on_map.loc["u15-kronogarden", "gap"]
    assert (on_map["value"].notna() == in_compare.notna()).all()
