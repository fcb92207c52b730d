"""Stimulansmedel page: the December 2013 payment (chart, tables, per inhabitant) and the facts
about the grant, each with its source."""
from __future__ import annotations

import html

import altair as alt
import pandas as pd
import streamlit as st

from sammanhallen.grant import figures as grant
from sammanhallen.citations import cite, labelled, source_line
from sammanhallen.colors import color_scale
from sammanhallen.formatting import format_number, format_share, format_value

from components.i18n import lang, pick, t


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


def _tick_values(maximum: float) -> list[float]:
    """Whole-million ticks, at most about six of them (never 0, 1, 2, … crowded together)."""
    millions = maximum / 1_000_000
    step = next(s for s in (1, 2, 5, 10, 20, 50, 100) if millions / s <= 6)
    return [float(i * step * 1_000_000) for i in range(int(millions // step) + 1)]


def funds_chart(rows: pd.DataFrame) -> alt.Chart:
    language = lang()
    data = rows[["area_id", "name", "municipality", "amount_sek", "share", "note"]].copy()
    data["label"] = [f"{format_value(a, 'SEK', language)} ({format_share(s, language)})" for a, s in zip(data.amount_sek, data.share)]
    data["amount_text"] = [format_value(a, "SEK", language) for a in data.amount_sek]
    data["share_text"] = [format_share(s, language) for s in data.share]
    # the axis names district and municipality; the colour stays the district's own (same on every page)
    data["district"] = [f"{n} ({m})" for n, m in zip(data.name, data.municipality)]
    domain, colours = color_scale(data["area_id"], data["name"])
    order = list(data.sort_values("amount_sek", ascending=False)["district"])
    top = float(data.amount_sek.max()) * 1.35
    base = alt.Chart(data).encode(
        y=alt.Y("district:N", sort=order, title=None, axis=alt.Axis(labelLimit=0)),
        x=alt.X("amount_sek:Q", title=t("Miljoner kronor", "Million SEK"),
                axis=alt.Axis(values=_tick_values(top), labelExpr="format(datum.value / 1000000, '.0f')"),
                scale=alt.Scale(domain=[0, top], nice=False)),
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
            subtitle=[t("Belopp och andel av den första utbetalningen, sorterat efter belopp. Kommunen inom parentes.",
                        "Amount and share of the first payment, sorted by amount. Municipality in brackets."),
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


def _population_columns(r: pd.Series, language: str) -> dict:
    """Population, its year and distance from 2013 (kept next to each other), source and wording."""
    quote = grant.quoted_passages(r["population_note"])
    return {
        t("Folkmängd", "Population"): format_number(r["population"], 0, language),
        t("Folkmängdens år", "Population year"): str(int(r["population_year"])),
        t("Skillnad mot utbetalningsåret", "Difference from the payment year"): grant.year_gap_text(r["years_from_payment"], language),
        t("Källa för folkmängd", "Population source"): cite(r["population_source_publisher"], r["population_source_year"],
                                                            r["population_source_title"]),
        t("Källans formulering", "Source wording"): f"”{quote}”" if quote else "–",
    }


def per_inhabitant_table(rows: pd.DataFrame) -> None:
    language = lang()
    usable = rows[rows["population_usable"]]
    out = []
    for _, r in usable.iterrows():
        out.append({
            t("Stadsdel", "District"): r["name"],
            t("Utbetalt dec 2013", "Paid Dec 2013"): format_value(r["amount_sek"], "SEK", language),
            t("Kronor per invånare", "SEK per inhabitant"): format_value(r["per_inhabitant"], "SEK", language, decimals=0),
            **_population_columns(r, language),
        })
    if out:
        st.table(pd.DataFrame(out).set_index(t("Stadsdel", "District")))
        years = ", ".join(f"{r['name']} {int(r['population_year'])} ({grant.year_gap_text(r['years_from_payment'], language)})"
                          for _, r in usable.iterrows())
        st.markdown(t(f"**Obs: folkmängden är inte från 2013.** Kvoten delar 2013 års belopp med folkmängden: {years}.",
                      f"**Note: the population is not from 2013.** The ratio divides the 2013 amount by the population of: {years}."))

    low = grant.low_confidence_population(rows)
    if len(low):
        gap = grant.LOW_POPULATION.in_(language)
        st.markdown(f"**{gap[0].upper() + gap[1:]}** " + t(f"({len(low)} av {len(rows)} stadsdelar):",
                                                           f"({len(low)} of {len(rows)} districts):"))
        st.table(pd.DataFrame([{
            t("Stadsdel", "District"): r["name"],
            t("Utbetalt dec 2013", "Paid Dec 2013"): format_value(r["amount_sek"], "SEK", language),
            t("Kronor per invånare", "SEK per inhabitant"): t("ingen kvot", "no ratio"),
            **_population_columns(r, language),
        } for _, r in low.iterrows()]).set_index(t("Stadsdel", "District")))

    missing = rows[rows["population"].isna()]
    if len(missing):
        gap = grant.NO_POPULATION.in_(language)
        st.markdown(f"**{gap[0].upper() + gap[1:]}** " + t(f"({len(missing)} av {len(rows)} stadsdelar): ", f"({len(missing)} of {len(rows)} districts): ")
                    + ", ".join(sorted(missing["name"])) + t(" – kronor per invånare kan inte anges för dem.", " – SEK per inhabitant cannot be given for them."))
    st.caption(t(
        "Folkmängd (indikatorn folkmangd) närmast 2013 där en sådan finns; inget räknas fram eller skattas. Kronor per invånare räknas bara "
        "med folkmängd av hög eller medelhög tillförlitlighet; uppgifter med låg tillförlitlighet (informell källa eller ungefärlig uppgift, "
        "t.ex. att stadsdelen ”passerade 5 000 invånare”) visas med sin källa men ger ingen kvot. Beloppen: Boverket (2014), rapport 2014:17.",
        "Population (indicator folkmangd) nearest 2013 where one exists; nothing is computed or estimated. SEK per inhabitant is computed only "
        "from a population of high or medium confidence; low-confidence figures (informal source or approximate figure, e.g. that the "
        "district “passed 5,000 inhabitants”) are shown with their source but give no ratio. Amounts: Boverket (2014), report 2014:17."))


def _fact_value(row: pd.Series) -> str:
    """The value as a reader expects it: amounts and shares formatted, year spans and dates without
    a unit word, a text fact (the source's own words) in quotation marks."""
    language = lang()
    unit, value = row["unit"], str(row["value"])
    unit = unit if isinstance(unit, str) else ""
    if unit in ("SEK", "percent", "persons", "count"):
        try:
            return format_value(float(value), unit, language)
        except ValueError:
            return value
    if unit == "kr" or unit.startswith("kr "):  # document facts: '99 000 000' + 'kr (under 2013 respektive 2014)'
        rest = unit[2:].strip()
        try:
            return format_value(float(value.replace(" ", "").replace("\u00a0", "")), "SEK", language) + (f" {rest}" if rest else "")
        except ValueError:
            return f"{value} {unit}"
    if unit == "text":
        return f"”{value}”"
    if unit in ("", "years", "år", "date"):
        return value
    return f"{value} {unit}"


def fact_item(facts: pd.DataFrame, fact_id: str) -> None:
    """One fact: label and value, then a small source line 'Källa: <utgivare> (<år>): <titel>' and
    the source's own (Swedish) words, quoted."""
    row = facts.set_index("fact_id").loc[fact_id]
    label = pick(row, "label")
    where = labelled(cite(row["source_publisher"], row["source_year"], row["source_title"]), lang())
    if isinstance(row["heading"], str) and row["heading"]:
        where += t(f", rubrik ”{row['heading']}”", f", heading “{row['heading']}”")
    flag = t(" (medelhög tillförlitlighet)", " (medium confidence)") if row["confidence"] == "medium" else ""
    value = _fact_value(row)
    quote = row["quote"] if isinstance(row["quote"], str) else ""
    quote_html = ""
    if quote and f"”{quote}”" != value:  # a text fact already shows the quote as its value
        quote_html = f"<br><q lang=\"sv\" style=\"quotes: none\">”{html.escape(quote)}”</q>"
    with st.container(key=f"grant-fact-{fact_id}"):
        st.markdown(f"**{label}:** {value}  \n<small>{html.escape(where)}{flag}{quote_html}</small>", unsafe_allow_html=True)
