"""The import steps on one page: file, indicators, source, areas, preview, commit.

Each step reads the previous one's result from session state keyed by the file's SHA-256, so a
rerun never parses the file again and a new file starts the steps afresh.
"""
from __future__ import annotations

import hashlib

import pandas as pd
import streamlit as st

from sammanhallen.data_import import importer
from sammanhallen.data_import import ingest
from sammanhallen.codes import match_key, slugify
from sammanhallen.paths import database_path
from sammanhallen.data.schema import TABLES

from components.db import run
from components.i18n import pick, t

MAX_UPLOAD_MB = 20
NEW = "__new__"
SKIP = "__skip__"
INDICATORS = next(table for table in TABLES if table.name == "indicators")
UNITS = INDICATORS.column("unit").choices  # the schema's choices, so the plan never refuses a form value
DOMAINS = INDICATORS.column("domain").choices


def _parsed(upload) -> tuple[str, ingest.ParsedFile | None]:
    data = upload.getvalue()
    digest = hashlib.sha256(data).hexdigest()
    cache = st.session_state.setdefault("_import_parsed", {})
    if digest not in cache:
        cache.clear()  # one file at a time; the previous file's parse is not needed any more
        try:
            cache[digest] = ingest.parse_file(upload.name, data)
        except ingest.ImportFileError as exc:
            cache[digest] = exc
    result = cache[digest]
    if isinstance(result, ingest.ImportFileError):
        st.error(t("Filen kan inte läsas: ", "The file cannot be read: ") + t(result.message_sv, result.message_en))
        return digest, None
    return digest, result


def _problems_frame(problems) -> pd.DataFrame:
    return pd.DataFrame(
        [{"rad": p.row_number, "kolumn": p.column, "orsak": t(p.reason_sv, p.reason_en), "värde": p.raw} for p in problems],
        columns=["rad", "kolumn", "orsak", "värde"],
    ).rename(columns={"rad": t("Rad", "Row"), "kolumn": t("Kolumn", "Column"), "orsak": t("Orsak", "Reason"),
                      "värde": t("Värde i filen", "Value in the file")})


def _file_step() -> tuple[str, ingest.ParsedFile, bytes, str] | None:
    st.header(t("1. Fil", "1. File"))
    st.caption(
        t("CSV eller Excel (semikolon eller komma, decimalkomma, UTF-8 eller Windows-1252, år som kolumner eller rader), "
          "SCB PxWeb (JSON-stat 2 eller CSV) eller Kolada (JSON-svar från API:t). Inget skrivs förrän du godkänt förhandsvisningen.",
          "CSV or Excel (semicolon or comma, decimal comma, UTF-8 or Windows-1252, years as columns or rows), "
          "SCB PxWeb (JSON-stat 2 or CSV) or Kolada (JSON API responses). Nothing is written until you approve the preview.")
    )
    upload = st.file_uploader(t("Statistikfil", "Statistics file"), type=["csv", "txt", "xlsx", "json"], key="import-upload")
    if upload is None:
        return None
    if upload.size > MAX_UPLOAD_MB * 1024 * 1024:
        st.error(t(f"Filen är {upload.size / 1e6:.0f} MB; gränsen är {MAX_UPLOAD_MB} MB.",
                   f"The file is {upload.size / 1e6:.0f} MB; the limit is {MAX_UPLOAD_MB} MB."))
        return None
    digest, parsed = _parsed(upload)
    if parsed is None:
        return None
    meta = parsed.meta
    st.markdown(
        t("Läst som **{fmt}**, {n} värden", "Read as **{fmt}**, {n} values").format(fmt=meta.get("format"), n=len(parsed.rows))
        + "".join(f" · {label} {meta[k]!s}" for k, label in (
            ("encoding", t("teckenkodning", "encoding")), ("separator", t("avgränsare", "separator")),
            ("header_row", t("rubrikrad", "header row")), ("layout", t("format", "layout"))) if meta.get(k) is not None)
    )
    if parsed.problems:
        st.warning(t(f"{len(parsed.problems)} rader eller celler kan inte läsas och tas inte med:",
                     f"{len(parsed.problems)} rows or cells cannot be read and are left out:"))
        st.dataframe(_problems_frame(parsed.problems), hide_index=True, width="stretch", placeholder="–")
    if parsed.rows.empty:
        st.error(t("Filen innehåller inga värden att importera.", "The file contains no values to import."))
        return None
    return digest, parsed, upload.getvalue(), upload.name


