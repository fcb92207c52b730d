"""match_areas: a file's (code, name) pairs to the areas table, by code, then name, never guessed."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from sammanhallen.data_import.ingest import MatchResult, match_areas, parse_file

ROOT = Path(__file__).resolve().parents[2]
AREAS = pd.read_csv(ROOT / "data" / "areas.csv", dtype=str, keep_default_na=False).replace("", None)
CORPUS = ROOT / "tests" / "fixtures" / "import"


def one(code, name, areas=AREAS) -> MatchResult:
    return match_areas([(code, name)], areas)


@pytest.mark.parametrize("code, name, area_id, how", [
    # codes: area_id as written, SCB/Kolada municipality codes, a dropped leading zero, Sweden
    ("0180", None, "0180", "code"),
    ("180", None, "0180", "code"),
    (180.0, None, "0180", "code"),
    ("0180-SDO-Rinkeby-Kista", None, "0180-sdo-rinkeby-kista", "code"),
    ("u15-tensta", None, "u15-tensta", "code"),
    ("00", "Riket", "SE", "code"),
    ("0000", None, "SE", "code"),
    # a code and a name that agree
    ("0180", "Stockholms stad", "0180", "code"),
    ("1280", "Malmö", "1280", "code"),
    ("0180-sd-farsta", "Farsta", "0180-sd-farsta", "code"),
    # a municipality code beside a name of a part of it: the part, when only one part is called so
    ("0180", "Rinkeby-Kista", "0180-sdo-rinkeby-kista", "name"),
    ("0180", "Husby", "0180-sd-husby", "name"),
    ("1280", "Rosengård", "1280-sd-rosengard", "name"),
    # names: case, spacing, hyphens, dashes, diacritics
    (None, "malmö", "1280", "name"),
    (None, "HÄSSELBY-VÄLLINGBY", "0180-sdo-hasselby-vallingby", "name"),
    (None, "Hässelby Vällingby", "0180-sdo-hasselby-vallingby", "name"),
    (None, "Hasselby-Vallingby", "0180-sdo-hasselby-vallingby", "name"),
    (None, "  Enskede-Årsta-Vantör ", "0180-sdo-enskede-arsta-vantor", "name"),
    (None, "Sverige", "SE", "name"),
    (None, "Bergsjön (stadsdelsnämnd)", "1480-sdn-bergsjon", "name"),
    # suffixes and prefixes, which also say what kind of area is meant
    (None, "Stockholms kommun", "0180", "alias"),
    (None, "Stockholm stad", "0180", "alias"),
    (None, "Göteborgs stad", "1480", "alias"),
    (None, "Borås stad", "1490", "alias"),
    (None, "Kristianstads kommun", "1290", "alias"),
    (None, "Rinkeby-Kista stadsdelsområde", "0180-sdo-rinkeby-kista", "alias"),
    (None, "Spånga–Tensta SDN", "0180-sdo-spanga-tensta", "alias"),
    (None, "Spånga-Tensta stadsdelsnämnd", "0180-sdo-spanga-tensta", "alias"),
    (None, "Stadsdelsområde Skärholmen", "0180-sdo-skarholmen", "alias"),
    (None, "Farsta stadsdelsområde", "0180-sdo-farsta", "alias"),
    (None, "Farsta stadsdel", "0180-sd-farsta", "alias"),
    (None, "Rosengård stadsdel", "1280-sd-rosengard", "alias"),
    (None, "Bergsjön SDN", "1480-sdn-bergsjon", "alias"),
    (None, "Riket", "SE", "alias"),
    (None, "Hela riket", "SE", "alias"),
    (None, "0180 Stockholm", "0180", "code"),
])
def test_matched(code, name, area_id, how):
    result = one(code, name)
    key = (code, name)
    assert result.matched == {key: area_id}, (result.unmatched.get(key), result.reasons.get(key))
    assert result.how[key] == how
    assert key not in result.unmatched


@pytest.mark.parametrize("code, name, suggested, reason", [
    # the same name in several places is never guessed
    (None, "Tensta", {"0180-sd-tensta", "u15-tensta"}, "passar flera områden"),
    (None, "Rinkeby", {"0180-sd-rinkeby", "u15-rinkeby"}, "passar flera områden"),
    (None, "Farsta", {"0180-sdo-farsta", "0180-sd-farsta"}, "passar flera områden"),
    (None, "Hjällbo", {"1480-po-612", "u15-hjallbo"}, "passar flera områden"),
    (None, "Bergsjön", {"1480-sdn-bergsjon", "u15-bergsjon"}, "passar flera områden"),
    ("0180", "Tensta", {"0180-sd-tensta", "u15-tensta"}, "flera områden i Stockholm"),
    # code and name disagree
    ("0180", "Rosengård", {"0180", "1280-sd-rosengard"}, "pekar på olika områden"),
    ("1280", "Stockholm", {"1280", "0180"}, "pekar på olika områden"),
    ("0180", "Husby-Akalla", {"0180"}, "passar inte"),
    # the suffix names another kind of area than the ones with that name
    (None, "Tensta stadsdelsområde", {"0180-sd-tensta", "u15-tensta"}, "annan sorts område"),
    (None, "Malmö SDN", {"1280"}, "annan sorts område"),
    # unknown: suggestions by similarity
    (None, "Rinkby", {"0180-sd-rinkeby", "u15-rinkeby"}, "Inget område heter"),
    (None, "Hässelby-Välingby", {"0180-sdo-hasselby-vallingby"}, "Inget område heter"),
    (None, "Stockholms län", set(), "Inget område heter"),
    ("9999", None, set(), "Inget känt område har koden"),
    ("01", None, set(), "Inget känt område har koden"),
    (None, None, set(), "varken områdeskod eller namn"),
])
def test_unmatched(code, name, suggested, reason):
    result = one(code, name)
    key = (code, name)
    assert key not in result.matched and key not in result.how
    suggestions = result.unmatched[key]
    assert len(suggestions) <= 5
    ids = [s[0] for s in suggestions]
    assert suggested <= set(ids), suggestions
    assert all(isinstance(n, str) and 0 <= score <= 1 for _, n, score in suggestions)
    assert [s[2] for s in suggestions] == sorted((s[2] for s in suggestions), reverse=True)
    sv, en = result.reasons[key]
    assert reason in sv and en


def test_ambiguous_suggestions_come_first_with_full_score():
    suggestions = one(None, "Tensta").unmatched[(None, "Tensta")]
    assert {s[0] for s in suggestions[:2]} == {"0180-sd-tensta", "u15-tensta"}
    assert [s[2] for s in suggestions[:2]] == [1.0, 1.0]
    assert all(s[2] < 1.0 for s in suggestions[2:])


def test_unknown_name_without_anything_similar_gets_no_junk():
    assert one(None, "Atlantis").unmatched[(None, "Atlantis")] == []


def test_keys_missing_values_and_duplicates():
    keys = [("0180", None), ("0180", None), (None, float("nan")), (pd.NA, "Malmö"), ("", "  ")]
    result = match_areas(keys, AREAS)
    assert result.matched[("0180", None)] == "0180"
    assert result.matched[(pd.NA, "Malmö")] == "1280"
    assert result.unmatched[("", "  ")] == []
    assert len(result.matched) + len(result.unmatched) == 4


def test_areas_without_level_or_parent_columns():
    areas = AREAS[["area_id", "name"]]
    assert one("0180", None, areas).matched == {("0180", None): "0180"}
    assert one(None, "Stockholms kommun", areas).matched == {(None, "Stockholms kommun"): "0180"}
    with pytest.raises(ValueError, match="area_id and name"):
        match_areas([("0180", None)], AREAS[["area_id"]])


def test_areas_table_from_the_database(con):
    areas = con.execute("select * from areas").df()
    result = match_areas([("0180", None), (None, "Spånga–Tensta SDN"), (None, "Tensta")], areas)
    assert result.matched == {("0180", None): "0180", (None, "Spånga–Tensta SDN"): "0180-sdo-spanga-tensta"}
    assert (None, "Tensta") in result.unmatched


def test_parsed_corpus_files_match_as_expected():
    parsed = parse_file("11_unknown_areas.csv", (CORPUS / "11_unknown_areas.csv").read_bytes())
    keys = parsed.rows[["area_code", "area_name"]].drop_duplicates().itertuples(index=False, name=None)
    result = match_areas(keys, AREAS)
    assert result.matched == {(None, "Stockholm"): "0180"}
    assert set(result.unmatched) == {(None, "Atlantis"), (None, "Rinkby"), (None, "Tensta")}

    parsed = parse_file("40_code_and_name_columns.csv", (CORPUS / "40_code_and_name_columns.csv").read_bytes())
    keys = list(parsed.rows[["area_code", "area_name"]].drop_duplicates().itertuples(index=False, name=None))
    result = match_areas(keys, AREAS)
    assert result.matched == {("0180", "Stockholms stad"): "0180", ("180", "Stockholm"): "0180",
                              ("1280", "Malmö stad"): "1280"}

    parsed = parse_file("20_kolada_kmt.json", (CORPUS / "20_kolada_kmt.json").read_bytes())
    keys = parsed.rows[["area_code", "area_name"]].drop_duplicates().itertuples(index=False, name=None)
    assert match_areas(keys, AREAS).matched == {("0180", None): "0180", ("1280", None): "1280"}


def test_every_area_is_found_by_its_own_id_and_unique_names_by_name():
    result = match_areas([(a, None) for a in AREAS["area_id"]], AREAS)
    assert result.matched == {(a, None): a for a in AREAS["area_id"]}
    from sammanhallen.codes import match_key

    counts = AREAS["name"].map(match_key).value_counts()
    unique = AREAS[AREAS["name"].map(match_key).map(counts) == 1]
    result = match_areas([(None, n) for n in unique["name"]], AREAS)
    wrong = {n: result.matched.get((None, n)) for n, a in zip(unique["name"], unique["area_id"])
             if result.matched.get((None, n)) != a}
    # "Bergsjön" is unique by its full key but shares its base with "Bergsjön (stadsdelsnämnd)"
    assert set(wrong) <= {"Bergsjön"}, wrong
