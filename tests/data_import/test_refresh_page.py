"""The "Vad saknas?" panel on the risk-index and grant pages, and the import page's "Fetch from SCB
and Kolada" section driven against the SCB replay of tests/data_import/providers (no network)."""
from __future__ import annotations

import functools
import hashlib
import shutil

import duckdb
import pytest

from sammanhallen.data_import import admin_auth as auth
from sammanhallen.data_import import importer
from sammanhallen.data_import.providers.fetch import make_clients
from tests.app_servers import free_port
from tests.data_import.providers.replay import ScbReplay
from tests.test_pages import open_page
from tests.data_import.test_import_page import PASSWORD, log_in

RECIPE = "scb_kommun_folkmangd"
TEXT = {"sv": ("Vad saknas?", "Inget recept finns ännu för", "Importera data"),
        "en": ("What is missing?", "No recipe exists yet for", "Import data")}


@pytest.fixture
def own_db(db_path, tmp_path, monkeypatch):
    copy = tmp_path / "dashboard.duckdb"
    shutil.copy(db_path, copy)
    monkeypatch.setenv("DASHBOARD_DB", str(copy))
    monkeypatch.setenv("DASHBOARD_USER_DIR", str(tmp_path / "user"))
    monkeypatch.delenv(importer.PUBLISH_ENV, raising=False)
    return copy


@pytest.fixture
def admin(monkeypatch):
    from components.data_import import admin_access

    admin_access.login_throttle.clear()
    monkeypatch.setenv("DASHBOARD_ADMIN_PASSWORD_HASH", auth.hash_password(PASSWORD, iterations=1_000))


@pytest.fixture
def quick_clients(monkeypatch):
    """The page's clients without waits between retries (the fetch itself is unchanged)."""
    from components.data_import import refresh

    monkeypatch.setattr(refresh, "make_clients", functools.partial(make_clients, attempts=2, sleep=lambda _: None, timeout=5))


def _panel(at, lang):
    found = [e for e in at.expander if e.label == TEXT[lang][0]]
    assert len(found) == 1, [e.label for e in at.expander]
    assert not found[0].proto.expanded, "the panel starts closed"
    return found[0]


def _choose_tab638(box) -> None:
    box.set_value(RECIPE).run()


def _select(at, name: str) -> None:
    """Choose a recipe in the fetch section as a person would (through the widget's session value)."""
    at.session_state["refresh-recipes"] = [name]
    at.run()
    assert at.multiselect(key="refresh-recipes").value == [name]


def _summary(panel):
    return panel.dataframe[0].value


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_risk_index_panel_lists_the_presets_gaps(db_path, lang):
    at = open_page("pages/risk_index.py", lang)
    assert not at.exception, [e.value for e in at.exception]
    panel = _panel(at, lang)
    summary = _summary(panel)
    indicator = {"sv": "Indikator", "en": "Indicator"}[lang]
    filled = {"sv": "Områdesår med värde", "en": "Area-years with a value"}[lang]
    # stockholm_sdo: social assistance as a share of the population is stored for some area-years only
    row = summary[summary[indicator].str.contains({"sv": "ekonomiskt bistånd", "en": "social assistance"}[lang], case=False)
                  & summary[filled].map(lambda s: int(s.split(" / ")[0]) < int(s.split(" / ")[1]))]
    assert len(row) >= 1, summary
    matrix = panel.dataframe[1].value
    assert {"✓", "✗"} <= set(matrix.to_numpy().ravel()), "the matrix shows both stored inputs and gaps"
    assert any(TEXT[lang][1] in c.value for c in panel.caption)


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_grant_panel_names_the_recipe_and_the_manual_download(db_path, lang):
    at = open_page("pages/grant.py", lang)
    assert not at.exception, [e.value for e in at.exception]
    panel = _panel(at, lang)
    summary = _summary(panel)
    population = summary[summary.iloc[:, 0] == {"sv": "Folkmängd", "en": "Population"}[lang]]
    assert len(population) == 1 and population.iloc[0, -1] not in ("–", ""), "population gaps name their recipes"
    _choose_tab638(next(s for s in panel.selectbox if s.label in ("Recept", "Recipe")))
    panel = _panel(at, lang)
    code = panel.code[0].value
    assert "statistikdatabasen.scb.se/api/v2/tables/TAB638/data?" in code and "BE0101N1" in code
    assert TEXT[lang][2] in code
    assert not panel.get("page_link"), "no fetch link for someone who is not an administrator"


