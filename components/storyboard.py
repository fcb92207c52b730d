"""'Add to storyboard' for the map, compare and trends pages.

    add_to_storyboard("trends", params)   # params = the page's query params (its permalink)

Renders a popover with a title, a speaker note and the storyboard to add to (an existing one or a
new name); saving stores the view (page key + params) as a slide in sammanhallen.presenter.storyboard.
"""
from __future__ import annotations

import streamlit as st

from sammanhallen.presenter.storyboard import StoryboardStore

from components import db
from components.i18n import lang, t
from components.registry import PAGES_BY_KEY

DEFAULT_BOARD = "Styrgruppsmöte"


@st.cache_data(show_spinner=False, max_entries=128)
def _chart_title(page_key: str, params: tuple, language: str, db_mtime: float) -> str:
    from sammanhallen.views import view_module
    module = view_module(page_key)
    if hasattr(module, "title"):  # without drawing the chart
        return module.title(db.current_connection(), dict(params), language)
    return module.chart(db.current_connection(), dict(params), language).title


def suggested_title(page_key: str, params: dict) -> str:
    """The view's chart title (what the slide will show), else the page's name."""
    try:
        title = _chart_title(page_key, tuple(sorted((str(k), str(v)) for k, v in params.items())), lang(),
                             db.data_version())
        if isinstance(title, str) and title.strip():
            return title.strip()
    except Exception:  # a view that cannot render must not hide the control; the page name will do
        pass
    spec = PAGES_BY_KEY.get(page_key)
    return t(spec.title_sv, spec.title_en) if spec else page_key


def _prefill_title(page_key: str, params: dict) -> None:
    """Put the suggested title in the title field unless the user has written their own."""
    key, auto_key = f"sb-{page_key}-title", f"sb-{page_key}-title-auto"
    current = st.session_state.get(key, "")
    if current and current != st.session_state.get(auto_key):
        return  # the user's own title wins
    suggestion = suggested_title(page_key, params)
    st.session_state[key] = suggestion
    st.session_state[auto_key] = suggestion


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
        _prefill_title(page_key, params)
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
