"""Presenter-only chrome: hide Streamlit's header, toolbar, sidebar and navigation, use large
type and high contrast, and let the arrow keys (and a clicker's PageUp/PageDown) press the
previous/next buttons. Injected by pages/presenter.py only, so other pages keep their chrome."""
from __future__ import annotations

import json

import streamlit as st
import streamlit.components.v1 as components

CSS = """
<style>
header[data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stDecoration"],
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stSidebarNav"],
[data-testid="stMainMenu"], [data-testid="stStatusWidget"], [data-testid="stBottom"] { display: none !important; }
[data-testid="stMain"] { margin-left: 0 !important; }
[data-testid="stMainBlockContainer"] { padding: 0.75rem 2rem 0 2rem !important; max-width: 100% !important; }
.st-key-page-presenter { color: #000; background: #fff; }
.st-key-page-presenter p, .st-key-page-presenter label, .st-key-page-presenter li { font-size: 1.25rem; color: #000; }
.st-key-page-presenter button p { font-size: 1.3rem; font-weight: 600; }
.st-key-page-presenter button { border: 2px solid #000 !important; }
.st-key-presenter-slide-title h1 { font-size: 3rem !important; line-height: 1.15; padding: 0.2rem 0 0.4rem 0; color: #000; }
.st-key-presenter-counter p { font-size: 1.6rem !important; font-weight: 700; text-align: center; margin-top: 0.2rem; }
.st-key-presenter-placeholder p { font-size: 1.6rem !important; }
</style>
"""

# Runs in the app's own document (a <script> element put there by the component iframe), so the
# listener outlives the iframe, which Streamlit re-creates when the layout changes.
_LISTENER = r"""
(function () {
  if (window.__presenterKeys) { return; }
  window.__presenterKeys = true;
  function typing(target) {
    const tag = ((target && target.tagName) || "").toUpperCase();
    if (tag === "TEXTAREA" || tag === "SELECT" || (target && target.isContentEditable)) { return true; }
    if (tag === "INPUT") { return !["checkbox", "radio", "button", "range"].includes((target.type || "").toLowerCase()); }
    return false;
  }
  document.addEventListener("keydown", function (event) {
    if (typing(event.target)) { return; }
    let key = null;
    if (event.key === "ArrowRight" || event.key === "PageDown") { key = "next"; }
    if (event.key === "ArrowLeft" || event.key === "PageUp") { key = "prev"; }
    if (!key) { return; }
    const buttons = [...document.querySelectorAll(".st-key-presenter-" + key + " button")];
    const button = buttons.find(b => b.offsetWidth > 0) || buttons[0];
    if (button && !button.disabled) { event.preventDefault(); button.click(); }
  });
})();
"""

_KEYS = """
<script>
(function () {
  const doc = window.parent.document;
  if (!doc.getElementById("presenter-keys-script")) {
    const script = doc.createElement("script");
    script.id = "presenter-keys-script";
    script.textContent = LISTENER;
    doc.head.appendChild(script);
  }
})();
</script>
""".replace("LISTENER", json.dumps(_LISTENER))


def inject() -> None:
    st.html(CSS)


def arrow_keys() -> None:
    """Listen for arrow keys on the app's document (the component iframe is same-origin and
    adds the listener script to its parent once per page load)."""
    with st.container(key="presenter-keys", height=1, border=False):
        components.html(_KEYS, height=0)
