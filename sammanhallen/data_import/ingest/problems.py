"""What a parse returns: the long rows, the rejected rows or cells, and whole-file errors.

Everything a parser says to the user is bilingual (Swedish first) and every text that came from
the file is neutralised against formula injection before it is stored or echoed: a spreadsheet
that later opens an export must never see a cell that starts with ``=``, ``+``, ``-`` or ``@``.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

ROW_COLUMNS = ["row_number", "column", "area_code", "area_name", "indicator_key", "indicator_label", "year",
               "value"]

# OWASP's list for CSV injection: these characters make a spreadsheet treat a cell as a formula.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


class ImportFileError(ValueError):
    """The whole file cannot be read; nothing of it is used."""

    def __init__(self, message_sv: str, message_en: str):
        super().__init__(message_en)
        self.message_sv = message_sv
        self.message_en = message_en


@dataclass
class Problem:
    """One rejected row or cell."""

    row_number: int   # 1-based line (CSV), sheet row (Excel) or value index (JSON)
    column: str       # the file's column header (or JSON dimension/field)
    reason_sv: str
    reason_en: str
    raw: str = ""     # the offending raw value, neutralised

    def __post_init__(self):
        self.row_number = int(self.row_number)
        self.column = neutralise(str(self.column))
        self.raw = neutralise(str(self.raw)) if self.raw is not None else ""


@dataclass
class ParsedFile:
    rows: pd.DataFrame                 # exactly ROW_COLUMNS, long format, one value per row
    problems: list[Problem] = field(default_factory=list)
    meta: dict = field(default_factory=dict)


def neutralise(text):
    """'=SUM(A1)' -> "'=SUM(A1)"; None and other text unchanged."""
    if isinstance(text, str) and text.startswith(FORMULA_PREFIXES):
        return "'" + text
    return text


def neutralise_series(s: pd.Series) -> pd.Series:
    """Vectorised :func:`neutralise` for a column of text (None/NaN kept)."""
    if s.empty:
        return s
    txt = s.astype("string")
    mask = txt.str.startswith(FORMULA_PREFIXES).fillna(False).to_numpy(dtype=bool)
    if not mask.any():
        return s
    out = s.astype(object).copy()
    out[mask] = ("'" + txt[mask]).astype(object)
    return out


def empty_rows() -> pd.DataFrame:
    return pd.DataFrame({
        "row_number": pd.Series([], dtype="int64"),
        "column": pd.Series([], dtype=object),
        "area_code": pd.Series([], dtype=object),
        "area_name": pd.Series([], dtype=object),
        "indicator_key": pd.Series([], dtype=object),
        "indicator_label": pd.Series([], dtype=object),
        "year": pd.Series([], dtype="int64"),
        "value": pd.Series([], dtype="float64"),
    })


def _text_or_none(s: pd.Series) -> pd.Series:
    """Object column of str or None (never NaN/pd.NA, which compare and serialise badly)."""
    out = s.astype(object)
    return out.where(pd.notna(out), None)


def finish_rows(rows: pd.DataFrame, problems: list[Problem]) -> tuple[pd.DataFrame, list[Problem]]:
    """Neutralise text, reject duplicate (area, indicator, year) rows, fix dtypes and order.

    Duplicates: every row of a group that has the same area (code and name as written), indicator
    and year is rejected with a Problem naming the other rows; no value of the group is kept.
    """
    if rows.empty:
        return empty_rows(), problems
    rows = rows[ROW_COLUMNS].copy()
    for col in ("column", "area_code", "area_name", "indicator_key", "indicator_label"):
        rows[col] = neutralise_series(_text_or_none(rows[col]))
    rows["row_number"] = rows["row_number"].astype("int64")
    rows["year"] = rows["year"].astype("int64")
    rows["value"] = rows["value"].astype("float64")

    code = rows["area_code"].astype("string").fillna("").str.strip().str.casefold()
    name = rows["area_name"].astype("string").fillna("").str.strip().str.casefold()
    ident = pd.DataFrame({"c": code, "n": name, "k": rows["indicator_key"].astype("string"),
                          "y": rows["year"]})
    dup = ident.duplicated(keep=False).to_numpy()
    if dup.any():
        dups = rows[dup]
        groups = ident[dup].groupby(["c", "n", "k", "y"], sort=False, dropna=False).indices
        for idx in groups.values():
            group = dups.iloc[idx]
            numbers = group["row_number"].tolist()
            for pos in range(len(group)):
                r = group.iloc[pos]
                others = [str(n) for j, n in enumerate(numbers) if j != pos]
                area = r["area_name"] or r["area_code"] or ""
                others_sv = ", ".join(others)
                problems.append(Problem(
                    int(r["row_number"]), r["column"],
                    f"Samma område ({area}), indikator ({r['indicator_key']}) och år ({r['year']}) finns också på "
                    f"rad {others_sv}; ingen av dem importeras",
                    f"The same area ({area}), indicator ({r['indicator_key']}) and year ({r['year']}) is also on "
                    f"row {others_sv}; none of them is imported",
                    raw=_fmt_raw(r["value"])))
        rows = rows[~dup]
    rows = rows.sort_values(["row_number"], kind="stable").reset_index(drop=True)
    problems.sort(key=lambda p: (p.row_number, p.column))
    return rows, problems


def _fmt_raw(v) -> str:
    if isinstance(v, float) and np.isfinite(v) and v.is_integer():
        return str(int(v))
    return str(v)
