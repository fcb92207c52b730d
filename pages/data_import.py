"""Import data (administrators): statistics files into the database, the import log, boundaries.

Viewers see how import is enabled or a log-in form, never a write control.
"""
import streamlit as st

from components.data_import import admin_access
from components.data_import import boundary_admin
from components.data_import import log as import_log
from components.data_import import refresh as import_refresh
from components.data_import import wizard as import_wizard
from components.i18n import t
from components.page import main_container

with main_container("data_import"):
    st.title(t("Importera data", "Import data"))
    st.markdown(
        t(
            "Här läser administratörer in statistik från SCB, Kolada eller egna Excel- och CSV-filer. "
            "Varje import förhandsvisas, skrivs in i ett enda steg, loggas och kan ångras.",
            "Here administrators load statistics from SCB, Kolada or their own Excel and CSV files. "
            "Each import is previewed, written in one step, logged and can be undone.",
        )
    )
    session = admin_access.require_admin()
    if session is not None:
        labels = [t("Statistik från fil", "Statistics from a file"), t("Hämta från SCB och Kolada", "Fetch from SCB and Kolada"),
                  t("Logg och ångra", "Log and undo"), t("Gränser", "Boundaries")]
        # A link from a "Vad saknas?" panel (?recipe=…) opens on the fetch tab: the first tab is the one shown.
        fetch_first = bool(st.query_params.get_all("recipe"))
        order = [1, 0, 2, 3] if fetch_first else [0, 1, 2, 3]
        tabs = dict(zip(order, st.tabs([labels[i] for i in order])))
        tab_data, tab_fetch, tab_log, tab_boundaries = (tabs[i] for i in range(4))
        with tab_fetch:
            import_refresh.section(session)
        with tab_data:
            import_wizard.wizard(session)
        with tab_log:
            import_log.log_and_undo(session)
        with tab_boundaries:
            boundary_admin.optional_layers()
            boundary_admin.import_form()
