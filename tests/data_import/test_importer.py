"""Importing statistics: the plan classifies every row, commit is all or nothing, undo is exact,
rebuilds keep imports, and every write needs an administrator session. Everything runs in tmp dirs."""
from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import shutil
import sys
import types
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from sammanhallen.data_import import admin_auth as auth
from sammanhallen.data_import import store as import_store
from sammanhallen.data_import import importer
from sammanhallen.data import build as build_module
from sammanhallen.data.build import build
from sammanhallen.data.schema import TABLES, Column
from sammanhallen.data.validate import ValidationError, parse_cell

from tests.conftest import DATA_DIR
from tests.data.test_build import replace_cell

PASSWORD = "a test password"
SOURCE = {"source_id": "scb_test_2024", "title": "Testtabell", "publisher": "SCB", "year": 2024, "url": "https://example.org/t"}
PERCENT = "andel_barn_i_hushall_med_ekonomiskt_bistand"  # unit percent; 1280/2007 is 18.0 from imittsverige_2008_bidragstoppen


def sha(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def tables(path: Path) -> dict[str, list[tuple]]:
    """Every table's rows, sorted: the content of a database independent of its file layout."""
    con = duckdb.connect(":memory:")
    con.execute(f"ATTACH '{path}' AS d (READ_ONLY)")
    try:
        return {t.name: sorted(con.execute(f"SELECT * FROM d.{t.name}").fetchall(), key=repr) for t in TABLES}
    finally:
        con.close()


def value(path: Path, area_id: str, indicator_id: str, year: int):
    con = duckdb.connect(":memory:")
    con.execute(f"ATTACH '{path}' AS d (READ_ONLY)")
    try:
        return con.execute(
            "SELECT value, source_id, confidence, note FROM d.observations WHERE area_id = ? AND indicator_id = ? AND year = ?",
            [area_id, indicator_id, year]).fetchone()
    finally:
        con.close()


def tree(folder: Path) -> dict[str, str]:
    """Every file under `folder` with its checksum (the lock file is the store's, not the log's)."""
    if not folder.exists():
        return {}
    return {str(p.relative_to(folder)): sha(p) for p in sorted(folder.rglob("*")) if p.is_file() and p.name != ".lock"}


def rows(*items) -> pd.DataFrame:
    return pd.DataFrame(
        [dict(area_id=a, indicator_id=i, year=y, value=v, row_number=n, column=c) for a, i, y, v, n, c in items],
        columns=["area_id", "indicator_id", "year", "value", "row_number", "column"],
    )


@pytest.fixture(scope="module")
def pristine(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("pristine") / "dashboard.duckdb"
    build(DATA_DIR, path)
    return path


@pytest.fixture
def env(tmp_path, pristine, monkeypatch):
    """A database and an imports dir of this test's own; the app's defaults point here too."""
    db = tmp_path / "db" / "dashboard.duckdb"
    db.parent.mkdir()
    shutil.copyfile(pristine, db)
    monkeypatch.setenv("DASHBOARD_DB", str(db))
    monkeypatch.setenv("DASHBOARD_USER_DIR", str(tmp_path / "user"))
    monkeypatch.delenv(importer.PUBLISH_ENV, raising=False)
    return types.SimpleNamespace(db=db, imports=tmp_path / "user" / "imports", tmp=tmp_path)


@pytest.fixture(scope="module")
def session() -> auth.AdminSession:
    stored = auth.hash_password(PASSWORD, iterations=1_000)
    return auth.login("Anna Analytiker", PASSWORD, stored=stored, throttle=auth.Throttle(), key="test")


def simple_plan(env, **kwargs):
    return importer.plan(
        rows(("0180", "folkmangd", 2034, 1_000_000.0, 2, "C"),
             ("1280", PERCENT, 2007, 19.5, 3, "C")),
        db_path=env.db, source=SOURCE, **kwargs)


def do_commit(env, session, plan=None, **kwargs):
    return importer.commit(plan or simple_plan(env), session, file_name="kolada.csv", file_bytes=b"omrade;2034\n",
                           db_path=env.db, imports_dir=env.imports, **kwargs)


# --- plan ----------------------------------------------------------------------------------------

def test_plan_classifies_adds_replaces_and_unchanged(env):
    assert value(env.db, "1280", PERCENT, 2007)[:2] == (18.0, "imittsverige_2008_bidragstoppen")
    con = duckdb.connect(str(env.db), read_only=True)
    stored = con.execute(
        """SELECT area_id, indicator_id, year, value, source_id, confidence, note FROM observations
           WHERE confidence = 'medium' AND indicator_id <> $p ORDER BY ALL LIMIT 1""", {"p": PERCENT}).fetchone()
    con.close()
    frame = rows(("0180", "folkmangd", 2034, 1_000_000.0, 2, "C"),
                 ("1280", PERCENT, 2007, 19.5, 3, "D"),
                 (*stored[:4], 4, "E"))
    frame["note"] = [None, None, stored[6]]  # the stored row exactly as it is: unchanged
    plan = importer.plan(frame, db_path=env.db, source={"source_id": stored[4]}, confidence="medium")
    assert plan.adds.to_dict("records") == [
        {"area_id": "0180", "indicator_id": "folkmangd", "year": 2034, "value": 1_000_000.0, "row_number": 2, "column": "C"}]
    assert plan.replaces.to_dict("records") == [
        {"area_id": "1280", "indicator_id": PERCENT, "year": 2007, "old_value": 18.0, "new_value": 19.5,
         "old_source_id": "imittsverige_2008_bidragstoppen", "row_number": 3, "column": "D"}]
    assert plan.unchanged.to_dict("records") == [
        {"area_id": stored[0], "indicator_id": stored[1], "year": stored[2], "value": stored[3], "row_number": 4, "column": "E"}]
    assert plan.rejects.empty and not plan.problems and plan.ok and plan.rows_total == 3
    assert plan.observations[["area_id", "source_id", "confidence"]].values.tolist() == [
        ["0180", stored[4], "medium"], ["1280", stored[4], "medium"]]  # unchanged rows are not rewritten
    assert not plan.new_source and plan.db_sha256 == sha(env.db)


def test_same_value_from_another_source_is_a_replacement(env):
    plan = importer.plan(rows(("1280", PERCENT, 2007, 18.0, 3, "D")), db_path=env.db, source=SOURCE)
    assert len(plan.replaces) == 1 and plan.replaces.at[0, "old_source_id"] == "imittsverige_2008_bidragstoppen"


BAD_ROWS = [
    ("unknown area", ("9999-nowhere", "folkmangd", 2020, 1.0), "area_id", "unknown area_id '9999-nowhere'", "okänt område"),
    ("unmatched area", (None, "folkmangd", 2020, 1.0), "area_id", "no area", "området saknas"),
    ("unknown indicator", ("0180", "lyckoindex", 2020, 1.0), "indicator_id", "unknown indicator_id 'lyckoindex'", "okänd indikator"),
    ("year too early", ("0180", "folkmangd", 1850, 1.0), "year", "below the allowed minimum 1980", "lägre än det minsta"),
    ("year too late", ("0180", "folkmangd", 2036, 1.0), "year", "above the allowed maximum 2035", "högre än det högsta"),
    ("year not whole", ("0180", "folkmangd", 2020.5, 1.0), "year", "is not a whole number", "är inte ett heltal"),
    ("percent above 100", ("1280", PERCENT, 2020, 100.5), "value", "outside 0–100", "utanför 0–100"),
    ("percent below 0", ("1280", PERCENT, 2020, -0.1), "value", "outside 0–100", "utanför 0–100"),
    ("infinite", ("0180", "folkmangd", 2020, float("inf")), "value", "not a finite number", "inte ett ändligt tal"),
    ("missing value", ("0180", "folkmangd", 2020, float("nan")), "value", "the value is missing", "värdet saknas"),
    ("decimal comma text", ("0180", "folkmangd", 2020, "46,1"), "value", "uses a decimal comma", "har decimalkomma"),
    ("text value", ("0180", "folkmangd", 2020, "n/a"), "value", "'n/a' is not a number", "är inte ett tal"),
]


@pytest.mark.parametrize("label, row, field, reason_en, reason_sv", BAD_ROWS, ids=[b[0] for b in BAD_ROWS])
def test_bad_rows_are_rejected_with_row_column_and_reason(env, label, row, field, reason_en, reason_sv):
    plan = importer.plan(rows(("0180", "folkmangd", 2030, 5.0, 2, "B"), (*row, 7, "F")), db_path=env.db, source=SOURCE)
    assert len(plan.adds) == 1 and plan.adds.at[0, "row_number"] == 2
    reject = plan.rejects.iloc[0]
    assert (len(plan.rejects), reject.row_number, reject.column, reject.field) == (1, 7, "F", field)
    assert reason_en in reject.reason_en and reason_sv in reject.reason_sv
    assert plan.rejected_rows == 1 and not plan.ok


def test_a_percent_value_of_exactly_0_or_100_is_accepted(env):
    plan = importer.plan(rows(("1280", PERCENT, 2020, 0.0, 2, "B"), ("1280", PERCENT, 2021, 100.0, 3, "B")),
                         db_path=env.db, source=SOURCE)
    assert len(plan.adds) == 2 and plan.rejects.empty


def test_duplicate_keys_in_the_file_reject_both_rows_naming_each_other(env):
    plan = importer.plan(rows(("0180", "folkmangd", 2031, 5.0, 4, "B"), ("0180", "folkmangd", 2031.0, 6.0, 9, "C"),
                              ("0181", "folkmangd", 2031, 7.0, 10, "C")), db_path=env.db, source=SOURCE)
    assert plan.adds["row_number"].tolist() == [10]
    assert plan.rejects[["row_number", "column"]].values.tolist() == [[4, "B"], [9, "C"]]
    assert "row 9" in plan.rejects.at[0, "reason_en"] and "rad 4" in plan.rejects.at[1, "reason_sv"]


def test_per_row_confidence_and_note_are_checked_and_kept(env):
    frame = rows(("0180", "folkmangd", 2030, 5.0, 2, "B"), ("0181", "folkmangd", 2030, 6.0, 3, "B"))
    frame["confidence"] = ["low", "sure"]
    frame["note"] = ["cirka", None]
    plan = importer.plan(frame, db_path=env.db, source=SOURCE, note="SCB table BE0101")
    assert plan.rejects[["row_number", "field"]].values.tolist() == [[3, "confidence"]]
    assert plan.observations[["confidence", "note"]].values.tolist() == [["low", "cirka"]]


def test_unknown_plan_confidence_is_a_problem_that_blocks_commit(env, session):
    plan = simple_plan(env, confidence="certain")
    assert [p.field for p in plan.problems] == ["confidence"]
    with pytest.raises(importer.ImportRefused, match="confidence"):
        do_commit(env, session, plan, skip_rejected=True)


NEW_INDICATOR = {"indicator_id": "trangboddhet_andel", "name_sv": "Trångboddhet", "name_en": "Overcrowding",
                 "unit": "percent", "higher_is_better": False, "definition": "Andel boende i trångbodda hushåll",
                 "domain": "befolkning"}


def test_new_indicator_and_source_are_accepted_and_checked(env):
    plan = importer.plan(rows(("0180", "trangboddhet_andel", 2020, 12.5, 2, "B"), ("0181", "trangboddhet_andel", 2020, 112.5, 3, "B")),
                         db_path=env.db, source=SOURCE, new_indicators=[NEW_INDICATOR])
    assert plan.adds["row_number"].tolist() == [2]
    assert plan.rejects.at[0, "field"] == "value"  # the new indicator's unit (percent) applies
    assert plan.new_source and plan.source["year"] == 2024 and not plan.problems
    assert plan.new_indicators == (NEW_INDICATOR,)


BAD_METADATA = [
    ("unit not in schema", {"new_indicators": [{**NEW_INDICATOR, "unit": "per 1000"}]}, "new_indicators[0].unit", "is not one of"),
    ("domain not in schema", {"new_indicators": [{**NEW_INDICATOR, "domain": "trygghet"}]}, "new_indicators[0].domain", "is not one of"),
    ("missing definition", {"new_indicators": [{**NEW_INDICATOR, "definition": " "}]}, "new_indicators[0].definition", "is empty but required"),
    ("existing indicator", {"new_indicators": [{**NEW_INDICATOR, "indicator_id": "folkmangd"}]}, "new_indicators[0].indicator_id", "exists already"),
    ("id with spaces", {"new_indicators": [{**NEW_INDICATOR, "indicator_id": "Trång boddhet"}]}, "new_indicators[0].indicator_id", "not a valid id"),
    ("same new indicator twice", {"new_indicators": [NEW_INDICATOR, NEW_INDICATOR]}, "new_indicators[1].indicator_id", "appears twice"),
    ("unknown field", {"new_indicators": [{**NEW_INDICATOR, "colour": "red"}]}, "new_indicators[0]", "unknown fields: colour"),
    ("new source without title", {"source": {**SOURCE, "title": ""}}, "source.title", "is empty but required"),
    ("source year too late", {"source": {**SOURCE, "year": 2099}}, "source.year", "above the allowed maximum"),
    ("no source", {"source": {}}, "source.source_id", "the source is missing"),
]


@pytest.mark.parametrize("label, kwargs, field, reason", BAD_METADATA, ids=[b[0] for b in BAD_METADATA])
def test_bad_new_indicators_and_sources_are_problems(env, session, label, kwargs, field, reason):
    arguments = {"source": SOURCE, **kwargs}
    plan = importer.plan(rows(("0180", "folkmangd", 2030, 5.0, 2, "B")), db_path=env.db, **arguments)
    assert any(p.field == field and reason in p.reason_en and p.reason_sv for p in plan.problems), plan.problems
    with pytest.raises(importer.ImportRefused):
        do_commit(env, session, plan, skip_rejected=True)
    assert importer.read_log(env.imports) == []


def test_plan_writes_nothing(env):
    before = sha(env.db)
    simple_plan(env)
    assert sha(env.db) == before and not env.imports.exists()


def test_plan_needs_the_row_columns(env):
    with pytest.raises(ValueError, match="row_number"):
        importer.plan(rows(("0180", "folkmangd", 2030, 5.0, 2, "B")).drop(columns="row_number"), db_path=env.db, source=SOURCE)


def test_plan_needs_a_database(tmp_path):
    with pytest.raises(FileNotFoundError):
        importer.plan(rows(("0180", "folkmangd", 2030, 5.0, 2, "B")), db_path=tmp_path / "none.duckdb", source=SOURCE)


@pytest.mark.parametrize("make", [
    lambda: parse_cell("", Column("x", "text")),
    lambda: parse_cell("1,5", Column("x", "float")),
    lambda: parse_cell("abc", Column("x", "float")),
    lambda: parse_cell("1.5", Column("x", "int")),
    lambda: parse_cell("kanske", Column("x", "bool")),
    lambda: parse_cell("1/2/2020", Column("x", "date")),
    lambda: parse_cell("x", Column("x", "text", choices=("a", "b"))),
    lambda: parse_cell("1", Column("x", "int", min=5)),
    lambda: parse_cell("9", Column("x", "int", max=5)),
], ids=["empty", "decimal comma", "not a number", "not whole", "not bool", "not date", "choices", "min", "max"])
def test_every_validation_message_is_written_in_swedish_and_english(make):
    _, message = make()
    assert message.sv and message.en and message.sv != message.en


# --- commit --------------------------------------------------------------------------------------

def test_commit_writes_the_rows_and_logs_who_when_what(env, session):
    before = sha(env.db)
    record = do_commit(env, session)
    assert record.status == "committed" and record.import_id == 1
    assert value(env.db, "0180", "folkmangd", 2034) == (1_000_000.0, "scb_test_2024", "medium", None)
    assert value(env.db, "1280", PERCENT, 2007)[:2] == (19.5, "scb_test_2024")
    con = duckdb.connect(":memory:")
    con.execute(f"ATTACH '{env.db}' AS d (READ_ONLY)")
    assert con.execute("SELECT source_title FROM d.observation_details WHERE area_id = '0180' AND year = 2034").fetchone() == ("Testtabell",)
    con.close()

    [logged] = importer.read_log(env.imports)
    assert logged == record
    assert (logged.who, logged.file_name, logged.rows_added, logged.rows_replaced) == ("Anna Analytiker", "kolada.csv", 1, 1)
    assert logged.file_sha256 == hashlib.sha256(b"omrade;2034\n").hexdigest()
    assert logged.created_at.endswith("Z") and logged.created_at[:2] == "20"
    assert (logged.db_sha256_before, logged.db_sha256_after) == (before, sha(env.db))
    folder = env.imports / "0001"
    assert (folder / "upload.csv").read_bytes() == b"omrade;2034\n"
    assert json.loads((folder / "record.json").read_text())["status"] == "committed"
    replaced = pd.read_csv(folder / "replaced.csv")
    assert replaced[["old_value", "new_value", "old_source_id"]].values.tolist() == [[18.0, 19.5, "imittsverige_2008_bidragstoppen"]]


def test_values_survive_commit_and_rebuild_bit_for_bit(env, session):
    awkward = 0.1 + 0.2  # 0.30000000000000004
    plan = importer.plan(rows(("0180", "folkmangd", 2033, awkward, 2, "B")), db_path=env.db, source=SOURCE)
    do_commit(env, session, plan)
    assert value(env.db, "0180", "folkmangd", 2033)[0] == awkward
    build(DATA_DIR, env.db, env.imports)
    assert value(env.db, "0180", "folkmangd", 2033)[0] == awkward


def test_new_indicator_and_source_are_created(env, session):
    plan = importer.plan(rows(("0180", "trangboddhet_andel", 2020, 12.5, 2, "B")), db_path=env.db, source=SOURCE,
                         new_indicators=[NEW_INDICATOR])
    record = do_commit(env, session, plan)
    assert record.new_indicators == (NEW_INDICATOR,) and record.new_source["title"] == "Testtabell"
    content = tables(env.db)
    assert ("trangboddhet_andel", "Trångboddhet", "Overcrowding", "percent", False,
            "Andel boende i trångbodda hushåll", "befolkning") in content["indicators"]
    assert ("scb_test_2024", "Testtabell", "SCB", 2024, "https://example.org/t") in content["sources"]


def test_a_rebuild_keeps_committed_imports(env, session):
    do_commit(env, session)
    with_import = tables(env.db)
    build(DATA_DIR, env.db, env.imports)  # explicit imports dir
    assert tables(env.db) == with_import
    build(DATA_DIR, env.db)  # the app's database (DASHBOARD_DB) replays user_dir()/imports by default
    assert tables(env.db) == with_import
    other = env.tmp / "scratch.duckdb"
    build(DATA_DIR, other)  # any other file is the CSVs alone
    assert value(other, "0180", "folkmangd", 2034) is None


def test_the_command_line_build_replays_imports(env, session, capsys):
    do_commit(env, session)
    out = env.tmp / "cli.duckdb"
    assert build_module.main(["--out", str(out), "--imports-dir", str(env.imports)]) == 0
    assert value(out, "0180", "folkmangd", 2034)[0] == 1_000_000.0


def test_commit_refuses_without_a_valid_session(env, session):
    plan = simple_plan(env)
    before = sha(env.db)
    for forged in (None, {"who": "x"}, dataclasses.replace(session, who="Mallory")):
        with pytest.raises(PermissionError):
            do_commit(env, forged, plan)
        with pytest.raises(PermissionError):
            importer.undo_last(forged, db_path=env.db, imports_dir=env.imports)
    assert sha(env.db) == before and importer.read_log(env.imports) == []


def test_rejected_rows_block_commit_unless_skipped(env, session):
    plan = importer.plan(rows(("0180", "folkmangd", 2034, 5.0, 2, "B"), ("0180", "folkmangd", 1850, 5.0, 3, "B")),
                         db_path=env.db, source=SOURCE)
    with pytest.raises(importer.ImportRefused, match="1 row"):
        do_commit(env, session, plan)
    assert importer.read_log(env.imports) == []
    record = do_commit(env, session, plan, skip_rejected=True)
    assert (record.rows_added, record.rows_rejected) == (1, 1)


def test_nothing_to_import_is_refused(env, session):
    plan = importer.plan(rows(("0180", "folkmangd", 1850, 5.0, 2, "B")), db_path=env.db, source=SOURCE)
    with pytest.raises(importer.ImportRefused, match="nothing to import"):
        do_commit(env, session, plan, skip_rejected=True)


def test_a_plan_made_before_another_import_is_stale(env, session):
    first, second = simple_plan(env), simple_plan(env)
    do_commit(env, session, first)
    after_first = sha(env.db)
    with pytest.raises(importer.StalePlanError):
        do_commit(env, session, second)
    assert sha(env.db) == after_first and len(importer.read_log(env.imports)) == 1


def _fail_inside_build(monkeypatch):
    real = build_module.create_table

    def broken(con, table, frame):
        if table.name == "observations":
            raise RuntimeError("disk full (injected)")
        return real(con, table, frame)

    monkeypatch.setattr(build_module, "create_table", broken)


def _fail_on_the_swap(monkeypatch, env):
    real = os.replace

    def broken(src, dst, *args, **kwargs):
        if Path(dst) == env.db:
            raise OSError("rename failed (injected)")
        return real(src, dst, *args, **kwargs)

    monkeypatch.setattr(os, "replace", broken)


def _fail_on_the_snapshot(monkeypatch, env):
    real = shutil.copyfile

    def broken(src, dst, *args, **kwargs):
        if Path(src) == env.db:
            raise OSError("no space left (injected)")
        return real(src, dst, *args, **kwargs)

    monkeypatch.setattr(shutil, "copyfile", broken)


FAILURES = [
    ("exception inside build", lambda mp, env: _fail_inside_build(mp)),
    ("failing os.replace", _fail_on_the_swap),
    ("failing snapshot copy", _fail_on_the_snapshot),
]


@pytest.mark.parametrize("first", [True, False], ids=["first import", "after an import"])
@pytest.mark.parametrize("label, inject", FAILURES, ids=[f[0] for f in FAILURES])
def test_a_failed_commit_changes_nothing(env, session, monkeypatch, label, inject, first):
    if not first:
        do_commit(env, session, importer.plan(rows(("0181", "folkmangd", 2034, 3.0, 2, "B")), db_path=env.db, source=SOURCE))
    plan = simple_plan(env)
    db_before, log_before, files_before = sha(env.db), importer.read_log(env.imports), tree(env.imports)
    listing_before = sorted(p.name for p in env.db.parent.iterdir())
    inject(monkeypatch, env)
    with pytest.raises((RuntimeError, OSError)):
        do_commit(env, session, plan)
    monkeypatch.undo()
    assert sha(env.db) == db_before
    assert importer.read_log(env.imports) == log_before
    assert tree(env.imports) == files_before
    assert sorted(p.name for p in env.db.parent.iterdir()) == listing_before  # no temporary file left


# --- undo ----------------------------------------------------------------------------------------

def test_undo_restores_the_exact_previous_file(env, session):
    before = sha(env.db)
    do_commit(env, session)
    record = importer.undo_last(session, db_path=env.db, imports_dir=env.imports)
    assert sha(env.db) == before
    assert (record.status, record.undo_method, record.undone_by) == ("undone", "snapshot", "Anna Analytiker")
    assert [r.status for r in importer.read_log(env.imports)] == ["undone"]  # kept in the log
    with pytest.raises(importer.ImportRefused, match="no import to undo"):
        importer.undo_last(session, db_path=env.db, imports_dir=env.imports)
    build(DATA_DIR, env.db, env.imports)  # an undone import is not replayed
    assert value(env.db, "0180", "folkmangd", 2034) is None


def test_undo_walks_back_through_several_imports_byte_for_byte(env, session):
    states = [sha(env.db)]
    for year in (2032, 2033, 2034):
        do_commit(env, session, importer.plan(rows(("0180", "folkmangd", year, float(year), 2, "B")), db_path=env.db, source=SOURCE))
        states.append(sha(env.db))
    for expected in reversed(states[:-1]):
        importer.undo_last(session, db_path=env.db, imports_dir=env.imports)
        assert sha(env.db) == expected
    assert [r.import_id for r in importer.read_log(env.imports)] == [1, 2, 3]


def test_undo_after_a_rebuild_rebuilds_without_the_import(env, session, data_copy):
    do_commit(env, session)
    second = importer.plan(rows(("0181", "folkmangd", 2034, 3.0, 2, "B")), db_path=env.db, source=SOURCE)
    do_commit(env, session, second)
    replace_cell(data_copy / "funds.csv", 2, "note", "edited after the imports")
    build(data_copy, env.db, env.imports)  # a CSV was edited and `make data` run: a different file
    record = importer.undo_last(session, db_path=env.db, imports_dir=env.imports, data_dir=data_copy)
    assert record.undo_method == "rebuild"
    assert value(env.db, "0181", "folkmangd", 2034) is None
    assert value(env.db, "0180", "folkmangd", 2034)[0] == 1_000_000.0  # the older import stays
    assert importer.undo_last(session, db_path=env.db, imports_dir=env.imports, data_dir=data_copy).undo_method == "rebuild"
    csv_alone = env.tmp / "csv_alone.duckdb"
    build(data_copy, csv_alone)
    assert tables(env.db) == tables(csv_alone)  # exactly the CSVs, with the edit, and no import


def test_undo_after_a_rebuild_of_the_same_data_restores_the_content(env, session):
    original = tables(env.db)
    do_commit(env, session)
    build(DATA_DIR, env.db, env.imports)  # e.g. `make run` after a code change (may or may not be byte-identical)
    record = importer.undo_last(session, db_path=env.db, imports_dir=env.imports)
    assert record.undo_method in ("snapshot", "rebuild")
    assert tables(env.db) == original


def test_commit_after_undo_gets_a_new_id(env, session):
    do_commit(env, session)
    importer.undo_last(session, db_path=env.db, imports_dir=env.imports)
    record = do_commit(env, session)
    assert record.import_id == 2
    assert [(r.import_id, r.status) for r in importer.read_log(env.imports)] == [(1, "undone"), (2, "committed")]


def test_a_failed_undo_changes_nothing(env, session, monkeypatch):
    do_commit(env, session)
    db_before, files_before = sha(env.db), tree(env.imports)
    _fail_on_the_swap(monkeypatch, env)
    with pytest.raises(OSError):
        importer.undo_last(session, db_path=env.db, imports_dir=env.imports)
    monkeypatch.undo()
    assert sha(env.db) == db_before and tree(env.imports) == files_before
    assert [r.status for r in importer.read_log(env.imports)] == ["committed"]


def test_a_crash_between_swap_and_log_is_finished_on_the_next_write(env, session, monkeypatch):
    real = import_store.write_record

    def crash_when_marking(record):
        if record.status == "committed":
            raise KeyboardInterrupt("power cut (injected)")
        return real(record)

    monkeypatch.setattr(import_store, "write_record", crash_when_marking)
    before = sha(env.db)
    with pytest.raises(KeyboardInterrupt):
        do_commit(env, session)
    monkeypatch.undo()
    [pending] = importer.read_log(env.imports)
    assert pending.status == "pending" and pending.db_sha256_after == sha(env.db)
    record = importer.undo_last(session, db_path=env.db, imports_dir=env.imports)  # recovers, then undoes it
    assert record.import_id == 1 and sha(env.db) == before


def test_a_crash_during_undo_is_finished_on_the_next_write(env, session, monkeypatch):
    before = sha(env.db)
    do_commit(env, session)
    real = import_store.write_record

    def crash_when_marking(record):
        if record.status == "undone":
            raise KeyboardInterrupt("power cut (injected)")
        return real(record)

    monkeypatch.setattr(import_store, "write_record", crash_when_marking)
    with pytest.raises(KeyboardInterrupt):
        importer.undo_last(session, db_path=env.db, imports_dir=env.imports)
    monkeypatch.undo()
    assert sha(env.db) == before  # the database was restored before the crash
    with pytest.raises(importer.ImportRefused, match="no import to undo"):
        importer.undo_last(session, db_path=env.db, imports_dir=env.imports)  # recovery marked it undone first
    [record] = importer.read_log(env.imports)
    assert (record.status, record.undo_method, record.pending_undo_sha256) == ("undone", "snapshot", None)


def test_a_pending_import_that_never_reached_the_database_is_removed(env, session):
    folder = import_store.folder_for(env.imports, 1)
    folder.mkdir(parents=True)
    import_store.write_table(folder / "observations.csv", "observations", [])
    import_store.write_record(import_store.ImportRecord(
        import_id=1, status="pending", who="x", created_at="2026-01-01T00:00:00Z", file_name="f.csv",
        file_sha256="0" * 64, rows_added=0, rows_replaced=0, db_sha256_after="f" * 64, folder=str(folder)))
    record = do_commit(env, session)
    assert record.import_id == 1 and [r.status for r in importer.read_log(env.imports)] == ["committed"]


def test_old_snapshots_are_pruned_and_those_imports_undo_by_rebuilding(env, session, monkeypatch):
    monkeypatch.setattr(importer, "KEEP_SNAPSHOTS", 1)
    do_commit(env, session)
    second = importer.plan(rows(("0181", "folkmangd", 2034, 3.0, 2, "B")), db_path=env.db, source=SOURCE)
    do_commit(env, session, second)
    first, latest = importer.read_log(env.imports)
    assert first.snapshot is None and not (first.path / import_store.SNAPSHOT_FILE).exists()
    assert latest.snapshot == import_store.SNAPSHOT_FILE
    assert importer.undo_last(session, db_path=env.db, imports_dir=env.imports).undo_method == "snapshot"
    assert importer.undo_last(session, db_path=env.db, imports_dir=env.imports).undo_method == "rebuild"


# --- replay --------------------------------------------------------------------------------------

def test_a_layer_that_no_longer_fits_stops_the_build_naming_the_import(env, session):
    do_commit(env, session)
    layer = env.imports / "0001" / "observations.csv"
    layer.write_text(layer.read_text().replace("0180,folkmangd", "9999-nowhere,folkmangd"))
    before = sha(env.db)
    with pytest.raises(ValidationError) as refused:
        build(DATA_DIR, env.db, env.imports)
    assert "import 1 (kolada.csv)" in str(refused.value) and "'9999-nowhere' is not a known area_id" in str(refused.value)
    assert sha(env.db) == before


def test_a_malformed_layer_file_is_refused_like_a_csv(env, session):
    do_commit(env, session)
    layer = env.imports / "0001" / "observations.csv"
    layer.write_text(layer.read_text().replace("1000000.0", "lots"))
    with pytest.raises(ValidationError, match="import 1 .*'lots' is not a number"):
        build(DATA_DIR, env.db, env.imports)


def test_a_curated_csv_row_wins_over_an_imported_indicator(env, session, data_copy):
    plan = importer.plan(rows(("0180", "trangboddhet_andel", 2020, 12.5, 2, "B")), db_path=env.db, source=SOURCE,
                         new_indicators=[NEW_INDICATOR])
    do_commit(env, session, plan)
    with open(data_copy / "indicators.csv", "a", encoding="utf-8") as handle:
        handle.write("trangboddhet_andel,Trångboddhet (norm 2),Overcrowding,percent,false,Kurerad definition,befolkning\n")
    build(data_copy, env.db, env.imports)
    names = {row[0]: row[1] for row in tables(env.db)["indicators"]}
    assert names["trangboddhet_andel"] == "Trångboddhet (norm 2)"
    assert value(env.db, "0180", "trangboddhet_andel", 2020)[0] == 12.5


# --- publishing ----------------------------------------------------------------------------------

def test_publish_hook_is_called_after_commit_and_undo(env, session, monkeypatch):
    calls = []
    module = types.ModuleType("sammanhallen.data.publish")
    module.publish = lambda db_path, dest: calls.append((Path(db_path), Path(dest), sha(db_path))) or f"v{len(calls)}"
    monkeypatch.setitem(sys.modules, "sammanhallen.data.publish", module)
    monkeypatch.setenv(importer.PUBLISH_ENV, str(env.tmp / "published"))
    record = do_commit(env, session)
    assert calls == [(env.db, env.tmp / "published", record.db_sha256_after)]
    assert (record.published_to, record.published_version) == (str(env.tmp / "published"), "v1")
    assert importer.read_log(env.imports)[0].published_version == "v1"
    importer.undo_last(session, db_path=env.db, imports_dir=env.imports)
    assert len(calls) == 2 and calls[1][2] == record.db_sha256_before


def test_a_failing_publish_does_not_undo_the_import(env, session, monkeypatch):
    module = types.ModuleType("sammanhallen.data.publish")

    def publish(db_path, dest):
        raise OSError("share offline")

    module.publish = publish
    monkeypatch.setitem(sys.modules, "sammanhallen.data.publish", module)
    monkeypatch.setenv(importer.PUBLISH_ENV, str(env.tmp / "published"))
    record = do_commit(env, session)
    assert record.status == "committed" and "share offline" in record.publish_error
    assert importer.read_log(env.imports)[0].publish_error == record.publish_error


def test_without_a_publish_module_nothing_is_published(env, session, monkeypatch):
    monkeypatch.setitem(sys.modules, "sammanhallen.data.publish", None)  # import raises ModuleNotFoundError
    monkeypatch.setenv(importer.PUBLISH_ENV, str(env.tmp / "published"))
    record = do_commit(env, session)
    assert record.status == "committed" and record.published_to is None


def test_commit_publishes_with_the_real_publish_module(env, session, monkeypatch):
    publish = pytest.importorskip("sammanhallen.data.publish")
    dest = env.tmp / "published"
    monkeypatch.setenv(importer.PUBLISH_ENV, str(dest))
    record = do_commit(env, session)
    assert record.publish_error is None and record.published_version == publish.current_version(dest)
