"""Reading indicator tables that analysts download (SCB PxWeb, Kolada, their own CSV/Excel).

Pure Python: no Streamlit, no database. ``parse_file`` turns the bytes of one upload into long rows
(one value per area, indicator and year) plus the rows or cells it rejected, each with its line and
column and a reason in Swedish and English; ``match_areas`` ties the file's area codes and names to
the ``areas`` table. Planning and committing rows is ``sammanhallen.data_import.importer``'s job.

    parsed = parse_file("bistand.csv", data)
    result = match_areas(parsed.rows[["area_code", "area_name"]].drop_duplicates().itertuples(index=False),
                         areas)
"""
from __future__ import annotations

import json
from pathlib import PurePath

from sammanhallen.data_import.ingest.matching import MatchResult, match_areas
from sammanhallen.data_import.ingest.problems import ROW_COLUMNS, ImportFileError, ParsedFile, Problem, finish_rows, neutralise

__all__ = ["parse_file", "ParsedFile", "Problem", "ImportFileError", "match_areas", "MatchResult", "ROW_COLUMNS",
           "DEFAULT_MAX_BYTES"]

DEFAULT_MAX_BYTES = 20_000_000


def parse_file(file_name: str, data: bytes, *, sheet: str | None = None,
               max_bytes: int = DEFAULT_MAX_BYTES) -> ParsedFile:
    """Parse one uploaded file. Raises ImportFileError for problems with the file as a whole."""
    from sammanhallen.data_import.ingest import sniff

    file_name = neutralise(PurePath(str(file_name or "fil")).name)
    stem = PurePath(file_name).stem or file_name
    if data is None or len(data) == 0 or not data.strip(b"\xef\xbb\xbf \t\r\n"):
        raise ImportFileError(f"{file_name} är tom", f"{file_name} is empty")
    if len(data) > max_bytes:
        raise ImportFileError(
            f"{file_name} är {_mb(len(data))} MB; högst {_mb(max_bytes)} MB tas emot. Dela upp filen eller välj "
            f"färre år eller områden",
            f"{file_name} is {_mb(len(data), '.')} MB; at most {_mb(max_bytes, '.')} MB is accepted. Split the file "
            f"or choose fewer years or areas")
    kind = sniff.kind_of(file_name, data)
    if kind == "excel":
        rows, problems, meta = _excel(file_name, stem, data, sheet=sheet, max_bytes=max_bytes)
    elif kind == "json":
        rows, problems, meta = _json(file_name, stem, data)
    else:
        rows, problems, meta = _text(file_name, stem, data)
    rows, problems = finish_rows(rows, problems)
    meta["file_name"] = file_name
    meta["n_rows"] = int(len(rows))
    meta["n_problems"] = len(problems)
    meta["warnings"] = [{"sv": sv, "en": en} for sv, en in meta.get("warnings", [])]
    return ParsedFile(rows=rows, problems=problems, meta=_neutralise_meta(meta))


def _text(file_name: str, stem: str, data: bytes):
    from sammanhallen.data_import.ingest import sniff
    from sammanhallen.data_import.ingest.layout import interpret
    from sammanhallen.data_import.ingest.text_tables import read_csv_grid

    text, encoding, warnings = sniff.decode(file_name, data)
    if not text.strip("\ufeff \t\r\n"):
        raise ImportFileError(f"{file_name} är tom", f"{file_name} is empty")
    grid = read_csv_grid(file_name, text)
    meta = {"format": "csv", "encoding": encoding, "separator": grid.meta["separator"], "warnings": list(warnings)}
    rows, problems, meta = interpret(grid, file_name=file_name, file_stem=stem, meta=meta)
    if meta.get("pxweb_region_column") or meta.get("pxweb_content_headers"):
        meta["format"] = "pxweb-csv"
    return rows, problems, meta


def _excel(file_name: str, stem: str, data: bytes, *, sheet: str | None, max_bytes: int):
    from sammanhallen.data_import.ingest.layout import interpret
    from sammanhallen.data_import.ingest.text_tables import read_excel_grids

    failures = []
    names: list[str] = []
    for sheet_name, names, grid in read_excel_grids(file_name, data, sheet=sheet, max_bytes=max_bytes):
        meta = {"format": "excel", "encoding": None, "separator": None, "sheet": sheet_name, "sheets": names}
        try:
            return interpret(grid, file_name=file_name, file_stem=stem, meta=meta)
        except ImportFileError as exc:
            if sheet is not None:
                raise ImportFileError(f"Bladet '{sheet_name}': {exc.message_sv}",
                                      f"Sheet '{sheet_name}': {exc.message_en}") from exc
            failures.append((sheet_name, exc))
    detail_sv = "; ".join(f"{n}: {e.message_sv}" for n, e in failures)
    detail_en = "; ".join(f"{n}: {e.message_en}" for n, e in failures)
    raise ImportFileError(f"Inget blad i {file_name} innehåller en tabell som kan läsas ({detail_sv})",
                          f"No sheet in {file_name} holds a table that can be read ({detail_en})")


def _json(file_name: str, stem: str, data: bytes):
    from sammanhallen.data_import.ingest import sniff
    from sammanhallen.data_import.ingest.kolada import is_kolada, parse_kolada
    from sammanhallen.data_import.ingest.pxweb import is_jsonstat, parse_jsonstat

    text, encoding, warnings = sniff.decode(file_name, data)
    try:
        obj = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ImportFileError(f"{file_name} är inte giltig JSON (rad {exc.lineno}, kolumn {exc.colno}: {exc.msg})",
                              f"{file_name} is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"
                              ) from exc
    if is_jsonstat(obj):
        rows, problems, meta = parse_jsonstat(obj, file_name=file_name, file_stem=stem)
    elif is_kolada(obj):
        rows, problems, meta = parse_kolada(obj, file_name=file_name)
    else:
        raise ImportFileError(
            f"{file_name} är JSON men varken JSON-stat (från SCB:s PxWeb) eller ett svar från Kolada",
            f"{file_name} is JSON but neither JSON-stat (from SCB's PxWeb) nor a Kolada response")
    meta["encoding"] = encoding
    meta["warnings"] = list(warnings) + list(meta.get("warnings", []))
    return rows, problems, meta


def _mb(n: int, decimal: str = ",") -> str:
    return f"{n / 1_000_000:.1f}".replace(".", decimal)


_META_VERBATIM = {"separator", "decimal", "format", "encoding", "layout", "file_name"}


def _neutralise_meta(value):
    """Every text in meta that came from the file is neutralised like the rows (keys too, so that
    ``meta["indicator_labels"]`` keys equal ``rows["indicator_key"]``)."""
    if isinstance(value, str):
        return neutralise(value)
    if isinstance(value, dict):
        return {(_neutralise_meta(k) if isinstance(k, str) else k): (v if k in _META_VERBATIM else _neutralise_meta(v))
                for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(_neutralise_meta(v) for v in value)
    return value
