"""The profile's words in one language, shared by the page and the PDF (plain Python)."""
from __future__ import annotations

import pandas as pd

from sammanhallen.citations import cite
from sammanhallen.formatting import format_number, format_share, format_value, is_missing
from sammanhallen.i18n import column, confidence_label, t
from sammanhallen.area.profile import Grant, Profile
from sammanhallen.area.search import level_label, level_plural
from sammanhallen.area.similar import Similar
from sammanhallen.programme.document import SECTION_HEADINGS
from sammanhallen.compare.diff import format_diff

LOW_MARK = " *"
KINDS = {
    "prioritised_sdn": ("Prioriterad stadsdelsnämnd", "Prioritised district committee"),
    "above_average_stadsdel": ("Stadsdel över stadens genomsnitt i index för sociala risker",
                               "Stadsdel above the city's average social-risk index"),
}


def permalink(area_id: str, lang: str, base: str = "") -> str:
    return f"{base}/omrade?area={area_id}" + t("", "&lang=en", lang)


def _date(value) -> str | None:
    return None if value is None or pd.isna(value) else pd.Timestamp(value).date().isoformat()


def validity(profile: Profile, lang: str) -> str | None:
    """'Giltigt 2007-01-01 – 2020-06-30. Från 1 juli 2020: Hägersten-Älvsjö.' or None when undated."""
    start, end = _date(profile.area.get("valid_from")), _date(profile.area.get("valid_to"))
    if not (start or end):
        return None
    line = t("Giltigt ", "Valid ", lang) + f"{start or '…'} – {end or t('tills vidare', 'to date', lang)}."
    if profile.successors:
        names = ", ".join(profile.successors)
        line += t(f" Upphörde vid gränsändringen 2020: ingår sedan dess i {names}.",
                  f" Ended with the 2020 boundary change: since then part of {names}.", lang)
    if profile.predecessors:
        names = t(" och ", " and ", lang).join(profile.predecessors)
        line += t(f" Bildat vid gränsändringen 2020 av {names}.", f" Formed by the 2020 boundary change from {names}.", lang)
    return line


def header_lines(profile: Profile, lang: str) -> list[str]:
    """Level, parent, validity and population, one fact a line."""
    area = profile.area
    lines = [t("Nivå: ", "Level: ", lang) + level_label(area["level"], lang)]
    if isinstance(area.get("parent_name"), str):
        lines.append(t("Ligger i: ", "Part of: ", lang) + f"{area['parent_name']} ({level_label(area['parent_level'], lang)})")
    valid = validity(profile, lang)
    if valid:
        lines.append(valid)
    pop = profile.population
    if pop is None:
        lines.append(t("Folkmängd: uppgift saknas.", "Population: no data.", lang))
    else:
        low = LOW_MARK if pop["confidence"] == "low" else ""
        lines.append(t("Folkmängd ", "Population ", lang) + f"{int(pop['year'])}: {format_value(pop['value'], 'persons', lang)}{low}"
                     + f" ({cite(pop['source_publisher'], pop['source_year'], pop['source_title'])})")
    return lines


def rank_text(rank, n, level: str, lang: str) -> str:
    """'3 av 14 stadsdelsområden' / '3 of 14 boroughs'."""
    if is_missing(rank) or not n:
        return "–"
    if int(n) == 1:  # "1 av 1" would read as a ranking
        return t(f"enda {level_label(level, lang)} med värde det året", f"the only {level_label(level, lang)} with a value that year", lang)
    return t(f"{int(rank)} av {int(n)}", f"{int(rank)} of {int(n)}", lang) + f" {level_plural(level, lang)}"


def difference(diff, unit: str, lang: str) -> str:
    """'+3,0 procentenheter', '−57,0' for an index; '–' when missing (compare's rule, units spelled out)."""
    return format_diff(diff, unit, lang, spelled_out=True)


def indicator_name(row, lang: str) -> str:
    return column(row, "indicator_name", lang)


def value_text(row, lang: str) -> str:
    return format_value(row["value"], row["unit"], lang) + (LOW_MARK if row["confidence"] == "low" else "")


def source_text(row) -> str:
    return cite(row["source_publisher"], row["source_year"], row["source_title"])


def indicator_table(profile: Profile, lang: str, parent_name: str | None) -> pd.DataFrame:
    """The indicators as a display table, one row each, every column text."""
    rows = []
    for _, r in profile.indicators.iterrows():
        rows.append({
            t("Indikator", "Indicator", lang): indicator_name(r, lang),
            t("Värde", "Value", lang): value_text(r, lang),
            t("År", "Year", lang): str(int(r["year"])),
            t("Rang (1 = högst)", "Rank (1 = highest)", lang): rank_text(r["rank"], r["n_ranked"], profile.area["level"], lang),
            t("Skillnad mot ", "Difference to ", lang) + (parent_name or t("överordnat område", "parent", lang)):
                difference(r["diff_parent"], r["unit"], lang),
            t("Skillnad mot Sverige", "Difference to Sweden", lang): difference(r["diff_country"], r["unit"], lang),
            t("Tillförlitlighet", "Confidence", lang): confidence_label(r["confidence"], lang),
            t("Källa", "Source", lang): source_text(r),
        })
    return pd.DataFrame(rows)


