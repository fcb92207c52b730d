"""Map explorer: choose geography, measure and year; click an area for its figures. The URL is the permalink."""
import pandas as pd
import streamlit as st

from components.map import figure as map_figure
from components.map import controls as map_controls
from components.map import panel as map_panel
from components.map import view as mv
from components.i18n import lang, t, text
from components.page import main_container
from components.storyboard import add_to_storyboard
from sammanhallen.map import data as map_data
from sammanhallen.map import geographies as map_geographies
from sammanhallen.map.deck import DeckOptions, build_deck

with main_container("map"):
    st.title(t("Karta", "Map"))
    params, layer, measures, measure, year, messages = map_controls.controls(map_controls.current_params())
    for message in layer.messages:  # a boundary layer is missing: the map falls back
        st.warning(text(message))
    for message in messages:  # e.g. the chosen measure has no values in this geography
        st.info(text(message))
    if measure is None:
        map_controls.write_url(params)
        st.stop()
    values, joined, classes, entries, src = mv.measure_view(params, layer, measure, year)
    for message in values.notes + [n for n in [map_data.vintage_note(params["geo"], params["vintage"], year)] if n]:
        st.info(text(message))
    if joined.areas["value"].notna().sum() == 0:
        st.warning(t(f"Inget område i den här indelningen har ett värde för {measure.name_sv.lower()} {year}.",
                     f"No area in this geography has a value for {measure.name_en.lower()} in {year}."))
    overlay, overlay_rows = mv.priority_overlay(params["geo"]) if (
        params["overlay"] == "1" and map_geographies.GEOGRAPHIES[params["geo"]].stockholm) else ({}, pd.DataFrame())

    # Selection: a click on the map, the area list, the URL, or the area chosen on another page.
    chart_key = f"map-deck-{params['geo']}" + (f"-{params['vintage']}" if params["geo"] == "sdo" else "")
    area = mv.select_area(params, layer, chart_key)
    params["area"] = area or ""

    left, right = st.columns([2.5, 1.25], gap="medium")
    with left:
        geo_spec = map_geographies.GEOGRAPHIES[params["geo"]]
        st.markdown(f"## {measure.name(lang())}, {year}")
        st.caption(t(geo_spec.label_sv, geo_spec.label_en) + (
            ", " + text(map_geographies.VINTAGE_LABELS[params["vintage"]]) if params["geo"] == "sdo" else ""))
        options = DeckOptions(measure.name(lang()), measure.unit, measure.higher_is_better, classes, lang(),
                              params["sym"], overlay, area or None, label_all=params["geo"] != "sd")
        map_figure.show(lambda: build_deck(layer, joined, options), layer, chart_key, params, area or None,
                        height=560)  # a picture above 1 000 areas
        mv.legend(entries, measure, classes, year, params["geo"], overlay, overlay_rows, params["sym"], src, layer)
        if classes.note:
            st.caption(t(classes.note, classes.note_en))
    with right:
        mv.area_picker(layer, area)
        if area:
            map_panel.side_panel(area, layer, measure, year, joined.areas, params["geo"])
        else:
            st.info(t("Klicka på ett område i kartan eller välj det i listan för att se dess siffror, "
                      "utveckling och rang.", "Click an area on the map or choose it in the list to see its "
                      "figures, trend and rank."))
    map_panel.table(joined.areas, layer, measure, classes, entries, year, params["geo"], params)
    add_to_storyboard("map", params)
    map_controls.write_url(params)
