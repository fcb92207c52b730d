"""The build step that writes the shipped risk-index presets into the database as a cited measure."""
from __future__ import annotations

import shutil

import duckdb
import pytest

from sammanhallen.data import queries
from sammanhallen.risk_index import model as ri
from sammanhallen.risk_index import presets as rp
from sammanhallen.risk_index.materialise import COMPONENTS_DDL, materialise


@pytest.fixture(scope="module")
def built(db_path, tmp_path_factory):
    """A writable copy of the session database with the index materialised into it."""
    path = tmp_path_factory.mktemp("materialised") / "dashboard.duckdb"
    shutil.copy(db_path, path)
    con = duckdb.connect(str(path))
    counts = materialise(con)
    yield con, counts
    con.close()


def test_one_indicator_and_one_source_per_shipped_preset(built):
    con, counts = built
    assert set(counts) == {"stockholm_sdo", "malmo_stadsdelar", "urban15_kommuner"}
    rows = con.execute("select indicator_id, name_sv, name_en, unit, higher_is_better, domain, definition "
                       "from indicators where indicator_id like 'riskindex_%' order by 1").fetchall()
    assert [r[0] for r in rows] == ["riskindex_malmo_stadsdelar", "riskindex_stockholm_sdo", "riskindex_urban15_kommuner"]
    for iid, name_sv, name_en, unit, hib, domain, definition in rows:
        assert "beräknat av dashboarden" in name_sv and "computed by the dashboard" in name_en
        assert (unit, hib, domain) == ("index", False, "index")
        assert "100 × områdets värde" in definition and "omvänt" in definition and "flaggas" in definition
    sthlm = dict((r[0], r) for r in rows)["riskindex_stockholm_sdo"]
    assert "Stockholms stadsdelsnämnder" in sthlm[1]
    assert "Andel barn med ekonomiskt bistånd (sociala riskfaktorer, vikt 1)" in sthlm[6]
    sources = con.execute("select source_id, title, publisher, year from sources where source_id like 'dashboard_riskindex_%' "
                          "order by 1").fetchall()
    assert [s[0] for s in sources] == ["dashboard_riskindex_malmo_stadsdelar", "dashboard_riskindex_stockholm_sdo",
                                       "dashboard_riskindex_urban15_kommuner"]
    assert all(s[2] == "Sammanhållen stad (beräkning)" and "beräknat av dashboarden" in s[1] for s in sources)
    assert "Andel av befolkningen med ekonomiskt bistånd" in dict((s[0], s[1]) for s in sources)["dashboard_riskindex_stockholm_sdo"]


def test_observations_carry_counts_flags_and_confidence(built):
    con, counts = built
    frame = con.execute("select * from observations where indicator_id = 'riskindex_stockholm_sdo'").df()
    assert len(frame) == counts["stockholm_sdo"]
    assert sorted(frame.year.unique()) == [2005, 2006, 2007, 2015, 2016, 2017]
    ref = frame[frame.area_id == "0180"]
    assert (ref.value == 100.0).all() and ref.note.str.startswith("Referensområde = 100").all()
    rk = frame[(frame.area_id == "0180-sdo-rinkeby-kista") & (frame.year == 2017)].iloc[0]
    assert rk.confidence == "medium"
    assert rk.note.startswith("2 av 3 indikatorer: Andel av befolkningen med ekonomiskt bistånd; Andel barn med ekonomiskt bistånd.")
    flagged = frame[(frame.area_id == "0180-sdo-rinkeby-kista") & (frame.year == 2015)].iloc[0]
    assert flagged.confidence == "low" and "Flaggat: färre än 2 indikatorer." in flagged.note
    assert "1 av 3 indikatorer" in flagged.note
    # the same numbers as the page computes
    preset = rp.load_presets()["stockholm_sdo"]
    live = ri.compute(ri.inputs(con, preset), preset).total.dropna(subset=["index"])
    merged = live.merge(frame, on=["area_id", "year"])
    assert len(merged) == len(frame) and (merged["index"] - merged["value"]).abs().max() < 1e-12


