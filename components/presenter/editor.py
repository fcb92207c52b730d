"""Presenter edit mode: reorder, edit and delete slides; export the storyboard as .pptx or as a
list of permalinks."""
from __future__ import annotations

from urllib.parse import urlparse

import streamlit as st

from sammanhallen.presenter.pptx import export_pptx, permalink_list
from sammanhallen.presenter.storyboard import Storyboard

from components import db
from components.i18n import lang, t
from components.presenter.slide import link
from components.registry import PAGES, PAGES_BY_KEY
from components.storyboard import store

URL_PATHS = {p.key: p.url_path for p in PAGES}


def base_url() -> str:
    try:
        parts = urlparse(st.context.url or "")
        if parts.scheme and parts.netloc:
            return f"{parts.scheme}://{parts.netloc}"
    except Exception:  # outside a browser session (AppTest)
        pass
    return "http://localhost:8501"


def _move(name: str, slide_id: str, delta: int) -> None:
    store().move_slide(name, slide_id, delta)


def _delete(name: str, slide_id: str) -> None:
    store().delete_slide(name, slide_id)


def _save(name: str, slide_id: str) -> None:
    store().update_slide(name, slide_id, title=st.session_state[f"ed-title-{slide_id}"],
                         note=st.session_state[f"ed-note-{slide_id}"])
    st.toast(t("Sparat.", "Saved."))


def _delete_board(name: str) -> None:
    store().delete(name)
    st.session_state.pop("presenter-board", None)


def exports(board: Storyboard) -> None:
    stem = board.name.replace("/", "-")
    left, right = st.columns(2)
    left.download_button(
        t("↓ PowerPoint (.pptx)", "↓ PowerPoint (.pptx)"),
        data=lambda: export_pptx(db.current_connection(), board, lang(), URL_PATHS, base_url(), db.data_version()),
        file_name=f"{stem}.pptx", key="presenter-export-pptx", disabled=not board.slides,
        mime="application/vnd.openxmlformats-officedocument.presentationml.presentation", on_click="ignore")
    right.download_button(
        t("↓ Lista med permalänkar (.md)", "↓ List of permalinks (.md)"),
        data=permalink_list(board, URL_PATHS, base_url(), lang()), file_name=f"{stem}-permalankar.md",
        key="presenter-export-links", mime="text/markdown", disabled=not board.slides, on_click="ignore")


def editor(board: Storyboard) -> None:
    st.header(t(f"Redigera ”{board.name}”", f"Edit “{board.name}”"))
    exports(board)
    if not board.slides:
        st.info(t("Bildserien är tom.", "The storyboard is empty."))
    for number, slide in enumerate(board.slides, start=1):
        spec = PAGES_BY_KEY.get(slide.page_key)
        page = t(spec.title_sv, spec.title_en) if spec else slide.page_key
        with st.container(border=True, key=f"ed-slide-{slide.slide_id}"):
            head, up, down, remove = st.columns([8, 1, 1, 1])
            head.markdown(f"**{number}. {slide.title}** · {page} · [{t('öppna vyn', 'open the view')}]({link(slide)})")
            up.button("↑", key=f"ed-up-{slide.slide_id}", help=t("Flytta upp", "Move up"), disabled=number == 1,
                      on_click=_move, args=(board.name, slide.slide_id, -1))
            down.button("↓", key=f"ed-down-{slide.slide_id}", help=t("Flytta ned", "Move down"),
                        disabled=number == len(board.slides), on_click=_move, args=(board.name, slide.slide_id, 1))
            remove.button("✕", key=f"ed-del-{slide.slide_id}", help=t("Ta bort bilden", "Delete the slide"),
                          on_click=_delete, args=(board.name, slide.slide_id))
            with st.expander(t("Ändra rubrik och talarmanus", "Change title and speaker note")):
                st.text_input(t("Rubrik", "Title"), value=slide.title, key=f"ed-title-{slide.slide_id}")
                st.text_area(t("Talarmanus", "Speaker note"), value=slide.note, key=f"ed-note-{slide.slide_id}")
                st.button(t("Spara", "Save"), key=f"ed-save-{slide.slide_id}", on_click=_save,
                          args=(board.name, slide.slide_id))
    with st.expander(t("Ta bort hela bildserien", "Delete the whole storyboard")):
        st.button(t(f"Ja, ta bort ”{board.name}”", f"Yes, delete “{board.name}”"), key="ed-delete-board",
                  on_click=_delete_board, args=(board.name,))