def test_an_administrator_gets_a_link_to_the_fetch_with_the_recipe_preselected(own_db, admin):
    at = open_page("pages/data_import.py")
    log_in(at)
    at.switch_page("pages/grant.py")
    at.run()
    panel = _panel(at, "sv")
    _choose_tab638(next(s for s in panel.selectbox if s.label == "Recept"))
    links = [p for p in _panel(at, "sv").get("page_link") if "Importera data" in p.proto.label]
    assert links and f"recipe={RECIPE}" in links[0].proto.page + "?" + links[0].proto.query_string


def _db_sha(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_an_administrator_fetches_previews_and_saves(own_db, admin, quick_clients, httpserver, monkeypatch):
    replay = ScbReplay(httpserver, gaps=[{"Region": "0780", "Tid": "2021"}])
    monkeypatch.setenv("SCB_API_URL", httpserver.url_for("/api/v2/"))
    at = open_page("pages/data_import.py")
    log_in(at)
    assert not [b for b in at.button if b.label == "Spara"], "nothing to save before a preview"
    _select(at, RECIPE)
    at.button(key="refresh-preview").click().run()
    assert not at.exception, [e.value for e in at.exception]
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Nya värden"] == "49" and metrics["Luckor hos leverantören"] == "1"
    assert any("Luckor hos leverantören (1)" in i.value for i in at.info)
    gap_table = next(d.value for d in at.dataframe if "Markering" in d.value.columns)
    assert list(gap_table["Område"]) == ["Växjö"] and list(gap_table["År"]) == [2021] and list(gap_table["Markering"]) == [".."]
    requests = len(replay.bodies)
    at.run()
    assert len(replay.bodies) == requests, "a rerun shows the kept preview and does not fetch again"

    at.button(key="refresh-save").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("sparad: 49 nya" in s.value for s in at.success)
    log = importer.read_log()
    assert [r.status for r in log] == ["committed"] and log[0].file_name.startswith("scb_TAB638_")
    with duckdb.connect(str(own_db), read_only=True) as con:
        value, source, note = con.execute("select value, source_id, note from observations "
                                          "where indicator_id = 'folkmangd' and area_id = '0180' and year = 2024").fetchone()
        gap = con.execute("select count(*) from observations where indicator_id = 'folkmangd' and area_id = '0780' "
                          "and year = 2021").fetchone()[0]
    assert value > 0 and source == "scb_tab638" and "SCB TAB638" in note and "hämtad/fetched" in note
    assert gap == 0, "a gap at the provider is not written as a value"


def test_offline_says_so_and_changes_nothing(own_db, admin, quick_clients, monkeypatch):
    monkeypatch.setenv("SCB_API_URL", f"http://127.0.0.1:{free_port()}/api/v2/")
    before = _db_sha(own_db)
    at = open_page("pages/data_import.py")
    log_in(at)
    _select(at, RECIPE)
    at.button(key="refresh-preview").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("Hämtningen misslyckades; inget har ändrats. Ingen kontakt med SCB" in e.value for e in at.error), \
        [e.value for e in at.error]
    assert not [b for b in at.button if b.label == "Spara"]
    assert _db_sha(own_db) == before and importer.read_log() == []


def test_an_unverified_recipe_says_so(own_db, admin):
    at = open_page("pages/data_import.py")
    log_in(at)
    _select(at, "scb_urb_folkmangd")
    assert any("obekräftat recept" in w.value and "FOLKMANGDURBLUA" in w.value for w in at.warning)
    table = next(d.value for d in at.dataframe if "Tabell / nyckeltal" in d.value.columns)
    assert set(table["Status"]) == {"bekräftat", "obekräftat"}
