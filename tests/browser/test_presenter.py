"""A three-slide storyboard (map, comparison, trend) end to end in the real app: the trend slide is
added from the trends page, the others as their pages would add them; reordered in edit mode;
reloaded by a new server process reading the same DASHBOARD_USER_DIR; played with the arrow keys
at 1920×1080 without scrolling; exported to .pptx and read back."""
from __future__ import annotations

import io

import pytest
from playwright.sync_api import expect
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE

from sammanhallen.presenter.storyboard import StoryboardStore

from .conftest import screenshot, settle_after, start_server, stop_server, wait_until_drawn, wait_until_settled

BOARD = "Styrgrupp juni"
TREND_URL = "trender?indicator=ekonomiskt_bistand_andel_befolkning&areas=0180,0180-sdo-spanga-tensta,0180-sdo-rinkeby-kista&base=2015"

NO_SCROLL = """() => {
  const main = document.querySelector('[data-testid=stMain]');
  const doc = document.scrollingElement || document.documentElement;
  return {doc: [doc.scrollHeight, doc.clientHeight], main: [main.scrollHeight, main.clientHeight]};
}"""


def slide_title(page) -> str:
    return page.locator(".st-key-presenter-slide-title h1").inner_text().strip()


def open_url(page, url: str) -> None:
    page.goto(url)
    wait_until_settled(page)


@pytest.fixture
def user_dir(tmp_path):
    return tmp_path / "user"


