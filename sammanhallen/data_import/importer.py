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

The preview is `import_plan.plan` (its checks in `plan_checks`), re-exported here with `ImportPlan`,
`PlanProblem` and `file_sha256` so that callers have one module for the whole write path.

No streamlit here: the import page (components/data_import/wizard.py, components/data_import/log.py) calls these.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import importlib
import logging
import os
import re
import secrets
import shutil
from dataclasses import replace
from pathlib import Path


from sammanhallen.data_import import store as import_store
from sammanhallen.data_import.admin_auth import require_admin
from sammanhallen.data.build import build
from sammanhallen.data_import.store import SNAPSHOT_FILE, ImportRecord
from sammanhallen.paths import DATA_DIR, database_path
from sammanhallen.data_import.import_plan import ImportPlan, file_sha256, plan
from sammanhallen.data_import.plan_checks import PlanProblem

log = logging.getLogger(__name__)

__all__ = [
    "ImportPlan", "ImportRecord", "ImportRefused", "PlanProblem", "StalePlanError",
    "commit", "file_sha256", "plan", "read_log", "undo_last",
]

# Database copies kept for byte-identical undo; older imports undo by rebuilding. A provider refresh of
# every shipped recipe commits one import per recipe (16), and its rollback and undo must be exact.
KEEP_SNAPSHOTS = 20
PUBLISH_ENV = "DASHBOARD_PUBLISH_DIR"


class ImportRefused(ValueError):
    """The import or undo was not made and nothing was changed; the message says why (in English,
    `message_sv` in Swedish)."""

    def __init__(self, message_en: str, message_sv: str):
        super().__init__(message_en)
        self.message_en, self.message_sv = message_en, message_sv


class StalePlanError(ImportRefused):
    """The database changed after the plan was made (another import, undo or rebuild): plan again."""



def _sha_or_none(path: Path) -> str | None:
    return file_sha256(path) if Path(path).exists() else None




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
