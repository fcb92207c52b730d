"""Områdesprofil: one area at any level – header, locator map, every indicator with rank and
differences, gaps, the programme and the grant, similar areas; printable and as a PDF.
Permalink: /omrade?area=<area_id>."""
import streamlit as st

from components.area import printing, profile as area_view, search, similar
from components.db import run
from components.i18n import lang, t
from components.page import main_container
from sammanhallen.area import pdf, profile as area_profile, report, text

with main_container("area"):
    printing.print_css()
    areas = run("area_index")
    area_id = search.search_box(areas)
    if area_id is None:
        st.title(t("Områdesprofil", "Area profile"))
        st.info(t("Sök och välj ett område för att se dess profil.", "Search for and choose an area to see its profile."))
        st.stop()
    obs = run("area_observations", area_ids=area_profile.observation_ids(areas, area_id))
    profile = area_profile.build(areas, obs, area_id)
    area_view.header(profile, areas)
    pdf_slot = st.container()  # the button stands under the header; its PDF needs the similar areas below
    area_view.indicators(profile)
    area_view.gaps(profile)
    priority, grants = area_view.programme(area_id, obs)
    neighbours, min_shared = similar.section(profile, obs, areas)
    area_view.sources(profile, priority, grants)
    language, base = lang(), (st.context.url or "").split("/omrade")[0]
    with pdf_slot:
        printing.pdf_button(lambda: pdf.build(report.document(profile, areas, priority, grants, neighbours, min_shared,
                                                              text.permalink(area_id, language, base), language)),
                            f"omradesprofil-{area_id}")
