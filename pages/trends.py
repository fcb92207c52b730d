"""Trends: one indicator over time for chosen areas, with the programme period and the payment
marked, optional indexing to a base year; the URL is the permalink."""
import streamlit as st

from components.trends import chart as trends_chart
from components.trends import controls as trends_controls
from components.db import run
from components.i18n import t
from components.page import main_container
from components.storyboard import add_to_storyboard

with main_container("trends"):
    st.title(t("Trender", "Trends"))
    st.caption(t(
        "Följ en indikator över tid. Skuggat fält: programperioden 2015–2020. Röd linje: stimulansmedlen "
        "betalades ut i december 2013. Saknade år visas som luckor i linjen.",
        "Follow an indicator over time. Shaded band: the programme period 2015–2020. Red rule: the stimulus "
        "grant was paid in December 2013. Missing years are gaps in the line.",
    ))
    indicators = run("indicators_list")
    indicators = indicators[indicators.n_values > 0]

    def areas_for(indicator_id):
        return run("trends_areas", indicator_id=indicator_id)

    def years_for(indicator_id, area_ids):
        if not area_ids:
            return []
        return trends_controls.year_counts(run("trends_series", area_ids=list(area_ids), indicator_id=indicator_id))

    params = trends_controls.choose(indicators, areas_for, years_for)
    area_ids = [a for a in params["areas"].split(",") if a]
    if not area_ids:
        st.info(t("Välj minst ett område.", "Choose at least one area."))
    else:
        frame = run("trends_series", area_ids=area_ids, indicator_id=params["indicator"])
        named = run("trends_areas_named", area_ids=area_ids)
        trends_chart.render(frame, params, dict(zip(named.area_id, named.name)))
        left, right = st.columns([1, 3])
        with left:
            add_to_storyboard("trends", params)
        right.caption(t("Adressen i webbläsaren är en permalänk till exakt den här vyn.",
                        "The address in the browser is a permalink to exactly this view."))
