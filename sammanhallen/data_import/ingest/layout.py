"""From a grid of cells (CSV or Excel) to long rows: header, column roles, wide or long layout.

Header: the first row with at least two cells that are all text or years (no other numbers, no
gap markers) and at least as wide as the rows under it, less one (a blank top-left cell is common);
non-empty rows above it are title lines (title, ``Källa:``, ``Uppdaterad:``, a URL).

Column roles, from the header (case, spacing and diacritics ignored):

* area: a code column (kod, kommunkod, regionkod, områdeskod, ...) and/or a name column (region,
  område, kommun, stadsdel, ...). PxWeb's "0180 Stockholm" is split into code and name. Without a
  recognised header the first text column is the area.
* long layout: a year column (år, year, tid, period), one value column (värde, value) with an
  optional indicator column (indikator, nyckeltal, mått, kpi, tabellinnehåll) -- or one numeric column
  per indicator, named by its header.
* wide layout: year columns ("2015", "2015 ", "År 2015", PxWeb's "Folkmängd 2015"); the indicator
  comes from an indicator column, the header's prefix, the title line or the file name.
* other text columns (kön, ålder, ...) are dimensions: their value becomes part of the indicator key
  ("Folkmängd|kön=kvinnor"), so two series are never merged; notes/source/unit columns are ignored.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from sammanhallen.codes import match_key
from sammanhallen.data_import.ingest import numbers as num
from sammanhallen.data_import.ingest.problems import ImportFileError, Problem
from sammanhallen.data_import.ingest.text_tables import DELIMITER_NAMES, Grid, UncomputedFormula

AREA_NAME_KEYS = {"region", "omrade", "kommun", "kommunnamn", "stadsdel", "stadsdelsnamn", "stadsdelsomrade",
                  "stadsdelsnamnd", "sdn", "sdo", "area", "areaname", "namn", "name", "geografi", "geography",
                  "municipality", "municipalityname", "district", "borough", "lan", "plats", "omradesnamn",
                  "regionnamn", "primaromrade", "stadsomrade", "stadsdelsforvaltning", "delomrade", "bostadsomrade",
                  "geografisktomrade", "regso", "deso"}
AREA_BASES = {"region", "omrade", "omrades", "kommun", "stadsdel", "stadsdels", "stadsdelsomrade", "area",
              "municipality", "district", "borough", "lan", "lans", "sdn", "primaromrade", "regso", "deso"}
CODE_KEYS = {"kod", "code", "areacode", "areaid", "kommunnr", "kommunnummer", "knkod", "kn", "regioncode",
             "municipalitycode", "municipalityid", "omradesid", "geokod", "desokod", "regsokod", "omradeskod"}
YEAR_KEYS = {"ar", "year", "tid", "period", "artal", "time", "referensar", "aret"}
VALUE_KEYS = {"varde", "value", "values", "data", "obsvalue", "observation", "observationsvarde", "matvarde"}
INDICATOR_KEYS = {"indikator", "indicator", "indikatorid", "indicatorid", "nyckeltal", "nyckeltalsid", "kpi", "kpiid",
                  "matt", "mattid", "variabel", "variable", "tabellinnehall", "innehall", "measure", "serie",
                  "series", "indikatorkod", "nyckeltalskod"}
INDICATOR_LABEL_KEYS = {"indikatornamn", "indicatorname", "nyckeltalsnamn", "kpinamn", "kpititel", "kpititle",
                        "titel", "title", "benamning", "mattnamn", "indicatorlabel", "indikatorbeskrivning"}
ANNOTATION_KEYS = {"kalla", "source", "kommentar", "kommentarer", "comment", "comments", "not", "noter", "note",
                   "notes", "notering", "anmarkning", "enhet", "unit", "fotnot", "status", "flagga", "flag",
                   "uppdaterad", "updated", "publicerad", "definition", "beskrivning", "description", "url",
                   "lank", "link"}

_PREFIX_PERIOD = re.compile(r"^(?P<prefix>.*\S)[\s,]+(?P<period>\d{4}(?:\s*[MKQHT]\s*\d{1,2})?)$", re.I)
_REGION_COMBO = r"^(?P<code>\d{2,4}(?:[A-Z]\d{3,4}(?:_DeSO\d{4})?)?)\s+(?P<name>\S.*)$"
_CODE_ONLY = r"(?i)^(?:\d{1,4}(?:[A-Z]\d{3,4})?|\d{4}-[a-z]+-[a-z0-9-]+|SE|u15-[a-z0-9-]+)$"
SAMPLE = 2000  # cells looked at to decide what a column holds
_URL = re.compile(r"https?://\S+")


def cell_text(v) -> str:
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v).replace("\u00a0", " ").replace("\ufeff", "").strip()


def _letters(i: int) -> str:
    s = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s


def _is_number_cell(v, text: str) -> tuple[bool, bool]:
    """(is a number, is a year-like integer) for header detection."""
    if isinstance(v, bool):
        return False, False
    if isinstance(v, (int, float)):
        f = float(v)
        year = f.is_integer() and num.YEAR_MIN <= f <= num.YEAR_MAX
        return True, year
    if num.is_year_header(text) is not None:
        return True, True
    parsed = num.parse_numbers(pd.Series([text], dtype=object))
    return bool(parsed.kind[0] == num.OK), False


def _header_like(cells) -> bool:
    texts = [(v, cell_text(v)) for v in cells]
    nonempty = [(v, t) for v, t in texts if t]
    if len(nonempty) < 2:
        return False
    for v, t in nonempty:
        if t in num.MISSING_MARKERS:
            return False
        is_num, is_year = _is_number_cell(v, t)
        if is_num and not is_year:
            return False
    return True


def _n_nonempty(cells) -> int:
    return sum(1 for v in cells if cell_text(v))


def find_header(grid: Grid, file_name: str) -> int:
    rows = grid.rows
    limit = min(len(rows), 60)
    # rows that have content, looked at only near the top (a header is never further down)
    nonempty_idx = []
    for i in range(len(rows)):
        if _n_nonempty(rows[i]):
            nonempty_idx.append(i)
        if i >= limit and len(nonempty_idx) >= 8:
            break
    if not nonempty_idx:
        raise ImportFileError(f"{file_name} är tom", f"{file_name} is empty")
    pos_of = {i: k for k, i in enumerate(nonempty_idx)}
    last_header_like = None
    for i in range(limit):
        if i not in pos_of or not _header_like(rows[i]):
            continue
        last_header_like = i
        k = pos_of[i]
        below = [rows[j] for j in nonempty_idx[k + 1:k + 6]]
        if not below:
            continue
        width_below = max(_n_nonempty(r) for r in below)
        if _header_like(below[0]) and _n_nonempty(below[0]) > _n_nonempty(rows[i]):
            continue  # a wider header-like row follows: this one is a title split by the separator
        if _n_nonempty(rows[i]) >= max(2, width_below - 1):
            return i
    if last_header_like is not None and pos_of[last_header_like] == len(nonempty_idx) - 1:
        raise ImportFileError(
            f"{file_name} har en rubrikrad (rad {grid.row_numbers[last_header_like]}) men inga datarader",
            f"{file_name} has a header row (row {grid.row_numbers[last_header_like]}) but no data rows")
    raise ImportFileError(
        f"{file_name}: hittar ingen rubrikrad, alltså en rad med kolumnnamn (till exempel Område;2015;2016 eller "
        f"Område;År;Värde) följd av rader med tal",
        f"{file_name}: no header row found, i.e. a row of column names (for example Area;2015;2016 or "
        f"Area;Year;Value) followed by rows of numbers")


def _title_meta(lines: list[str], meta: dict) -> None:
    for line in lines:
        low = line.lower()
        url = _URL.search(line)
        if url and "url" not in meta:
            meta["url"] = url.group(0).rstrip(").,;")
        m = re.match(r"^(källa|source|datakälla)\s*[:.]\s*(.+)$", line, re.I)
        if m and "source" not in meta:
            meta["source"] = m.group(2).strip()
            continue
        m = re.match(r"^(uppdaterad|senast uppdaterad|updated|last updated|publicerad)\s*[:.]?\s*(.+)$", line, re.I)
        if m and "updated" not in meta:
            meta["updated"] = m.group(2).strip()
            continue
        if "title" not in meta and not url and not low.startswith(("tabell:", "table:")):
            meta["title"] = line
        elif "title" not in meta and low.startswith(("tabell:", "table:")):
            meta["title"] = line.split(":", 1)[1].strip()


def interpret(grid: Grid, *, file_name: str, file_stem: str, meta: dict) -> tuple[pd.DataFrame, list[Problem], dict]:
    h = find_header(grid, file_name)
    meta["header_row"] = grid.row_numbers[h]
    titles = [" ".join(cell_text(c) for c in grid.rows[i] if cell_text(c)) for i in range(h) if
              _n_nonempty(grid.rows[i])]
    _title_meta(titles, meta)
    if titles:
        meta["title_lines"] = titles
    body = _Body.under(grid, h)
    used = _drop_footer(body, meta)
    if not used.any():
        raise ImportFileError(
            f"{file_name} har en rubrikrad (rad {meta['header_row']}) men inga datarader",
            f"{file_name} has a header row (row {meta['header_row']}) but no data rows")
    names, keep = _kept_columns(body, used, grid.text, meta)
    problems, good = _misaligned_rows(body, used, keep, grid, meta)

    col_names = _dedupe([names[j] for j in keep], meta)
    index = pd.Index(body.numbers[good], name="row_number")
    txt = body.txt.loc[good, keep]
    txt.columns = col_names
    txt.index = index
    if grid.text:
        values = txt
    else:
        values = body.raw.loc[good, keep]
        values.columns = col_names
        values.index = index
    rows, more, meta = _to_long(values, txt, file_stem=file_stem, meta=meta)
    return rows, problems + more, meta


@dataclass
class _Body:
    """The rows under the header, padded to one width, as raw cells and as stripped text."""

    header_cells: list[str]
    rows: list
    numbers: np.ndarray   # the file's row numbers
    lengths: np.ndarray   # cells per row before padding
    raw: pd.DataFrame
    txt: pd.DataFrame
    nonempty: np.ndarray
    n_cells: np.ndarray   # non-empty cells per row (0 for footer lines)

    @classmethod
    def under(cls, grid: Grid, h: int) -> "_Body":
        header_cells = [cell_text(c) for c in grid.rows[h]]
        while header_cells and not header_cells[-1]:
            header_cells.pop()
        rows = grid.rows[h + 1:]
        lengths = np.fromiter((len(r) for r in rows), dtype=np.int64, count=len(rows))
        width = int(max(len(header_cells), lengths.max(initial=0)))
        padded = rows if (lengths == width).all() else \
            [list(r) + [None] * (width - len(r)) if len(r) < width else r for r in rows]
        raw = pd.DataFrame(padded, columns=range(width), dtype=object)
        txt = _text_frame(raw, grid.text)
        nonempty = (txt != "").to_numpy()
        return cls(header_cells, rows, np.asarray(grid.row_numbers[h + 1:], dtype=np.int64), lengths, raw, txt,
                   nonempty, nonempty.sum(axis=1))

    @property
    def width(self) -> int:
        return self.raw.shape[1]


def _drop_footer(body: _Body, meta: dict) -> np.ndarray:
    """Footer lines (after the last multi-cell row, separated from it by a blank row, one cell each)
    go to `meta`; the rows that hold data."""
    n_cells = body.n_cells
    multi = np.flatnonzero(n_cells >= 2)
    last_multi = int(multi[-1]) if len(multi) else -1
    footer: list[str] = []
    if 0 <= last_multi < len(body.rows) - 1:
        tail = n_cells[last_multi + 1:]
        if tail[0] == 0 and (tail <= 1).all():
            for k in range(last_multi + 1, len(body.rows)):
                if n_cells[k]:
                    footer.append(next(t for t in body.txt.iloc[k] if t))
            n_cells = n_cells.copy()
            n_cells[last_multi + 1:] = 0
    if footer:
        meta["footer_lines"] = footer
        _title_meta(footer, meta)
    return n_cells > 0


def _kept_columns(body: _Body, used: np.ndarray, is_text: bool, meta: dict) -> tuple[list[str], list[int]]:
    """Every column's name and the columns read: those beyond the header are kept when most rows fill
    them (otherwise the rows are misaligned) and get a made-up name."""
    fill = body.nonempty[used].sum(axis=0)
    n_body = int(used.sum())
    header_len = len(body.header_cells)
    names = list(body.header_cells) + [""] * (body.width - header_len)
    keep = [j for j in range(body.width) if names[j] or fill[j] >= max(2, 0.5 * n_body)]
    unnamed = [j for j in keep if not names[j]]
    for j in unnamed:
        names[j] = f"Kolumn {_letters(j) if not is_text else j + 1}"
    if unnamed:
        meta.setdefault("unnamed_columns", []).extend(names[j] for j in unnamed)
    dropped = [j for j in range(body.width) if j not in keep and fill[j] == 0]
    if dropped:
        meta["dropped_empty_columns"] = len(dropped)
    return names, keep


def _misaligned_rows(body: _Body, used: np.ndarray, keep: list[int], grid: Grid,
                     meta: dict) -> tuple[list[Problem], np.ndarray]:
    """A problem for every text row with too few fields or cells outside the kept columns; the good rows."""
    header_len = len(body.header_cells)
    not_kept = [j for j in range(body.width) if j not in set(keep)]
    stray = body.nonempty[:, not_kept].sum(axis=1) if not_kept else np.zeros(len(body.rows), dtype=int)
    bad = used & ((body.lengths < header_len) | (stray > 0)) if grid.text else np.zeros(len(body.rows), dtype=bool)
    sep = grid.meta.get("separator", "")
    problems = []
    for k in np.flatnonzero(bad):
        r = body.rows[k]
        problems.append(Problem(
            int(body.numbers[k]), "",
            f"Raden har {len(r)} fält men rubriken har {header_len} (avgränsare: {DELIMITER_NAMES.get(sep, sep)}); "
            f"raden importeras inte. Blandade avgränsare eller ett felplacerat citattecken?",
            f"The row has {len(r)} fields but the header has {header_len} (separator: {sep!r}); the row is not "
            f"imported. Mixed separators or a misplaced quotation mark?",
            raw=sep.join(cell_text(v) for v in r)[:200]))
    good = used & ~bad
    n_stray = int(stray[good].sum())
    if n_stray:
        meta.setdefault("warnings", []).append((
            f"{n_stray} celler utanför tabellens kolumner (utan rubrik) lästes inte",
            f"{n_stray} cells outside the table's columns (without a header) were not read"))
    return problems, good


def _text_frame(raw: pd.DataFrame, is_text: bool) -> pd.DataFrame:
    """Stripped text of every cell, "" for empty (vectorised for CSV; per cell for Excel's objects)."""
    out = {}
    for c in raw.columns:
        s = raw[c]
        if is_text:
            out[c] = s.astype("string").str.strip().fillna("")
        else:
            out[c] = s.map(cell_text).astype("string")
    return pd.DataFrame(out, index=raw.index)


def _dedupe(names: list[str], meta: dict) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for n in names:
        if n in seen:
            seen[n] += 1
            new = f"{n} ({seen[n]})"
            meta.setdefault("renamed_duplicate_columns", []).append((n, new))
            out.append(new)
        else:
            seen[n] = 1
            out.append(n)
    return out


# ----------------------------------------------------------------------------------- column roles


def _key(name: str) -> str:
    return match_key(name) if name else ""


def _is_code_header(k: str) -> bool:
    if k in CODE_KEYS:
        return True
    for suffix in ("kod", "code", "id", "nr", "nummer"):
        if k.endswith(suffix) and k[: -len(suffix)] in AREA_BASES:
            return True
    return False


def _classify(df: pd.DataFrame, txt: pd.DataFrame) -> dict:
    roles: dict = {"code": None, "name": None, "combo": None, "year": None, "value": [], "indicator": None,
                   "indicator_label": None, "periods": {}, "numeric": [], "dimensions": [], "ignored": []}
    undecided = []
    for c in df.columns:
        k = _key(c)
        year = num.is_year_header(c)
        bad_period = num.non_annual_header(c)
        m = _PREFIX_PERIOD.match(c)
        if year is not None or bad_period is not None:
            roles["periods"][c] = (None, c)
        elif m and (num.is_year_header(m.group("period")) or num.non_annual_header(m.group("period"))) \
                and _key(m.group("prefix")) not in (AREA_NAME_KEYS | CODE_KEYS | YEAR_KEYS):
            roles["periods"][c] = (m.group("prefix").strip(), m.group("period"))
        elif k in YEAR_KEYS and roles["year"] is None:
            roles["year"] = c
        elif k in VALUE_KEYS:
            roles["value"].append(c)
        elif k in INDICATOR_KEYS and roles["indicator"] is None:
            roles["indicator"] = c
        elif k in INDICATOR_LABEL_KEYS and roles["indicator_label"] is None:
            roles["indicator_label"] = c
        elif _is_code_header(k) and roles["code"] is None:
            roles["code"] = c
        elif k in AREA_NAME_KEYS and roles["name"] is None:
            roles["name"] = c
        elif k in ANNOTATION_KEYS:
            roles["ignored"].append(c)
        else:
            undecided.append(c)

    # PxWeb "0180 Stockholm" in the area column: split into code and name
    if roles["name"] is not None:
        vals = txt[roles["name"]]
        vals = vals[vals != ""].head(SAMPLE).astype("string")
        if len(vals):
            if vals.str.match(_REGION_COMBO).mean() >= 0.8:
                roles["combo"], roles["name"] = roles["name"], None
            elif roles["code"] is None and vals.str.fullmatch(_CODE_ONLY).all():
                roles["code"], roles["name"] = roles["name"], None

    for c in undecided:
        vals = df[c]
        texts = txt[c]
        present = texts[~texts.isin(num.MISSING_MARKERS)].head(SAMPLE).astype("string")
        if len(present) == 0:
            roles["numeric"].append(c)
            continue
        parsed = num.parse_numbers(vals[~texts.isin(num.MISSING_MARKERS).to_numpy()].head(SAMPLE))
        ok = float(np.mean(parsed.kind == num.OK)) if len(parsed.kind) else 0.0
        if ok >= 0.5:
            roles["numeric"].append(c)
        elif roles["code"] is None and roles["name"] is None and roles["combo"] is None:
            if present.str.match(_REGION_COMBO).mean() >= 0.8:
                roles["combo"] = c
            elif present.str.fullmatch(_CODE_ONLY).all():
                roles["code"] = c
            else:
                roles["name"] = c
        else:
            roles["dimensions"].append(c)
    return roles


# ----------------------------------------------------------------------------------- long output


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


def _to_long(df: pd.DataFrame, txt: pd.DataFrame, *, file_stem: str, meta: dict):
    roles = _classify(df, txt)
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
        parts = t.astype("string").str.extract(_REGION_COMBO).astype(object)
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
