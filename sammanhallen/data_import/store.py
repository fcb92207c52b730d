"""Imported statistics as replayable layers on top of the CSV tables.

Each import is a folder `<imports dir>/<id>/` (id = 1, 2, 3 …, zero-padded to four digits):

    record.json        who, when (UTC), file name and SHA-256, counts, status, database checksums
    observations.csv   rows to upsert into `observations` (same columns as data/observations.csv)
    indicators.csv     new indicators (only when the import defined some)
    sources.csv        the new source (only when the import named one not yet known)
    replaced.csv       the values the import replaced, with their old value and source (audit only)
    upload.<ext>       the file as uploaded (its SHA-256 is in record.json)
    before.duckdb      the database file as it was just before the import (for an exact undo)

The row files have exactly the columns of the data/ CSVs and are read back with the same
validation (`validate.read_table`), so a layer is checked the same way as a CSV on every rebuild.
`build()` replays the committed layers in id order: an imported observation replaces the CSV row
with the same (area_id, indicator_id, year); imported indicators and sources are added where the
CSVs do not have them (a curated CSV row wins over the import's copy).
"""
from __future__ import annotations

import contextlib
import csv
import io
import json
import math
import os
import tempfile
import threading
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: only the in-process lock applies
    fcntl = None

import pandas as pd

from sammanhallen.paths import database_path, user_dir
from sammanhallen.data.schema import TABLES_BY_NAME
from sammanhallen.data.validate import Problem, ValidationError, check_references, read_table

STATUSES = ("pending", "committed", "undone")
RECORD_FILE = "record.json"
SNAPSHOT_FILE = "before.duckdb"
LOCK_FILE = ".lock"
LAYER_TABLES = ("sources", "indicators", "observations")
OBS_KEY = list(TABLES_BY_NAME["observations"].key)
FORMAT_VERSION = 1


def default_dir() -> Path:
    """`user_dir()/imports`, read at call time (tests point DASHBOARD_USER_DIR elsewhere)."""
    return user_dir() / "imports"


@dataclass(frozen=True)
class ImportRecord:
    """One entry of the import log, as stored in `record.json`."""

    import_id: int
    status: str                     # pending | committed | undone
    who: str
    created_at: str                 # UTC, ISO 8601 (e.g. 2026-03-01T09:30:12Z)
    file_name: str
    file_sha256: str
    rows_added: int
    rows_replaced: int
    rows_unchanged: int = 0
    rows_rejected: int = 0          # rows of the file left out because they were rejected (skip_rejected)
    source_id: str = ""
    confidence: str = ""
    note: str = ""
    new_source: dict | None = None  # the sources row the import added, if any
    new_indicators: tuple = ()      # the indicators rows the import added
    db_sha256_before: str | None = None  # the database file the import was applied to
    db_sha256_after: str | None = None   # the database file the import produced
    snapshot: str | None = None     # file name of the copy of the database before the import
    undone_at: str | None = None
    undone_by: str | None = None
    undo_method: str | None = None  # snapshot (byte-identical restore) | rebuild
    pending_undo_sha256: str | None = None  # set only while an undo is being swapped in
    published_to: str | None = None     # DASHBOARD_PUBLISH_DIR the database was published to
    published_version: str | None = None  # the version id sammanhallen.data.publish.publish returned
    publish_error: str | None = None
    format_version: int = FORMAT_VERSION
    folder: str = field(default="", compare=False)  # where the record lives (not stored)

    @property
    def path(self) -> Path:
        return Path(self.folder)

    def to_json(self) -> str:
        data = asdict(self)
        data.pop("folder")
        data["new_indicators"] = list(self.new_indicators)
        return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False) + "\n"

    @classmethod
    def from_json(cls, text: str, folder: Path) -> "ImportRecord":
        data = json.loads(text)
        known = {f.name for f in fields(cls)} - {"folder"}
        values = {k: v for k, v in data.items() if k in known}
        values["new_indicators"] = tuple(values.get("new_indicators") or ())
        record = cls(**values, folder=str(folder))
        if record.status not in STATUSES:
            raise ValueError(f"{folder / RECORD_FILE}: unknown status {record.status!r}")
        return record


