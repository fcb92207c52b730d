"""The profile's figures, value by value, against the database queried independently."""
from __future__ import annotations

import pytest

from sammanhallen.area import profile as area_profile, search, text
from sammanhallen.data import queries


def build(con, area_id: str):
    areas = queries.run(con, "area_index")
    obs = queries.run(con, "area_observations", area_ids=area_profile.observation_ids(areas, area_id))
    return areas, obs, area_profile.build(areas, obs, area_id)


def expected_rows(con, area_id: str):
    """Per indicator: latest year and value, rank (1 = highest) and count among the level that year,
    parent's and Sweden's value that year, source title — in one SQL statement of its own."""
    return con.execute("""
        with me as (select * from areas where area_id = $area_id),
        latest as (
            select o.* from observations o where o.area_id = $area_id
            qualify row_number() over (partition by indicator_id order by year desc) = 1)
        select l.indicator_id, l.year, l.value, s.title as source_title, l.confidence,
               1 + (select count(*) from observations p join areas pa using (area_id)
                    where pa.level = (select level from me) and p.indicator_id = l.indicator_id
                      and p.year = l.year and p.value > l.value) as rank,
               (select count(*) from observations p join areas pa using (area_id)
                where pa.level = (select level from me) and p.indicator_id = l.indicator_id and p.year = l.year) as n,
               (select value from observations p where p.area_id = (select parent_id from me)
                and p.indicator_id = l.indicator_id and p.year = l.year) as parent_value,
               (select value from observations p where p.area_id = 'SE'
                and p.indicator_id = l.indicator_id and p.year = l.year) as country_value,
               i.unit
        from latest l join sources s using (source_id) join indicators i using (indicator_id)
        order by l.indicator_id""", {"area_id": area_id}).df()


@pytest.mark.parametrize("area_id", ["0180-sdo-spanga-tensta", "u15-tensta", "1480"])
def test_every_indicator_matches_the_database(con, area_id):
    _, _, profile = build(con, area_id)
    expected = expected_rows(con, area_id).set_index("indicator_id")
    shown = profile.indicators.set_index("indicator_id")
    assert sorted(shown.index) == sorted(expected.index)
    for indicator_id, want in expected.iterrows():
        got = shown.loc[indicator_id]
        assert (got["year"], got["value"]) == (want["year"], want["value"]), indicator_id
        assert (got["rank"], got["n_ranked"]) == (want["rank"], want["n"]), indicator_id
        assert got["source_title"] == want["source_title"] and got["confidence"] == want["confidence"]
        if want["unit"] in area_profile.DIFFERENCE_UNITS and want["parent_value"] == want["parent_value"]:
            assert got["diff_parent"] == pytest.approx(want["value"] - want["parent_value"]), indicator_id
        else:
            assert got["diff_parent"] != got["diff_parent"] or got["diff_parent"] is None, indicator_id


def test_stockholm_borough_known_values(con):
    _, _, profile = build(con, "0180-sdo-spanga-tensta")
    row = profile.indicators.set_index("indicator_id").loc["ekonomiskt_bistand_andel_befolkning"]
    assert (row["year"], row["value"], row["rank"], row["n_ranked"]) == (2017, 5.7, 2, 14)
    assert row["diff_parent"] == pytest.approx(3.0)
    assert text.rank_text(row["rank"], row["n_ranked"], "borough", "sv") == "2 av 14 stadsdelsområden"
    assert text.rank_text(row["rank"], row["n_ranked"], "borough", "en") == "2 of 14 boroughs"
    assert text.difference(row["diff_parent"], "percent", "sv") == "+3,0 procentenheter"
    assert "Personer med ekonomiskt bistånd 2015–2017" in row["source_title"]
    counted = profile.indicators.set_index("indicator_id").loc["folkmangd_prognos"]
    assert counted["diff_parent"] is None or counted["diff_parent"] != counted["diff_parent"], "no difference for a count"


