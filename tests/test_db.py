"""The app's cached connection and query cache follow a rebuilt database without a restart."""
from __future__ import annotations

import os

from components import db
from sammanhallen.build import build

from .test_build import _replace_cell

PAYMENT = {"programme": "urban15_stimulus", "payment": "2013-12"}


def test_a_rebuilt_database_is_read_without_restarting_the_app(data_copy, tmp_path, monkeypatch):
    target = tmp_path / "dashboard.duckdb"
    build(data_copy, target)
    monkeypatch.setenv("DASHBOARD_DB", str(target))
    before = db.run("funds_by_municipality", **PAYMENT).amount_sek.sum()

    _replace_cell(data_copy / "funds.csv", 2, "amount_sek", "5321000")  # Hässleholmen + 1 000 kr
    build(data_copy, target)
    stamp = target.stat().st_mtime + 5
    os.utime(target, (stamp, stamp))  # make the new file's mtime differ even on a coarse clock

    after = db.run("funds_by_municipality", **PAYMENT).amount_sek.sum()
    assert (before, after) == (99_000_000, 99_001_000)
