"""The administrator credential: hashes, configuration, throttled log-in and unforgeable sessions."""
from __future__ import annotations

import base64
import dataclasses
import hashlib
import hmac
import logging
import threading

import pytest

from sammanhallen.data_import import admin_auth as auth

FAST = 1_000  # iterations for tests; the default (600 000) is checked once below


class Clock:
    def __init__(self):
        self.now = 1_000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture(autouse=True)
def no_configured_hash(monkeypatch):
    monkeypatch.delenv(auth.ENV_VAR, raising=False)


def test_hash_has_the_documented_format_and_default_iterations():
    hashed = auth.hash_password("correct horse battery")
    algorithm, iterations, salt, digest = hashed.split("$")
    assert (algorithm, iterations) == ("pbkdf2_sha256", "600000")
    assert len(base64.b64decode(salt)) == 16
    expected = hashlib.pbkdf2_hmac("sha256", b"correct horse battery", base64.b64decode(salt), 600_000)
    assert base64.b64decode(digest) == expected


def test_hash_verify_round_trip_and_wrong_password():
    hashed = auth.hash_password("s3cret-lösenord", iterations=FAST)
    assert auth.verify("s3cret-lösenord", hashed)
    assert not auth.verify("s3cret-losenord", hashed)
    assert not auth.verify("", hashed)


def test_salt_is_random_unless_given():
    assert auth.hash_password("pw-pw-pw", iterations=FAST) != auth.hash_password("pw-pw-pw", iterations=FAST)
    salt = b"0123456789abcdef"
    assert auth.hash_password("pw-pw-pw", salt=salt, iterations=FAST) == auth.hash_password("pw-pw-pw", salt=salt, iterations=FAST)


def test_empty_password_cannot_be_hashed():
    with pytest.raises(ValueError):
        auth.hash_password("")


GOOD = auth.hash_password("the password", salt=b"saltsaltsalt", iterations=FAST)
MALFORMED = [
    ("plaintext", "the password"),
    ("other algorithm", GOOD.replace("pbkdf2_sha256", "md5", 1)),
    ("iterations not a number", GOOD.replace(f"${FAST}$", "$many$", 1)),
    ("zero iterations", GOOD.replace(f"${FAST}$", "$0$", 1)),
    ("salt not base64", "$".join(GOOD.split("$")[:2] + ["***", GOOD.split("$")[3]])),
    ("digest too short", "$".join(GOOD.split("$")[:3] + [base64.b64encode(b"short").decode()])),
    ("missing part", "$".join(GOOD.split("$")[:3])),
    ("empty", ""),
]


@pytest.mark.parametrize("label, stored", MALFORMED, ids=[m[0] for m in MALFORMED])
def test_malformed_stored_values_never_verify(label, stored):
    assert not auth.is_hash(stored)
    assert not auth.verify("the password", stored)


def test_verify_compares_with_compare_digest(monkeypatch):
    calls = []
    real = hmac.compare_digest

    def spy(a, b):
        calls.append((a, b))
        return real(a, b)

    monkeypatch.setattr(auth.hmac, "compare_digest", spy)
    assert auth.verify("the password", GOOD)
    assert not auth.verify("wrong", GOOD)
    assert len(calls) == 2 and all(isinstance(a, bytes) and len(a) == 32 for a, _ in calls)


def test_configured_hash_prefers_the_environment(monkeypatch):
    other = auth.hash_password("another", iterations=FAST)
    assert auth.configured_hash({"admin_password_hash": other}) == other
    monkeypatch.setenv(auth.ENV_VAR, GOOD)
    assert auth.configured_hash({"admin_password_hash": other}) == GOOD
    assert auth.configured_hash() == GOOD


@pytest.mark.parametrize("where", ["env", "secrets"])
def test_plaintext_credential_is_refused_with_a_warning(monkeypatch, caplog, where):
    if where == "env":
        monkeypatch.setenv(auth.ENV_VAR, "hunter2hunter2")
        secrets = None
    else:
        secrets = {"admin_password_hash": "hunter2hunter2"}
    with caplog.at_level(logging.WARNING, logger="sammanhallen.data_import.admin_auth"):
        assert auth.configured_hash(secrets) is None
    assert "not a pbkdf2_sha256 hash" in caplog.text
    assert "hunter2" not in caplog.text  # the warning never repeats the secret


class MissingSecrets:
    """Like st.secrets without a secrets.toml: any access raises."""

    def get(self, key, default=None):
        raise FileNotFoundError("No secrets files found")


@pytest.mark.parametrize("secrets", [None, {}, {"admin_password_hash": ""}, MissingSecrets()],
                         ids=["none", "empty", "blank", "missing file"])
def test_nothing_configured_means_import_disabled(secrets):
    assert auth.configured_hash(secrets) is None


