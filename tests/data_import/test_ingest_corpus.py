"""Every file in tests/fixtures/import parses exactly as tests/fixtures/import/EXPECTED.json says."""
from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from sammanhallen.data_import.ingest import ROW_COLUMNS, ImportFileError, parse_file

CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "import"
EXPECTED = json.loads((CORPUS / "EXPECTED.json").read_text(encoding="utf-8"))["files"]
NOT_FIXTURES = {"EXPECTED.json", "_make_corpus.py", "SOURCES.md"}


def _fixture_files() -> set[str]:
    return {p.relative_to(CORPUS).as_posix() for p in CORPUS.rglob("*")
            if p.is_file() and p.name not in NOT_FIXTURES and "__pycache__" not in p.parts}


def test_every_fixture_file_has_an_expectation_and_the_other_way_round():
    listed = [e["file"] for e in EXPECTED]
    assert len(listed) == len(set(listed)), "a file is listed twice in EXPECTED.json"
    assert set(listed) == _fixture_files()


def test_corpus_is_large_and_small():
    assert len(EXPECTED) >= 25
    assert sum(1 for e in EXPECTED if e["outcome"] == "rejected") >= 8
    assert sum(1 for e in EXPECTED if e["outcome"] == "ok_with_rejections") >= 8
    for name in _fixture_files():
        assert (CORPUS / name).stat().st_size < 40_000, f"{name} is not a small fixture"


def _jsonable(value):
    return json.loads(json.dumps(value, default=str))


def _matches(row: pd.Series, want: dict) -> bool:
    for k, v in want.items():
        got = row[k]
        if isinstance(v, float):
            if got is None or abs(float(got) - v) > 1e-9:
                return False
        elif got != v:
            return False
    return True


@pytest.mark.parametrize("case", EXPECTED, ids=[e["file"] for e in EXPECTED])
def test_fixture(case):
    data = (CORPUS / case["file"]).read_bytes()
    name = Path(case["file"]).name
    if case["outcome"] == "rejected":
        with pytest.raises(ImportFileError) as err:
            parse_file(name, data)
        assert case["error"] in err.value.message_sv, err.value.message_sv
        assert err.value.message_en and err.value.message_en != err.value.message_sv
        return

    parsed = parse_file(name, data)
    rows = parsed.rows
    assert list(rows.columns) == ROW_COLUMNS
    assert len(rows) == case["rows"], rows.to_string()

    want_problems = case.get("problems", [])
    if case["outcome"] == "ok":
        assert parsed.problems == [], [p.reason_sv for p in parsed.problems]
    else:
        assert len(parsed.problems) == case["rejected"], [(p.row_number, p.column, p.reason_sv) for p in parsed.problems]
        assert len(want_problems) == case["rejected"]
        got = sorted(parsed.problems, key=lambda p: (p.row_number, p.column))
        for want, p in zip(sorted(want_problems, key=lambda w: (w["row"], w["column"])), got):
            assert (p.row_number, p.column) == (want["row"], want["column"]), p
            assert want["fragment"] in p.reason_sv, p.reason_sv
            assert p.reason_en and p.reason_en != p.reason_sv

    meta = _jsonable(parsed.meta)
    for k, v in case.get("meta", {}).items():
        assert meta.get(k) == v, f"meta[{k!r}] = {meta.get(k)!r}, expected {v!r}"
    for want in case.get("sample", []):
        assert any(_matches(r, want) for _, r in rows.iterrows()), f"no row like {want}:\n{rows.to_string()}"
    for unwanted in case.get("absent", []):
        assert not any(_matches(r, unwanted) for _, r in rows.iterrows()), f"unexpected row like {unwanted}"


@pytest.mark.parametrize("case", [e for e in EXPECTED if e["outcome"] != "rejected"],
                         ids=[e["file"] for e in EXPECTED if e["outcome"] != "rejected"])
def test_rows_follow_the_contract(case):
    parsed = parse_file(Path(case["file"]).name, (CORPUS / case["file"]).read_bytes())
    rows = parsed.rows
    assert str(rows["row_number"].dtype) == "int64" and str(rows["year"].dtype) == "int64"
    assert str(rows["value"].dtype) == "float64" and rows["value"].notna().all()
    for col in ("area_code", "area_name", "indicator_label"):
        assert all(v is None or isinstance(v, str) for v in rows[col]), col
    assert all(isinstance(v, str) and v for v in rows["indicator_key"])
    assert all(isinstance(v, str) for v in rows["column"])
    assert (rows["area_code"].notna() | rows["area_name"].notna()).all()
    assert set(rows["indicator_key"]) <= set(parsed.meta["indicator_labels"])
    for text in pd.concat([rows[c] for c in ("column", "area_code", "area_name", "indicator_key", "indicator_label")]):
        assert text is None or not text.startswith(("=", "+", "-", "@")), text
    for p in parsed.problems:
        assert not p.raw.startswith(("=", "+", "-", "@")) and p.row_number >= 1
    for k in ("format", "encoding", "layout", "indicator_labels"):
        assert k in parsed.meta
    assert json.dumps(parsed.meta, default=str)