def _indicator_step(parsed: ingest.ParsedFile, digest: str) -> tuple[dict[str, str], list[dict]] | None:
    st.header(t("2. Indikatorer", "2. Indicators"))
    indicators = run("indicators_list")
    labels = {row["indicator_id"]: f"{pick(row, 'name')} ({row['unit']})" for _, row in indicators.iterrows()}
    by_name = {match_key(name): row.indicator_id for row in indicators.itertuples() for name in (row.name_sv, row.name_en)}
    options = [NEW, SKIP, *labels]
    keys = list(dict.fromkeys(parsed.rows["indicator_key"]))
    file_labels = parsed.meta.get("indicator_labels") or {}
    chosen: dict[str, str] = {}
    new_indicators: list[dict] = []
    for i, key in enumerate(keys):
        label = file_labels.get(key) or key
        guess = key if key in labels else by_name.get(match_key(label), NEW)
        choice = st.selectbox(
            t(f"”{label}” i filen är", f"“{label}” in the file is"),
            options,
            index=options.index(guess),
            format_func=lambda o: {NEW: t("en ny indikator …", "a new indicator …"), SKIP: t("hoppa över", "skip")}.get(o, labels.get(o, o)),
            key=f"imp-ind-{digest[:8]}-{i}",
        )
        if choice == SKIP:
            continue
        if choice != NEW:
            chosen[key] = choice
            continue
        with st.container(border=True):
            st.markdown(t(f"**Ny indikator** för ”{label}”", f"**New indicator** for “{label}”"))
            c1, c2 = st.columns(2)
            row = {
                "indicator_id": c1.text_input(t("Id (små bokstäver, _)", "Id (lower case, _)"), slugify(label).replace("-", "_")[:60], key=f"imp-new-id-{digest[:8]}-{i}"),
                "name_sv": c2.text_input(t("Namn på svenska", "Swedish name"), label, key=f"imp-new-sv-{digest[:8]}-{i}"),
                "name_en": c1.text_input(t("Namn på engelska", "English name"), label, key=f"imp-new-en-{digest[:8]}-{i}"),
                "unit": c2.selectbox(t("Enhet", "Unit"), UNITS, key=f"imp-new-unit-{digest[:8]}-{i}"),
                "higher_is_better": {"yes": True, "no": False, "neutral": None}[c1.selectbox(
                    t("Är högre bättre?", "Is higher better?"), ("no", "yes", "neutral"),
                    format_func=lambda o: {"yes": t("Ja", "Yes"), "no": t("Nej, högre är sämre", "No, higher is worse"), "neutral": t("Neutral (t.ex. folkmängd)", "Neutral (e.g. population)")}[o],
                    key=f"imp-new-hib-{digest[:8]}-{i}")],
                "domain": c2.selectbox(t("Område", "Domain"), DOMAINS, key=f"imp-new-dom-{digest[:8]}-{i}"),
                "definition": st.text_area(t("Definition (vad som mäts, population, tidpunkt)", "Definition (what is measured, population, point in time)"), key=f"imp-new-def-{digest[:8]}-{i}"),
            }
        chosen[key] = row["indicator_id"]
        new_indicators.append(row)
    if not chosen:
        st.info(t("Välj minst en indikator att importera.", "Choose at least one indicator to import."))
        return None
    missing_definitions = [r["indicator_id"] for r in new_indicators if not r["definition"].strip()]
    if missing_definitions:
        st.info(t("Skriv en definition för varje ny indikator: ", "Write a definition for each new indicator: ") + ", ".join(missing_definitions))
        return None
    return chosen, new_indicators


