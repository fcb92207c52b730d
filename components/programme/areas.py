"""Programmet page: the six prioritised stadsdelsnämnder and the stadsdelar above the city's
social-risk average, on a small map and as lists, faithful to the document's two sections."""
from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from sammanhallen.map import boundaries, geometry
from sammanhallen.programme import document as programme
from sammanhallen.colors import area_color

from components.db import data_version
from components.i18n import lang, pick, t
from components.vega import with_arrow_datasets

# "Other stadsdelar": a very light warm off-white, clearly lighter than every SDN colour from
# sammanhallen.colors.area_color (Skärholmen's is mid grey #888888), with grey edges so the
# stadsdelar stay readable against the page background.
OTHER_FILL = "#f4f1ea"
OTHER_EDGE = "#b9b9b9"


@st.cache_data(show_spinner=False)
def _map_frames(priority: pd.DataFrame):
    """Stadsdelar with status and borough (no geometry), plus GeoJSON features wound for Altair:
    all stadsdelar and the six prioritised SDN outlines. Cached: geometry is read once."""
    frame = programme.map_frame(boundaries.stockholm_stadsdelar(), boundaries.stockholm_crosswalk(), priority)
    sdn = boundaries.stockholm_boroughs("2007-2019")
    prioritised = set(priority.loc[priority["kind"] == "prioritised_sdn", "area_id"])
    outlines = sdn[sdn["area_id"].isin(prioritised)]
    table = pd.DataFrame(frame.drop(columns=frame.geometry.name))
    areas = geometry.for_altair(frame[["area_id", "geometry"]]).__geo_interface__["features"]
    edges = geometry.for_altair(outlines[["area_id", "name", "geometry"]]).__geo_interface__["features"]
    points = outlines.to_crs(3006).representative_point().to_crs(4326)
    labels = pd.DataFrame({"name": outlines["name"].values, "lon": points.x.values, "lat": points.y.values})
    return table, areas, edges, labels


def _status_text(status: str) -> str:
    return {
        "both": t("Namngiven i båda avsnitten", "Named in both sections"),
        "prioritised_only": t("Bara i avsnittet Prioriterade stadsdelsnämnder", "Only in the section Prioritised district committees"),
        "local_only": t("Bara i avsnittet Lokalt arbete med social hållbarhet", "Only in the section Local work on social sustainability"),
        "not_named": t("Inte namngiven", "Not named"),
    }[status]


def priority_map_spec(priority: pd.DataFrame) -> dict:
    """The map as a Vega-Lite spec, built once per language and data version: building and validating the
    Altair chart of 117 district shapes was most of the page's rerun (about 0.5 s)."""
    return _priority_map_spec(lang(), data_version(), priority)


@st.cache_data(show_spinner=False, max_entries=8)
def _priority_map_spec(language: str, version: tuple, _priority: pd.DataFrame) -> dict:
    return with_arrow_datasets(priority_map(_priority).to_dict())


def priority_map(priority: pd.DataFrame) -> alt.LayerChart:
    table, areas, edges, labels = _map_frames(priority)
    other = t("Övriga stadsdelar", "Other stadsdelar")
    named = table["status"] != "not_named"
    props = table.assign(legend=table["borough"].where(named, other), status_text=table["status"].map(_status_text))
    props = props.set_index("area_id")[["name", "borough", "status", "legend", "status_text"]].to_dict("index")
    features = [{**f, "properties": {**f["properties"], **props[f["properties"]["area_id"]]}} for f in areas]
    six = sorted((f["properties"]["name"], f["properties"]["area_id"]) for f in edges)
    scale = alt.Scale(domain=[n for n, _ in six] + [other], range=[area_color(a) for _, a in six] + [OTHER_FILL])
    base = alt.Chart(alt.Data(values=features)).mark_geoshape(stroke=OTHER_EDGE, strokeWidth=0.5).encode(
        color=alt.Color("properties.legend:N", scale=scale, title=t("Stadsdelsnämnd (2007–2019)", "District committee (2007–2019)"),
                            legend=alt.Legend(symbolStrokeColor="#777", symbolStrokeWidth=1, symbolOpacity=1)),
        opacity=alt.condition("datum.properties.status === 'prioritised_only'", alt.value(0.45), alt.value(0.9)),
        tooltip=[alt.Tooltip("properties.name:N", title=t("Stadsdel", "Stadsdel")),
                 alt.Tooltip("properties.borough:N", title=t("Stadsdelsnämnd", "District committee")),
                 alt.Tooltip("properties.status_text:N", title=t("I programmet", "In the programme"))],
    ).project(type="mercator")
    outline = alt.Chart(alt.Data(values=edges)).mark_geoshape(fill=None, stroke="#222", strokeWidth=1.6, aria=False).project(type="mercator")
    dashed = alt.Chart(alt.Data(values=[f for f in features if f["properties"]["status"] == "prioritised_only"])).mark_geoshape(
        fill=None, stroke="#000", strokeWidth=2, strokeDash=[4, 3], aria=False).project(type="mercator")
    names = alt.Chart(labels).mark_text(fontSize=11, fontWeight="bold", dy=-2, stroke="white", strokeWidth=3).encode(
        longitude="lon:Q", latitude="lat:Q", text="name:N").project(type="mercator")
    names_fill = alt.Chart(labels).mark_text(fontSize=11, fontWeight="bold", dy=-2, color="#111").encode(
        longitude="lon:Q", latitude="lat:Q", text="name:N").project(type="mercator")
    return (base + outline + dashed + names + names_fill).properties(
        height=560,
        description=t("Karta över Stockholms stadsdelar. Prioriterade stadsdelsnämnder: ", "Map of Stockholm's stadsdelar. "
                      "Prioritised district committees: ") + ", ".join(n for n, _ in six) + t(
                      ". Samma uppgifter finns i listorna under kartan.", ". The lists below the map give the same information."),
        title=alt.TitleParams(
            t("Programmets områden i Stockholm", "The programme's areas in Stockholm"),
            subtitle=[t("Färg: stadsdelar namngivna som över stadens genomsnitt.", "Colour: stadsdelar named as above the city's average."),
                      t("Svart kant: de sex prioriterade stadsdelsnämnderna.", "Black edge: the six prioritised district committees."),
                      t("Streckad, ljusare: bara i det ena avsnittet (Vällingby).", "Dashed, lighter: named in one section only (Vällingby)."),
                      t("Källa: Stockholms stad (2014): Program för en sammanhållen stad", "Source: City of Stockholm (2014): Program för en sammanhållen stad"),
                      t("2015–2020. Gränser: KTHHealthData/stockholm-stadsdelar.", "2015–2020. Boundaries: KTHHealthData/stockholm-stadsdelar.")],
            anchor="start"),
    )


