"""The README's "What is where" stays true: every path it names exists, and every page has a row."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from components.registry import PAGES

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"


def what_is_where() -> str:
    text = README.read_text(encoding="utf-8")
    start = text.index("## What is where")
    return text[start:text.index("\n## ", start + 1)]


def named_paths() -> list[str]:
    cells = [c for line in what_is_where().splitlines() if line.startswith("|") for c in line.split("|")]
    found = {p for c in cells for p in re.findall(r"`([^`]+)`", c)}
    return sorted(p for p in found if " " not in p and ("/" in p or p.endswith(".py")))


@pytest.mark.parametrize("path", named_paths())
def test_every_path_in_the_readme_exists(path):
    matches = list(ROOT.glob(path.rstrip("/"))) if "*" in path else [ROOT / path.rstrip("/")]
    assert matches and all(m.exists() for m in matches), f"README names {path}, which does not exist"


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.key)
def test_every_page_has_a_row_naming_its_folders(page):
    rows = [line for line in what_is_where().splitlines() if f"(`{page.key}`)" in line]
    assert rows, f"no row for page key {page.key}"
    assert f"`{page.path}`" in rows[0]
    for layer in ("components", "sammanhallen"):
        folder = ROOT / layer / page.key
        if folder.is_dir():
            assert f"`{layer}/{page.key}/`" in rows[0], f"{layer}/{page.key}/ exists but its row does not name it"


@pytest.mark.parametrize("layer", ["components", "sammanhallen", "tests"])
def test_every_feature_folder_is_a_page_key_or_shared(layer):
    keys = {p.key for p in PAGES}
    shared = {"data", "browser", "fixtures", "artifacts", "__pycache__"}  # artifacts: screenshots, git-ignored
    folders = {p.name for p in (ROOT / layer).iterdir() if p.is_dir()} - shared
    assert folders <= keys, f"{layer}/ has folders that are no page key: {sorted(folders - keys)}"
