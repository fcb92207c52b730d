"""Concurrent sessions: N headless browser sessions (N = 1, 5, 20) against one dashboard server on loopback.

One ``streamlit run app.py`` on 127.0.0.1 (a free port; DASHBOARD_DB = the real build in a bench tmp
path; DASHBOARD_USER_DIR a tmp dir), one headless Chromium with N browser contexts. Every session runs the
same fixed script, all sessions starting together ("a whole council opens it at once"), with a think time
of about a second between interactions as a person has:

    open /  ->  Karta (sidebar)  ->  year (slider)  ->  measure (select)  ->  Jämför (sidebar)  ->  Trender (sidebar)

Latency of an interaction = from the action until the app has settled: the page's
``data-test-script-state`` went to running and is back at ``notRunning`` (the time of that last change,
read from an in-page recorder, so the 0.5 s calm check is not counted). Bounded: ``--rounds`` runs of the
script per session and an overall time limit per N; the server is stopped at the end, always.

Prints median and p95 per N and their ratios to N = 1. Target: p95 at N = 20 within 3× of N = 1 on this
2-core machine. The last line is one JSON object of the figures.

    python bench/bench_sessions.py [--quick] [--sessions 1,5,20] [--rounds 2]
"""
from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlparse

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
TARGET_P95_RATIO = 3.0
THINK_S = 1.0
LOOPBACK = {"127.0.0.1", "localhost", "::1", "[::1]"}

# Records every change of the script state with the page's clock (performance.now()).
RECORDER = """
window.__st = {last: null, log: []};
setInterval(() => {
  const el = document.querySelector('[data-test-script-state]');
  const s = el ? el.getAttribute('data-test-script-state') : null;
  if (s !== window.__st.last) { window.__st.log.push([performance.now(), s]); window.__st.last = s; }
}, 15);
"""


def start_server(env: dict) -> tuple[subprocess.Popen, str]:
    return common.start_streamlit("app.py", env, common.ROOT)


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of a process so far (Linux /proc), 0 where unreadable."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return 0.0


def stop_server(proc: subprocess.Popen) -> None:
    common.stop_streamlit(proc)


class Timeout(Exception):
    pass


async def settled_since(tab, t_start: float, timeout_s: float = 120, calm_s: float = 0.5,
                        need_run: bool = True, start_within_s: float = 20) -> float:
    """Page time at which the script state last became notRunning after t_start (a run was seen first)."""
    deadline = time.monotonic() + timeout_s
    no_run_deadline = time.monotonic() + start_within_s  # a loaded machine can take a while to start the run
    while time.monotonic() < deadline:
        log, now = await tab.evaluate("() => [window.__st ? window.__st.log : [], performance.now()]")
        after = [(t, s) for t, s in log if t >= t_start]
        ran = any(s not in ("notRunning", None) for _, s in after)
        state = log[-1][1] if log else None
        if state == "notRunning" and (ran or not need_run):
            last_change = log[-1][0]
            if now - last_change >= calm_s * 1000:
                return last_change
        if need_run and not ran and time.monotonic() > no_run_deadline:
            raise Timeout("the action started no rerun")
        await asyncio.sleep(0.1)
    raise Timeout("the app kept running")


async def act(tab, name: str, action, log: list) -> None:
    """Run one interaction and record its latency in ms (or its failure)."""
    t_start = await tab.evaluate("() => performance.now()")
    try:
        await action()
        done = await settled_since(tab, t_start)
        log.append((name, done - t_start))
    except Exception as exc:  # noqa: BLE001 - counted, reported
        log.append((name, None, f"{type(exc).__name__}: {str(exc)[:120]}"))


async def session(browser, url: str, index: int, rounds: int, stop_at: float, log: list, n_steps: int = 5) -> None:
    context = await browser.new_context(viewport={"width": 1440, "height": 1000})

    async def guard(route):
        host = urlparse(route.request.url).hostname or ""
        if route.request.url.startswith(("data:", "blob:")) or host in LOOPBACK:
            await route.continue_()
        else:
            await route.abort()

    await context.route("**/*", guard)
    await context.add_init_script(RECORDER)
    tab = await context.new_page()
    think = THINK_S + (index % 5) * 0.1

    async def nav(path: str):
        await tab.click(f'[data-testid=stSidebarNav] a[href$="/{path}"]', timeout=60000)

    async def select(label: str, option: str):
        box = tab.locator(f"[data-testid=stSelectbox]:has-text('{label}')").first
        await box.locator("input").click(timeout=60000)
        await tab.get_by_role("option", name=option, exact=True).click(timeout=60000)

    async def year(key: str):
        await tab.locator(".st-key-map_year input[type=range]").focus(timeout=60000)
        await tab.keyboard.press(key)

    measures = ("Personer med ekonomiskt bistånd", "Andel av befolkningen med ekonomiskt bistånd")
    try:
        for r in range(rounds):
            if time.monotonic() > stop_at:
                break
            # Open the dashboard: latency from navigation start (page clock 0) to settled.
            try:
                await tab.goto(url + "/", wait_until="commit", timeout=60000)
                done = await settled_since(tab, 0.0, start_within_s=90)
                log.append(("open_home", done))
            except Exception as exc:  # noqa: BLE001
                log.append(("open_home", None, f"{type(exc).__name__}: {str(exc)[:120]}"))
                continue
            steps = [
                ("open_map", lambda: nav("karta")),
                # Each round opens a new session (defaults again), so the same change always changes something.
                ("change_year", lambda: year("Home")),
                ("change_measure", lambda: select("Visa", measures[0])),
                ("open_compare", lambda: nav("jamfor")),
                ("open_trends", lambda: nav("trender")),
            ]
            for name, step in steps[:n_steps]:
                if time.monotonic() > stop_at:
                    break
                await asyncio.sleep(think)
                await act(tab, name, step, log)
    finally:
        await context.close()


