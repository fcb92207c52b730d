"""The admin import page in the real app: a viewer sees no write control; an administrator logs in,
imports statistics through the preview, and imports boundary files (a SWEREF99 TM file matches, a
broken one is refused with a reason)."""
from __future__ import annotations

import shutil

import pytest

from sammanhallen.data_import import admin_auth as auth
from sammanhallen.map import boundaries

from .conftest import screenshot, start_server, stop_server, wait_until_settled

PASSWORD = "korrekt häftapparat"
IMPORT_PAGE = "import"


@pytest.fixture(scope="module")
def admin_url(server_env, browser, db_path, tmp_path_factory):
    """A server of its own with a credential, a copy of the database and an empty user folder."""
    folder = tmp_path_factory.mktemp("admin")
    shutil.copy(db_path, folder / "dashboard.duckdb")
    env = {**server_env, "DASHBOARD_DB": str(folder / "dashboard.duckdb"), "DASHBOARD_USER_DIR": str(folder / "user"),
           "DASHBOARD_ADMIN_PASSWORD_HASH": auth.hash_password(PASSWORD, iterations=1_000)}
    process, url = start_server(env)
    yield url
    stop_server(process)


def test_a_viewer_sees_no_write_control(page, app_url):
    page.goto(f"{app_url}/{IMPORT_PAGE}")
    wait_until_settled(page)
    main = page.locator(".st-key-page-data_import")
    assert "DASHBOARD_ADMIN_PASSWORD_HASH" in main.inner_text()
    assert page.locator("input[type=file]").count() == 0
    assert page.locator("input[type=password]").count() == 0
    assert main.get_by_role("button").count() == 0
    assert page.outside_requests == []


def _login(page, url):
    page.goto(f"{url}/{IMPORT_PAGE}")
    wait_until_settled(page)
    page.get_by_label("Ditt namn (står i importloggen)").fill("Anna Analytiker")
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_timeout(300)
    wait_until_settled(page)
    assert "Inloggad som Anna Analytiker" in page.locator(".st-key-page-data_import").inner_text()


def test_an_administrator_previews_and_commits_a_statistics_file(page, admin_url, tmp_path):
    _login(page, admin_url)
    path = tmp_path / "bistand.csv"
    path.write_bytes("Kommun;År;Andel av befolkningen med ekonomiskt bistånd\n0180 Stockholm;2032;4,2\n".encode("cp1252"))
    page.locator("[data-testid=stFileUploaderDropzoneInput]").first.set_input_files(str(path))
    page.wait_for_selector("[data-testid=stFileChip]")
    wait_until_settled(page)
    main = page.locator(".st-key-page-data_import")
    screenshot(page, "import-file-read")
    source = main.get_by_label("Värdena kommer från")
    source.click()
    source.fill("Program för en sammanhållen")
    page.get_by_role("option").filter(has_text="Program för en sammanhållen stad").first.click()
    page.wait_for_timeout(300)
    wait_until_settled(page)
    assert "5. Förhandsvisning" in main.inner_text()
    screenshot(page, "import-preview")
    page.get_by_role("button", name="Skriv in i databasen").click()
    page.wait_for_timeout(300)
    wait_until_settled(page)
    assert "Import 1 klar: 1 nya" in main.inner_text()
    assert page.locator("[data-testid=stException]").count() == 0


def _open_import_form(page, app_url):
    _login(page, app_url)
    page.get_by_role("tab", name="Gränser").click()
    page.wait_for_timeout(200)
    return page.locator(".st-key-page-data_import")


def _import(page, path):
    page.locator("[data-testid=stTabPanel]:visible [data-testid=stFileUploaderDropzoneInput]").set_input_files(str(path))
    page.wait_for_selector("[data-testid=stFileChip]")
    wait_until_settled(page)
    page.get_by_role("button", name="Importera", exact=True).click()
    page.wait_for_timeout(300)
    wait_until_settled(page)


def test_a_sweref99_file_imports_and_matches_stadsdelar(page, admin_url, tmp_path):
    stadsdelar = boundaries.stockholm_stadsdelar()
    sample = stadsdelar[stadsdelar.name.isin(["Tensta", "Rinkeby", "Kista"])][["name", "geometry"]].to_crs(3006)
    path = tmp_path / "jarva_sweref.geojson"
    sample.to_file(path, driver="GeoJSON")
    main = _open_import_form(page, admin_url)
    _import(page, path)
    text = main.inner_text()
    assert "3 områden importerade" in text and "EPSG:3006" in text
    assert "Matchade: 3" in text
    screenshot(page, "boundary-import-ok")


def test_a_file_that_is_not_geographic_is_refused_with_a_reason(page, admin_url, tmp_path):
    path = tmp_path / "not_a_map.geojson"
    path.write_text("area,value\nTensta,1\n", encoding="utf-8")
    main = _open_import_form(page, admin_url)
    _import(page, path)
    error = main.locator("[data-testid=stAlertContentError]")
    assert error.count() == 1
    assert "not_a_map.geojson" in error.inner_text()
    assert page.locator("[data-testid=stException]").count() == 0
