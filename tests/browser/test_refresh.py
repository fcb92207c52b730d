"""The administrator fetches from SCB through the import page, previews, saves, sees the new value with
its provider, table and fetch date on the map, and undoes it; plus the risk index's "Vad saknas?"
panel. SCB and Kolada are a loopback replay of tests/fixtures/providers/routes.json (its 'default'
routes, matched as its `matching` list says): SCB under /scb/api/v2/, Kolada under /kolada/v3/.
The replayed values are synthetic and live only in the test's temporary database."""
from __future__ import annotations

import datetime as dt
import hashlib
import shutil
from pathlib import Path

import pytest

from sammanhallen.data_import import admin_auth as auth
from tests.providers_replay import RoutesReplay

from .conftest import ARTIFACTS, screenshot, start_server, stop_server, wait_until_settled

PASSWORD = "korrekt häftapparat"
RECIPES = ("scb_kommun_folkmangd", "scb_urb_forvarvsfrekvens")


@pytest.fixture(scope="module")
def refresh_app(server_env, browser, db_path, tmp_path_factory):
    """An app of its own: a copy of the database, an empty user folder, a credential, providers replayed."""
    folder = tmp_path_factory.mktemp("refresh")
    shutil.copy(db_path, folder / "dashboard.duckdb")
    with RoutesReplay() as replay:
        env = {**server_env, **replay.env, "DASHBOARD_DB": str(folder / "dashboard.duckdb"),
               "DASHBOARD_USER_DIR": str(folder / "user"),
               "DASHBOARD_ADMIN_PASSWORD_HASH": auth.hash_password(PASSWORD, iterations=1_000)}
        process, url = start_server(env)
        try:
            yield url, folder / "dashboard.duckdb", replay
        finally:
            stop_server(process)


def _settle(page) -> None:
    page.wait_for_timeout(300)  # let the click reach the server before asking whether it has settled
    wait_until_settled(page)


def _login(page, url: str, query: str = "") -> None:
    page.goto(f"{url}/import{query}")
    wait_until_settled(page)
    page.get_by_label("Ditt namn (står i importloggen)").fill("Anna Analytiker")
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    _settle(page)


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _undo_latest(page) -> None:
    page.get_by_role("tab", name="Logg och ångra").click()
    if not page.get_by_label("Jag vill ångra den senaste importen").is_checked():  # stays ticked after an undo
        page.get_by_text("Jag vill ångra den senaste importen").click()
        _settle(page)
    page.get_by_role("button", name="Ångra senaste importen").click()
    _settle(page)


def test_fetch_preview_save_show_on_the_map_and_undo(page, refresh_app):
    url, database, replay = refresh_app
    before = _sha(database)
    # the link the "Vad saknas?" panel gives an administrator: recipes preselected by ?recipe=
    _login(page, url, "?" + "&".join(f"recipe={name}" for name in RECIPES))
    main = page.locator(".st-key-page-data_import")
    chosen = page.locator(".st-key-refresh-recipes").inner_text()
    assert "Folkmängd per kommun (SCB TAB638)" in chosen and "(SCB INTGR1URBKON)" in chosen, chosen
    assert "obekräftat recept" in main.inner_text(), "an unverified recipe says so"
    page.get_by_role("button", name="Förhandsgranska").click()
    _settle(page)
    text = main.inner_text()
    assert "Fetch failed" not in text and "Hämtningen misslyckades" not in text, text[-2000:]
    assert "Källa som skrivs in: SCB" in text and "Luckor hos leverantören (1)" in text
    assert page.locator("[data-testid=stException]").count() == 0
    main.get_by_role("heading", name="Hämta från SCB och Kolada").scroll_into_view_if_needed()
    screenshot(page, "refresh-preview")
    fetched = len(replay.requests)

    page.get_by_role("button", name="Spara", exact=True).click()
    _settle(page)
    text = main.inner_text()
    assert "Import 1 (scb_TAB638_" in text and "Import 2 (scb_INTGR1URBKON_" in text, text[-2000:]
    assert len(replay.requests) == fetched, "saving writes the previewed answers; it does not fetch again"
    assert _sha(database) != before

    today = dt.datetime.now(dt.timezone.utc).date().isoformat()
    page.goto(f"{url}/karta?geo=kommun&measure=folkmangd&year=2024")
    wait_until_settled(page)
    shown = page.locator(".st-key-page-map").inner_text()
    assert "TAB638" in shown and f"hämtad/fetched {today}" in shown and "SCB" in shown, shown[-1500:]

    _login(page, url)
    _undo_latest(page)
    _undo_latest(page)
    assert _sha(database) == before, "undo restores the database exactly"
    page.goto(f"{url}/karta?geo=kommun&measure=folkmangd&year=2024")
    wait_until_settled(page)
    assert "TAB638" not in page.locator(".st-key-page-map").inner_text()
    assert page.outside_requests == []


def test_risk_index_shows_what_is_missing(page, refresh_app):
    url, _, _ = refresh_app
    page.goto(f"{url}/riskindex")
    wait_until_settled(page)
    panel = page.locator("[data-testid=stExpander]").filter(has_text="Vad saknas?")
    panel.get_by_text("Vad saknas?").click()
    _settle(page)
    text = panel.inner_text()
    assert "Per område och år för" in text and "Så fylls luckorna" in text and "Inget recept finns ännu för" in text
    assert page.locator("[data-testid=stException]").count() == 0
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    panel.screenshot(path=str(ARTIFACTS / "risk-index-vad-saknas.png"))
