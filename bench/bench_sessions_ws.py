"""Concurrent sessions without browsers: the sessions benchmark's script replayed over plain websockets.

``bench_sessions.py`` drives N headless Chromium tabs, and on a 2-core machine those tabs take CPU the
server then lacks: its round-trip figure measures starved software-rendering tabs as much as the
server. Here one Chromium session runs the same script of interactions once (open the dashboard, open
the map, change the year, change the measure, open compare, open trends) while the rerun requests it
sends are recorded; the browser is then closed, and N clients replay those requests on websockets of
their own, each round in a new session, with the same think times. What is measured is what a user's
own computer would wait for: from sending an interaction's first rerun request to the last run it
caused finishing (``script_finished``), on this process's clock, plus the server's own response time
(``bench/streamlit_timed.py``).

The replayed requests are the recorded browser's own (its widget states, page hashes and the message
hashes it had cached), so every client asks for exactly what that browser asked for. Bounded:
``--rounds`` per client, a time limit per N; the server is stopped at the end, always.

Prints median and p95 per N and their ratios to N = 1; the last line is one JSON object of the figures.

    python bench/bench_sessions_ws.py [--quick] [--sessions 1,5,20] [--rounds 3]
"""
from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_sessions  # noqa: E402
import common  # noqa: E402
import streamlit_timed  # noqa: E402

from components.registry import PAGES  # noqa: E402

BASE_ROUNDS = 5
PAGE_KEYS = [spec.key for spec in PAGES]
RUN_TIMEOUT_S = 60.0


def record_script(url: str, n_steps: int) -> list[tuple[str, list[bytes]]]:
    """One browser session through the script: (interaction, the rerun requests it sent) in order."""
    recording: list[tuple[str, list[bytes]]] = []
    log = asyncio.run(bench_sessions.run_level(url, 1, 1, 180.0, n_steps, recording=recording))
    failed = [entry for entry in log if entry[1] is None]
    if failed:
        raise RuntimeError(f"the recording session failed: {failed}")
    return recording


async def _run_finished(ws, finished_type, received: list[bytes]) -> None:
    """Read the server's messages into ``received`` until a script run finishes (not one ended early
    for a newer rerun)."""
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    while True:
        payload = await ws.recv()
        if not isinstance(payload, bytes):
            continue
        received.append(payload)
        msg = ForwardMsg()
        msg.ParseFromString(payload)
        if msg.WhichOneof("type") == "script_finished" and msg.script_finished != finished_type:
            return


async def replay_session(ws_url: str, recording: list, index: int, rounds: int, stop_at: float, log: list) -> None:
    """One client: ``rounds`` times, a new session that sends each interaction's requests after a pause."""
    import websockets
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    think = bench_sessions.pause(index, "random")
    for _ in range(rounds):
        if time.monotonic() > stop_at:
            return
        try:
            async with websockets.connect(ws_url, subprotocols=["streamlit"], max_size=None) as ws:
                for step, (name, requests) in enumerate(recording):
                    if time.monotonic() > stop_at:
                        return
                    if step:
                        await asyncio.sleep(think())
                    t0, received = time.perf_counter(), []
                    for request in requests:
                        await ws.send(request)
                        await asyncio.wait_for(_run_finished(ws, ForwardMsg.FINISHED_EARLY_FOR_RERUN, received),
                                               RUN_TIMEOUT_S)
                    ms = (time.perf_counter() - t0) * 1000
                    # Which page answered: its keyed main container (components/page.py) is in the reply.
                    pages = sorted({key for key in PAGE_KEYS if f"page-{key}".encode() in b"".join(received)})
                    log.append((name, ms, sum(map(len, received)), pages))
        except Exception as exc:  # noqa: BLE001 - counted and reported
            log.append(("error", None, f"{type(exc).__name__}: {str(exc)[:120]}", None))


async def run_level(ws_url: str, recording: list, n: int, rounds: int, limit_s: float) -> list:
    log: list = []
    stop_at = time.monotonic() + limit_s
    await asyncio.gather(*(replay_session(ws_url, recording, i, rounds, stop_at, log) for i in range(n)))
    return log


