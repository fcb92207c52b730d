"""Stimulansmedel page: the December 2013 payment (chart, tables, per inhabitant) and the facts
about the grant, each with its source."""
from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from sammanhallen import grant
from sammanhallen.citations import cite, source_line
from sammanhallen.colors import color_scale
from sammanhallen.formatting import format_number, format_share, format_value

from .i18n import lang, t


def _sek(value) -> str:
    return format_value(value, "SEK", lang())


def total_banner(rows: pd.DataFrame) -> None:
    """The total computed from the rows; a prominent error if it is not 99 000 000 kr."""
    total = grant.payment_total(rows)
    expected = grant.EXPECTED_TOTAL_SEK
    col1, col2, col3 = st.columns(3)
    col1.metric(t("Utbetalt december 2013 (summa av raderna)", "Paid in December 2013 (sum of the rows)"), _sek(total))
    col2.metric(t("Stadsdelar", "Districts"), format_number(rows["area_id"].nunique(), 0, lang()))
    col3.metric(t("Kommuner", "Municipalities"), format_number(rows["municipality_id"].nunique(), 0, lang()))
    if grant.total_matches(rows):
        st.success(t(f"Summan av de 15 stadsdelarnas belopp är {_sek(total)} – samma som de 99 miljoner kronor källorna anger för den första utbetalningen.",
                     f"The 15 district amounts add up to {_sek(total)} – the same as the 99 million kronor the sources give for the first payment."))
    else:
        st.error(t(f"OBS: summan av raderna är {_sek(total)}, inte {_sek(expected)} som källorna anger. Skillnad: {_sek(total - expected)}.",
                   f"NOTE: the rows add up to {_sek(total)}, not {_sek(expected)} as the sources state. Difference: {_sek(total - expected)}."))


def funds_chart(rows: pd.DataFrame) -> alt.Chart:
    language = lang()
    data = rows[["area_id", "name", "municipality", "amount_sek", "share", "note"]].copy()
    data["label"] = [f"{format_value(a, 'SEK', language)} ({format_share(s, language)})" for a, s in zip(data.amount_sek, data.share)]
    data["amount_text"] = [format_value(a, "SEK", language) for a in data.amount_sek]
    data["share_text"] = [format_share(s, language) for s in data.share]
    domain, colours = color_scale(data["area_id"], data["name"])
    order = list(data.sort_values("amount_sek", ascending=False)["name"])
    unit = "mnkr" if language == "sv" else "MSEK"
    base = alt.Chart(data).encode(
        y=alt.Y("name:N", sort=order, title=None),
        x=alt.X("amount_sek:Q", title=t("Kronor", "SEK"),
                axis=alt.Axis(labelExpr=f"format(datum.value / 1000000, '.0f') + ' {unit}'"),
                scale=alt.Scale(domain=[0, float(data.amount_sek.max()) * 1.3])),
        tooltip=[alt.Tooltip("name:N", title=t("Stadsdel", "District")),
                 alt.Tooltip("municipality:N", title=t("Kommun", "Municipality")),
                 alt.Tooltip("amount_text:N", title=t("Belopp", "Amount")),
                 alt.Tooltip("share_text:N", title=t("Andel av totalen", "Share of total")),
                 alt.Tooltip("note:N", title=t("Källa", "Source"))],
    )
    bars = base.mark_bar().encode(color=alt.Color("name:N", scale=alt.Scale(domain=domain, range=colours), legend=None))
    labels = base.mark_text(align="left", dx=4, fontSize=12).encode(text="label:N")
    return (bars + labels).properties(
        height=alt.Step(26),
        title=alt.TitleParams(
            t("Prestationsbaserade stimulansmedel per stadsdel, december 2013", "Performance-based stimulus grant per district, December 2013"),
            subtitle=[t("Belopp och andel av den första utbetalningen, sorterat efter belopp.",
                        "Amount and share of the first payment, sorted by amount."),
                      source_line(rows, language, "year")],
            anchor="start",
        ),
    )


def district_table(rows: pd.DataFrame) -> None:
    language = lang()
    table = pd.DataFrame({
        t("Stadsdel", "District"): rows["name"],
        t("Kommun", "Municipality"): rows["municipality"],
        t("Belopp", "Amount"): [format_value(v, "SEK", language) for v in rows["amount_sek"]],
        t("Andel av totalen", "Share of total"): [format_share(v, language) for v in rows["share"]],
        t("Var beloppet står", "Where the amount is printed"): rows["note"],
    })
    st.table(table.set_index(t("Stadsdel", "District")))
    st.caption(source_line(rows, language, "year"))


