"""The app process freezes what survives full collections, so later ones walk only young objects."""
from __future__ import annotations

import gc

import pytest

from components import heap


@pytest.fixture()
def fresh_heap(monkeypatch):
    monkeypatch.setitem(heap._state, "runs", 0)
    monkeypatch.setitem(heap._state, "collected", False)
    gc.unfreeze()
    yield
    gc.unfreeze()  # leave the test process as it was


def test_the_first_run_freezes_the_heap(fresh_heap):
    assert gc.get_freeze_count() == 0
    heap.after_run()
    assert gc.get_freeze_count() > 0


def test_a_later_run_freezes_only_after_python_made_a_full_collection(fresh_heap):
    heap.after_run()
    frozen = gc.get_freeze_count()
    young = [[i] for i in range(1000)]  # survivors created after the first freeze
    heap.after_run()
    assert gc.get_freeze_count() == frozen  # no full collection since: nothing more is frozen
    gc.collect()  # stands in for one of Python's own full collections (the callback sees it)
    heap.after_run()
    assert gc.get_freeze_count() >= frozen + len(young)


def test_the_callback_is_installed_once():
    heap.install()
    heap.install()
    assert gc.callbacks.count(heap._note_full_collection) == 1
