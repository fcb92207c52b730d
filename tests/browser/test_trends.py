"""Trends page in the real app: a permalink opens the same view, a change is written back to the
URL, the chart is drawn (with its SVG/canvas) and nothing leaves loopback."""
from __future__ import annotations

from .conftest import screenshot, settle_after, wait_until_drawn, wait_until_settled

URL = "trender?indicator=ekonomiskt_bistand_andel_befolkning&areas=0180,0180-sdo-spanga-tensta,0181&base=2015"


def test_trends_permalink_round_trip(page, app_url):
    page.goto(f"{app_url}/{URL}")
    wait_until_settled(page)
    main = page.locator(".st-key-page-trends")
    assert page.locator("[data-testid=stException]").count() == 0
    main.locator("[data-testid=stVegaLiteChart]").first.wait_for(timeout=15000)
    text = main.inner_text().replace("\u00a0", " ")
    assert "2015 = 100" in text
    assert "Södertälje" in text and "inte med i indexet" in text, "the area without a 2015 value is listed as excluded"
    wait_until_drawn(main.locator("[data-testid=stVegaLiteChart]").first)
    screenshot(page, "trends-indexed")
    # a change goes into the URL: back to plain values
    page.set_viewport_size({"width": 1440, "height": 1000})
    page.locator(".st-key-trends-base").click()
    settle_after(page, page.get_by_role("option", name="Inget index (värdena)").click)
    assert "base=" not in page.url and "indicator=ekonomiskt_bistand_andel_befolkning" in page.url
    assert "areas=0180%2C0180-sdo-spanga-tensta%2C0181" in page.url or "areas=0180,0180-sdo-spanga-tensta,0181" in page.url
    # the plain-values chart with its legend fits the page at 1440 px (nothing runs past the right edge)
    chart = main.locator("[data-testid=stVegaLiteChart]").first
    wait_until_drawn(chart)
    box, outer = chart.bounding_box(), main.bounding_box()
    assert box["x"] + box["width"] <= outer["x"] + outer["width"] + 1, (box, outer)
    assert box["x"] + box["width"] <= 1440
    screenshot(page, "trends-values-1440")
    assert page.outside_requests == [], page.outside_requests[:5]
