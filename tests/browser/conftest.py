"""Start the real app on loopback and drive it with Debian's headless Chromium."""
from __future__ import annotations

import os
import subprocess
import tempfile
import time
from pathlib import Path
from urllib.parse import urlparse

import pytest

from tests.app_servers import start_app, stop_app

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
LOOPBACK = {"127.0.0.1", "localhost", "::1", "[::1]"}


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


def start_server(env: dict) -> tuple[subprocess.Popen, str]:
    """`python serve.py run app.py` on a free loopback port (tests/app_servers.py), its output in a temp log."""
    handle, log_path = tempfile.mkstemp(prefix="streamlit-", suffix=".log")
    os.close(handle)
    return start_app(env, Path(log_path))


def stop_server(process: subprocess.Popen) -> None:
    stop_app(process)


@pytest.fixture(scope="session")
def server_env(db_path) -> dict:
    env = dict(os.environ)
    env["DASHBOARD_DB"] = str(db_path)
    return env


@pytest.fixture(scope="session")
def app_url(server_env):
    process, url = start_server(server_env)
    yield url
    stop_server(process)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium is missing at /usr/bin/chromium: run `make chromium` (or apt-get install chromium).")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


class OutsideRequests(list):
    """Requests that tried to leave loopback; the page is cut off from them."""


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1440, "height": 1000}, accept_downloads=True)
    outside = OutsideRequests()

    def guard(route):
        host = urlparse(route.request.url).hostname or ""
        if route.request.url.startswith(("data:", "blob:")) or host in LOOPBACK:
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    tab = context.new_page()
    tab.outside_requests = outside
    yield tab
    context.close()


def wait_until_settled(page, timeout_ms: int = 30000) -> None:
    """Streamlit has settled when a page has drawn and the script state reads notRunning for a moment.

    A fresh document reads notRunning before its first run starts, and a fast first run can be drawn
    without ever showing "running"; under load the gap before it can outlast the calm window. So first
    wait for a page's keyed main container (components/page.py), which only a run draws."""
    page.wait_for_selector("[data-test-script-state]", timeout=timeout_ms)
    page.wait_for_selector("[data-testid=stMain] [class*='st-key-page-']", state="attached", timeout=timeout_ms)
    deadline = time.monotonic() + timeout_ms / 1000
    calm_since = None
    while time.monotonic() < deadline:
        state = page.get_attribute("[data-test-script-state]", "data-test-script-state")
        if state == "notRunning":
            calm_since = calm_since or time.monotonic()
            if time.monotonic() - calm_since > 0.8:
                return
        else:
            calm_since = None
        time.sleep(0.1)
    raise TimeoutError("the app kept running")


# Records whether a rerun has shown after it is armed: the script state leaving notRunning, or the
# page's main container redrawn. A MutationObserver sees every change, however short, where polling can
# miss a quick rerun; and when the page's main thread was busy, React can apply "running" and
# "notRunning" in one render, so only the redrawn content shows that the rerun happened.
WATCH_RUN = """() => {
  const app = document.querySelector('[data-test-script-state]');
  const main = document.querySelector('[data-testid=stMain]');
  window.__scriptRan = false;
  if (window.__scriptRunWatch) { window.__scriptRunWatch.disconnect(); }
  window.__scriptRunWatch = new MutationObserver(records => {
    if (records.some(r => r.target !== app || r.oldValue !== 'notRunning')
        || app.getAttribute('data-test-script-state') !== 'notRunning') {
      window.__scriptRan = true;
    }
  });
  window.__scriptRunWatch.observe(app, {attributes: true, attributeOldValue: true, attributeFilter: ['data-test-script-state']});
  window.__scriptRunWatch.observe(main, {childList: true, subtree: true, characterData: true});
}"""


def settle_after(page, action, timeout_ms: int = 30000) -> None:
    """Do `action` (a click, a key) and wait until the rerun it starts has run and the app has settled.

    Settling alone can return before a busy server has even started that rerun."""
    page.evaluate(WATCH_RUN)
    action()
    page.wait_for_function("() => window.__scriptRan", timeout=timeout_ms)
    wait_until_settled(page, timeout_ms)


# True once the element holds a canvas or svg with a size and its own box has not moved since the
# previous poll: Vega and the data grid draw first, then size themselves to their container.
STEADY = """el => {
  const r = el.getBoundingClientRect();
  const drawn = [...el.querySelectorAll('canvas, svg')].some(c => c.getBoundingClientRect().width > 0);
  const box = [r.x, r.y, r.width, r.height].join();
  const steady = drawn && r.width > 0 && r.height > 0 && el.__steadyBox === box;
  el.__steadyBox = box;
  return steady;
}"""


def wait_until_drawn(locator, timeout_ms: int = 15000) -> None:
    """Wait for a chart or grid (a locator) to have drawn and stopped resizing."""
    locator.wait_for(timeout=timeout_ms)
    locator.page.wait_for_function(STEADY, arg=locator.element_handle(), polling=200, timeout=timeout_ms)


def screenshot(page, name: str, full: bool = True) -> Path:
    """Save a PNG under tests/artifacts; grows the viewport to the content height first because
    Streamlit scrolls inside its main element."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    if full:
        height = page.evaluate(
            "() => { const m = document.querySelector('[data-testid=stMain]'); return m ? m.scrollHeight : document.body.scrollHeight; }"
        )
        size = page.viewport_size
        page.set_viewport_size({"width": size["width"], "height": min(max(height + 40, size["height"]), 6000)})
        time.sleep(0.3)
    page.screenshot(path=str(path))
    return path
