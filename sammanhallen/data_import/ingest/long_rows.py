"""The body of a table as long rows: one row per value with its area, indicator and year, in the
long layout (a year column) or the wide one (a column per year), and a problem for every row or
cell that cannot be read. `layout.interpret` finds the body; `column_roles` says what each column holds.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from sammanhallen.data_import.ingest import numbers as num
from sammanhallen.data_import.ingest.column_roles import REGION_COMBO, classify_columns
from sammanhallen.data_import.ingest.problems import ImportFileError, Problem
from sammanhallen.data_import.ingest.text_tables import UncomputedFormula, cell_text


def _base_indicator(meta: dict, file_stem: str) -> tuple[str, str]:
    title = meta.get("title")
    if title:
        return title, title
    return file_stem, file_stem


@dataclass(frozen=True)
class _RowParts:
    """What every value of a body row shares: where it stands, its area and its indicator."""

    idx: np.ndarray            # the file's row numbers
    code: pd.Series            # area code or None
    name: pd.Series            # area name or None
    area_col: str
    dim_suffix: pd.Series      # "|kön=kvinnor" parts of the indicator key
    dim_label: pd.Series       # ", kvinnor" parts of the indicator label
    base_key: str              # the indicator when the file names none (title or file name)
    base_label: str
    ind_vals: pd.Series | None        # the indicator column's text
    ind_label_vals: pd.Series | None  # the indicator label column's text

    def frame(self, df: pd.DataFrame, column: str, key: pd.Series, label: pd.Series, years: dict) -> pd.DataFrame:
        """One value column as long cells with their year parse and indicator."""
        return pd.DataFrame({
            "row_number": self.idx, "column": column, "raw": df[column].reset_index(drop=True), **years,
            "key": (key + self.dim_suffix).to_numpy(dtype=object),
            "label": (label.astype(object) + self.dim_label).to_numpy(dtype=object),
            "code": self.code.to_numpy(dtype=object), "name": self.name.to_numpy(dtype=object),
            "pos": np.arange(len(df)),
        })


def to_long(df: pd.DataFrame, txt: pd.DataFrame, *, file_stem: str, meta: dict):
    """(long rows, problems, meta) of a body whose index is the file's row numbers; `txt` is its text."""
    roles = classify_columns(df, txt)
    parts = _row_parts(df, txt, roles, file_stem, meta)
    if roles["year"] is not None:
        frames = _long_layout_frames(df, txt, roles, parts, meta)
    elif roles["periods"]:
        frames = _wide_layout_frames(df, roles, parts, meta)
    else:
        raise ImportFileError(
            "Hittar inga år: varken en årskolumn (År, Year, Tid) eller kolumner med år som rubrik (2015, 2016, ...)",
            "No years found: neither a year column (År, Year, Tid) nor columns headed by years (2015, 2016, ...)")
    long = pd.concat(frames, ignore_index=True)
    parsed = _parse_values(long, meta)
    present = parsed.kind != num.MISSING
    problems, row_bad = _row_problems(long, roles, parts, present, len(df))
    cell_ok = present & ~row_bad[long["pos"].to_numpy()]
    if roles["year"] is None:
        cell_ok &= ~_period_problems(long, cell_ok, problems)
    problems += _cell_problems(long, parsed, cell_ok)
    return _long_rows(long, parsed, cell_ok & (parsed.kind == num.OK), meta), problems, meta


def _row_parts(df: pd.DataFrame, txt: pd.DataFrame, roles: dict, file_stem: str, meta: dict) -> _RowParts:
    """Area code and name, dimension suffixes and indicator columns of every body row."""
    code, name, area_col = _area_columns(df, txt, roles, meta)
    dim_suffix = pd.Series([""] * len(df), index=df.index, dtype=object)
    dim_label = pd.Series([""] * len(df), index=df.index, dtype=object)
    for c in roles["dimensions"]:
        t = txt[c]
        dim_suffix = dim_suffix + "|" + c + "=" + t
        dim_label = dim_label + ", " + t
    if roles["dimensions"]:
        meta["dimension_columns"] = list(roles["dimensions"])
    if roles["ignored"]:
        meta["ignored_columns"] = list(roles["ignored"])
    base_key, base_label = _base_indicator(meta, file_stem)
    return _RowParts(
        idx=df.index.to_numpy(), code=code, name=name, area_col=area_col, dim_suffix=dim_suffix,
        dim_label=dim_label, base_key=base_key, base_label=base_label,
        ind_vals=txt[roles["indicator"]] if roles["indicator"] else None,
        ind_label_vals=txt[roles["indicator_label"]] if roles["indicator_label"] else None)


