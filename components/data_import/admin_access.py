"""Who may write: the administrator log-in on the import page.

The log-in lives in session state, but it is an `AdminSession` whose HMAC token is checked on every
use, so a value put there by a URL or a widget cannot stand in for it. Without a configured
credential nothing here renders a write control.
"""
from __future__ import annotations

import streamlit as st

from sammanhallen.data_import import admin_auth as auth

from components.i18n import t

_SESSION_KEY = "_admin_session"


@st.cache_resource(show_spinner=False)
def login_throttle() -> auth.Throttle:
    """One per process, so a fresh browser session does not reset the delay after failed log-ins."""
    return auth.Throttle()


def _secrets() -> dict:
    try:
        return dict(st.secrets)
    except Exception:  # no secrets.toml at all is the normal case, not an error
        return {}


def _session_key() -> str:
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    return ctx.session_id if ctx is not None else "no-session"


def current_session() -> auth.AdminSession | None:
    session = st.session_state.get(_SESSION_KEY)
    if isinstance(session, auth.AdminSession) and session.is_valid():
        return session
    return None


def not_configured_notice() -> None:
    st.info(
        t(
            "Import är avstängd: ingen administratörsinloggning är inställd. Så slår du på den:\n\n"
            "1. Kör `.venv/bin/python -m sammanhallen.data_import.admin_auth` och skriv ett lösenord. Kommandot skriver ut en "
            "saltad hash (aldrig lösenordet).\n"
            "2. Lägg hashen i miljövariabeln `DASHBOARD_ADMIN_PASSWORD_HASH`, eller som "
            "`admin_password_hash = \"…\"` i `.streamlit/secrets.toml`.\n"
            "3. Starta om appen.",
            "Import is disabled: no administrator log-in is configured. To enable it:\n\n"
            "1. Run `.venv/bin/python -m sammanhallen.data_import.admin_auth` and type a password. It prints a salted hash "
            "(never the password).\n"
            "2. Put the hash in the environment variable `DASHBOARD_ADMIN_PASSWORD_HASH`, or as "
            "`admin_password_hash = \"…\"` in `.streamlit/secrets.toml`.\n"
            "3. Restart the app.",
        )
    )


def login_form(stored_hash: str) -> None:
    throttle = login_throttle()
    key = _session_key()
    with st.form("admin-login"):
        st.header(t("Logga in som administratör", "Log in as administrator"))
        name = st.text_input(t("Ditt namn (står i importloggen)", "Your name (recorded in the import log)"))
        password = st.text_input(t("Lösenord", "Password"), type="password")
        submitted = st.form_submit_button(t("Logga in", "Log in"))
    if not submitted:
        return
    if not name.strip():
        st.error(t("Skriv ditt namn: importloggen anger vem som gjorde varje import.",
                   "Enter your name: the import log records who made each import."))
        return
    wait = throttle.check(key)
    if wait > 0:
        st.error(t(f"För många misslyckade försök. Försök igen om {wait:.0f} s.",
                   f"Too many failed attempts. Try again in {wait:.0f} s."))
        return
    session = auth.login(name.strip(), password, stored=stored_hash, throttle=throttle, key=key)
    if session is not None:
        st.session_state[_SESSION_KEY] = session
        st.rerun()
    wait = throttle.check(key)
    st.error(t("Fel lösenord.", "Wrong password.")
             + (t(f" Nästa försök tidigast om {wait:.0f} s.", f" Next attempt in {wait:.0f} s at the earliest.") if wait else ""))


def require_admin() -> auth.AdminSession | None:
    """The administrator session if this browser session is logged in; otherwise renders the notice or the log-in form."""
    stored = auth.configured_hash(_secrets())
    if stored is None:
        not_configured_notice()
        return None
    session = current_session()
    if session is None:
        login_form(stored)
        return None
    cols = st.columns([4, 1])
    cols[0].caption(t(f"Inloggad som {session.who}.", f"Logged in as {session.who}."))
    if cols[1].button(t("Logga ut", "Log out"), key="admin-logout"):
        st.session_state.pop(_SESSION_KEY, None)
        st.rerun()
    return session
