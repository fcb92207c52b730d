"""Programmet: Program för en sammanhållen stad 2015–2020 (Stockholms stad, juni 2014)."""
import streamlit as st

from components.programme import areas as programme_areas
from components.programme import goals as programme_goals
from components.db import run
from components.i18n import t
from components.page import main_container
from sammanhallen.programme import document as programme

with main_container("programme"):
    st.title(t("Program för en sammanhållen stad 2015–2020", "Programme for a cohesive city 2015–2020"))
    facts = run("programme_document_facts", source_id=programme.SOURCE)
    goals = run("programme_goals")
    responsibles = run("programme_responsibles")
    indicators = run("programme_goal_indicators")
    priority = run("programme_priority_areas", source_id=programme.SOURCE)

    st.markdown(t(
        "Stockholms stads program för ytterstadsarbetet, utgivet av Stadsledningskontoret i juni 2014. Målen, de ansvariga nämnderna "
        "och bolagen och områdena visas med dokumentets egen struktur och ordalydelse.",
        "The City of Stockholm's programme for the outer-city work, published by the City Executive Office in June 2014. Goals, "
        "responsible committees and companies and areas are shown in the document's own structure and wording (translations added)."))
    with st.expander(t("Om programmet och ansvaret", "About the programme and responsibility"), expanded=False):
        programme_areas.facts_list(facts, ["sthlm_publisher", "sthlm_published", "sthlm_programme_period", "sthlm_follow_up_programme",
                                           "sthlm_main_responsible_rule", "sthlm_slk_follow_up_goals", "sthlm_theme_renamed",
                                           "sthlm_local_work_lead"])

    st.header(t("Vem ansvarar för vad?", "Who is responsible for what?"))
    programme_goals.body_filter(goals, responsibles)

    st.header(t("Målområden och mål", "Target areas and goals"))
    areas = goals.drop_duplicates("target_area_no").sort_values("target_area_no")
    tabs = st.tabs([f"{r.target_area_no}. " + t(r.target_area_sv, r.target_area_en) for r in areas.itertuples()])
    for tab, area in zip(tabs, areas.itertuples()):
        with tab:
            counts = programme.goal_counts(goals).loc[area.target_area_no]
            st.caption(t(f"{counts['goal']} numrerade mål och {counts['also_means']} punkter under ”Målet innebär även att”.",
                         f"{counts['goal']} numbered goals and {counts['also_means']} items under “Målet innebär även att” (the goal also means)."))
            programme_goals.target_area(goals, responsibles, indicators, area.target_area_no)

    st.header(t("Prioriterade stadsdelsnämnder och stadsdelar", "Prioritised district committees and stadsdelar"))
    left, right = st.columns([3, 2])
    with left:
        st.vega_lite_chart(programme_areas.priority_map_spec(priority), width="stretch")
    with right:
        st.markdown("### " + t("Indexet för sociala risker", "The social-risk index"))
        programme_areas.facts_list(facts, ["sthlm_index_scope", "sthlm_index_method", "sthlm_index_domains", "sthlm_index_city",
                                           "sthlm_index_tensta", "sthlm_risk_trend_2006_2012", "sthlm_lowest_decrease",
                                           "sthlm_highest_2012"])
    programme_areas.lists(priority)
