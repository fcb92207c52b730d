"""The map explorer in headless Chromium: switch measure and year, click Tensta on the canvas,
see its panel, reopen the permalink, and never leave loopback."""
from __future__ import annotations

import math
import time
from urllib.parse import parse_qs, urlparse

from playwright.sync_api import expect

from sammanhallen.map import geographies as map_geographies
from sammanhallen.map import simplify as map_simplify

from .conftest import screenshot, wait_until_settled


def _select(page, label: str, option: str) -> None:
    box = page.locator(f"[data-testid=stSelectbox]:has-text('{label}')").first
    box.locator("input").click()
    page.get_by_role("option", name=option, exact=True).click()
    _settle(page)


def _open(page, url: str) -> None:
    page.goto(url)
    wait_until_settled(page)


def _settle(page) -> None:
    time.sleep(0.4)
    wait_until_settled(page)


def _screen_xy(page, lon: float, lat: float, view: dict) -> tuple[float, float]:
    """Project lon/lat to page pixels with the deck's initial view (web mercator, 512 px world at zoom 0)."""
    canvas = page.locator("[data-testid=stDeckGlJsonChart] canvas").first
    box = canvas.bounding_box()
    scale = 512 * 2 ** view["zoom"]

    def px(lo, la):
        x = (lo + 180) / 360 * scale
        y = (1 - math.log(math.tan(math.pi / 4 + math.radians(la) / 2)) / math.pi) / 2 * scale
        return x, y

    cx, cy = px(view["longitude"], view["latitude"])
    x, y = px(lon, lat)
    return box["x"] + box["width"] / 2 + (x - cx), box["y"] + box["height"] / 2 + (y - cy)


def test_map_measure_year_click_permalink(page, app_url):
    _open(page, f"{app_url}/karta")
    main = page.locator(".st-key-page-map")
    assert main.count() == 1
    page.locator("[data-testid=stDeckGlJsonChart] canvas").first.wait_for(timeout=20000)
    assert "Andel av befolkningen med ekonomiskt bistånd, 2017" in main.inner_text()
    screenshot(page, "map-01-default", full=False)

    # Switch the measure and the year.
    _select(page, "Visa", "Personer med ekonomiskt bistånd")
    assert "Personer med ekonomiskt bistånd, 2017" in main.inner_text()
    page.locator(".st-key-map_year input[type=range]").focus()
    page.keyboard.press("Home")
    _settle(page)
    assert "Personer med ekonomiskt bistånd, 2015" in main.inner_text()
    query = parse_qs(urlparse(page.url).query)
    assert query["measure"] == ["ekonomiskt_bistand_personer"] and query["year"] == ["2015"]

    # Stockholm's 117 stadsdelar; click Tensta on the canvas.
    _select(page, "Indelning", "Stockholm: stadsdelar (117)")
    page.locator("[data-testid=stDeckGlJsonChart] canvas").first.wait_for(timeout=20000)
    time.sleep(1.5)  # let deck.gl draw
    layer = map_geographies.load_geography("sd")
    tensta = layer.areas.set_index("area_id").loc["0180-sd-tensta"]
    view = map_simplify.fit_view(layer.bounds, height_px=560)
    x, y = _screen_xy(page, tensta["lon"], tensta["lat"], view)
    page.mouse.move(x, y)
    time.sleep(0.5)
    screenshot(page, "map-02-hover-tensta", full=False)
    page.mouse.click(x, y)
    _settle(page)
    panel = page.locator(".st-key-map-panel")
    panel.wait_for(timeout=15000)
    # The panel fills in over one rerun; wait for its figures rather than reading it half-drawn.
    expect(panel).to_contain_text("Index för sociala risker 2012", timeout=15000)
    text = panel.inner_text()
    assert "Tensta" in text and "180" in text
    assert "1 av 1" in text
    assert parse_qs(urlparse(page.url).query)["area"] == ["0180-sd-tensta"]
    screenshot(page, "map-03-tensta-panel")

    # The permalink reopens the same view in a new page.
    permalink = page.url
    other = page.context.new_page()
    _open(other, permalink)
    other.locator("[data-testid=stDeckGlJsonChart] canvas").first.wait_for(timeout=20000)
    assert "Tensta" in other.locator(".st-key-map-panel").inner_text()
    assert "Index för sociala risker, 2012" in other.locator(".st-key-page-map").inner_text()
    assert other.locator("[data-testid=stSelectbox]:has-text('Indelning') input").first.get_attribute("value") \
        == "Stockholm: stadsdelar (117)"
    screenshot(other, "map-04-permalink")
    assert page.locator("[data-testid=stException]").count() == 0
    assert other.locator("[data-testid=stException]").count() == 0
    assert page.outside_requests == [], f"requests left loopback: {page.outside_requests[:5]}"


def test_urban15_map_draws_points_and_approximate_note(page, app_url):
    _open(page, f"{app_url}/karta?geo=u15")
    page.locator("[data-testid=stDeckGlJsonChart] canvas").first.wait_for(timeout=20000)
    time.sleep(1.0)
    text = page.locator(".st-key-page-map").inner_text()
    assert "Stimulansmedel (utbetalt), 2013" in text
    assert map_geographies.APPROXIMATE_NOTE["sv"] in text
    screenshot(page, "map-05-urban15")
    _open(page, f"{app_url}/karta?geo=kommun&measure=stimulansmedel&sym=circles")
    time.sleep(1.0)
    screenshot(page, "map-06-kommun-circles")
    assert page.locator("[data-testid=stException]").count() == 0
    assert page.outside_requests == [], f"requests left loopback: {page.outside_requests[:5]}"
