"""Numbers and years as Swedish users write them, parsed a whole column at a time.

Accepted: ``12,5`` and ``12.5``; thousands grouped by spaces, no-break spaces (U+00A0, U+202F,
U+2009) or, where it cannot be a decimal point, dots (``1.234.567``, ``1.234,5``); ``−`` (U+2212) and
a dash before a digit as minus; a trailing ``%``; ``1,2E+05``. Gaps (no row, no problem): empty,
``..``, ``...``, ``…``, ``.``, ``-``, ``–``, ``—``. Anything else is rejected by the caller, with
the reason this module gives; text that starts like a formula is told apart so the message can say
so. Nothing is evaluated.

``1.234`` is read as 1234 when the file's other values show a decimal comma, as 1.234 when they
show a decimal point, and is rejected as ambiguous when they show neither. ``1,234`` is read as
1.234 (the Swedish decimal comma) unless the file shows a decimal point.
"""
from __future__ import annotations

import datetime
from dataclasses import dataclass

import numpy as np
import pandas as pd

MISSING_MARKERS = ("", "..", "...", "…", ".", "-", "–", "—")

OK, MISSING, TEXT, FORMULA, AMBIGUOUS, OTHER_TYPE = 0, 1, 2, 3, 4, 5

_SPACES = "[\u00a0\u202f\u2009\u2007\u200a]"
_INT = r"[+-]?\d+"
_EXP = r"[+-]?\d+(?:[.,]\d+)?[eE][+-]?\d+"
_DOT_THOUSANDS = r"[+-]?\d{1,3}(?:\.\d{3}){2,}(?:,\d+)?|[+-]?\d{1,3}(?:\.\d{3})+,\d+"
_COMMA_THOUSANDS = r"[+-]?\d{1,3}(?:,\d{3}){2,}(?:\.\d+)?|[+-]?\d{1,3}(?:,\d{3})+\.\d+"
_COMMA3 = r"[+-]?[1-9]\d{0,2},\d{3}"        # 1,234: decimal comma or thousands comma
_DOT3 = r"[+-]?[1-9]\d{0,2}\.\d{3}"         # 1.234: decimal point or thousands dot
_DEC_COMMA = r"[+-]?\d*,\d+"
_DEC_DOT = r"[+-]?\d*\.\d+"
_SPACE_GROUPS = r"[+-]?\d{1,3}(?: \d{3})+(?:[.,]\d+)?"

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass
class NumberParse:
    value: np.ndarray      # float64, NaN where not OK
    kind: np.ndarray       # int8: OK, MISSING, TEXT, FORMULA, AMBIGUOUS, OTHER_TYPE
    percent: np.ndarray    # bool: the cell carried a % sign


def _fix(t: pd.Series, where: pd.Series, fn) -> pd.Series:
    """Apply ``fn`` only to the cells where ``where`` holds (most cells need no fixing)."""
    m = where.fillna(False).to_numpy(dtype=bool)
    if not m.any():
        return t
    t = t.copy()
    t[m] = fn(t[m])
    return t


def clean_text(s: pd.Series) -> pd.Series:
    """Strip, unify spaces and minus signs, drop a trailing %; returns pandas 'string' dtype.

    Regexes with look-arounds make pandas fall back from Arrow to Python per cell, so each fix runs
    only on the cells a cheap test selects.
    """
    t = s.astype("string").str.strip()
    if t.empty:
        return t
    t = _fix(t, t.str.contains(_SPACES, regex=True), lambda x: x.str.replace(_SPACES, " ", regex=True).str.strip())
    t = _fix(t, t.str.endswith("%"), lambda x: x.str.replace(r"\s*%$", "", regex=True))
    t = _fix(t, t.str.contains(r"^[\u2212\u2013\u2014]", regex=True),
             lambda x: x.str.replace(r"^[\u2212\u2013\u2014]\s*(?=\d)", "-", regex=True))
    t = _fix(t, t.str.contains(r"^[+-]\s", regex=True), lambda x: x.str.replace(r"^([+-])\s+(?=\d)", r"\1", regex=True))
    t = _fix(t, t.str.contains(" ", regex=False),
             lambda x: x.mask(x.str.fullmatch(_SPACE_GROUPS).fillna(False), x.str.replace(" ", "", regex=False)))
    return t


