"""sammanhallen.data_import.ingest: numbers, years, separators, limits, Excel, JSON-stat, Kolada, speed.

The corpus of awkward files is tested in tests/test_ingest_corpus.py; area matching in
tests/test_area_matching.py. Big and hostile files (too large, zip bombs, 100 000 rows) are made here.
"""
from __future__ import annotations

import collections
import io
import json
import time
import warnings
import zipfile
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sammanhallen.data_import.ingest import ROW_COLUMNS, ImportFileError, ParsedFile, Problem, parse_file
from sammanhallen.data_import.ingest import numbers as num
from sammanhallen.data_import.ingest.problems import neutralise
from sammanhallen.data_import.ingest.text_tables import sniff_delimiter
from sammanhallen.data_import.ingest.ziplimits import check_zip

REAL = Path(__file__).resolve().parents[1] / "fixtures" / "import" / "real"


# ------------------------------------------------------------------------------------------ numbers

@pytest.mark.parametrize("raw, decimal, value", [
    ("12,5", None, 12.5), ("12.5", None, 12.5), ("0,123", None, 0.123), ("1 234", None, 1234.0),
    ("1\u00a0234\u00a0567", None, 1234567.0), ("1\u202f234,5", None, 1234.5), ("−2,5", None, -2.5),
    ("–3", None, -3.0), ("- 4", None, -4.0), ("+5", None, 5.0), ("12,5 %", None, 12.5), ("104,5%", None, 104.5),
    ("1.234.567", None, 1234567.0), ("1.234,5", None, 1234.5), ("1,234.5", None, 1234.5),
    ("1,2E+05", None, 120000.0), ("1,234", None, 1.234), ("1,234", ".", 1234.0), ("1.234", ",", 1234.0),
    ("1.234", ".", 1.234), (" 7 ", None, 7.0), ("2015", None, 2015.0),
])
def test_numbers_as_swedes_write_them(raw, decimal, value):
    parsed = num.parse_numbers(pd.Series([raw], dtype=object), decimal)
    assert parsed.kind[0] == num.OK, raw
    assert parsed.value[0] == pytest.approx(value)


@given(st.decimals(min_value=-10**9, max_value=10**9, places=2, allow_nan=False))
@settings(max_examples=200, deadline=None)
def test_babel_swedish_numbers_round_trip(x):
    """What Swedish software writes (babel sv_SE: no-break-space groups, decimal comma) reads back."""
    from babel.numbers import format_decimal

    text = format_decimal(x, format="#,##0.##", locale="sv_SE")
    other = "1,5"  # the rest of a Swedish file shows the decimal comma
    parsed = num.parse_numbers(pd.Series([text, other], dtype=object),
                               num.detect_decimal(num.clean_text(pd.Series([text, other], dtype=object))))
    assert parsed.kind[0] == num.OK, text
    assert parsed.value[0] == pytest.approx(float(x), abs=1e-9)


@pytest.mark.parametrize("raw", ["", "..", "...", "…", ".", "-", "–", "—", "  "])
def test_gap_markers_are_gaps(raw):
    assert num.parse_numbers(pd.Series([raw], dtype=object)).kind[0] == num.MISSING


@pytest.mark.parametrize("raw, kind", [
    ("n/a", num.TEXT), ("saknas", num.TEXT), ("4,8x", num.TEXT), ("12 5", num.TEXT), ("1,2,3", num.TEXT),
    ("=1+2", num.FORMULA), ("+A1", num.FORMULA), ("-x", num.FORMULA), ("@SUM(A1)", num.FORMULA),
    ("1.234", num.AMBIGUOUS), ("322.574", num.AMBIGUOUS),
])
def test_what_is_not_a_number(raw, kind):
    assert num.parse_numbers(pd.Series([raw], dtype=object)).kind[0] == kind


