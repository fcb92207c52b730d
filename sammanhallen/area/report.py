"""The whole profile as one Document for the PDF (sammanhallen/area/pdf.py), from the same figures
and words as the page."""
from __future__ import annotations

import pandas as pd

from sammanhallen.i18n import column, confidence_label, t
from sammanhallen.area import charts, locator as area_locator, pdf, text
from sammanhallen.area.profile import Grant, Profile
from sammanhallen.area.similar import Similar


def indicator_blocks(profile: Profile, lang: str) -> list[pdf.Block]:
    parent = profile.area.get("parent_name") if isinstance(profile.area.get("parent_name"), str) else None
    blocks = []
    for _, r in profile.indicators.iterrows():
        facts = [f"{text.value_text(r, lang)} ({int(r['year'])})",
                 t("rang ", "rank ", lang) + text.rank_text(r["rank"], r["n_ranked"], profile.area["level"], lang)]
        if parent and not pd.isna(r["diff_parent"]):
            facts.append(t(f"mot {parent} ", f"vs {parent} ", lang) + text.difference(r["diff_parent"], r["unit"], lang))
        if not pd.isna(r["diff_country"]):
            facts.append(t("mot Sverige ", "vs Sweden ", lang) + text.difference(r["diff_country"], r["unit"], lang))
        lines = [" · ".join(facts),
                 t("Tillförlitlighet: ", "Confidence: ", lang) + confidence_label(r["confidence"], lang)
                 + ". " + t("Källa: ", "Source: ", lang) + text.source_text(r)]
        series = profile.series[profile.series["indicator_id"] == r["indicator_id"]]
        chart = charts.trend(series, lang, width=200, height=60) if series["year"].nunique() > 1 else None
        blocks.append(pdf.Block(text.indicator_name(r, lang), lines, chart))
    return blocks


def document(profile: Profile, areas: pd.DataFrame, priority: pd.DataFrame, grants: list[Grant], similar: Similar | None,
             min_shared: int, permalink: str, lang: str) -> pdf.Document:
    names = dict(zip(areas["area_id"], areas["name"]))
    indicator_names = {r["indicator_id"]: column(r, "indicator_name", lang) for _, r in profile.series.iterrows()}
    loc = area_locator.locate(profile.area, areas)
    sections = [(t("Indikatorer", "Indicators", lang), indicator_blocks(profile, lang)
                 or [pdf.Block(t("Inga värden", "No values", lang), [t("Området har inga indikatorvärden i data.",
                                                                       "The area has no indicator values in the data.", lang)])])]
    gaps = text.gaps_line(profile, lang)
    if gaps:
        sections.append((t("Luckor", "Gaps", lang), [pdf.Block("", [gaps])]))
    programme = text.priority_lines(priority, lang) + text.grant_lines(grants, lang)
    if programme:
        sections.append((t("Programmet och stimulansmedlen", "The programme and the stimulus grant", lang),
                         [pdf.Block("", programme)]))
    if similar is not None:
        sections.append((t("Liknande områden", "Similar areas", lang),
                         [pdf.Block("", text.similar_lines(similar, names, indicator_names, min_shared, lang))]))
    extra = [text.source_text(r) for _, r in priority.iterrows()] + [text.source_text(g.row) for g in grants]
    return pdf.Document(
        title=profile.area["name"], header=text.header_lines(profile, lang),
        locator=area_locator.chart(loc, lang, 240, 240), locator_note=loc.sentence.in_(lang) if loc.sentence else None,
        sections=sections, sources=text.sources(profile, extra), permalink=permalink, lang=lang,
        notes=[t("* = låg tillförlitlighet enligt källan.", "* = low confidence according to the source.", lang)]
        if (profile.indicators["confidence"] == "low").any() else [])
