"""The map explorer's map: the interactive deck, or for a layer of more than ``map_deck.OUTLINES_UP_TO`` areas
a picture of the same map drawn on the server, with a button that opens the interactive map.

Why: without a graphics card deck.gl's start-up alone (its script and shader compilation in software WebGL)
takes several times a bare page's first paint, and thousands of areas add more; a PNG shows at once
(bench/bench_map_scale.py). The picture is cached per view, language and data version, so a rerun that
changes nothing on the map does not draw it again. Smaller layers (every boundary layer of the app today)
always get the deck.
"""
from __future__ import annotations

import streamlit as st

from components import db
from components.i18n import lang, t
from sammanhallen.map import image as map_image
from sammanhallen.formatting import format_number
from sammanhallen.map.deck import MAP_HEIGHT, FrozenDeck

INTERACTIVE = "map_interactive"   # session flag: the user asked for the interactive map (kept for the session)
BUTTON_KEY = "map-interactive-btn"
PICTURE_KEY = "map-picture"       # the picture's container (its CSS class is st-key-map-picture)
DECK_VIEW_WIDTH = 820             # the width map_simplify.fit_view frames the deck's first view for (its default)
# Streamlit re-encodes a picture wider than this (image_utils.MAXIMUM_CONTENT_WIDTH): draw at most this wide,
# sharp on a high-density screen, and sent as it is drawn.
MAX_IMAGE_PX = 1460


@st.cache_data(show_spinner=False, max_entries=16)
def _png(key: tuple, bounds: tuple, width_px: int, height_px: int, scale: float, _build) -> bytes | None:
    # `key` names the view (params, selected area, language, data version); the deck (built only on a miss,
    # not hashed) is what that view draws. None: the deck draws what a picture does not (symbols).
    layers = map_image.deck_layers(_build())
    if layers is None:
        return None
    return map_image.render_layers(layers, bounds, width_px, height_px, scale, crop=True)


@st.cache_resource(show_spinner=False, max_entries=16)
def _deck(key: tuple, _build) -> FrozenDeck:
    # Shared by every session showing the view `key` names (read only: st.pydeck_chart reads its JSON).
    return FrozenDeck(_build())


def _ask_interactive() -> None:
    st.session_state[INTERACTIVE] = True


def show(build_deck, layer, chart_key: str, view: dict, selected: str | None = None, height: int = MAP_HEIGHT):
    """Draw the map; returns the deck's selection event (as ``st.pydeck_chart``), None for the picture.

    ``build_deck``: makes the view's deck. In picture mode it is called only when the picture is not cached
    yet (at 6 000 areas building the deck is about 0.3 s of a rerun).
    ``view``: the page's params (geography, measure, year, classification, ...), naming what the map shows;
    the deck and the picture are cached by it (with the selected area, language, data version and layer).
    The picture is drawn only when it can show what the deck shows (polygons, outlines, labels; not points,
    circles or columns)."""
    png = None
    key = (tuple(sorted((k, str(v)) for k, v in view.items())), selected, lang(), db.data_version(),
           len(layer.features), tuple(float(b) for b in layer.bounds), height)
    if map_image.opens_as_image(len(layer.features)) and not st.session_state.get(INTERACTIVE):
        scale = MAX_IMAGE_PX / DECK_VIEW_WIDTH
        png = _png(key, tuple(float(b) for b in layer.bounds), DECK_VIEW_WIDTH, height, scale, build_deck)
    if png is None:
        return st.pydeck_chart(_deck(key, build_deck), on_select="rerun", selection_mode="single-object",
                               key=chart_key, height=height)
    n = format_number(len(layer.features), 0, lang())
    # The picture is cut to the map: as wide as the column allows, never taller than the deck, centred on the
    # blank style's background (its own proportions kept; no stretching).
    st.html(f"<style>.st-key-{PICTURE_KEY}{{background:{map_image.BACKGROUND};border-radius:.5rem;"
            f"justify-content:center}}"
            f".st-key-{PICTURE_KEY} [data-testid=stFullScreenFrame]{{display:flex;justify-content:center}}"
            f".st-key-{PICTURE_KEY} [data-testid=stImage] img{{width:auto !important;height:auto;max-width:100%;"
            f"max-height:{height}px;margin:0 auto;display:block}}</style>")
    with st.container(key=PICTURE_KEY):
        st.image(png, output_format="PNG", width="stretch",
                 alt=t(f"Karta över {n} områden (bild)", f"Map of {n} areas (picture)"))
    st.caption(t(f"Kartan visas som bild: med {n} områden tar den interaktiva kartan lång tid att rita på en "
                 "dator utan grafikkort. Välj område i listan till höger, eller öppna den interaktiva kartan "
                 "för att klicka och se uppgifter när du för muspekaren över ett område.",
                 f"The map is shown as a picture: with {n} areas the interactive map takes long to draw on a "
                 "computer without a graphics card. Choose an area in the list on the right, or open the "
                 "interactive map to click areas and see their figures on hover."))
    st.button(t("Interaktiv karta", "Interactive map"), key=BUTTON_KEY, on_click=_ask_interactive)
    return None
