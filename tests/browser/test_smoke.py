"""Every registered page opens in the real app without an exception box, in both languages."""
from __future__ import annotations

import pytest

from components.registry import PAGES

from .conftest import screenshot, wait_until_settled


@pytest.mark.parametrize("spec", PAGES, ids=[p.key for p in PAGES])
@pytest.mark.parametrize("lang", ["sv", "en"])
def test_page_opens_cleanly(page, app_url, spec, lang):
    page.goto(f"{app_url}/{spec.url_path}?lang={lang}")
    wait_until_settled(page)
    assert page.locator(f".st-key-page-{spec.key}").count() == 1, "the page's main element is missing"
    assert page.locator("[data-testid=stException]").count() == 0, page.locator("[data-testid=stException]").first.inner_text()
    screenshot(page, f"smoke-{spec.key}-{lang}")
    assert page.outside_requests == [], f"requests left loopback: {page.outside_requests[:5]}"


def test_home_speaks_swedish_by_default(page, app_url):
    page.goto(app_url)
    wait_until_settled(page)
    main = page.locator(".st-key-page-home")
    assert "Utbetalt december 2013" in main.inner_text()
    assert "99,0 mnkr" in main.inner_text().replace("\u00a0", " ")
