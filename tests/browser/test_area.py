"""The area profile in headless Chromium: from the map's side panel to the profile, the print
stylesheet hides the sidebar and widgets, the PDF downloads; a screenshot of one profile per level."""
from __future__ import annotations

import time

import pytest
from playwright.sync_api import expect

from .conftest import screenshot, wait_until_settled

ONE_PER_LEVEL = ["0180-sdo-spanga-tensta", "0180-sd-tensta", "u15-tensta", "1480", "SE", "0180-grp-soderort"]


def _open(page, url: str) -> None:
    page.goto(url)
    wait_until_settled(page)


def test_map_to_profile_print_and_pdf(page, app_url):
    _open(page, f"{app_url}/karta?geo=sd&area=0180-sd-tensta")
    panel = page.locator(".st-key-map-panel")
    panel.wait_for(timeout=20000)
    panel.get_by_text("Öppna områdesprofilen").click()
    time.sleep(0.5)
    wait_until_settled(page)
    main = page.locator(".st-key-page-area")
    expect(main.locator("h1")).to_contain_text("Tensta", timeout=20000)
    assert "area=0180-sd-tensta" in page.url
    assert "Nivå: stadsdel" in main.inner_text()

    page.emulate_media(media="print")
    assert not page.locator("[data-testid=stSidebar]").is_visible()
    assert not page.locator(".stDownloadButton").first.is_visible()
    assert not page.locator("[data-testid=stTextInput]").first.is_visible()
    assert page.locator(".st-key-page-area h1").is_visible()
    assert not page.locator(".st-key-area-similar-controls").is_visible()
    screenshot(page, "area-print-district")
    page.emulate_media(media="screen")
    assert page.locator("[data-testid=stSidebar]").is_visible()

    with page.expect_download(timeout=60000) as download:
        page.locator(".stDownloadButton button").first.click()
    path = download.value.path()
    assert download.value.suggested_filename == "omradesprofil-0180-sd-tensta.pdf"
    assert open(path, "rb").read(5) == b"%PDF-"
    assert page.outside_requests == []


@pytest.mark.parametrize("area_id", ONE_PER_LEVEL)
def test_profile_screenshot_per_level(page, app_url, area_id):
    _open(page, f"{app_url}/omrade?area={area_id}")
    main = page.locator(".st-key-page-area")
    main.locator("h1").wait_for(timeout=20000)
    time.sleep(1.0)  # let the charts draw
    screenshot(page, f"area-{area_id}")
    assert page.outside_requests == []
