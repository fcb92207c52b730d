"""Presenter state: which storyboard, which slide, which screen size; read from st.query_params
on first load and written back on every change, so a presentation position is a link too."""
from __future__ import annotations

import streamlit as st

from components import permalink
from components.i18n import t
from components.presenter.slide import SCREENS

BOARD, INDEX, EDIT, SCREEN = "presenter-board", "presenter-index", "presenter-edit", "presenter-screen"


def seed(names: list[str]) -> None:
    if st.session_state.get(BOARD) not in names:
        wanted = permalink.value("board")
        st.session_state[BOARD] = wanted if wanted in names else names[0]
    if INDEX not in st.session_state:
        raw = permalink.value("slide", "1")
        st.session_state[INDEX] = int(raw) - 1 if raw.isdigit() and int(raw) > 0 else 0
    if SCREEN not in st.session_state:
        screen = permalink.value("screen")
        st.session_state[SCREEN] = screen if screen in SCREENS else next(iter(SCREENS))
    if EDIT not in st.session_state:
        st.session_state[EDIT] = permalink.value("edit") == "1"


def step(delta: int, count: int) -> None:
    st.session_state[INDEX] = max(0, min(count - 1, st.session_state.get(INDEX, 0) + delta))


def _board_changed() -> None:
    st.session_state[INDEX] = 0


def top_bar(names: list[str], count: int):
    """Storyboard picker, ◀ n / N ▶, edit toggle, exit; returns the column kept for the notes."""
    index = st.session_state[INDEX] = max(0, min(count - 1, st.session_state.get(INDEX, 0))) if count else 0
    pick, prev, counter, nxt, notes, edit, leave = st.columns([3, 1, 1, 1, 1.6, 1.6, 1.2], vertical_alignment="center")
    pick.selectbox(t("Bildserie", "Storyboard"), names, key=BOARD, label_visibility="collapsed", on_change=_board_changed)
    prev.button("◀", key="presenter-prev", help=t("Föregående (←)", "Previous (←)"), width="stretch",
                disabled=index <= 0, on_click=step, args=(-1, count))
    with counter.container(key="presenter-counter"):
        st.markdown(f"{index + 1 if count else 0} / {count}")
    nxt.button("▶", key="presenter-next", help=t("Nästa (→)", "Next (→)"), width="stretch",
               disabled=index >= count - 1, on_click=step, args=(1, count))
    edit.toggle(t("Redigera", "Edit"), key=EDIT)
    leave.page_link("pages/home.py", label=t("Avsluta ✕", "Exit ✕"))
    return notes


def write_query_params() -> None:
    wanted = {"board": st.session_state[BOARD], "slide": str(st.session_state[INDEX] + 1),
              "screen": st.session_state[SCREEN], "edit": "1" if st.session_state[EDIT] else ""}
    permalink.write(wanted)
