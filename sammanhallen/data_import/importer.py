"""The safe write path for imported statistics: plan (preview), all-or-nothing commit, log, exact undo.

    p = plan(rows, db_path=database_path(), source={...}, new_indicators=[...], confidence="high")
    p.adds, p.replaces, p.unchanged, p.rejects, p.problems      # what would happen, nothing written
    record = commit(p, session, file_name="kolada.json", file_bytes=data)
    read_log()                                                    # oldest first
    undo_last(session)                                            # the newest committed import

An import is stored as a replayable layer (`import_store`) and the database is rebuilt from the CSVs
plus every committed layer into a temporary file that replaces the live one in one `os.replace`:
readers see the old or the new database, never a mix, and any failure before that step leaves the
database and the log as they were. The database file before the import is kept, so undoing the
newest import restores it byte for byte (or, if the database was rebuilt since, rebuilds it without
that layer). Every write requires an `auth.AdminSession`.

No streamlit here: the import page (components/data_import/wizard.py, components/data_import/log.py) calls these.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import importlib
import logging
import math
import os
import re
import secrets
import shutil
from dataclasses import dataclass, replace
from pathlib import Path

import duckdb
import pandas as pd

from sammanhallen.data_import import store as import_store
from sammanhallen.data_import.admin_auth import require_admin
from sammanhallen.data.build import build
from sammanhallen.data_import.store import SNAPSHOT_FILE, ImportRecord
from sammanhallen.paths import DATA_DIR, database_path
from sammanhallen.data.schema import CONFIDENCE, TABLES_BY_NAME
from sammanhallen.data.validate import parse_cell

log = logging.getLogger(__name__)

__all__ = [
    "ImportPlan", "ImportRecord", "ImportRefused", "PlanProblem", "StalePlanError",
    "commit", "file_sha256", "plan", "read_log", "undo_last",
]

ROW_COLUMNS = ("area_id", "indicator_id", "year", "value", "row_number", "column")
ADD_COLUMNS = ["area_id", "indicator_id", "year", "value", "row_number", "column"]
REPLACE_COLUMNS = ["area_id", "indicator_id", "year", "old_value", "new_value", "old_source_id", "row_number", "column"]
REJECT_COLUMNS = ["row_number", "column", "field", "value", "reason_sv", "reason_en"]
KEEP_SNAPSHOTS = 10  # database copies kept for byte-identical undo; older imports undo by rebuilding
PUBLISH_ENV = "DASHBOARD_PUBLISH_DIR"
_ID_PATTERN = re.compile(r"^[a-z][a-z0-9_]{1,79}$")
_OBS = TABLES_BY_NAME["observations"]


class ImportRefused(ValueError):
    """The import or undo was not made and nothing was changed; the message says why (in English,
    `message_sv` in Swedish)."""

    def __init__(self, message_en: str, message_sv: str):
        super().__init__(message_en)
        self.message_en, self.message_sv = message_en, message_sv


class StalePlanError(ImportRefused):
    """The database changed after the plan was made (another import, undo or rebuild): plan again."""


@dataclass(frozen=True)
class PlanProblem:
    """A problem with the import as a whole (source, new indicator, confidence): it cannot be skipped."""

    field: str  # e.g. "source.title", "new_indicators[0].unit", "confidence"
    reason_sv: str
    reason_en: str


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


# --- reading the database ------------------------------------------------------------------------

def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _sha_or_none(path: Path) -> str | None:
    return file_sha256(path) if Path(path).exists() else None


@dataclass(frozen=True)
class _DbState:
    areas: set
    units: dict  # indicator_id -> unit
    sources: set
    existing: pd.DataFrame  # area_id, indicator_id, year, old_value, old_source_id, old_confidence, old_note


def _read_state(db_path: Path, keys: pd.DataFrame) -> _DbState:
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
    return _DbState(areas, units, sources, existing)


# --- messages ------------------------------------------------------------------------------------

def _raw(value) -> str:
    """A cell as text for `parse_cell`: None/NaN are empty, 2015.0 is '2015'."""
    if value is None or value is pd.NA or value is pd.NaT:
        return ""
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if hasattr(value, "item") and not isinstance(value, str):  # numpy scalars
        return _raw(value.item())
    return str(value)


def _text(value) -> str | None:
    text = _raw(value).strip()
    return text or None


# --- plan ----------------------------------------------------------------------------------------

def _check_fields(row: dict, table_name: str, label: str, problems: list[PlanProblem]) -> dict:
    """Validate one would-be row of a CSV table with validate's cell rules; the typed row."""
    table = TABLES_BY_NAME[table_name]
    unknown = sorted(set(row) - set(table.column_names))
    if unknown:
        problems.append(PlanProblem(label, f"okända fält: {', '.join(unknown)}", f"unknown fields: {', '.join(unknown)}"))
    typed = {}
    for column in table.columns:
        value = row.get(column.name)
        raw = ("true" if value else "false") if isinstance(value, bool) else _raw(value)
        parsed, error = parse_cell(raw, column)
        if error:
            problems.append(PlanProblem(f"{label}.{column.name}", error.sv, error.en))
        typed[column.name] = parsed
    return typed


