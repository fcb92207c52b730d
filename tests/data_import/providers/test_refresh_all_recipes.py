"""Every shipped recipe through the command line against the routes.json replay (tests/providers_replay.py),
on a temporary copy of the database: the grant model's inputs are then complete for the 15 Urban15
districts and the 9 municipalities in the replayed years, "Vad saknas?" lists exactly what is still
missing, every stored value says where it came from, the Urban15-municipality preset has an index
with all four domains, and undo restores the database byte for byte.

The replayed years (tests/fixtures/providers/SOURCES.md): the URB tables hold 2023 (förvärvsfrekvens
also 2022, with Hässleholmen 2023 '..'), Kolada's answers period 2022, TAB638 2020-2024."""
from __future__ import annotations

import re

import duckdb
import pandas as pd
import pytest

from sammanhallen.data_import import importer
from sammanhallen.data_import.providers import cli, gaps, recipes
from sammanhallen.data_import.providers.authorisation import cli_authorisation
from sammanhallen.data_import.providers.fetch import make_clients
from sammanhallen.risk_index import model
from sammanhallen.risk_index.presets import DOMAIN_LABELS, check_against_indicators, load_presets
from tests.data_import.providers.conftest import sha
from tests.providers_replay import RoutesReplay

MUNICIPALITIES = ("0180", "0181", "0780", "1280", "1282", "1290", "1480", "1488", "1490")
DISTRICT_YEAR, MUNICIPALITY_YEAR = 2023, 2022
# (grant input, area, year) the replayed tables mark missing: SCB's '..' for Hässleholmen 2023
PROVIDER_GAPS = {("employment", "u15-hassleholmen", 2023)}


@pytest.fixture(scope="module")
def refreshed(tmp_path_factory, db_path):
    """The database copy before (sha) and after `cli.main([])`, with the replay's requests and the waits asked for."""
    folder = tmp_path_factory.mktemp("refresh_all")
    db = folder / "dashboard.duckdb"
    db.write_bytes(db_path.read_bytes())
    sleeps: list[float] = []
    with pytest.MonkeyPatch.context() as mp, RoutesReplay() as replay:
        mp.setenv("DASHBOARD_DB", str(db))
        mp.setenv("DASHBOARD_USER_DIR", str(folder / "user"))
        mp.delenv(importer.PUBLISH_ENV, raising=False)
        for name, value in replay.env.items():
            mp.setenv(name, value)
        mp.setattr(cli, "make_clients", lambda scb, kol: make_clients(scb, kol, sleep=sleeps.append, attempts=2))
        before = sha(db)
        status = cli.main([])
        yield {"db": db, "imports": folder / "user" / "imports", "before": before, "status": status,
               "requests": list(replay.requests), "sleeps": sleeps, "replay_url": replay.url}


@pytest.fixture(scope="module")
def after(refreshed):
    assert refreshed["status"] == 0, "the command line refresh of all recipes failed"
    con = duckdb.connect(str(refreshed["db"]), read_only=True)
    yield con
    con.close()


def districts(con) -> list[str]:
    return [r[0] for r in con.execute("SELECT area_id FROM areas WHERE level = 'urban_district' ORDER BY 1").fetchall()]


def test_every_recipe_ran_without_an_unanswered_request_or_a_wait(refreshed, after):
    shipped = recipes.load_recipes()
    assert len(shipped) == 16
    log = importer.read_log(refreshed["imports"])
    assert {r.source_id for r in log} == {re.sub(r"[^a-z0-9_]", "_", f"{r.provider}_{r.table.lower()}")
                                          for r in shipped.values()}
    assert all(r.status == "committed" and r.who.startswith("cli:") for r in log)
    kpis = {f"GET /kolada/v3/kpi/{r.table}" for r in shipped.values() if r.provider == "kolada"}
    assert kpis <= set(refreshed["requests"]), "each Kolada recipe reads its KPI's metadata"
    assert refreshed["sleeps"] == [], "no request was retried (a 404 from the replay would be)"