def _source_step(parsed: ingest.ParsedFile, digest: str) -> dict | None:
    st.header(t("3. Källa", "3. Source"))
    sources = run("sources_list")
    options = [NEW, *sources["source_id"]]
    titles = dict(zip(sources["source_id"], sources["title"]))
    choice = st.selectbox(t("Värdena kommer från", "The values come from"), options,
                          format_func=lambda o: t("en ny källa …", "a new source …") if o == NEW else f"{titles[o]} ({o})",
                          key=f"imp-src-{digest[:8]}")
    if choice != NEW:
        row = sources.loc[sources["source_id"] == choice].iloc[0]
        return {k: row[k] for k in ("source_id", "title", "publisher", "year", "url")}
    meta = parsed.meta
    c1, c2 = st.columns(2)
    title = c1.text_input(t("Titel", "Title"), meta.get("title") or "", key=f"imp-src-title-{digest[:8]}")
    publisher = c2.text_input(t("Utgivare", "Publisher"), meta.get("source") or "", key=f"imp-src-pub-{digest[:8]}")
    year = c1.number_input(t("År", "Year"), 1980, 2035, value=2026, key=f"imp-src-year-{digest[:8]}")
    url = c2.text_input(t("Länk", "Link"), meta.get("url") or "", key=f"imp-src-url-{digest[:8]}")
    if not title.strip() or not publisher.strip():
        st.info(t("Ange titel och utgivare: varje värde i verktyget ska ange sin källa.",
                  "Enter title and publisher: every value in the tool names its source."))
        return None
    return {"source_id": slugify(f"{publisher} {title} {year}").replace("-", "_")[:80], "title": title.strip(),
            "publisher": publisher.strip(), "year": int(year), "url": url.strip() or None}


def _area_step(parsed: ingest.ParsedFile, digest: str) -> dict[tuple, str] | None:
    st.header(t("4. Områden", "4. Areas"))
    areas = run("areas_all")
    keys = list(dict.fromkeys(zip(parsed.rows["area_code"], parsed.rows["area_name"])))
    result = ingest.match_areas(keys, areas)
    names = dict(zip(areas["area_id"], areas["name"]))
    st.markdown(t(f"{len(result.matched)} av {len(keys)} områden känns igen.", f"{len(result.matched)} of {len(keys)} areas are recognised."))
    mapping = dict(result.matched)
    for i, (key, suggestions) in enumerate(result.unmatched.items()):
        shown = " ".join(str(k) for k in key if k)
        options = [SKIP, *[s[0] for s in suggestions]]
        choice = st.selectbox(
            t(f"”{shown}” finns inte. Välj område eller hoppa över", f"“{shown}” is not known. Choose an area or skip"),
            options,
            format_func=lambda o: t("hoppa över", "skip") if o == SKIP else f"{names.get(o, o)} ({o})",
            key=f"imp-area-{digest[:8]}-{i}",
        )
        if choice != SKIP:
            mapping[key] = choice
    if not mapping:
        st.error(t("Inget område i filen känns igen.", "No area in the file is recognised."))
        return None
    return mapping


def _rows_for_plan(parsed: ingest.ParsedFile, indicators: dict[str, str], areas: dict[tuple, str]) -> pd.DataFrame:
    rows = parsed.rows
    keys = list(zip(rows["area_code"], rows["area_name"]))
    frame = pd.DataFrame({
        "area_id": [areas.get(k) for k in keys],
        "indicator_id": rows["indicator_key"].map(indicators),
        "year": rows["year"].astype("int64"),
        "value": rows["value"].astype("float64"),
        "row_number": rows["row_number"].astype("int64"),
        "column": rows["column"].astype(str),
    })
    return frame.dropna(subset=["area_id", "indicator_id"]).reset_index(drop=True)