def _check_source(source: dict, known: set, problems: list[PlanProblem]) -> tuple[dict, bool]:
    if not isinstance(source, dict) or not _text(source.get("source_id")):
        problems.append(PlanProblem("source.source_id", "källan saknas", "the source is missing"))
        return dict(source or {}), False
    source_id = _text(source["source_id"])
    if source_id in known:
        return {**source, "source_id": source_id}, False
    typed = _check_fields({k: source.get(k) for k in TABLES_BY_NAME["sources"].column_names}, "sources", "source", problems)
    if not _ID_PATTERN.match(source_id):
        problems.append(PlanProblem(
            "source.source_id",
            f"'{source_id}' är inget giltigt id (små bokstäver a–z, siffror och _, börjar med en bokstav)",
            f"'{source_id}' is not a valid id (lower-case a–z, digits and _, starting with a letter)"))
    return typed, True


def _check_indicators(new_indicators, known_units: dict, problems: list[PlanProblem]) -> list[dict]:
    typed_rows, seen = [], set()
    for position, row in enumerate(new_indicators or ()):
        label = f"new_indicators[{position}]"
        if not isinstance(row, dict):
            problems.append(PlanProblem(label, "ska vara en tabellrad (dict)", "must be a row (dict)"))
            continue
        typed = _check_fields(row, "indicators", label, problems)
        indicator_id = typed.get("indicator_id")
        if indicator_id is None:
            continue
        if not _ID_PATTERN.match(indicator_id):
            problems.append(PlanProblem(
                f"{label}.indicator_id",
                f"'{indicator_id}' är inget giltigt id (små bokstäver a–z, siffror och _, börjar med en bokstav)",
                f"'{indicator_id}' is not a valid id (lower-case a–z, digits and _, starting with a letter)"))
        if indicator_id in known_units:
            problems.append(PlanProblem(
                f"{label}.indicator_id", f"indikatorn '{indicator_id}' finns redan; välj den i stället för att skapa en ny",
                f"the indicator '{indicator_id}' exists already; choose it instead of making a new one"))
        if indicator_id in seen:
            problems.append(PlanProblem(f"{label}.indicator_id", f"'{indicator_id}' förekommer två gånger",
                                        f"'{indicator_id}' appears twice"))
        seen.add(indicator_id)
        typed_rows.append(typed)
    return typed_rows


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
        "area_id": [_text(v) for v in rows["area_id"]],
        "indicator_id": [_text(v) for v in rows["indicator_id"]],
        "year": pd.array([_year_or_none(v) for v in rows["year"]], dtype="Int64"),
    })
    state = _read_state(db_path, keys.dropna().drop_duplicates())

    problems: list[PlanProblem] = []
    if confidence not in CONFIDENCE:
        problems.append(PlanProblem("confidence", f"'{confidence}' är inte något av: {', '.join(CONFIDENCE)}",
                                    f"'{confidence}' is not one of: {', '.join(CONFIDENCE)}"))
    source_row, new_source = _check_source(source, state.sources, problems)
    indicator_rows = _check_indicators(new_indicators, state.units, problems)
    units = {**state.units, **{r["indicator_id"]: r["unit"] for r in indicator_rows if r.get("indicator_id")}}
    note = (note or "").strip()

    accepted, rejects = _check_rows(rows, state, units, confidence)
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
        observations=_frame(write, _OBS.column_names),
        rows_total=len(rows),
    )


