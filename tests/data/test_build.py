"""The build: real content loads, and every kind of bad input is refused with a precise message
while the previous database stays exactly as it was."""
from __future__ import annotations

import hashlib

import pytest

from sammanhallen.data.build import build, main
from sammanhallen.data.validate import MAX_CSV_BYTES, ValidationError

URBAN15_MUNICIPALITIES = {
    "1490": "Borås", "1480": "Göteborg", "1290": "Kristianstad", "1282": "Landskrona", "1280": "Malmö",
    "0180": "Stockholm", "0181": "Södertälje", "1488": "Trollhättan", "0780": "Växjö",
}


def test_december_2013_payment_sums_to_exactly_99_million(con):
    total, districts = con.execute(
        "select sum(amount_sek), count(*) from funds where payment = '2013-12' and programme = 'urban15_stimulus'"
    ).fetchone()
    assert (total, districts) == (99_000_000, 15)


def test_the_nine_municipalities_have_their_scb_codes(con):
    rows = dict(con.execute("select area_id, name from areas where level = 'municipality'").fetchall())
    assert rows == URBAN15_MUNICIPALITIES


def test_every_urban15_district_belongs_to_one_of_the_nine(con):
    parents = con.execute("select parent_id from areas where level = 'urban_district'").fetchall()
    assert len(parents) == 15
    assert {p for (p,) in parents} == set(URBAN15_MUNICIPALITIES)


@pytest.mark.parametrize("year, expected", [(2019, 14), (2021, 13)])
def test_stockholm_borough_division_by_year(con, year, expected):
    (count,) = con.execute(
        """select count(*) from areas where level = 'borough' and parent_id = '0180'
           and (valid_from is null or valid_from <= make_date($y, 12, 31))
           and (valid_to is null or valid_to >= make_date($y, 1, 1))""",
        {"y": year},
    ).fetchone()
    assert count == expected


def test_stockholm_has_117_stadsdelar_mapped_in_both_vintages(con):
    (n,) = con.execute("select count(*) from areas where level = 'district' and area_id like '0180-sd-%'").fetchone()
    assert n == 117
    per_vintage = dict(con.execute("select vintage, count(distinct borough_id) from district_boroughs group by 1").fetchall())
    assert per_vintage == {"2007-2019": 14, "2020-": 13}


def test_stockholm_population_and_welfare_series_are_loaded(con):
    years = {y for (y,) in con.execute(
        """select distinct o.year from observations o join areas a using (area_id)
           where a.level = 'borough' and a.parent_id = '0180' and o.indicator_id = 'folkmangd'""").fetchall()}
    assert {2000, 2005, 2010, 2011} <= years
    (n,) = con.execute(
        """select count(*) from observations o join areas a using (area_id)
           where a.level = 'borough' and a.parent_id = '0180' and o.indicator_id = 'ekonomiskt_bistand_andel_befolkning'
             and o.year between 2015 and 2017""").fetchone()
    assert n >= 14 * 3


def test_malmo_stadsdelar_have_employment_and_welfare_index(con):
    found = dict(con.execute(
        """select o.indicator_id, count(distinct o.area_id) from observations o join areas a using (area_id)
           where a.parent_id = '1280' and a.level = 'borough' group by 1""").fetchall())
    assert found.get("forvarvsfrekvens_20_64_totalt", 0) == 10
    assert found.get("valfardsindex", 0) == 10


def test_every_observation_names_a_source_and_a_confidence(con):
    (orphans,) = con.execute(
        "select count(*) from observations o left join sources s using (source_id) where s.source_id is null or o.confidence is null"
    ).fetchone()
    assert orphans == 0


def _digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def replace_cell(path, line_no: int, column: str, value: str):
    import csv
    import io

    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    rows[line_no - 1][rows[0].index(column)] = value
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


BAD_INPUTS = [
    ("decimal comma", lambda d: replace_cell(d / "observations.csv", 2, "value", "46,1"),
     ["observations.csv, line 2, column 'value'", "decimal comma"]),
    ("unknown area code", lambda d: replace_cell(d / "observations.csv", 3, "area_id", "9999-nowhere"),
     ["observations.csv, line 3, column 'area_id'", "'9999-nowhere' is not a known area_id"]),
    ("unknown source", lambda d: replace_cell(d / "funds.csv", 2, "source_id", "made_up"),
     ["funds.csv, line 2, column 'source_id'", "'made_up' is not a known source_id"]),
    ("year out of range", lambda d: replace_cell(d / "observations.csv", 2, "year", "1850"),
     ["observations.csv, line 2, column 'year'", "below the allowed minimum"]),
    ("text in a number column", lambda d: replace_cell(d / "funds.csv", 4, "amount_sek", "fem miljoner"),
     ["funds.csv, line 4, column 'amount_sek'", "is not a number"]),
    ("unknown level", lambda d: replace_cell(d / "areas.csv", 2, "level", "county"),
     ["areas.csv, line 2, column 'level'", "is not one of"]),
    ("missing required value", lambda d: replace_cell(d / "indicators.csv", 2, "name_sv", ""),
     ["indicators.csv, line 2, column 'name_sv'", "is empty but required"]),
    ("wrong columns", lambda d: (d / "funds.csv").write_text(
        (d / "funds.csv").read_text(encoding="utf-8").replace("amount_sek", "belopp", 1), encoding="utf-8"),
     ["funds.csv, line 1", "missing column(s): amount_sek", "unexpected column(s): belopp"]),
    ("duplicate key", lambda d: (d / "funds.csv").write_text(
        (d / "funds.csv").read_text(encoding="utf-8") + (d / "funds.csv").read_text(encoding="utf-8").splitlines()[1] + "\n",
        encoding="utf-8"),
     ["funds.csv", "duplicate key"]),
    ("stray field", lambda d: (d / "sources.csv").write_text(
        (d / "sources.csv").read_text(encoding="utf-8") + "a,b,c,2000,http://x,extra\n", encoding="utf-8"),
     ["sources.csv, line", "has 6 fields, the header has 5"]),
    ("not UTF-8", lambda d: (d / "areas.csv").write_bytes((d / "areas.csv").read_text(encoding="utf-8").encode("latin-1")),
     ["areas.csv", "is not UTF-8"]),
    ("missing file", lambda d: (d / "indicators.csv").unlink(), ["indicators.csv", "file is missing"]),
    ("huge file", lambda d: (d / "observations.csv").write_bytes(b"x" * (MAX_CSV_BYTES + 1)),
     ["observations.csv", "the limit is"]),
]


@pytest.mark.parametrize("label, corrupt, expected", BAD_INPUTS, ids=[b[0] for b in BAD_INPUTS])
def test_bad_input_is_refused_and_the_previous_database_is_kept(data_copy, tmp_path, label, corrupt, expected):
    target = tmp_path / "dashboard.duckdb"
    build(data_copy, target)
    before = _digest(target)
    corrupt(data_copy)
    with pytest.raises(ValidationError) as refused:
        build(data_copy, target)
    message = str(refused.value)
    for fragment in expected:
        assert fragment in message
    assert _digest(target) == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("dashboard")) == ["dashboard.duckdb"]


def test_command_line_build_reports_and_exits_nonzero(data_copy, tmp_path, capsys):
    replace_cell(data_copy / "observations.csv", 2, "value", "12,5")
    assert main(["--data-dir", str(data_copy), "--out", str(tmp_path / "x.duckdb")]) == 1
    err = capsys.readouterr().err
    assert "was left as it was" in err and "line 2" in err
    assert not (tmp_path / "x.duckdb").exists()
