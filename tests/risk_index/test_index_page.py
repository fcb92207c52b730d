"""AppTest runs of the risk-index page: both presets in both languages, editing a weight changes the
ranking, too few indicators are flagged, invalid edits are refused, a preset can be saved."""
from __future__ import annotations

import json

import pandas as pd
import pytest

from sammanhallen.risk_index import presets as rp

from tests.test_pages import open_page

PAGE = "pages/risk_index.py"


def _texts(at) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption] + [w.value for w in at.warning] \
        + [i.value for i in at.info] + [e.value for e in at.error] + [h.value for h in at.header] + [s.value for s in at.title]
    return "\n".join(str(p) for p in parts).replace("\u00a0", " ")


def ranking(at) -> pd.DataFrame:
    """The ranked table (the one with a Rang/Rank and a Status column)."""
    for frame in at.dataframe:
        value = frame.value
        if {"Status"} <= set(value.columns) and ({"Rang"} <= set(value.columns) or {"Rank"} <= set(value.columns)):
            return value
    raise AssertionError("the ranked table is missing")


def rank_of(table: pd.DataFrame, name: str) -> str:
    col_area = "Område" if "Område" in table.columns else "Area"
    col_rank = "Rang" if "Rang" in table.columns else "Rank"
    return table.loc[table[col_area] == name, col_rank].iloc[0]


@pytest.mark.parametrize("lang", ["sv", "en"])
@pytest.mark.parametrize("preset", ["stockholm_sdo", "malmo_stadsdelar"])
def test_page_renders_both_presets_in_both_languages(db_path, preset, lang):
    at = open_page(PAGE, lang, preset=preset)
    assert not at.exception, [e.value for e in at.exception]
    text = _texts(at)
    assert ("beräknat av dashboarden" if lang == "sv" else "computed by the dashboard") in text.lower()
    table = ranking(at)
    assert len(table) == (15 if preset == "stockholm_sdo" else 11)  # the areas plus the reference
    assert at.query_params["preset"] == preset
    if preset == "stockholm_sdo":
        assert at.query_params["year"] == "2017"
        assert rank_of(table, "Rinkeby-Kista") == "1"
        assert ("Saknas helt:" if lang == "sv" else "Missing altogether:") in text
        assert "Tensta" in str([d.value for d in at.dataframe])  # the published value beside
    else:
        assert at.query_params["year"] == "2011"
        assert rank_of(table, "Rosengård") == "1"
        assert ("Välfärdsindex" if lang == "sv" else "Welfare index") in text
        assert ("Ingen karta" if lang == "sv" else "No map") in text


def chart_data(at) -> list[list[bytes]]:
    """Each chart's data as sent, in page order (the specs are cached; the data must follow the preset)."""
    return [[d.data.data for d in c.proto.datasets] for kind in ("arrow_vega_lite_chart", "vega_lite_chart")
            for c in at.get(kind)]


def test_editing_a_weight_changes_the_ranking(db_path):
    at = open_page(PAGE, preset="malmo_stadsdelar", year="2011")
    assert rank_of(ranking(at), "Centrum") == "6"
    charts_before = chart_data(at)
    at.number_input(key="ri_malmo_stadsdelar_weight_forvarvsfrekvens_20_64_fodda_i_utlandet").set_value(3.0)
    at.button(key="ri_malmo_stadsdelar_apply").click().run()
    assert not at.exception, [e.value for e in at.exception]
    table = ranking(at)
    assert rank_of(table, "Centrum") == "8" and rank_of(table, "Oxie") == "6"
    assert "ändrad version" in _texts(at)
    charts_after = chart_data(at)
    assert len(charts_after) == len(charts_before) >= 3
    assert all(after != before for after, before in zip(charts_after, charts_before))  # bars, time, slope
    # reset brings the preset back
    at.button(key="ri_reset_malmo_stadsdelar").click().run()
    assert rank_of(ranking(at), "Centrum") == "6"
    assert chart_data(at) == charts_before


def test_a_year_with_too_few_indicators_is_flagged(db_path):
    at = open_page(PAGE, preset="stockholm_sdo", year="2016")
    assert not at.exception
    text = _texts(at)
    assert "Alla områden är flaggade 2016" in text
    table = ranking(at)
    assert (table["Status"].iloc[:14] == "flaggat: för få indikatorer").all()
    assert table["Index"].iloc[0].endswith(" *")
    assert (table["Indikatorer"].iloc[:14] == "1 av 3").all()


