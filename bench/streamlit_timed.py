"""Bench only: ``streamlit run`` that writes each rerun's server response time to a file.

    BENCH_SERVER_TIMING=/tmp/x.jsonl python bench/streamlit_timed.py run app.py --server.port …

A response time runs from the moment the server handles a session's rerun request
(``BackMsg.rerun_script``) to the moment that run's ``ForwardMsg.script_finished`` is queued for the
browser; requests that arrive while a run is pending count from the first. Only the server's own work and
its queueing are in it: not the browser drawing the page. One JSON line per run:
``{"session": id, "start": monotonic seconds, "ms": response time, "run": page (and "(widgets)")}`` (``time.monotonic`` is the system's
clock, so the benchmark can window the lines by its own time), and one line when a request starts waiting
(``{"session", "start", "request"}``), so a request the server never answered shows. A garbage
collection of 10 ms or more writes ``{"gc": generation, "start", "gc_ms"}``: it holds every session's run.

Where a run's time went: one line per script execution (``{"session", "start", "script_ms", "cpu_ms",
"runq_ms", "slot_ms"}``): its wall time in the script thread, the CPU that thread used, the time the thread
was ready but the kernel ran something else (``/proc/thread-self/schedstat``), and the wait for a run slot
(``components/run_slots.py``). What is left is mostly the interpreter lock held by other threads.
"""
from __future__ import annotations

import gc
import json
import os
import sys
import threading
import time
from contextlib import contextmanager
from pathlib import Path

_lock = threading.Lock()
_pending: dict[str, tuple[float, str]] = {}


def install(out_path: str) -> None:
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
    from streamlit.runtime.app_session import AppSession

    handle, enqueue = AppSession.handle_backmsg, AppSession._enqueue_forward_msg

    def handle_backmsg(self, msg):
        if msg.WhichOneof("type") == "rerun_script":
            rerun = msg.rerun_script
            what = rerun.page_name or rerun.page_script_hash[:8] or "?"
            if rerun.widget_states.widgets:
                what += " (widgets)"
            with _lock:
                if self.id not in _pending:
                    _pending[self.id] = (time.monotonic(), what)
                    _write(out_path, {"session": self.id, "start": _pending[self.id][0], "request": what})
        return handle(self, msg)

    def enqueue_forward_msg(self, msg):
        if (msg.WhichOneof("type") == "script_finished"
                and msg.script_finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN):
            with _lock:
                pending = _pending.pop(self.id, None)
                if pending is not None:
                    start, what = pending
                    _write(out_path, {"session": self.id, "start": start, "ms": (time.monotonic() - start) * 1000,
                                      "run": what})
        return enqueue(self, msg)

    AppSession.handle_backmsg = handle_backmsg
    AppSession._enqueue_forward_msg = enqueue_forward_msg
    gc.callbacks.append(_gc_timer(out_path))
    _time_script_runs(out_path)


_local = threading.local()


def _runqueue_s() -> float:
    """Seconds this thread has spent ready to run but waiting for a CPU (0 where the kernel does not say)."""
    try:
        with open("/proc/thread-self/schedstat", encoding="ascii") as f:
            return int(f.read().split()[1]) / 1e9
    except (OSError, IndexError, ValueError):
        return 0.0


def _time_script_runs(out_path: str) -> None:
    from streamlit.runtime.scriptrunner.script_runner import ScriptRunner

    sys.path.insert(0, os.getcwd())  # the app's folder: the same components.run_slots the script imports
    from components import run_slots

    run_script, held = ScriptRunner._run_script, run_slots.RunSlots.held

    def timed_run_script(self, rerun_data):
        _local.slot_s = 0.0
        start, cpu, runq = time.monotonic(), time.thread_time(), _runqueue_s()
        try:
            return run_script(self, rerun_data)
        finally:
            _write(out_path, {"session": self._session_id, "start": start,
                              "script_ms": (time.monotonic() - start) * 1000,
                              "cpu_ms": (time.thread_time() - cpu) * 1000,
                              "runq_ms": (_runqueue_s() - runq) * 1000,
                              "slot_ms": getattr(_local, "slot_s", 0.0) * 1000})

    def timed_held(self):
        waited = time.monotonic()
        with held(self):
            _local.slot_s = getattr(_local, "slot_s", 0.0) + time.monotonic() - waited
            yield

    ScriptRunner._run_script = timed_run_script
    run_slots.RunSlots.held = contextmanager(timed_held)


def _gc_timer(out_path: str):
    started = [0.0]

    def on_gc(phase: str, info: dict) -> None:
        if phase == "start":
            started[0] = time.monotonic()
        elif (time.monotonic() - started[0]) * 1000 >= 10:
            _write(out_path, {"gc": info["generation"], "start": started[0],
                              "gc_ms": (time.monotonic() - started[0]) * 1000, "collected": info["collected"]})
    return on_gc


def gc_pauses(path: str, since: float, until: float) -> list[float]:
    """Garbage collections of 10 ms or more within [since, until], in ms."""
    return [r["gc_ms"] for r in _rows(path) if "gc_ms" in r and since <= r["start"] <= until]


def run_parts(path: str, since: float, until: float) -> dict[str, float]:
    """The script threads' time within [since, until], summed over runs, in ms: CPU used, ready but not
    running (the kernel ran something else), and waiting for a run slot."""
    rows = [r for r in _rows(path) if "script_ms" in r and since <= r["start"] <= until]
    return {key: round(sum(r[key] for r in rows), 1) for key in ("script_ms", "cpu_ms", "runq_ms", "slot_ms")}


def _write(path: str, line: dict) -> None:
    with open(path, "a", encoding="utf-8") as out:
        out.write(json.dumps(line) + "\n")


def _rows(path: str) -> list[dict]:
    try:
        lines = open(path, encoding="utf-8").read().splitlines()
    except FileNotFoundError:
        return []
    return [json.loads(line) for line in lines if line.strip()]


def read(path: str, since: float, until: float) -> list[float]:
    """Response times (ms) of the runs that started within [since, until]."""
    return [r["ms"] for r in _rows(path) if "ms" in r and since <= r["start"] <= until]


def unanswered(path: str, since: float, until: float) -> int:
    """Rerun requests handled within [since, until] whose run never finished: the server's own failures
    (a browser too slow to click at all sent no request and is not counted here)."""
    rows = [r for r in _rows(path) if since <= r["start"] <= until]
    finished = {(r["session"], r["start"]) for r in rows if "ms" in r}
    return sum(1 for r in rows if "request" in r and (r["session"], r["start"]) not in finished)


if __name__ == "__main__":
    install(os.environ["BENCH_SERVER_TIMING"])
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    import serve  # the app's own launcher (as make run), so the bench serves what users get

    sys.exit(serve.main(sys.argv[1:]))
