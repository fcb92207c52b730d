"""The import log with undo of the newest import, for administrators."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from sammanhallen.data_import import importer

from components.i18n import t


def log_and_undo(session) -> None:
    st.header(t("Importlogg", "Import log"))
    records = importer.read_log()
    if not records:
        st.caption(t("Inga importer ännu.", "No imports yet."))
        return
    frame = pd.DataFrame(
        {
            t("Nr", "No."): [r.import_id for r in records],
            t("Vem", "Who"): [r.who for r in records],
            t("När (UTC)", "When (UTC)"): [r.created_at for r in records],
            t("Fil", "File"): [r.file_name for r in records],
            "SHA-256": [r.file_sha256[:12] + "…" for r in records],
            t("Nya", "Added"): [r.rows_added for r in records],
            t("Ersatta", "Replaced"): [r.rows_replaced for r in records],
            t("Status", "Status"): [{"committed": t("inskriven", "committed"), "undone": t("ångrad", "undone")}.get(r.status, r.status) for r in records],
        }
    )
    st.dataframe(frame.iloc[::-1], hide_index=True, width="stretch", placeholder="–")
    committed = [r for r in records if r.status == "committed"]
    if not committed:
        return
    last = committed[-1]
    st.markdown(t(f"Ångra import {last.import_id} ({last.file_name}): databasen återställs exakt till läget före den.",
                  f"Undo import {last.import_id} ({last.file_name}): the database is restored exactly to its state before it."))
    confirm = st.checkbox(t("Jag vill ångra den senaste importen", "I want to undo the latest import"), key="undo-confirm")
    if st.button(t("Ångra senaste importen", "Undo the latest import"), disabled=not confirm, key="undo-last"):
        try:
            record = importer.undo_last(session)
        except Exception as exc:
            st.error(t("Ångringen gjordes inte; inget har ändrats. Orsak: ", "The undo was not made; nothing changed. Reason: ") + str(exc))
            return
        st.success(t(f"Import {record.import_id} är ångrad.", f"Import {record.import_id} is undone."))
        st.rerun()
