"""Storyboards: named, ordered lists of saved views (slides) kept as JSON files.

A slide is a view — page key + the page's query params, exactly as in its permalink — with a
title and a speaker note. Each storyboard is one JSON file under
`$DASHBOARD_USER_DIR/storyboards/` (default data/user/, git-ignored), read at call time so tests and
deployments can point elsewhere. Every write goes to a temporary file in the same directory and
is moved into place with os.replace, so a crash leaves either the old or the new file, never half
of one.

No Streamlit here: the presenter page, the .pptx export and the tests all use this module.
"""
from __future__ import annotations

import hashlib
import json
import os
import tempfile
import threading
import uuid
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from sammanhallen.codes import slugify
from sammanhallen.paths import user_dir

FORMAT_VERSION = 1
_LOCK = threading.Lock()  # one writer at a time within a server process


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


@dataclass
class Slide:
    page_key: str
    params: dict[str, str]
    title: str
    note: str = ""
    slide_id: str = field(default_factory=lambda: uuid.uuid4().hex[:12])

    @classmethod
    def from_dict(cls, data: dict) -> "Slide":
        return cls(
            page_key=str(data["page_key"]),
            params={str(k): str(v) for k, v in (data.get("params") or {}).items()},
            title=str(data.get("title") or ""),
            note=str(data.get("note") or ""),
            slide_id=str(data.get("slide_id") or uuid.uuid4().hex[:12]),
        )


@dataclass
class Storyboard:
    name: str
    slides: list[Slide] = field(default_factory=list)
    updated: str = ""

    def index_of(self, slide_id: str) -> int:
        for i, slide in enumerate(self.slides):
            if slide.slide_id == slide_id:
                return i
        raise KeyError(f"no slide '{slide_id}' in storyboard '{self.name}'")

    def to_dict(self) -> dict:
        return {"version": FORMAT_VERSION, "name": self.name, "updated": self.updated,
                "slides": [asdict(s) for s in self.slides]}

    @classmethod
    def from_dict(cls, data: dict) -> "Storyboard":
        return cls(name=str(data["name"]), slides=[Slide.from_dict(s) for s in data.get("slides", [])],
                   updated=str(data.get("updated") or ""))


def move(items: list, index: int, delta: int) -> list:
    """A copy of items with items[index] moved by delta places (clamped at the ends)."""
    out = list(items)
    target = max(0, min(len(out) - 1, index + delta))
    out.insert(target, out.pop(index))
    return out


def clean_params(params: dict) -> dict[str, str]:
    """Query params as strings; the language is the viewer's choice, not part of the view."""
    out = {}
    for key, value in dict(params).items():
        if key == "lang" or value is None:
            continue
        if isinstance(value, (list, tuple)):
            value = ",".join(str(v) for v in value)
        out[str(key)] = str(value)
    return out


class StoryboardStore:
    """Named storyboards as JSON files in `root` (default: $DASHBOARD_USER_DIR/storyboards)."""

    def __init__(self, root: Path | str | None = None):
        self._root = Path(root) if root is not None else None

    @property
    def root(self) -> Path:
        return self._root if self._root is not None else user_dir() / "storyboards"

    def path_for(self, name: str) -> Path:
        digest = hashlib.sha1(name.encode("utf-8")).hexdigest()[:8]
        return self.root / f"{slugify(name) or 'storyboard'}-{digest}.json"

    # reading ------------------------------------------------------------------------------
    def names(self) -> list[str]:
        if not self.root.exists():
            return []
        found = []
        for path in sorted(self.root.glob("*.json")):
            try:
                found.append(json.loads(path.read_text(encoding="utf-8"))["name"])
            except (OSError, ValueError, KeyError):
                continue  # an unreadable file is skipped, not fatal
        return sorted(found, key=str.casefold)

    def exists(self, name: str) -> bool:
        return self.path_for(name).exists()

    def load(self, name: str) -> Storyboard:
        path = self.path_for(name)
        if not path.exists():
            return Storyboard(name=name)
        return Storyboard.from_dict(json.loads(path.read_text(encoding="utf-8")))

    # writing ------------------------------------------------------------------------------
    def save(self, board: Storyboard) -> Storyboard:
        name = board.name.strip()
        if not name:
            raise ValueError("a storyboard needs a name")
        board.name = name
        board.updated = _now()
        path = self.path_for(name)
        path.parent.mkdir(parents=True, exist_ok=True)
        text = json.dumps(board.to_dict(), ensure_ascii=False, indent=2)
        with _LOCK:
            handle, temp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".json")
            try:
                with os.fdopen(handle, "w", encoding="utf-8") as out:
                    out.write(text)
                    out.flush()
                    os.fsync(out.fileno())
                os.replace(temp, path)
            except BaseException:
                Path(temp).unlink(missing_ok=True)
                raise
        return board

    def add_slide(self, name: str, page_key: str, params: dict, title: str, note: str = "") -> Slide:
        board = self.load(name)
        slide = Slide(page_key=page_key, params=clean_params(params), title=title.strip() or page_key, note=note.strip())
        board.slides.append(slide)
        self.save(board)
        return slide

    def update_slide(self, name: str, slide_id: str, title: str | None = None, note: str | None = None) -> Storyboard:
        board = self.load(name)
        slide = board.slides[board.index_of(slide_id)]
        if title is not None:
            slide.title = title.strip() or slide.title
        if note is not None:
            slide.note = note.strip()
        return self.save(board)

    def move_slide(self, name: str, slide_id: str, delta: int) -> Storyboard:
        board = self.load(name)
        board.slides = move(board.slides, board.index_of(slide_id), delta)
        return self.save(board)

    def delete_slide(self, name: str, slide_id: str) -> Storyboard:
        board = self.load(name)
        board.slides.pop(board.index_of(slide_id))
        return self.save(board)

    def delete(self, name: str) -> None:
        self.path_for(name).unlink(missing_ok=True)


# rendering a slide without Streamlit ---------------------------------------------------------
class SlideUnavailable(Exception):
    """The slide's view cannot be drawn (its page has no view module yet, or it failed)."""


def slide_view(con, slide: Slide, lang: str = "sv", **size):
    """The slide's ViewChart via sammanhallen.views.<page>.chart(con, params, lang).

    Size keywords (width, height, font_scale) are passed only to view modules that accept them.
    Raises SlideUnavailable with a readable reason instead of crashing."""
    import inspect

    from sammanhallen.views import view_module

    try:
        module = view_module(slide.page_key)
        render = module.chart
        params = module.normalise(slide.params) if hasattr(module, "normalise") else dict(slide.params)
    except (ImportError, KeyError, AttributeError) as error:
        raise SlideUnavailable(f"no view for page '{slide.page_key}' yet ({type(error).__name__}: {error})") from error
    accepted = inspect.signature(render).parameters
    kwargs = {k: v for k, v in size.items() if k in accepted}
    try:
        return render(con, params, lang, **kwargs)
    except Exception as error:  # a broken view must not take the presentation down
        raise SlideUnavailable(f"the view for page '{slide.page_key}' failed: {type(error).__name__}: {error}") from error
