"""Programmet: goals, responsible bodies, priority areas against the document — pure, SQL, AppTest."""
from __future__ import annotations

import re

import json

import pytest

from sammanhallen.map import boundaries
from sammanhallen.programme import document as programme
from sammanhallen.data import queries

from tests.test_pages import open_page
from tests.shared_sources import PROGRAMME_2015_2020, source_text



def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@pytest.fixture(scope="module")
def goals(con):
    return queries.run(con, "programme_goals")


@pytest.fixture(scope="module")
def responsibles(con):
    return queries.run(con, "programme_responsibles")


@pytest.fixture(scope="module")
def priority(con):
    return queries.run(con, "programme_priority_areas", source_id=programme.SOURCE)


# ------------------------------------------------------------------------------ goals as printed

def test_goal_count_per_target_area(goals):
    counts = programme.goal_counts(goals)
    # area: (numbered goals, "målet innebär även att" items), counted in the document by hand
    assert counts.to_dict("index") == {
        1: {"goal": 9, "also_means": 6},   # 1.1 1.2 | 2.1–2.4 | 3.1 3.2 3.4
        2: {"goal": 1, "also_means": 4},   # 1.1
        3: {"goal": 3, "also_means": 4},   # 1.1 | 2.1 | 3.1
        4: {"goal": 0, "also_means": 0},   # passages only
    }
    assert list(goals.drop_duplicates("target_area_no")["target_area_sv"]) == [
        "Stadsmiljö och boende", "Skola och utbildning", "Jobb och företagande", "Lokalt arbete med social hållbarhet"]


def test_numbering_gap_is_reported(goals):
    assert programme.numbering_gaps(goals) == {1: ["3.3"]}  # the document prints 3.1, 3.2, 3.4


def test_goal_texts_are_verbatim_from_the_programme(goals):
    text = _norm(source_text(PROGRAMME_2015_2020))
    for row in goals.itertuples():
        assert _norm(row.text_sv) in text, row.goal_id
    assert set(goals.loc[goals["target_area_no"] < 4, "follow_up_by"]) == {"Kommunstyrelsen"}


# Every goal and item with its responsible bodies, in printed order and spelling (read off the text).
EXPECTED_RESPONSIBLES = {
    "1-1.1": ["exploateringsnämnden", "stadsbyggnadsnämnden", "fastighetsnämnden", "trafiknämnden", "Stockholms Business Region"],
    "1-1.2": ["trafiknämnden", "stadsbyggnadsnämnden", "exploateringsnämnden"],
    "1-1.a": ["stadsbyggnadsnämnden", "exploateringsnämnden"],
    "1-1.b": ["exploateringsnämnden", "stadsbyggnadsnämnden", "trafiknämnden"],
    "1-2.1": ["exploateringsnämnden", "bostadsbolagen"],
    "1-2.2": ["exploateringsnämnden", "stadsbyggnadsnämnden"],
    "1-2.3": ["idrottsnämnden"],
    "1-2.4": ["kulturnämnden"],
    "1-2.a": ["exploateringsnämnden", "stadsbyggnadsnämnden", "trafiknämnden"],
    "1-2.b": ["stadsdelsnämnder"],
    "1-3.1": ["bostadsbolagen"],
    "1-3.2": ["bostadsbolagen"],
    "1-3.4": ["trafiknämnden", "bostadsbolagen", "stadsdelsnämnder"],
    "1-3.a": ["bostadsbolagen"],
    "1-3.b": ["bostadsbolagen", "stadsbyggnadsnämnden", "stadsdelsnämnder"],
    "2-1.1": ["utbildningsnämnden"],
    "2-1.a": ["utbildningsnämnden", "stadsdelsnämnder", "socialnämnden"],
    "2-1.b": ["utbildningsnämnden", "stadsdelsnämnder", "socialnämnden"],
    "2-1.c": ["utbildningsnämnden", "stadsdelsnämnder"],
    "2-1.d": ["utbildningsnämnden", "stadsdelsnämnder", "socialnämnden"],
    "3-1.1": ["exploateringsnämnden", "Stockholms Business Region"],
    "3-2.1": ["stadsdelsnämnder"],
    "3-3.1": ["arbetsmarknadsnämnden"],
    "3-3.a": ["arbetsmarknadsnämnden", "stadsdelsnämnderna"],
    "3-3.b": ["arbetsmarknadsnämnden", "stadsdelsnämnder", "socialnämnden"],
    "3-3.c": ["Stockholm Business Region", "arbetsmarknadsnämnden"],
    "3-3.d": ["Stockholm Business Region"],
    "4-text.1": ["stadsdelsnämnderna", "det (eller de) bostadsbolag som har ett stort bestånd i området"],
}


