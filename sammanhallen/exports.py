"""Exports for reports: CSV that Swedish Excel opens correctly, an Excel workbook with data,
sources and the selection, and chart images (PNG for print, SVG) rendered offline.

No Streamlit here: the page calls these inside download buttons, tests read the results back.
"""
from __future__ import annotations

import csv
import functools
import io
import json
from datetime import date

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from sammanhallen import chart_images

BOM = "\ufeff"
SEPARATORS = (";", ",")
DECIMALS = (",", ".")


def to_csv(frame: pd.DataFrame, sep: str = ";", decimal: str = ",") -> bytes:
    """UTF-8 with BOM (so Excel detects the encoding). `sep` ';' or ','; `decimal` ',' or '.'.
    With both ',' numbers are written as quoted text so the file still parses."""
    if sep not in SEPARATORS:
        raise ValueError(f"separator must be one of {SEPARATORS}, not {sep!r}")
    if decimal not in DECIMALS:
        raise ValueError(f"decimal mark must be one of {DECIMALS}, not {decimal!r}")
    frame = frame.copy()
    quoting = csv.QUOTE_MINIMAL
    if sep == decimal:
        for column in frame.columns:
            if pd.api.types.is_float_dtype(frame[column]):
                frame[column] = [None if pd.isna(v) else _plain(v).replace(".", decimal) for v in frame[column]]
        quoting = csv.QUOTE_NONNUMERIC
    text = frame.to_csv(index=False, sep=sep, decimal=decimal, quoting=quoting, lineterminator="\r\n")
    return (BOM + text).encode("utf-8")


def _plain(value: float) -> str:
    return repr(float(value)) if not float(value).is_integer() else str(int(value))


def _fit_columns(sheet, max_width: int = 60) -> None:
    for index, column in enumerate(sheet.iter_cols(values_only=True), start=1):
        width = max((len(str(v)) for v in column if v is not None), default=8)
        sheet.column_dimensions[get_column_letter(index)].width = min(max(width + 2, 8), max_width)


def to_xlsx(
    data: pd.DataFrame,
    sources: pd.DataFrame,
    selection: list[tuple[str, str]],
    number_formats: dict[str, str] | None = None,
    sheet_names: tuple[str, str, str] = ("Data", "Källor", "Urval"),
    footnotes: list[str] = (),
) -> bytes:
    """A workbook with the data sheet (numbers as numbers, with number formats; missing values are
    empty cells), a sources sheet and a sheet describing the selection (label, value rows)."""
    number_formats = number_formats or {}
    book = Workbook()
    sheet = book.active
    sheet.title = sheet_names[0]
    sheet.append(list(data.columns))
    for row in data.itertuples(index=False):
        sheet.append([_cell(v) for v in row])
    for index, column in enumerate(data.columns, start=1):
        fmt = number_formats.get(column)
        if fmt:
            for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                cell.number_format = fmt
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    if len(data.columns):
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(data.columns))}{max(len(data) + 1, 1)}"
    _fit_columns(sheet)

    src = book.create_sheet(sheet_names[1])
    src.append(list(sources.columns))
    for row in sources.itertuples(index=False):
        src.append([_cell(v) for v in row])
    for cell in src[1]:
        cell.font = Font(bold=True)
    _fit_columns(src)

    sel = book.create_sheet(sheet_names[2])
    for label, value in selection:
        sel.append([label, value])
    for note in footnotes:
        sel.append(["", note])
    for (cell,) in sel.iter_rows(min_col=1, max_col=1):
        cell.font = Font(bold=True)
        cell.alignment = Alignment(vertical="top")
    for (cell,) in sel.iter_rows(min_col=2, max_col=2):
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    sel.column_dimensions["A"].width = 24
    sel.column_dimensions["B"].width = 100

    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _cell(value):
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and value != value:
        return None
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    return value


class _Spec:
    """Lets chart_images render a spec string (the cache key) as if it were a chart."""

    def __init__(self, spec: str):
        self.spec = spec

    def to_json(self) -> str:
        return self.spec


@functools.lru_cache(maxsize=64)
def _png(spec: str, scale: float) -> bytes:
    return chart_images.to_png(_Spec(spec), scale=scale)


@functools.lru_cache(maxsize=64)
def _svg(spec: str) -> str:
    return chart_images.to_svg(_Spec(spec))


def _spec_json(chart) -> str:
    """An Altair chart's spec, or a Vega-Lite spec already made a dict, as JSON."""
    return json.dumps(chart) if isinstance(chart, dict) else chart.to_json()


def chart_png(chart, scale: float = 3.0) -> bytes:
    """Print-ready PNG (3× the chart's size at 300 ppi), cached by the chart's spec."""
    if scale < 3:
        raise ValueError("print export needs scale ≥ 3")
    return _png(_spec_json(chart), float(scale))


def chart_svg(chart) -> bytes:
    return _svg(_spec_json(chart)).encode("utf-8")


def selection_rows(items: dict[str, object]) -> list[tuple[str, str]]:
    return [(k, v if isinstance(v, str) else json.dumps(v, ensure_ascii=False)) for k, v in items.items()]


def today() -> str:
    return date.today().isoformat()