def test_raising_the_minimum_flags_every_area(db_path):
    at = open_page(PAGE, preset="stockholm_sdo", year="2017")
    assert not ranking(at)["Status"].str.startswith("flaggat").any()
    at.number_input(key="ri_stockholm_sdo_min").set_value(3)
    at.button(key="ri_stockholm_sdo_apply").click().run()
    assert not at.exception, [e.value for e in at.exception]
    table = ranking(at)
    assert table["Status"].iloc[:14].str.startswith("flaggat").all()
    assert "Alla områden är flaggade 2017" in _texts(at)


def test_an_invalid_edit_is_refused_with_a_message(db_path):
    at = open_page(PAGE, preset="stockholm_sdo")
    for iid in ("ekonomiskt_bistand_andel_befolkning", "forvarvsarbetande_utrikes_fodda_andel_20_64",
                "ekonomiskt_bistand_andel_barn"):
        at.checkbox(key=f"ri_stockholm_sdo_use_{iid}").uncheck()
    at.button(key="ri_stockholm_sdo_apply").click().run()
    assert not at.exception
    assert any("Välj minst en indikator" in e.value for e in at.error)
    assert rank_of(ranking(at), "Rinkeby-Kista") == "1"  # the preset as it was is still shown


def test_save_as_own_preset(db_path, tmp_path, monkeypatch):
    monkeypatch.setenv("DASHBOARD_USER_DIR", str(tmp_path))
    at = open_page(PAGE, preset="malmo_stadsdelar")
    at.number_input(key="ri_malmo_stadsdelar_weight_forvarvsfrekvens_20_64_totalt").set_value(2.0)
    at.button(key="ri_malmo_stadsdelar_apply").click().run()
    at.text_input(key="ri_save_name").input("Malmö, total vikt 2")
    at.button(key="ri_save").click().run()
    assert not at.exception, [e.value for e in at.exception]
    saved = tmp_path / "index_presets" / "user-malmo-total-vikt-2.json"
    assert saved.exists()
    data = json.loads(saved.read_text(encoding="utf-8"))
    assert {i["indicator_id"]: i["weight"] for i in data["items"]}["forvarvsfrekvens_20_64_totalt"] == 2.0
    assert at.selectbox(key="ri_preset").value == "user-malmo-total-vikt-2"
    assert any("Sparad som" in s.value for s in at.success)
    assert rp.load_presets(user_presets_dir=tmp_path / "index_presets")["user-malmo-total-vikt-2"].parent_id == "1280"


def test_sensitivity_leave_one_out_shows_rank_changes(db_path):
    at = open_page(PAGE, preset="malmo_stadsdelar", year="2011")
    at.selectbox(key="ri_sens_leave").set_value("forvarvsfrekvens_20_64_fodda_i_sverige").run()
    assert not at.exception
    text = _texts(at)
    assert "2 av 10 områden byter rang 2011 utan förvärvsfrekvens 20–64 år, födda i sverige." in text
    at.radio(key="ri_sens_mode").set_value("weight").run()
    at.selectbox(key="ri_sens_target").set_value("item:forvarvsfrekvens_20_64_fodda_i_utlandet").run()
    at.slider(key="ri_sens_weight_item:forvarvsfrekvens_20_64_fodda_i_utlandet").set_value(3.0).run()
    assert not at.exception, [e.value for e in at.exception]
    assert "3 av 10 områden byter rang 2011" in _texts(at)


def test_the_shipped_urban15_preset_before_a_refresh_names_the_recipes_that_fill_it(db_path):
    """Shipped with most indicators still empty: the page renders, flags the thin index and its
    'Vad saknas?' panel names the Kolada recipes for the missing inputs."""
    at = open_page(PAGE, preset="urban15_kommuner")
    assert not at.exception, [e.value for e in at.exception]
    assert at.query_params["preset"] == "urban15_kommuner"
    panel = [e for e in at.expander if "Vad saknas?" in e.label]
    assert len(panel) == 1
    summary = "\n".join(str(d.value.to_dict()) for d in panel[0].dataframe)
    for title in ("Anmälda brott per 100 000 invånare (Kolada)", "Psykisk ohälsa bland barn och unga"):
        assert title in summary, summary[:1500]