def gaps_line(profile: Profile, lang: str) -> str | None:
    if profile.gaps.empty:
        return None
    names = "; ".join(column(r, "indicator_name", lang) for _, r in profile.gaps.iterrows())
    return t(f"Inga uppgifter om {names} (andra {level_plural(profile.area['level'], lang)} har sådana).",
             f"No figures on {names} (other {level_plural(profile.area['level'], lang)} have them).", lang)


def priority_lines(priority: pd.DataFrame, lang: str) -> list[str]:
    """How the programme names the area, in its own words, with the section's heading."""
    lines = []
    for _, r in priority.iterrows():
        heading = t(*SECTION_HEADINGS.get(r["section"], (r["section"], r["section"])), lang)
        kind = t(*KINDS.get(r["kind"], (r["kind"], r["kind"])), lang)
        words = f" {r['note']}" if isinstance(r["note"], str) and r["note"] else ""
        lines.append(f"{kind} (”{r['name_as_printed']}”, {t('avsnittet', 'section', lang)} ”{heading}”).{words} "
                     f"{t('Källa', 'Source', lang)}: {cite(r['source_publisher'], r['source_year'], r['source_title'])}.")
    return lines


def grant_lines(grants: list[Grant], lang: str) -> list[str]:
    """The payment, its share of the programme's total and kronor per inhabitant (or why not)."""
    lines = []
    for g in grants:
        r = g.row
        whose = "" if r["direct"] else t(f" (summan för {r['n_districts']} stadsdelar)", f" (sum for {r['n_districts']} districts)", lang)
        line = (t(f"Stimulansmedel utbetalda december {r['year']}: ", f"Stimulus grant paid December {r['year']}: ", lang)
                + format_value(r["amount_sek"], "SEK", lang) + whose + ", "
                + t(f"{format_share(g.share, lang)} av totalt {format_value(r['total_sek'], 'SEK', lang)}.",
                    f"{format_share(g.share, lang)} of the total {format_value(r['total_sek'], 'SEK', lang)}.", lang))
        line += " " + per_inhabitant_text(g, lang)
        line += f" {t('Källa', 'Source', lang)}: {cite(r['source_publisher'], r['source_year'], r['source_title'])}."
        lines.append(line)
    return lines


def per_inhabitant_text(g: Grant, lang: str) -> str:
    pop = g.population
    if pop is None:
        return t("Per invånare: ingen folkmängd för området.", "Per inhabitant: no population figure for the area.", lang)
    pop_text = (f"{format_value(pop['value'], 'persons', lang)} ({int(pop['year'])}, "
                f"{cite(pop['source_publisher'], pop['source_year'], pop['source_title'])})")
    if g.per_inhabitant is None:
        return t(f"Per invånare: beräknas inte, folkmängden {pop_text} har låg tillförlitlighet.",
                 f"Per inhabitant: not computed, the population {pop_text} has low confidence.", lang)
    distance = int(pop["year"]) - int(g.row["year"])
    apart = "" if distance == 0 else t(f", {abs(distance)} år från utbetalningen", f", {abs(distance)} years from the payment", lang)
    return (t("Per invånare: ", "Per inhabitant: ", lang) + format_value(g.per_inhabitant, "SEK", lang, 0)
            + t(f" (folkmängd {pop_text}{apart}).", f" (population {pop_text}{apart}).", lang))


def sources(profile: Profile, extra: list[str] | None = None) -> list[str]:
    """Every distinct source of the figures shown, cited once each."""
    found = [source_text(r) for _, r in profile.indicators.iterrows()]
    found += [source_text(r) for _, r in profile.series.drop_duplicates("source_id").iterrows()]  # the trend lines' too
    if profile.population is not None:
        found.append(source_text(profile.population))
    area = profile.area
    found.append(cite(area["source_publisher"], area["source_year"], area["source_title"]))
    return list(dict.fromkeys(found + (extra or [])))


def similar_lines(result: Similar, names: dict[str, str], indicator_names: dict[str, str], min_shared: int,
                  lang: str) -> list[str]:
    """One line per neighbour, or the reason there is no ranking."""
    if result.status != "ok":
        return [t(f"För lite data för att jämföra: området har värden för {result.own_indicators} av indikatorerna i perioden och minst "
                  f"{min_shared} gemensamma med ett annat område krävs. Ingen rangordning visas.",
                  f"Too little data to compare: the area has values for {result.own_indicators} of the indicators in the period and at least "
                  f"{min_shared} shared with another area are needed. No ranking is shown.", lang)]
    lines = []
    for i, n in enumerate(result.neighbours, start=1):
        differ = ", ".join(indicator_names.get(d, d) for d in n.differ_most)
        lines.append(t(f"{i}. {names.get(n.area_id, n.area_id)}: avstånd {format_number(n.distance, 2, lang)}, "
                       f"{len(n.shared)} gemensamma indikatorer; skiljer sig mest: {differ}.",
                       f"{i}. {names.get(n.area_id, n.area_id)}: distance {format_number(n.distance, 2, lang)}, "
                       f"{len(n.shared)} shared indicators; differ most: {differ}.", lang))
    return lines