def test_responsible_bodies_match_the_document(responsibles):
    got = {g: list(part.sort_values("position")["body"]) for g, part in responsibles.groupby("goal_id")}
    assert got == EXPECTED_RESPONSIBLES
    mains = responsibles[responsibles["is_main"].astype(bool)]
    assert (mains["position"] == 1).all() and mains["goal_id"].is_unique and len(mains) == len(EXPECTED_RESPONSIBLES)


def test_parenthesised_lists_appear_in_the_text(responsibles):
    """The bodies of goals 1.x–3.x stand in the document as one parenthesis, in that order."""
    text = _norm(source_text(PROGRAMME_2015_2020))
    parentheses = [p.replace(" och ", ", ") for p in re.findall(r"\(([^()]*nämnd[^()]*|[^()]*bolag[^()]*|Stockholms? Business Region)\)", text)]
    lists = {tuple(b.strip() for b in p.split(",")) for p in parentheses}
    for goal_id, bodies in EXPECTED_RESPONSIBLES.items():
        if goal_id.startswith("4-"):
            continue
        assert tuple(bodies) in lists, goal_id


# -------------------------------------------------------------------------- committee filter

def test_trafiknamnden_goals_and_main_responsibility(responsibles):
    hits = programme.goals_for_body(responsibles, "trafiknämnden")
    assert list(hits["goal_id"]) == ["1-1.1", "1-1.2", "1-1.b", "1-2.a", "1-3.4"]
    mains = programme.goals_for_body(responsibles, "trafiknämnden", main_only=True)
    assert list(mains["goal_id"]) == ["1-1.2", "1-3.4"]


@pytest.mark.parametrize("canonical, goal_ids, main_ids, printed", [
    ("Stockholm Business Region", ["1-1.1", "3-1.1", "3-3.c", "3-3.d"], ["3-3.c", "3-3.d"],
     ["Stockholms Business Region", "Stockholm Business Region"]),
    ("stadsdelsnämnderna", ["1-2.b", "1-3.4", "1-3.b", "2-1.a", "2-1.b", "2-1.c", "2-1.d", "3-2.1", "3-3.a", "3-3.b", "4-text.1"],
     ["1-2.b", "3-2.1", "4-text.1"], ["stadsdelsnämnder", "stadsdelsnämnderna"]),
    ("utbildningsnämnden", ["2-1.1", "2-1.a", "2-1.b", "2-1.c", "2-1.d"], ["2-1.1", "2-1.a", "2-1.b", "2-1.c", "2-1.d"], ["utbildningsnämnden"]),
    ("fastighetsnämnden", ["1-1.1"], [], ["fastighetsnämnden"]),
])
def test_committee_filter_groups_spellings(responsibles, canonical, goal_ids, main_ids, printed):
    assert list(programme.goals_for_body(responsibles, canonical)["goal_id"]) == goal_ids
    assert list(programme.goals_for_body(responsibles, canonical, main_only=True)["goal_id"]) == main_ids
    catalogue = programme.bodies(responsibles).set_index("canonical")
    assert catalogue.loc[canonical, "printed"] == printed


def test_goal_labels_are_the_numbers_as_printed(goals):
    labels = programme.goal_labels(goals, "sv")
    assert labels["1-1.2"] == "1.2" and labels["1-3.4"] == "3.4" and labels["3-3.1"] == "3.1"
    assert labels["1-1.a"] == "1 a)" and labels["3-3.d"] == "3 d)"
    assert labels["4-text.1"] == "stycke 1" and programme.goal_labels(goals, "en")["4-text.1"] == "paragraph 1"
    assert not any(re.search(r"\d-\d", label) for label in labels.values()), "no internal ids"
    assert programme.goal_label("2-1.1", goals, "sv", with_area=True) == "1.1 (Skola och utbildning)"


