"""sammanhallen.exports, read back: CSV bytes, the Excel workbook, PNG and SVG images."""
from __future__ import annotations

import csv
import functools
import io
import struct

import pandas as pd
import pytest
from openpyxl import load_workbook

from sammanhallen.compare import selection as cmp
from sammanhallen.compare import table as compare_table
from sammanhallen import exports
from sammanhallen.data import queries
from sammanhallen.compare import view

FRAME = pd.DataFrame({"Område": ["Rinkeby-Kista", "Älvsjö", "Malmö"], "År": [2017, 2017, 2017],
                      "Värde": [7.2, 1.4, None], "Anmärkning": ["", "", "uppgift saknas; ingen källa"]})


def _rows(data: bytes, sep: str) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf"), "UTF-8 BOM so Excel detects the encoding"
    return list(csv.reader(io.StringIO(data[3:].decode("utf-8")), delimiter=sep))


def test_csv_for_swedish_excel():
    rows = _rows(exports.to_csv(FRAME, ";", ","), ";")
    assert rows[0] == ["Område", "År", "Värde", "Anmärkning"]
    assert rows[1] == ["Rinkeby-Kista", "2017", "7,2", ""]
    assert rows[2][0] == "Älvsjö" and rows[3][2] == ""  # a gap stays empty, never 0


def test_csv_with_comma_and_point():
    rows = _rows(exports.to_csv(FRAME, ",", "."), ",")
    assert rows[1][2] == "7.2" and rows[3][3] == "uppgift saknas; ingen källa"


def test_csv_with_comma_separator_and_decimal_comma_still_parses():
    rows = _rows(exports.to_csv(FRAME, ",", ","), ",")
    assert [len(r) for r in rows] == [4, 4, 4, 4]
    assert rows[1][2] == "7,2"


@pytest.mark.parametrize("sep, dec", [("\t", ","), (";", ";")])
def test_csv_refuses_unknown_marks(sep, dec):
    with pytest.raises(ValueError):
        exports.to_csv(FRAME, sep, dec)


def test_xlsx_has_data_sources_and_selection_sheets(con):
    run = functools.partial(queries.run, con)
    comp = cmp.load(run, {"indicator": "ekonomiskt_bistand_andel_befolkning",
                          "areas": "0180-sdo-rinkeby-kista,0180-sdo-hagersten-alvsjo"})
    table, notes = compare_table.long_table(comp, 2015, 2017, "0180")
    frame = compare_table.export_frame(table, comp)
    sources = pd.DataFrame({"Källa-id": ["x"], "Titel": ["Tabell b020"], "Utgivare": ["Stockholms stad"], "År": [2018], "URL": [None]})
    selection = [("Indikator", comp.name("sv")), ("Permalänk", "http://127.0.0.1/jamfor?indicator=x")]
    data = exports.to_xlsx(frame, sources, selection, {"Värde": "#,##0.0", "År": "0"}, footnotes=notes)
    book = load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["Data", "Källor", "Urval"]
    sheet = book["Data"]
    header = [c.value for c in sheet[1]]
    value_col = header.index("Värde")
    rows = list(sheet.iter_rows(min_row=2))
    rinkeby = next(r for r in rows if r[1].value == "0180-sdo-rinkeby-kista" and r[2].value == 2016)
    assert rinkeby[value_col].value == 7.7 and rinkeby[value_col].number_format == "#,##0.0"
    gap = next(r for r in rows if r[1].value == "0180-sdo-hagersten-alvsjo")
    assert gap[value_col].value is None
    assert "bildades" in gap[header.index("Anmärkning / skäl till lucka")].value
    assert book["Källor"]["B2"].value == "Tabell b020"
    urval = {r[0].value: r[1].value for r in book["Urval"].iter_rows() if r[0].value}
    assert urval["Indikator"] == comp.name("sv") and urval["Permalänk"].startswith("http://")
    assert any("Hägersten-Älvsjö" in (r[1].value or "") for r in book["Urval"].iter_rows())


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "PNG signature"
    assert data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


def test_chart_png_is_print_sized(con):
    chart = view.chart(con, {}, "sv").chart
    width, height = _png_size(exports.chart_png(chart, scale=3))
    assert width >= 3 * view.WIDTH and height > 600
    with pytest.raises(ValueError):
        exports.chart_png(chart, scale=1)


def test_chart_svg_contains_title_and_source(con):
    result = view.chart(con, {}, "sv")
    svg = exports.chart_svg(result.chart).decode("utf-8")
    assert svg.lstrip().startswith("<svg") and result.title in svg
    assert "Källa: Stockholms stad" in svg


# --- review fixes: Swedish words in the files, highlight filled, rounded, only settings that apply ---

def _comp(con, **params):
    return cmp.load(functools.partial(queries.run, con), params)


