"""The compare page in the real app: make a comparison, download the Excel file, read it back."""
from __future__ import annotations

import io
from urllib.parse import parse_qs, urlsplit

from openpyxl import load_workbook
from playwright.sync_api import expect

from .conftest import screenshot, wait_until_settled


def _open(page, url: str) -> None:
    page.goto(url)
    wait_until_settled(page)


def test_compare_download_excel_and_permalink(page, app_url):
    _open(page, f"{app_url}/jamfor?indicator=ekonomiskt_bistand_andel_befolkning&areas=0180-sdo-rinkeby-kista,0180-sdo-skarholmen,0180-sdo-bromma,1280-sd-rosengard&year=2016&ref=0180")
    main = page.locator(".st-key-page-compare")
    assert page.locator("[data-testid=stException]").count() == 0
    # quick picks: one Stockholm division at a time replaces the selection; the URL follows
    assert page.get_by_role("button", name="Stockholms stadsdelsområden 2020– (13)").count() == 1
    page.get_by_role("button", name="Stockholms stadsdelsnämnder 2007–2019 (14)").click()
    page.wait_for_timeout(300)
    wait_until_settled(page)
    areas = parse_qs(urlsplit(page.url).query)["areas"][0].split(",")
    assert "0180-sdo-farsta" in areas and "0180-sdo-alvsjo" in areas and len(areas) == 14
    assert "0180-sdo-hagersten-alvsjo" not in areas, "the 2020 borough is not mixed into the 2007–2019 division"
    assert "1280-sd-rosengard" not in areas
    assert page.locator("[data-testid=stException]").count() == 0
    text = main.inner_text().replace("\u00a0", " ")
    assert "Rangordning 2016" in text
    assert page.locator(".st-key-cmp_chart_ranked canvas, .st-key-cmp_chart_ranked svg").count() >= 1 or \
        page.locator("[data-testid=stVegaLiteChart]").count() >= 3
    screenshot(page, "compare-sv")

    with page.expect_download() as info:
        page.get_by_role("button", name="Ladda ner Excel (.xlsx)").click()
    download = info.value
    assert download.suggested_filename.endswith(".xlsx")
    book = load_workbook(io.BytesIO(open(download.path(), "rb").read()))
    assert book.sheetnames == ["Data", "Källor", "Urval"]
    data = book["Data"]
    header = [c.value for c in data[1]]
    rows = [dict(zip(header, [c.value for c in r])) for r in data.iter_rows(min_row=2)]
    rinkeby = next(r for r in rows if r["Områdeskod"] == "0180-sdo-rinkeby-kista" and r["År"] == 2016)
    assert rinkeby["Värde"] == 7.7 and isinstance(rinkeby["Värde"], float)
    assert rinkeby["Tillförlitlighet"] in ("hög", "medel", "låg") and rinkeby["Markering"] == "markerad"
    selection = {r[0].value: r[1].value for r in book["Urval"].iter_rows() if r[0].value}
    assert selection["Enhet"] == "procent" and "Folkmängd" not in selection
    assert "jamfor?" in selection["Permalänk"] and "0180-sdo-farsta" in selection["Permalänk"]

    # the permalink reopens the same comparison in a fresh tab
    _open(page, selection["Permalänk"])
    # A fast run can be drawn in one frame without ever showing "running", so the settle check alone
    # may return before a fresh session's first run has drawn: wait (up to 30 s) for what it must show.
    reopened = page.locator(".st-key-page-compare")
    expect(reopened).to_contain_text("Rangordning 2016", timeout=30000)
    expect(reopened).to_contain_text("Farsta", timeout=30000)
    assert page.outside_requests == [], page.outside_requests[:5]


def test_compare_funds_per_inhabitant_says_population_is_missing(page, app_url):
    _open(page, f"{app_url}/jamfor?indicator=funds_per_inhabitant&areas=u15-tensta,u15-rinkeby,u15-herrgarden,u15-kronogarden&lang=en")
    text = page.locator(".st-key-page-compare").inner_text().replace("\u00a0", " ")
    assert page.locator("[data-testid=stException]").count() == 0
    assert "Population for 2013 exists for 0 of 4 areas" in text
    screenshot(page, "compare-funds-en")