def test_responsibility_matrix_cells(goals, responsibles):
    matrix = programme.responsibility_matrix(goals, responsibles, "sv")
    assert matrix.shape == (len(EXPECTED_RESPONSIBLES), 13)
    assert matrix.columns[0] == "Målområde"
    labels = programme.goal_labels(goals, "sv")
    text = goals.set_index("goal_id")["text_sv"]
    row = {g: next(i for i in matrix.index if i.startswith(labels[g] + " ") and text[g][:30] in i) for g in EXPECTED_RESPONSIBLES}
    assert matrix.loc[row["1-1.2"], "trafiknämnden"] == "Huvudansvar"
    assert matrix.loc[row["1-1.1"], "trafiknämnden"] == "Medansvar"
    assert matrix.loc[row["1-2.3"], "trafiknämnden"] == ""
    assert matrix.loc[row["3-3.c"], "Stockholm Business Region"] == "Huvudansvar"
    assert matrix.loc[row["2-1.1"], "Målområde"] == "2. Skola och utbildning"
    assert "Stockholms Business Region" not in matrix.columns
    assert list(matrix.index) == [row[g] for g in EXPECTED_RESPONSIBLES]  # document order
    assert not any(re.match(r"\d-", label) for label in matrix.index), "no internal ids in the grid"
    english = programme.responsibility_matrix(goals, responsibles, "en")
    assert english.loc[[i for i in english.index if i.startswith("3.4 The outdoor")][0], "trafiknämnden"] == "Main responsibility"


def test_goals_with_indicator_per_target_area(con, goals):
    links = queries.run(con, "programme_goal_indicators")
    assert programme.goals_with_indicator(goals, links, 1) == []
    assert programme.goals_with_indicator(goals, links, 2) == ["1.1"]
    assert programme.goals_with_indicator(goals, links, 3) == ["2.1", "3 a)"]
    assert programme.goals_with_indicator(goals, links, 4) == ["stycke 1"]


# -------------------------------------------------------------------------------- priority areas

PRIORITISED_22 = ["Rinkeby", "Husby", "Akalla", "Kista", "Tensta", "Vårberg", "Bredäng", "Sätra", "Skärholmen",
                  "Hässelby gård", "Grimsta", "Hässelby Strand", "Vällingby", "Rågsved", "Hagsätra", "Högdalen",
                  "Bandhagen", "Östberga", "Farsta Strand", "Hökarängen", "Farsta", "Fagersjö"]
LOCAL_21 = ["Rinkeby", "Husby", "Akalla", "Kista", "Tensta", "Vårberg", "Bredäng", "Sättra", "Skärholmen",
            "Hässelby gård", "Grimsta", "Hässelby Strand", "Rågsved", "Hagsättra", "Högdalen", "Bandhagen",
            "Östberga", "Farsta Strand", "Hökarängen", "Farsta", "Fagersjö"]


def test_the_two_sections_as_printed(priority):
    first = programme.section_list(priority, programme.SECTION_PRIORITISED)
    second = programme.section_list(priority, programme.SECTION_LOCAL)
    assert list(first["name_as_printed"]) == PRIORITISED_22
    assert list(second["name_as_printed"]) == LOCAL_21
    text = _norm(source_text(PROGRAMME_2015_2020))
    assert ", ".join(LOCAL_21[:-1]) + " och " + LOCAL_21[-1] in text


def test_compare_sections_finds_vallingby_and_the_spellings(priority):
    cs = programme.compare_sections(priority)
    assert len(cs) == 22 and cs["in_prioritised"].sum() == 22 and cs["in_local"].sum() == 21
    assert list(cs.loc[~cs["in_local"], "area_name"]) == ["Vällingby"]
    differs = cs[cs["spelling_differs"]].set_index("area_name")
    assert differs["name_as_printed_local"].to_dict() == {"Sätra": "Sättra", "Hagsätra": "Hagsättra"}
    assert differs["name_as_printed_prioritised"].to_dict() == {"Sätra": "Sätra", "Hagsätra": "Hagsätra"}


def test_six_prioritised_district_committees(priority):
    sdn = priority[(priority["kind"] == "prioritised_sdn")]
    assert list(sdn["name_as_printed"]) == ["Rinkeby-Kista", "Spånga-Tensta", "Skärholmen", "Hässelby-Vällingby",
                                            "Enskede-Årsta-Vantör", "Farsta"]


def test_map_frame_places_every_named_stadsdel(priority):
    frame = programme.map_frame(boundaries.stockholm_stadsdelar(), boundaries.stockholm_crosswalk(), priority)
    counts = frame["status"].value_counts().to_dict()
    assert counts == {"not_named": len(frame) - 22, "both": 21, "prioritised_only": 1}
    assert frame.loc[frame["status"] == "prioritised_only", "name"].tolist() == ["Vällingby"]
    # every named stadsdel lies in one of the six prioritised stadsdelsnämnder
    assert frame.loc[frame["status"] != "not_named", "in_prioritised_sdn"].all()


