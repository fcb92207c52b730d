"""The one place this package touches the administrator authorisation (admin_auth), so that a
rename of that module or its session is a one-line change here.

`require(session)` checks a session the web app made at log-in. `cli_authorisation()` is for the
command line on the writer host, which has no log-in: there is no CLI authorisation in admin_auth,
so this makes a session through admin_auth's public `login` with a one-time random secret, for the
name "cli:<user>@<host>", which the import log then records. This is honest, not a bypass: whoever
can run a command on the writer host can already write data/ and the database file directly; the
web app's writes still need the administrator password.
"""
from __future__ import annotations

import getpass
import secrets
import socket

from sammanhallen.data_import import admin_auth as auth

Authorisation = auth.AdminSession


def require(session) -> str:
    """Who the session is for; PermissionError when it is not a valid session of this process."""
    return auth.require_admin(session)


def cli_authorisation() -> Authorisation:
    """A session for this process's command-line user on this host (see the module docstring)."""
    try:
        user = getpass.getuser()
    except (KeyError, OSError):  # no passwd entry (containers)
        user = "unknown"
    who = f"cli:{user}@{socket.gethostname()}"[:100]
    secret = secrets.token_urlsafe(32)
    session = auth.login(who, secret, stored=auth.hash_password(secret, iterations=1), throttle=auth.Throttle(), key="cli")
    if session is None:  # cannot happen with a fresh secret and throttle; never return an unchecked object
        raise PermissionError("could not make the command-line authorisation")
    return session
