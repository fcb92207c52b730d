"""The public Data page (Källor och data) in the real app: coverage heat-map and table, the
downloads, and no write control at all: no file input, no import or fetch button."""
from __future__ import annotations

import io
import zipfile

import pytest
from playwright.sync_api import expect

from .conftest import screenshot, wait_until_settled


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_data_page_has_no_file_input_and_no_write_button(page, app_url, lang):
    page.goto(f"{app_url}/kallor?lang={lang}")
    wait_until_settled(page)
    main = page.locator(".st-key-page-sources")
    assert main.count() == 1
    expect(main.locator("[data-testid=stDownloadButton]")).to_have_count(2, timeout=30000)
    layers = "Gränslager" if lang == "sv" else "Boundary layers"
    expect(main.get_by_role("heading", name=layers)).to_be_visible(timeout=30000)  # the last section is drawn
    assert page.locator("input[type=file]").count() == 0, "a file input is a write control"
    assert page.locator("[data-testid=stFileUploader]").count() == 0
    # The only buttons on the page are the two downloads (and expanders' own toggles are <summary>).
    buttons = [b.strip() for b in main.locator("button").all_inner_texts() if b.strip()]
    assert not [b for b in buttons if b in ("Importera", "Import", "Hämta", "Fetch")], buttons
    heatmap = main.locator("[data-testid=stVegaLiteChart]")
    expect(heatmap).to_have_count(1)
    expect(heatmap.locator("canvas, svg").first).to_be_visible(timeout=30000)
    assert page.locator("[data-testid=stException]").count() == 0
    screenshot(page, f"sources-data-page-{lang}")
    assert page.outside_requests == [], page.outside_requests[:5]


def test_parquet_zip_downloads_with_a_readme(page, app_url):
    page.goto(f"{app_url}/kallor")
    wait_until_settled(page)
    with page.expect_download(timeout=60000) as info:
        page.get_by_role("button", name="Parquet-filer, en per tabell (zip)").click()
    data = open(info.value.path(), "rb").read()
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    assert "README.txt" in names and "observations.parquet" in names and "sources.parquet" in names
