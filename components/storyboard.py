"""'Add to storyboard' for the map, compare and trends pages (full version: trends/presenter issue)."""
from __future__ import annotations


def add_to_storyboard(page_key: str, params: dict) -> None:
    """Render the control that saves the current view (page + params) as a slide.

    Placeholder: renders nothing until the storyboard store exists."""
    return None
