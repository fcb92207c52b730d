"""The accessibility statement has the parts DIGG's model requires, in both languages."""
from __future__ import annotations

import pytest

from components.accessibility.statement import DIGG_REPORT_FORM

from .test_pages import open_page

REQUIRED_HEADINGS = {
    "sv": ["Hur tillgänglig är webbplatsen?", "Rapportera brister i webbplatsens tillgänglighet", "Tillsyn",
           "Teknisk information om webbplatsens tillgänglighet", "Innehåll som inte är tillgängligt",
           "Oskäligt betungande anpassning", "Innehåll som inte omfattas av lagkraven", "Hur vi testat webbplatsen"],
    "en": ["How accessible is the website?", "Report accessibility problems", "Enforcement",
           "Technical information about the website's accessibility", "Content that is not accessible",
           "Disproportionate burden", "Content not within the scope of the legal requirements", "How we tested the website"],
}
CONFORMANCE = {"sv": "delvis förenlig", "en": "partially compliant"}


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_statement_has_digg_parts(db_path, lang):
    at = open_page("pages/accessibility.py", lang)
    assert not at.exception
    headings = [h.value for h in at.header] + [h.value for h in at.subheader]
    assert [h for h in REQUIRED_HEADINGS[lang] if h not in headings] == []
    text = " ".join(m.value for m in at.markdown)
    assert CONFORMANCE[lang] in text
    assert DIGG_REPORT_FORM in text
    assert text.count("**{") >= 3, "the deploying organisation's placeholders are marked"
    assert "deck.gl" in text
