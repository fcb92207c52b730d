"""Concurrent sessions: N headless browser sessions (N = 1, 5, 20) against one dashboard server on loopback.

One ``streamlit run app.py`` on 127.0.0.1 (a free port; DASHBOARD_DB = the real build in a bench tmp
path; DASHBOARD_USER_DIR a tmp dir), one headless Chromium with N browser contexts. Every session runs the
same fixed script, all sessions starting together ("a whole council opens it at once"), with a think time
between interactions as a person has: 0.5–1.5 s, drawn afresh for every step (seeded by the session's
number, so a run repeats), as load-testing tools pace their users (Locust's ``between``):

    open /  ->  Karta (sidebar)  ->  year (slider)  ->  measure (select)  ->  Jämför (sidebar)  ->  Trender (sidebar)

Three latencies per interaction:

* **server response** (the target's figure): from the server handling a session's rerun request to the
  run's end, on the server's own clock (``bench/streamlit_timed.py`` wraps ``streamlit run``). It holds
  the server's work and its queueing behind other sessions' runs, and nothing of the browsers.
* **round trip**: from the browser sending the rerun request over the
  websocket (Streamlit's ``BackMsg.rerun_script``) to the browser receiving the run's
  ``ForwardMsg.script_finished``, both timestamped by Chromium's network layer (DevTools
  ``Network.webSocketFrameSent/Received``). Chained reruns of one interaction count together.
* **settled in the page**: from the action until ``data-test-script-state`` is back at ``notRunning``
  (read from an in-page recorder), which also counts the tab drawing the result.

The N browsers stand in for N people's own computers. Here they share the server's two cores, so they run
at a lower CPU priority than the server (``SCHED_IDLE``: they get only the CPU the server leaves), as
separate machines would not take the server's CPU. Chromium starts in a session of its own, and Linux
with autogroups shares CPU between sessions before it looks at a task's policy, so the browsers' autogroup
is also put at nice 19 (without it the server's threads waited 200–700 ms to be scheduled in runs that
needed 20–30 ms of CPU);
twenty tabs drawing charts and WebGL maps in software still slow each other's drawing, which the
"settled" figure shows and the round trip does not. Bounded: ``--rounds`` runs of the script per session
(N = 1, the base of every ratio, runs five) and an overall time limit per N; the server is stopped at the
end, always.

A fixed think time would keep sessions that opened together clicking within the same few milliseconds for
the whole run, so every interaction would arrive as a burst of identical runs queueing in the one Python
process; people do not click in step. That pacing is still measured, as a stress level after the others
(N = 20 with the fixed think times this benchmark used before: 1.0 + 0.1 × (session number mod 5) s, so
four sessions share each), and printed beside them; the target is on the paced levels.

Prints median and p95 per N and their ratios to N = 1. Target: p95 of the server response at N = 20
within 3× of N = 1 on this 2-core machine, with every rerun request answered (the server's log shows a
request that never finished). Interactions a starved tab could not even perform within 60 s sent no
request; they are counted and shown, as "not performed", but they measure the browsers, not the server.
The last line is one JSON object of the figures. ``bench_sessions_ws.py`` replays this script's requests
without browsers, at the load twenty people would really make.

    python bench/bench_sessions.py [--quick] [--sessions 1,5,20] [--rounds 2] [--client-priority idle] [--no-stress]
"""
from __future__ import annotations

import argparse
import asyncio
import base64
import math
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlparse

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common  # noqa: E402
import streamlit_timed  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
TARGET_P95_RATIO = 3.0
BASE_ROUNDS = 5
THINK_MIN_S, THINK_MAX_S = 0.5, 1.5   # a person's pause between interactions, drawn for every step
FIXED_THINK_S = 1.0                   # the stress level's pacing: 1.0 + 0.1 × (session number mod 5) s
LOOPBACK = {"127.0.0.1", "localhost", "::1", "[::1]"}

