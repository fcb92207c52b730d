"""Fetch from SCB and Kolada (administrators): choose recipes, preview the import, save all or nothing.

The preview is the file import's preview (new values, replaced values old → new, rejected cells with
reasons) plus what only a provider answer has: codes we cannot map to an area and cells the provider
marks missing, both listed and never dropped silently. The prepared result is kept in session state
keyed by the recipe selection and the data version, so a rerun does not fetch again and a changed
database asks for a new preview. `?recipe=<name>` (repeatable) preselects recipes, which is how the
"Vad saknas?" panel links here.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import streamlit as st

from sammanhallen.data_import import importer
from sammanhallen.data_import.providers import errors
from sammanhallen.data_import.providers.fetch import make_clients
from sammanhallen.data_import.providers.recipes import RECIPE_DIR, Recipe, load_recipes
from sammanhallen.data_import.providers.refresh import Prepared, apply, prepare_all
from sammanhallen.i18n import Text

from components.db import data_version, run
from components.i18n import lang, t, text

QUERY_KEY = "recipe"
SELECT_KEY = "refresh-recipes"
PREPARED_KEY = "_refresh_prepared"
FLASH_KEY = "_refresh_flash"
STATUS = {"verified": Text("bekräftat", "verified"), "unverified": Text("obekräftat", "unverified")}
PROVIDERS = {"scb": "SCB", "kolada": "Kolada"}


@st.cache_resource(show_spinner=False, max_entries=4)
def _load(signature: tuple) -> dict[str, Recipe] | errors.RecipeError:
    try:
        return load_recipes(RECIPE_DIR)
    except errors.RecipeError as exc:  # shown on the page; the other parts still work
        return exc


def recipes() -> tuple[dict[str, Recipe], str | None]:
    """The recipes (re-read when a file changes) and, when one is invalid, the message saying which."""
    signature = tuple((p.name, p.stat().st_mtime_ns) for p in sorted(Path(RECIPE_DIR).glob("*.toml")))
    found = _load(signature)
    if isinstance(found, errors.RecipeError):
        return {}, found.in_(lang())
    return found, None


def provider_label(recipe: Recipe) -> str:
    return f"{PROVIDERS.get(recipe.provider, recipe.provider)} {recipe.table}"


def _recipe_table(found: dict[str, Recipe]) -> None:
    frame = pd.DataFrame({
        t("Recept", "Recipe"): [r.title(lang()) for r in found.values()],
        t("Leverantör", "Provider"): [PROVIDERS.get(r.provider, r.provider) for r in found.values()],
        t("Tabell / nyckeltal", "Table / KPI"): [r.table for r in found.values()],
        t("Fyller indikatorn", "Fills the indicator"): [t(r.indicator["name_sv"], r.indicator["name_en"]) for r in found.values()],
        t("Status", "Status"): [text(STATUS.get(r.status, Text(r.status, r.status))) for r in found.values()],
        t("Fil", "File"): [f"{name}.toml" for name in found],
    })
    st.dataframe(frame, hide_index=True, width="stretch", placeholder="–")


def _choose(found: dict[str, Recipe]) -> list[str]:
    if SELECT_KEY not in st.session_state:
        st.session_state[SELECT_KEY] = [n for n in st.query_params.get_all(QUERY_KEY) if n in found]
    shown = {n: f"{r.title(lang())} ({provider_label(r)})" for n, r in found.items()}  # labels fixed at render
    return st.multiselect(t("Recept att hämta", "Recipes to fetch"), list(found), key=SELECT_KEY, format_func=lambda n: shown[n],
                          placeholder=t("Välj ett eller flera recept", "Choose one or several recipes"))


def _unverified_notice(chosen: list[Recipe]) -> None:
    for recipe in chosen:
        if recipe.status != "verified":
            st.warning(t(f"**{recipe.title_sv}** är ett obekräftat recept: tabell, urval eller koder är inte kontrollerade mot "
                         f"leverantören, så hämtningen kan misslyckas eller ge fel mått. Receptets anteckning (engelska): ",
                         f"**{recipe.title_en}** is an unverified recipe: its table, selection or codes are not checked against "
                         f"the provider, so the fetch may fail or give the wrong measure. The recipe's note: ")
                       + recipe.status_note)


def _fetch(chosen: list[Recipe]) -> list[Prepared] | errors.ProviderError:
    clients = make_clients()
    try:
        return prepare_all(chosen, clients=clients)
    except errors.ProviderError as exc:  # offline, refused, changed table: shown, nothing written
        return exc
    finally:
        clients.close()


def _names() -> tuple[dict, dict]:
    areas = run("areas_all")
    indicators = run("indicators_list")
    label = "name_en" if lang() == "en" else "name_sv"
    return dict(zip(areas["area_id"], areas["name"])), dict(zip(indicators["indicator_id"], indicators[label]))


def _readable(frame: pd.DataFrame, recipe: Recipe, names: tuple[dict, dict]) -> pd.DataFrame:
    """The importer's frames with area and indicator names and column titles in the page's language."""
    areas, indicators = names
    out = frame.copy()
    if "area_id" in out:
        out.insert(0, "area_name", [areas.get(a, a) if isinstance(a, str) else None for a in out["area_id"]])
    if "indicator_id" in out:
        own = t(recipe.indicator["name_sv"], recipe.indicator["name_en"])
        out["indicator_id"] = [indicators.get(i, own if i == recipe.indicator_id else i) for i in out["indicator_id"]]
    if "reason_sv" in out:
        out["reason"] = out["reason_en"] if lang() == "en" else out["reason_sv"]
    titles = {
        "area_name": t("Område", "Area"), "area_id": t("Område-id", "Area id"), "indicator_id": t("Indikator", "Indicator"),
        "year": t("År", "Year"), "value": t("Värde", "Value"), "old_value": t("Gammalt värde", "Old value"),
        "new_value": t("Nytt värde", "New value"), "old_source_id": t("Tidigare källa", "Previous source"),
        "row_number": t("Cell nr", "Cell no."), "column": t("Cell hos leverantören", "Cell at the provider"),
        "field": t("Fält", "Field"), "reason": t("Orsak", "Reason"), "area_code": t("Kod hos leverantören", "Provider's code"),
        "area_label": t("Namn hos leverantören", "Provider's name"), "status": t("Markering", "Status symbol"),
    }
    return out[[c for c in titles if c in out]].rename(columns=titles)


def _table(frame: pd.DataFrame) -> None:
    st.dataframe(frame, hide_index=True, width="stretch", placeholder="–")


def _metrics(item: Prepared) -> None:
    c = st.columns(5)
    c[0].metric(t("Nya värden", "New values"), len(item.plan.adds))
    c[1].metric(t("Ersätter befintliga", "Replace existing"), len(item.plan.replaces))
    c[2].metric(t("Oförändrade", "Unchanged"), len(item.plan.unchanged))
    c[3].metric(t("Luckor hos leverantören", "Gaps at the provider"), len(item.gaps))
    c[4].metric(t("Okända koder", "Unknown codes"), len(item.unmapped))


def _show_one(item: Prepared, names: tuple[dict, dict]) -> None:
    recipe, plan = item.recipe, item.plan
    st.markdown(f"### {recipe.title(lang())} · {provider_label(recipe)}")
    source = plan.source
    st.caption(t("Källa som skrivs in: ", "Source written: ") + f"{source['publisher']} ({source.get('year') or '–'}): "
               f"{source['title']} – {source['url']}")
    _metrics(item)
    for problem in plan.problems:
        st.error(f"{problem.field}: " + t(problem.reason_sv, problem.reason_en))
    if len(plan.replaces):
        st.markdown(t("**Värden som ersätts** (gammalt → nytt värde):", "**Values that are replaced** (old → new value):"))
        _table(_readable(plan.replaces, recipe, names))
    if len(item.unexpected_rejects):
        st.error(t("**Avvisade celler** med orsak – de stoppar sparandet:", "**Rejected cells** with reason – they stop saving:"))
        _table(_readable(item.unexpected_rejects, recipe, names))
    if len(item.unmapped):
        st.warning(t(f"**Okända koder ({len(item.unmapped)})**: leverantörens koder som inte hör till något område här "
                     "importeras inte:",
                     f"**Unknown codes ({len(item.unmapped)})**: provider codes that belong to no area here are not imported:"))
        _table(_readable(item.unmapped, recipe, names))
    if len(item.gaps):
        st.info(t(f"**Luckor hos leverantören ({len(item.gaps)})**: celler utan värde (statusmarkering) förblir luckor "
                  "och importeras inte:",
                  f"**Gaps at the provider ({len(item.gaps)})**: cells without a value (status symbol) stay gaps "
                  "and are not imported:"))
        _table(_readable(item.gaps, recipe, names))
    if len(item.flags):
        st.markdown(t("**Värden med statusmarkering** (importeras, markeringen står i anteckningen):",
                      "**Values with a status symbol** (imported, the symbol is kept in the note):"))
        _table(_readable(item.flags, recipe, names))
    if len(plan.adds):
        with st.expander(t(f"Nya värden ({len(plan.adds)})", f"New values ({len(plan.adds)})")):
            _table(_readable(plan.adds, recipe, names))


def _blocked(prepared: list[Prepared]) -> bool:
    return any(p.plan.problems or len(p.unexpected_rejects) for p in prepared)


def _save(prepared: list[Prepared], session) -> None:
    st.markdown("### " + t("Spara", "Save"))
    writes = sum(len(p.plan.observations) for p in prepared)
    if not writes:
        st.info(t("Inget att spara: alla värden finns redan eller är luckor.", "Nothing to save: every value exists already or is a gap."))
        return
    if _blocked(prepared):
        st.error(t("Sparandet är stoppat av felen ovan; inget har ändrats.", "Saving is stopped by the errors above; nothing changed."))
    st.caption(t(f"{writes} värden skrivs in i ett steg: antingen alla recept eller inget. Importloggen visar dem och kan ångra.",
                 f"{writes} values are written in one step: all recipes or none. The import log shows them and can undo."))
    if not st.button(t("Spara", "Save"), type="primary", disabled=_blocked(prepared), key="refresh-save"):
        return
    try:
        records = apply(prepared, session)
    except importer.ImportRefused as exc:
        st.error(t("Inget sparades; databasen är som förut. Orsak: ", "Nothing was saved; the database is as before. Reason: ")
                 + t(exc.message_sv, exc.message_en))
        return
    except PermissionError:
        st.error(t("Inloggningen gäller inte längre; logga in igen. Inget sparades.",
                   "The log-in is no longer valid; log in again. Nothing was saved."))
        return
    st.session_state.pop(PREPARED_KEY, None)
    st.session_state[FLASH_KEY] = [(r.import_id, r.file_name, r.rows_added, r.rows_replaced) for r in records]
    st.rerun()


def _flash() -> None:
    for import_id, file_name, added, replaced in st.session_state.pop(FLASH_KEY, []):
        st.success(t(f"Import {import_id} ({file_name}) sparad: {added} nya och {replaced} ersatta värden. "
                     "Ångra den under fliken Logg och ångra.",
                     f"Import {import_id} ({file_name}) saved: {added} new and {replaced} replaced values. "
                     "Undo it under the Log and undo tab."))


def section(session) -> None:
    """The whole refresh section for a logged-in administrator; nothing at all without a session."""
    if session is None:
        return
    st.header(t("Hämta från SCB och Kolada", "Fetch from SCB and Kolada"))
    st.markdown(t("Ett recept säger vilken tabell eller vilket nyckeltal som hämtas och vilken indikator det fyller. "
                  "Förhandsgranska först; inget skrivs förrän du sparar.",
                  "A recipe says which table or KPI is fetched and which indicator it fills. "
                  "Preview first; nothing is written until you save."))
    _flash()
    found, problem = recipes()
    if problem:
        st.error(t("Recepten kan inte läsas: ", "The recipes cannot be read: ") + problem)
        return
    _recipe_table(found)
    names = _choose(found)
    chosen = [found[n] for n in names]
    _unverified_notice(chosen)
    key = (tuple(sorted(names)), data_version())
    held = st.session_state.get(PREPARED_KEY)
    if st.button(t("Förhandsgranska", "Preview"), disabled=not chosen, key="refresh-preview"):
        with st.spinner(t("Hämtar från leverantörerna …", "Fetching from the providers …")):
            held = st.session_state[PREPARED_KEY] = (key, _fetch(chosen))
    if held is None or held[0] != key:
        return
    result = held[1]
    if isinstance(result, errors.ProviderError):
        st.error(t("Hämtningen misslyckades; inget har ändrats. ", "The fetch failed; nothing changed. ") + result.in_(lang()))
        return
    labels = _names()
    for item in result:
        with st.container(border=True):
            _show_one(item, labels)
    _save(result, session)