def test_components_table_lists_every_input_with_its_reason(built):
    con, _ = built
    columns = [r[0] for r in con.execute("select column_name from information_schema.columns "
                                         "where table_name = 'index_components' order by ordinal_position").fetchall()]
    assert columns == ["preset_id", "area_id", "year", "indicator_id", "domain", "weight", "value", "reference_value",
                       "relative", "used", "reason"]
    row = con.execute("select value, reference_value, relative, used, reason from index_components where preset_id = "
                      "'stockholm_sdo' and area_id = '0180-sdo-rinkeby-kista' and year = 2017 and "
                      "indicator_id = 'ekonomiskt_bistand_andel_befolkning'").fetchone()
    assert row[3] is True and row[4] is None and abs(row[2] - 100 * row[0] / row[1]) < 1e-9
    gap = con.execute("select used, reason from index_components where preset_id = 'stockholm_sdo' and "
                      "area_id = '0180-sdo-rinkeby-kista' and year = 2015 and indicator_id = 'ekonomiskt_bistand_andel_barn'").fetchone()
    assert gap == (False, "no_value")
    assert set(r[0] for r in con.execute("select distinct reason from index_components where reason is not null").fetchall()) \
        <= set(ri.REASONS)


def test_the_pages_queries_offer_the_computed_index(built):
    con, _ = built
    boroughs = [r[0] for r in con.execute("select area_id from areas where level = 'borough' and parent_id = '0180'").fetchall()]
    measures = queries.run(con, "map_measures", area_ids=boroughs)
    assert "riskindex_stockholm_sdo" in set(measures.indicator_id)
    series = queries.run(con, "trends_series", area_ids=["0180", "0180-sdo-spanga-tensta"], indicator_id="riskindex_stockholm_sdo")
    assert series.source_publisher.eq("Sammanhållen stad (beräkning)").all()
    assert len(series) == 12  # 6 years × 2 areas
    details = con.execute("select count(*) from observation_details where indicator_id like 'riskindex_%'").fetchone()[0]
    assert details == con.execute("select count(*) from observations where indicator_id like 'riskindex_%'").fetchone()[0]


def test_materialise_twice_gives_the_same_rows(built):
    con, counts = built
    again = materialise(con)
    assert again == counts
    assert con.execute("select count(*) from indicators where indicator_id like 'riskindex_%'").fetchone()[0] == 3


def test_low_confidence_input_makes_the_index_value_low(db_path, tmp_path):
    path = tmp_path / "db.duckdb"
    shutil.copy(db_path, path)
    con = duckdb.connect(str(path))
    con.execute("update observations set confidence = 'low' where area_id = '0180-sdo-bromma' and year = 2017 "
                "and indicator_id = 'ekonomiskt_bistand_andel_barn'")
    materialise(con)
    rows = dict(con.execute("select area_id, confidence from observations where indicator_id = 'riskindex_stockholm_sdo' "
                            "and year = 2017").fetchall())
    note = con.execute("select note from observations where indicator_id = 'riskindex_stockholm_sdo' and year = 2017 "
                       "and area_id = '0180-sdo-bromma'").fetchone()[0]
    con.close()
    assert rows["0180-sdo-bromma"] == "low" and rows["0180-sdo-farsta"] == "medium"
    assert "låg tillförlitlighet" in note


def test_a_shipped_preset_that_does_not_fit_the_data_stops_the_build(db_path, tmp_path):
    path = tmp_path / "db.duckdb"
    shutil.copy(db_path, path)
    con = duckdb.connect(str(path))
    bad = rp.Preset("bad", "Fel", "Bad", "borough", "0180", "0180", (rp.Item("folkmangd", "forsorjning"),), shipped=True)
    with pytest.raises(rp.PresetError, match="no direction"):
        materialise(con, {"bad": bad})
    con.close()


def test_ddl_matches_the_documented_columns():
    for column in ("preset_id", "area_id", "year", "indicator_id", "domain", "weight", "value", "reference_value",
                   "relative", "used", "reason"):
        assert f"\n    {column} " in COMPONENTS_DDL