def test_throttle_delays_grow_are_capped_and_reset():
    clock = Clock()
    throttle = auth.Throttle(clock=clock)
    assert throttle.check("s1") == 0
    waits = []
    for _ in range(8):
        throttle.failure("s1")
        wait = throttle.check("s1")
        waits.append(wait)
        clock.advance(wait)
        assert throttle.check("s1") == 0
    assert waits == [1, 2, 4, 8, 16, 30, 30, 30]
    throttle.failure("s1")
    throttle.success("s1")
    assert throttle.check("s1") == 0 and throttle.failures("s1") == 0


def test_throttle_counts_globally_so_new_sessions_do_not_reset_it():
    clock = Clock()
    throttle = auth.Throttle(clock=clock)
    for i in range(5):
        clock.advance(60)
        throttle.failure(f"session-{i}")
    assert throttle.check("a-fresh-session") == 16


def test_throttle_forgets_after_a_quiet_period():
    clock = Clock()
    throttle = auth.Throttle(clock=clock, forget_after=600)
    for _ in range(4):
        throttle.failure("s")
        clock.advance(throttle.check("s"))
    clock.advance(601)
    throttle.failure("s")
    assert throttle.check("s") == 1


def test_throttle_is_thread_safe():
    throttle = auth.Throttle(clock=Clock())
    threads = [threading.Thread(target=lambda: [throttle.failure("k") for _ in range(200)]) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert throttle.failures("k") == 1600


def test_login_opens_a_session_on_the_right_password_only():
    throttle = auth.Throttle(clock=Clock())
    assert auth.login("Anna", "wrong", stored=GOOD, throttle=throttle, key="s") is None
    assert throttle.failures("s") == 1
    assert auth.login("Anna", "the password", stored=GOOD, throttle=throttle, key="s") is None  # must wait first
    throttle.clock.advance(throttle.check("s"))
    session = auth.login(" Anna ", "the password", stored=GOOD, throttle=throttle, key="s")
    assert session is not None and session.who == "Anna" and session.is_valid()
    assert auth.require_admin(session) == "Anna"
    assert throttle.failures("s") == 0


def test_login_without_a_configured_hash_or_name():
    throttle = auth.Throttle(clock=Clock())
    assert auth.login("Anna", "the password", stored=None, throttle=throttle, key="s") is None
    with pytest.raises(ValueError):
        auth.login("  ", "the password", stored=GOOD, throttle=throttle, key="s")


def _session():
    return auth.login("Anna", "the password", stored=GOOD, throttle=auth.Throttle(), key="t")


FORGERIES = [
    ("made up token", lambda g: auth.AdminSession("Anna", g.issued_at, g.expires_at, "0" * 64)),
    ("other name", lambda g: dataclasses.replace(g, who="Mallory")),
    ("longer life", lambda g: dataclasses.replace(g, expires_at=g.expires_at + 86_400)),
    ("signed with another key", lambda g: auth.AdminSession(
        "Anna", g.issued_at, g.expires_at,
        hmac.new(b"k" * 32, f"admin\nAnna\n{g.issued_at!r}\n{g.expires_at!r}".encode(), hashlib.sha256).hexdigest())),
    ("a dict from session state", lambda g: dataclasses.asdict(g)),
    ("the token as a string", lambda g: g.token),
    ("nothing", lambda g: None),
]


@pytest.mark.parametrize("label, forge", FORGERIES, ids=[f[0] for f in FORGERIES])
def test_forged_sessions_are_refused(label, forge):
    forged = forge(_session())
    if isinstance(forged, auth.AdminSession):
        assert not forged.is_valid()
    with pytest.raises(PermissionError):
        auth.require_admin(forged)


def test_sessions_expire():
    session = _session()
    assert session.is_valid()
    assert not session.is_valid(now=session.expires_at + 1)


def test_session_repr_hides_the_token():
    session = _session()
    assert session.token not in repr(session)


def test_command_line_prints_a_hash_that_verifies(monkeypatch, capsys):
    answers = iter(["a long enough password", "a long enough password"])
    monkeypatch.setattr(auth.getpass, "getpass", lambda prompt="": next(answers))
    assert auth.main([]) == 0
    out = capsys.readouterr().out
    hashed = out.splitlines()[0]
    assert auth.verify("a long enough password", hashed)
    assert auth.ENV_VAR in out and "secrets.toml" in out and "a long enough password" not in out


@pytest.mark.parametrize("answers", [["short", "short"], ["a long enough password", "a different password"]],
                         ids=["too short", "mismatch"])
def test_command_line_refuses_short_or_mismatched_passwords(monkeypatch, capsys, answers):
    replies = iter(answers)
    monkeypatch.setattr(auth.getpass, "getpass", lambda prompt="": next(replies))
    assert auth.main([]) == 1
    assert "pbkdf2" not in capsys.readouterr().out

