"""Two real app processes read one DuckDB file while a third process rebuilds it (os.replace)
again and again: neither fails, both keep answering, and both end up showing the new data.

Each server gets health requests in a loop and a headless Chromium page that keeps opening and
rerunning data pages; the pages must never show an exception box and always show one of the two
versions' figures."""
from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

from sammanhallen.data.build import build

from tests.app_servers import ROOT, health_ok, start_app, stop_app
from tests.data.test_datastore import make_variant

pytestmark = pytest.mark.browser

SWAPS = 3             # B, A, B: the last swap leaves variant B in place
OLD, NEW = "99,0 mnkr", "100,0 mnkr"   # the home page's "paid in December 2013" in each variant
DEADLINE_S = 240
ROUND_WAIT_S = 90
SESSIONS_PER_SERVER = 2


def _settled(page, timeout_s: float = 30) -> None:
    page.wait_for_selector("[data-test-script-state]", timeout=timeout_s * 1000)
    deadline, calm_since = time.monotonic() + timeout_s, None
    while time.monotonic() < deadline:
        if page.get_attribute("[data-test-script-state]", "data-test-script-state") == "notRunning":
            calm_since = calm_since or time.monotonic()
            if time.monotonic() - calm_since > 0.6:
                return
        else:
            calm_since = None
        time.sleep(0.05)
    raise TimeoutError("the app kept running")


def _check_page(page, key: str) -> str:
    # a fresh document can read "notRunning" before its script starts: wait for the page itself
    page.wait_for_selector(f".st-key-page-{key}", timeout=30_000)
    _settled(page)
    exceptions = page.locator("[data-testid=stException]")
    assert exceptions.count() == 0, exceptions.first.inner_text()
    main = page.locator(f".st-key-page-{key}")
    assert main.count() == 1, f"the {key} page's main element is missing"
    return main.inner_text().replace("\u00a0", " ")


def _writer_script(variants: list[Path], target: Path, rounds_file: Path) -> str:
    # Each swap waits until a whole round of page runs has started and finished since the last
    # one, so every variant is on screen at least once however slow the machine is (with a fixed
    # two-second pause a loaded CI machine once ran no home page while the new data was in place).
    # The swap itself still lands while pages are running.
    return textwrap.dedent(f"""
        import sys, time
        from pathlib import Path
        from sammanhallen.data.build import main

        def rounds():
            try:
                return int(Path({str(rounds_file)!r}).read_text() or 0)
            except (FileNotFoundError, ValueError):
                return 0

        def wait_for_rounds(count):
            deadline = time.monotonic() + {ROUND_WAIT_S}
            while rounds() < count:
                if time.monotonic() > deadline:
                    sys.exit(f"the pages ran no round in {ROUND_WAIT_S} s")
                time.sleep(0.1)

        done_at_swap = -1
        for i, data_dir in enumerate({[str(v) for v in variants]!r}):
            wait_for_rounds(done_at_swap + 2)
            time.sleep(0.3)  # into the next round's page runs
            code = main(["--data-dir", data_dir, "--out", {str(target)!r}])
            done_at_swap = rounds()  # the round after the next one starts on the new file
            print("swap", i, "exit", code, time.time(), flush=True)
            if code:
                sys.exit(code)
        wait_for_rounds(done_at_swap + 2)  # the last variant is on screen too before the loop ends
    """)


