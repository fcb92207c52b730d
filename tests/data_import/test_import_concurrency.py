"""Readers in other threads and processes see the old or the new database while imports commit and
undo, never a mix; concurrent writers are serialised and never lose a committed import."""
from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from sammanhallen.data_import import admin_auth as auth
from sammanhallen.data_import import importer
from sammanhallen.data.build import build

from tests.conftest import DATA_DIR, ROOT

# count, a checksum of every key and value, and the sum, in one statement: one snapshot of the table
STATE_SQL = """SELECT count(*), sum(hash(area_id, indicator_id, year, value)), round(sum(value), 3)
               FROM observations"""
SOURCE = {"source_id": "scb_concurrency", "title": "Test", "publisher": "SCB", "year": 2024, "url": None}

READER_SCRIPT = """
import json, os, sys, duckdb
path, stop_file, sql = sys.argv[1:4]
while not os.path.exists(stop_file):
    con = duckdb.connect(path, read_only=True)
    try:
        count, checksum, total = con.execute(sql).fetchone()
        print(json.dumps([count, str(checksum), total]), flush=True)
    except Exception as exc:  # a reader must never fail either
        print(json.dumps(["error", repr(exc)]), flush=True)
    finally:
        con.close()
"""


def state_via_connect(path: Path) -> tuple:
    """As components/db.py opens it: a read-only connection to the path."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        count, checksum, total = con.execute(STATE_SQL).fetchone()
        return count, str(checksum), total
    finally:
        con.close()


def state_via_attach(path: Path) -> tuple:
    """As importer.plan reads it: a private read-only attachment of whatever file is at the path now."""
    con = duckdb.connect(":memory:")
    try:
        con.execute(f"ATTACH '{path}' AS d (READ_ONLY)")
        count, checksum, total = con.execute(STATE_SQL.replace("FROM observations", "FROM d.observations")).fetchone()
        return count, str(checksum), total
    finally:
        con.close()


class Reader(threading.Thread):
    """Queries the database in a loop in one of several ways (`how`), recording every state it sees:
    connect (a read-only connection per query), attach (a private attachment per query), reopen (one
    connection reopened when the mtime changes) and app (the app's own datastore.Reader)."""

    def __init__(self, path: Path, how: str):
        super().__init__(daemon=True)
        self.path, self.how = path, how
        self.seen: list[tuple] = []
        self.errors: list[BaseException] = []
        self.stop = threading.Event()

    def run(self):
        connection, key = None, None
        while not self.stop.is_set():
            try:
                if self.how == "connect":
                    self.seen.append(state_via_connect(self.path))
                elif self.how == "attach":
                    self.seen.append(state_via_attach(self.path))
                elif self.how == "app":  # the app's reader (components/db.py → sammanhallen.data.datastore)
                    if connection is None:
                        connection = self._app_reader()
                    cursor = connection.store().cursor()
                    try:
                        count, checksum, total = cursor.execute(STATE_SQL).fetchone()
                    finally:
                        cursor.close()
                    self.seen.append((count, str(checksum), total))
                else:  # "reopen": one connection, reopened when the mtime changes (components/db.py until now)
                    mtime = self.path.stat().st_mtime_ns
                    if key != mtime:
                        if connection is not None:
                            connection.close()
                        connection, key = duckdb.connect(str(self.path), read_only=True), mtime
                    count, checksum, total = connection.execute(STATE_SQL).fetchone()
                    self.seen.append((count, str(checksum), total))
            except BaseException as exc:  # noqa: BLE001 - recorded and asserted on
                self.errors.append(exc)
            time.sleep(0.002)  # let the writer thread run too
        if connection is not None and self.how != "app":
            connection.close()

    def _app_reader(self):
        from sammanhallen.data import datastore

        return datastore.Reader(str(self.path))


def _app_reader_available() -> bool:
    try:
        from sammanhallen.data import datastore
    except ImportError:
        return False
    return hasattr(datastore, "Reader")


@pytest.fixture
def setup(tmp_path, monkeypatch):
    db = tmp_path / "dashboard.duckdb"
    build(DATA_DIR, db)
    monkeypatch.setenv("DASHBOARD_USER_DIR", str(tmp_path / "user"))
    monkeypatch.setenv("DASHBOARD_DB", str(db))
    stored = auth.hash_password("pw", iterations=1_000)
    session = auth.login("Concurrency Test", "pw", stored=stored, throttle=auth.Throttle(), key="t")
    return db, tmp_path / "imports", session


def import_rows(n: int = 40, year: int = 2034, base: float = 10.0) -> pd.DataFrame:
    areas = ["0180", "0181", "0780", "1280", "1282", "1290", "1480", "1488", "1490", "SE"]
    records = []
    for i in range(n):
        records.append(dict(area_id=areas[i % len(areas)], indicator_id="folkmangd", year=year - i // len(areas),
                            value=base + i, row_number=i + 2, column="C"))
    return pd.DataFrame(records)


def test_readers_see_only_whole_states_while_imports_commit_and_undo(setup, tmp_path):
    db, imports, session = setup
    old = state_via_attach(db)
    stop_file = tmp_path / "stop"
    process = subprocess.Popen([sys.executable, "-c", READER_SCRIPT, str(db), str(stop_file), STATE_SQL],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT)
    first_line = process.stdout.readline()  # the other process is reading before anything changes
    kinds = ("connect", "attach", "reopen") + (("app",) if _app_reader_available() else ())
    readers = [Reader(db, how) for how in kinds]
    for reader in readers:
        reader.start()
    new = None
    try:
        for _ in range(2):
            time.sleep(0.2)
            plan = importer.plan(import_rows(), db_path=db, source=SOURCE)
            importer.commit(plan, session, file_name="rows.csv", file_bytes=b"x", db_path=db, imports_dir=imports)
            new = new or state_via_attach(db)
            assert state_via_attach(db) == new
            time.sleep(0.3)
            importer.undo_last(session, db_path=db, imports_dir=imports)
            assert state_via_attach(db) == old
        time.sleep(0.2)
    finally:
        stop_file.touch()
        for reader in readers:
            reader.stop.set()
        for reader in readers:
            reader.join(timeout=30)
        out, err = process.communicate(timeout=60)
    assert new != old and new[0] == old[0] + 40

    for reader in readers:
        assert not reader.errors, (reader.how, reader.errors[:3])
        assert len(reader.seen) > 5, reader.how
        assert set(reader.seen) <= {old, new}, (reader.how, set(reader.seen) - {old, new})
    # a private attachment, and the app's reader, open the file now at the path: they saw both states
    assert all({old, new} <= set(reader.seen) for reader in readers if reader.how in ("attach", "app"))
    seen_elsewhere = [tuple(json.loads(line)) for line in [first_line, *out.splitlines()]]
    assert not [line for line in seen_elsewhere if line[0] == "error"], err
    assert set(seen_elsewhere) == {old, new}  # the other process saw the change, and nothing else


def test_two_concurrent_commits_of_the_same_preview_write_once(setup):
    db, imports, session = setup
    plans = [importer.plan(import_rows(base=b), db_path=db, source=SOURCE) for b in (100.0, 200.0)]
    outcomes: list = [None, None]
    barrier = threading.Barrier(2)

    def run(i):
        barrier.wait()
        try:
            outcomes[i] = importer.commit(plans[i], session, file_name=f"{i}.csv", file_bytes=b"x", db_path=db, imports_dir=imports)
        except importer.StalePlanError as exc:
            outcomes[i] = exc

    threads = [threading.Thread(target=run, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    committed = [o for o in outcomes if isinstance(o, importer.ImportRecord)]
    assert len(committed) == 1 and sum(isinstance(o, importer.StalePlanError) for o in outcomes) == 1
    assert [(r.import_id, r.status) for r in importer.read_log(imports)] == [(1, "committed")]
    expected_base = 100.0 if committed[0].file_name == "0.csv" else 200.0
    con = duckdb.connect(":memory:")
    con.execute(f"ATTACH '{db}' AS d (READ_ONLY)")
    assert con.execute("SELECT value FROM d.observations WHERE area_id = '0180' AND indicator_id = 'folkmangd' AND year = 2034"
                       ).fetchone() == (expected_base,)
    con.close()


@pytest.mark.parametrize("round_", range(3))
def test_a_rebuild_racing_a_commit_never_loses_a_committed_import(setup, round_):
    db, imports, session = setup
    plan = importer.plan(import_rows(), db_path=db, source=SOURCE)
    outcome: dict = {}
    barrier = threading.Barrier(2)

    def commit():
        barrier.wait()
        try:
            outcome["commit"] = importer.commit(plan, session, file_name="r.csv", file_bytes=b"x", db_path=db, imports_dir=imports)
        except importer.StalePlanError as exc:
            outcome["commit"] = exc

    def rebuild():
        barrier.wait()
        time.sleep(0.05 * round_)
        build(DATA_DIR, db, imports)

    threads = [threading.Thread(target=commit), threading.Thread(target=rebuild)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    log = importer.read_log(imports)
    con = duckdb.connect(":memory:")
    con.execute(f"ATTACH '{db}' AS d (READ_ONLY)")
    has_rows = con.execute("SELECT count(*) FROM d.observations WHERE source_id = 'scb_concurrency'").fetchone()[0]
    con.close()
    if isinstance(outcome["commit"], importer.ImportRecord):
        assert [r.status for r in log] == ["committed"] and has_rows == 40
    else:  # the rebuild swapped first: the preview was stale and nothing was written
        assert log == [] and has_rows == 0