def test_grant_model_inputs_are_complete_for_the_replayed_years(after):
    urban = districts(after)
    assert len(urban) == 15 and all(a.startswith("u15-") for a in urban)
    stored = set(after.execute("SELECT indicator_id, area_id, year FROM observations").fetchall())
    indicators = {group: indicator for group, indicator, _, _ in gaps.GRANT_MODEL}
    assert indicators["social_assistance"] == "langvarigt_ekonomiskt_bistand_andel"
    expected = {(g, a, DISTRICT_YEAR) for g in indicators for a in urban}
    expected |= {("employment", a, 2022) for a in urban}
    expected |= {(g, m, MUNICIPALITY_YEAR) for g in indicators for m in MUNICIPALITIES}
    expected |= {("population", m, y) for m in MUNICIPALITIES for y in range(2020, 2025)}
    missing = {(g, a, y) for g, a, y in expected if (indicators[g], a, y) not in stored}
    assert missing == PROVIDER_GAPS


def test_grant_gaps_list_exactly_what_is_still_missing(after, refreshed):
    frame = gaps.grant_gaps(refreshed["db"], recipes.load_recipes())
    stored = set(after.execute("SELECT indicator_id, area_id, year FROM observations").fetchall())
    assert len(frame) and all(bool(r.has_value) == ((r.indicator_id, r.area_id, int(r.year)) in stored)
                              for r in frame.itertuples())
    assert all(len(r) for r in frame.recipes), "every grant input has a recipe"
    urban = set(districts(after))
    replayed = frame[(frame.area_id.isin(urban) & (frame.year == DISTRICT_YEAR))
                     | (frame.area_id.isin(MUNICIPALITIES) & (frame.year == MUNICIPALITY_YEAR))]
    assert len(replayed) == 4 * (15 + 9)
    still_missing = {(r.group, r.area_id, int(r.year)) for r in replayed.itertuples() if not r.has_value}
    assert still_missing == PROVIDER_GAPS
    listed = gaps.missing(frame)
    assert {(r.group, r.area_id, int(r.year)) for r in listed.itertuples()} >= PROVIDER_GAPS


def test_every_stored_value_names_provider_table_query_and_fetch_time(after, refreshed):
    shipped = recipes.load_recipes().values()
    by_source = {re.sub(r"[^a-z0-9_]", "_", f"{r.provider}_{r.table.lower()}"): r for r in shipped}
    rows = after.execute("SELECT source_id, note FROM observations WHERE source_id IN (SELECT unnest(?))",
                         [list(by_source)]).fetchall()
    assert len(rows) >= 15 * 4 + 9 * 10
    url = re.escape(refreshed["replay_url"])
    for source_id, note in rows:
        recipe = by_source[source_id]
        provider = {"scb": "SCB", "kolada": "Kolada"}[recipe.provider]
        pattern = (rf"^{provider} {re.escape(recipe.table)} via .+; fråga/query: {url}/\S*{re.escape(recipe.table)}\S*; "
                   r"hämtad/fetched \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")
        assert re.match(pattern, note or ""), (source_id, note)


def test_urban15_preset_has_an_index_in_all_four_domains_for_every_municipality(after):
    preset = load_presets(include_user=False)["urban15_kommuner"]
    indicators = after.execute("SELECT indicator_id, unit, higher_is_better, domain FROM indicators").df()
    assert check_against_indicators(preset, indicators) == []
    result = model.compute(model.inputs(after, preset), preset)
    year = result.domains[result.domains.year == MUNICIPALITY_YEAR]
    for municipality in MUNICIPALITIES:
        mine = year[(year.area_id == municipality) & (year.n_used >= 1)]
        assert set(mine.domain) == set(DOMAIN_LABELS), (municipality, sorted(mine.domain))
        total = result.total[(result.total.area_id == municipality) & (result.total.year == MUNICIPALITY_YEAR)]
        assert len(total) == 1 and pd.notna(total["index"].iloc[0]) and total["n_domains"].iloc[0] == 4


def test_undo_restores_the_database_byte_for_byte(after, refreshed):
    after.close()  # the read-only connection must not hold the file while undo swaps it
    grant = cli_authorisation()
    for _ in importer.read_log(refreshed["imports"]):
        importer.undo_last(grant, db_path=refreshed["db"], imports_dir=refreshed["imports"])
    assert sha(refreshed["db"]) == refreshed["before"]
    log = importer.read_log(refreshed["imports"])
    assert {(r.status, r.undo_method) for r in log} == {("undone", "snapshot")}