async def run_level(url: str, n: int, rounds: int, limit_s: float, n_steps: int = 5) -> list:
    from playwright.async_api import async_playwright

    log: list = []
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            stop_at = time.monotonic() + limit_s
            await asyncio.gather(*(session(browser, url, i, rounds, stop_at, log, n_steps) for i in range(n)))
        finally:
            await browser.close()
    return log


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="N = 1, 2; one round of open + map (for tests)")
    parser.add_argument("--sessions", default="1,5,20")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--limit", type=float, default=240.0, help="seconds per N, all sessions together")
    args = parser.parse_args(argv)
    levels = [1, 2] if args.quick else [int(x) for x in args.sessions.split(",")]
    rounds = 1 if args.quick else args.rounds
    limit = 90.0 if args.quick else args.limit
    n_steps = 1 if args.quick else 5
    if not Path(CHROMIUM).exists():
        common.last_line({"benchmark": "sessions", "error": "Chromium missing at /usr/bin/chromium"})
        return 0

    env = dict(os.environ, DASHBOARD_DB=str(common.database("small")),
               DASHBOARD_USER_DIR=tempfile.mkdtemp(prefix="bench-user-"),
               BOUNDARIES_MIRROR=os.environ.get("BOUNDARIES_MIRROR", str(common.ROOT.parent / "shared" / "geodata")))
    load_before = os.getloadavg()
    proc, url = start_server(env)
    results: dict[int, dict] = {}
    try:
        asyncio.run(run_level(url, 1, 1, 120.0, n_steps))  # warm-up: every page once, caches filled, not counted
        for n in levels:
            t0, cpu0 = time.monotonic(), cpu_seconds(proc.pid)
            log = asyncio.run(run_level(url, n, rounds, limit, n_steps))
            server_cpu = cpu_seconds(proc.pid) - cpu0
            ok = [entry[1] for entry in log if entry[1] is not None]
            failed = [entry for entry in log if entry[1] is None]
            by_kind: dict[str, list[float]] = {}
            for entry in log:
                if entry[1] is not None:
                    by_kind.setdefault(entry[0], []).append(entry[1])
            results[n] = {
                "interactions": len(ok), "failed": len(failed),
                "median_ms": statistics.median(ok) if ok else float("nan"),
                "p95_ms": common.percentile(ok, 95) if ok else float("nan"),
                "wall_s": time.monotonic() - t0,
                "server_cpu_s": server_cpu,
                "median_by_kind_ms": {k: round(statistics.median(v)) for k, v in by_kind.items()},
                "errors": sorted({e[2] for e in failed})[:5],
            }
            r = results[n]
            print(f"N={n:>2}: {r['interactions']} interactions ({r['failed']} failed) in {r['wall_s']:.0f} s, "
                  f"server CPU {r['server_cpu_s']:.0f} s; "
                  f"median {r['median_ms']:.0f} ms, p95 {r['p95_ms']:.0f} ms", file=sys.stderr, flush=True)
    finally:
        stop_server(proc)
    load_after = os.getloadavg()

    base = results[levels[0]]
    print("\n## Concurrent sessions (latency from action to settled, ms)\n")
    print("| N | interactions | failed | median | p95 | median × | p95 × | server CPU s | wall s |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for n in levels:
        r = results[n]
        print(f"| {n} | {r['interactions']} | {r['failed']} | {r['median_ms']:.0f} | {r['p95_ms']:.0f} | "
              f"{r['median_ms'] / base['median_ms']:.1f}× | {r['p95_ms'] / base['p95_ms']:.1f}× | "
              f"{r['server_cpu_s']:.0f} | {r['wall_s']:.0f} |")
    print("\nmedian per interaction (ms): " + "; ".join(
        f"N={n}: " + ", ".join(f"{k} {v}" for k, v in results[n]["median_by_kind_ms"].items()) for n in levels))
    top = levels[-1]
    p95_ratio = results[top]["p95_ms"] / base["p95_ms"]
    print(f"\np95 at N={top} is {p95_ratio:.1f}× N={levels[0]} (target <= {TARGET_P95_RATIO:.0f}× at N=20); "
          f"load average before {load_before[0]:.1f}, after {load_after[0]:.1f} on {os.cpu_count()} cores")
    for n in levels:
        for e in results[n]["errors"]:
            print(f"ERROR N={n}: {e}")
    common.last_line({
        "benchmark": "sessions", "quick": args.quick, "levels": levels, "rounds": rounds,
        "median_ms": {str(n): round(results[n]["median_ms"], 1) for n in levels},
        "p95_ms": {str(n): round(results[n]["p95_ms"], 1) for n in levels},
        "median_ratio": {str(n): round(results[n]["median_ms"] / base["median_ms"], 2) for n in levels},
        "p95_ratio": {str(n): round(results[n]["p95_ms"] / base["p95_ms"], 2) for n in levels},
        "failed": {str(n): results[n]["failed"] for n in levels},
        "server_cpu_s": {str(n): round(results[n]["server_cpu_s"], 1) for n in levels},
        "wall_s": {str(n): round(results[n]["wall_s"], 1) for n in levels},
        "median_by_kind_ms": {str(n): results[n]["median_by_kind_ms"] for n in levels},
        "load_before": round(load_before[0], 2), "load_after": round(load_after[0], 2),
        "targets": {"p95_ratio_top": {"max": TARGET_P95_RATIO, "n": top,
                                      "pass": p95_ratio <= TARGET_P95_RATIO and top >= 20}},
    })
    return 0


if __name__ == "__main__":
    sys.exit(main())
