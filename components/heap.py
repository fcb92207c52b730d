"""The app process's long-lived objects, moved out of the garbage collector's way.

Streamlit's forced collection after every run is off (.streamlit/config.toml), but Python's own full
collections still come: each walks every object in the process (modules, cached frames, map geometry)
and held the interpreter lock for up to about 200 ms as the heap grew, so every session's run waited
(bench/bench_sessions.py). So what has survived a full collection is frozen (``gc.freeze``) and later
full collections walk only younger objects: once after the process's first run (imports done), and
after each full collection Python makes on its own, at the end of the next script run. Freezing right
after a collection keeps garbage out of the frozen set; frozen objects are still freed by reference
counting when no longer used.
"""
from __future__ import annotations

import gc
import threading

_lock = threading.Lock()
_state = {"runs": 0, "collected": False}


def _note_full_collection(phase: str, info: dict) -> None:
    if phase == "stop" and info.get("generation") == 2:
        _state["collected"] = True


def install() -> None:
    """Watch Python's full collections (once per process)."""
    if _note_full_collection not in gc.callbacks:
        gc.callbacks.append(_note_full_collection)


def after_run() -> None:
    """Called when a script run ends: freeze the heap after the first run and after a full collection."""
    with _lock:
        _state["runs"] += 1
        if _state["runs"] == 1:
            gc.collect()  # once, at start-up: the imported modules are most of the heap
            gc.freeze()
        elif _state["collected"]:
            gc.freeze()
        _state["collected"] = False


install()