def test_urban15_district_grant_follows_the_per_inhabitant_rule(con):
    areas, obs, profile = build(con, "u15-tensta")
    (grant,) = area_profile.grants(queries.run(con, "area_funds", area_id="u15-tensta"), obs, "u15-tensta")
    amount = con.execute("select amount_sek from funds where area_id = 'u15-tensta'").fetchone()[0]
    total = con.execute("select sum(amount_sek) from funds").fetchone()[0]
    population, year, confidence = con.execute("select value, year, confidence from observations where area_id = 'u15-tensta' "
                                               "and indicator_id = 'folkmangd' order by abs(year - 2013), year limit 1").fetchone()
    assert grant.row["amount_sek"] == amount and grant.share == pytest.approx(amount / total)
    assert confidence in ("high", "medium") and grant.per_inhabitant == pytest.approx(amount / population)
    assert grant.population["year"] == year
    line = text.grant_lines([grant], "sv")[0]
    assert "5 567 000 kr" in line.replace("\xa0", " ") and "2 år från utbetalningen" in line


def test_municipality_rank_and_difference_to_sweden(con):
    _, _, profile = build(con, "1480")
    row = profile.indicators.set_index("indicator_id").loc["forvarvsfrekvens_20_64_totalt"]
    se = con.execute("select value from observations where area_id = 'SE' and indicator_id = 'forvarvsfrekvens_20_64_totalt' "
                     "and year = 2015").fetchone()[0]
    assert (row["year"], row["value"]) == (2015, 74.6)
    assert row["diff_parent"] == pytest.approx(74.6 - se), "Göteborg's parent is Sweden"
    assert row["rank"] == 1 + con.execute(
        "select count(*) from observations o join areas a using (area_id) where a.level = 'municipality' "
        "and o.indicator_id = 'forvarvsfrekvens_20_64_totalt' and o.year = 2015 and o.value > 74.6").fetchone()[0]


def test_gaps_are_indicators_other_areas_of_the_level_have(con):
    _, obs, profile = build(con, "0180-sdo-hagersten-alvsjo")
    assert profile.indicators.empty
    level_has = set(obs.loc[obs["area_id"].isin(profile.peers), "indicator_id"])
    assert set(profile.gaps["indicator_id"]) == level_has
    assert text.gaps_line(profile, "sv").startswith("Inga uppgifter om ")


def test_the_2020_boundary_change_is_named(con):
    _, _, merged = build(con, "0180-sdo-hagersten-alvsjo")
    _, _, ended = build(con, "0180-sdo-alvsjo")
    assert merged.predecessors == ["Hägersten-Liljeholmen", "Älvsjö"] and ended.successors == ["Hägersten-Älvsjö"]
    assert "2020-07-01" in text.validity(merged, "sv") and "Hägersten-Liljeholmen och Älvsjö" in text.validity(merged, "sv")
    assert "2020-06-30" in text.validity(ended, "en") and "Hägersten-Älvsjö" in text.validity(ended, "en")


def test_search_ignores_case_and_diacritics_and_shows_the_level(con):
    areas = queries.run(con, "area_index")
    hits = search.search(areas, "HAGERSTEN-alvsjo")
    assert list(hits["name"])[:1] == ["Hägersten-Älvsjö"]
    labels = {search.option_label(r.name, r.level, "sv") for r in search.search(areas, "tensta").itertuples()}
    assert {"Tensta (stadsdel)", "Tensta (Urban15-stadsdel)"} <= labels
    assert len(search.search(areas, "")) == len(areas)


def test_a_rank_among_one_is_not_shown_as_a_ranking():
    assert text.rank_text(1, 1, "country", "sv") == "enda land med värde det året"
    assert text.rank_text(1, 1, "urban_district", "en") == "the only Urban15 district with a value that year"
    assert text.rank_text(None, 0, "borough", "sv") == "–"