def test_excel_cells_keep_their_types():
    cells = pd.Series([3, 2.5, None, "4,5", True, pd.Timestamp("2020-01-01"), float("nan"), float("inf")], dtype=object)
    parsed = num.parse_numbers(cells, ",")
    assert list(parsed.kind) == [num.OK, num.OK, num.MISSING, num.OK, num.OTHER_TYPE, num.OTHER_TYPE, num.MISSING,
                                 num.TEXT]
    assert parsed.value[:2].tolist() == [3.0, 2.5] and parsed.value[3] == 4.5


@pytest.mark.parametrize("values, decimal", [
    (["12,5", "1.234"], ","), (["12.5", "1,234"], "."), (["1.234", "2"], None), (["1.234,5"], ","),
    (["1,234.5"], "."), (["1,234"], None),
])
def test_decimal_is_told_only_by_unambiguous_values(values, decimal):
    assert num.detect_decimal(num.clean_text(pd.Series(values, dtype=object))) == decimal


def test_problem_texts_are_bilingual_and_name_the_value():
    sv, en = num.number_problem_text(num.FORMULA, "=cmd")
    assert "ser ut som en formel" in sv and "looks like a formula" in en and "=cmd" in sv
    sv, en = num.number_problem_text(num.TEXT, "n/a")
    assert sv == "Texten 'n/a' är inte ett tal" and en == "The text 'n/a' is not a number"


# ------------------------------------------------------------------------------------------ years

@pytest.mark.parametrize("raw, year", [("2015", 2015), ("År 2015", 2015), ("2015 ", 2015), ("year 2015", 2015),
                                       (2016, 2016), (2017.0, 2017), ("2015.0", 2015)])
def test_years(raw, year):
    parsed = num.parse_years(pd.Series([raw], dtype=object))
    assert parsed.kind[0] == num.YEAR_OK and parsed.year[0] == year


@pytest.mark.parametrize("raw, what", [("2015M01", "en månad"), ("2015K1", "ett kvartal"), ("2015Q3", "ett kvartal"),
                                       ("2015H1", "ett halvår"), ("2014/15", "flera år"), ("2015-2016", "flera år"),
                                       ("2015-12-31", "ett datum"), ("2015-03", "en månad")])
def test_non_annual_periods_are_named(raw, what):
    parsed = num.parse_years(pd.Series([raw], dtype=object))
    assert parsed.kind[0] == num.YEAR_NON_ANNUAL
    sv, en = num.year_problem_text(int(parsed.kind[0]), raw, parsed.what_sv[0], parsed.what_en[0])
    assert what in sv and "not a whole year" in en


@pytest.mark.parametrize("raw", ["abc", "99", "1066", 2015.5, True])
def test_not_years(raw):
    assert num.parse_years(pd.Series([raw], dtype=object)).kind[0] == num.YEAR_BAD


# ------------------------------------------------------------------------------------------ separators

@pytest.mark.parametrize("text, sep", [
    ("Område;2015;2016\nStockholm;4,1;3,9\nMalmö;9,8;9,5\n", ";"),
    ("Område,2015,2016\nStockholm,4.1,3.9\n", ","),
    ("Område\t2015\nStockholm\t4,1\n", "\t"),
    ("Område|2015\nStockholm|4,1\n", "|"),
    # decimal commas split the data lines into three fields under ',' too: the header decides
    ("Område;2015;2016\nStockholm;4,1;3,9\nMalmö,9.8,9.5\nGöteborg;5,2;5,0\nSödertälje,7.1,7.0\nVäxjö;3,1;2,9\n", ";"),
    ('Titel, med komma\nOmråde,Kommentar,2015\n"Kista","a; b",1.5\n"Husby","c; d",2.5\n', ","),
])
def test_separator_sniffing(text, sep):
    assert sniff_delimiter(text) == sep


# ------------------------------------------------------------------------------------------ whole-file limits

def test_file_over_the_size_limit_is_refused_before_reading():
    data = "Område;2015\n".encode() + b"".join(f"Område {i};1\n".encode() for i in range(2000))
    with pytest.raises(ImportFileError) as err:
        parse_file("stor.csv", data, max_bytes=len(data) - 1)
    assert "högst" in err.value.message_sv and "at most" in err.value.message_en
    assert len(parse_file("stor.csv", data, max_bytes=len(data)).rows) == 2000  # exactly at the limit is fine


