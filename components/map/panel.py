"""The map explorer's side panel (the selected area's figures and trend) and the table under the map."""
from __future__ import annotations


import altair as alt
import pandas as pd
import streamlit as st

from components import db, state
from components.i18n import lang, pick, t, text
from sammanhallen.i18n import confidence_label
from sammanhallen.map import classes as map_classes
from sammanhallen.map import data as map_data
from sammanhallen.map import geographies as map_geographies
from sammanhallen.map import layers as ml
from sammanhallen.citations import source_line
from sammanhallen.formatting import format_value, is_missing
from components.map.view import view_key
from components.accessibility.charts import series_description

def side_panel(area_id: str, layer: map_geographies.GeoLayer, measure: map_data.Measure, year: int, rows: pd.DataFrame,
               geo: str) -> None:
    areas = layer.areas.set_index("area_id")
    name = areas.loc[area_id, "name"]
    state.put("area_id", area_id)
    state.put("area_name", name)
    with st.container(key="map-panel", border=True):
        st.subheader(name)
        st.page_link("pages/area.py", label=t("Öppna områdesprofilen", "Open the area profile"), query_params={"area": area_id})
        if areas.loc[area_id, "location"] == "approximate":
            st.caption(text(map_geographies.APPROXIMATE_NOTE))
        row = rows[rows["area_id"] == area_id]
        value = row["value"].iloc[0] if len(row) else None
        rank = ml.rank_of(rows, area_id)
        noun = text((map_geographies.GEOGRAPHIES[geo].noun_sv, map_geographies.GEOGRAPHIES[geo].noun_en))
        low = len(row) and row["confidence"].iloc[0] == "low"
        st.metric(f"{measure.name(lang())} {year}",
                  format_value(value, measure.unit, lang()) + (" *" if low else "") if not is_missing(value)
                  else t("Uppgift saknas", "No data"))
        if rank:
            st.markdown(t(f"**Rang:** {rank[0]} av {rank[1]} {noun} med värde (1 = högst)",
                          f"**Rank:** {rank[0]} of {rank[1]} {noun} with a value (1 = highest)"))
        else:
            st.caption(t("Ingen rang: området saknar värde för året.", "No rank: the area has no value for the year."))
        if low:
            st.caption(t("* Låg tillförlitlighet enligt källan.", "* Low confidence according to the source."))
        trend(area_id, measure)
        figures = db.run("map_area_figures", area_id=area_id, year=int(year))
        st.markdown("**" + t(f"Alla uppgifter för {year}", f"All figures for {year}") + "**")
        if figures.empty:
            st.caption(t(f"Inga uppgifter för området {year}.", f"No figures for the area in {year}."))
        else:
            # A list, not a table: the panel is narrow and a table hid the values off to the right.
            lines = [
                f"- {name}: **{format_value(v, u, lang())}**{LOW_MARK if c == 'low' else ''}  \n"
                f"  <small>{confidence_label(c, lang())} · {publisher}</small>"
                for name, v, u, c, publisher in zip(pick(figures, "name"), figures["value"],
                                                    figures["unit"], figures["confidence"], figures["source_publisher"])
            ]
            st.markdown("\n".join(lines), unsafe_allow_html=True)
            srcs = figures.drop_duplicates("source_id")
            st.markdown("**" + t("Källor", "Sources") + "**")
            for _, s in srcs.iterrows():
                yr = f" ({int(s['source_year'])})" if not pd.isna(s["source_year"]) else ""
                link = f" – {s['source_url']}" if s["source_url"] else ""
                st.caption(f"{s['source_publisher']}{yr}: {s['source_title']}{link}")


def trend(area_id: str, measure: map_data.Measure) -> None:
    s = map_data.series(db.run, measure, area_id)
    if s.empty or s["value"].notna().sum() == 0:
        st.caption(t("Ingen tidsserie för området.", "No time series for the area."))
        return
    full = map_data.with_gaps(s)
    base = alt.Chart(full).encode(
        x=alt.X("year:O", title=None, axis=alt.Axis(labelAngle=0, labelOverlap=True)),
        y=alt.Y("value:Q", title=None, axis=alt.Axis(format="~s", tickCount=3), scale=alt.Scale(zero=False)),
        tooltip=[alt.Tooltip("year:O", title=t("År", "Year")), alt.Tooltip("value:Q", title=t("Värde", "Value"))])
    line = base.mark_line(color="#1d5fa7", invalid="break-paths-show-domains")
    pts = base.mark_point(filled=True, color="#1d5fa7", size=45).transform_filter("isValid(datum.value)")
    st.altair_chart((line + pts).properties(height=140, description=series_description(measure.name(lang()), s, lang()),
                                            title=alt.TitleParams(
        t("Utveckling (luckor = år utan värde)", "Over time (gaps = years without a value)"), fontSize=12)),
        width="stretch")
    st.caption(source_line(s.dropna(subset=["value"]), lang(), "year"))


# ------------------------------------------------------------------------------------------ table


LOW_MARK = " \\*"  # an escaped asterisk: a bare one after bold text would start emphasis


def table(rows: pd.DataFrame, layer: map_geographies.GeoLayer, measure: map_data.Measure, classes: map_classes.Classes,
          entries: list[map_classes.LegendEntry], year: int, geo: str, params: dict) -> None:
    language = lang()
    out = _table_frame(view_key(params), language, db.data_version(), rows, measure, classes, entries, year)
    st.markdown("### " + t("Samma uppgifter som tabell", "The same data as a table"))
    st.dataframe(out, hide_index=True, key="map-table", column_config={
        t("Rang", "Rank"): st.column_config.NumberColumn(format="%d", help=t("1 = högst värde; sortera på rang för att sortera på värde",
                                                                           "1 = highest value; sort by rank to sort by value"))},
                 placeholder="–")
    st.download_button(t("Ladda ner CSV", "Download CSV"), data=lambda: ml.csv_bytes(out, language),
                       file_name=f"karta_{geo}_{measure.key}_{year}.csv", mime="text/csv", key="map-csv",
                       on_click="ignore")


@st.cache_data(show_spinner=False, max_entries=64)
def _table_frame(key: str, language: str, version: tuple, _rows: pd.DataFrame, _measure: map_data.Measure,
                 _classes: map_classes.Classes, _entries: list[map_classes.LegendEntry], year: int) -> pd.DataFrame:
    """The table as shown, formatted once per map view (``measure_view``'s key), language and data version."""
    data, measure, classes, entries = _rows, _measure, _classes, _entries  # joined.areas: NaN = no data
    data = data.assign(value=pd.to_numeric(data["value"], errors="coerce"))
    ranks = data["value"].rank(method="min", ascending=False)
    cls_label = [entries[classes.class_of(v)].label if classes.class_of(v) is not None else
                 t("Uppgift saknas", "No data") for v in data["value"]]
    out = pd.DataFrame({
        t("Område", "Area"): data["name"],
        t("Värde", "Value"): [format_value(v, measure.unit, language) for v in data["value"]],
        t("Rang", "Rank"): ranks.astype("Int64"),
        t("Klass", "Class"): cls_label,
        t("År", "Year"): year,
        t("Tillförlitlighet", "Confidence"): data["confidence"].map(lambda c: confidence_label(c, language)),
        t("Källa", "Source"): data["source_title"].fillna(""),
        t("Anmärkning", "Note"): [g if is_missing(v) else (n or "") for v, g, n in
                                  zip(data["value"], data["gap"].fillna(""), data["note"].fillna(""))],
        "area_id": data["area_id"],
    }).sort_values(t("Rang", "Rank"), na_position="last")
    return out
