"""CSV and Excel files read into a grid of cells with their line or row numbers.

Interpretation (where the header is, which column is what) is the job of
:mod:`sammanhallen.data_import.ingest.layout`, :mod:`~.column_roles` and :mod:`~.long_rows`; this
module only gets the cells out of the file faithfully:

* CSV: the separator is sniffed among ``;``, tab, ``,`` and ``|`` from the lines' field counts (a
  title line above the header does not count); quoted fields may hold separators and line breaks;
  each record keeps the physical line it starts on, so a problem can name it.
* Excel (.xlsx): openpyxl in read-only mode with cached values (``data_only``); formulas are
  never evaluated. A formula cell without a saved result is marked so the user is told rather than
  the cell silently read as empty. The archive is checked against zip bombs before it is opened.
"""
from __future__ import annotations

import csv
import io
import re
import warnings
import zipfile
from collections import Counter
from dataclasses import dataclass, field

from sammanhallen.data_import.ingest.problems import ImportFileError
from sammanhallen.data_import.ingest.ziplimits import check_zip

DELIMITERS = [";", "\t", ",", "|"]
DELIMITER_NAMES = {";": "semikolon", "\t": "tabb", ",": "komma", "|": "lodstreck"}
MAX_RECORD_LINES = 50   # a record spanning more lines than this means a quote was never closed
UNZIPPED_FACTOR = 10    # an .xlsx may unpack to at most this many times max_bytes


@dataclass
class Grid:
    rows: list[list]                # cells: str for CSV; str, int, float, datetime, bool or None for Excel
    row_numbers: list[int]          # 1-based line (CSV) or sheet row (Excel) of each row
    text: bool                      # CSV: field counts matter; Excel: cells are positioned
    meta: dict = field(default_factory=dict)


class UncomputedFormula(str):
    """An Excel formula whose result was never saved in the file (data_only reads it as empty)."""


_NUMBER_LIKE = re.compile(r"^\s*[+\-\u2212]?[\d \u00a0\u202f]*[,.]?\d+\s*%?\s*$")


def sniff_delimiter(text: str) -> str:
    """The separator that splits most lines into the same number of fields, counting a line only if
    none of its fields holds another candidate separator (other than a decimal comma in a number):
    under ',' the Swedish line "Stockholm;4,1;3,9" splits into three fields too, but "Stockholm;4"
    betrays that ';' is the real separator."""
    sample_lines = []
    for line in text.splitlines():
        if line.strip():
            sample_lines.append(line)
        if len(sample_lines) >= 200:
            break
    sample = "\n".join(sample_lines)
    best, best_score = ";", -1.0
    for d in DELIMITERS:
        others = [o for o in DELIMITERS if o != d]
        try:
            records = [r for r in csv.reader(io.StringIO(sample), delimiter=d) if any(c.strip() for c in r)]
        except csv.Error:
            continue
        multi = [len(r) for r in records if len(r) > 1]
        if not multi:
            continue
        mode = Counter(multi).most_common(1)[0][0]
        clean = sum(1 for r in records if len(r) == mode and not any(
            o in cell and not _NUMBER_LIKE.match(cell) for cell in r for o in others))
        score = clean + 0.001 * mode
        if score > best_score + 1e-9:
            best, best_score = d, score
    return best


def read_csv_grid(file_name: str, text: str) -> Grid:
    if text.startswith("\ufeff"):
        text = text[1:]
    delimiter = sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows, numbers = [], []
    prev = 0
    try:
        for record in reader:
            start = prev + 1
            prev = reader.line_num
            if prev - start + 1 > MAX_RECORD_LINES:
                raise ImportFileError(
                    f"{file_name}: ett citattecken på rad {start} stängs aldrig, så resten av filen skulle läsas som "
                    f"en enda cell; rätta citattecknen och försök igen",
                    f"{file_name}: a quotation mark on line {start} is never closed, so the rest of the file would "
                    f"be read as one cell; fix the quotes and try again")
            rows.append(record)
            numbers.append(start)
    except csv.Error as exc:
        raise ImportFileError(f"{file_name}: raden {prev + 1} kan inte läsas som CSV ({exc})",
                              f"{file_name}: line {prev + 1} cannot be read as CSV ({exc})") from exc
    return Grid(rows, numbers, text=True, meta={"separator": delimiter})


# ------------------------------------------------------------------------------------------ Excel


def read_excel_grids(file_name: str, data: bytes, *, sheet: str | None, max_bytes: int):
    """Yield (sheet name, Grid) for the requested sheet, or for each visible sheet in order."""
    import openpyxl

    check_zip(data, max_total_bytes=UNZIPPED_FACTOR * max_bytes, label=file_name, label_en=file_name)
    has_formulas = _has_formulas(data)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            wb_f = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False) if has_formulas else None
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds
        raise ImportFileError(f"{file_name} kan inte läsas som Excelfil ({type(exc).__name__})",
                              f"{file_name} cannot be read as an Excel file ({type(exc).__name__})") from exc
    try:
        sheets = [ws for ws in wb.worksheets if hasattr(ws, "iter_rows")]
        names = [ws.title for ws in sheets]
        if sheet is not None:
            if sheet not in names:
                raise ImportFileError(
                    f"{file_name} har inget blad som heter '{sheet}'; bladen är: {', '.join(names)}",
                    f"{file_name} has no sheet called '{sheet}'; the sheets are: {', '.join(names)}")
            chosen = [ws for ws in sheets if ws.title == sheet]
        else:
            chosen = [ws for ws in sheets if getattr(ws, "sheet_state", "visible") == "visible"]
        for ws in chosen:
            ws_f = wb_f[ws.title] if wb_f is not None else None
            yield ws.title, names, _sheet_grid(ws, ws_f)
    finally:
        wb.close()
        if wb_f is not None:
            wb_f.close()


def _has_formulas(data: bytes) -> bool:
    """True if any worksheet XML has an <f> element (cheap scan, bounded by check_zip)."""
    pattern = re.compile(rb"<(?:\w+:)?f[ >/]")
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        for info in zf.infolist():
            if info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml"):
                with zf.open(info) as fh:
                    tail = b""
                    while chunk := fh.read(1 << 20):
                        if pattern.search(tail + chunk):
                            return True
                        tail = chunk[-16:]
    return False


def _sheet_grid(ws, ws_f) -> Grid:
    try:
        ws.reset_dimensions()  # the declared dimension is often wrong in files written by other tools
    except AttributeError:
        pass
    rows_f = None
    if ws_f is not None:
        try:
            ws_f.reset_dimensions()
        except AttributeError:
            pass
        rows_f = ws_f.iter_rows(values_only=True)
    rows, numbers = [], []
    for n, row in enumerate(ws.iter_rows(values_only=True), start=1):
        cells = list(row)
        if rows_f is not None:
            frow = next(rows_f, ())
            for j, fv in enumerate(frow):
                if j < len(cells) and cells[j] is None and isinstance(fv, str) and fv.startswith("="):
                    cells[j] = UncomputedFormula(fv)
        while cells and cells[-1] is None:
            cells.pop()
        rows.append(cells)
        numbers.append(n)
    return Grid(rows, numbers, text=False, meta={})


def cell_text(v) -> str:
    """A cell as the text a reader sees: "" for empty, 2015.0 as "2015", no NBSP or BOM."""
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v).replace("\u00a0", " ").replace("\ufeff", "").strip()