def lists(priority: pd.DataFrame) -> None:
    table = _map_frames(priority)[0]
    borough = dict(zip(table["area_id"], table["borough"]))
    sdn = priority[(priority["kind"] == "prioritised_sdn") & (priority["section"] == programme.SECTION_PRIORITISED)]
    st.markdown(t("**De sex prioriterade stadsdelsnämnderna:** ", "**The six prioritised district committees:** ")
                + ", ".join(sdn["name_as_printed"]))
    st.caption(t("Rubrik ”Prioriterade stadsdelsnämnder”; samma sex nämns i ”Lokalt arbete med social hållbarhet”.",
                 "Heading “Prioriterade stadsdelsnämnder”; the same six are named under “Lokalt arbete med social hållbarhet”."))
    sections = programme.compare_sections(priority)
    n_first, n_second = int(sections["in_prioritised"].sum()), int(sections["in_local"].sum())
    only_first = list(sections.loc[sections["in_prioritised"] & ~sections["in_local"], "area_name"])
    spelled = sections[sections["spelling_differs"]]
    spelled_sv = ", ".join(f"{r.area_name} som ”{r.name_as_printed_local}”" for r in spelled.itertuples())
    spelled_en = ", ".join(f"{r.area_name} as “{r.name_as_printed_local}”" for r in spelled.itertuples())
    st.warning(t(
        f"Dokumentet är inte konsekvent: avsnittet ”Prioriterade stadsdelsnämnder” namnger {n_first} stadsdelar (inklusive "
        f"{', '.join(only_first)}), avsnittet ”Lokalt arbete med social hållbarhet” namnger {n_second} (utan {', '.join(only_first)}) "
        f"och stavar {spelled_sv}. Nedan visas de kanoniska namnen och stavningen i varje avsnitt.",
        f"The document is not consistent: the section “Prioriterade stadsdelsnämnder” names {n_first} stadsdelar (including "
        f"{', '.join(only_first)}), the section “Lokalt arbete med social hållbarhet” names {n_second} (without {', '.join(only_first)}) "
        f"and spells {spelled_en}. Below are the canonical names and the spelling in each section."))
    dash = "—"
    table = pd.DataFrame({
        t("Stadsdel (kanoniskt namn)", "Stadsdel (canonical name)"): sections["area_name"],
        t("Stadsdelsnämnd", "District committee"): sections["area_id"].map(borough),
        t("Tryckt under ”Prioriterade stadsdelsnämnder”", "Printed under “Prioriterade stadsdelsnämnder”"):
            sections["name_as_printed_prioritised"].replace("", dash),
        t("Tryckt under ”Lokalt arbete med social hållbarhet”", "Printed under “Lokalt arbete med social hållbarhet”"):
            sections["name_as_printed_local"].replace("", dash),
    })
    table.index = range(1, len(table) + 1)
    st.table(table)
    st.caption(t(
        "”—” = inte namngiven i avsnittet. Avsnittet Prioriterade stadsdelsnämnder säger ”över stadens genomsnitt”, ”högt index” (Hässelby-Vällingby) "
        "och ”förhöjda indikatorer för social risk” (Farsta). Källa: Stockholms stad (2014): Program för en sammanhållen stad 2015–2020.",
        "“—” = not named in the section. The section Prioriterade stadsdelsnämnder says “above the city's average”, “a high index” "
        "(Hässelby-Vällingby) and “elevated indicators of social risk” (Farsta). Source: City of Stockholm (2014): Program för en sammanhållen stad 2015–2020."))


def facts_list(facts: pd.DataFrame, fact_ids: list[str]) -> None:
    """Each fact with its value, the heading it stands under and the verbatim passage (a passage
    shared by consecutive facts is quoted once)."""
    rows = facts.set_index("fact_id")
    for i, fact_id in enumerate(fact_ids):
        row = rows.loc[fact_id]
        label = pick(row, "label")
        value, unit = str(row["value"]), row["unit"] if isinstance(row["unit"], str) else ""
        shown = f"{unit}: {value}" if unit and ";" in value else (f"{value} {unit}".strip())
        st.markdown(f"**{label}:** {shown}  \n<small>{DOC_CITE()} {t('rubrik', 'heading')} ”{row['heading']}”</small>",
                    unsafe_allow_html=True)
        following = rows.loc[fact_ids[i + 1], "passage"] if i + 1 < len(fact_ids) else None
        if isinstance(row["passage"], str) and row["passage"] and row["passage"] != following:
            st.caption(f"”{row['passage']}”")


def DOC_CITE() -> str:  # noqa: N802 - reads like a constant at the call site
    return t("Program för en sammanhållen stad 2015–2020,", "Program för en sammanhållen stad 2015–2020,")