def detect_decimal(cleaned: pd.Series) -> str | None:
    """',' or '.' from values that can only be read one way; None when nothing tells."""
    if cleaned.empty:
        return None
    nonamb_comma = cleaned.str.fullmatch(_DEC_COMMA).fillna(False) & ~cleaned.str.fullmatch(_COMMA3).fillna(False)
    nonamb_dot = cleaned.str.fullmatch(_DEC_DOT).fillna(False) & ~cleaned.str.fullmatch(_DOT3).fillna(False)
    comma = int(nonamb_comma.sum()) + int(cleaned.str.fullmatch(r"[+-]?\d{1,3}(?:\.\d{3})+,\d+").fillna(False).sum())
    dot = int(nonamb_dot.sum()) + int(cleaned.str.fullmatch(r"[+-]?\d{1,3}(?:,\d{3})+\.\d+").fillna(False).sum())
    if comma == 0 and dot == 0:
        return None
    return "," if comma >= dot else "."


def _is_real_number(v) -> bool:
    return isinstance(v, (int, float, np.integer, np.floating)) and not isinstance(v, (bool, np.bool_))


def parse_numbers(raw: pd.Series, decimal: str | None = None, *, cleaned: pd.Series | None = None
                  ) -> NumberParse:
    """Parse a column of raw cells (text, or numbers from Excel) into floats with a kind per cell."""
    n = len(raw)
    value = np.full(n, np.nan)
    kind = np.full(n, TEXT, dtype=np.int8)
    percent = np.zeros(n, dtype=bool)
    if n == 0:
        return NumberParse(value, kind, percent)

    if pd.api.types.infer_dtype(raw, skipna=True) in ("string", "empty"):
        text_mask = np.ones(n, dtype=bool)
    else:  # Excel: real numbers pass through; dates, booleans are not numbers
        obj = raw.to_numpy(dtype=object)
        is_num = np.fromiter((_is_real_number(v) for v in obj), dtype=bool, count=n)
        is_none = pd.isna(raw).to_numpy()
        is_str = np.fromiter((isinstance(v, str) for v in obj), dtype=bool, count=n)
        nums = obj[is_num].astype(float)
        finite = np.isfinite(nums)
        idx = np.flatnonzero(is_num)
        value[idx[finite]] = nums[finite]
        kind[idx[finite]] = OK
        kind[idx[~finite]] = TEXT
        kind[idx[np.isnan(nums)]] = MISSING
        kind[is_none & ~is_num] = MISSING
        kind[~(is_num | is_none | is_str)] = OTHER_TYPE
        text_mask = is_str

    if text_mask.any():
        sub = raw[text_mask] if not text_mask.all() else raw
        t = cleaned if (cleaned is not None and text_mask.all()) else clean_text(sub)
        percent[text_mask] = sub.astype("string").str.strip().str.endswith("%").fillna(False).to_numpy(dtype=bool)
        v, k = _parse_clean(t, decimal)
        value[text_mask] = v
        kind[text_mask] = k
    return NumberParse(value, kind, percent)


