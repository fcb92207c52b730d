"""Refresh indicators from SCB and Kolada: fetch, preview as an importer plan, commit all or nothing.

    clients = make_clients()                       # real providers, or env SCB_API_URL / KOLADA_API_URL
    prepared = prepare_all(load_recipes().values(), db_path=database_path(), clients=clients)
    prepared[0].plan.adds, prepared[0].gaps, prepared[0].unmapped    # the preview; nothing written
    records = apply(prepared, authorisation)       # importer.commit per recipe, undone together on failure

Everything is fetched before anything is written, so being offline or a provider error leaves the
database and the import log untouched. Each row's note carries the provenance (provider, table/KPI,
query URL, fetched-at UTC, API version); the source row is "<provider>_<table>" with the table's
updated year and the query URL; the import's file is the provider's answer, so the log has its checksum.

Area codes that map to no area and cells the provider marks missing go into the plan as rows the
importer rejects (no area / a gap is not imported), and are also listed in `unmapped` and `gaps`,
so nothing is dropped silently. `apply` skips exactly those rejected rows and refuses any other.

All or nothing: the importer writes one plan, with one source, per commit, and every recipe has its
own source row. So `apply` commits the recipes one after another and, if any commit fails, undoes
the ones this run committed (newest first, each checked to be this run's import) before raising.
The second and later plans are remade against the database the previous commit produced, and must
write exactly the rows the preview showed, or the run is undone.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from sammanhallen.data import sql_text
from sammanhallen.data_import import import_plan, importer
from sammanhallen.data_import.providers import authorisation as authz
from sammanhallen.data_import.providers.fetch import Clients, Fetch, fetch
from sammanhallen.data_import.providers.recipes import KOMMUNKOD, Recipe
from sammanhallen.paths import database_path

GAP_COLUMNS = ["area_code", "area_label", "area_id", "year", "status"]
UNMAPPED_COLUMNS = ["area_code", "area_label", "reason_sv", "reason_en"]
FLAG_COLUMNS = ["area_id", "year", "value", "status"]


@dataclass(frozen=True)
class Prepared:
    """One recipe fetched and planned; nothing has been written."""

    recipe: Recipe
    plan: importer.ImportPlan
    rows: pd.DataFrame        # what was given to importer.plan (incl. gap and unmapped rows)
    gaps: pd.DataFrame        # GAP_COLUMNS: cells the provider marks missing or leaves out
    unmapped: pd.DataFrame    # UNMAPPED_COLUMNS: provider codes that map to no area
    flags: pd.DataFrame       # FLAG_COLUMNS: imported values that carry a status symbol
    expected_rejects: frozenset  # row numbers rejected on purpose (gaps, unmapped)
    fetched: Fetch
    file_name: str

    @property
    def source(self) -> dict:
        return self.plan.source

    @property
    def unexpected_rejects(self) -> pd.DataFrame:
        """Rejected rows that are not listed gaps or unmapped codes: they block `apply`."""
        return self.plan.rejects[~self.plan.rejects["row_number"].isin(self.expected_rejects)]


def _db_state(db_path: Path) -> tuple[dict[str, str], set[str]]:
    """({area_id: name}, {indicator_id}) of the database, read through a read-only attachment."""
    con = duckdb.connect(":memory:")
    try:
        con.execute(f"ATTACH {sql_text.quote_literal(str(Path(db_path).resolve()))} AS live (READ_ONLY)")
        areas = dict(con.execute("SELECT area_id, name FROM live.areas").fetchall())
        indicators = {i for (i,) in con.execute("SELECT indicator_id FROM live.indicators").fetchall()}
    finally:
        con.close()
    return areas, indicators


def area_codes(recipe: Recipe, areas) -> list[str]:
    """The provider codes to ask for: the recipe's explicit codes, plus (scheme kommunkod) every
    four-digit area_id in the database."""
    codes = list(recipe.codes)
    if recipe.scheme == "kommunkod":
        codes += [a for a in sorted(areas) if KOMMUNKOD.match(a)]
    return list(dict.fromkeys(codes))


def _area_id(recipe: Recipe, code: str, areas) -> tuple[str | None, str, str]:
    """(area_id or None, reason_sv, reason_en) for a provider code."""
    target = recipe.codes.get(code) or (code if recipe.scheme == "kommunkod" and KOMMUNKOD.match(code) else None)
    if target is None:
        return None, "koden har inget område i receptet", "the recipe maps the code to no area"
    if target not in areas:
        return None, f"området '{target}' finns inte i databasen", f"the area '{target}' is not in the database"
    return target, "", ""


def provenance(recipe: Recipe, fetched: Fetch) -> str:
    return (f"{fetched.provider} {recipe.table} via {fetched.api_version}; fråga/query: {fetched.query_url}; "
            f"hämtad/fetched {fetched.fetched_at}")


def _rows(recipe: Recipe, fetched: Fetch, areas) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    note = provenance(recipe, fetched)
    rows, gaps, unmapped, flags = [], [], {}, []
    for number, cell in enumerate(fetched.long.itertuples(index=False), start=1):
        area_id, reason_sv, reason_en = _area_id(recipe, cell.area_code, areas)
        if area_id is None:
            unmapped.setdefault(cell.area_code, (cell.area_code, cell.area_label, reason_sv, reason_en))
        if cell.gap:
            gaps.append((cell.area_code, cell.area_label, area_id, cell.year, cell.status))
        elif cell.status and area_id is not None:
            flags.append((area_id, cell.year, cell.value, cell.status))
        rows.append({"area_id": area_id, "indicator_id": recipe.indicator_id, "year": cell.year,
                     "value": None if cell.gap else cell.value, "row_number": number,
                     "column": f"{fetched.area_variable}={cell.area_code}, {fetched.time_variable}={cell.year}",
                     "note": note + (f"; status {cell.status}" if cell.status and not cell.gap else "")})
    return (pd.DataFrame(rows, columns=[*import_plan.ROW_COLUMNS, "note"]), pd.DataFrame(gaps, columns=GAP_COLUMNS),
            pd.DataFrame(list(unmapped.values()), columns=UNMAPPED_COLUMNS), pd.DataFrame(flags, columns=FLAG_COLUMNS))


def source_id(recipe: Recipe) -> str:
    """"<provider>_<table>" as a valid id: a placeholder table id's hyphens (UNCONFIRMED-URB-BISTAND) become _."""
    return re.sub(r"[^a-z0-9_]", "_", f"{recipe.provider}_{recipe.table.lower()}")


