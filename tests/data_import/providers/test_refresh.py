"""Recipes through the replay server: splitting, paging, gaps, unknown codes, a renamed variable,
offline, and the command line filling a temporary database that undo restores byte for byte."""
from __future__ import annotations

import socket
import textwrap

import pytest

from sammanhallen.data_import import importer
from sammanhallen.data_import.providers import cli, errors, recipes
from sammanhallen.data_import.providers.authorisation import cli_authorisation
from sammanhallen.data_import.providers.fetch import make_clients
from sammanhallen.data_import.providers.refresh import apply, prepare
from tests.data_import.providers.conftest import sha
from tests.data_import.providers.replay import ScbReplay, dataset_for, fake_value, kolada_entry, kolada_kpi, metadata

SCB_RECIPE = """
provider = "scb"
table = "TAB638"
title_sv = "Folkmängd per kommun"
title_en = "Population by municipality"
status = "verified"
status_note = "test"
years = ["2023", "2024"]

[selection]
ContentsCode = ["BE0101N1"]
Alder = ["tot"]
Kon = ["1", "2"]
Civilstand = ["OG", "G", "SK", "ÄNKL"]
sum_over = ["Kon", "Civilstand"]

[areas]
variable = "Region"
scheme = "kommunkod"

[indicator]
id = "folkmangd"
name_sv = "Folkmängd"
name_en = "Population"
unit = "persons"
higher_is_better = ""
domain = "befolkning"
definition = "test"

[source]
title = "Folkmängden (TAB638)"
publisher = "SCB"
url = "https://www.statistikdatabasen.scb.se/"
confidence = "high"
"""

KOLADA_RECIPE = """
provider = "kolada"
table = "N01951"
title_sv = "Invånare"
title_en = "Residents"
status = "unverified"
status_note = "test"
years = ["2023", "2024"]

[areas]
scheme = "explicit"
[areas.codes]
"0180" = "0180"
"1480" = "1480"

[indicator]
id = "kolada_invanare_test"
name_sv = "Invånare (test)"
name_en = "Residents (test)"
unit = "persons"
domain = "befolkning"
definition = "test"

[source]
title = "Kolada N01951"
publisher = "RKA (Kolada)"
url = "https://api.kolada.se/v3/kpi/N01951"
confidence = "medium"
"""

MUNICIPALITIES = ["0180", "0181", "0780", "1280", "1282", "1290", "1480", "1488", "1490"]