# --- files ---------------------------------------------------------------------------------------

def folder_for(imports_dir: Path, import_id: int) -> Path:
    return Path(imports_dir) / f"{import_id:04d}"


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write `data` to `path` through a temporary file and os.replace: readers see old or new, never half."""
    path = Path(path)
    handle, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def write_record(record: ImportRecord) -> None:
    atomic_write_bytes(record.path / RECORD_FILE, record.to_json().encode("utf-8"))


def read_records(imports_dir: Path | None = None) -> list[ImportRecord]:
    """Every import's record, in id order (oldest first). Folders without a record are skipped."""
    imports_dir = default_dir() if imports_dir is None else Path(imports_dir)
    if not imports_dir.is_dir():
        return []
    records = []
    for folder in imports_dir.iterdir():
        if folder.is_dir() and folder.name.isdigit() and (folder / RECORD_FILE).is_file():
            records.append(ImportRecord.from_json((folder / RECORD_FILE).read_text(encoding="utf-8"), folder))
    return sorted(records, key=lambda r: r.import_id)


def next_id(imports_dir: Path) -> int:
    """One more than the highest id ever used in `imports_dir` (undone imports keep their id)."""
    used = [int(p.name) for p in Path(imports_dir).iterdir() if p.is_dir() and p.name.isdigit()] if Path(imports_dir).is_dir() else []
    return max(used, default=0) + 1


def _cell(value) -> str:
    """A value as the CSV tables write it (read back exactly by validate.parse_cell)."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(float(value))  # shortest text that reads back as the same double (also for numpy floats)
    if hasattr(value, "item"):  # numpy scalars
        return _cell(value.item())
    return str(value)


def write_table(path: Path, table_name: str, rows: pd.DataFrame | list[dict]) -> None:
    """Write rows with exactly the columns of data/<table_name>.csv."""
    columns = TABLES_BY_NAME[table_name].column_names
    records = rows.to_dict("records") if isinstance(rows, pd.DataFrame) else list(rows)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for record in records:
        writer.writerow([_cell(record.get(c)) for c in columns])
    atomic_write_bytes(Path(path), out.getvalue().encode("utf-8"))


def write_frame(path: Path, frame: pd.DataFrame) -> None:
    """Write any frame as CSV in the same cell format (for audit files that are not replayed)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(list(frame.columns))
    for record in frame.itertuples(index=False):
        writer.writerow([_cell(v) for v in record])
    atomic_write_bytes(Path(path), out.getvalue().encode("utf-8"))


# --- layers and replay ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Layer:
    """The rows one import adds, read and validated like the data/ CSVs."""

    import_id: int
    label: str  # "import 3 (kolada.json)", used in messages
    tables: dict  # table name -> typed DataFrame (sources, indicators, observations)


def read_layer(record: ImportRecord) -> Layer:
    """Read an import's row files; ValidationError (naming the import) if any is malformed."""
    label = f"import {record.import_id} ({record.file_name})"
    tables, problems = {}, []
    for name in LAYER_TABLES:
        table = TABLES_BY_NAME[name]
        path = record.path / f"{name}.csv"
        if path.exists():
            frame, found = read_table(path, table)
        elif name == "observations":
            frame, found = pd.DataFrame(), [Problem(str(path), None, None, "file is missing")]
        else:
            frame, found = pd.DataFrame({c: pd.Series(dtype=object) for c in table.column_names}), []
        tables[name] = frame
        problems += [_in_layer(p, label, record.path) for p in found]
    if problems:
        raise ValidationError(problems)
    return Layer(record.import_id, label, tables)


def _in_layer(problem: Problem, label: str, folder: Path) -> Problem:
    name = Path(problem.file).name
    return Problem(f"{label}: {folder / name}", problem.line, problem.column, problem.message)


