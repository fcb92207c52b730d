"""How many sessions' script runs execute at once in this process: at most one per core, the rest wait
their turn in arrival order.

A script run is Python work under the interpreter lock. When many sessions ask at once (a council opening
the dashboard together), Streamlit starts a thread per session and the interpreter hands the lock round
them every few milliseconds, so all of them finish together, when the last would have: eight 45 ms runs
all answer after about 360 ms. Taking turns answers the first after 45 ms and the last still after about
360 ms (bench/bench_sessions.py). One slot per core, not one in all, so that a run waiting on DuckDB,
Pillow or the network (which release the interpreter lock) does not hold every other session back.

DASHBOARD_CONCURRENT_RUNS sets the number (at least 1). A waiting run that is asked to stop or rerun
stops as soon as it gets its turn, at its first Streamlit call.
"""
from __future__ import annotations

import os
import threading
from contextlib import contextmanager


def _slots_from_env() -> int:
    raw = os.environ.get("DASHBOARD_CONCURRENT_RUNS", "").strip()
    if raw:
        try:
            return max(1, int(raw))
        except ValueError:
            raise ValueError(f"DASHBOARD_CONCURRENT_RUNS must be a whole number, not {raw!r}") from None
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1))


class RunSlots:
    """A counting semaphore that serves waiters first come, first served (threading.Semaphore does not
    promise an order, and a run that waited long must not be overtaken again and again)."""

    def __init__(self, slots: int):
        self.slots = slots
        self._cond = threading.Condition()
        self._free = slots
        self._queue: list[object] = []

    @contextmanager
    def held(self):
        ticket = object()
        with self._cond:
            self._queue.append(ticket)
            try:
                while self._free == 0 or self._queue[0] is not ticket:
                    self._cond.wait()
            except BaseException:  # never leave a ticket behind that everyone after it would wait for
                self._queue.remove(ticket)
                self._cond.notify_all()
                raise
            self._queue.pop(0)
            self._free -= 1
            self._cond.notify_all()  # the next in line may take another free slot
        try:
            yield
        finally:
            with self._cond:
                self._free += 1
                self._cond.notify_all()

    def waiting(self) -> int:
        with self._cond:
            return len(self._queue)


_process_slots: RunSlots | None = None
_create = threading.Lock()


def process_slots() -> RunSlots:
    """The process's one RunSlots (module state: Streamlit imports this module once per process)."""
    global _process_slots
    with _create:
        if _process_slots is None:
            _process_slots = RunSlots(_slots_from_env())
        return _process_slots
