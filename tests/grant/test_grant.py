"""Stimulansmedel: totals, per inhabitant, the reception matrix — pure functions, SQL and AppTest."""
from __future__ import annotations

import re

import pandas as pd
import pytest

from sammanhallen.grant import figures as grant
from sammanhallen.data import queries

from tests.test_pages import open_page
from tests.shared_sources import BOVERKET_2014_17, source_text

MUNICIPALITIES = ["Borås", "Göteborg", "Kristianstad", "Landskrona", "Malmö", "Stockholm", "Södertälje", "Trollhättan", "Växjö"]


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@pytest.fixture(scope="module")
def districts(con):
    return queries.run(con, "funds_by_district", programme=grant.PROGRAMME, payment=grant.FIRST_PAYMENT)


@pytest.fixture(scope="module")
def reception(con):
    return queries.run(con, "grant_reception", source_id=grant.REPORT)


# ------------------------------------------------------------------------------------ totals

def test_funds_table_sums_to_99_million(districts):
    assert len(districts) == 15
    assert grant.payment_total(districts) == 99_000_000
    assert grant.total_matches(districts)
    assert districts["share"].sum() == pytest.approx(1.0)


def test_a_wrong_total_is_detected(districts):
    broken = districts.copy()
    broken.loc[0, "amount_sek"] += 1000
    assert not grant.total_matches(broken)


def test_municipality_totals_match_the_report(con):
    rows = queries.run(con, "funds_by_municipality", programme=grant.PROGRAMME, payment=grant.FIRST_PAYMENT)
    totals = dict(zip(rows["municipality"], rows["amount_sek"]))
    # the four municipal totals Boverket 2014:17 prints itself
    assert totals["Göteborg"] == 26_209_000 and totals["Södertälje"] == 20_632_000
    assert totals["Malmö"] == 9_855_000 and totals["Stockholm"] == 8_767_000
    assert sorted(totals) == MUNICIPALITIES


# ----------------------------------------------------------------------------- per inhabitant

def test_population_is_the_one_nearest_2013(con):
    pop = queries.run(con, "grant_population_nearest", year=2013).set_index("area_id")
    assert pop.loc["u15-tensta", "population_year"] == 2011  # not the 2003 figure
    assert pop.loc["u15-tensta", "years_from_payment"] == -2
    assert pop.index.is_unique


def test_population_prefers_a_usable_figure(con):
    pop = queries.run(con, "grant_population_nearest", year=2013).set_index("area_id")
    # Tensta has a low-confidence 2003 figure (Finnish mirror) and a medium 2011 one: the 2011 one is used
    assert pop.loc["u15-tensta", "population_confidence"] == "medium"
    # where only a low-confidence figure exists it is still returned (shown with its source)
    assert pop.loc["u15-kronogarden", "population_confidence"] == "low"


def test_per_inhabitant_keeps_gaps_as_gaps(con, districts):
    pop = queries.run(con, "grant_population_nearest", year=2013)
    table = grant.per_inhabitant(districts, pop).set_index("area_id")
    assert len(table) == 15
    tensta = table.loc["u15-tensta"]
    assert tensta["per_inhabitant"] == pytest.approx(5_567_000 / 18_393)
    assert pd.isna(table.loc["u15-rinkeby", "per_inhabitant"])  # no population figure: nothing estimated
    usable = pop[pop["population_confidence"].isin(["high", "medium"])]
    assert table["per_inhabitant"].notna().sum() == len(usable) == 2


def test_no_ratio_from_low_confidence_population(con, districts):
    pop = queries.run(con, "grant_population_nearest", year=2013)
    table = grant.per_inhabitant(districts, pop).set_index("area_id")
    for area_id in ("u15-kronogarden", "u15-gardsten"):  # "passerade 5 000" (2008); informal site (2016)
        assert table.loc[area_id, "population"] > 0, "the figure itself stays visible"
        assert not table.loc[area_id, "population_usable"]
        assert pd.isna(table.loc[area_id, "per_inhabitant"])
    low = grant.low_confidence_population(table.reset_index())
    assert sorted(low["area_id"]) == ["u15-gardsten", "u15-kronogarden"]
    assert (low["population_confidence"] == "low").all()


def test_quoted_passages_drop_the_commentary():
    note = "early 2008; mer än 5 000 (source says 'passerade'); Source: sv.wikipedia: 'Enligt Projekt Kronogården … passerade Kronogården 5 000 invånare under början av 2008.'"
    assert grant.quoted_passages(note) == "Enligt Projekt Kronogården … passerade Kronogården 5 000 invånare under början av 2008."
    assert grant.quoted_passages("no quote here") == ""
    assert grant.quoted_passages(None) == ""