def summarise(log: list, server_ms: list[float]) -> dict:
    ok = [entry for entry in log if entry[1] is not None]
    by_kind: dict[str, list[float]] = {}
    pages: dict[str, set] = {}
    for name, ms, _, answered_by in ok:
        by_kind.setdefault(name, []).append(ms)
        pages.setdefault(name, set()).update(answered_by)
    return {
        "interactions": len(ok), "failed": len(log) - len(ok),
        "round_trip": bench_sessions._stats([entry[1] for entry in ok]),
        "received_kib_median": round(statistics.median([entry[2] for entry in ok]) / 1024, 1) if ok else None,
        "pages_by_kind": {k: sorted(v) for k, v in pages.items()},
        "server": bench_sessions._stats(server_ms),
        "round_trip_by_kind_ms": {k: round(statistics.median(v)) for k, v in by_kind.items()},
        "errors": sorted({entry[2] for entry in log if entry[1] is None})[:5],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="N = 1, 2; one round of open + map (for tests)")
    parser.add_argument("--sessions", default="1,5,20")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--limit", type=float, default=240.0, help="seconds per N, all clients together")
    args = parser.parse_args(argv)
    levels = [1, 2] if args.quick else [int(x) for x in args.sessions.split(",")]
    rounds = 1 if args.quick else args.rounds
    n_steps = 1 if args.quick else 5
    if not Path(bench_sessions.CHROMIUM).exists():  # the one recording session needs it
        common.last_line({"benchmark": "sessions_ws", "error": "Chromium missing at /usr/bin/chromium"})
        return 0

    proc, url, timing = bench_sessions.start_timed_server()
    ws_url = url.replace("http://", "ws://") + "/_stcore/stream"
    results: dict[str, dict] = {}
    try:
        recording = record_script(url, n_steps)  # also the warm-up: every page once, caches filled
        asyncio.run(run_level(ws_url, recording, 1, 1, 120.0))  # the replay path warmed too, not counted
        for n in levels:
            level_rounds = max(rounds, BASE_ROUNDS) if n == 1 and not args.quick else rounds
            t0, cpu0 = time.monotonic(), bench_sessions.cpu_seconds(proc.pid)
            log = asyncio.run(run_level(ws_url, recording, n, level_rounds, 90.0 if args.quick else args.limit))
            t1 = time.monotonic()
            time.sleep(1)
            results[str(n)] = summarise(log, streamlit_timed.read(timing, t0, t1))
            results[str(n)].update(unanswered=streamlit_timed.unanswered(timing, t0, t1), rounds=level_rounds,
                                   wall_s=t1 - t0, server_cpu_s=bench_sessions.cpu_seconds(proc.pid) - cpu0)
            print(f"N={n}: {results[str(n)]['interactions']} interactions in {t1 - t0:.0f} s", file=sys.stderr, flush=True)
    finally:
        bench_sessions.stop_server(proc)

    labels = [str(n) for n in levels]
    base, top = labels[0], labels[-1]

    def ratio(label: str, kind: str, stat: str) -> float:
        return results[label][kind][stat] / results[base][kind][stat] if results[base][kind][stat] else float("nan")

    p95_ratio = ratio(top, "round_trip", "p95_ms")
    print("| N | interactions | per second | failed | unanswered | round trip median ms | p95 ms | p95 × | "
          "server p95 ms | p95 × | server CPU s | wall s |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for n in labels:
        r = results[n]
        print(f"| {n} | {r['interactions']} | {r['interactions'] / r['wall_s']:.1f} | {r['failed']} | {r['unanswered']} | "
              f"{r['round_trip']['median_ms']:.0f} | {r['round_trip']['p95_ms']:.0f} | {ratio(n, 'round_trip', 'p95_ms'):.1f}× | "
              f"{r['server']['p95_ms']:.0f} | {ratio(n, 'server', 'p95_ms'):.1f}× | {r['server_cpu_s']:.0f} | {r['wall_s']:.0f} |")
    print()
    print("round trip median per interaction (ms): " + "; ".join(
        f"N={n}: " + ", ".join(f"{k} {v}" for k, v in results[n]["round_trip_by_kind_ms"].items()) for n in labels))
    print(f"\nRound trip without browsers at N={top}: p95 {p95_ratio:.1f}× N={base}, median "
          f"{ratio(top, 'round_trip', 'median_ms'):.1f}×; server response p95 {ratio(top, 'server', 'p95_ms'):.1f}× "
          f"({len(recording)} interactions recorded from one browser session, replayed on {os.cpu_count()} cores)")
    for n in labels:
        for e in results[n]["errors"]:
            print(f"ERROR N={n}: {e}")
    common.last_line({
        "benchmark": "sessions_ws", "quick": args.quick, "levels": levels, "rounds": rounds,
        "recorded": [name for name, _ in recording],
        "interactions": {n: results[n]["interactions"] for n in labels},
        "interactions_per_s": {n: round(results[n]["interactions"] / results[n]["wall_s"], 2) for n in labels},
        "failed": {n: results[n]["failed"] for n in labels},
        "unanswered": {n: results[n]["unanswered"] for n in labels},
        "round_trip_median_ms": {n: round(results[n]["round_trip"]["median_ms"], 1) for n in labels},
        "round_trip_p95_ms": {n: round(results[n]["round_trip"]["p95_ms"], 1) for n in labels},
        "server_p95_ms": {n: round(results[n]["server"]["p95_ms"], 1) for n in labels},
        "round_trip_by_kind_ms": {n: results[n]["round_trip_by_kind_ms"] for n in labels},
        "pages_by_kind": results[top]["pages_by_kind"],
        "received_kib_median": {n: results[n]["received_kib_median"] for n in labels},
        "p95_ratio": round(p95_ratio, 2),
        "targets": {},  # the target is on browser sessions (bench_sessions.py); this one is a measurement
        "errors": [e for n in labels for e in results[n]["errors"]],
    })
    return 0


if __name__ == "__main__":
    random.seed(0)
    sys.exit(main())