def _area_columns(df: pd.DataFrame, txt: pd.DataFrame, roles: dict, meta: dict) -> tuple[pd.Series, pd.Series, str]:
    """(area code, area name, the column named in a missing-area problem) per row."""
    code = pd.Series([None] * len(df), index=df.index, dtype=object)
    name = pd.Series([None] * len(df), index=df.index, dtype=object)
    area_col = roles["combo"] or roles["name"] or roles["code"]
    if area_col is None:
        raise ImportFileError(
            "Hittar ingen kolumn med områden (till exempel Område, Kommun, Region eller Kod)",
            "No column with areas found (for example Område, Kommun, Region or Kod)")
    if roles["combo"] is not None:
        t = txt[roles["combo"]]
        parts = t.astype("string").str.extract(REGION_COMBO).astype(object)
        code = parts["code"].where(parts["code"].notna(), None)
        name = parts["name"].where(parts["name"].notna(), t.where(t != "", None))
        meta["pxweb_region_column"] = roles["combo"]
    if roles["code"] is not None:
        t = txt[roles["code"]]
        code = t.where(t != "", None).astype(object)
    if roles["name"] is not None:
        t = txt[roles["name"]]
        name = t.where(t != "", None).astype(object)
    return code, name, area_col


def _long_layout_frames(df: pd.DataFrame, txt: pd.DataFrame, roles: dict, parts: _RowParts,
                        meta: dict) -> list[pd.DataFrame]:
    """A year column: every value column becomes long cells, the year read per row."""
    meta["layout"] = "long"
    ycol = roles["year"]
    yp = num.parse_years(df[ycol])
    value_cols = roles["value"] + roles["numeric"] + [c for c in roles["periods"]]
    if not value_cols:
        raise ImportFileError(
            f"Kolumnen '{ycol}' ser ut att vara år, men hittar ingen kolumn med värden",
            f"The column '{ycol}' looks like years, but no column with values was found")
    generic = len(value_cols) == 1 and value_cols[0] in roles["value"]
    years = {"year": yp.year, "ykind": yp.kind, "ysv": yp.what_sv, "yen": yp.what_en,
             "yraw": txt[ycol].to_numpy(dtype=object), "ycol": ycol}
    frames = []
    for c in value_cols:
        if parts.ind_vals is not None:
            key = parts.ind_vals + ("" if generic or len(value_cols) == 1 else "|" + c)
            label = parts.ind_label_vals if parts.ind_label_vals is not None else parts.ind_vals
        elif c in roles["value"] and generic:
            key = pd.Series(parts.base_key, index=df.index)
            label = pd.Series(parts.base_label, index=df.index)
        else:
            key = pd.Series(c, index=df.index)
            label = pd.Series(c, index=df.index)
        frames.append(parts.frame(df, c, key, label, years))
    if roles["numeric"] and roles["value"]:
        meta.setdefault("warnings", []).append((
            "Filen har både en värdekolumn och andra kolumner med tal; varje kolumn med tal läses som en egen "
            "indikator", "The file has both a value column and other numeric columns; each numeric column is "
            "read as its own indicator"))
    return frames


def _wide_layout_frames(df: pd.DataFrame, roles: dict, parts: _RowParts, meta: dict) -> list[pd.DataFrame]:
    """Year columns: every period column becomes long cells, the year read from its header."""
    meta["layout"] = "wide"
    frames = []
    for c, (prefix, period) in roles["periods"].items():
        yp = num.parse_years(pd.Series([period], dtype=object))
        if parts.ind_vals is not None:
            key = parts.ind_vals
            label = parts.ind_label_vals if parts.ind_label_vals is not None else parts.ind_vals
        elif prefix:
            key = label = pd.Series(prefix, index=df.index)
            meta["pxweb_content_headers"] = True
        else:
            key = pd.Series(parts.base_key, index=df.index)
            label = pd.Series(parts.base_label, index=df.index)
        years = {"year": np.repeat(yp.year, len(df)), "ykind": np.repeat(yp.kind, len(df)),
                 "ysv": np.repeat(yp.what_sv, len(df)), "yen": np.repeat(yp.what_en, len(df)),
                 "yraw": period, "ycol": c}
        frames.append(parts.frame(df, c, key, label, years))
    extra = roles["numeric"] + roles["value"]
    if extra:
        meta.setdefault("ignored_columns", []).extend(extra)
        meta.setdefault("warnings", []).append((
            f"Kolumnerna {', '.join(extra)} har tal men inget år och lästes inte",
            f"The columns {', '.join(extra)} have numbers but no year and were not read"))
    return frames


