"""AppTest runs of every registered page, in Swedish and English."""
from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from components.registry import PAGES

ROOT = Path(__file__).resolve().parents[1]
TIMEOUT = 60


def open_page(path: str, lang: str = "sv", **query) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    at.query_params["lang"] = lang
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    if path != "pages/home.py":
        at.switch_page(path)
        at.run()
    return at


def main_container_present(at: AppTest, key: str) -> bool:
    """The page renders into `components.page.main_container(key)`."""
    def walk(node):
        yield node
        for child in getattr(node, "children", {}).values():
            yield from walk(child)

    return any(getattr(node, "proto", None) is not None and f"page-{key}" in str(node.proto) for node in walk(at._tree))


@pytest.mark.parametrize("spec", PAGES, ids=[p.key for p in PAGES])
@pytest.mark.parametrize("lang", ["sv", "en"])
def test_page_renders_without_exception(db_path, spec, lang):
    at = open_page(spec.path, lang)
    assert not at.exception, [e.value for e in at.exception]
    assert main_container_present(at, spec.key), "the page's main container was not rendered"
    # Without a placeholder of its own an empty list shows Streamlit's English "Choose options".
    unlabelled = [m.label for m in at.multiselect if not m.proto.placeholder]
    unlabelled += [s.label for s in at.selectbox if not s.proto.HasField("default") and not s.proto.placeholder]
    assert not unlabelled, f"lists without a {lang} placeholder: {unlabelled}"


def test_home_headlines_come_from_the_rows(db_path):
    at = open_page("pages/home.py")
    values = {m.label: m.value for m in at.metric}
    assert values["Utbetalt december 2013"].replace("\u00a0", " ") == "99,0 mnkr"
    assert values["Stadsdelar / kommuner"] == "15 / 9"


def test_language_switch_changes_the_home_page(db_path):
    at = open_page("pages/home.py", lang="sv")
    at.sidebar.radio(key="lang").set_value("en").run()
    assert "Paid in December 2013" in [m.label for m in at.metric]
