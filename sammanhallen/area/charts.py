"""Small trend lines of one indicator for the profile (page and PDF): years without a value stay gaps."""
from __future__ import annotations

import altair as alt
import pandas as pd

from sammanhallen.i18n import t
from sammanhallen.map.data import with_gaps

LINE = "#1d5fa7"


def trend(series: pd.DataFrame, lang: str, width: int = 300, height: int = 90) -> alt.LayerChart | None:
    """The area's values of one indicator by year (rows with year, value); None without any value."""
    rows = series[["year", "value"]].dropna(subset=["value"])
    if rows.empty:
        return None
    full = with_gaps(rows.assign(year=rows["year"].astype(int)))
    base = alt.Chart(full).encode(
        x=alt.X("year:O", title=None, axis=alt.Axis(labelAngle=0, labelOverlap=True, labelFontSize=10, ticks=False)),
        y=alt.Y("value:Q", title=None, scale=alt.Scale(zero=False),
                axis=alt.Axis(format="~s", tickCount=3, labelFontSize=10, grid=False)),
        tooltip=[alt.Tooltip("year:O", title=t("År", "Year", lang)), alt.Tooltip("value:Q", title=t("Värde", "Value", lang))])
    line = base.mark_line(color=LINE, invalid="break-paths-show-domains", aria=False)
    points = base.mark_point(filled=True, color=LINE, size=30, aria=False).transform_filter("isValid(datum.value)")
    # The marks are hidden from screen readers; the values are read out as the chart's description instead.
    values = "; ".join(f"{int(y)}: {v:g}" for y, v in zip(rows["year"], rows["value"]))
    description = t("Värden per år: ", "Values by year: ", lang) + values
    return (line + points).properties(width=width, height=height, description=description).configure_view(stroke=None)