# ------------------------------------------------------------------------ facts about the grant

ENGLISH_COMMENTARY = ("Source:", "Consistent", "abcdocz", "NOT stated", "Blog quoting", "in the brief", "publication page", "Article dated", "criteria tested")


def test_programme_fact_notes_are_only_the_sources_words(con):
    facts = queries.run(con, "grant_facts", document_source_id=grant.REPORT)
    mine = facts[facts["origin"] == "programme_facts"].set_index("fact_id")
    assert len(mine) == 20
    for fact_id, quote in mine["quote"].items():
        if isinstance(quote, str):
            assert not any(word in quote for word in ENGLISH_COMMENTARY), (fact_id, quote)
    assert mine.loc["total_paid_first_payment_dec", "quote"] == (
        "hur kommunerna har valt att använda de 99 miljoner kronor som betalades ut i den första utbetalningen i december 2013")
    assert mine.loc["model_first_payment_base_change", "value"] == "2011–2012"
    assert mine.loc["model_refugee_adjustment_period", "value"] == "2008–2012"
    assert not mine["value"].str.contains("->").any()


def test_fact_values_have_no_unit_words_for_years_and_dates(con):
    from components.grant import funds as grant_funds

    facts = queries.run(con, "grant_facts", document_source_id=grant.REPORT).set_index("fact_id")
    assert grant_funds._fact_value(facts.loc["model_first_payment_base_change"]) == "2011–2012"
    assert grant_funds._fact_value(facts.loc["government_decision_date"]) == "2013-03-26"
    assert grant_funds._fact_value(facts.loc["budget_per_year_2013"]).replace("\u00a0", " ") == "100 000 000 kr"


def test_funds_chart_axis_and_labels(districts):
    from components.grant import funds as grant_funds

    spec = grant_funds.funds_chart(districts).to_dict()
    layer = spec["layer"][0]["encoding"]
    assert layer["x"]["title"] == "Miljoner kronor"
    assert "mnkr" not in layer["x"]["axis"]["labelExpr"]
    ticks = layer["x"]["axis"]["values"]
    assert 3 <= len(ticks) <= 8 and all(v % 1_000_000 == 0 for v in ticks)
    assert ticks[1] - ticks[0] >= 2_000_000, "not one tick per million"
    assert layer["y"]["axis"]["labelLimit"] == 0, "long names are not truncated"
    labels = {r["district"] for r in spec["datasets"][spec["data"]["name"]]}
    assert "Norra Biskopsgården (Göteborg)" in labels
    colour = spec["layer"][0]["mark"], layer["color"]
    assert colour[1]["field"] == "name", "bars keep the district's own colour"


@pytest.mark.parametrize("years, lang, expected", [
    (-2, "sv", "2 år före 2013"), (3, "sv", "3 år efter 2013"), (0, "sv", "samma år som utbetalningen"),
    (-1, "en", "1 year before 2013"), (3, "en", "3 years after 2013"), (None, "sv", ""),
])
def test_year_gap_text(years, lang, expected):
    assert grant.year_gap_text(years, lang) == expected


# --------------------------------------------------------------------------- reception matrix

def test_reception_matrix_has_nine_municipalities_and_seven_dimensions(reception):
    matrix = grant.reception_matrix(reception, "sv")
    assert list(matrix.index) == MUNICIPALITIES
    assert matrix.shape == (9, 7)
    assert list(matrix.columns) == [grant.dimension_label(d, "sv") for d in grant.DIMENSION_KEYS]
    assert not (matrix == "–").any().any(), "every municipality has a value for every dimension"


def test_every_reception_value_has_a_label(reception):
    unlabelled = set(reception["value"]) - set(grant.VALUE_LABELS)
    assert not unlabelled


def test_reception_passages_are_verbatim_from_the_report(reception):
    report = _norm(source_text(BOVERKET_2014_17))
    for row in reception.itertuples():
        if not isinstance(row.passage, str) or not row.passage:
            assert row.value == "not_stated", (row.municipality, row.dimension)
            continue
        for part in re.split(r"\s*\[…\]\s*|\s*…\s*", row.passage):
            assert _norm(part) in report, (row.municipality, row.dimension, part[:80])
        assert row.heading.split(" > ")[0].split(";")[0] in report


