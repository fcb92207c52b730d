"""An import's preview: every file row classified as added, replaced, unchanged or rejected
against the live database, with nothing written (`importer.commit` writes a plan)."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from sammanhallen.data.schema import CONFIDENCE, TABLES_BY_NAME
from sammanhallen.data_import.plan_checks import (
    PlanProblem, check_indicators, check_rows, check_source, text_or_none, year_or_none,
)

ROW_COLUMNS = ("area_id", "indicator_id", "year", "value", "row_number", "column")
ADD_COLUMNS = ["area_id", "indicator_id", "year", "value", "row_number", "column"]
REPLACE_COLUMNS = ["area_id", "indicator_id", "year", "old_value", "new_value", "old_source_id", "row_number", "column"]
REJECT_COLUMNS = ["row_number", "column", "field", "value", "reason_sv", "reason_en"]


@dataclass(frozen=True, eq=False)
class ImportPlan:
    """What committing would do. Nothing has been written when you hold one."""

    adds: pd.DataFrame        # ADD_COLUMNS: rows new to the database
    replaces: pd.DataFrame    # REPLACE_COLUMNS: rows whose stored value or source changes
    unchanged: pd.DataFrame   # ADD_COLUMNS: rows already stored exactly so (not written)
    rejects: pd.DataFrame     # REJECT_COLUMNS: one row per problem; a file row can have several
    problems: tuple[PlanProblem, ...]
    source: dict              # source_id, title, publisher, year, url
    new_source: bool          # the source is added by this import
    new_indicators: tuple[dict, ...]
    confidence: str
    note: str
    db_path: str
    db_sha256: str | None     # the database file the plan was made against
    observations: pd.DataFrame  # the rows commit writes (adds + replaces) with observations' columns
    rows_total: int

    @property
    def rejected_rows(self) -> int:
        """How many file rows are rejected (a row with two problems counts once)."""
        return int(self.rejects["row_number"].nunique(dropna=False)) if len(self.rejects) else 0

    @property
    def ok(self) -> bool:
        """True when nothing is rejected and there is no problem: commit needs no skip_rejected."""
        return not self.problems and self.rejects.empty


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


@dataclass(frozen=True)
class DbState:
    areas: set
    units: dict  # indicator_id -> unit
    sources: set
    existing: pd.DataFrame  # area_id, indicator_id, year, old_value, old_source_id, old_confidence, old_note


def read_state(db_path: Path, keys: pd.DataFrame) -> DbState:
    """Read what the plan compares against, through a private read-only attachment.

    `duckdb.connect(path)` would hand back a database instance this process already has open for
    the path, which after an atomic swap is the previous file; ATTACH always opens the file now there.
    """
    con = duckdb.connect(":memory:")
    try:
        literal = str(Path(db_path).resolve()).replace("'", "''")
        con.execute(f"ATTACH '{literal}' AS live (READ_ONLY)")
        areas = {a for (a,) in con.execute("SELECT area_id FROM live.areas").fetchall()}
        units = dict(con.execute("SELECT indicator_id, unit FROM live.indicators").fetchall())
        sources = {s for (s,) in con.execute("SELECT source_id FROM live.sources").fetchall()}
        con.register("wanted", keys)
        existing = con.execute(
            """SELECT o.area_id, o.indicator_id, o.year, o.value AS old_value, o.source_id AS old_source_id,
                      o.confidence AS old_confidence, o.note AS old_note
               FROM live.observations o JOIN wanted w USING (area_id, indicator_id, year)"""
        ).df()
    finally:
        con.close()
    return DbState(areas, units, sources, existing)


def plan(rows: pd.DataFrame, *, db_path, source: dict, new_indicators=(), confidence: str = "medium",
         note: str = "") -> ImportPlan:
    """Classify every row against the database at `db_path`; writes nothing.

    `rows` has the columns area_id, indicator_id, year, value, row_number, column (where in the
    file the value stands) and optionally confidence and note per row (empty = the plan's).
    `source` is an existing source_id or a new source row; `new_indicators` are rows for the
    indicators table. Raises ValueError if `rows` lacks a column, FileNotFoundError if there is no
    database.
    """
    missing = [c for c in ROW_COLUMNS if c not in rows.columns]
    if missing:
        raise ValueError(f"rows lacks the column(s) {', '.join(missing)}")
    db_path = Path(db_path)
    if not db_path.exists():
        raise FileNotFoundError(f"no database at {db_path}; build it first (make data)")
    db_sha = file_sha256(db_path)  # before reading: a swap in between makes the plan stale, never wrong
    rows = rows.reset_index(drop=True)
    keys = pd.DataFrame({
        "area_id": [text_or_none(v) for v in rows["area_id"]],
        "indicator_id": [text_or_none(v) for v in rows["indicator_id"]],
        "year": pd.array([year_or_none(v) for v in rows["year"]], dtype="Int64"),
    })
    state = read_state(db_path, keys.dropna().drop_duplicates())

    problems: list[PlanProblem] = []
    if confidence not in CONFIDENCE:
        problems.append(PlanProblem("confidence", f"'{confidence}' är inte något av: {', '.join(CONFIDENCE)}",
                                    f"'{confidence}' is not one of: {', '.join(CONFIDENCE)}"))
    source_row, new_source = check_source(source, state.sources, problems)
    indicator_rows = check_indicators(new_indicators, state.units, problems)
    units = {**state.units, **{r["indicator_id"]: r["unit"] for r in indicator_rows if r.get("indicator_id")}}
    note = (note or "").strip()

    accepted, rejects = check_rows(rows, state, units, confidence)
    adds, replaces, unchanged, write = _classify(accepted, state.existing, source_row.get("source_id"), note)
    return ImportPlan(
        adds=_frame(adds, ADD_COLUMNS),
        replaces=_frame(replaces, REPLACE_COLUMNS),
        unchanged=_frame(unchanged, ADD_COLUMNS),
        rejects=_frame(rejects, REJECT_COLUMNS, text=("value",)),
        problems=tuple(problems),
        source=source_row,
        new_source=new_source,
        new_indicators=tuple(indicator_rows),
        confidence=confidence,
        note=note,
        db_path=str(db_path),
        db_sha256=db_sha,
        observations=_frame(write, TABLES_BY_NAME["observations"].column_names),
        rows_total=len(rows),
    )


def _classify(accepted: list[dict], existing: pd.DataFrame, source_id: str | None, note: str):
    """Split accepted rows into adds, replaces and unchanged; also the observations rows to write."""
    stored_rows = {(r.area_id, r.indicator_id, int(r.year)): r for r in existing.itertuples(index=False)}
    adds, replaces, unchanged, write = [], [], [], []
    for row in accepted:
        area_id, indicator_id, year = row["key"]
        row_note = row["note"] if row["note"] is not None else (note or None)
        shown = {"area_id": area_id, "indicator_id": indicator_id, "year": year, "value": row["value"],
                 "row_number": row["row_number"], "column": row["column"]}
        new = {"area_id": area_id, "indicator_id": indicator_id, "year": year, "value": row["value"],
               "source_id": source_id, "confidence": row["confidence"], "note": row_note}
        old = stored_rows.get(row["key"])
        if old is None:
            adds.append(shown)
            write.append(new)
        elif (old.old_value, old.old_source_id, old.old_confidence, text_or_none(old.old_note)) == (
                row["value"], source_id, row["confidence"], row_note):
            unchanged.append(shown)
        else:
            replaces.append({"area_id": area_id, "indicator_id": indicator_id, "year": year,
                             "old_value": float(old.old_value), "new_value": row["value"],
                             "old_source_id": old.old_source_id, "row_number": row["row_number"], "column": row["column"]})
            write.append(new)
    return adds, replaces, unchanged, write


_DTYPES = {"year": "Int64", "row_number": "Int64", "value": "float64", "old_value": "float64", "new_value": "float64"}


def _frame(records: list[dict], columns: list[str], *, text: tuple[str, ...] = ()) -> pd.DataFrame:
    """Records as a frame with fixed dtypes (whole numbers nullable, values float); `text` columns stay text."""
    frame = pd.DataFrame.from_records(records, columns=columns)
    for name in columns:
        if name in _DTYPES and name not in text:
            frame[name] = frame[name].astype(_DTYPES[name])
    return frame