def source_row(recipe: Recipe, fetched: Fetch) -> dict:
    return {"source_id": source_id(recipe),
            "title": f"{recipe.source['title']} ({fetched.api_version}, hämtad/fetched {fetched.fetched_at}; "
                     f"{fetched.updated_note}; {recipe.source['url']})",
            "publisher": recipe.source["publisher"], "year": fetched.updated_year, "url": fetched.query_url}


def new_indicator(recipe: Recipe) -> dict:
    i = recipe.indicator
    return {"indicator_id": i["id"], "name_sv": i["name_sv"], "name_en": i["name_en"], "unit": i["unit"],
            "higher_is_better": i["higher_is_better"], "definition": i["definition"], "domain": i["domain"]}


def prepare(recipe: Recipe, *, db_path=None, clients: Clients) -> Prepared:
    """Fetch the recipe's data and plan its import against the database; writes nothing.
    Raises a providers.errors.ProviderError when the provider cannot be used."""
    db_path = Path(db_path) if db_path is not None else database_path()
    areas, indicators = _db_state(db_path)
    fetched = fetch(recipe, clients, area_codes(recipe, areas))
    rows, gaps, unmapped, flags = _rows(recipe, fetched, areas)
    plan = importer.plan(rows, db_path=db_path, source=source_row(recipe, fetched),
                         new_indicators=[] if recipe.indicator_id in indicators else [new_indicator(recipe)],
                         confidence=recipe.source["confidence"], note=provenance(recipe, fetched))
    expected = frozenset(int(r.row_number) for r in rows.itertuples() if pd.isna(r.area_id) or pd.isna(r.value))
    file_name = f"{recipe.provider}_{recipe.table}_{fetched.fetched_at[:10]}.json"
    return Prepared(recipe, plan, rows, gaps, unmapped, flags, expected, fetched, file_name)


def prepare_all(recipes, *, db_path=None, clients: Clients) -> list[Prepared]:
    """`prepare` for every recipe; the first provider error stops the run before anything is written."""
    return [prepare(recipe, db_path=db_path, clients=clients) for recipe in recipes]


def _replan(prepared: Prepared, db_path: Path) -> importer.ImportPlan:
    p = prepared.plan
    _, indicators = _db_state(db_path)
    plan = importer.plan(prepared.rows, db_path=db_path, source=p.source,
                         new_indicators=[r for r in p.new_indicators if r["indicator_id"] not in indicators],
                         confidence=p.confidence, note=p.note)
    keys = ["area_id", "indicator_id", "year", "value"]
    if not plan.observations[keys].reset_index(drop=True).equals(p.observations[keys].reset_index(drop=True)):
        raise importer.ImportRefused(
            f"{prepared.recipe.name}: an earlier recipe in this run changed the rows this one would write",
            f"{prepared.recipe.name}: ett tidigare recept i körningen ändrade raderna som detta skulle skriva")
    return plan


def _commit_one(prepared: Prepared, plan: importer.ImportPlan, session, db_path: Path, imports_dir):
    if not prepared.unexpected_rejects.empty:
        first = prepared.unexpected_rejects.iloc[0]
        raise importer.ImportRefused(f"{prepared.recipe.name}: row {first['row_number']}: {first['reason_en']}",
                                     f"{prepared.recipe.name}: rad {first['row_number']}: {first['reason_sv']}")
    return importer.commit(plan, session, file_name=prepared.file_name, file_bytes=prepared.fetched.raw,
                           db_path=db_path, imports_dir=imports_dir, skip_rejected=True)


def apply(prepared, authorisation, *, db_path=None, imports_dir=None) -> list:
    """Commit every prepared recipe that has rows to write, all or nothing; the committed ImportRecords.

    Raises PermissionError without a valid authorisation, importer.ImportRefused/StalePlanError when
    a plan cannot be committed; then every import of this run is undone again.
    """
    items = [prepared] if isinstance(prepared, Prepared) else list(prepared)
    authz.require(authorisation)
    todo = [p for p in items if not p.plan.observations.empty]
    db_path = Path(db_path) if db_path is not None else Path(todo[0].plan.db_path) if todo else database_path()
    done = []
    try:
        for position, item in enumerate(todo):
            plan = item.plan if position == 0 else _replan(item, db_path)
            done.append(_commit_one(item, plan, authorisation, db_path, imports_dir))
    except BaseException:
        _undo(done, authorisation, db_path, imports_dir)
        raise
    return done


def _undo(done: list, session, db_path: Path, imports_dir) -> None:
    for record in reversed(done):
        newest = [r for r in importer.read_log(imports_dir) if r.status == "committed"]
        if not newest or newest[-1].import_id != record.import_id:
            raise importer.ImportRefused(
                f"import {record.import_id} of this run is no longer the newest; undo it by hand from the import log",
                f"import {record.import_id} från den här körningen är inte längre den senaste; ångra den i importloggen")
        importer.undo_last(session, db_path=db_path, imports_dir=imports_dir)