def test_two_app_processes_survive_a_third_swapping_the_database(data_copy, tmp_path, browser):
    # The session's Chromium (tests/browser/conftest.py): a second sync Playwright in the same
    # process is refused while the first one's event loop runs.

    old_csv = make_variant(data_copy, tmp_path / "csv-old")
    new_csv = make_variant(data_copy, tmp_path / "csv-new", funds_delta=1_000_000)
    target = tmp_path / "shared" / "dashboard.duckdb"
    build(old_csv, target)

    env = {k: v for k, v in os.environ.items() if not k.startswith("DASHBOARD_DATA")}
    env.update(DASHBOARD_DB=str(target), DASHBOARD_USER_DIR=str(tmp_path / "user"), PYTHONPATH=str(ROOT))
    servers, writer, stop = [], None, threading.Event()
    health = {"ok": 0, "failed": []}
    keys_before = ["home"] * (2 * SESSIONS_PER_SERVER)
    rounds_file = tmp_path / "rounds"

    def hammer_health(urls):
        while not stop.is_set():
            for url in urls:
                if health_ok(url):
                    health["ok"] += 1
                else:
                    health["failed"].append((url, time.time()))
            time.sleep(0.05)

    try:
        for n in range(2):
            servers.append(start_app(env, tmp_path / f"server{n}.log"))
        urls = [url for _, url in servers]
        contexts = []
        try:
            pages = []  # two sessions per server, so each process also runs scripts concurrently
            for url in urls * SESSIONS_PER_SERVER:
                context = browser.new_context(viewport={"width": 1280, "height": 900})
                contexts.append(context)
                page = context.new_page()
                page.goto(url)
                _settled(page)
                assert OLD in _check_page(page, "home")
                pages.append((page, url))

            pinger = threading.Thread(target=hammer_health, args=(urls,), daemon=True)
            pinger.start()
            writer = subprocess.Popen(
                [sys.executable, "-c", _writer_script([(new_csv, old_csv)[i % 2] for i in range(SWAPS)], target, rounds_file)],
                cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
            )
            seen = set()
            runs = 0
            deadline = time.monotonic() + DEADLINE_S
            while writer.poll() is None:
                assert time.monotonic() < deadline, "the writer did not finish in time"
                keys = []
                for n, (page, url) in enumerate(pages):  # start every page's run, then check them all
                    step = (runs + n) % 3
                    if step == 0:    # a new session on the home page
                        page.goto(f"{url}/?lang=sv", wait_until="commit")
                        keys.append("home")
                    elif step == 1:  # a rerun of the same session (Streamlit's "r" shortcut)
                        if keys_before[n] != "home":
                            page.goto(url, wait_until="commit")
                        else:
                            page.keyboard.press("r")
                        keys.append("home")
                    else:            # another data page
                        page.goto(f"{url}/stimulansmedel", wait_until="commit")
                        keys.append("grant")
                for (page, _), key in zip(pages, keys):
                    text = _check_page(page, key)
                    if key == "home":
                        figures = {figure for figure in (OLD, NEW) if figure in text}
                        assert len(figures) == 1, text[:500]
                        seen |= figures
                keys_before[:] = keys
                runs += 1
                (tmp_path / "rounds.part").write_text(str(runs))
                os.replace(tmp_path / "rounds.part", rounds_file)
            output = writer.stdout.read()
            assert writer.returncode == 0, output
            assert output.count("exit 0") == SWAPS, output

            for page, url in pages:  # after the last swap every session shows the new data
                page.goto(url)
                _settled(page)
                assert NEW in _check_page(page, "home")
                page.keyboard.press("r")
                _settled(page)
                assert NEW in _check_page(page, "home")
        finally:
            for context in contexts:
                context.close()
        stop.set()
        pinger.join(timeout=10)
        assert health["failed"] == [] and health["ok"] > 20, health
        assert all(process.poll() is None for process, _ in servers), "a server died"
        assert runs * len(pages) >= 2 * SWAPS, f"only {runs * len(pages)} page runs while the file was swapped"
        assert seen == {OLD, NEW}, f"the pages never showed both versions: {seen}"
    finally:
        stop.set()
        if writer is not None and writer.poll() is None:
            writer.kill()
        for process, _ in servers:
            stop_app(process)
    for n in range(2):
        log = (tmp_path / f"server{n}.log").read_text(errors="replace")
        assert "Traceback" not in log and "Error" not in log, log[-3000:]
