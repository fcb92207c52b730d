"""The administrator fetches from SCB through the import page, previews, saves, sees the new value with
its provider, table and fetch date on the map, and undoes it; plus the risk index's "Vad saknas?"
panel. SCB and Kolada are a loopback replay of tests/fixtures/providers/routes.json (its 'default'
routes, matched as its `matching` list says): SCB under /scb/api/v2/, Kolada under /kolada/v3/.
The replayed values are synthetic and live only in the test's temporary database."""
from __future__ import annotations

import datetime as dt
import hashlib
import http.server
import json
import shutil
import threading
import urllib.parse
from pathlib import Path

import pytest

from sammanhallen.data_import import admin_auth as auth

from .conftest import ARTIFACTS, screenshot, start_server, stop_server, wait_until_settled

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "providers"
PASSWORD = "korrekt häftapparat"
HOSTS = {"scb": "statistikdatabasen.scb.se", "kolada": "api.kolada.se"}


def _segments(path: str) -> list:
    return [frozenset(s.split(",")) if "," in s else s for s in urllib.parse.unquote(path).split("/")]


def _selection(body) -> set:
    return {(item["variableCode"], frozenset(item["valueCodes"])) for item in (body or {}).get("selection", [])}


class RoutesReplay:
    """A threaded loopback server answering with the first matching 'default' route's file; an
    unmatched request gets 404 with an RFC 7807 body, so an unexpected request shows at once."""

    def __init__(self):
        index = json.loads((FIXTURES / "routes.json").read_text(encoding="utf-8"))
        self.routes = [r for r in index["routes"] if r["scenario"] == "default"]
        self.requests: list[str] = []
        replay = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                replay.answer(self, None)

            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                replay.answer(self, json.loads(self.rfile.read(length) or b"{}"))

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    @property
    def env(self) -> dict:
        return {"SCB_API_URL": f"{self.url}/scb/api/v2/", "KOLADA_API_URL": f"{self.url}/kolada/v3/"}

    def route(self, method: str, host: str, path: str, query: dict, body):
        for r in self.routes:
            if r["method"] != method or r["host"] != host or _segments(r["path"]) != _segments(path):
                continue
            if any(k not in query or set(str(v).split(",")) != set(query[k].split(",")) for k, v in r.get("query", {}).items()):
                continue
            if method == "POST" and "body" in r and _selection(r["body"]) != _selection(body):
                continue
            return r
        return None

    def answer(self, handler, body) -> None:
        parsed = urllib.parse.urlsplit(handler.path)
        prefix, _, rest = parsed.path.lstrip("/").partition("/")
        query = dict(urllib.parse.parse_qsl(parsed.query))
        self.requests.append(f"{handler.command} {handler.path}")
        found = self.route(handler.command, HOSTS.get(prefix, ""), "/" + rest, query, body)
        if found is None:
            status, kind, data = 404, "application/problem+json", json.dumps(
                {"type": "about:blank", "title": "no replay route", "status": 404, "detail": handler.path}).encode()
        else:
            status, kind, data = found["status"], found["content_type"], (FIXTURES / found["file"]).read_bytes()
        handler.send_response(status)
        handler.send_header("Content-Type", kind)
        handler.send_header("Content-Length", str(len(data)))
        handler.end_headers()
        handler.wfile.write(data)


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
    main.get_by_text("Hämta från SCB och Kolada").scroll_into_view_if_needed()
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
