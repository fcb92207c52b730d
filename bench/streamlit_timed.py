"""Bench only: ``streamlit run`` that writes each rerun's server response time to a file.

    BENCH_SERVER_TIMING=/tmp/x.jsonl python bench/streamlit_timed.py run app.py --server.port …

A response time runs from the moment the server handles a session's rerun request
(``BackMsg.rerun_script``) to the moment that run's ``ForwardMsg.script_finished`` is queued for the
browser; requests that arrive while a run is pending count from the first. Only the server's own work and
its queueing are in it: not the browser drawing the page. One JSON line per run:
``{"session": id, "start": monotonic seconds, "ms": response time, "run": page (and "(widgets)")}`` (``time.monotonic`` is the system's
clock, so the benchmark can window the lines by its own time).
"""
from __future__ import annotations

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
                _pending.setdefault(self.id, (time.monotonic(), what))
        return handle(self, msg)

    def enqueue_forward_msg(self, msg):
        if (msg.WhichOneof("type") == "script_finished"
                and msg.script_finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN):
            with _lock:
                pending = _pending.pop(self.id, None)
                if pending is not None:
                    start, what = pending
                    line = {"session": self.id, "start": start, "ms": (time.monotonic() - start) * 1000, "run": what}
                    with open(out_path, "a", encoding="utf-8") as out:
                        out.write(json.dumps(line) + "\n")
        return enqueue(self, msg)

    AppSession.handle_backmsg = handle_backmsg
    AppSession._enqueue_forward_msg = enqueue_forward_msg


def read(path: str, since: float, until: float) -> list[float]:
    """Response times (ms) of the runs that started within [since, until]."""
    try:
        lines = open(path, encoding="utf-8").read().splitlines()
    except FileNotFoundError:
        return []
    rows = [json.loads(line) for line in lines if line.strip()]
    return [r["ms"] for r in rows if since <= r["start"] <= until]


if __name__ == "__main__":
    install(os.environ["BENCH_SERVER_TIMING"])
    from streamlit.web import cli

    sys.argv = ["streamlit", *sys.argv[1:]]
    sys.exit(cli.main())