def _parse_clean(t: pd.Series, decimal: str | None) -> tuple[np.ndarray, np.ndarray]:
    n = len(t)
    value = np.full(n, np.nan)
    kind = np.full(n, TEXT, dtype=np.int8)
    todo = np.ones(n, dtype=bool)

    def take(mask, convert=None, k=OK):
        """Cells matching ``mask`` (and not yet taken) get kind ``k`` and, with ``convert``, a value."""
        nonlocal todo
        m = mask.fillna(False).to_numpy(dtype=bool) & todo if isinstance(mask, pd.Series) else mask & todo
        if not m.any():
            return
        if convert is not None:
            nums = pd.to_numeric(convert(t[m]), errors="coerce").to_numpy(dtype=float)
            good = np.isfinite(nums)
            idx = np.flatnonzero(m)
            value[idx[good]] = nums[good]
            kind[idx[good]] = k
            kind[idx[~good]] = TEXT
        else:
            kind[m] = k
        todo &= ~m

    def no_comma(x):
        return x.str.replace(",", "", regex=False)

    def comma_to_dot(x):
        return x.str.replace(",", ".", regex=False)

    def no_dot(x):
        return x.str.replace(".", "", regex=False)

    def same(x):
        return x

    take(t.isna() | t.isin(MISSING_MARKERS), k=MISSING)
    take(t.str.fullmatch(_INT), same)
    if todo.any():
        take(t.str.fullmatch(_EXP), comma_to_dot)
        take(t.str.fullmatch(_DOT_THOUSANDS), lambda x: comma_to_dot(no_dot(x)))
        take(t.str.fullmatch(_COMMA_THOUSANDS), no_comma)
        take(t.str.fullmatch(_COMMA3), no_comma if decimal == "." else comma_to_dot)
        dot3 = t.str.fullmatch(_DOT3)
        if decimal == ",":
            take(dot3, no_dot)
        elif decimal == ".":
            take(dot3, same)
        else:
            take(dot3, k=AMBIGUOUS)
        take(t.str.fullmatch(_DEC_COMMA), comma_to_dot)
        take(t.str.fullmatch(_DEC_DOT), same)
    if todo.any():
        formula = t.str.startswith(_FORMULA_START).fillna(False).to_numpy(dtype=bool)
        kind[todo & formula] = FORMULA
    return value, kind


def number_problem_text(kind: int, raw: str) -> tuple[str, str]:
    """(sv, en) reason for a cell that is not a number."""
    shown = raw if len(raw) <= 60 else raw[:57] + "..."
    if kind == FORMULA:
        return (f"Texten '{shown}' ser ut som en formel och är inte ett tal; den importeras inte och beräknas aldrig",
                f"The text '{shown}' looks like a formula and is not a number; it is not imported and never evaluated")
    if kind == AMBIGUOUS:
        return (f"Talet '{shown}' är tvetydigt: punkten kan vara tusentalsavgränsare eller decimaltecken, och "
                f"filens övriga tal avgör inte vilket; skriv det med decimalkomma",
                f"The number '{shown}' is ambiguous: the dot may separate thousands or decimals, and the file's "
                f"other numbers do not tell which; write it with a decimal comma")
    if kind == OTHER_TYPE:
        return (f"Cellen '{shown}' är ett datum eller sant/falskt, inte ett tal",
                f"The cell '{shown}' is a date or true/false, not a number")
    return (f"Texten '{shown}' är inte ett tal", f"The text '{shown}' is not a number")


# ------------------------------------------------------------------------------------------ years

YEAR_OK, YEAR_MISSING, YEAR_NON_ANNUAL, YEAR_BAD = 0, 1, 2, 3

_YEAR = r"(?:(?i:år|ar|year)\s*)?(\d{4})(?:\.0+)?"
_NON_ANNUAL = [
    (r"(?i)\d{4}\s*M\s*\d{1,2}", "en månad", "a month"),
    (r"(?i)\d{4}\s*[KQ]\s*\d", "ett kvartal", "a quarter"),
    (r"(?i)\d{4}\s*[HT]\s*\d", "ett halvår eller en tertial", "a half-year or a four-month period"),
    (r"\d{4}-\d{1,2}-\d{1,2}(?:[ T].*)?", "ett datum", "a date"),
    (r"\d{4}-\d{1,2}", "en månad", "a month"),
    (r"\d{4}\s*[-–/]\s*\d{2,4}", "en period över flera år", "a period spanning years"),
]
YEAR_MIN, YEAR_MAX = 1800, 2199