# Records every change of the script state with the page's clock (performance.now()). A MutationObserver,
# not a timer: a run now takes about 50 ms on the server, and a busy tab's timers (or a hidden tab's,
# throttled to once a second) can miss the whole "running" state; mutation records keep every change.
RECORDER = """
window.__st = {last: null, log: []};
(() => {
  const note = (s) => {
    if (s !== window.__st.last) { window.__st.log.push([performance.now(), s]); window.__st.last = s; }
  };
  const current = () => {
    const el = document.querySelector('[data-test-script-state]');
    return el ? el.getAttribute('data-test-script-state') : null;
  };
  new MutationObserver((records) => {
    const changes = records.filter((r) => r.type === 'attributes');
    changes.forEach((r, i) => { if (i > 0) note(r.oldValue); });  // the values in between
    note(current());
  }).observe(document, {subtree: true, childList: true, attributes: true, attributeOldValue: true,
                        attributeFilter: ['data-test-script-state']});
  setInterval(() => note(current()), 250);
})();
"""


def start_server(env: dict) -> tuple[subprocess.Popen, str]:
    """The dashboard, with every rerun's server response time written to env["BENCH_SERVER_TIMING"]."""
    return common.start_streamlit("app.py", env, common.ROOT, launcher=(str(common.BENCH / "streamlit_timed.py"),))


def start_timed_server() -> tuple[subprocess.Popen, str, str]:
    """The dashboard on today's data with a user folder of its own: (process, url, its timing file)."""
    timing = tempfile.NamedTemporaryFile(prefix="bench-server-timing-", suffix=".jsonl", delete=False).name
    env = dict(os.environ, DASHBOARD_DB=str(common.database("small")), BENCH_SERVER_TIMING=timing,
               DASHBOARD_USER_DIR=tempfile.mkdtemp(prefix="bench-user-"),
               BOUNDARIES_MIRROR=os.environ.get("BOUNDARIES_MIRROR", str(common.ROOT.parent / "shared" / "geodata")))
    return (*start_server(env), timing)


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of a process so far (Linux /proc), 0 where unreadable."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return 0.0


