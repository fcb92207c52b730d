"""Sessions' script runs take turns: at most one per slot at once, served in arrival order."""
from __future__ import annotations

import threading
import time

import pytest

from components import run_slots
from components.run_slots import RunSlots

from tests.test_pages import open_page


def _queue_up(slots: RunSlots, names: list[str], hold_s: float = 0.02):
    order, running, peak = [], [0], [0]
    lock = threading.Lock()

    def run(name):
        with slots.held():
            with lock:
                order.append(name)
                running[0] += 1
                peak[0] = max(peak[0], running[0])
            time.sleep(hold_s)
            with lock:
                running[0] -= 1

    threads = []
    for name in names:  # start them one after another, each already waiting before the next
        thread = threading.Thread(target=run, args=(name,))
        thread.start()
        threads.append(thread)
        deadline = time.monotonic() + 5
        while slots.waiting() < len(threads) - slots.slots and time.monotonic() < deadline:
            time.sleep(0.001)
    for thread in threads:
        thread.join(10)
    return order, peak[0]


def test_one_slot_serves_runs_in_arrival_order_one_at_a_time():
    slots = RunSlots(1)
    with slots.held():  # a run in progress: everyone after it queues
        order_holder = {}
        thread = threading.Thread(target=lambda: order_holder.update(result=_queue_up(slots, list("abcdef"))))
        thread.start()
        deadline = time.monotonic() + 5
        while slots.waiting() < 6 and time.monotonic() < deadline:
            time.sleep(0.001)
        assert slots.waiting() == 6
    thread.join(10)
    order, peak = order_holder["result"]
    assert order == list("abcdef")
    assert peak == 1


def test_two_slots_run_two_at_once_and_no_more():
    order, peak = _queue_up(RunSlots(2), [str(i) for i in range(8)], hold_s=0.05)
    assert sorted(order) == [str(i) for i in range(8)]
    assert peak == 2


class _Interrupted(Exception):
    pass


def _until(condition):
    deadline = time.monotonic() + 5
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.001)
    assert condition()


def test_a_waiter_that_fails_leaves_the_queue_and_does_not_block_those_behind_it():
    slots = RunSlots(1)
    fail_for: set[str] = set()
    original_wait = slots._cond.wait

    def wait(timeout=None):
        if threading.current_thread().name in fail_for:
            raise _Interrupted
        return original_wait(0.01)

    slots._cond.wait = wait
    results = {}

    def waiter():
        name = threading.current_thread().name
        try:
            with slots.held():
                results[name] = "ran"
        except _Interrupted:
            results[name] = "interrupted"

    with slots.held():
        first = threading.Thread(target=waiter, name="first")
        first.start()
        _until(lambda: slots.waiting() == 1)
        second = threading.Thread(target=waiter, name="second")
        second.start()
        _until(lambda: slots.waiting() == 2)
        fail_for.add("first")
        first.join(5)
        assert slots.waiting() == 1
    second.join(5)
    assert results == {"first": "interrupted", "second": "ran"}


def test_slot_count_comes_from_the_environment(monkeypatch):
    monkeypatch.setenv("DASHBOARD_CONCURRENT_RUNS", "3")
    assert run_slots._slots_from_env() == 3
    monkeypatch.setenv("DASHBOARD_CONCURRENT_RUNS", "0")
    assert run_slots._slots_from_env() == 1
    monkeypatch.setenv("DASHBOARD_CONCURRENT_RUNS", "two")
    with pytest.raises(ValueError, match="DASHBOARD_CONCURRENT_RUNS must be a whole number, not 'two'"):
        run_slots._slots_from_env()
    monkeypatch.delenv("DASHBOARD_CONCURRENT_RUNS")
    assert run_slots._slots_from_env() >= 1


class _CountingSlots(RunSlots):
    def __init__(self):
        super().__init__(1)
        self.entered = 0

    def held(self):
        self.entered += 1
        return super().held()


def test_every_app_run_takes_a_slot(db_path, monkeypatch):
    counting = _CountingSlots()
    monkeypatch.setattr(run_slots, "_process_slots", counting)
    at = open_page("pages/map.py")
    assert not at.exception
    assert counting.entered == 2  # the home run, then the map page's
    assert counting.waiting() == 0 and counting._free == 1  # released after each run, also after st.switch_page