def test_index_facts_with_their_heading(con):
    facts = queries.run(con, "programme_document_facts", source_id=programme.SOURCE).set_index("fact_id")
    assert facts.loc["sthlm_index_method", "value"] == "Västra Götalandsmodellen"
    assert facts.loc["sthlm_index_domains", "unit"].startswith("4 ")
    assert facts.loc["sthlm_index_city", "value"] == "100" and facts.loc["sthlm_index_tensta", "value"] == "ca 180"
    assert "samtliga stadsdelsnämnder mellan åren 2006 och 2012" in facts.loc["sthlm_risk_trend_2006_2012", "passage"]
    assert set(facts.loc[["sthlm_index_method", "sthlm_index_tensta", "sthlm_risk_trend_2006_2012"], "heading"]) == {
        "Prioriterade stadsdelsnämnder"}


# ------------------------------------------------------------------------------ goal indicators

def test_goal_indicators_are_conservative(con, goals):
    links = queries.run(con, "programme_goal_indicators")
    assert set(links["goal_id"]) <= set(goals["goal_id"])
    assert dict(zip(links["goal_id"], links["indicator_id"]))["3-2.1"] == "ekonomiskt_bistand_andel_befolkning"
    assert links["note"].str.len().min() > 20, "every link says how well it matches"
    assert links["n_values"].min() > 0, "only indicators that have values"
    assert "3-1.1" not in set(links["goal_id"])  # no workplace indicator in the data


# -------------------------------------------------------------------------------------- AppTest

@pytest.mark.parametrize("lang", ["sv", "en"])
def test_programme_page_renders(db_path, lang):
    at = open_page("pages/programme.py", lang)
    assert not at.exception, [e.value for e in at.exception]
    text = " ".join(m.value for m in at.markdown) + " ".join(c.value for c in at.caption)
    for phrase in ("Västra Götalandsmodellen", "Uppföljningsansvar:" if lang == "sv" else "Follow-up responsibility:"):
        assert phrase in text
    # the indicator status is said once per target area, not under every goal
    captions = [c.value for c in at.caption]
    status = [c for c in captions if c.startswith("Mått i data:" if lang == "sv" else "Indicators in the data:")]
    assert len(status) == 4
    none_yet = "inget mått i data ännu" if lang == "sv" else "no indicator in the data yet"
    assert sum(none_yet in c for c in captions) == 4
    assert ("finns för 2.1, 3 a)" if lang == "sv" else "for 2.1, 3 a)") in status[2]
    warnings = " ".join(w.value for w in at.warning)
    assert "22" in warnings and "21" in warnings and "Sättra" in warnings and "Hagsättra" in warnings
    # the map's spec is cached; each language must still get its own title
    specs = " ".join(json.dumps(json.loads(c.proto.spec), ensure_ascii=False)
                     for kind in ("arrow_vega_lite_chart", "vega_lite_chart") for c in at.get(kind))
    assert ("Programmets områden i Stockholm" if lang == "sv" else "The programme's areas in Stockholm") in specs
    assert ("The programme's areas" if lang == "sv" else "Programmets områden") not in specs


def test_programme_page_committee_filter(db_path):
    at = open_page("pages/programme.py", "sv")
    at.selectbox(key="programme-body").set_value("trafiknämnden").run()
    answer = [m.value for m in at.markdown if m.value.startswith("- **")][0]
    assert re.findall(r"^- \*\*([^*]+)\*\*", answer, re.M) == ["1.1", "1.2", "1 b)", "2 a)", "3.4"]
    assert "(Stadsmiljö och boende)" in answer and "1-1." not in answer
    at.checkbox(key="programme-main-only").check().run()
    answer = [m.value for m in at.markdown if m.value.startswith("- **")][0]
    assert re.findall(r"^- \*\*([^*]+)\*\*", answer, re.M) == ["1.2", "3.4"]


def test_programme_page_reads_body_from_link(db_path):
    at = open_page("pages/programme.py", "sv", body="Stockholm Business Region")
    summary = [m.value for m in at.markdown if "nämns som ansvarig" in m.value][0]
    assert "**4** mål och punkter" in summary and "3 c) (Jobb och företagande); 3 d) (Jobb och företagande)" in summary