def rss_mib(pid: int) -> float:
    """Resident memory of a process in MiB (Linux /proc), 0 where unreadable."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except (OSError, ValueError):
        pass
    return 0.0


def stop_server(proc: subprocess.Popen) -> None:
    common.stop_streamlit(proc)


class Timeout(Exception):
    pass


async def settled_since(tab, t_start: float, timeout_s: float = 120, calm_s: float = 0.5,
                        need_run: bool = True, start_within_s: float = 20, wire_ran=lambda: False) -> float:
    """Page time at which the script state last became notRunning after t_start (a run was seen first:
    in the page, or on the wire (``wire_ran``), which sees a run even when the page drew none of it)."""
    deadline = time.monotonic() + timeout_s
    no_run_deadline = time.monotonic() + start_within_s  # a loaded machine can take a while to start the run
    while time.monotonic() < deadline:
        log, now = await tab.evaluate("() => [window.__st ? window.__st.log : [], performance.now()]")
        after = [(t, s) for t, s in log if t >= t_start]
        ran = any(s not in ("notRunning", None) for _, s in after) or wire_ran()
        state = log[-1][1] if log else None
        if state == "notRunning" and (ran or not need_run):
            last_change = log[-1][0]
            if last_change < t_start:
                # Only the wire saw the run: its messages reached the tab in one task and React drew
                # "running" and "notRunning" in one commit, so the page has no moment to measure.
                return float("nan")
            if now - last_change >= calm_s * 1000:
                return last_change
        if need_run and not ran and time.monotonic() > no_run_deadline:
            raise Timeout("the action started no rerun")
        await asyncio.sleep(0.1)
    raise Timeout("the app kept running")


class Wire:
    """One tab's websocket traffic: rerun requests sent and runs finished, on Chromium's network clock."""

    def __init__(self):
        self.sent: list[float] = []      # BackMsg.rerun_script
        self.finished: list[float] = []  # ForwardMsg.script_finished (not ended early for another rerun)
        self.requests: list[tuple[float, bytes]] = []  # the rerun requests themselves (bench_sessions_ws replays them)

    def on_sent(self, event: dict) -> None:
        from streamlit.proto.BackMsg_pb2 import BackMsg

        msg = _decode(BackMsg, event)
        if msg is not None and msg.WhichOneof("type") == "rerun_script":
            self.sent.append(event["timestamp"])
            self.requests.append((event["timestamp"], msg.SerializeToString()))

    def on_received(self, event: dict) -> None:
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        msg = _decode(ForwardMsg, event)
        if (msg is not None and msg.WhichOneof("type") == "script_finished"
                and msg.script_finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN):
            self.finished.append(event["timestamp"])

    def round_trip_ms(self, since: float) -> float | None:
        """First rerun request sent after ``since`` to the last run finished after it, in ms."""
        sent = [t for t in self.sent if t >= since]
        if not sent:
            return None
        done = [t for t in self.finished if t >= sent[0]]
        return (done[-1] - sent[0]) * 1000 if done else None

    def answered(self, since: float) -> bool:
        """A rerun was requested after ``since`` and a run has finished after that request."""
        sent = [t for t in self.sent if t >= since]
        return bool(sent) and any(t >= sent[0] for t in self.finished)

    def clock(self) -> float:
        return max(self.sent[-1:] + self.finished[-1:] + [0.0])

    def requests_since(self, since: float) -> list[bytes]:
        return [payload for t, payload in self.requests if t >= since]


def _decode(proto, event: dict):
    response = event.get("response") or {}
    if response.get("opcode") != 2:  # Streamlit's messages are binary frames
        return None
    msg = proto()
    try:
        msg.ParseFromString(base64.b64decode(response.get("payloadData", "")))
    except Exception:  # noqa: BLE001 - not one of Streamlit's messages
        return None
    return msg


async def act(tab, wire: Wire, name: str, action, log: list, recording: list | None = None) -> None:
    """Run one interaction and record its latencies in ms: (name, settled, round trip) or a failure;
    ``recording`` gets (name, the rerun requests it sent)."""
    t_start = await tab.evaluate("() => performance.now()")
    since = wire.clock() + 1e-6
    try:
        await action()
        done = await settled_since(tab, t_start, wire_ran=lambda: wire.answered(since))
        log.append((name, done - t_start, wire.round_trip_ms(since)))
        if recording is not None:
            recording.append((name, wire.requests_since(since)))
    except Exception as exc:  # noqa: BLE001 - counted, reported
        log.append((name, None, None, f"{type(exc).__name__}: {str(exc)[:120]}"))


def pause(index: int, pacing: str):
    """The session's think times: 'random' draws each pause (seeded by the session), 'fixed' repeats one."""
    if pacing == "fixed":
        fixed = FIXED_THINK_S + (index % 5) * 0.1
        return lambda: fixed
    rng = random.Random(index)
    return lambda: rng.uniform(THINK_MIN_S, THINK_MAX_S)


async def session(browser, url: str, index: int, rounds: int, stop_at: float, log: list, n_steps: int = 5,
                  pacing: str = "random", recording: list | None = None) -> None:
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
    wire = Wire()
    cdp = await context.new_cdp_session(tab)
    cdp.on("Network.webSocketFrameSent", wire.on_sent)
    cdp.on("Network.webSocketFrameReceived", wire.on_received)
    await cdp.send("Network.enable")
    think = pause(index, pacing)

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
                since = wire.clock() + 1e-6
                await tab.goto(url + "/", wait_until="commit", timeout=60000)
                done = await settled_since(tab, 0.0, start_within_s=90, wire_ran=lambda: wire.answered(since))
                log.append(("open_home", done, wire.round_trip_ms(since)))
                if recording is not None:
                    recording.append(("open_home", wire.requests_since(since)))
            except Exception as exc:  # noqa: BLE001
                log.append(("open_home", None, None, f"{type(exc).__name__}: {str(exc)[:120]}"))
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
                await asyncio.sleep(think())
                await act(tab, wire, name, step, log, recording)
    finally:
        await context.close()