@pytest.mark.parametrize("data", [b"", b"\xef\xbb\xbf", b"  \r\n\r\n", b"\n"])
def test_empty_files(data):
    with pytest.raises(ImportFileError, match="empty"):
        parse_file("tom.csv", data)


def test_mojibake_is_reported_not_silently_kept():
    data = "Område;2015\nGÃ¶teborg;1\n".encode("utf-8")
    parsed = parse_file("dubbelkodad.csv", data)
    assert parsed.meta["encoding"] == "utf-8"
    assert any("Ã¶" in w["sv"] for w in parsed.meta["warnings"])


def test_cp1252_is_decoded_not_guessed_as_latin1():
    data = "Område;2015\nVäxjö;1\nSkärholmen – söder;2\n".encode("cp1252")  # – is 0x96 in cp1252 only
    parsed = parse_file("ansi.csv", data)
    assert parsed.meta["encoding"] == "cp1252"
    assert set(parsed.rows["area_name"]) == {"Växjö", "Skärholmen – söder"}


# ------------------------------------------------------------------------------------------ zip bombs

def _bomb(entry: str, size: int, extra: dict | None = None) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, content in (extra or {}).items():
            zf.writestr(name, content)
        with zf.open(entry, "w") as fh:
            chunk = b"\0" * (1 << 20)
            for _ in range(size // len(chunk)):
                fh.write(chunk)
    return buf.getvalue()


def test_xlsx_zip_bomb_is_refused():
    good = io.BytesIO()
    wb = openpyxl.Workbook()
    wb.active.append(["Område", 2015])
    wb.active.append(["Stockholm", 1])
    wb.save(good)
    with zipfile.ZipFile(good) as zf:
        parts = {n: zf.read(n) for n in zf.namelist()}
    data = _bomb("xl/worksheets/sheet2.xml", 24 << 20, parts)
    assert len(data) < 200_000
    with pytest.raises(ImportFileError) as err:
        parse_file("bomb.xlsx", data, max_bytes=1_000_000)
    assert "zip-bomb" in err.value.message_sv and "zip bomb" in err.value.message_en


def test_shapefile_zip_bomb_is_refused_by_check_zip(tmp_path):
    data = _bomb("gränser.shp", 60 << 20, {"gränser.prj": "GEOGCS[]"})
    path = tmp_path / "gränser.zip"
    path.write_bytes(data)
    with pytest.raises(ImportFileError, match="zip bomb"):
        check_zip(path, max_total_bytes=500_000_000)  # the ratio betrays it even under the size limit
    with pytest.raises(ImportFileError, match="unpacks to"):
        check_zip(data, max_total_bytes=10_000_000, max_ratio=None)
    assert check_zip(path, max_total_bytes=500_000_000, max_ratio=None, verify=True) == (60 << 20) + 8


def test_check_zip_accepts_an_ordinary_archive_and_verifies_entries(tmp_path):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("a.shp", bytes(range(256)) * 100)
        zf.writestr("a.dbf", b"x" * 1000)
    assert check_zip(buf.getvalue(), max_total_bytes=1_000_000, verify=True) == 25600 + 1000
    # a lying size header: declared smaller than the data -> the checksum no longer matches
    raw = bytearray(buf.getvalue())
    with zipfile.ZipFile(io.BytesIO(bytes(raw))) as zf:
        info = zf.getinfo("a.shp")
    cd = raw.find(b"PK\x01\x02")  # the central directory starts with a.shp, written first
    raw[cd + 24:cd + 28] = (info.file_size // 2).to_bytes(4, "little")
    with pytest.raises(ImportFileError, match="does not match"):
        check_zip(bytes(raw), max_total_bytes=1_000_000, verify=True)


def test_geo_import_refuses_a_zip_bomb(tmp_path, monkeypatch):
    from sammanhallen.data_import import boundary_files as geo_import
    from sammanhallen.data_import.boundary_files import ImportError_, import_boundaries

    monkeypatch.setattr(geo_import, "MAX_UNZIPPED_BYTES", 10_000_000)
    path = tmp_path / "gränser.zip"
    path.write_bytes(_bomb("gränser.shp", 60 << 20, {"gränser.prj": "GEOGCS[]"}))
    with pytest.raises(ImportError_, match="unpacks to"):
        import_boundaries(path, target=tmp_path / "out")
    assert not (tmp_path / "out").exists()


# ------------------------------------------------------------------------------------------ Excel

def _xlsx(sheets: dict[str, list[list]]) -> bytes:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for r in rows:
            ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_excel_sheet_choice():
    data = _xlsx({"Info": [["Om filen"], ["Se bladet Data"]],
                  "Data": [["Område", 2015, 2016], ["Stockholm", 4.1, 3.9]],
                  "Mer": [["Kommun", "År", "Värde"], ["Malmö", 2015, 9.8]]})
    assert parse_file("t.xlsx", data).meta["sheet"] == "Data"          # first sheet with a table
    mer = parse_file("t.xlsx", data, sheet="Mer")
    assert mer.meta["sheet"] == "Mer" and mer.rows["area_name"].tolist() == ["Malmö"]
    with pytest.raises(ImportFileError) as err:
        parse_file("t.xlsx", data, sheet="Info")
    assert "Bladet 'Info'" in err.value.message_sv
    with pytest.raises(ImportFileError) as err:
        parse_file("t.xlsx", data, sheet="Saknas")
    assert "Info, Data, Mer" in err.value.message_sv


def test_excel_without_any_table_names_each_sheet():
    with pytest.raises(ImportFileError) as err:
        parse_file("t.xlsx", _xlsx({"A": [["bara text"]], "B": [[1, 2], [3, 4]]}))
    assert "A:" in err.value.message_sv and "B:" in err.value.message_sv


def test_excel_row_numbers_are_sheet_rows_and_codes_keep_their_text():
    data = _xlsx({"S": [["Titel"], [], [], ["Kommunkod", "Kommun", "År", "Värde"], ["0180", "Stockholm", 2015, 4.1],
                        [], [180, "Stockholm", 2016, "3,9"]]})
    rows = parse_file("t.xlsx", data).rows
    assert rows["row_number"].tolist() == [5, 7]
    assert rows["area_code"].tolist() == ["0180", "180"] and rows["value"].tolist() == [4.1, 3.9]


def test_broken_xlsx_and_other_zips():
    with pytest.raises(ImportFileError, match="zip archive"):
        parse_file("x.xlsx", _bomb("readme.txt", 1 << 20))
    with pytest.raises(ImportFileError, match="broken"):
        parse_file("x.xlsx", b"PK\x03\x04" + b"\x00" * 100)


# ------------------------------------------------------------------------------------------ JSON-stat

def _pyjstat_frame(obj: dict, naming: str) -> pd.DataFrame:
    pyjstat = pytest.importorskip("pyjstat.pyjstat")  # test-only: pyjstat==2.4.0 in requirements-dev.txt

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ordered = json.loads(json.dumps(obj), object_pairs_hook=collections.OrderedDict)
        return pyjstat.Dataset.read(ordered).write("dataframe", naming=naming)


def test_real_scb_jsonstat_agrees_with_pyjstat():
    data = (REAL / "scb_TAB638_folkmangd_riket.json").read_bytes()
    ours = parse_file("TAB638.json", data).rows
    theirs = _pyjstat_frame(json.loads(data), "id")
    assert len(ours) == len(theirs) == 1
    assert ours.loc[0, "area_code"] == theirs.loc[0, "Region"] == "00"
    assert ours.loc[0, "year"] == int(theirs.loc[0, "Tid"]) == 2024
    assert ours.loc[0, "value"] == theirs.loc[0, "value"] == 50937


def test_multidimensional_jsonstat_agrees_with_pyjstat_cell_by_cell():
    rng = np.random.default_rng(7)
    values = rng.integers(0, 1000, size=3 * 2 * 2 * 4).astype(float).tolist()
    values[5] = None
    obj = {
        "version": "2.0", "class": "dataset", "label": "test", "source": "SCB",
        "id": ["Region", "Kon", "ContentsCode", "Tid"], "size": [3, 2, 2, 4],
        "role": {"time": ["Tid"], "metric": ["ContentsCode"]},
        "dimension": {
            "Region": {"category": {"index": {"0180": 0, "1280": 1, "1480": 2},
                                    "label": {"0180": "Stockholm", "1280": "Malmö", "1480": "Göteborg"}}},
            "Kon": {"category": {"index": ["1", "2"], "label": {"1": "män", "2": "kvinnor"}}},
            "ContentsCode": {"category": {"index": {"A": 1, "B": 0}, "label": {"A": "Antal", "B": "Andel"}}},
            "Tid": {"category": {"index": ["2014", "2015", "2016", "2017"]}},
        },
        "value": values,
    }
    ours = parse_file("x.json", json.dumps(obj).encode()).rows
    theirs = _pyjstat_frame(obj, "id").dropna(subset=["value"])
    assert len(ours) == len(theirs) == len(values) - 1
    want = {(r.Region, f"{r.ContentsCode}|Kon={r.Kon}", int(r.Tid)): r.value for r in theirs.itertuples()}
    got = {(r.area_code, r.indicator_key, r.year): r.value for r in ours.itertuples()}
    assert got == want
    assert ours.loc[ours["indicator_key"] == "B|Kon=2", "indicator_label"].iloc[0] == "Andel, kvinnor"


def test_pyjstat_ignores_status_which_is_why_it_is_not_used():
    obj = json.loads((Path(__file__).parents[1] / "fixtures" / "import" / "19_jsonstat_status.json").read_text())
    frame = _pyjstat_frame(obj, "id")
    assert "status" not in frame.columns
    assert frame["value"].notna().sum() == 5      # pyjstat keeps 548190 although its status is '..'
    assert len(parse_file("s.json", json.dumps(obj).encode()).rows) == 4


def test_sparse_jsonstat_values_and_status_string():
    obj = {"version": "2.0", "class": "dataset", "id": ["Region", "Tid"], "size": [2, 2],
           "dimension": {"Region": {"category": {"index": ["0180", "1280"]}},
                         "Tid": {"category": {"index": ["2015", "2016"]}}},
           "value": {"0": 1.5, "3": 2.5}, "status": {"1": ".."}}
    parsed = parse_file("sparse.json", json.dumps(obj).encode())
    assert parsed.rows[["row_number", "area_code", "year", "value"]].values.tolist() == [[1, "0180", 2015, 1.5],
                                                                                         [4, "1280", 2016, 2.5]]
    assert parsed.rows["indicator_key"].tolist() == ["sparse", "sparse"]  # no metric: the file's name


@pytest.mark.parametrize("obj, fragment", [
    ({"version": "2.0", "class": "dataset", "id": ["Region", "Tid"], "size": [2, 1],
      "dimension": {"Region": {"category": {"index": ["0180"]}}, "Tid": {"category": {"index": ["2015"]}}},
      "value": [1, 2]}, "kategorier men storleken"),
    ({"version": "2.0", "class": "dataset", "id": ["Region", "Tid"], "size": [1, 1],
      "dimension": {"Region": {"category": {"index": ["0180"]}}, "Tid": {"category": {"index": ["2015"]}}},
      "value": [1, 2]}, "2 värden men 1 celler"),
    ({"version": "2.0", "class": "dataset", "id": ["Region", "Kon"], "size": [1, 1],
      "dimension": {"Region": {"category": {"index": ["0180"]}}, "Kon": {"category": {"index": ["1"]}}},
      "value": [1]}, "ingen tidsdimension"),
])
def test_broken_jsonstat_is_refused(obj, fragment):
    with pytest.raises(ImportFileError) as err:
        parse_file("b.json", json.dumps(obj).encode())
    assert fragment in err.value.message_sv


def test_invalid_json_names_the_line():
    with pytest.raises(ImportFileError) as err:
        parse_file("b.json", b'{"values": [\n  {"kpi": "N1",}\n]}')
    assert "rad 2" in err.value.message_sv


def test_jsonstat_does_not_go_online_for_a_url_in_the_file():
    # pyjstat.Dataset.read("http...") would fetch it; parse_file never looks at it as a URL
    with pytest.raises(ImportFileError):
        parse_file("u.json", b'"https://example.invalid/data.json"')


# ------------------------------------------------------------------------------------------ Kolada

def test_kolada_takes_totals_and_counts_the_rest():
    obj = {"count": 2, "values": [
        {"kpi": "N1", "municipality": "0180", "period": 2015,
         "values": [{"gender": "K", "value": 1}, {"gender": "M", "value": 2}, {"gender": "T", "value": 3}]},
        {"kpi": "N1", "municipality": "1280", "period": "2015M01", "values": [{"gender": "T", "value": 4}]},
        {"kpi": "N1", "municipality": "1480", "period": 2015, "values": [{"gender": "T", "value": "x"}]},
    ]}
    parsed = parse_file("k.json", json.dumps(obj).encode())
    assert parsed.rows[["row_number", "area_code", "year", "value"]].values.tolist() == [[1, "0180", 2015, 3.0]]
    assert parsed.meta["skipped"] == {"gender_K": 1, "gender_M": 1}
    assert [(p.row_number, p.column) for p in parsed.problems] == [(2, "period"), (3, "value")]
    assert parsed.meta["declared_count"] == 2


def test_kolada_next_page_is_a_warning():
    obj = {"values": [{"kpi": "N1", "municipality": "0180", "period": 2015, "values": [{"gender": "T", "value": 1}]}],
           "next_page": "https://api.kolada.se/v2/data/kpi/N1?page=2"}
    parsed = parse_file("k.json", json.dumps(obj).encode())
    assert parsed.meta["next_page"].endswith("page=2")
    assert any("fler sidor" in w["sv"] for w in parsed.meta["warnings"])


# ------------------------------------------------------------------------------------------ rows and problems

def test_problem_neutralises_what_it_echoes():
    p = Problem(3, "=A1", "sv", "en", raw="@cmd")
    assert (p.column, p.raw) == ("'=A1", "'@cmd")
    assert neutralise("-5x") == "'-5x" and neutralise("Stockholm") == "Stockholm" and neutralise(None) is None


def test_formula_looking_labels_are_neutralised_everywhere():
    data = "@Titel\nOmråde;Indikator;2015\n=Malmö;+ind;1\n".encode()
    parsed = parse_file("=fil.csv", data)
    assert parsed.rows[["area_name", "indicator_key"]].values.tolist() == [["'=Malmö", "'+ind"]]
    assert parsed.meta["file_name"] == "'=fil.csv" and parsed.meta["title"] == "'@Titel"
    assert list(parsed.meta["indicator_labels"]) == ["'+ind"]


def test_dimension_columns_keep_series_apart():
    data = "Område;Kön;2015\nStockholm;kvinnor;1\nStockholm;män;2\n".encode()
    rows = parse_file("kon.csv", data).rows
    assert rows["indicator_key"].tolist() == ["kon|Kön=kvinnor", "kon|Kön=män"]


def test_duplicates_in_wide_layout_name_both_rows():
    data = "Område;2015;2016\nMalmö;1;2\nMalmö;3;\n".encode()
    parsed = parse_file("d.csv", data)
    assert parsed.rows[["area_name", "year", "value"]].values.tolist() == [["Malmö", 2016, 2.0]]
    assert sorted((p.row_number, p.column) for p in parsed.problems) == [(2, "2015"), (3, "2015")]
    assert "rad 3" in parsed.problems[0].reason_sv and "rad 2" in parsed.problems[1].reason_sv


def test_parsed_file_shape():
    parsed = parse_file("a.csv", "Område;2015\nStockholm;1\n".encode())
    assert isinstance(parsed, ParsedFile) and list(parsed.rows.columns) == ROW_COLUMNS
    assert parsed.rows.iloc[0].to_dict() == {"row_number": 2, "column": "2015", "area_code": None,
                                             "area_name": "Stockholm", "indicator_key": "a", "indicator_label": "a",
                                             "year": 2015, "value": 1.0}


@pytest.mark.parametrize("text, header_row, n_rows, meta", [
    ("Tabell: Arbetslöshet; 16-64 år\nOmråde;2015;2016\nStockholm;4,1;3,9\n", 2, 2,
     {"title": "Arbetslöshet 16-64 år"}),                         # a title split by the separator
    ("Källa:;SCB\nOmråde;2015;2016\nStockholm;4,1;3,9\n", 2, 2, {"source": "SCB"}),
    ("Område;År;Värde\nStockholm;2015;2000\nMalmö;2015;1999\n", 1, 2, {}),  # values that look like years
    (";2015;2016\nStockholm;1;2\nMalmö;3;4\n", 1, 4, {"unnamed_columns": ["Kolumn 1"]}),  # blank top-left cell
    ("Kommun;Kommun-ID;Nyckeltal;2015\nStockholm;0180;N00945;12,3\n", 1, 1, {}),  # Kolada's web export
])
def test_header_and_columns(text, header_row, n_rows, meta):
    parsed = parse_file("t.csv", text.encode())
    assert parsed.meta["header_row"] == header_row and len(parsed.rows) == n_rows and not parsed.problems
    for k, v in meta.items():
        assert parsed.meta[k] == v


def test_kolada_web_export_columns():
    rows = parse_file("t.csv", "Kommun;Kommun-ID;Nyckeltal;2015\nStockholm;0180;N00945;12,3\n".encode()).rows
    assert rows.iloc[0][["area_code", "area_name", "indicator_key", "year"]].tolist() == ["0180", "Stockholm", "N00945",
                                                                                           2015]


def test_pxweb_csv_time_column_rejects_months_per_row():
    data = '"region","tid","Arbetslösa"\n"0180 Stockholm","2015M01",5\n"0180 Stockholm","2015",6\n'.encode()
    parsed = parse_file("t.csv", data)
    assert parsed.meta["format"] == "pxweb-csv"
    assert parsed.rows[["area_code", "year", "value"]].values.tolist() == [["0180", 2015, 6.0]]
    assert [(p.row_number, p.column) for p in parsed.problems] == [(2, "tid")]


def test_excel_dates_and_booleans_are_not_years_or_numbers():
    import datetime

    data = _xlsx({"S": [["Område", "År", "Värde"], ["Stockholm", datetime.datetime(2015, 12, 31), 4.1],
                        ["Malmö", 2016, True]]})
    problems = parse_file("d.xlsx", data).problems
    assert [(p.row_number, p.column) for p in problems] == [(2, "År"), (3, "Värde")]
    assert "ett datum" in problems[0].reason_sv and "sant/falskt" in problems[1].reason_sv


# ------------------------------------------------------------------------------------------ speed

def test_100k_rows_parse_quickly():
    lines = ["Område;År;Indikator;Värde"] + [f"Område {i};{2000 + i % 20};ind{i % 7};{i % 1000},{i % 10}"
                                            for i in range(100_000)]
    lines[500] = "Område 499;2010;ind1;n/a"
    data = ("\n".join(lines) + "\n").encode()
    wall, cpu = time.perf_counter(), time.process_time()
    parsed = parse_file("stor.csv", data)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    assert len(parsed.rows) == 99_999 and [(p.row_number, p.column) for p in parsed.problems] == [(501, "Värde")]
    print(f"100 000 rows: {wall:.2f} s wall, {cpu:.2f} s CPU")
    # CPU time, not wall time: a loaded machine stretches wall time; unloaded this takes about one second
    assert cpu < 5.0
