"""A text alternative for every Vega-Lite chart (WCAG 1.1.1).

Vega writes a spec's `description` into the chart container's aria-label; without one a screen reader
hears "Vega visualization". Charts that set their own description keep it; the others are described
by their title and subtitle, which name the measure, the areas, the years and the source. The values
themselves are read from the marks, which Vega-Lite labels with their fields.
"""
from __future__ import annotations

from sammanhallen.formatting import format_number

CHILD_KEYS = ("layer", "vconcat", "hconcat", "concat")
# Streamlit's chart theme draws axis, legend and header labels in its gray70 (#808495, 3.7:1 on white);
# chart text is text (WCAG 1.4.3), so a spec that does not choose its own gets a dark grey (10:1).
CHART_TEXT = "#3b3b3b"
READABLE_TEXT = {
    "axis": {"labelColor": CHART_TEXT, "titleColor": CHART_TEXT},
    "legend": {"labelColor": CHART_TEXT, "titleColor": CHART_TEXT},
    "header": {"labelColor": CHART_TEXT, "titleColor": CHART_TEXT},
    "title": {"color": CHART_TEXT, "subtitleColor": CHART_TEXT},
}


def title_lines(spec: dict) -> list[str]:
    """The title and subtitle lines of a spec, or of its first child that has a title."""
    title = spec.get("title")
    if title is None:
        for key in CHILD_KEYS:
            for child in spec.get(key) or []:
                lines = title_lines(child)
                if lines:
                    return lines
        spec_child = spec.get("spec")
        return title_lines(spec_child) if isinstance(spec_child, dict) else []
    if isinstance(title, dict):
        parts = [title.get("text"), title.get("subtitle")]
    else:
        parts = [title]
    lines: list[str] = []
    for part in parts:
        lines += [str(x) for x in (part if isinstance(part, list) else [part]) if x]
    return lines


def accessible(spec: dict) -> dict:
    """The spec with a text alternative and chart text at 4.5:1."""
    return readable(described(spec))


def readable(spec: dict) -> dict:
    """The spec with READABLE_TEXT under its own config (a colour the spec sets itself wins)."""
    config = dict(spec.get("config") or {})
    for group, colours in READABLE_TEXT.items():
        config[group] = {**colours, **(config.get(group) or {})}
    return {**spec, "config": config}


def described(spec: dict) -> dict:
    """The spec with a `description`: its own, or its title and subtitle as sentences."""
    if spec.get("description"):
        return spec
    lines = [line.strip().rstrip(".") for line in title_lines(spec) if line.strip()]
    return {**spec, "description": ". ".join(lines) + "."} if lines else spec


def series_description(name: str, series, lang: str) -> str:
    """'Name: 2015: 12,3; 2016: 11,8.' from a frame with year and value columns; years without a value are left out."""
    known = series.dropna(subset=["value"])
    points = "; ".join(f"{int(row.year)}: {format_number(row.value, lang=lang)}" for row in known.itertuples())
    return f"{name}: {points}."