def test_storyboard_end_to_end(browser, server_env, user_dir, tmp_path):
    env = {**server_env, "DASHBOARD_USER_DIR": str(user_dir)}
    store = StoryboardStore(user_dir / "storyboards")
    store.add_slide(BOARD, "map", {"geo": "sdo", "vintage": "2007-2019", "year": "2016"}, "Kartan", "Var bor folk?")
    store.add_slide(BOARD, "compare", {"indicator": "folkmangd", "areas": "0180,1280"}, "Jämförelsen", "Stockholm mot Malmö")

    context = browser.new_context(viewport={"width": 1920, "height": 1080}, accept_downloads=True)
    page = context.new_page()
    process, url = start_server(env)
    try:
        # 1. add the trend slide from the trends page
        open_url(page, f"{url}/{TREND_URL}")
        page.get_by_role("button", name="+ Lägg till i bildserie").click()
        title_field = page.get_by_role("textbox", name="Rubrik på bilden")
        # the popover's widgets appear a moment after the click, prefilled with the chart title
        expect(title_field).to_have_value("Andel av befolkningen med ekonomiskt bistånd", timeout=15000)
        title_field.fill("Trenden")
        page.get_by_label("Talarmanus (syns bara för dig)").fill("Index 2015 = 100")
        settle_after(page, lambda: page.get_by_role("button", name="Spara bilden").click())
        board = store.load(BOARD)
        assert [s.title for s in board.slides] == ["Kartan", "Jämförelsen", "Trenden"]
        assert board.slides[2].params == {"indicator": "ekonomiskt_bistand_andel_befolkning",
                                          "areas": "0180,0180-sdo-spanga-tensta,0180-sdo-rinkeby-kista", "base": "2015"}
        # 2. reorder in edit mode: the trend moves to the front
        open_url(page, f"{url}/presentation?edit=1")
        trend_id = board.slides[2].slide_id
        screenshot(page, "presenter-edit-before", full=False)
        settle_after(page, lambda: page.locator(f".st-key-ed-up-{trend_id} button").first.click())
        settle_after(page, lambda: page.locator(f".st-key-ed-up-{trend_id} button").first.click())
        assert [s.title for s in store.load(BOARD).slides] == ["Trenden", "Kartan", "Jämförelsen"]
        screenshot(page, "presenter-edit", full=False)
    finally:
        stop_server(process)

    # 3. a new server process reading the same user dir
    process, url = start_server(env)
    try:
        open_url(page, f"{url}/presentation")
        assert page.locator("[data-testid=stException]").count() == 0
        assert slide_title(page) == "Trenden"
        assert page.locator("[data-testid=stSidebar]").is_hidden() and page.locator("header[data-testid=stHeader]").is_hidden()
        page.locator(".st-key-presenter-chart canvas, .st-key-presenter-chart svg").first.wait_for(timeout=15000)
        wait_until_drawn(page.locator(".st-key-presenter-chart [data-testid=stVegaLiteChart]").first)
        screenshot(page, "presenter-1920x1080-trend", full=False)
        # the whole chart, legend under the plot included, lies inside the 1920×1080 screen
        box = page.locator(".st-key-presenter-chart [data-testid=stVegaLiteChart]").first.bounding_box()
        assert box and box["x"] + box["width"] <= 1920 and box["y"] + box["height"] <= 1080, box
        sizes = page.evaluate(NO_SCROLL)
        assert sizes["doc"][0] <= sizes["doc"][1] and sizes["main"][0] <= sizes["main"][1], sizes
        # 4. the arrow keys step through the slides
        settle_after(page, lambda: page.keyboard.press("ArrowRight"))
        assert slide_title(page) == "Kartan"
        map_id = store.load(BOARD).slides[1].slide_id
        year_2017 = page.locator(f".st-key-presenter-year-{map_id}-2017 button").first
        if year_2017.count():  # the map view resolves its years: step to 2017 with the year buttons
            settle_after(page, year_2017.click)
            assert page.locator(f".st-key-presenter-year-{map_id}-2017 button").first.get_attribute("kind") == "primary"
        screenshot(page, "presenter-1920x1080-map", full=False)
        sizes = page.evaluate(NO_SCROLL)
        assert sizes["doc"][0] <= sizes["doc"][1] and sizes["main"][0] <= sizes["main"][1], sizes
        settle_after(page, lambda: page.keyboard.press("ArrowRight"))
        assert slide_title(page) == "Jämförelsen"
        # last slide: the next button is disabled, so the key starts no rerun and the slide stays
        expect(page.locator(".st-key-presenter-next button").first).to_be_disabled()
        page.keyboard.press("ArrowRight")
        wait_until_settled(page)
        assert slide_title(page) == "Jämförelsen"
        settle_after(page, lambda: page.keyboard.press("ArrowLeft"))
        assert slide_title(page) == "Kartan"
        assert "slide=2" in page.url and "board=" in page.url
        # 5. export from edit mode and read the file back
        open_url(page, f"{url}/presentation?edit=1")
        with page.expect_download(timeout=60000) as download:
            page.get_by_role("button", name="↓ PowerPoint (.pptx)").click()
        deck = Presentation(io.BytesIO(open(download.value.path(), "rb").read()))
        assert [s.shapes.title.text for s in deck.slides] == ["Trenden", "Kartan", "Jämförelsen"]
        for slide, note in zip(deck.slides, ["Index 2015 = 100", "Var bor folk?", "Stockholm mot Malmö"]):
            assert any(sh.shape_type == MSO_SHAPE_TYPE.PICTURE for sh in slide.shapes)
            assert slide.notes_slide.notes_text_frame.text.startswith(note)
        with page.expect_download() as download:
            page.get_by_role("button", name="↓ Lista med permalänkar (.md)").click()
        links = open(download.value.path(), encoding="utf-8").read()
        assert f"1. [Trenden]({url}/trender?indicator=ekonomiskt_bistand_andel_befolkning" in links
        assert page.locator("[data-testid=stException]").count() == 0
    finally:
        stop_server(process)
        context.close()


def test_presenter_without_storyboards_explains_what_to_do(page, app_url):
    open_url(page, f"{app_url}/presentation")
    text = page.locator(".st-key-page-presenter").inner_text()
    assert "Lägg till i bildserie" in text or page.locator(".st-key-presenter-slide-title").count() == 1
