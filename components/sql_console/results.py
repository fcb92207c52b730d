"""Run a console query on button press and show its result: a table with CSV export, or the
refusal / DuckDB error as a plain message. The result is kept in the session so a rerun (a
language switch) shows it again without running the query a second time."""
from __future__ import annotations

import streamlit as st

from sammanhallen import exports
from sammanhallen.sql_console import runner as sql_console
from sammanhallen.formatting import format_number

from components.i18n import lang, t
from components.sources.downloads import database_file

RESULT_KEY = "console-result"
TIMEOUT_S = sql_console.DEFAULT_TIMEOUT_S
ROW_LIMIT = sql_console.DEFAULT_ROW_LIMIT


def limits_caption() -> str:
    seconds = format_number(TIMEOUT_S, 0, lang())
    rows = format_number(ROW_LIMIT, 0, lang())
    return t(f"Endast läsning: en SELECT eller WITH … SELECT åt gången. Högst {rows} rader visas; en fråga "
             f"avbryts efter {seconds} s. Filer, tillägg och inställningar går inte att nå.",
             f"Read only: one SELECT or WITH … SELECT at a time. At most {rows} rows are shown; a query is "
             f"stopped after {seconds} s. Files, extensions and settings cannot be reached.")


def execute(sql: str) -> None:
    """Run the query and keep the outcome (result or problem) in the session."""
    try:
        result = sql_console.run(sql, db_path=database_file(), timeout_s=TIMEOUT_S, row_limit=ROW_LIMIT)
        st.session_state[RESULT_KEY] = {"sql": sql, "result": result}
    except sql_console.ConsoleProblem as problem:
        st.session_state[RESULT_KEY] = {"sql": sql, "problem": problem}


def render() -> None:
    outcome = st.session_state.get(RESULT_KEY)
    if outcome is None:
        return
    problem = outcome.get("problem")
    if isinstance(problem, sql_console.ConsoleRefusal):
        st.error(t("Frågan kördes inte. ", "The query was not run. ") + problem.message(lang()))
        return
    if isinstance(problem, sql_console.ConsoleTimeout):
        st.error(problem.message(lang()))
        return
    if problem is not None:
        st.error(t("DuckDB svarade med ett fel:", "DuckDB answered with an error:"))
        st.code(problem.message(lang()), language=None)
        return
    result = outcome["result"]
    frame = result.frame
    n = format_number(len(frame), 0, lang())
    seconds = format_number(result.elapsed_s, 2, lang())
    if result.truncated:
        st.warning(t(f"Frågan gav fler än {n} rader; de första {n} visas. Lägg till LIMIT eller WHERE för att se resten.",
                     f"The query returned more than {n} rows; the first {n} are shown. Add LIMIT or WHERE to see the rest."))
    st.caption(t(f"{n} rader, {len(frame.columns)} kolumner, {seconds} s.", f"{n} rows, {len(frame.columns)} columns, {seconds} s."))
    st.dataframe(frame, hide_index=True, width="stretch", key="console-table", placeholder="NULL")
    if len(frame):
        st.download_button(
            t("Ladda ner som CSV", "Download as CSV"), data=lambda: exports.to_csv(frame), file_name="sql_resultat.csv",
            mime="text/csv", key="console-csv", on_click="ignore",
        )
        st.caption(t("CSV för svensk Excel: semikolon, decimalkomma, UTF-8 med BOM. Ange källan: kolumnerna "
                     "source_id eller source_title i observation_details.",
                     "CSV for Swedish Excel: semicolon, decimal comma, UTF-8 with BOM. Cite the source: the columns "
                     "source_id or source_title in observation_details."))