def _check_rows(rows: pd.DataFrame, state: _DbState, units: dict, confidence: str) -> tuple[list[dict], list[dict]]:
    """(accepted rows with their parsed key, value, confidence and note; rejects, one per problem)."""
    rejects: list[dict] = []
    checked: list[dict | None] = []
    by_key: dict[tuple, list[int]] = {}
    for position, row in enumerate(rows.to_dict("records")):
        where = {"row_number": _row_number(row["row_number"]), "column": _text(row["column"])}
        found = _check_row(row, state, units, confidence)
        for field_name, value, sv, en in found["errors"]:
            rejects.append({**where, "field": field_name, "value": value, "reason_sv": sv, "reason_en": en})
        if found["key"] is not None:
            by_key.setdefault(found["key"], []).append(position)
        checked.append(None if found["errors"] else {**where, **found})
    for key, positions in by_key.items():
        if len(positions) < 2:
            continue
        numbers = [_row_number(rows.at[p, "row_number"]) for p in positions]
        for position, own in zip(positions, numbers):
            others = ", ".join(str(n) for n in numbers if n != own) or str(own)
            rejects.append({
                "row_number": own, "column": _text(rows.at[position, "column"]), "field": "area_id, indicator_id, year",
                "value": f"{key[0]}, {key[1]}, {key[2]}",
                "reason_sv": f"samma område, indikator och år som rad {others} i filen",
                "reason_en": f"same area, indicator and year as row {others} in the file",
            })
            checked[position] = None
    rejects.sort(key=lambda r: (r["row_number"] is None, r["row_number"] or 0))
    return [c for c in checked if c is not None], rejects


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
        elif (old.old_value, old.old_source_id, old.old_confidence, _text(old.old_note)) == (
                row["value"], source_id, row["confidence"], row_note):
            unchanged.append(shown)
        else:
            replaces.append({"area_id": area_id, "indicator_id": indicator_id, "year": year,
                             "old_value": float(old.old_value), "new_value": row["value"],
                             "old_source_id": old.old_source_id, "row_number": row["row_number"], "column": row["column"]})
            write.append(new)
    return adds, replaces, unchanged, write


def _row_number(value) -> int | None:
    text = _raw(value).strip()
    return int(text) if text.lstrip("-").isdigit() else None


def _year_or_none(value) -> int | None:
    parsed, error = parse_cell(_raw(value), _OBS.column("year"))
    return None if error else parsed


def _check_row(row: dict, state: _DbState, units: dict, default_confidence: str) -> dict:
    """Errors of one file row as (field, value, reason_sv, reason_en), with its parsed parts."""
    errors = []
    area_id, indicator_id = _text(row["area_id"]), _text(row["indicator_id"])
    if area_id is None:
        errors.append(("area_id", "", "området saknas (inte matchat mot något känt område)", "no area (not matched to a known area)"))
    elif area_id not in state.areas:
        errors.append(("area_id", area_id, f"okänt område '{area_id}'", f"unknown area_id '{area_id}'"))
    if indicator_id is None:
        errors.append(("indicator_id", "", "indikatorn saknas", "no indicator"))
    elif indicator_id not in units:
        errors.append(("indicator_id", indicator_id, f"okänd indikator '{indicator_id}'", f"unknown indicator_id '{indicator_id}'"))
    year_raw = _raw(row["year"])
    year, year_error = parse_cell(year_raw, _OBS.column("year"))
    if year_error:
        errors.append(("year", year_raw, "året: " + year_error.sv, "year: " + year_error.en))
    value, value_raw = _value(row["value"], errors)
    unit = units.get(indicator_id)
    if value is not None and unit == "percent" and not 0 <= value <= 100:
        errors.append(("value", value_raw, f"{value_raw} ligger utanför 0–100, men indikatorn anges i procent",
                       f"{value_raw} is outside 0–100 but the indicator is a percentage"))
    confidence = _text(row.get("confidence")) or default_confidence
    if _text(row.get("confidence")) is not None and confidence not in CONFIDENCE:
        errors.append(("confidence", confidence, f"tillförlitligheten '{confidence}' är inte något av: {', '.join(CONFIDENCE)}",
                       f"confidence '{confidence}' is not one of: {', '.join(CONFIDENCE)}"))
    key = (area_id, indicator_id, year) if area_id in state.areas and indicator_id in units and not year_error else None
    return {"errors": errors, "key": key, "value": value, "confidence": confidence, "note": _text(row.get("note"))}


