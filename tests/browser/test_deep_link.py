"""A permalink opened as the very first visit after the server starts (serve.py, streamlit issue #9624)."""
from __future__ import annotations

from .conftest import start_server, stop_server, wait_until_settled


def test_first_visit_after_a_start_opens_the_linked_page_without_a_dialog(browser, server_env):
    # A server of its own: the session-wide one has served other sessions already.
    process, url = start_server(server_env)
    try:
        context = browser.new_context()
        page = context.new_page()
        page.goto(f"{url}/karta?geo=sdo&vintage=2020-")
        wait_until_settled(page)
        page.wait_for_timeout(500)  # the dialog's message comes before the page's own elements
        dialogs = page.locator("[role=dialog]")
        assert dialogs.count() == 0, dialogs.first.inner_text()
        assert page.locator(".st-key-page-map").count() == 1
        assert page.locator("[data-testid=stException]").count() == 0
        assert "/karta" in page.url
        context.close()
    finally:
        stop_server(process)
