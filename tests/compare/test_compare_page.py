"""The compare page in AppTest: empty selection, one area, gaps, a year without data, funds."""
from __future__ import annotations

from tests.test_pages import open_page

PAGE = "pages/compare.py"


def _texts(at) -> str:
    return " ".join(str(x.value) for kind in (at.markdown, at.caption, at.info, at.warning, at.header, at.subheader) for x in kind)


def test_default_comparison_writes_the_permalink(db_path):
    at = open_page(PAGE)
    assert not at.exception, [e.value for e in at.exception]
    assert at.query_params["indicator"] == ["ekonomiskt_bistand_andel_befolkning"] or at.query_params["indicator"] == "ekonomiskt_bistand_andel_befolkning"
    assert "Rangordning 2017" in _texts(at)
    assert len(at.get("arrow_vega_lite_chart")) + len(at.get("vega_lite_chart")) >= 3
    assert any("jamfor?indicator=ekonomiskt_bistand_andel_befolkning" in c.value for c in at.code)


def test_empty_selection_asks_for_areas(db_path):
    at = open_page(PAGE, areas="")
    assert not at.exception
    assert any("Välj minst ett område" in i.value for i in at.info)
    assert not at.get("arrow_vega_lite_chart") and not at.get("vega_lite_chart")


def test_single_area(db_path):
    at = open_page(PAGE, indicator="folkmangd", areas="u15-tensta")
    assert not at.exception, [e.value for e in at.exception]
    assert any("Ett område valt" in i.value for i in at.info)
    assert at.selectbox(key="cmp_year").options == ["2003", "2011"]  # only years with data
    assert "Rangordning 2011" in _texts(at)


def test_indicator_with_gaps_lists_reasons(db_path):
    at = open_page(PAGE, indicator="ekonomiskt_bistand_andel_befolkning",
                   areas="0180,0180-sdo-hagersten-alvsjo,1280-sd-rosengard", year="2016")
    assert not at.exception, [e.value for e in at.exception]
    text = _texts(at)
    assert "Hägersten-Älvsjö: uppgift saknas – området bildades 2020-07-01" in text
    assert "Rosengård: uppgift saknas – indikatorn finns inte för området i källorna" in text


def test_year_without_data_says_so(db_path):
    at = open_page(PAGE, year="1999")
    assert not at.exception
    assert any("Året 1999 saknar värden för urvalet; visar 2017" in w.value for w in at.warning)
    assert at.query_params["year"] in ("2017", ["2017"])


def test_no_data_at_all_for_the_selection(db_path):
    at = open_page(PAGE, indicator="valfardsindex", areas="u15-tensta")
    assert not at.exception
    assert any("inga värden" in w.value for w in at.warning)


def test_funds_per_inhabitant_names_the_population_year(db_path):
    at = open_page(PAGE, indicator="funds_per_inhabitant", areas="u15-tensta,u15-rinkeby")
    assert not at.exception, [e.value for e in at.exception]
    warning = " ".join(w.value for w in at.warning)
    assert "Folkmängd för 2013 finns för 0 av 2 områden" in warning and "Tensta 2011" in warning
    at.checkbox(key="cmp_pop").check().run()
    assert not at.exception
    assert "Tensta: folkmängd från 2011, inte 2013" in _texts(at)
    assert at.query_params["pop"] in ("nearest", ["nearest"])


def test_quick_pick_replaces_the_selection_and_updates_the_url(db_path):
    at = open_page(PAGE, areas="0180")
    at.button(key="cmp_group_urban15").click().run()
    assert not at.exception
    assert len(at.multiselect(key="cmp_areas").value) == 15
    assert "u15-araby" in str(at.query_params["areas"])


def test_english(db_path):
    at = open_page(PAGE, lang="en")
    assert not at.exception
    assert "Ranking 2017" in _texts(at)


def test_quick_picks_offer_stockholms_two_divisions_separately(db_path):
    at = open_page(PAGE, areas="0180")
    labels = [b.label for b in at.button]
    assert "Stockholms stadsdelsnämnder 2007–2019 (14)" in labels
    assert "Stockholms stadsdelsområden 2020– (13)" in labels
    assert not any(label.startswith("Stockholms stadsdelsområden (") for label in labels)
    at.button(key="cmp_group_sthlm_sdo_2020").click().run()
    assert not at.exception, [e.value for e in at.exception]
    chosen = at.multiselect(key="cmp_areas").value
    assert len(chosen) == 13 and "0180-sdo-hagersten-alvsjo" in chosen and "0180-sdo-alvsjo" not in chosen
    at.button(key="cmp_group_sthlm_sdn_2007").click().run()
    chosen = at.multiselect(key="cmp_areas").value
    assert len(chosen) == 14 and "0180-sdo-alvsjo" in chosen and "0180-sdo-hagersten-alvsjo" not in chosen


def test_storyboard_title_is_prefilled_with_the_chart_title(db_path):
    at = open_page(PAGE)
    assert not at.exception
    assert at.text_input(key="sb-compare-title").value == "Andel av befolkningen med ekonomiskt bistånd, 2017"


def _chart_specs(at) -> str:
    import json

    return " ".join(json.dumps(json.loads(c.proto.spec), ensure_ascii=False) for kind in ("arrow_vega_lite_chart", "vega_lite_chart") for c in at.get(kind))


def test_cached_charts_and_table_follow_the_selection(db_path):
    """Charts and table are cached per selection: a changed year or highlight must redraw them."""
    at = open_page(PAGE, indicator="ekonomiskt_bistand_andel_befolkning", areas="0180-sdo-rinkeby-kista,0180-sdo-bromma",
                   year="2017")
    assert "ekonomiskt bistånd, 2017" in _chart_specs(at)
    at.selectbox(key="cmp_year").set_value("2016").run()
    assert not at.exception, [e.value for e in at.exception]
    specs = _chart_specs(at)
    assert "ekonomiskt bistånd, 2016" in specs and "ekonomiskt bistånd, 2017" not in specs
    assert "Rangordning 2016" in _texts(at)


def test_a_low_confidence_population_is_named_as_giving_no_ratio(db_path):
    at = open_page(PAGE, indicator="funds_per_inhabitant", areas="u15-tensta,u15-kronogarden", pop="nearest")
    assert not at.exception, [e.value for e in at.exception]
    warning = " ".join(w.value for w in at.warning)
    assert "(används, markerat †): Tensta 2011." in warning  # Kronogården's figure is not "used"
    assert "Folkmängd med låg tillförlitlighet ger ingen kvot: Kronogården 2008." in warning