def _value(value, errors: list) -> tuple[float | None, str]:
    """The value as a finite float, or None with an error appended."""
    raw = _raw(value)
    if isinstance(value, bool):
        errors.append(("value", raw, f"'{raw}' är inte ett tal", f"'{raw}' is not a number"))
        return None, raw
    if raw.strip() == "":
        errors.append(("value", "", "värdet saknas (tom cell eller NaN); en lucka importeras inte",
                       "the value is missing (empty cell or NaN); a gap is not imported"))
        return None, raw
    number, error = parse_cell(raw, _OBS.column("value"))
    if error:
        errors.append(("value", raw, error.sv, error.en))
        return None, raw
    if not math.isfinite(number):
        errors.append(("value", raw, f"'{raw}' är inte ett ändligt tal", f"'{raw}' is not a finite number"))
        return None, raw
    return float(number), raw


_DTYPES = {"year": "Int64", "row_number": "Int64", "value": "float64", "old_value": "float64", "new_value": "float64"}


def _frame(records: list[dict], columns: list[str], *, text: tuple[str, ...] = ()) -> pd.DataFrame:
    """Records as a frame with fixed dtypes (whole numbers nullable, values float); `text` columns stay text."""
    frame = pd.DataFrame.from_records(records, columns=columns)
    for name in columns:
        if name in _DTYPES and name not in text:
            frame[name] = frame[name].astype(_DTYPES[name])
    return frame


# --- commit and undo -----------------------------------------------------------------------------

def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z")


def _stage_path(db_path: Path, label: str) -> Path:
    return db_path.parent / f"{db_path.name}.{label}-{secrets.token_hex(4)}.tmp"


def _swap(stage: Path, db_path: Path) -> None:
    """Move `stage` over `db_path` in one step (a new inode), with an mtime newer than the file it
    replaces, so a reader that watches either opens the new file."""
    if db_path.exists():
        previous = db_path.stat().st_mtime_ns
        if stage.stat().st_mtime_ns <= previous:
            bumped = previous + 1_000_000
            os.utime(stage, ns=(bumped, bumped))
    os.replace(stage, db_path)


def _remove(path: Path | None) -> None:
    if path is None:
        return
    for leftover in (path, Path(str(path) + ".wal")):
        if leftover.exists():
            leftover.unlink()


def _upload_name(file_name: str) -> str:
    suffix = Path(file_name).suffix.lower()
    return "upload" + (suffix if re.fullmatch(r"\.[a-z0-9]{1,8}", suffix) else ".bin")


def _recover(imports_dir: Path, db_path: Path) -> None:
    """Finish or roll back what a crash interrupted (called under the lock before every write).

    A pending import whose database is the live one was swapped in: mark it committed. Any other
    pending import never reached the database: remove it. Likewise for an undo in progress.
    """
    if not imports_dir.is_dir():
        return
    current = None
    for folder in imports_dir.iterdir():
        if folder.is_dir() and folder.name.isdigit() and not (folder / import_store.RECORD_FILE).exists():
            shutil.rmtree(folder, ignore_errors=True)
    for record in import_store.read_records(imports_dir):
        if record.status != "pending" and not record.pending_undo_sha256:
            continue
        current = current or _sha_or_none(db_path)
        if record.status == "pending":
            if record.db_sha256_after and record.db_sha256_after == current:
                import_store.write_record(replace(record, status="committed"))
                log.warning("import %s was in the database but still marked pending; marked committed", record.import_id)
            else:
                shutil.rmtree(record.path, ignore_errors=True)
                log.warning("import %s never reached the database; its pending layer was removed", record.import_id)
        elif record.pending_undo_sha256 == current:
            import_store.write_record(replace(record, status="undone", pending_undo_sha256=None))
        else:
            import_store.write_record(replace(record, pending_undo_sha256=None, undone_at=None, undone_by=None, undo_method=None))


def _prune_snapshots(imports_dir: Path) -> None:
    records = import_store.read_records(imports_dir)
    for record in records[:-KEEP_SNAPSHOTS] if len(records) > KEEP_SNAPSHOTS else []:
        if record.snapshot:
            _remove(record.path / record.snapshot)
            import_store.write_record(replace(record, snapshot=None))


