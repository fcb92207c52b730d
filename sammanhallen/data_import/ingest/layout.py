"""From a grid of cells (CSV or Excel) to long rows: the header, title and footer lines, the body.

Header: the first row with at least two cells that are all text or years (no other numbers, no
gap markers) and at least as wide as the rows under it, less one (a blank top-left cell is common);
non-empty rows above it are title lines (title, ``Källa:``, ``Uppdaterad:``, a URL).

Then `column_roles.classify_columns` decides what each column holds and `long_rows.to_long`
turns the body into one row per value.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from sammanhallen.data_import.ingest import numbers as num
from sammanhallen.data_import.ingest.problems import ImportFileError, Problem
from sammanhallen.data_import.ingest.long_rows import to_long
from sammanhallen.data_import.ingest.text_tables import DELIMITER_NAMES, Grid, cell_text
_URL = re.compile(r"https?://\S+")


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
    rows, more, meta = to_long(values, txt, file_stem=file_stem, meta=meta)
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
