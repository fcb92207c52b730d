"""Sources and data: every source with what cites it, the indicators, and how to open the data."""
import streamlit as st

from components import boundary_admin
from components.db import run
from components.i18n import lang, t
from components.page import main_container

with main_container("sources"):
    st.title(t("Källor och data", "Sources and data"))
    st.markdown(
        t(
            "Varje siffra i verktyget kommer från en rad i databasen som anger sin källa och sin "
            "tillförlitlighet (hög, medel, låg). Inget värde är uppskattat eller interpolerat: saknas ett år "
            "visas det som en lucka.",
            "Every figure in this tool comes from a database row that names its source and its confidence "
            "(high, medium, low). No value is estimated or interpolated: a missing year is shown as a gap.",
        )
    )
    sources = run("sources_list")
    st.subheader(t("Källor", "Sources"))
    st.dataframe(
        sources,
        hide_index=True,
        width="stretch",
        column_config={
            "source_id": t("Id", "Id"),
            "title": t("Titel", "Title"),
            "publisher": t("Utgivare", "Publisher"),
            "year": st.column_config.NumberColumn(t("År", "Year"), format="%d"),
            "url": st.column_config.LinkColumn(t("Länk", "Link")),
            "n_observations": t("Värden", "Values"),
            "n_funds": t("Utbetalningar", "Payments"),
            "n_areas": t("Områden", "Areas"),
        },
    )
    indicators = run("indicators_list")
    st.subheader(t("Indikatorer", "Indicators"))
    name_column = "name_en" if lang() == "en" else "name_sv"
    st.dataframe(
        indicators[[name_column, "unit", "domain", "definition", "n_values", "first_year", "last_year"]],
        hide_index=True,
        width="stretch",
        column_config={
            name_column: t("Indikator", "Indicator"),
            "unit": t("Enhet", "Unit"),
            "domain": t("Område", "Domain"),
            "definition": t("Definition", "Definition"),
            "n_values": t("Antal värden", "Values"),
            "first_year": st.column_config.NumberColumn(t("Första år", "First year"), format="%d"),
            "last_year": st.column_config.NumberColumn(t("Senaste år", "Last year"), format="%d"),
        },
    )
    st.subheader(t("Öppna databasen själv", "Open the database yourself"))
    st.markdown(
        t(
            "Databasen är en DuckDB-fil, `data/dashboard.duckdb`, byggd från CSV-filerna i `data/`. "
            "Tabellerna beskrivs i `data/README.md`.",
            "The database is a DuckDB file, `data/dashboard.duckdb`, built from the CSV files in `data/`. "
            "Its tables are described in `data/README.md`.",
        )
    )
    st.code("duckdb data/dashboard.duckdb -c \"select * from observations limit 10\"", language="bash")

    boundary_admin.optional_layers()
    boundary_admin.import_form()
