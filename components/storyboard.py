"""'Add to storyboard' for the map, compare and trends pages.

    add_to_storyboard("trends", params)   # params = the page's query params (its permalink)

Renders a popover with a title, a speaker note and the storyboard to add to (an existing one or a
new name); saving stores the view (page key + params) as a slide in sammanhallen.storyboard.
"""
from __future__ import annotations

import streamlit as st

from sammanhallen.storyboard import StoryboardStore

from .i18n import t

DEFAULT_BOARD = "Styrgruppsmöte"


def store() -> StoryboardStore:
    """A store reading DASHBOARD_USER_DIR at call time (so tests and restarts see the same files)."""
    return StoryboardStore()


def _save(page_key: str, params: dict) -> None:
    prefix = f"sb-{page_key}"
    title = st.session_state.get(f"{prefix}-title", "").strip()
    note = st.session_state.get(f"{prefix}-note", "")
    new_name = st.session_state.get(f"{prefix}-new", "").strip()
    name = new_name or st.session_state.get(f"{prefix}-board") or DEFAULT_BOARD
    if not title:
        st.session_state[f"{prefix}-message"] = ("error", t("Ge bilden en rubrik.", "Give the slide a title."))
        return
    store().add_slide(name, page_key, params, title, note)
    count = len(store().load(name).slides)
    st.session_state[f"{prefix}-message"] = (
        "success", t(f"Sparad som bild {count} i ”{name}”.", f"Saved as slide {count} in “{name}”."))
    for field in ("title", "note", "new"):
        st.session_state[f"{prefix}-{field}"] = ""


def add_to_storyboard(page_key: str, params: dict) -> None:
    """Render the control that saves the current view (page + params) as a slide."""
    prefix = f"sb-{page_key}"
    names = store().names() or [DEFAULT_BOARD]
    with st.popover(t("+ Lägg till i bildserie", "+ Add to storyboard"), key=f"{prefix}-popover"):
        st.caption(t("Sparar vyn som den ser ut nu (alla val) som en bild att visa i presentationsläget.",
                     "Saves the view as it is now (all choices) as a slide to show in presenter mode."))
        st.text_input(t("Rubrik på bilden", "Slide title"), key=f"{prefix}-title")
        st.text_area(t("Talarmanus (syns bara för dig)", "Speaker note (only you see it)"), key=f"{prefix}-note", height=90)
        st.selectbox(t("Bildserie", "Storyboard"), names, key=f"{prefix}-board")
        st.text_input(t("…eller en ny bildserie med namnet", "…or a new storyboard named"), key=f"{prefix}-new")
        st.button(t("Spara bilden", "Save slide"), key=f"{prefix}-save", type="primary",
                  on_click=_save, args=(page_key, dict(params)))
        message = st.session_state.pop(f"{prefix}-message", None)
        if message:
            kind, text = message
            (st.success if kind == "success" else st.error)(text)