@pytest.mark.parametrize("dimension, values, expected", [
    ("organisation", ["existing_area_programme"], ["Göteborg", "Malmö", "Stockholm", "Trollhättan"]),
    ("organisation", ["no_decision_yet"], ["Södertälje"]),
    ("arbetsformedlingen_participates", ["no"], ["Kristianstad", "Landskrona"]),
    ("use_of_funds", ["new_projects"], ["Borås", "Landskrona", "Växjö"]),
    (None, None, MUNICIPALITIES),
])
def test_reception_filter_by_dimension_value(reception, dimension, values, expected):
    shown = grant.filter_reception(reception, None, dimension, values)
    assert sorted(shown["municipality"].unique()) == expected
    assert (shown.groupby("municipality").size() == 7).all(), "whole rows are kept"


def test_reception_filter_by_municipality(reception):
    shown = grant.filter_reception(reception, ["Växjö", "Borås"])
    assert sorted(shown["municipality"].unique()) == ["Borås", "Växjö"]


def test_anchor_ids_are_unique_and_html_safe(reception):
    ids = [grant.anchor_id(r.municipality_id, r.dimension) for r in reception.itertuples()]
    assert len(set(ids)) == 63
    assert all(re.fullmatch(r"rec-\d{4}-[a-z-]+", i) for i in ids)


def test_map_url_names_the_funds_view():
    from sammanhallen.map import data as map_data
    from sammanhallen.map import geographies as map_geographies
    from sammanhallen.map import view as map_view

    assert grant.map_funds_url() == "/karta?geo=u15&measure=stimulansmedel"
    assert grant.MAP_FUNDS_PARAMS["geo"] in map_geographies.GEOGRAPHIES
    assert grant.MAP_FUNDS_PARAMS["measure"] == map_data.FUNDS
    normalised = map_view.normalise(grant.MAP_FUNDS_PARAMS)
    assert {k: normalised[k] for k in grant.MAP_FUNDS_PARAMS} == grant.MAP_FUNDS_PARAMS


# ------------------------------------------------------------------------------------ AppTest

@pytest.mark.parametrize("lang", ["sv", "en"])
def test_grant_page_renders(db_path, lang):
    at = open_page("pages/grant.py", lang)
    assert not at.exception, [e.value for e in at.exception]
    metrics = {m.label: m.value.replace("\u00a0", " ") for m in at.metric}
    key = "Utbetalt december 2013 (summa av raderna)" if lang == "sv" else "Paid in December 2013 (sum of the rows)"
    assert metrics[key] == ("99 000 000 kr" if lang == "sv" else "99,000,000 SEK")
    assert len(at.success) == 1 and not at.error, "the total matches, so no error box"
    html = "".join(m.value for m in at.markdown)
    assert html.count('<td class="v-') == 63
    for municipality in MUNICIPALITIES:
        assert f'<th scope="row">{municipality}</th>' in html
    gap = "Ingen befolkningssiffra i källorna" if lang == "sv" else "No population figure in the sources"
    assert gap in html
    low = "Befolkningssiffran har låg tillförlitlighet – ingen kvot räknas" if lang == "sv" else \
        "The population figure has low confidence – no ratio is computed"
    assert low in html
    warnings = " ".join(w.value for w in at.warning)
    assert "99 miljoner kronor … under 2013 respektive 2014" in warnings
    facts = [m.value for m in at.markdown if "Källa: " in m.value or "Source: " in m.value]
    first = [m for m in facts if m.startswith("**Första utbetalningen" if lang == "sv" else "**First payment")][0]
    assert ("Källa: Boverket" if lang == "sv" else "Source: Boverket") in first
    assert "”hur kommunerna har valt att använda de 99 miljoner kronor" in first
    if lang == "sv":  # nothing in English, no compiler's notes
        shown = html + " ".join(c.value for c in at.caption)
        for word in ENGLISH_COMMENTARY + ("Anteckning", " years", "->"):
            assert word not in shown, word


def test_grant_page_filter_narrows_the_matrix(db_path):
    at = open_page("pages/grant.py", "sv")
    at.selectbox(key="grant-rec-dimension").set_value("organisation").run()
    at.multiselect(key="grant-rec-values").set_value(["existing_area_programme"]).run()
    html = "".join(m.value for m in at.markdown)
    rows = re.findall(r'<th scope="row">([^<]+)</th>', html)
    assert rows == ["Göteborg", "Malmö", "Stockholm", "Trollhättan"]
