"""The Stimulansmedel and Programmet pages in the real app (headless Chromium), both languages."""
from __future__ import annotations

import pytest

from .conftest import screenshot, wait_until_settled


def _open(page, app_url, path: str, key: str):
    page.goto(f"{app_url}/{path}")
    wait_until_settled(page)
    # elements can arrive just after the script state reads notRunning: wait for the chart
    page.wait_for_selector(f".st-key-page-{key} [data-testid=stVegaLiteChart]", timeout=30000)
    wait_until_settled(page)
    assert page.locator("[role=dialog]").count() == 0, page.locator("[role=dialog]").first.inner_text()
    assert page.locator("[data-testid=stException]").count() == 0, page.locator("[data-testid=stException]").first.inner_text()


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_grant_page(page, app_url, lang):
    _open(page, app_url, f"stimulansmedel?lang={lang}", "grant")
    main = page.locator(".st-key-page-grant")
    assert main.count() == 1
    text = main.inner_text().replace("\u00a0", " ")
    assert ("99 000 000 kr" if lang == "sv" else "99,000,000 SEK") in text
    # the bar chart drew (vega canvas/svg present) and the reception matrix has nine rows of links
    assert page.locator(".st-key-page-grant [data-testid=stVegaLiteChart]").count() >= 1
    assert page.locator("table.reception-matrix tbody tr").count() == 9
    assert page.locator("table.reception-matrix td a").count() == 63
    assert ("ingen befolkningssiffra i källorna" if lang == "sv" else "no population figure in the sources") in text.lower()
    screenshot(page, f"documents-grant-{lang}")
    assert page.outside_requests == [], page.outside_requests[:5]


def test_grant_matrix_cell_leads_to_its_passage(page, app_url):
    _open(page, app_url, "stimulansmedel?lang=sv", "grant")
    link = page.locator('table.reception-matrix a[href="#rec-1280-use-of-funds"]')
    assert link.inner_text() == "Skala upp befintlig verksamhet"
    target = page.locator("#rec-1280-use-of-funds")
    assert target.count() == 1
    assert "Det finns inget uttalat politiskt intresse av att starta nya projekt" in target.inner_text()
    assert "Politisk samsyn i aktiviteter" in target.inner_text()  # the report heading it stands under
    link.click()
    page.wait_for_timeout(500)
    assert target.is_visible()
    screenshot(page, "documents-grant-passage", full=False)


def test_grant_matrix_filter(page, app_url):
    _open(page, app_url, "stimulansmedel?lang=sv", "grant")
    page.get_by_label("Filtrera på dimension").click()
    page.keyboard.type("Organisation")
    page.keyboard.press("Enter")
    page.wait_for_selector(".st-key-grant-rec-values", timeout=30000)
    wait_until_settled(page)
    page.locator(".st-key-grant-rec-values input").click()
    page.keyboard.type("Befintligt")
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")
    page.wait_for_function("document.querySelectorAll('table.reception-matrix tbody tr').length == 4", timeout=30000)
    rows = page.locator("table.reception-matrix tbody th")
    assert sorted(rows.all_inner_texts()) == ["Göteborg", "Malmö", "Stockholm", "Trollhättan"]


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_programme_page(page, app_url, lang):
    _open(page, app_url, f"programmet?lang={lang}", "programme")
    main = page.locator(".st-key-page-programme")
    assert main.count() == 1
    text = main.inner_text()
    for name in ("Sättra", "Hagsättra", "Vällingby", "Västra Götalandsmodellen"):
        assert name in text
    assert page.locator(".st-key-page-programme [data-testid=stVegaLiteChart]").count() >= 1
    screenshot(page, f"documents-programme-{lang}")
    assert page.outside_requests == [], page.outside_requests[:5]


def test_programme_committee_filter_from_link(page, app_url):
    _open(page, app_url, "programmet?lang=sv&body=trafikn%C3%A4mnden", "programme")
    answer = page.locator(".st-key-programme-body-answer").inner_text()
    assert [line.split(" (")[0].strip() for line in answer.splitlines() if line.strip()] == [
        "1.1", "1.2", "1 b)", "2 a)", "3.4"]
    summary = page.locator(".st-key-page-programme").inner_text()
    assert "huvudansvarig (först nämnd) för 2: 1.2 (Stadsmiljö och boende); 3.4 (Stadsmiljö och boende)" in summary
    screenshot(page, "documents-programme-trafiknamnden", full=False)
