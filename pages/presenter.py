"""Presenter mode: show a storyboard full-screen on a 16:9 projector; edit and export it."""
import streamlit as st

from components.presenter import nav
from components.presenter import slide as presenter_slide
from components.presenter import style as presenter_style
from components.i18n import t
from components.page import main_container
from components.presenter.editor import editor
from components.registry import PAGES_BY_KEY
from components.storyboard import store

with main_container("presenter"):
    presenter_style.inject()
    names = store().names()
    if not names:
        st.title(t("Presentation", "Presenter"))
        st.info(t(
            "Det finns ingen bildserie ännu. Öppna Karta, Jämför eller Trender, välj det du vill visa och "
            "tryck på ”+ Lägg till i bildserie”. Bilderna sparas och visas sedan här i helskärm.",
            "There is no storyboard yet. Open Map, Compare or Trends, choose what to show and press "
            "“+ Add to storyboard”. The slides are saved and shown here full-screen."))
        for key in ("map", "compare", "trends"):
            spec = PAGES_BY_KEY[key]
            st.page_link(spec.path, label=t(spec.title_sv, spec.title_en))
    else:
        nav.seed(names)
        board = store().load(st.session_state[nav.BOARD])
        notes_slot = nav.top_bar(names, len(board.slides))
        nav.write_query_params()
        if st.session_state[nav.EDIT]:
            st.selectbox(t("Skärm", "Screen"), list(presenter_slide.SCREENS), key=nav.SCREEN,
                         help=t("Diagrammen anpassas så att bilden får plats utan att rulla.",
                                "Charts are sized so the slide fits without scrolling."))
            editor(board)
        elif not board.slides:
            st.info(t("Bildserien är tom. Lägg till bilder från Karta, Jämför eller Trender.",
                      "The storyboard is empty. Add slides from Map, Compare or Trends."))
        else:
            slide = board.slides[st.session_state[nav.INDEX]]
            with notes_slot.popover(t("Manus", "Notes"), width="stretch"):
                st.markdown(slide.note or t("_Inget talarmanus._", "_No speaker note._"))
            with st.container(key="presenter-slide-title"):
                st.title(slide.title, anchor=False)
            screen = presenter_slide.SCREENS[st.session_state[nav.SCREEN]]
            if slide.page_key == "map" and "year" in slide.params:
                presenter_slide.year_player(slide, screen)
            else:
                presenter_slide.draw(slide, screen)
        presenter_style.arrow_keys()
