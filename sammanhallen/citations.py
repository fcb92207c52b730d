"""Source lines for charts, tables and exports: 'Källa: Boverket (2014), rapport 2014:17'."""
from __future__ import annotations

import pandas as pd

_PREFIX = {"sv": ("Källa", "Källor"), "en": ("Source", "Sources")}
_LOW = {
    "sv": "Värden markerade * har låg tillförlitlighet enligt källan.",
    "en": "Values marked * have low confidence according to the source.",
}


def cite(publisher: str | None, year, title: str | None) -> str:
    """'Boverket (2014): Uppföljning …'."""
    who = publisher or ""
    when = f" ({int(year)})" if year is not None and not pd.isna(year) else ""
    what = f": {title}" if title else ""
    return f"{who}{when}{what}".strip(": ")


def source_line(rows: pd.DataFrame, lang: str = "sv", year_column: str | None = None) -> str:
    """One line naming every distinct source in rows (columns source_publisher, source_title,
    optionally source_year), the years shown, and a low-confidence flag when any row has one."""
    if rows is None or rows.empty or "source_title" not in rows:
        return ""
    present = rows.dropna(subset=["source_title"])
    # Distinct sources first (in order of appearance): a map has one row per area, most share a source.
    triples = present.reindex(columns=["source_publisher", "source_year", "source_title"]).drop_duplicates()
    seen: list[str] = []
    for publisher, year, title in triples.itertuples(index=False, name=None):
        text = cite(None if pd.isna(publisher) else publisher, year, title)
        if text and text not in seen:
            seen.append(text)
    if not seen:
        return ""
    singular, plural = _PREFIX[lang]
    line = f"{singular if len(seen) == 1 else plural}: " + "; ".join(seen) + "."
    if year_column and year_column in present and present[year_column].notna().any():
        years = sorted({int(y) for y in present[year_column].dropna()})
        span = str(years[0]) if len(years) == 1 else f"{years[0]}–{years[-1]}"
        line += (" År: " if lang == "sv" else " Year: ") + span + "."
    if "confidence" in present and (present["confidence"] == "low").any():
        line += " " + _LOW[lang]
    return line
