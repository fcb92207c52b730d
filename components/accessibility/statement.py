"""The accessibility statement (tillgänglighetsredogörelse), in the parts and order DIGG's model prescribes.

DIGG (Myndigheten för digital förvaltning) lists what a statement under the Swedish law on accessible
digital public service (lag 2018:1937, "DOS-lagen") must contain: the public body and the service,
conformance worded as "helt / delvis / inte förenlig", the content that is not accessible and why,
how it was assessed and when, a way to report problems, and a link to DIGG's own report form.

The organisation that deploys the dashboard fills in the marked placeholders: this code does not
know who runs it. Update STATEMENT_DATE and the list of known problems when either changes.
"""
from __future__ import annotations

import streamlit as st

from components.i18n import t

STATEMENT_DATE = "2026-12-08"   # when the conformance was last assessed and this text last updated
DIGG_REPORT_FORM = "https://www.digg.se/tdosanmalan"
STANDARD = "WCAG 2.1 AA"


def placeholder(sv: str, en: str) -> str:
    """A value the deploying organisation must replace, marked so nobody publishes it by mistake."""
    return "**{" + t(sv, en) + "}**"


def introduction() -> None:
    organisation = placeholder("Organisationens namn", "Name of the organisation")
    st.markdown(t(
        f"{organisation} står bakom webbplatsen Sammanhållen stad. Vi vill att så många som möjligt ska kunna "
        "använda den. Här beskriver vi hur den uppfyller lagen om tillgänglighet till digital offentlig service, "
        "vilka kända brister som finns och hur du kan rapportera problem till oss så att vi kan åtgärda dem.",
        f"{organisation} is responsible for the website Sammanhållen stad. We want as many people as possible to be "
        "able to use it. This statement describes how it meets the Swedish act on accessibility to digital public "
        "service, which known problems remain, and how you can report problems to us so that we can fix them."))
    st.warning(t(
        "Platshållare i {klammerparenteser} fylls i av den organisation som driftar webbplatsen innan "
        "redogörelsen publiceras.",
        "Placeholders in {braces} are filled in by the organisation that runs the website before the "
        "statement is published."))


def how_accessible() -> None:
    st.header(t("Hur tillgänglig är webbplatsen?", "How accessible is the website?"))
    st.markdown(t(
        "Vi vet att delar av webbplatsen inte är helt tillgängliga. Se avsnittet om innehåll som inte är "
        "tillgängligt nedan.",
        "We know that parts of the website are not fully accessible. See the section on content that is not "
        "accessible below."))
    st.subheader(t("Vad kan du göra om du inte kan använda delar av webbplatsen?",
                   "What can you do if you cannot use parts of the website?"))
    contact = placeholder("e-postadress eller kontaktformulär", "e-mail address or contact form")
    st.markdown(t(
        "- Kartans områden finns också i listan bredvid kartan och i tabellen under den, med samma värden.\n"
        "- Varje diagram har en rubrik och en kort beskrivning; tabellerna på sidorna Jämför och rapportera och "
        "Källor och data innehåller siffrorna, och hela databasen kan laddas ner som CSV.\n"
        f"- Behöver du innehållet i ett annat format kan du kontakta oss: {contact}. Vi svarar normalt inom "
        + placeholder("antal", "number") + " arbetsdagar.",
        "- The map's areas are also in the list beside the map and in the table below it, with the same values.\n"
        "- Every chart has a title and a short description; the tables on the Compare and report and Sources and "
        "data pages hold the figures, and the whole database can be downloaded as CSV.\n"
        f"- If you need the content in another format, contact us: {contact}. We normally answer within "
        + placeholder("antal", "number") + " working days."))


def report_and_enforcement() -> None:
    st.header(t("Rapportera brister i webbplatsens tillgänglighet", "Report accessibility problems"))
    st.markdown(t(
        "Vi strävar hela tiden efter att förbättra tillgängligheten. Om du upptäcker problem som inte beskrivs "
        "på den här sidan, eller om du anser att vi inte uppfyller lagens krav, meddela oss så att vi får veta "
        "att problemet finns: " + placeholder("e-postadress eller länk till kontaktformulär",
                                                "e-mail address or link to the contact form") + ".",
        "We keep working to improve accessibility. If you find problems that are not described on this page, or "
        "think that we do not meet the law's requirements, tell us so that we know about the problem: "
        + placeholder("e-postadress eller länk till kontaktformulär", "e-mail address or link to the contact form")
        + "."))
    st.header(t("Tillsyn", "Enforcement"))
    st.markdown(t(
        "Myndigheten för digital förvaltning (Digg) har ansvaret för tillsyn över lagen om tillgänglighet till "
        "digital offentlig service. Om du inte är nöjd med hur vi hanterar dina synpunkter kan du "
        f"[kontakta Digg och påtala det]({DIGG_REPORT_FORM}).",
        "The Agency for Digital Government (Digg) is responsible for enforcing the act on accessibility to digital "
        "public service. If you are not satisfied with how we handle your comments, you can "
        f"[contact Digg and report it]({DIGG_REPORT_FORM}) (in Swedish)."))