def _show_plan(plan, n_unreadable: int) -> None:
    st.header(t("5. Förhandsvisning", "5. Preview"))
    c = st.columns(4)
    c[0].metric(t("Nya värden", "New values"), len(plan.adds))
    c[1].metric(t("Ersätter befintliga", "Replace existing"), len(plan.replaces))
    c[2].metric(t("Oförändrade", "Unchanged"), len(plan.unchanged))
    c[3].metric(t("Avvisade rader", "Rejected rows"), plan.rejected_rows + n_unreadable)
    for problem in plan.problems:
        st.error(f"{problem.field}: " + t(problem.reason_sv, problem.reason_en))
    if len(plan.replaces):
        st.markdown(t("**Värden som ersätts** (gammalt och nytt värde):", "**Values that are replaced** (old and new value):"))
        st.dataframe(plan.replaces, hide_index=True, width="stretch", placeholder="–")
    if len(plan.rejects):
        st.markdown(t("**Avvisade rader** med rad, kolumn och orsak:", "**Rejected rows** with row, column and reason:"))
        st.dataframe(plan.rejects, hide_index=True, width="stretch", placeholder="–")
    if len(plan.adds):
        with st.expander(t("Nya värden", "New values")):
            st.dataframe(plan.adds, hide_index=True, width="stretch", placeholder="–")


def wizard(session) -> None:
    step = _file_step()
    if step is None:
        return
    digest, parsed, data, file_name = step
    indicator_step = _indicator_step(parsed, digest)
    if indicator_step is None:
        return
    indicators, new_indicators = indicator_step
    source = _source_step(parsed, digest)
    if source is None:
        return
    areas = _area_step(parsed, digest)
    if areas is None:
        return
    confidence = st.selectbox(t("Tillförlitlighet", "Confidence"), ("high", "medium", "low"), index=1,
                              format_func=lambda c: {"high": t("hög", "high"), "medium": t("medel", "medium"), "low": t("låg", "low")}[c],
                              key=f"imp-conf-{digest[:8]}")
    rows = _rows_for_plan(parsed, indicators, areas)
    plan = importer.plan(rows, db_path=database_path(), source=source, new_indicators=new_indicators, confidence=confidence)
    n_unreadable = len({p.row_number for p in parsed.problems})
    _show_plan(plan, n_unreadable)
    st.header(t("6. Skriv in", "6. Commit"))
    if plan.problems:
        return
    skip_rejected = False
    if len(plan.rejects) or n_unreadable:
        skip_rejected = st.checkbox(t("Importera resten och hoppa över de avvisade raderna", "Import the rest and skip the rejected rows"),
                                    key=f"imp-skip-{digest[:8]}")
    if not len(plan.adds) and not len(plan.replaces):
        st.info(t("Inget att skriva in: alla värden finns redan eller avvisades.", "Nothing to commit: every value exists already or was rejected."))
        return
    disabled = bool(len(plan.rejects) or n_unreadable) and not skip_rejected
    if st.button(t("Skriv in i databasen", "Commit to the database"), type="primary", disabled=disabled, key=f"imp-commit-{digest[:8]}"):
        try:
            record = importer.commit(plan, session, file_name=file_name, file_bytes=data, skip_rejected=skip_rejected)
        except Exception as exc:  # the importer has left everything as it was; say what stopped it
            st.error(t("Importen gjordes inte; inget har ändrats. Orsak: ", "The import was not made; nothing changed. Reason: ") + str(exc))
            return
        st.session_state.pop("_import_parsed", None)
        st.success(t(f"Import {record.import_id} klar: {record.rows_added} nya och {record.rows_replaced} ersatta värden.",
                     f"Import {record.import_id} done: {record.rows_added} new and {record.rows_replaced} replaced values."))