def _publish(record: ImportRecord, db_path: Path) -> ImportRecord:
    """Call sammanhallen.data.publish.publish(db_path, dest) when DASHBOARD_PUBLISH_DIR is set and that
    module exists; the outcome is written to the record, a failure does not undo the change."""
    dest = os.environ.get(PUBLISH_ENV)
    if not dest:
        return record
    error = None
    try:
        module = importlib.import_module("sammanhallen.data.publish")
    except ModuleNotFoundError as exc:
        if exc.name == "sammanhallen.data.publish":
            return record  # no publishing in this installation
        error = f"{type(exc).__name__}: {exc}"
    except Exception as exc:  # noqa: BLE001
        error = f"{type(exc).__name__}: {exc}"
    else:
        try:
            version = module.publish(Path(db_path), Path(dest))
        except Exception as exc:  # noqa: BLE001 - the change stands; the log says publishing failed
            error = f"{type(exc).__name__}: {exc}"
    if error:
        log.error("publishing %s to %s failed: %s", db_path, dest, error)
        record = replace(record, published_to=None, published_version=None, publish_error=error)
    else:
        record = replace(record, published_to=str(dest), publish_error=None,
                         published_version=version if isinstance(version, str) else None)
    import_store.write_record(record)
    return record


def _after_change(record: ImportRecord, imports_dir: Path, db_path: Path) -> ImportRecord:
    """Housekeeping once the database is swapped: it must not turn a made change into an error."""
    try:
        _prune_snapshots(imports_dir)
        return _publish(record, db_path)
    except Exception:  # noqa: BLE001
        log.exception("after import %s: housekeeping failed (the change itself is made)", record.import_id)
        return record


def _refuse_unwritable(plan: ImportPlan, skip_rejected: bool) -> None:
    """ImportRefused for a plan with problems, with rejected rows not to be skipped, or with nothing to write."""
    if not isinstance(plan, ImportPlan):
        raise TypeError("commit needs the ImportPlan returned by plan()")
    if plan.problems:
        listed = "; ".join(f"{p.field}: {p.reason_en}" for p in plan.problems)
        listed_sv = "; ".join(f"{p.field}: {p.reason_sv}" for p in plan.problems)
        raise ImportRefused(f"the import has problems to fix first: {listed}", f"importen har fel att rätta först: {listed_sv}")
    if len(plan.rejects) and not skip_rejected:
        n = plan.rejected_rows
        raise ImportRefused(f"{n} row(s) are rejected; fix the file or choose to skip the rejected rows",
                            f"{n} rad(er) avvisas; rätta filen eller välj att hoppa över de avvisade raderna")
    if plan.observations.empty:
        raise ImportRefused("nothing to import: every value is stored already or was rejected",
                            "inget att importera: alla värden finns redan eller avvisades")


def _write_pending_layer(plan: ImportPlan, folder: Path, import_id: int, who: str, file_name: str,
                         file_bytes: bytes) -> ImportRecord:
    """The import's folder: its table rows, the rows it replaces, the uploaded file and a pending record."""
    folder.mkdir(parents=True)
    import_store.write_table(folder / "observations.csv", "observations", plan.observations)
    if plan.new_indicators:
        import_store.write_table(folder / "indicators.csv", "indicators", list(plan.new_indicators))
    if plan.new_source:
        import_store.write_table(folder / "sources.csv", "sources", [plan.source])
    import_store.write_frame(folder / "replaced.csv", plan.replaces)
    import_store.atomic_write_bytes(folder / _upload_name(file_name), file_bytes)
    record = ImportRecord(
        import_id=import_id, status="pending", who=who, created_at=_now(), file_name=file_name,
        file_sha256=hashlib.sha256(file_bytes).hexdigest(), rows_added=len(plan.adds),
        rows_replaced=len(plan.replaces), rows_unchanged=len(plan.unchanged),
        rows_rejected=plan.rejected_rows, source_id=plan.source["source_id"], confidence=plan.confidence,
        note=plan.note, new_source=dict(plan.source) if plan.new_source else None,
        new_indicators=tuple(dict(r) for r in plan.new_indicators), folder=str(folder),
    )
    import_store.write_record(record)
    return record


