"""WCAG 2.1 AA in the real app: axe-core on every page in both languages, before and after one
interaction; the document's language; heading order; keyboard use of the map's area list and
compare's downloads; a visible focus indicator.

One browser and one app server for the module; pages are opened directly by URL.
"""
from __future__ import annotations

import json
import re

import pytest
from axe_playwright_python.sync_playwright import Axe

from components.map import view as map_view
from components.registry import PAGES, PAGES_BY_KEY
from sammanhallen.i18n import LANGUAGES

from tests.test_accessibility_colors import WHITE, contrast

from .conftest import ARTIFACTS, screenshot, wait_until_settled

WCAG_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
BLOCKING = {"serious", "critical"}
AXE = Axe()


@pytest.fixture(scope="module")
def tab(browser, app_url):
    """One tab for the module: opening a context per test would cost a Streamlit session each."""
    context = browser.new_context(viewport={"width": 1440, "height": 1000}, accept_downloads=True)
    page = context.new_page()
    yield page
    context.close()


def open_page(page, app_url: str, key: str, lang: str) -> None:
    page.goto(f"{app_url}/{PAGES_BY_KEY[key].url_path}?lang={lang}")
    wait_until_settled(page)
    page.wait_for_function("(lang) => document.documentElement.lang === lang", arg=lang, timeout=10000)


def violations(page, label: str) -> list[dict]:
    """axe's WCAG 2.1 A/AA violations; all of them are saved as JSON, the serious ones are returned.

    Streamlit fades elements of the previous run while a run is on: axe waits until none is stale and
    no transition is playing, or it would measure the contrast of half-transparent text."""
    page.wait_for_function("""() => !document.querySelector('[data-stale=true]')
        && document.getAnimations().every((a) => a.playState !== 'running' || a.effect.getTiming().iterations === Infinity)""", timeout=15000)
    found = AXE.run(page, options=WCAG_AA).response["violations"]
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    summary = [{"id": v["id"], "impact": v["impact"], "help": v["help"],
                "nodes": [(n["target"], n.get("failureSummary", "")) for n in v["nodes"]]} for v in found]
    (ARTIFACTS / f"axe-{label}.json").write_text(json.dumps(summary, indent=1, ensure_ascii=False))
    return [v for v in summary if v["impact"] in BLOCKING]


def heading_levels(page) -> list[int]:
    """Levels of the visible headings in the main area, in document order."""
    return page.evaluate("""() => [...document.querySelectorAll('[data-testid=stMain] :is(h1, h2, h3, h4, h5, h6)')]
        .filter((h) => h.offsetParent !== null && h.textContent.trim()).map((h) => Number(h.tagName[1]))""")


def interact(page) -> str:
    """One change per page, the first the page offers: choose another option in a select box, press a
    button, open the second tab, or else switch the language."""
    main = page.locator("[data-testid=stMain]")
    select = main.locator("[data-testid=stSelectbox] input:not([disabled])")
    button = main.locator("[data-testid=stButton] button:not([disabled]), [data-testid=stFormSubmitButton] button")
    tabs = main.locator("[role=tab]")
    if select.count():
        select.first.click()
        page.keyboard.press("ArrowDown")
        page.keyboard.press("Enter")
        done = "select"
    elif button.count():
        button.first.click()
        done = "button"
    elif tabs.count() > 1:
        tabs.nth(1).click()
        done = "tab"
    else:
        switch_language(page, "en" if page.evaluate("document.documentElement.lang") == "sv" else "sv")
        done = "language"
    wait_until_settled(page)
    return done


def switch_language(page, lang: str) -> None:
    """With the sidebar's switch; the presenter hides the sidebar, so there the link's ?lang= changes it."""
    option = page.locator("[data-testid=stSidebar] [data-testid=stRadio] label", has_text=LANGUAGES[lang])
    if option.is_visible():
        option.click()
    else:
        page.goto(re.sub(r"lang=\w+", f"lang={lang}", page.url) if "lang=" in page.url else f"{page.url}?lang={lang}")
    wait_until_settled(page)


