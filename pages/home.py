"""Home: what this is, the headline figures and where to go next, on one screen."""
import streamlit as st

from components.db import run
from components.i18n import lang, t
from components.page import main_container
from components.registry import PAGES_BY_KEY
from sammanhallen.citations import source_line
from sammanhallen.formatting import format_number, format_sek_millions

PROGRAMME, PAYMENT = "urban15_stimulus", "2013-12"

with main_container("home"):
    st.title(t("Sammanhållen stad", "Sammanhållen stad – a cohesive city"))
    st.markdown(
        t(
            "Uppföljning av arbetet mot segregation i utsatta stadsdelar: statens **prestationsbaserade "
            "stimulansmedel** till femton stadsdelar i nio kommuner (Urban15) och Stockholms "
            "**Program för en sammanhållen stad 2015–2020**.",
            "Follow-up of the work against segregation in disadvantaged districts: the state's "
            "**performance-based stimulus grant** to fifteen districts in nine municipalities (Urban15) and "
            "Stockholm's **Programme for a cohesive city 2015–2020**.",
        )
    )
    about_grant, about_programme = st.columns(2)
    about_grant.markdown(
        t(
            "**Stimulansmedlen.** Medlen fördelas mellan de nio kommunerna och femton stadsdelarna efter en "
            "modell som regeringen beslutat. Uppföljningen utgår från modellens tre indikatorer: andelen som "
            "förvärvsarbetar, andelen med långvarigt försörjningsstöd och andelen som går ut nian med behörighet "
            "till gymnasiet.",
            "**The grant.** The money is divided between the nine municipalities and fifteen districts by a model "
            "the government decided. The follow-up rests on the model's three indicators: the share in employment, "
            "the share on long-term welfare and the share leaving year 9 eligible for upper-secondary school.",
        )
    )
    about_grant.caption(t("Källa: Boverket (2014), rapport 2014:17, avsnittet Uppdraget.",
                          "Source: Boverket (2014), report 2014:17, section Uppdraget."))
    about_programme.markdown(
        t(
            "**Programmet.** Stockholms program samordnar stadens arbete i fyra målområden: stadsmiljö och "
            "boende, skola och utbildning, jobb och företagande samt lokalt arbete med social hållbarhet. "
            "Insatserna ska vara proportionella mot graden av risk, mätt med ett index för sociala risker.",
            "**The programme.** Stockholm's programme coordinates the city's work in four target areas: urban "
            "environment and housing, school and education, jobs and enterprise, and local work for social "
            "sustainability. Effort is to be proportional to risk, measured by a social-risk index.",
        )
    )
    about_programme.caption(t("Källa: Stockholms stad (2014), Program för en sammanhållen stad, avsnitten Mål och Prioriterade stadsdelsnämnder.",
                              "Source: City of Stockholm (2014), Programme for a cohesive city, sections Mål and Prioriterade stadsdelsnämnder."))

    head = run("headline_figures", programme=PROGRAMME, payment=PAYMENT).iloc[0]
    tensta = run("area_series", area_ids=["0180-sd-tensta"], indicator_id="social_risk_index")
    payments = run("funds_by_district", programme=PROGRAMME, payment=PAYMENT)

    payments_source = source_line(payments, lang(), "year")

    cols = st.columns(4)
    cols[0].metric(t("Utbetalt december 2013", "Paid in December 2013"), format_sek_millions(head.funds_total_sek, lang()))
    cols[0].caption(t(f"Summan av de {len(payments)} stadsdelarnas belopp. ", f"Sum of the {len(payments)} districts' amounts. ")
                    + payments_source)
    cols[1].metric(t("Stadsdelar / kommuner", "Districts / municipalities"),
                   f"{int(head.n_districts)} / {int(head.n_municipalities)}")
    cols[1].caption(t("Som fick stimulansmedel. ", "That received the grant. ") + payments_source)
    cols[2].metric(t("Prioriterade stadsdelsnämnder", "Prioritised district councils"), format_number(head.n_prioritised_sdn))
    cols[2].caption(t("I Stockholm 2015–2020. Källa: Stockholms stad (2014), Program för en sammanhållen stad.",
                      "In Stockholm 2015–2020. Source: City of Stockholm (2014), Programme for a cohesive city."))
    if not tensta.empty:
        row = tensta.iloc[-1]
        cols[3].metric(t("Tenstas index för sociala risker", "Tensta's social-risk index"),
                       t("ca ", "approx. ") + format_number(row.value, 0, lang()) + (" *" if row.confidence == "low" else ""))
        cols[3].caption(t("Staden = 100. Programmet skriver ”ca 180”. ", "City = 100. The programme says \"ca 180\". ")
                        + source_line(tensta.tail(1), lang(), "year"))

    st.header(t("Vad vill du göra?", "What would you like to do?"))
    destinations = [
        ("map", "Se på kartan var pengarna gick och hur stadsdelarna ligger till. Klicka på en stadsdel.",
         "See on the map where the money went and how districts compare. Click a district."),
        ("compare", "Jämför kommuner och stadsdelar, rangordna och exportera till rapporten.",
         "Compare municipalities and districts, rank them and export to your report."),
        ("trends", "Följ utvecklingen över tid, med programperioden och utbetalningen markerade.",
         "Follow change over time, with the programme period and the payment marked."),
        ("grant", "Stimulansmedlen: belopp per stadsdel, modellen och hur kommunerna tog emot pengarna.",
         "The grant: amounts per district, the model and how municipalities received the money."),
        ("programme", "Programmets mål, ansvariga nämnder och prioriterade stadsdelar.",
         "The programme's goals, responsible committees and prioritised districts."),
        ("presenter", "Visa en sparad bildserie i fullskärm på styrgruppsmötet.",
         "Show a saved storyboard full-screen at the steering-group meeting."),
    ]
    left, right = st.columns(2)
    for i, (key, sv, en) in enumerate(destinations):
        spec = PAGES_BY_KEY[key]
        with (left if i % 2 == 0 else right).container(border=True):
            st.page_link(spec.path, label=t(spec.title_sv, spec.title_en) + " →")
            st.caption(t(sv, en))
    st.caption(
        t(
            f"Databasen innehåller {int(head.n_indicators)} indikatorer, {format_number(head.n_observations)} värden och "
            f"{int(head.n_sources)} källor. Se sidan Källor och data.",
            f"The database holds {int(head.n_indicators)} indicators, {format_number(head.n_observations, lang='en')} values and "
            f"{int(head.n_sources)} sources. See the Sources and data page.",
        )
    )
