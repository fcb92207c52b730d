"""The administrator credential: a salted PBKDF2 hash, a slowed-down log-in and an unforgeable session.

Only a hash is ever configured (env `DASHBOARD_ADMIN_PASSWORD_HASH`, or `admin_password_hash` in
`.streamlit/secrets.toml`); a plaintext value there is refused, never compared. Make a hash with

    python -m sammanhallen.data_import.admin_auth

A successful log-in returns an `AdminSession` signed with a key that exists only in this process's
memory, so an administrator session cannot be made from session state, a URL or a copied cookie: every write
function calls `require_admin(session)`, which recomputes the signature.
"""
from __future__ import annotations

import base64
import getpass
import hashlib
import hmac
import logging
import os
import secrets
import sys
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass

log = logging.getLogger(__name__)

ALGORITHM = "pbkdf2_sha256"
DEFAULT_ITERATIONS = 600_000
MAX_ITERATIONS = 10_000_000  # a configured hash cannot make every log-in take minutes
MIN_PASSWORD_LENGTH = 10
ENV_VAR = "DASHBOARD_ADMIN_PASSWORD_HASH"
SECRETS_KEY = "admin_password_hash"
SESSION_LIFETIME_S = 8 * 3600  # a working day; then log in again
_SIGNING_KEY = secrets.token_bytes(32)  # per process: a restart invalidates every session


# --- hashing -------------------------------------------------------------------------------------

def hash_password(password: str, *, salt: bytes | None = None, iterations: int = DEFAULT_ITERATIONS) -> str:
    """`pbkdf2_sha256$<iterations>$<salt b64>$<hash b64>` for `password` (a random 16-byte salt by default)."""
    if not isinstance(password, str) or password == "":
        raise ValueError("the password is empty")
    if not 1 <= iterations <= MAX_ITERATIONS:
        raise ValueError(f"iterations must be between 1 and {MAX_ITERATIONS}")
    salt = secrets.token_bytes(16) if salt is None else salt
    digest = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), salt, iterations)
    return "$".join((ALGORITHM, str(iterations), _b64(salt), _b64(digest)))


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def _parse(stored: str) -> tuple[int, bytes, bytes] | None:
    """(iterations, salt, digest) of a well-formed hash string, else None."""
    if not isinstance(stored, str):
        return None
    parts = stored.strip().split("$")
    if len(parts) != 4 or parts[0] != ALGORITHM or not parts[1].isdigit():
        return None
    iterations = int(parts[1])
    try:
        salt = base64.b64decode(parts[2], validate=True)
        digest = base64.b64decode(parts[3], validate=True)
    except (ValueError, TypeError):
        return None
    if not 1 <= iterations <= MAX_ITERATIONS or len(salt) < 8 or len(digest) != 32:
        return None
    return iterations, salt, digest


def is_hash(value: str) -> bool:
    """True for a string in the `hash_password` format."""
    return _parse(value) is not None


def verify(password: str, stored: str) -> bool:
    """Whether `password` matches the hash `stored`; constant-time comparison, False for a malformed hash."""
    parsed = _parse(stored)
    if parsed is None or not isinstance(password, str):
        return False
    iterations, salt, expected = parsed
    actual = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), salt, iterations)
    return hmac.compare_digest(actual, expected)


def configured_hash(secrets: Mapping | None = None) -> str | None:
    """The administrator hash from env `DASHBOARD_ADMIN_PASSWORD_HASH`, else `secrets["admin_password_hash"]`.

    None when nothing is configured (import is then disabled) or when the configured value is not a
    hash: a plaintext password is refused with a logged warning and never compared. `secrets` is any
    mapping (the UI passes `st.secrets`); a missing or unreadable secrets file counts as empty.
    """
    value = os.environ.get(ENV_VAR)
    origin = f"environment variable {ENV_VAR}"
    if not value:
        value, origin = None, f"secrets key {SECRETS_KEY!r}"
        if secrets is not None:
            try:
                value = secrets.get(SECRETS_KEY)
            except Exception:  # noqa: BLE001 - st.secrets raises when there is no secrets.toml
                value = None
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if not isinstance(value, str) or not is_hash(value):
        log.warning(
            "The administrator credential in %s is not a %s hash; it is ignored and import stays disabled. "
            "Make a hash with `python -m sammanhallen.data_import.admin_auth`.", origin, ALGORITHM,
        )
        return None
    return value.strip()


# --- throttling ----------------------------------------------------------------------------------