def test_export_frame_speaks_the_users_language_and_marks_highlighted_areas(con):
    comp = _comp(con, indicator="ekonomiskt_bistand_andel_befolkning",
                 areas="0180-sdo-rinkeby-kista,0180-sdo-bromma,0180-sdo-hagersten-alvsjo")
    table, _ = compare_table.long_table(comp, 2015, 2017, "0180")
    frame = compare_table.export_frame(table, comp, "sv", "0180-sdo-rinkeby-kista")
    assert set(frame["Tillförlitlighet"]) <= {"hög", "medel", "låg", ""} and "hög" in set(frame["Tillförlitlighet"])
    by_area = frame.groupby("Områdeskod")["Markering"].agg(set)
    assert by_area["0180-sdo-rinkeby-kista"] == {"markerad"} and by_area["0180-sdo-bromma"] == {""}
    pct = next(c for c in frame.columns if c.endswith("(%)"))
    values = frame[pct].dropna()
    assert len(values) and all(v == round(v, 1) for v in values), "Skillnad (%) to one decimal"
    assert "Fotnotstecken" in frame.columns
    gap = frame[frame["Områdeskod"] == "0180-sdo-hagersten-alvsjo"].iloc[0]
    assert gap["Tillförlitlighet"] == "" and "bildades" in gap["Anmärkning / skäl till lucka"]
    english = compare_table.export_frame(table, comp, "en", "0180-sdo-rinkeby-kista")
    assert "high" in set(english["Confidence"]) and "highlighted" in set(english["Highlight"])


def test_export_notes_drop_the_source_prefix(con):
    comp = _comp(con, indicator="andel_barn_i_hushall_med_ekonomiskt_bistand", areas="1280")
    table, _ = compare_table.long_table(comp, 2007, 2007, "SE")
    frame = compare_table.export_frame(table, comp, "sv")
    note = frame["Anmärkning / skäl till lucka"].iloc[0]
    assert note.startswith("blog post of 21 June 2008") and "'I Malmö bor 18 procent" in note
    assert frame["Tillförlitlighet"].iloc[0] == "låg"  # the data audit lowered it: the quote states no year
    data = exports.to_csv(frame, ";", ",")
    assert b"Source: " not in data and "låg".encode() in data


def test_selection_sheet_uses_unit_labels_and_only_settings_that_apply(con):
    comp = _comp(con, indicator="ekonomiskt_bistand_andel_befolkning", areas="0180-sdo-rinkeby-kista,0180")
    params = {"highlight": "0180-sdo-rinkeby-kista", "year": "2017", "from": "2015", "to": "2017", "ref": "0180", "pop": "same"}
    rows = dict(compare_table.selection_rows(comp, params, "http://127.0.0.1/jamfor?x=1", "sv", "2025-01-01"))
    assert rows["Enhet"] == "procent" and rows["Markerade"] == "Rinkeby-Kista"
    assert "Folkmängd" not in rows, "population setting only for the grant per inhabitant"
    funds = _comp(con, indicator=cmp.FUNDS_PER_INHABITANT, areas="u15-tensta")
    rows = dict(compare_table.selection_rows(funds, params, "u", "sv", "2025-01-01"))
    assert rows["Folkmängd"] == "samma år som utbetalningen" and rows["Enhet"] == "kronor"
    rows = dict(compare_table.selection_rows(comp, params, "u", "en", "2025-01-01"))
    assert rows["Unit"] == "per cent"


def test_xlsx_from_the_page_parts_has_swedish_words(con):
    comp = _comp(con, indicator="ekonomiskt_bistand_andel_befolkning", areas="0180-sdo-rinkeby-kista,0180-sdo-bromma")
    table, notes = compare_table.long_table(comp, 2016, 2017, "0180")
    frame = compare_table.export_frame(table, comp, "sv", "0180-sdo-bromma")
    selection = compare_table.selection_rows(comp, {"highlight": "0180-sdo-bromma", "pop": "same"}, "http://x", "sv", "2025-01-01")
    book = load_workbook(io.BytesIO(exports.to_xlsx(frame, pd.DataFrame(columns=["Källa-id"]), selection, footnotes=notes)))
    header = [c.value for c in book["Data"][1]]
    rows = [dict(zip(header, [c.value for c in r])) for r in book["Data"].iter_rows(min_row=2)]
    assert {r["Tillförlitlighet"] for r in rows} <= {"hög", "medel", "låg"}
    assert {r["Markering"] for r in rows if r["Områdeskod"] == "0180-sdo-bromma"} == {"markerad"}
    urval = {r[0].value: r[1].value for r in book["Urval"].iter_rows() if r[0].value}
    assert urval["Enhet"] == "procent" and "Folkmängd" not in urval
