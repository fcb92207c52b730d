"""The import page: no write control without the credential, and a whole import as an administrator."""
from __future__ import annotations

import hashlib
import shutil

import duckdb
import pytest

from sammanhallen.data_import import admin_auth as auth
from tests.test_pages import open_page

PASSWORD = "rätt häst batteri"
WRITE_LABELS = ("Importera", "Skriv in i databasen", "Ångra senaste importen", "Hämta", "Logga ut")


def _write_controls(at) -> list[str]:
    found = [f"file_uploader:{u.label}" for u in at.get("file_uploader")]
    found += [b.label for b in at.button if b.label in WRITE_LABELS]
    return found


@pytest.fixture
def own_db(db_path, tmp_path, monkeypatch):
    """A copy of the test database and an empty user folder, so an import changes nothing shared."""
    copy = tmp_path / "dashboard.duckdb"
    shutil.copy(db_path, copy)
    monkeypatch.setenv("DASHBOARD_DB", str(copy))
    monkeypatch.setenv("DASHBOARD_USER_DIR", str(tmp_path / "user"))
    return copy


@pytest.fixture
def credential(monkeypatch):
    monkeypatch.setenv("DASHBOARD_ADMIN_PASSWORD_HASH", auth.hash_password(PASSWORD, iterations=1_000))


def test_without_a_credential_import_is_disabled_and_explained(own_db, monkeypatch):
    monkeypatch.delenv("DASHBOARD_ADMIN_PASSWORD_HASH", raising=False)
    at = open_page("pages/data_import.py")
    assert not at.exception
    assert _write_controls(at) == []
    assert not at.get("form"), "no log-in form when no credential is configured"
    assert any("DASHBOARD_ADMIN_PASSWORD_HASH" in i.value for i in at.info)


def test_forged_session_state_is_not_an_admin_session(own_db, credential):
    at = open_page("pages/data_import.py")
    at.session_state["_admin_session"] = True
    at.run()
    assert _write_controls(at) == []
    forged = auth.AdminSession.__new__(auth.AdminSession)
    object.__setattr__(forged, "who", "mallory")
    for name, value in (("token", "00" * 32), ("issued_at", 0.0), ("expires_at", 1e12)):
        try:
            object.__setattr__(forged, name, value)
        except AttributeError:
            pass
    at.session_state["_admin_session"] = forged
    at.run()
    assert _write_controls(at) == []


def test_wrong_password_is_refused_and_slowed_down(own_db, credential):
    at = open_page("pages/data_import.py")
    at.text_input[0].input("Anna")
    at.text_input[1].input("fel")
    at.button[0].click().run()
    assert any("Fel lösenord" in e.value for e in at.error)
    assert _write_controls(at) == []
    at.text_input[1].input(PASSWORD)
    at.button[0].click().run()
    assert any("För många" in e.value for e in at.error), "a second attempt right after a failure must wait"
    assert _write_controls(at) == []


def log_in(at):
    """The administrator log-in on the import page, with the test credential."""
    at.text_input[0].input("Anna Analytiker")
    at.text_input[1].input(PASSWORD)
    at.button[0].click().run()
    assert not at.exception, [e.value for e in at.exception]


def test_an_administrator_imports_previews_commits_and_undoes(own_db, credential):
    from components.data_import import admin_access

    admin_access.login_throttle.clear()
    before = duckdb.connect(str(own_db), read_only=True)
    n_before = before.execute("select count(*) from observations").fetchone()[0]
    before.close()

    at = open_page("pages/data_import.py")
    log_in(at)
    assert at.get("file_uploader"), "the administrator sees the upload"
    csv = "Kommun;År;Andel av befolkningen med ekonomiskt bistånd\n0180 Stockholm;2031;4,1\n1280 Malmö;2031;abc\n"
    at.get("file_uploader")[0].set_value(("bistand.csv", csv.encode("cp1252"), "text/csv")).run()
    assert not at.exception, [e.value for e in at.exception]
    # the text in the number column is named with its row and column before anything is written
    problem_tables = [df.value for df in at.dataframe]
    assert any((t.astype(str) == "abc").any().any() for t in problem_tables)
    digest = hashlib.sha256(csv.encode("cp1252")).hexdigest()[:8]
    at.selectbox(key=f"imp-src-{digest}").set_value("sthlm_program_2015_2020").run()
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Nya värden"] == "1"
    assert metrics["Avvisade rader"] == "1"
    commit = next(b for b in at.button if b.label == "Skriv in i databasen")
    assert commit.disabled, "rows that could not be read must be skipped knowingly"
    at.checkbox(key=f"imp-skip-{digest}").check().run()
    at.button(key=next(b.key for b in at.button if b.label == "Skriv in i databasen")).click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("Import 1 klar" in s.value for s in at.success)

    after = duckdb.connect(str(own_db), read_only=True)
    row = after.execute("select value, source_id from observations where area_id = '0180' and year = 2031").fetchone()
    assert after.execute("select count(*) from observations").fetchone()[0] >= n_before + 1
    after.close()
    assert row[0] == pytest.approx(4.1)

    at.checkbox(key="undo-confirm").check().run()
    at.button(key="undo-last").click().run()
    assert not at.exception, [e.value for e in at.exception]
    restored = duckdb.connect(str(own_db), read_only=True)
    assert restored.execute("select count(*) from observations where area_id = '0180' and year = 2031").fetchone()[0] == 0
    restored.close()
