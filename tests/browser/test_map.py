"""The map explorer in headless Chromium: switch measure and year, click Tensta on the canvas,
see its panel, reopen the permalink, and never leave loopback."""
from __future__ import annotations

import math
from urllib.parse import parse_qs, urlparse

from playwright.sync_api import expect

from sammanhallen.map import geographies as map_geographies
from sammanhallen.map import simplify as map_simplify

from .conftest import screenshot, settle_after, wait_until_settled

DECK_CANVAS = "[data-testid=stDeckGlJsonChart] canvas#deckgl-overlay"  # not the base map's canvas beside it

# The deck's picture, copied at a quarter of its size, as "<painted pixels>:<hash>" (Streamlit's deck keeps
# its drawing buffer, so it can be copied onto a 2D canvas); null before the canvas has a size.
DECK_PICTURE = """() => {
  const deck = document.querySelector('""" + DECK_CANVAS + """');
  if (!deck || !deck.width || !deck.height) { return null; }
  const copy = document.createElement('canvas');
  copy.width = Math.ceil(deck.width / 4);
  copy.height = Math.ceil(deck.height / 4);
  const context = copy.getContext('2d');
  context.drawImage(deck, 0, 0, copy.width, copy.height);
  const pixels = context.getImageData(0, 0, copy.width, copy.height).data;
  let painted = 0, hash = 0;
  for (let i = 0; i < pixels.length; i += 4) {
    if (pixels[i + 3]) { painted++; hash = (hash * 31 + pixels[i] + 7 * pixels[i + 1] + 13 * pixels[i + 2] + i) | 0; }
  }
  return painted + ':' + hash;
}"""

# True once the deck shows something other than `before` and the same picture as at the previous poll.
DECK_DRAWN = "before => { const now = (" + DECK_PICTURE + """)();
  const steady = now !== null && !now.startsWith('0:') && now !== before && now === window.__deckPicture;
  window.__deckPicture = now;
  return steady;
}"""


def _deck_picture(page) -> str | None:
    return page.evaluate(DECK_PICTURE)


def _wait_for_deck(page, before: str | None = None) -> None:
    """Wait until deck.gl has painted a picture other than `before` and stopped changing it.

    Generous timeouts: in software WebGL on a busy machine, compiling the deck's shaders has held the
    page's main thread for over ten seconds."""
    page.locator(DECK_CANVAS).first.wait_for(timeout=60000)
    page.wait_for_function(DECK_DRAWN, arg=before, polling=250, timeout=60000)


def _select(page, label: str, option: str) -> None:
    box = page.locator(f"[data-testid=stSelectbox]:has-text('{label}')").first
    box.locator("input").click()
    settle_after(page, page.get_by_role("option", name=option, exact=True).click)


def _open(page, url: str) -> None:
    page.goto(url)
    wait_until_settled(page)


def _screen_xy(page, lon: float, lat: float, view: dict) -> tuple[float, float]:
    """Project lon/lat to page pixels with the deck's initial view (web mercator, 512 px world at zoom 0)."""
    canvas = page.locator(DECK_CANVAS).first
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
    page.locator(DECK_CANVAS).first.wait_for(timeout=20000)
    assert "Andel av befolkningen med ekonomiskt bistånd, 2017" in main.inner_text()
    screenshot(page, "map-01-default", full=False)

    # Switch the measure and the year.
    _select(page, "Visa", "Personer med ekonomiskt bistånd")
    assert "Personer med ekonomiskt bistånd, 2017" in main.inner_text()
    # locator.press focuses and presses on the slider as it is then, even if a redraw replaced it
    page.locator(".st-key-map_year input[type=range]").press("Home")
    expect(main).to_contain_text("Personer med ekonomiskt bistånd, 2015", timeout=30000)
    wait_until_settled(page)
    query = parse_qs(urlparse(page.url).query)
    assert query["measure"] == ["ekonomiskt_bistand_personer"] and query["year"] == ["2015"]

    # Stockholm's 117 stadsdelar; click Tensta on the canvas.
    _wait_for_deck(page)
    before = _deck_picture(page)
    _select(page, "Indelning", "Stockholm: stadsdelar (117)")
    _wait_for_deck(page, before)  # the 117 areas are painted, so deck.gl can pick Tensta under the mouse
    layer = map_geographies.load_geography("sd")
    tensta = layer.areas.set_index("area_id").loc["0180-sd-tensta"]
    view = map_simplify.fit_view(layer.bounds, height_px=560)
    x, y = _screen_xy(page, tensta["lon"], tensta["lat"], view)
    page.mouse.move(x, y)
    expect(page.locator(".deck-tooltip")).to_contain_text("Tensta", timeout=15000)
    screenshot(page, "map-02-hover-tensta", full=False)
    settle_after(page, lambda: page.mouse.click(x, y))
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
    other.locator(DECK_CANVAS).first.wait_for(timeout=20000)
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
    _wait_for_deck(page)
    text = page.locator(".st-key-page-map").inner_text()
    assert "Stimulansmedel (utbetalt), 2013" in text
    assert map_geographies.APPROXIMATE_NOTE.sv in text
    screenshot(page, "map-05-urban15")
    _open(page, f"{app_url}/karta?geo=kommun&measure=stimulansmedel&sym=circles")
    _wait_for_deck(page)
    screenshot(page, "map-06-kommun-circles")
    assert page.locator("[data-testid=stException]").count() == 0
    assert page.outside_requests == [], f"requests left loopback: {page.outside_requests[:5]}"
