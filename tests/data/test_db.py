"""The app's cached connection and query cache follow a rebuilt database without a restart."""
from __future__ import annotations

import os

from components import db
from sammanhallen.data.build import build

from tests.data.test_build import replace_cell

PAYMENT = {"programme": "urban15_stimulus", "payment": "2013-12"}


def test_a_rebuilt_database_is_read_without_restarting_the_app(data_copy, tmp_path, monkeypatch):
    target = tmp_path / "dashboard.duckdb"
    build(data_copy, target)
    monkeypatch.setenv("DASHBOARD_DB", str(target))
    before = db.run("funds_by_municipality", **PAYMENT).amount_sek.sum()

    replace_cell(data_copy / "funds.csv", 2, "amount_sek", "5321000")  # Hässleholmen + 1 000 kr
    build(data_copy, target)
    stamp = target.stat().st_mtime + 5
    os.utime(target, (stamp, stamp))  # make the new file's mtime differ even on a coarse clock

    after = db.run("funds_by_municipality", **PAYMENT).amount_sek.sum()
    assert (before, after) == (99_000_000, 99_001_000)


def test_a_caller_changing_its_result_does_not_change_the_next_callers(db_path, monkeypatch):
    monkeypatch.setenv("DASHBOARD_DB", str(db_path))
    first = db.run("funds_by_municipality", **PAYMENT)
    first["amount_sek"] = 0  # pages add columns and reformat in place
    first.iloc[:3, 0] = None
    again = db.run("funds_by_municipality", **PAYMENT)
    assert again.amount_sek.sum() == 99_000_000 and len(again) == 9


def test_the_data_location_follows_a_changed_setting(tmp_path, monkeypatch):
    from sammanhallen.data.data_location import data_location

    monkeypatch.setenv("DASHBOARD_DATA", str(tmp_path / "a.duckdb"))
    assert data_location().uri == str(tmp_path / "a.duckdb")
    monkeypatch.setenv("DASHBOARD_DATA", str(tmp_path / "b.duckdb"))  # remembered resolving must not pin the old one
    assert data_location().uri == str(tmp_path / "b.duckdb")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DASHBOARD_DATA", "c.duckdb")
    assert data_location().uri == str(tmp_path.resolve() / "c.duckdb")
