"""Stimulansmedel: the Urban15 performance-based stimulus grant, December 2013 payment and reception."""
import streamlit as st

from components.grant import funds as grant_funds
from components.grant import reception as grant_reception
from components.db import run
from components import missing_inputs
from components.i18n import t
from components.page import main_container
from components.vega import cached_spec
from sammanhallen.grant import figures as grant

with main_container("grant"):
    st.title(t("Prestationsbaserade stimulansmedel", "Performance-based stimulus grant"))
    st.markdown(t(
        "Staten betalade 2013 och 2014 ut prestationsbaserade stimulansmedel till de femton stadsdelar i nio kommuner som ingår i det urbana "
        "utvecklingsarbetet (Urban15). Sidan visar den första utbetalningen, i december 2013, och hur kommunerna tog emot pengarna enligt "
        "Boverkets första uppföljning (rapport 2014:17).",
        "In 2013 and 2014 the state paid a performance-based stimulus grant to the fifteen districts in nine municipalities that take part in "
        "the urban development work (Urban15). This page shows the first payment, in December 2013, and how the municipalities received the "
        "money according to Boverket's first follow-up (report 2014:17)."))

    params = {"programme": grant.PROGRAMME, "payment": grant.FIRST_PAYMENT}
    districts = run("funds_by_district", **params)
    municipalities = run("funds_by_municipality", **params)
    facts = run("grant_facts", document_source_id=grant.REPORT)

    st.header(t("Utbetalningen i december 2013", "The December 2013 payment"))
    grant_funds.total_banner(districts)
    st.vega_lite_chart(cached_spec("grant-funds", (params,), lambda: grant_funds.funds_chart(districts)), width="stretch")
    by_district, by_municipality = st.tabs([t("Per stadsdel", "Per district"), t("Per kommun", "Per municipality")])
    with by_district:
        grant_funds.district_table(districts)
    with by_municipality:
        grant_funds.municipality_table(municipalities, districts)
    st.info(t(
        "Den andra utbetalningen (december 2014) per stadsdel finns inte i källorna: den visas inte och räknas inte fram.",
        "The second payment (December 2014) per district is not in the sources: it is not shown and not derived."))
    st.page_link("pages/map.py", label=t("Visa stimulansmedlen på kartan", "Show the grant on the map"),
                 query_params=grant.MAP_FUNDS_PARAMS)
    st.caption(t("Direktlänk: ", "Direct link: ") + f"`{grant.map_funds_url()}`")

    st.subheader(t("Per invånare", "Per inhabitant"))
    population = run("grant_population_nearest", year=grant.PAYMENT_YEAR)
    grant_funds.per_inhabitant_table(grant.per_inhabitant(districts, population))

    st.header(t("Programmet i korthet", "The programme in brief"))
    money, model = st.columns(2)
    with money:
        st.markdown("### " + t("Pengarna", "The money"))
        for fact_id in ("budget_per_year_2013", "budget_per_year_2014", "bv_total_per_year",
                        "total_paid_first_payment_dec", "total_paid_2013_2014", "total_decided_2013_2014",
                        "bv_recipients"):
            grant_funds.fact_item(facts, fact_id)
        st.warning(t(
            "Källorna skiljer sig åt: Boverket 2014:17 skriver att regeringen beslutade att betala ut ”99 miljoner kronor … under 2013 "
            "respektive 2014” (198 miljoner), medan andra källor anger 100 miljoner kronor per år i statsbudgeten och Boverkets "
            "slutrapport 2015:36 totalt 200 miljoner utbetalt. Alla visas ovan med sina källor; skillnaden förklaras inte i källorna.",
            "The sources differ: Boverket 2014:17 says the government decided to pay “99 miljoner kronor … under 2013 respektive 2014” "
            "(99 million kronor in 2013 and in 2014, 198 million), while other sources give 100 million kronor per year in the state "
            "budget and Boverket's final report 2015:36 gives 200 million paid in total. All are shown above with their sources; the "
            "sources do not explain the difference."))
        st.markdown("### " + t("Urvalet av stadsdelar", "How the districts were selected"))
        for fact_id in ("selection_threshold_forvarvsfrekvens_max", "selection_threshold_langvarigt_forsorjningsstod_min",
                        "selection_threshold_gymnasiebehorighet_max", "selection_threshold_befolkning_min",
                        "municipalities_nominating", "bv_selection_criteria"):
            grant_funds.fact_item(facts, fact_id)
    with model:
        st.markdown("### " + t("Fördelningsmodellen – så långt källorna beskriver den", "The allocation model – as far as the sources describe it"))
        for fact_id in ("model_indicator_1", "model_indicator_2", "model_indicator_3", "model_indicator_linkage",
                        "model_first_payment_base_change", "model_refugee_adjustment_period", "bv_largest_district",
                        "allocation_principle", "administering_agency", "bv_amount_unknown_in_advance"):
            grant_funds.fact_item(facts, fact_id)
        st.markdown("### " + t("Det som inte är känt", "What is not known"))
        st.markdown(t(
            "- **Vikterna och formeln** i fördelningsmodellen: källorna säger att varje indikator belönas för sig och att en större positiv "
            "förändring ger mer pengar, men inte hur mycket eller hur indikatorerna vägs.\n"
            "- **Hur flyktingmottagandet räknas in**: att hänsyn tas till mottagandet 2008–2012 står i källorna, men inte hur.\n"
            "- **Den andra utbetalningen per stadsdel** (december 2014): eftersökt, inte funnen.",
            "- **The weights and formula** of the allocation model: the sources say each indicator is rewarded separately and that a larger "
            "improvement brings more money, but not how much or how the indicators are weighted.\n"
            "- **How refugee reception enters**: the sources say reception in 2008–2012 is taken into account, but not how.\n"
            "- **The second payment per district** (December 2014): searched for, not found."))

    st.header(t("Hur kommunerna tog emot pengarna", "How the municipalities received the money"))
    grant_reception.render(run("grant_reception", source_id=grant.REPORT))
    missing_inputs.for_grant()
