"""Source lines for charts, tables and exports: 'Källa: Boverket (2014), rapport 2014:17'."""
from __future__ import annotations

import pandas as pd

from sammanhallen.i18n import Text, t

SOURCE = Text("Källa", "Source")
SOURCES = Text("Källor", "Sources")
_LOW = Text("Värden markerade * har låg tillförlitlighet enligt källan.",
            "Values marked * have low confidence according to the source.")


def cite(publisher: str | None, year, title: str | None) -> str:
    """'Boverket (2014): Uppföljning …'."""
    who = publisher or ""
    when = f" ({int(year)})" if year is not None and not pd.isna(year) else ""
    what = f": {title}" if title else ""
    return f"{who}{when}{what}".strip(": ")


def labelled(citation: str, lang: str = "sv") -> str:
    """'Källa: Boverket (2014): …' / 'Source: …': one citation after the word for source; empty stays empty."""
    return f"{SOURCE.in_(lang)}: {citation}" if citation else ""


def source_line(rows: pd.DataFrame, lang: str = "sv", year_column: str | None = None) -> str:
    """One line naming every distinct source in rows (columns source_publisher, source_title,
    optionally source_year), the years shown, and a low-confidence flag when any row has one."""
    if rows is None or rows.empty or "source_title" not in rows:
        return ""
    # Plain lists, one pass: the pandas version (dropna, reindex, drop_duplicates) cost a millisecond or
    # more per call on frames of a few rows, and pages draw several lines on every run.
    def column(name: str) -> list:
        return rows[name].tolist() if name in rows else [None] * len(rows)

    titles, publishers, source_years = column("source_title"), column("source_publisher"), column("source_year")
    present = [i for i, title in enumerate(titles) if not _missing(title)]
    seen: list[str] = []
    for key in dict.fromkeys((_clean(publishers[i]), _clean(source_years[i]), titles[i]) for i in present):
        text = cite(*key)
        if text and text not in seen:  # distinct sources, in order of appearance
            seen.append(text)
    if not seen:
        return ""
    line = f"{(SOURCE if len(seen) == 1 else SOURCES).in_(lang)}: " + "; ".join(seen) + "."
    if year_column and year_column in rows:
        shown = column(year_column)
        years = sorted({int(shown[i]) for i in present if not _missing(shown[i])})
        if years:
            span = str(years[0]) if len(years) == 1 else f"{years[0]}–{years[-1]}"
            line += t(" År: ", " Year: ", lang) + span + "."
    if "confidence" in rows and any(c == "low" for c in (column("confidence")[i] for i in present)):
        line += " " + _LOW.in_(lang)
    return line


def _missing(value) -> bool:
    return value is None or bool(pd.isna(value))


def _clean(value):
    """A missing value as None, so that rows without a publisher or year count as one source."""
    return None if _missing(value) else value