def _parse_values(long: pd.DataFrame, meta: dict):
    """Every cell's number, with the file's decimal mark detected from all its text cells."""
    all_text = pd.api.types.infer_dtype(long["raw"], skipna=True) in ("string", "empty")
    text_only = long["raw"] if all_text else long["raw"].map(lambda v: v if isinstance(v, str) else None)
    cleaned = num.clean_text(text_only.astype(object))
    decimal = num.detect_decimal(cleaned.dropna())
    meta["decimal"] = decimal or ","
    return num.parse_numbers(long["raw"], decimal, cleaned=cleaned if all_text else None)


def _row_problems(long: pd.DataFrame, roles: dict, parts: _RowParts, present: np.ndarray,
                  n_rows: int) -> tuple[list[Problem], np.ndarray]:
    """Whole-row problems (bad year in the long layout, missing area, missing indicator) and which
    rows they reject: a rejected row gets no cell problems."""
    problems: list[Problem] = []
    row_bad = np.zeros(n_rows, dtype=bool)
    pos = long["pos"].to_numpy()
    if roles["year"] is not None:
        ybad = (long["ykind"].to_numpy() != num.YEAR_OK) & present
        rows_bad_year = np.unique(pos[ybad])
        for p in rows_bad_year:
            first = long.index[(pos == p) & ybad][0]
            r = long.loc[first]
            sv, en = num.year_problem_text(int(r["ykind"]), str(r["yraw"]), r["ysv"], r["yen"])
            problems.append(Problem(int(r["row_number"]), r["ycol"], sv, en, raw=str(r["yraw"])))
        row_bad[rows_bad_year] = True
    no_area = (parts.code.isna() & parts.name.isna()).to_numpy()
    no_indicator = (parts.ind_vals == "").to_numpy() if parts.ind_vals is not None else np.zeros(n_rows, dtype=bool)
    for mask, col, sv, en in (
            (no_area, parts.area_col, "Raden saknar område", "The row has no area"),
            (no_indicator, roles["indicator"] or "", "Raden saknar indikator", "The row has no indicator")):
        rows_missing = np.unique(pos[present & mask[pos] & ~row_bad[pos]])
        for p in rows_missing:
            problems.append(Problem(int(parts.idx[p]), col, sv, en))
        row_bad[rows_missing] = True
    return problems, row_bad


def _period_problems(long: pd.DataFrame, cell_ok: np.ndarray, problems: list[Problem]) -> np.ndarray:
    """Wide layout: a non-annual period header rejects every non-empty cell under it; the rejected cells."""
    pbad = (long["ykind"].to_numpy() != num.YEAR_OK) & cell_ok
    for i in np.flatnonzero(pbad):
        r = long.iloc[i]
        sv, en = num.year_problem_text(int(r["ykind"]), str(r["yraw"]), r["ysv"], r["yen"])
        problems.append(Problem(int(r["row_number"]), r["column"], sv, en, raw=cell_text(r["raw"])))
    return pbad


def _cell_problems(long: pd.DataFrame, parsed, cell_ok: np.ndarray) -> list[Problem]:
    """A problem for every cell of an accepted row that is not a number."""
    problems = []
    raw_obj = long["raw"].to_numpy(dtype=object)
    for i in np.flatnonzero(cell_ok & (parsed.kind != num.OK)):
        raw = raw_obj[i]
        if isinstance(raw, UncomputedFormula):
            sv = (f"Cellen har formeln '{raw[:60]}' men inget sparat resultat; öppna filen i Excel och spara den "
                  f"igen så att värdet följer med")
            en = (f"The cell has the formula '{raw[:60]}' but no saved result; open the file in Excel and save it "
                  f"again so the value is included")
        else:
            sv, en = num.number_problem_text(int(parsed.kind[i]), cell_text(raw))
        problems.append(Problem(int(long.at[i, "row_number"]), long.at[i, "column"], sv, en, raw=cell_text(raw)))
    return problems


def _long_rows(long: pd.DataFrame, parsed, good: np.ndarray, meta: dict) -> pd.DataFrame:
    """The accepted cells as ROW_COLUMNS; the indicator labels and percent columns go to `meta`."""
    pct = parsed.percent & good
    if pct.any():
        meta["percent_columns"] = sorted(set(long.loc[pct, "column"]))
    out = pd.DataFrame({
        "row_number": long["row_number"].to_numpy()[good],
        "column": long["column"].to_numpy(dtype=object)[good],
        "area_code": long["code"].to_numpy(dtype=object)[good],
        "area_name": long["name"].to_numpy(dtype=object)[good],
        "indicator_key": long["key"].to_numpy(dtype=object)[good],
        "indicator_label": long["label"].to_numpy(dtype=object)[good],
        "year": long["year"].to_numpy()[good],
        "value": parsed.value[good],
    })
    labels = out.drop_duplicates("indicator_key")
    meta["indicator_labels"] = dict(zip(labels["indicator_key"], labels["indicator_label"]))
    return out