def committed_layers(imports_dir: Path | None = None) -> list[Layer]:
    """The layers of every committed import, in id order."""
    return [read_layer(r) for r in read_records(imports_dir) if r.status == "committed"]


@contextlib.contextmanager
def layers_for_build(out: Path, imports_dir: Path | None, layers: list[Layer] | None = None) -> Iterator[list[Layer]]:
    """The layers `build(out=…, imports_dir=…)` replays, holding the store's lock until the build is in place.

    Given `layers` (the importer, which holds the lock already) are used as they are. An explicit
    `imports_dir` is replayed. Without one, the committed imports under `user_dir()/imports` are
    replayed only when `out` is the app's database (`database_path()`), so a build into any other
    file (a test database, a scratch copy) is the CSVs alone.
    """
    if layers is not None:
        yield layers
        return
    if imports_dir is None:
        if Path(out).resolve() != database_path().resolve():
            yield []
            return
        imports_dir = default_dir()
    if not Path(imports_dir).is_dir():
        yield []
        return
    with locked(imports_dir):  # an import committing now cannot be lost under a rebuild
        yield committed_layers(imports_dir)


_THREAD_LOCKS: dict[str, threading.Lock] = {}
_THREAD_LOCKS_GUARD = threading.Lock()
_HELD = threading.local()


@contextlib.contextmanager
def locked(imports_dir: Path) -> Iterator[None]:
    """Exclusive use of an imports directory across threads and processes (re-entrant per thread)."""
    imports_dir = Path(imports_dir)
    imports_dir.mkdir(parents=True, exist_ok=True)
    key = str(imports_dir.resolve())
    held = _HELD.__dict__.setdefault("keys", set())
    if key in held:
        yield
        return
    with _THREAD_LOCKS_GUARD:
        thread_lock = _THREAD_LOCKS.setdefault(key, threading.Lock())
    with thread_lock, open(imports_dir / LOCK_FILE, "a+b") as handle:
        if fcntl is not None:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        held.add(key)
        try:
            yield
        finally:
            held.discard(key)
            if fcntl is not None:
                fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def _append_missing(base: pd.DataFrame, extra: pd.DataFrame, key: list[str]) -> pd.DataFrame:
    if extra.empty:
        return base
    known = pd.MultiIndex.from_frame(base[key]) if len(base) else pd.MultiIndex.from_tuples([], names=key)
    new = extra[~pd.MultiIndex.from_frame(extra[key]).isin(known)]
    return pd.concat([base, new[base.columns]], ignore_index=True) if len(new) else base


def _upsert(base: pd.DataFrame, extra: pd.DataFrame, key: list[str]) -> pd.DataFrame:
    if extra.empty:
        return base
    replaced = pd.MultiIndex.from_frame(base[key]).isin(pd.MultiIndex.from_frame(extra[key])) if len(base) else []
    kept = base[~replaced] if len(base) else base
    return pd.concat([kept, extra[base.columns]], ignore_index=True)


def replay(frames: dict[str, pd.DataFrame], layers: list[Layer]) -> dict[str, pd.DataFrame]:
    """The CSV frames with every layer applied in order; ValidationError if a layer no longer fits
    (e.g. a CSV edit removed an area an import refers to). `frames` is not modified."""
    if not layers:
        return frames
    frames = dict(frames)
    observations_table = TABLES_BY_NAME["observations"]
    for layer in layers:
        for name in ("sources", "indicators"):
            frames[name] = _append_missing(frames[name], layer.tables[name], list(TABLES_BY_NAME[name].key))
        rows = layer.tables["observations"]
        context = {name: frames[name] for name in ("areas", "indicators", "sources")}
        problems = check_references({**context, "observations": rows}, tables=[observations_table])
        if problems:
            hint = "; undo that import or restore what it refers to in the CSV"
            raise ValidationError(
                [Problem(f"{layer.label}: observations.csv", p.line, p.column, p.message + hint) for p in problems]
            )
        frames["observations"] = _upsert(frames["observations"], rows, OBS_KEY)
    return frames