def municipality_table(rows: pd.DataFrame, district_rows: pd.DataFrame) -> None:
    language = lang()
    table = pd.DataFrame({
        t("Kommun", "Municipality"): rows["municipality"],
        t("Stadsdelar", "Districts"): rows["districts"],
        t("Belopp", "Amount"): [format_value(v, "SEK", language) for v in rows["amount_sek"]],
        t("Andel av totalen", "Share of total"): [format_share(v, language) for v in rows["share"]],
    })
    st.table(table.set_index(t("Kommun", "Municipality")))
    st.caption(t("Summerat från stadsdelsraderna. ", "Summed from the district rows. ")
               + source_line(district_rows, language, "year"))


def per_inhabitant_table(rows: pd.DataFrame) -> None:
    language = lang()
    gap = grant.NO_POPULATION[language]
    out = []
    for _, r in rows[rows["population"].notna()].iterrows():
        low = r["population_confidence"] == "low"
        source = cite(r["population_source_publisher"], r["population_source_year"], r["population_source_title"])
        out.append({
            t("Stadsdel", "District"): r["name"],
            t("Utbetalt dec 2013", "Paid Dec 2013"): format_value(r["amount_sek"], "SEK", language),
            t("Folkmängd", "Population"): format_number(r["population"], 0, language) + (" *" if low else ""),
            t("År", "Year"): str(int(r["population_year"])),
            t("Skillnad mot 2013", "Difference from 2013"): grant.year_gap_text(r["years_from_payment"], language),
            t("Kronor per invånare", "SEK per inhabitant"): format_value(r["per_inhabitant"], "SEK", language, decimals=0),
            t("Källa för folkmängd", "Population source"): source,
            t("Källans formulering", "Source wording"): r["population_note"],
        })
    if out:
        st.table(pd.DataFrame(out).set_index(t("Stadsdel", "District")))
    missing = rows[rows["population"].isna()]
    if len(missing):
        st.markdown(f"**{gap[0].upper() + gap[1:]}** " + t(f"({len(missing)} av {len(rows)} stadsdelar): ", f"({len(missing)} of {len(rows)} districts): ")
                    + ", ".join(sorted(missing["name"])) + t(" – kronor per invånare kan inte anges för dem.", " – SEK per inhabitant cannot be given for them."))
    st.caption(t(
        "Folkmängd (indikatorn folkmangd) närmast 2013 där en sådan finns; inget räknas fram eller skattas. "
        "* = låg tillförlitlighet (informell källa eller ungefärlig uppgift, t.ex. ”mer än 5 000”). "
        "Beloppen: Boverket (2014), rapport 2014:17.",
        "Population (indicator folkmangd) nearest 2013 where one exists; nothing is computed or estimated. "
        "* = low confidence (informal source or approximate figure, e.g. “more than 5,000”). "
        "Amounts: Boverket (2014), report 2014:17."))


def _fact_value(row: pd.Series) -> str:
    language = lang()
    unit, value = row["unit"], row["value"]
    if unit in ("SEK", "percent", "persons", "count"):
        try:
            return format_value(float(value), unit, language)
        except ValueError:
            return str(value)
    if unit == "kr":
        try:
            return format_value(float(str(value).replace(" ", "")), "SEK", language)
        except ValueError:
            return f"{value} {unit}"
    return str(value) + (f" {unit}" if unit and unit not in ("text",) else "")


def fact_item(facts: pd.DataFrame, fact_id: str) -> None:
    """One fact: label, value, source (with heading where quoted from a document) and the quote."""
    row = facts.set_index("fact_id").loc[fact_id]
    label = row["label_sv"] if lang() == "sv" else row["label_en"]
    where = cite(row["source_publisher"], row["source_year"], row["source_title"])
    if isinstance(row["heading"], str) and row["heading"]:
        where += t(f", rubrik ”{row['heading']}”", f", heading “{row['heading']}”")
    flag = t(" (medelhög tillförlitlighet)", " (medium confidence)") if row["confidence"] == "medium" else ""
    st.markdown(f"**{label}:** {_fact_value(row)}  \n<small>{where}{flag}</small>", unsafe_allow_html=True)
    quote = row["quote"] if isinstance(row["quote"], str) else ""
    if quote and row["origin"] == "document_facts":  # verbatim passage
        st.caption(f"”{quote}”")
    elif quote:  # the compiler's note, which quotes the source
        st.caption(t("Anteckning: ", "Note: ") + quote.removeprefix("Source: "))
