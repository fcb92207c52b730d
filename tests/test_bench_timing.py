"""The sessions benchmark's clocks: a rerun's response time on the server, its round trip in the browser."""
from __future__ import annotations

import asyncio
import base64
import json
import sys
import time
from pathlib import Path

import pytest
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))

import bench_sessions  # noqa: E402
import streamlit_timed  # noqa: E402


def _frame(msg, t: float) -> dict:
    return {"timestamp": t, "response": {"opcode": 2, "payloadData": base64.b64encode(msg.SerializeToString()).decode()}}


def _rerun() -> BackMsg:
    msg = BackMsg()
    msg.rerun_script.query_string = ""
    return msg


def _finished(status=ForwardMsg.FINISHED_SUCCESSFULLY) -> ForwardMsg:
    msg = ForwardMsg()
    msg.script_finished = status
    return msg


def test_round_trip_runs_from_the_first_request_to_the_last_finished_run():
    wire = bench_sessions.Wire()
    wire.on_sent(_frame(_rerun(), 10.0))
    wire.on_received(_frame(_finished(ForwardMsg.FINISHED_EARLY_FOR_RERUN), 10.1))  # cut short: not the end
    wire.on_sent(_frame(_rerun(), 10.2))  # a chained rerun of the same interaction
    wire.on_received(_frame(_finished(), 10.5))
    wire.on_received({"timestamp": 10.6, "response": {"opcode": 1, "payloadData": "text"}})  # not Streamlit's
    assert wire.round_trip_ms(9.0) == 500.0
    assert wire.round_trip_ms(10.55) is None  # nothing sent since
    heartbeat = BackMsg()
    heartbeat.app_heartbeat = True
    wire.on_sent(_frame(heartbeat, 11.0))  # only rerun requests start an interaction
    assert wire.round_trip_ms(10.55) is None


def test_a_run_counts_as_answered_once_a_request_after_the_start_has_finished():
    # The page can miss a 50 ms run altogether when its tab is starved; the wire cannot.
    wire = bench_sessions.Wire()
    wire.on_sent(_frame(_rerun(), 5.0))
    wire.on_received(_frame(_finished(), 5.2))
    assert not wire.answered(6.0)  # that run was before the interaction
    wire.on_sent(_frame(_rerun(), 6.1))
    assert not wire.answered(6.0)  # requested, still running
    wire.on_received(_frame(_finished(ForwardMsg.FINISHED_EARLY_FOR_RERUN), 6.2))
    assert not wire.answered(6.0)  # cut short for another rerun: not an answer
    wire.on_received(_frame(_finished(), 6.3))
    assert wire.answered(6.0)


def test_server_timing_lines_are_windowed_by_start(tmp_path):
    path = tmp_path / "timing.jsonl"
    path.write_text("\n".join(json.dumps({"session": "s", "start": t, "ms": ms})
                              for t, ms in ((1.0, 10.0), (2.0, 20.0), (3.0, 30.0))) + "\n")
    assert streamlit_timed.read(str(path), 1.5, 3.0) == [20.0, 30.0]
    assert streamlit_timed.read(str(tmp_path / "missing.jsonl"), 0, 9) == []


def test_summary_puts_the_server_figure_first_and_counts_failures():
    log = [("open_home", 900.0, 300.0), ("open_map", 700.0, 200.0), ("change_year", None, None, "Timeout: x")]
    summary = bench_sessions.summarise(log, [100.0, 120.0, 400.0])
    assert summary["interactions"] == 2 and summary["failed"] == 1 and summary["errors"] == ["Timeout: x"]
    assert summary["server"]["median_ms"] == 120.0 and summary["round_trip"]["median_ms"] == 250.0
    assert summary["round_trip_by_kind_ms"] == {"open_home": 300, "open_map": 200}


def test_a_request_without_a_finished_run_counts_as_unanswered(tmp_path):
    path = tmp_path / "timing.jsonl"
    lines = [{"session": "a", "start": 1.0, "request": "?"}, {"session": "a", "start": 1.0, "ms": 50.0, "run": "?"},
             {"session": "b", "start": 2.0, "request": "map"},  # never finished
             {"session": "a", "start": 3.0, "request": "map"}, {"session": "a", "start": 3.0, "ms": 80.0, "run": "map"}]
    path.write_text("\n".join(json.dumps(line) for line in lines) + "\n")
    assert streamlit_timed.unanswered(str(path), 0.0, 9.0) == 1
    assert streamlit_timed.unanswered(str(path), 2.5, 9.0) == 0
    assert streamlit_timed.read(str(path), 0.0, 9.0) == [50.0, 80.0]  # request lines are not response times


def test_sessions_pause_between_steps_as_people_do_not_in_step():
    # Sessions that open together must not keep clicking in the same instant, or every step reaches the one
    # server process as a burst of identical runs; a run must still repeat (seeded per session).
    first, second, again = (bench_sessions.pause(i, "random") for i in (0, 1, 0))
    pauses = [first() for _ in range(50)]
    assert pauses == [again() for _ in range(50)]
    assert pauses != [second() for _ in range(50)]
    assert all(bench_sessions.THINK_MIN_S <= p <= bench_sessions.THINK_MAX_S for p in pauses)
    assert max(pauses) - min(pauses) > 0.5


