"""Views: a page plus its selections, as in its permalink.

A view is (page key, params) where params are exactly the page's query parameters (strings).
Permalinks, storyboards and the presenter all speak this one format. Pages that can be put on a
storyboard provide a module here with:

    DEFAULTS: dict[str, str]
    def normalise(params: dict) -> dict           # fill defaults, drop unknown keys
    def chart(con, params: dict, lang: str) -> ViewChart

so a slide can be re-rendered (on screen or into a .pptx) without Streamlit.
"""
from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from urllib.parse import urlencode

STORYBOARD_PAGES = ("map", "compare", "trends")


@dataclass
class ViewChart:
    title: str
    subtitle: str
    source_line: str
    chart: object  # altair.Chart (or LayerChart/ConcatChart)
    notes: list[str] = field(default_factory=list)


def view_module(page_key: str):
    if page_key not in STORYBOARD_PAGES:
        raise KeyError(f"no view module for page '{page_key}'")
    return importlib.import_module(f"sammanhallen.{page_key}.view")


def permalink(url_path: str, params: dict, base_url: str = "") -> str:
    query = urlencode({k: v for k, v in params.items() if v not in (None, "")})
    return f"{base_url}/{url_path}" + (f"?{query}" if query else "")