def known_problems() -> list[tuple[str, str]]:
    """(sv, en) per problem: what, for whom, the WCAG criterion, and the alternative."""
    return [
        ("Kartan på sidan Karta ritas på en canvas (deck.gl). Områdena i kartan kan inte nås med tangentbordet "
         "och läses inte upp av skärmläsare (WCAG 1.1.1, 2.1.1). Alternativ: listan över områden bredvid kartan "
         "och tabellen under den visar samma områden och värden, och ett val i listan uppdaterar sidopanelen.",
         "The map on the Map page is drawn on a canvas (deck.gl). Its areas cannot be reached by keyboard and are "
         "not read by screen readers (WCAG 1.1.1, 2.1.1). Alternative: the area list beside the map and the table "
         "below it show the same areas and values, and choosing in the list updates the side panel."),
        ("Diagrammens enskilda värden visas som verktygstips när muspekaren hålls över dem. Diagrammen har rubrik "
         "och en kort textbeskrivning, men inte alla har en tabell bredvid sig (WCAG 1.1.1). Alternativ: "
         "sidorna Jämför och rapportera och Källor och data.",
         "The charts' individual values are shown as tooltips on mouse hover. The charts have a title and a short "
         "text description, but not every chart has a table beside it (WCAG 1.1.1). Alternative: the Compare and "
         "report and Sources and data pages."),
        ("Kartor och diagram skiljer klasser och områden med färg. Färgerna är valda och kontrollerade för "
         "rött-grönt färgseende och har förklaringar i text, men två områden långt ifrån varandra i en "
         "teckenförklaring kan ha likartade färger för den som inte ser färg (WCAG 1.4.1). Alternativ: "
         "områdets namn i verktygstips, listor och tabeller.",
         "Maps and charts tell classes and areas apart by colour. The colours are chosen and checked for "
         "red-green colour vision and have text legends, but two areas far apart in a legend can look alike to "
         "someone who sees no colour (WCAG 1.4.1). Alternative: the area's name in tooltips, lists and tables."),
        ("Gränssnittets inbyggda delar kommer från ramverket Streamlit. Vi har testat dem automatiskt och med "
         "tangentbord men inte med alla skärmläsare.",
         "The interface's built-in parts come from the Streamlit framework. We have tested them automatically and "
         "by keyboard but not with every screen reader."),
    ]


def technical_information() -> None:
    st.header(t("Teknisk information om webbplatsens tillgänglighet",
                "Technical information about the website's accessibility"))
    st.markdown(t(
        f"Webbplatsen är **delvis förenlig** med lagen om tillgänglighet till digital offentlig service, på grund "
        f"av de brister som beskrivs nedan. Vi bedömer den mot {STANDARD} (EN 301 549).",
        f"The website is **partially compliant** with the act on accessibility to digital public service, due to "
        f"the problems described below. We assess it against {STANDARD} (EN 301 549)."))
    st.subheader(t("Innehåll som inte är tillgängligt", "Content that is not accessible"))
    st.markdown(t("Bristande förenlighet med lagkraven:", "Non-compliance with the legal requirements:"))
    st.markdown("\n".join(f"- {t(sv, en)}" for sv, en in known_problems()))
    st.subheader(t("Oskäligt betungande anpassning", "Disproportionate burden"))
    st.markdown(t("Vi åberopar inte undantaget för oskäligt betungande anpassning för något innehåll.",
                  "We do not claim the exception for disproportionate burden for any content."))
    st.subheader(t("Innehåll som inte omfattas av lagkraven", "Content not within the scope of the legal requirements"))
    st.markdown(t(
        "Dokument från andra utgivare som sidan Källor och data länkar till (till exempel rapporter i PDF) är "
        "tredjepartsinnehåll som vi varken tagit fram eller finansierat.",
        "Documents by other publishers that the Sources and data page links to (for example reports in PDF) are "
        "third-party content that we have neither produced nor funded."))


def assessment() -> None:
    st.header(t("Hur vi testat webbplatsen", "How we tested the website"))
    st.markdown(t(
        "Vi har gjort en självskattning (intern testning). Varje sida testas automatiskt med axe-core mot "
        f"{STANDARD} i en webbläsare, på svenska och engelska, när sidan öppnas och efter ett val på sidan; "
        "dessutom sidans språkattribut, rubrikordning, tangentbordsnavigering och synligt fokus. Färgernas "
        "kontrast och hur de ser ut vid rött-grönt färgseende kontrolleras med beräkning.",
        "We have made a self-assessment (internal testing). Every page is tested automatically with axe-core "
        f"against {STANDARD} in a browser, in Swedish and English, when it opens and after one choice on the page; "
        "as are the page's language attribute, heading order, keyboard navigation and visible focus. The colours' "
        "contrast and how they look with red-green colour vision are checked by calculation."))
    st.markdown(t(f"Bedömningen gjordes senast {STATEMENT_DATE}. Redogörelsen uppdaterades senast {STATEMENT_DATE}.",
                  f"The assessment was last made on {STATEMENT_DATE}. The statement was last updated on {STATEMENT_DATE}."))


def render() -> None:
    introduction()
    how_accessible()
    report_and_enforcement()
    technical_information()
    assessment()
