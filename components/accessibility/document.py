"""What Streamlit leaves out of the page for assistive technology, added once per run from app.py.

Streamlit serves `<html lang="en">` whatever the interface language, so screen readers read Swedish
text with English pronunciation (WCAG 3.1.1). And a scrollable code block (compare's permalink, the
SQL console's query) cannot be reached by keyboard unless it can take focus (WCAG 2.1.1).
"""
from __future__ import annotations

import json

import streamlit as st

from components.i18n import lang, t

# Runs in the app's own document (st.html is not iframed). The language is part of the markup, so the
# script runs again whenever the language changes; the observer outlives reruns and page switches and
# makes every scrollable code block focusable as Streamlit draws it.
_SCRIPT = """<script>
(() => {
  document.documentElement.lang = %(lang)s;
  const label = %(label)s;
  const focusable = () => document.querySelectorAll("[data-testid=stCode] pre").forEach((pre) => {
    if (!pre.hasAttribute("tabindex")) pre.setAttribute("tabindex", "0");
    pre.setAttribute("aria-label", label);
  });
  focusable();
  if (!window.sammanhallenA11yObserver) {
    window.sammanhallenA11yObserver = new MutationObserver(focusable);
    window.sammanhallenA11yObserver.observe(document.body, {childList: true, subtree: true});
  }
})();
</script>"""


def apply() -> None:
    """Set the document's language and keep code blocks keyboard-reachable; call once per run."""
    label = t("Kodblock, rulla med piltangenterna", "Code block, scroll with the arrow keys")
    script = _SCRIPT % {"lang": json.dumps(lang()), "label": json.dumps(label)}
    with st.sidebar:
        st.html(script, unsafe_allow_javascript=True)