@dataclass
class YearParse:
    year: np.ndarray   # int64, 0 where not OK
    kind: np.ndarray   # int8
    what_sv: np.ndarray  # object: for NON_ANNUAL, what the period is
    what_en: np.ndarray


def parse_years(raw: pd.Series) -> YearParse:
    n = len(raw)
    year = np.zeros(n, dtype=np.int64)
    kind = np.full(n, YEAR_BAD, dtype=np.int8)
    what_sv = np.full(n, None, dtype=object)
    what_en = np.full(n, None, dtype=object)
    if n == 0:
        return YearParse(year, kind, what_sv, what_en)
    obj = raw.to_numpy(dtype=object)
    is_num = np.fromiter((_is_real_number(v) for v in obj), dtype=bool, count=n)
    if is_num.any():
        nums = obj[is_num].astype(float)
        whole = np.isfinite(nums) & (np.mod(nums, 1) == 0)
        idx = np.flatnonzero(is_num)
        year[idx[whole]] = nums[whole].astype(np.int64)
        kind[idx[whole]] = YEAR_OK
    is_str = np.fromiter((isinstance(v, str) for v in obj), dtype=bool, count=n)
    kind[pd.isna(raw).to_numpy() & ~is_num] = YEAR_MISSING
    is_date = np.fromiter((isinstance(v, (datetime.date, np.datetime64)) for v in obj), dtype=bool, count=n)
    kind[is_date] = YEAR_NON_ANNUAL
    what_sv[is_date] = "ett datum"
    what_en[is_date] = "a date"
    if is_str.any():
        t = raw[is_str].astype("string").str.strip().str.replace(_SPACES, " ", regex=True)
        sidx = np.flatnonzero(is_str)
        missing = t.isin(MISSING_MARKERS).to_numpy(dtype=bool)
        kind[sidx[missing]] = YEAR_MISSING
        got = t.str.extract(r"^" + _YEAR + r"$", expand=False)
        ok = got.notna().to_numpy(dtype=bool) & ~missing
        year[sidx[ok]] = got[ok].astype(int).to_numpy()
        kind[sidx[ok]] = YEAR_OK
        rest = ~ok & ~missing
        for pattern, sv, en in _NON_ANNUAL:
            if not rest.any():
                break
            m = t.str.fullmatch(pattern).fillna(False).to_numpy(dtype=bool) & rest
            kind[sidx[m]] = YEAR_NON_ANNUAL
            what_sv[sidx[m]] = sv
            what_en[sidx[m]] = en
            rest &= ~m
    out_of_range = (kind == YEAR_OK) & ((year < YEAR_MIN) | (year > YEAR_MAX))
    kind[out_of_range] = YEAR_BAD
    return YearParse(year, kind, what_sv, what_en)


def year_problem_text(kind: int, raw: str, what_sv: str | None, what_en: str | None) -> tuple[str, str]:
    shown = raw if len(raw) <= 40 else raw[:37] + "..."
    if kind == YEAR_NON_ANNUAL:
        return (f"Perioden '{shown}' är {what_sv}, inte ett helt år; bara årsvärden kan importeras",
                f"The period '{shown}' is {what_en}, not a whole year; only annual values can be imported")
    if kind == YEAR_MISSING:
        return ("Året saknas", "The year is missing")
    return (f"'{shown}' är inte ett årtal", f"'{shown}' is not a year")


def is_year_header(text: str) -> int | None:
    """'2015', '2015 ', 'År 2015', 'year 2015' -> 2015."""
    import re

    m = re.fullmatch(_YEAR, text.strip().replace("\u00a0", " "))
    if m:
        y = int(m.group(1))
        if YEAR_MIN <= y <= YEAR_MAX:
            return y
    return None


def non_annual_header(text: str) -> tuple[str, str] | None:
    """(sv, en) description when a header is a period other than a year (2015M01, 2015K1, 2015/16)."""
    import re

    t = text.strip()
    for pattern, sv, en in _NON_ANNUAL:
        if re.fullmatch(pattern, t):
            return sv, en
    return None
