"""Fixtures: a writable copy of the test database and user dir per test, and provider clients
pointed at the local replay server that never sleep (the waits they asked for are recorded)."""
from __future__ import annotations

import hashlib
import shutil
import types
from pathlib import Path

import pytest

from sammanhallen.data_import import importer
from sammanhallen.data_import.providers.fetch import make_clients


def sha(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


@pytest.fixture
def env(tmp_path, db_path, monkeypatch):
    db = tmp_path / "db" / "dashboard.duckdb"
    db.parent.mkdir()
    shutil.copyfile(db_path, db)
    monkeypatch.setenv("DASHBOARD_DB", str(db))
    monkeypatch.setenv("DASHBOARD_USER_DIR", str(tmp_path / "user"))
    monkeypatch.delenv(importer.PUBLISH_ENV, raising=False)
    return types.SimpleNamespace(db=db, imports=tmp_path / "user" / "imports", tmp=tmp_path)


@pytest.fixture
def sleeps() -> list:
    return []


@pytest.fixture
def clients(httpserver, sleeps):
    made = make_clients(httpserver.url_for("/api/v2/"), httpserver.url_for("/v3/"), sleep=sleeps.append,
                        attempts=3, timeout=2.0)
    yield made
    made.close()