def test_sessions_stress_pacing_keeps_the_old_fixed_think_times():
    fixed = [bench_sessions.pause(i, "fixed")() for i in range(10)]
    assert fixed == pytest.approx([1.0, 1.1, 1.2, 1.3, 1.4] * 2)


def test_server_timing_records_long_garbage_collections(tmp_path):
    out = tmp_path / "timing.jsonl"
    on_gc = streamlit_timed._gc_timer(str(out))
    on_gc("start", {"generation": 2})
    time.sleep(0.02)
    on_gc("stop", {"generation": 2, "collected": 5})
    on_gc("start", {"generation": 0})
    on_gc("stop", {"generation": 0, "collected": 0})  # a short one is not written
    pauses = streamlit_timed.gc_pauses(str(out), 0, time.monotonic())
    assert len(pauses) == 1 and pauses[0] >= 20
    assert streamlit_timed.read(str(out), 0, time.monotonic()) == []  # not counted as a run


def test_server_timing_sums_where_the_script_threads_time_went(tmp_path):
    out = tmp_path / "timing.jsonl"
    lines = [
        {"session": "a", "start": 10.0, "script_ms": 300.0, "cpu_ms": 30.0, "runq_ms": 250.0, "slot_ms": 0.0},
        {"session": "b", "start": 11.0, "script_ms": 200.0, "cpu_ms": 25.0, "runq_ms": 5.0, "slot_ms": 150.0},
        {"session": "c", "start": 99.0, "script_ms": 50.0, "cpu_ms": 40.0, "runq_ms": 1.0, "slot_ms": 0.0},
        {"session": "a", "start": 10.0, "ms": 310.0, "run": "?"},
    ]
    out.write_text("".join(json.dumps(line) + "\n" for line in lines))
    parts = streamlit_timed.run_parts(str(out), 0, 50)
    assert parts == {"script_ms": 500.0, "cpu_ms": 55.0, "runq_ms": 255.0, "slot_ms": 150.0}
    assert streamlit_timed.read(str(out), 0, 50) == [310.0]  # a script line is not a response


@pytest.mark.skipif(not bench_sessions.sessions_get_own_autogroups(),
                    reason="a new session gets no autogroup of its own here (no autogroups, or a cgroup)")
def test_the_browsers_autogroup_is_put_below_the_servers():
    import os
    import subprocess

    own = bench_sessions._autogroup(os.getpid())
    apart = subprocess.Popen(["sleep", "30"], start_new_session=True)   # as Chromium starts
    beside = subprocess.Popen(["sleep", "30"])                          # in the "server's" group
    try:
        time.sleep(0.1)
        assert bench_sessions._autogroup(apart.pid)[0] != own[0]
        clients = [apart.pid, beside.pid]  # not every child of pytest: other tests' servers stay as they are
        lowered = bench_sessions.lower_client_autogroups(server_pid=os.getpid(), clients=clients)
        assert lowered == {bench_sessions._autogroup(apart.pid)[0]}
        assert bench_sessions._autogroup(apart.pid)[1] == 19
        assert bench_sessions._autogroup(beside.pid) == own == bench_sessions._autogroup(os.getpid())
        assert bench_sessions.lower_client_autogroups(server_pid=os.getpid(), clients=clients) == set()  # already low
    finally:
        for proc in (apart, beside):
            proc.kill()
            proc.wait()


def test_no_autogroup_file_means_nothing_to_lower(monkeypatch):
    # In a CI container the processes sit in a cgroup, /proc/<pid>/autogroup is empty, and the kernel
    # shares CPU by cgroup: the bench must neither claim nor expect lowered groups there.
    monkeypatch.setattr(bench_sessions, "_autogroup", lambda pid: None)
    assert bench_sessions.sessions_get_own_autogroups() is False
    assert bench_sessions.lower_client_autogroups(server_pid=1, clients=[1]) == set()


def _run(coroutine):
    """asyncio.run in a thread of its own: a browser test's Playwright may hold this thread's loop."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


class _Tab:
    """A tab whose recorder log and clock are given (bench_sessions reads both with one evaluate)."""

    def __init__(self, log, now):
        self.log, self.now = log, now

    async def evaluate(self, _script):
        return [self.log, self.now]


def test_settled_is_the_last_state_change_after_the_action():
    tab = _Tab([[100.0, "notRunning"], [1_000.0, "running"], [1_250.0, "notRunning"]], now=2_000.0)
    assert _run(bench_sessions.settled_since(tab, 900.0)) == 1_250.0


def test_a_run_the_page_never_showed_has_no_settled_time_not_a_negative_one():
    import math

    # The wire saw the run answered, but the page's last change was the previous interaction's.
    tab = _Tab([[100.0, "notRunning"], [300.0, "running"], [400.0, "notRunning"]], now=2_000.0)
    settled = _run(bench_sessions.settled_since(tab, 900.0, wire_ran=lambda: True))
    assert math.isnan(settled)
    summary = bench_sessions.summarise([("open_map", settled, 80.0), ("change_year", 500.0, 90.0)], [50.0])
    assert summary["interactions"] == 2 and summary["failed"] == 0 and summary["settled_unseen"] == 1
    assert summary["settled"]["n"] == 1 and summary["settled"]["median_ms"] == 500.0
