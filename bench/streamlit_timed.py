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
"""
from __future__ import annotations

import gc
import json
import os
import sys
import threading
import time

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
    from streamlit.web import cli

    sys.argv = ["streamlit", *sys.argv[1:]]
    sys.exit(cli.main())
