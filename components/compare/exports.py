"""Exports of the compare page: CSV, Excel and the permalink. Files are built only on click."""
from __future__ import annotations

import json
from urllib.parse import urlsplit

import pandas as pd
import streamlit as st

from sammanhallen.compare import selection as cmp
from sammanhallen.compare import table as compare_table
from sammanhallen import exports
from sammanhallen.views import permalink
from sammanhallen import i18n
from sammanhallen.compare import view

from components.db import data_version
from components.i18n import lang, t

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def link(params: dict) -> str:
    try:
        parts = urlsplit(st.context.url or "")
        base = f"{parts.scheme}://{parts.netloc}" if parts.netloc else ""
    except Exception:  # AppTest has no browser URL
        base = ""
    extra = {"lang": lang()} if lang() != i18n.DEFAULT_LANGUAGE else {}
    return permalink(view.URL_PATH, {**params, **extra}, base)


def number_formats(frame: pd.DataFrame, unit: str) -> dict[str, str]:
    value_fmt = "#,##0" if unit in ("persons", "count", "rank") else ("#,##0.00" if unit == "SEK" else "#,##0.0")
    formats = {}
    for column in frame.columns:
        if column in (t("År", "Year"), t("Folkmängd, år", "Population year")):
            formats[column] = "0"
        elif column == t("Värde", "Value"):
            formats[column] = value_fmt
        elif "(%)" in column:
            formats[column] = '+#,##0.0;-#,##0.0;0.0'
        elif column.startswith(t("Skillnad", "Difference")):
            formats[column] = '+#,##0.00;-#,##0.00;0.00' if unit == "SEK" else '+#,##0.0;-#,##0.0;0.0'
        elif column in (t("Utbetalt (kr)", "Paid (SEK)"), t("Folkmängd", "Population")):
            formats[column] = "#,##0"
    return formats


@st.cache_data(show_spinner=False, max_entries=128)
def _parts(selection_json: str, url: str, language: str, version: tuple, day: str, _table: pd.DataFrame,
           _comp: cmp.Comparison, _params: dict) -> tuple:
    """The export table and the workbook's other sheets, built once per selection, link, language, data
    version and day (the selection sheet is dated); the files themselves only on click."""
    frame = compare_table.export_frame(_table, _comp, language, _params.get("highlight"))
    return (frame, sources_sheet(_table), selection_sheet(_comp, _params, url),
            number_formats(frame, _comp.measure["unit"]))


def selection_sheet(comp: cmp.Comparison, params: dict, url: str) -> list[tuple[str, str]]:
    return compare_table.selection_rows(comp, params, url, lang(), exports.today())


def sources_sheet(table: pd.DataFrame) -> pd.DataFrame:
    rows = compare_table.source_rows(table)
    if rows.empty:
        return pd.DataFrame(columns=[t("Källa-id", "Source id"), t("Titel", "Title"), t("Utgivare", "Publisher"), t("År", "Year"), "URL"])
    rows = rows.drop_duplicates("source_id")
    return pd.DataFrame({
        t("Källa-id", "Source id"): rows.source_id, t("Titel", "Title"): rows.source_title,
        t("Utgivare", "Publisher"): rows.source_publisher, t("År", "Year"): pd.array(rows.source_year, dtype="Int64"),
        "URL": rows.source_url,
    })


def render(comp: cmp.Comparison, table: pd.DataFrame, notes: list[str], params: dict, selection: dict) -> None:
    url = link(params)
    st.markdown("**" + t("Permalänk till exakt den här jämförelsen", "Permalink to exactly this comparison") + "**")
    st.code(url, language=None)
    if table.empty:
        st.info(t("Inget att exportera: urvalet har inga värden.", "Nothing to export: the selection has no values."))
        return
    frame, sources, selection_rows, formats = _parts(json.dumps(selection, sort_keys=True, default=str), url, lang(),
                                                     data_version(), str(exports.today()), table, comp, params)
    stem = f"jamforelse_{comp.measure['id']}_{params.get('from')}-{params.get('to')}"
    left, right = st.columns(2)
    with left:
        st.markdown("**" + t("CSV", "CSV") + "**")
        sep_col, dec_col = st.columns(2)
        sep = sep_col.radio(t("Avgränsare", "Separator"), [";", ","], key="cmp_csv_sep",
                            format_func=lambda s: t("semikolon (;)", "semicolon (;)") if s == ";" else t("komma (,)", "comma (,)"))
        dec = dec_col.radio(t("Decimaltecken", "Decimal mark"), [",", "."], key="cmp_csv_dec",
                            format_func=lambda s: t("komma (1,5)", "comma (1,5)") if s == "," else t("punkt (1.5)", "point (1.5)"))
        st.caption(t("Svensk Excel: semikolon och decimalkomma. Filen är UTF-8 med BOM.",
                     "Swedish Excel: semicolon and decimal comma. The file is UTF-8 with BOM."))
        st.download_button(t("Ladda ner CSV", "Download CSV"), data=lambda: exports.to_csv(frame, sep, dec),
                           file_name=f"{stem}.csv", mime="text/csv", key="cmp_csv", on_click="ignore")
    with right:
        st.markdown("**Excel**")
        st.caption(t("Blad: data (tal som tal), källor och urval med definition, datum och permalänk.",
                     "Sheets: data (numbers as numbers), sources, and the selection with definition, date and permalink."))
        sheets = (t("Data", "Data"), t("Källor", "Sources"), t("Urval", "Selection"))
        st.download_button(
            t("Ladda ner Excel (.xlsx)", "Download Excel (.xlsx)"),
            data=lambda: exports.to_xlsx(frame, sources, selection_rows, formats, sheets, notes),
            file_name=f"{stem}.xlsx", mime=XLSX_MIME, key="cmp_xlsx", on_click="ignore", type="primary",
        )