async def run_level(url: str, n: int, rounds: int, limit_s: float, n_steps: int = 5, pacing: str = "random",
                    server_pid: int | None = None, lowered: set | None = None, recording: list | None = None) -> list:
    from playwright.async_api import async_playwright

    log: list = []
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        keep_low = asyncio.create_task(keep_clients_below(server_pid, lowered if lowered is not None else set())) if server_pid else None
        try:
            stop_at = time.monotonic() + limit_s
            await asyncio.gather(*(session(browser, url, i, rounds, stop_at, log, n_steps, pacing, recording)
                                   for i in range(n)))
        finally:
            if keep_low:
                keep_low.cancel()
            await browser.close()
    return log


async def keep_clients_below(server_pid: int, lowered: set) -> None:
    """Lower the browsers' autogroups now and whenever Chromium starts processes in a new one."""
    while True:
        lowered |= lower_client_autogroups(server_pid)
        await asyncio.sleep(1.0)


def _autogroup(pid: int) -> tuple[str, int] | None:
    """(group, nice) of a process's autogroup, e.g. ("/autogroup-1506", 0); None where there is none."""
    try:
        group, _, nice = Path(f"/proc/{pid}/autogroup").read_text().split()
        return group, int(nice)
    except (OSError, ValueError):
        return None


def sessions_get_own_autogroups() -> bool:
    """Whether a process started in a new session (as Chromium starts) gets an autogroup apart from ours.

    Not wherever /proc/self/autogroup exists: a process in a cgroup of its own (a CI container) has an
    empty autogroup file, and the kernel then shares CPU by cgroup, so there is nothing to lower."""
    import subprocess

    own = _autogroup(os.getpid())
    if own is None:
        return False
    probe = subprocess.Popen(["sleep", "5"], start_new_session=True)
    try:
        apart = _autogroup(probe.pid)
        return apart is not None and apart[0] != own[0]
    finally:
        probe.kill()
        probe.wait()