@pytest.mark.parametrize("lang", ["sv", "en"])
@pytest.mark.parametrize("spec", PAGES, ids=[p.key for p in PAGES])
def test_page_has_no_serious_wcag_violations(tab, app_url, spec, lang):
    open_page(tab, app_url, spec.key, lang)
    assert tab.locator("[data-testid=stException]").count() == 0
    assert tab.evaluate("document.documentElement.lang") == lang
    assert violations(tab, f"{spec.key}-{lang}-default") == []

    levels = heading_levels(tab)
    assert levels and levels[0] == 1, levels
    jumps = [(a, b) for a, b in zip(levels, levels[1:]) if b > a + 1]
    assert not jumps, f"heading levels skip: {levels}"

    done = interact(tab)
    assert tab.locator("[data-testid=stException]").count() == 0, done
    assert violations(tab, f"{spec.key}-{lang}-after-{done}") == []


@pytest.mark.parametrize("spec", PAGES, ids=[p.key for p in PAGES])
def test_document_language_follows_the_switch(tab, app_url, spec):
    open_page(tab, app_url, spec.key, "sv")
    switch_language(tab, "en")
    tab.wait_for_function("document.documentElement.lang === 'en'", timeout=10000)
    switch_language(tab, "sv")
    tab.wait_for_function("document.documentElement.lang === 'sv'", timeout=10000)


@pytest.mark.parametrize("key", ["programme", "compare", "trends", "risk_index", "grant", "sources"])
def test_every_chart_has_a_text_alternative_and_readable_labels(tab, app_url, key):
    """Vega writes a spec's description into the chart container's aria-label ("Vega visualization" without)."""
    open_page(tab, app_url, key, "sv")
    tab.wait_for_selector("[data-testid=stMain] [data-testid=stVegaLiteChart] svg", timeout=20000)
    labels = tab.evaluate("""() => [...document.querySelectorAll('[data-testid=stMain] [data-testid=stVegaLiteChart]')]
        .map((chart) => chart.getAttribute('aria-label') || '')""")
    assert labels, "the page draws no chart"
    assert [label for label in labels if label.strip() in ("", "Vega visualization")] == []
    chart_text = "[data-testid=stMain] [data-testid=stVegaLiteChart] :is(.role-axis, .role-legend, .role-title) text"
    fills = tab.evaluate("(s) => [...document.querySelectorAll(s)].map((text) => getComputedStyle(text).fill)", chart_text)
    assert fills, "no axis, legend or title text found"
    faint = {fill for fill in fills if contrast(css_hex(fill), WHITE) < 4.5}
    assert not faint, f"chart text under 4.5:1 on white: {faint}"


def css_hex(css_colour: str) -> str:
    """'rgb(59, 59, 59)' -> '#3b3b3b' (computed styles are rgb)."""
    return "#" + "".join(f"{int(v):02x}" for v in re.findall(r"\d+", css_colour)[:3])


def tab_until(page, selector: str, limit: int = 120) -> int:
    """Press Tab until the focused element matches `selector`; returns the number of presses."""
    for presses in range(1, limit + 1):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => !!document.activeElement && document.activeElement.matches(s)", selector):
            return presses
    raise AssertionError(f"Tab never reached {selector}")


def start_in_main(page) -> None:
    """A click on the page title moves the keyboard's starting point to the top of the main area."""
    page.locator("[data-testid=stMain] h1").first.click()


def focus_outline(page) -> str:
    return page.evaluate("""() => { const s = getComputedStyle(document.activeElement);
        return s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0 ? s.outlineStyle : s.boxShadow; }""")


def test_keyboard_reaches_the_map_area_list_and_choosing_updates_the_panel(tab, app_url):
    open_page(tab, app_url, "map", "sv")
    start_in_main(tab)
    tab_until(tab, f".st-key-{map_view.PICK} input")
    screenshot(tab, "a11y-focus-map-area-list", full=False)
    tab.keyboard.type("Tensta")
    tab.keyboard.press("Enter")
    wait_until_settled(tab)
    panel = tab.locator("[data-testid=stMain] h3", has_text="Tensta")
    assert panel.count() >= 1, "the side panel did not show Tensta"


def test_keyboard_reaches_compare_downloads_and_the_permalink(tab, app_url):
    open_page(tab, app_url, "compare", "sv")
    start_in_main(tab)
    tab_until(tab, "[data-testid=stDownloadButton] button")
    assert focus_outline(tab) not in ("", "none"), "the focused download button shows no focus"
    tab.evaluate("document.activeElement.scrollIntoView({block: 'center'})")
    screenshot(tab, "a11y-focus-compare-download", full=False)
    start_in_main(tab)
    tab_until(tab, "[data-testid=stCode] pre[tabindex='0']")
    assert focus_outline(tab) not in ("", "none"), "the focused permalink shows no focus"
    screenshot(tab, "a11y-focus-compare-permalink", full=False)
