"""Fetch one recipe's cells from its provider as a long table, with gaps and flags kept.

`fetch(recipe, clients, area_codes)` returns a `Fetch`: one row per requested area code and year
(area_code, area_label, year, value, status, gap) plus provenance (query URL, fetched-at, API
version, the table's updated year, the raw bytes). A cell the provider marks missing ("..", null
value, status symbol) or leaves out is a gap: value None, never 0. A value with a status symbol
(e.g. "p" preliminary) keeps its value and its status as a flag.
"""
from __future__ import annotations

import math
import os
from dataclasses import dataclass

import numpy as np
import pandas as pd

from sammanhallen.data_import.ingest.problems import ImportFileError
from sammanhallen.data_import.ingest.pxweb import MISSING_STATUS, parse_jsonstat
from sammanhallen.data_import.providers import errors, kolada, pxweb
from sammanhallen.data_import.providers.recipes import Recipe

SCB_ENV = "SCB_API_URL"
KOLADA_ENV = "KOLADA_API_URL"
LONG_COLUMNS = ["area_code", "area_label", "year", "value", "status", "gap"]


@dataclass
class Clients:
    """The two provider clients a refresh uses (tests pass clients pointed at a replay server)."""

    scb: pxweb.PxWebClient
    kolada: kolada.KoladaClient

    def close(self) -> None:
        self.scb.close()
        self.kolada.close()


def make_clients(scb_url: str | None = None, kolada_url: str | None = None, **http_options) -> Clients:
    """Clients for the given base URLs, else env SCB_API_URL / KOLADA_API_URL, else the real providers.
    `http_options` go to each HttpClient (timeout, attempts, backoff, sleep)."""
    return Clients(
        scb=pxweb.PxWebClient(scb_url or os.environ.get(SCB_ENV) or pxweb.SCB_URL, **http_options),
        kolada=kolada.KoladaClient(kolada_url or os.environ.get(KOLADA_ENV) or kolada.KOLADA_URL, **http_options))


@dataclass(frozen=True)
class Fetch:
    long: pd.DataFrame      # LONG_COLUMNS, one row per requested area code and year
    provider: str           # "SCB" or "Kolada"
    api_version: str
    query_url: str
    fetched_at: str         # UTC ISO 8601 of the first answer
    updated_year: int | None
    updated_note: str       # how updated_year was found
    raw: bytes              # what the import log stores as the import's file
    area_variable: str
    time_variable: str


def fetch(recipe: Recipe, clients: Clients, area_codes: list[str]) -> Fetch:
    return (fetch_scb if recipe.provider == "scb" else fetch_kolada)(recipe, clients, area_codes)


def fetch_scb(recipe: Recipe, clients: Clients, area_codes: list[str]) -> Fetch:
    client = clients.scb
    meta = client.metadata(recipe.table)
    time_var = pxweb.time_variable(meta)
    offered = set(pxweb.category_codes(meta["dimension"].get(recipe.area_variable, {})))
    codes = [c for c in area_codes if c in offered or c in recipe.codes]
    years = list(recipe.years) if recipe.years else pxweb.category_codes(meta["dimension"].get(time_var, {}))[-recipe.latest:]
    selection = {**{v: list(c) for v, c in recipe.selection.items()}, recipe.area_variable: codes, time_var: years}
    pxweb.check_selection(meta, selection, table=recipe.table)
    result = client.data(recipe.table, selection)
    long = scb_long(result.dataset, recipe, codes, years, result.query_url)
    updated = str(result.dataset.get("updated") or meta.get("updated") or "")
    return Fetch(long, "SCB", f"PxWebApi {client.api_version}", result.query_url, result.answers[0].fetched_at,
                 int(updated[:4]) if updated[:4].isdigit() else None, f"updated {updated}" if updated else "no updated date",
                 result.raw, recipe.area_variable, time_var)