def _descendants(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    found, todo = [], [root]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def lower_client_autogroups(server_pid: int, clients: list[int] | None = None) -> set[str]:
    """Put every autogroup of this benchmark's child processes, other than the server's, at nice 19.

    Linux with autogroups (kernel.sched_autogroup_enabled = 1, as here) shares CPU between sessions first
    and only then between the tasks inside one. Chromium starts in a session of its own, so its SCHED_IDLE
    renderers weigh, as a group, as much as the whole server: measured here, a server thread that wakes
    often (every handover of the interpreter lock is a wake-up) waited 200–700 ms in the run queue for a
    run that used 20–30 ms of CPU. At nice 19 the group weighs 15 against the server's 1024 (the same
    test: 232 → 46 ms for work that takes 40 ms alone). ``clients``: the processes to look at (default:
    every descendant of this one). Returns the groups it lowered."""
    server_group = _autogroup(server_pid)
    lowered = set()
    for pid in _descendants(os.getpid()) if clients is None else clients:
        group = _autogroup(pid)
        if group is None or server_group is None or group[0] == server_group[0] or group[1] == 19:
            continue
        try:
            Path(f"/proc/{pid}/autogroup").write_text("19")
            lowered.add(group[0])
        except OSError:
            pass
    return lowered


def lower_priority(kind: str) -> str:
    """Put this process (and every process it starts from now on) below the server's CPU priority."""
    if kind == "idle" and hasattr(os, "SCHED_IDLE"):
        try:
            os.sched_setscheduler(0, os.SCHED_IDLE, os.sched_param(0))
            return "SCHED_IDLE"
        except OSError:
            kind = "nice"
    if kind in ("idle", "nice"):
        os.nice(19)
        return "nice +19"
    return "same as the server"


def _stats(values: list[float]) -> dict:
    return {"n": len(values), "median_ms": statistics.median(values) if values else float("nan"),
            "p95_ms": common.percentile(values, 95) if values else float("nan")}


def summarise(log: list, server_ms: list[float]) -> dict:
    """Per level: the three latencies' median and p95, failures and the median per interaction."""
    ok = [entry for entry in log if entry[1] is not None]
    failed = [entry for entry in log if entry[1] is None]
    drawn = [e[1] for e in ok if not math.isnan(e[1])]  # settled where the page showed the run
    by_kind: dict[str, list[float]] = {}
    for entry in ok:
        if entry[2] is not None:
            by_kind.setdefault(entry[0], []).append(entry[2])
    return {
        "interactions": len(ok), "failed": len(failed),
        "server": _stats(server_ms),
        "round_trip": _stats([e[2] for e in ok if e[2] is not None]),
        "settled": _stats(drawn), "settled_unseen": len(ok) - len(drawn),
        "round_trip_by_kind_ms": {k: round(statistics.median(v)) for k, v in by_kind.items()},
        "errors": sorted({e[3] for e in failed})[:5],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="N = 1, 2; one round of open + map (for tests)")
    parser.add_argument("--sessions", default="1,5,20")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--limit", type=float, default=240.0, help="seconds per N, all sessions together")
    parser.add_argument("--client-priority", choices=("idle", "nice", "same"), default="idle",
                        help="the browsers' CPU priority: idle (SCHED_IDLE: only CPU the server leaves), "
                             "nice (+19), or the same as the server's")
    parser.add_argument("--no-stress", action="store_true",
                        help="leave out the stress level (the largest N with fixed think times, clicking in step)")
    args = parser.parse_args(argv)
    levels = [1, 2] if args.quick else [int(x) for x in args.sessions.split(",")]
    rounds = 1 if args.quick else args.rounds
    limit = 90.0 if args.quick else args.limit
    n_steps = 1 if args.quick else 5
    runs = [(str(n), n, "random") for n in levels]  # (label, sessions, pacing)
    stress = None if args.quick or args.no_stress else f"{levels[-1]} in step"
    if stress:
        runs.append((stress, levels[-1], "fixed"))
    if not Path(CHROMIUM).exists():
        common.last_line({"benchmark": "sessions", "error": "Chromium missing at /usr/bin/chromium"})
        return 0

    load_before = os.getloadavg()
    proc, url, timing = start_timed_server()
    # From here on this process and the browsers it starts are the clients: below the server's priority.
    # nice alone is not enough: forty niced renderer processes together still outweigh one server process.
    priority = lower_priority(args.client_priority)
    below = proc.pid if args.client_priority != "same" else None  # whose autogroup the browsers' stay below
    split = sessions_get_own_autogroups()
    results: dict[str, dict] = {}
    try:
        asyncio.run(run_level(url, 1, 1, 120.0, n_steps, server_pid=below))  # warm-up: every page once, caches filled, not counted
        rss_warm = rss_mib(proc.pid)
        for label, n, pacing in runs:
            t0, cpu0 = time.monotonic(), cpu_seconds(proc.pid)
            # N = 1 is the base of every ratio: five rounds, so its p95 is not just the slowest of a dozen runs.
            level_rounds = max(rounds, BASE_ROUNDS) if n == 1 and not args.quick else rounds
            lowered: set[str] = set()
            log = asyncio.run(run_level(url, n, level_rounds, limit, n_steps, pacing, server_pid=below, lowered=lowered))
            t1 = time.monotonic()
            time.sleep(2)  # a run still finishing when the last browser closed is answered, not lost
            results[label] = summarise(log, streamlit_timed.read(timing, t0, t1))
            results[label]["unanswered"] = streamlit_timed.unanswered(timing, t0, t1)
            results[label]["gc_pauses_ms"] = streamlit_timed.gc_pauses(timing, t0, t1)
            results[label]["run_parts_ms"] = streamlit_timed.run_parts(timing, t0, t1)
            results[label]["autogroups_lowered"] = len(lowered)
            results[label]["rounds"] = level_rounds
            # Memory after each level: Streamlit's forced gc.collect() after every run is off (.streamlit/config.toml).
            results[label].update(wall_s=time.monotonic() - t0, server_cpu_s=cpu_seconds(proc.pid) - cpu0,
                                  server_rss_mib=rss_mib(proc.pid))
            r = results[label]
            print(f"N={label:>2}: {r['interactions']} interactions ({r['failed']} not performed by the browsers, "
                  f"{r['unanswered']} requests unanswered by the server) in {r['wall_s']:.0f} s, "
                  f"server CPU {r['server_cpu_s']:.0f} s; server response median {r['server']['median_ms']:.0f} ms, "
                  f"p95 {r['server']['p95_ms']:.0f} ms; round trip median {r['round_trip']['median_ms']:.0f} ms, "
                  f"p95 {r['round_trip']['p95_ms']:.0f} ms; settled median {r['settled']['median_ms']:.0f} ms, "
                  f"p95 {r['settled']['p95_ms']:.0f} ms", file=sys.stderr, flush=True)
    finally:
        stop_server(proc)
    load_after = os.getloadavg()

    base = results[str(levels[0])]
    labels = [label for label, _, _ in runs]

    def ratio(n: str, metric: str, stat: str) -> float:
        return results[n][metric][stat] / base[metric][stat]

    print("\n## Concurrent sessions (ms)\n")
    print("Server: rerun request handled → run finished, on the server's clock (the target's figure). "
          "Round trip: request sent → run finished received, at the browser's network layer. "
          "Settled: action → the page has drawn the result (left out where the page drew the whole run in "
          "one frame, so it never showed as running: the table's \"unseen\").\n")
    print("Unanswered: rerun requests the server never finished (the server's failures; the target allows none). "
          "Not performed: interactions a starved browser tab could not even start within 60 s (the twenty tabs "
          "draw in software on the server's two cores), so no request reached the server.\n")
    print("| N | interactions | unanswered | not performed | unseen | server median | p95 | p95 × | round trip median | p95 | "
          "p95 × | settled median | p95 | p95 × | server CPU s | wall s |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for n in labels:
        r = results[n]
        cells = []
        for metric in ("server", "round_trip", "settled"):
            cells += [f"{r[metric]['median_ms']:.0f}", f"{r[metric]['p95_ms']:.0f}", f"{ratio(n, metric, 'p95_ms'):.1f}×"]
        print(f"| {n} | {r['interactions']} | {r['unanswered']} | {r['failed']} | {r['settled_unseen']} | " + " | ".join(cells) +
              f" | {r['server_cpu_s']:.0f} | {r['wall_s']:.0f} |")
    if stress:
        print(f"\nN = {stress}: the stress level, with the fixed think times this benchmark used before "
              "(1.0 + 0.1 × (session number mod 5) s), so the sessions that opened together keep clicking in "
              "step and each interaction reaches the one server process as a burst of identical runs. "
              "The other levels draw each pause from 0.5–1.5 s, as people pause. Not a target.")
    print("\nround trip median per interaction (ms): " + "; ".join(
        f"N={n}: " + ", ".join(f"{k} {v}" for k, v in results[n]["round_trip_by_kind_ms"].items()) for n in labels))
    top = str(levels[-1])
    p95_ratio = ratio(top, "server", "p95_ms")
    parts = results[top]["run_parts_ms"]
    stress_text = f" (in step: {ratio(stress, 'server', 'p95_ms'):.1f}×)" if stress else ""
    print(f"\np95 server response at N={top} is {p95_ratio:.1f}× N={levels[0]}{stress_text} "
          f"(target <= {TARGET_P95_RATIO:.0f}× at N=20); round trip {ratio(top, 'round_trip', 'p95_ms'):.1f}×, settled in the page "
          f"{ratio(top, 'settled', 'p95_ms'):.1f}×. Browsers' CPU priority: {priority}; server CPU "
          f"{results[top]['server_cpu_s']:.0f} s in {results[top]['wall_s']:.0f} s; load average before "
          f"{load_before[0]:.1f}, after {load_after[0]:.1f} on {os.cpu_count()} cores; server memory "
          f"{rss_warm:.0f} MiB after the warm-up, {results[top]['server_rss_mib']:.0f} MiB at the end; "
          f"{len(results[top]['gc_pauses_ms'])} garbage collections of 10 ms or more at N={top}, the longest "
          f"{max(results[top]['gc_pauses_ms'], default=0):.0f} ms; the server's script threads at N={top}: CPU "
          f"{parts['cpu_ms'] / 1000:.1f} s, ready but not scheduled {parts['runq_ms'] / 1000:.1f} s, waiting a turn "
          f"{parts['slot_ms'] / 1000:.1f} s; browsers' autogroups lowered to nice 19: "
          f"{results[top]['autogroups_lowered'] if split else 'none here (no autogroup per session)'}")
    for n in labels:
        for e in results[n]["errors"]:
            print(f"ERROR N={n}: {e}")
    unanswered_any = any(results[n]["unanswered"] for n in labels)
    figures = {"benchmark": "sessions", "quick": args.quick, "levels": levels, "rounds": rounds,
               "client_priority": priority, "think_s": [THINK_MIN_S, THINK_MAX_S], "stress_level": stress}
    for metric in ("server", "round_trip", "settled"):
        figures[f"{metric}_median_ms"] = {n: round(results[n][metric]["median_ms"], 1) for n in labels}
        figures[f"{metric}_p95_ms"] = {n: round(results[n][metric]["p95_ms"], 1) for n in labels}
        figures[f"{metric}_p95_ratio"] = {n: round(ratio(n, metric, "p95_ms"), 2) for n in labels}
    figures.update({
        "server_runs": {n: results[n]["server"]["n"] for n in labels},
        "failed": {n: results[n]["failed"] for n in labels},  # not performed by the browsers
        # answered on the wire, but the page never showed the run as running: no settled time
        "settled_unseen": {n: results[n]["settled_unseen"] for n in labels},
        "unanswered": {n: results[n]["unanswered"] for n in labels},
        "rounds_by_level": {n: results[n]["rounds"] for n in labels},
        "server_cpu_s": {n: round(results[n]["server_cpu_s"], 1) for n in labels},
        "wall_s": {n: round(results[n]["wall_s"], 1) for n in labels},
        "server_rss_mib": {"warm": round(rss_warm), **{n: round(results[n]["server_rss_mib"]) for n in labels}},
        "round_trip_by_kind_ms": {n: results[n]["round_trip_by_kind_ms"] for n in labels},
        # garbage collections of 10 ms or more in the server (they hold every session's run)
        "gc_pauses_10ms": {n: len(results[n]["gc_pauses_ms"]) for n in labels},
        "gc_pause_max_ms": {n: round(max(results[n]["gc_pauses_ms"], default=0)) for n in labels},
        # the server's script threads, summed over the level: CPU used, ready but not running, waiting a turn
        "script_cpu_ms": {n: results[n]["run_parts_ms"]["cpu_ms"] for n in labels},
        "script_runq_ms": {n: results[n]["run_parts_ms"]["runq_ms"] for n in labels},
        "script_slot_ms": {n: results[n]["run_parts_ms"]["slot_ms"] for n in labels},
        "client_autogroups_lowered": {n: results[n]["autogroups_lowered"] for n in labels},
        "sessions_get_own_autogroups": split,
        "load_before": round(load_before[0], 2), "load_after": round(load_after[0], 2),
        "targets": {"p95_ratio_top": {"max": TARGET_P95_RATIO, "n": levels[-1],
                                      "pass": p95_ratio <= TARGET_P95_RATIO and levels[-1] >= 20
                                      and not unanswered_any}},
    })
    common.last_line(figures)
    return 0


if __name__ == "__main__":
    sys.exit(main())