def recipe(tmp_path, text, name="test_recipe"):
    path = tmp_path / "recipes" / f"{name}.toml"
    path.parent.mkdir(exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return recipes.load_recipe(path)


def expected_sum(area, year):
    return sum(fake_value({"Region": area, "Civilstand": c, "Alder": "tot", "Kon": k, "ContentsCode": "BE0101N1", "Tid": year})
               for c in ("OG", "G", "SK", "ÄNKL") for k in ("1", "2"))


def test_scb_refresh_sums_and_plans_every_municipality_with_provenance(env, httpserver, clients):
    ScbReplay(httpserver)
    prepared = prepare(recipe(env.tmp, SCB_RECIPE), db_path=env.db, clients=clients)
    obs = prepared.plan.observations.set_index(["area_id", "year"])
    assert len(obs) == 18 and prepared.plan.ok
    assert obs.loc[("1480", 2024), "value"] == expected_sum("1480", "2024")
    note = obs.loc[("1480", 2024), "note"]
    assert "SCB TAB638 via PxWebApi 2.3.2" in note and "/api/v2/tables/TAB638/data?" in note and "hämtad/fetched 20" in note
    assert prepared.source["source_id"] == "scb_tab638" and prepared.source["year"] == 2025  # updated 2025-02-21


def test_a_query_over_max_data_cells_is_split_and_merged(env, httpserver, clients):
    replay = ScbReplay(httpserver, max_cells=40)  # 9 regions x 8 x 2 years = 144 cells
    prepared = prepare(recipe(env.tmp, SCB_RECIPE), db_path=env.db, clients=clients)
    assert len(replay.bodies) > 1
    assert all(len([1 for s in b["selection"] for _ in s["valueCodes"]]) for b in replay.bodies)
    obs = prepared.plan.observations.set_index(["area_id", "year"])
    assert len(obs) == 18
    assert all(obs.loc[(a, 2023), "value"] == expected_sum(a, "2023") for a in MUNICIPALITIES)


def test_missing_value_symbols_become_gaps_never_zeros(env, httpserver, clients):
    ScbReplay(httpserver, gaps=[{"Region": "1280", "Tid": "2024", "Kon": "2", "Civilstand": "OG"}],
              status=({"Region": "0180", "Tid": "2024"}, "p"))
    prepared = prepare(recipe(env.tmp, SCB_RECIPE), db_path=env.db, clients=clients)
    gaps = prepared.gaps
    assert list(gaps[["area_code", "year", "status"]].itertuples(index=False, name=None)) == [("1280", 2024, "..")]
    assert ("1280", 2024) not in set(zip(prepared.plan.observations.area_id, prepared.plan.observations.year))
    assert (prepared.plan.observations["value"] != 0).all()
    assert len(prepared.plan.rejects) == 1 and prepared.unexpected_rejects.empty
    assert list(prepared.flags.area_id) == ["0180"] and "status p" in \
        prepared.plan.observations.set_index(["area_id", "year"]).loc[("0180", 2024), "note"]


def test_a_renamed_variable_is_reported_as_a_changed_table(env, httpserver, clients):
    meta = metadata()
    meta["dimension"]["Kön"] = meta["dimension"].pop("Kon")
    meta["id"] = ["Kön" if v == "Kon" else v for v in meta["id"]]
    ScbReplay(httpserver, meta=meta)
    before = sha(env.db)
    with pytest.raises(errors.TableChanged) as caught:
        prepare(recipe(env.tmp, SCB_RECIPE), db_path=env.db, clients=clients)
    assert "changed since the recipe was written: variable Kon not found" in caught.value.in_("en")
    assert "variabeln Kon finns inte" in caught.value.in_("sv")
    assert sha(env.db) == before


def test_merge_of_split_answers_equals_one_answer():
    from sammanhallen.data_import.providers.pxweb import merge
    full = {"Region": ["0180", "1480", "1280"], "Civilstand": ["OG"], "Alder": ["tot"], "Kon": ["1", "2"],
            "ContentsCode": ["BE0101N1"], "Tid": ["2023", "2024"]}
    parts = [dataset_for(metadata(), {**full, "Region": ["0180"]}), dataset_for(metadata(), {**full, "Region": ["1480", "1280"]})]
    whole = dataset_for(metadata(), full)
    merged = merge(parts)
    assert merged["value"] == whole["value"] and merged["size"] == whole["size"]
    assert merged["dimension"]["Region"]["category"]["index"] == whole["dimension"]["Region"]["category"]["index"]


def kolada_pages(httpserver, entries_by_page):
    base = "/v3/data/kpi/N01951/municipality/0180,1480/year/2023,2024"
    for n, entries in enumerate(entries_by_page, start=1):
        more = n < len(entries_by_page)
        body = {"count": len(entries), "values": entries, "previous_url": None,
                "next_url": httpserver.url_for(f"/v3/page{n + 1}") if more else None}
        httpserver.expect_request(base if n == 1 else f"/v3/page{n}").respond_with_json(body)


def test_kolada_follows_next_url_lists_unknown_codes_and_gaps(env, httpserver, clients):
    kolada_kpi(httpserver)
    kolada_pages(httpserver, [
        [kolada_entry("N01951", "0180", 2023, 100.0), kolada_entry("N01951", "0180", 2024, 110.0, "p")],
        [kolada_entry("N01951", "1480", 2023, None, "missing"), kolada_entry("N01951", "0999", 2024, 5.0)],
    ])
    prepared = prepare(recipe(env.tmp, KOLADA_RECIPE), db_path=env.db, clients=clients)
    assert len(prepared.fetched.raw) and b'"0999"' in prepared.fetched.raw  # the merged pages are the logged file
    assert list(prepared.unmapped.area_code) == ["0999"]
    assert "0999" in " ".join(prepared.plan.rejects["column"].astype(str))
    assert set(zip(prepared.gaps.area_code, prepared.gaps.year)) == {("1480", 2023), ("1480", 2024), ("0999", 2023)}
    assert dict(zip(prepared.plan.observations.year, prepared.plan.observations.value)) == {2023: 100.0, 2024: 110.0}
    assert [r["indicator_id"] for r in prepared.plan.new_indicators] == ["kolada_invanare_test"]
    assert prepared.source["year"] == 2025 and prepared.unexpected_rejects.empty


def test_kolada_batches_at_most_25_municipalities(httpserver, clients):
    codes = [f"{n:04d}" for n in range(100, 130)]
    for group in (codes[:25], codes[25:]):
        httpserver.expect_request(f"/v3/data/kpi/N01951/municipality/{','.join(group)}/year/2024").respond_with_json(
            {"count": 1, "values": [kolada_entry("N01951", group[0], 2024, 1.0)], "next_url": None})
    result = clients.kolada.data("N01951", codes, ["2024"])
    assert len(result.answers) == 2 and len(result.values) == 2


def test_offline_writes_nothing_and_says_so(env, tmp_path, sleeps):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    offline = make_clients(f"http://127.0.0.1:{port}/api/v2/", f"http://127.0.0.1:{port}/v3/", sleep=sleeps.append, attempts=2)
    before = sha(env.db)
    with pytest.raises(errors.ProviderUnreachable, match="No connection to SCB"):
        prepare(recipe(tmp_path, SCB_RECIPE), db_path=env.db, clients=offline)
    assert sha(env.db) == before and not env.imports.exists()


def run_cli(monkeypatch, sleeps, *argv):
    monkeypatch.setattr(cli, "make_clients", lambda scb, kol: make_clients(scb, kol, sleep=sleeps.append, attempts=2))
    return cli.main(list(argv))


def test_cli_fills_a_database_copy_and_undo_restores_it_byte_for_byte(env, httpserver, monkeypatch, sleeps, capsys):
    ScbReplay(httpserver)
    kolada_kpi(httpserver)
    kolada_pages(httpserver, [[kolada_entry("N01951", "0180", 2023, 100.0), kolada_entry("N01951", "1480", 2024, 7.0)]])
    recipe(env.tmp, SCB_RECIPE, "scb_test")
    recipe(env.tmp, KOLADA_RECIPE, "kolada_test")
    monkeypatch.setenv("SCB_API_URL", httpserver.url_for("/api/v2/"))
    monkeypatch.setenv("KOLADA_API_URL", httpserver.url_for("/v3/"))
    before = sha(env.db)
    args = ["--recipes-dir", str(env.tmp / "recipes")]
    assert run_cli(monkeypatch, sleeps, *args, "--dry-run") == 0 and sha(env.db) == before
    assert run_cli(monkeypatch, sleeps, *args) == 0, capsys.readouterr().err
    log = importer.read_log(env.imports)
    assert [r.source_id for r in log] == ["kolada_n01951", "scb_tab638"] and all(r.who.startswith("cli:") for r in log)
    assert sha(env.db) != before
    grant = cli_authorisation()
    importer.undo_last(grant, db_path=env.db, imports_dir=env.imports)
    importer.undo_last(grant, db_path=env.db, imports_dir=env.imports)
    assert sha(env.db) == before


def test_a_failing_second_commit_undoes_the_first(env, httpserver, clients, monkeypatch):
    ScbReplay(httpserver)
    kolada_kpi(httpserver)
    kolada_pages(httpserver, [[kolada_entry("N01951", "0180", 2023, 100.0)]])
    items = [prepare(recipe(env.tmp, KOLADA_RECIPE, "k"), db_path=env.db, clients=clients),
             prepare(recipe(env.tmp, SCB_RECIPE, "s"), db_path=env.db, clients=clients)]
    before = sha(env.db)
    real_commit = importer.commit
    calls = []

    def flaky(*args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise importer.ImportRefused("disk full", "disken är full")
        return real_commit(*args, **kwargs)
    monkeypatch.setattr(importer, "commit", flaky)
    with pytest.raises(importer.ImportRefused, match="disk full"):
        apply(items, cli_authorisation(), db_path=env.db, imports_dir=env.imports)
    assert sha(env.db) == before
    assert [r.status for r in importer.read_log(env.imports)] == ["undone"]


def test_cli_offline_exits_1_and_writes_nothing(env, monkeypatch, sleeps, capsys):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    recipe(env.tmp, SCB_RECIPE, "scb_test")
    before = sha(env.db)
    code = run_cli(monkeypatch, sleeps, "--recipes-dir", str(env.tmp / "recipes"), "--scb-url", f"http://127.0.0.1:{port}/")
    assert code == 1 and sha(env.db) == before
    assert "No connection to SCB" in capsys.readouterr().err


def test_recipe_errors_name_the_file_and_the_key(tmp_path):
    bad = SCB_RECIPE.replace('unit = "persons"', 'unit = "people"').replace('provider = "scb"', 'provider = "scb"\ncolour = "red"')
    bad = bad.replace('Kon = ["1", "2"]', 'Kon = ["1", "2"]\n').replace('sum_over = ["Kon", "Civilstand"]', 'sum_over = ["Civilstand"]')
    with pytest.raises(errors.RecipeError) as caught:
        recipe(tmp_path, bad, "broken")
    text = caught.value.in_("en")
    assert "broken.toml: indicator.unit: 'people' is not a known unit" in text
    assert "broken.toml: colour: unknown key" in text
    assert "broken.toml: selection.Kon: several codes" in text
    kolada_bad = KOLADA_RECIPE.replace('status_note = "test"', "") + '\n[selection]\nX = ["1"]\n'
    with pytest.raises(errors.RecipeError) as caught:
        recipe(tmp_path, kolada_bad, "k")
    assert "k.toml: status_note" in caught.value.in_("en") and "k.toml: selection: Kolada recipes have no [selection]" in caught.value.in_("en")


def test_the_projects_recipes_load_and_have_manual_instructions():
    for r in recipes.load_recipes().values():
        text = recipes.manual_download(r, "en")
        assert r.table in text and "Import data" in text