def _gap_statuses(dataset: dict, area_var: str, time_var: str) -> dict[tuple[str, str], str]:
    """(area code, time code) -> the status symbols of its missing cells, e.g. '..'."""
    ids, sizes = list(dataset["id"]), [int(s) for s in dataset["size"]]
    values = pxweb.dense_grid(dataset.get("value"), sizes).ravel()
    status = pxweb.dense_grid(dataset.get("status"), sizes).ravel()
    flats = [i for i in range(len(values)) if values[i] is None or status[i] in MISSING_STATUS]
    out: dict[tuple[str, str], str] = {}
    if not flats:
        return out
    coords = np.unravel_index(flats, sizes)
    areas = pxweb.category_codes(dataset["dimension"][area_var])
    times = pxweb.category_codes(dataset["dimension"][time_var])
    for n, flat in enumerate(flats):
        key = (areas[coords[ids.index(area_var)][n]], times[coords[ids.index(time_var)][n]])
        symbol = status[flat] or "null"
        out[key] = ", ".join(sorted(set(filter(None, out.get(key, "").split(", "))) | {symbol}))
    return out


def scb_long(dataset: dict, recipe: Recipe, codes: list[str], years: list[str], url: str) -> pd.DataFrame:
    """Sum the sum_over cells per area and year; any missing part makes the whole cell a gap."""
    try:
        rows, problems, meta = parse_jsonstat(dataset, file_name=f"{recipe.table}.json", file_stem=recipe.table)
    except ImportFileError as exc:
        raise errors.malformed("SCB", url, f"läsbar JSON-stat 2 ({exc.args[0]})", f"readable JSON-stat 2 ({exc})") from exc
    if problems:
        first = problems[0]
        raise errors.malformed("SCB", url, f"tal och årtal ({first.reason_sv})", f"numbers and years ({first.reason_en})")
    flags = meta.get("value_status") or {}
    rows = rows.assign(status=[flags.get(int(n), "") for n in rows["row_number"]])
    expected = math.prod(len(recipe.selection[v]) for v in recipe.sum_over)
    grouped = rows.groupby(["area_code", "year"]).agg(
        value=("value", "sum"), n=("value", "size"), status=("status", lambda s: ", ".join(sorted(set(filter(None, s))))),
        area_label=("area_name", "first"))
    gap_status = _gap_statuses(dataset, recipe.area_variable, pxweb.time_variable(dataset))
    labels = (dataset["dimension"][recipe.area_variable].get("category") or {}).get("label") or {}
    out = []
    for code in codes:
        for year in years:
            key = (code, int(year)) if year.isdigit() else None
            found = grouped.loc[key] if key is not None and key in grouped.index else None
            complete = found is not None and int(found["n"]) == expected
            out.append({"area_code": code, "area_label": str(labels.get(code, code)), "year": int(year) if year.isdigit() else None,
                        "value": float(found["value"]) if complete else None,
                        "status": found["status"] if complete else gap_status.get((code, year), "absent"),
                        "gap": not complete})
    return pd.DataFrame(out, columns=LONG_COLUMNS)


def fetch_kolada(recipe: Recipe, clients: Clients, area_codes: list[str]) -> Fetch:
    client = clients.kolada
    kpi = client.kpi(recipe.table)
    result = client.data(recipe.table, area_codes, list(recipe.years) if recipe.years else None)
    found = kolada.observations(result.values)
    years = list(recipe.years) if recipe.years else sorted(set(found["year"]), key=str)[-recipe.latest:]
    present = {(r.area_code, r.year): r for r in found.itertuples(index=False)}
    extra = sorted({c for c, _ in present} - set(area_codes))  # answered although not asked: listed, never dropped
    out = []
    for code in list(area_codes) + extra:
        for year in years:
            row = present.get((code, year))
            out.append({"area_code": code, "area_label": code, "year": int(year) if year.isdigit() else None,
                        "value": None if row is None or row.gap else row.value,
                        "status": "absent" if row is None else (row.status or ("null" if row.gap else "")),
                        "gap": row is None or bool(row.gap)})
    published = str(kpi.get("publication_date") or "")
    fetched_at = result.answers[0].fetched_at
    if published[:4].isdigit():
        updated_year, updated_note = int(published[:4]), f"publication_date {published}"
    else:
        updated_year, updated_note = int(fetched_at[:4]), "Kolada gives no publication date: the year is the fetch year"
    return Fetch(pd.DataFrame(out, columns=LONG_COLUMNS), "Kolada", "Kolada API v3", result.query_url, fetched_at,
                 updated_year, updated_note, result.raw, "municipality", "year")