class Throttle:
    """Slows repeated failed log-ins: after n failures the next attempt waits base·2^(n-1) s, capped.

    Counted per key (e.g. the browser session id) and globally, so opening new sessions does not
    reset the delay. A success resets the key and the global counter; a key with no failure for
    `forget_after` seconds starts again from zero. Thread-safe; `clock` is injectable for tests.
    """

    GLOBAL = "\0global"

    def __init__(self, *, base: float = 1.0, cap: float = 30.0, forget_after: float = 900.0,
                 clock: Callable[[], float] = time.monotonic):
        self.base, self.cap, self.forget_after, self.clock = base, cap, forget_after, clock
        self._state: dict[str, tuple[int, float]] = {}  # key -> (failures, time of the last failure)
        self._lock = threading.Lock()

    def _delay(self, failures: int) -> float:
        return 0.0 if failures <= 0 else min(self.cap, self.base * 2 ** (failures - 1))

    def _wait_locked(self, key: str, now: float) -> float:
        failures, last = self._state.get(key, (0, 0.0))
        if failures and now - last >= self.forget_after:
            return 0.0
        return max(0.0, last + self._delay(failures) - now)

    def check(self, key: str) -> float:
        """Seconds to wait before the next attempt for `key` may be made (0 = now)."""
        with self._lock:
            now = self.clock()
            return max(self._wait_locked(key, now), self._wait_locked(self.GLOBAL, now))

    def failure(self, key: str) -> None:
        with self._lock:
            now = self.clock()
            for k in (key, self.GLOBAL):
                failures, last = self._state.get(k, (0, now))
                if failures and now - last >= self.forget_after:
                    failures = 0
                self._state[k] = (failures + 1, now)
            stale = [k for k, (_, last) in self._state.items() if now - last >= self.forget_after]
            for k in stale:
                del self._state[k]

    def success(self, key: str) -> None:
        with self._lock:
            self._state.pop(key, None)
            self._state.pop(self.GLOBAL, None)

    def failures(self, key: str) -> int:
        with self._lock:
            return self._state.get(key, (0, 0.0))[0]


# --- sessions ------------------------------------------------------------------------------------

def _sign(who: str, issued_at: float, expires_at: float) -> str:
    message = f"admin\n{who}\n{issued_at!r}\n{expires_at!r}".encode("utf-8")
    return hmac.new(_SIGNING_KEY, message, hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class AdminSession:
    """Proof, valid in this process only, that `who` logged in as administrator."""

    who: str
    issued_at: float  # time.time()
    expires_at: float
    token: str

    def is_valid(self, *, now: float | None = None) -> bool:
        if not all(isinstance(v, str) for v in (self.who, self.token)) or not self.who:
            return False
        if not all(isinstance(v, (int, float)) for v in (self.issued_at, self.expires_at)):
            return False
        if (time.time() if now is None else now) >= self.expires_at:
            return False
        return hmac.compare_digest(self.token, _sign(self.who, self.issued_at, self.expires_at))

    def __repr__(self) -> str:  # keep the token out of logs and tracebacks
        return f"AdminSession(who={self.who!r}, expires_at={self.expires_at!r})"


def _issue_session(who: str) -> AdminSession:
    issued = time.time()
    expires = issued + SESSION_LIFETIME_S
    return AdminSession(who=who, issued_at=issued, expires_at=expires, token=_sign(who, issued, expires))


def require_admin(session) -> str:
    """The session's `who`; PermissionError unless `session` is a valid AdminSession made by this process."""
    if not isinstance(session, AdminSession) or not session.is_valid():
        raise PermissionError("An administrator log-in is required to change the database.")
    return session.who


def login(name: str, password: str, *, stored: str | None, throttle: Throttle, key: str) -> AdminSession | None:
    """A session for `name` when `password` matches `stored`; None when it does not, when no hash is
    configured, or while `throttle` asks this key to wait (call `throttle.check(key)` to show how long).

    `name` is who the import log records; an empty name raises ValueError.
    """
    who = (name or "").strip()
    if not who:
        raise ValueError("a name is required: the import log records who made each import")
    if len(who) > 100:
        raise ValueError("the name is longer than 100 characters")
    if stored is None or throttle.check(key) > 0:
        return None
    if verify(password, stored):
        throttle.success(key)
        return _issue_session(who)
    throttle.failure(key)
    return None


# --- command line --------------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    """Prompt for a password twice and print its hash with how to configure it."""
    del argv
    password = getpass.getpass("Administrator password: ")
    if len(password) < MIN_PASSWORD_LENGTH:
        print(f"Use at least {MIN_PASSWORD_LENGTH} characters.", file=sys.stderr)
        return 1
    if getpass.getpass("Repeat it: ") != password:
        print("The two passwords differ; nothing was printed.", file=sys.stderr)
        return 1
    hashed = hash_password(password)
    print(hashed)
    print(
        "\nConfigure it in one of two ways (the hash is not the password; keep it out of git all the same):\n"
        f"  export {ENV_VAR}='{hashed}'\n"
        f"or in .streamlit/secrets.toml:\n"
        f"  {SECRETS_KEY} = \"{hashed}\"\n"
        "then restart the app.",
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