def commit(plan: ImportPlan, session, *, file_name: str, file_bytes: bytes, db_path=None, imports_dir=None,
           skip_rejected: bool = False, data_dir=DATA_DIR) -> ImportRecord:
    """Write the plan's rows as a new import, all or nothing; returns its committed record.

    Raises PermissionError without a valid AdminSession; ImportRefused for a plan with problems, with
    rejected rows (unless `skip_rejected`), or with nothing to write; StalePlanError when the
    database changed since the plan. `db_path` defaults to the plan's database, `imports_dir` to
    `user_dir()/imports`, `data_dir` to data/ (the CSVs the database is built from).
    """
    who = require_admin(session)
    _refuse_unwritable(plan, skip_rejected)
    file_name = Path(str(file_name or "").replace("\\", "/")).name.strip()[:255]
    if not file_name:
        raise ValueError("file_name is required: the import log records it")
    file_bytes = bytes(file_bytes)
    db_path = Path(db_path) if db_path is not None else Path(plan.db_path)
    imports_dir = Path(imports_dir) if imports_dir is not None else import_store.default_dir()

    with import_store.locked(imports_dir):
        _recover(imports_dir, db_path)
        current = _sha_or_none(db_path)
        if current != plan.db_sha256:
            raise StalePlanError("the database changed after the preview was made (another import, undo or rebuild); "
                                 "make the preview again",
                                 "databasen har ändrats sedan förhandsvisningen (en annan import, ångring eller omläsning); "
                                 "gör förhandsvisningen igen")
        import_id = import_store.next_id(imports_dir)
        folder = import_store.folder_for(imports_dir, import_id)
        stage = None
        try:
            record = _write_pending_layer(plan, folder, import_id, who, file_name, file_bytes)
            layers = import_store.committed_layers(imports_dir) + [import_store.read_layer(record)]
            stage = _stage_path(db_path, f"import-{import_id}")
            build(data_dir, stage, layers=layers)
            snapshot = None
            if current is not None:
                shutil.copyfile(db_path, folder / SNAPSHOT_FILE)
                if file_sha256(folder / SNAPSHOT_FILE) != current:
                    raise StalePlanError("the database was replaced while the import was being prepared; try again",
                                         "databasen byttes ut medan importen förbereddes; försök igen")
                snapshot = SNAPSHOT_FILE
            record = replace(record, db_sha256_before=current, db_sha256_after=file_sha256(stage), snapshot=snapshot)
            import_store.write_record(record)
            _swap(stage, db_path)
        except BaseException:
            _remove(stage)
            shutil.rmtree(folder, ignore_errors=True)
            raise
        record = replace(record, status="committed")
        import_store.write_record(record)  # a crash before this line is finished by _recover
        return _after_change(record, imports_dir, db_path)


def undo_last(session, *, db_path=None, imports_dir=None, data_dir=DATA_DIR) -> ImportRecord:
    """Undo the newest committed import exactly; returns its record, now marked undone (it stays in the log).

    If the live database is the file that import produced, the copy taken before it is restored
    byte for byte; otherwise (rebuilt since) the database is rebuilt without that import. Raises
    PermissionError without a valid AdminSession and ImportRefused when there is nothing to undo.
    """
    who = require_admin(session)
    db_path = Path(db_path) if db_path is not None else database_path()
    imports_dir = Path(imports_dir) if imports_dir is not None else import_store.default_dir()
    with import_store.locked(imports_dir):
        _recover(imports_dir, db_path)
        committed = [r for r in import_store.read_records(imports_dir) if r.status == "committed"]
        if not committed:
            raise ImportRefused("there is no import to undo", "det finns ingen import att ångra")
        target = committed[-1]
        current = _sha_or_none(db_path)
        stage = _stage_path(db_path, f"undo-{target.import_id}")
        marked = False
        try:
            method = "rebuild"
            if target.snapshot and current is not None and current == target.db_sha256_after:
                shutil.copyfile(target.path / target.snapshot, stage)
                if file_sha256(stage) == target.db_sha256_before:
                    method = "snapshot"
                else:  # the copy is damaged: do not restore it
                    _remove(stage)
                    log.warning("the snapshot of import %s does not match its checksum; rebuilding", target.import_id)
            if method == "rebuild":
                build(data_dir, stage, layers=[import_store.read_layer(r) for r in committed[:-1]])
            undoing = replace(target, pending_undo_sha256=file_sha256(stage), undone_at=_now(), undone_by=who,
                              undo_method=method)
            import_store.write_record(undoing)
            marked = True
            _swap(stage, db_path)
        except BaseException:
            _remove(stage)
            if marked:
                import_store.write_record(target)
            raise
        record = replace(undoing, status="undone", pending_undo_sha256=None)
        import_store.write_record(record)
        return _after_change(record, imports_dir, db_path)


def read_log(imports_dir=None) -> list[ImportRecord]:
    """Every import, oldest first (committed, undone, and pending while one is being written)."""
    return import_store.read_records(imports_dir)
