"""Jämför och rapportera: rank, follow over time and difference areas, then export for the report.

The whole selection lives in the URL (permalink); charts carry title, selection and sources inside.
"""
import streamlit as st

from components.compare import controls
from components.compare import data as compare_data
from components.compare import exports as compare_exports
from components.compare import output as compare_output
from components.db import run
from components.i18n import lang, pick, t
from components.page import main_container
from components.storyboard import add_to_storyboard
from sammanhallen.compare import choices
from sammanhallen.compare import view

with main_container("compare"):
    st.title(t("Jämför och rapportera", "Compare and report"))
    st.caption(t(
        "Välj vad du vill jämföra, vilka områden och vilket år. Diagrammen har titel, urval och källa inbyggda "
        "och kan laddas ner som bild; tabellen som CSV eller Excel. Länken nedan öppnar samma jämförelse igen.",
        "Choose what to compare, which areas and which year. The charts carry their title, selection and source "
        "and can be downloaded as images; the table as CSV or Excel. The link below reopens the same comparison.",
    ))
    all_areas, indicators = run("compare_areas"), run("indicators_list")
    params = controls.seed(all_areas, indicators)
    indicator, areas = controls.measure_and_areas(all_areas, indicators)
    pop = "nearest" if st.session_state.get("cmp_pop") else "same"
    comp = compare_data.comparison({"indicator": indicator, "areas": choices.join_ids(areas), "pop": pop})
    with st.expander(t("Definition", "Definition") + ": " + comp.name(lang())):
        st.write(pick(comp.measure, "definition"))

    if not comp.area_ids:
        st.info(t("Välj minst ett område, till exempel med ett snabbval ovan.",
                         "Choose at least one area, for example with a quick pick above."))
        controls.remember({**view.normalise(params), "indicator": indicator, "areas": ""}, comp)
        st.stop()
    params = controls.years_and_focus(comp, params)
    controls.remember(params, comp)
    if not comp.years:
        st.warning(t(
            f"Det finns inga värden för {comp.name('sv').lower()} för de valda områdena. Välj andra områden eller en annan indikator.",
            f"There are no values of {comp.name('en')} for the chosen areas. Choose other areas or another indicator."))
        st.stop()

    year, ref, highlight = int(params["year"]), params["ref"], params["highlight"]
    selection = {**params, "indicator": indicator, "areas": choices.join_ids(areas), "pop": pop}  # what the charts show
    year_from, year_to = int(params["from"]), int(params["to"])
    stem = f"{comp.measure['id']}_{year}"
    if len(comp.area_ids) == 1:
        st.info("ℹ️ " + t("Ett område valt: lägg till fler för att rangordna.", "One area chosen: add more to rank."))

    compare_output.population_notice(comp, year)
    st.header(t("Rangordning", "Ranking") + f" {year}")
    compare_output.chart_block(lambda: view.ranked_chart(comp, year, lang(), highlight), "ranked",
                               f"rangordning_{stem}", selection)

    st.header(t("Över tid", "Over time"))
    compare_output.chart_block(lambda: view.time_chart(comp, year_from, year_to, lang(), highlight), "time",
                               f"over_tid_{comp.measure['id']}_{year_from}-{year_to}", selection)

    st.header(t("Skillnad mot", "Difference from") + f" {comp.area_name(ref)}")
    compare_output.chart_block(lambda: view.difference_chart(comp, year, ref, lang(), highlight), "diff",
                               f"skillnad_{stem}", selection)

    st.header(t("Tabell", "Table") + f" {year_from}–{year_to}" if year_from != year_to else t("Tabell", "Table") + f" {year}")
    table, notes = compare_output.long_table(comp, year_from, year_to, ref, selection)
    compare_output.table(table, comp, notes, comp.area_name(ref), selection)

    st.header(t("Exportera och dela", "Export and share"))
    compare_exports.render(comp, table, notes, params, selection)
    add_to_storyboard("compare", params)
