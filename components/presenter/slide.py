"""Draw one storyboard slide full-screen: its title, the view's chart sized to fit a 16:9 screen
without scrolling, and for a map slide year buttons with an autoplay toggle."""
from __future__ import annotations

import logging
import time

import streamlit as st

from sammanhallen.presenter import pictures
from sammanhallen.presenter.storyboard import Slide, SlideUnavailable, slide_view
from sammanhallen.views import permalink

from components import db, vega
from components.i18n import lang, t
from components.registry import PAGES_BY_KEY

SCREENS = {"1920×1080": (1920, 1080), "1600×900": (1600, 900), "1280×720": (1280, 720)}
# vertical space (CSS px) the slide needs besides the plot area: top bar, slide title,
# chart title + subtitle, x axis, footer lines, margins; plus the legend, which sits under the
# plot (so the audience can tell the lines apart) and therefore takes height, not width
CHROME_HEIGHT = 570
LEGEND_HEIGHT = 130
YEAR_ROW_HEIGHT = 70
TOP_HEIGHT = 200  # top bar + slide title
AUTOPLAY_SECONDS = 2.5


def chart_size(screen: tuple[int, int], year_row: bool = False) -> dict:
    """Plot width/height (CSS px) so the whole slide fits the screen at presenter type size."""
    width, height = screen
    scale = 1.6 if width >= 1800 else 1.3 if width >= 1500 else 1.05
    plot_h = height - int((CHROME_HEIGHT + LEGEND_HEIGHT) * scale / 1.6) - (YEAR_ROW_HEIGHT if year_row else 0)
    return {"width": int(width - 170 - 60 * scale), "height": max(200, plot_h), "font_scale": scale}


@st.cache_resource(show_spinner=False, max_entries=64)
def _view(page_key: str, params: tuple, language: str, size: tuple, db_mtime: float):
    slide = Slide(page_key=page_key, params=dict(params), title="")
    return slide_view(db.current_connection(), slide, language, **dict(size))


def link(slide: Slide) -> str:
    spec = PAGES_BY_KEY.get(slide.page_key)
    return permalink(spec.url_path if spec else slide.page_key, slide.params)


def map_years(params: dict) -> list[int]:
    """Years a map slide can step through (cached per slide and database version)."""
    return list(_map_years(tuple(sorted(params.items())), db.data_version()))


@st.cache_data(show_spinner=False, max_entries=64)
def _map_years(params: tuple, db_mtime: float) -> tuple[int, ...]:
    """The years the map view can show for these params; none (no year buttons) if it cannot say."""
    try:
        from sammanhallen.views import view_module
        return tuple(view_module("map").years(db.current_connection(), dict(params)))
    except (KeyError, ValueError) as error:
        # The slide still shows; only the year buttons are left out, and the log says why.
        logging.getLogger(__name__).warning("no years for map slide %s: %s", dict(params), error)
        return ()


def draw(slide: Slide, screen: tuple[int, int], params_override: dict | None = None, height: int | None = None) -> None:
    params = {**slide.params, **(params_override or {})}
    size = chart_size(screen, year_row=params_override is not None)
    area = screen[1] - TOP_HEIGHT - (YEAR_ROW_HEIGHT if params_override is not None else 0)
    box_height = height or area
    try:
        if _sizes_itself(slide.page_key):
            view = _view(slide.page_key, tuple(sorted(params.items())), lang(), tuple(size.items()),
                         db.data_version())
            spec = vega.cached_spec("presenter-slide", (slide.page_key, sorted(params.items()), size),
                                    lambda: view.chart)
        else:
            # Views drawn at a fixed size (map, compare) are scaled as a whole so type grows with them;
            # the picture is drawn once per view, box, language and data version (pictures.CACHE).
            shown = Slide(page_key=slide.page_key, params=params, title=slide.title)
            picture = pictures.fitted(db.current_connection(), shown, lang(), (screen[0] - 120, box_height - 30),
                                      db.data_version())
    except SlideUnavailable as reason:
        with st.container(key="presenter-placeholder", border=True):
            st.markdown(t("**Den här vyn kan inte visas i presentationsläget ännu.**",
                          "**This view cannot be shown in presenter mode yet.**"))
            st.markdown(t(f"Öppna den i stället: [{link(slide)}]({link(slide)})",
                          f"Open it instead: [{link(slide)}]({link(slide)})"))
            st.caption(str(reason))
        return
    with st.container(key="presenter-chart", height=box_height, border=False):
        if _sizes_itself(slide.page_key):
            st.vega_lite_chart(spec, width="content", theme=None)
        else:
            # Shown at its own pixel width, so st.image passes the PNG on as it is (a wider one it
            # decodes and resizes on every rerun: a second or two per slide).
            st.image(picture.png, width=picture.display_width)


def _sizes_itself(page_key: str) -> bool:
    import inspect

    from sammanhallen.views import view_module
    try:
        return "font_scale" in inspect.signature(view_module(page_key).chart).parameters
    except (ImportError, KeyError, AttributeError):
        return False  # drawn as a picture, whose slide_view says why it cannot be


def year_player(slide: Slide, screen: tuple[int, int]) -> None:
    """Year buttons and autoplay for a map slide (params with a 'year')."""
    years = map_years(slide.params)
    key = f"presenter-year-{slide.slide_id}"
    if not years:
        draw(slide, screen)
        return
    if st.session_state.get(key) not in years:
        start = int(slide.params["year"]) if str(slide.params.get("year", "")).isdigit() else years[0]
        st.session_state[key] = start if start in years else years[0]
    autoplay = st.toggle(t("▶ Spela upp åren", "▶ Play the years"), key="presenter-autoplay")

    @st.fragment(run_every=AUTOPLAY_SECONDS if autoplay else None)
    def player():
        last = st.session_state.get("presenter-autoplay-at", 0.0)
        if autoplay and time.monotonic() - last >= AUTOPLAY_SECONDS * 0.9:
            if last:
                i = years.index(st.session_state[key])
                st.session_state[key] = years[(i + 1) % len(years)]
            st.session_state["presenter-autoplay-at"] = time.monotonic()
        cols = st.columns([1] * min(len(years), 12) + [4])
        for col, year in zip(cols, years[-12:]):
            kind = "primary" if year == st.session_state[key] else "secondary"
            if col.button(str(year), key=f"{key}-{year}", type=kind, width="stretch"):
                st.session_state[key] = year
                st.rerun(scope="fragment")
        draw(slide, screen, {"year": str(st.session_state[key])})

    player()
