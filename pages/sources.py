"""Sources and data: every source, the indicators and their definitions, coverage per indicator,
downloads of the whole database and which boundary layers are available. Read-only: nothing on
this page writes (importing and fetching live on the import page)."""
import streamlit as st

from components.sources import catalog as sources_catalog
from components.sources import coverage as sources_coverage
from components.sources import downloads as sources_downloads
from components.sources import layers as sources_layers
from components.db import run
from components.i18n import t
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
    st.header(t("Källor", "Sources"))
    st.dataframe(
        sources,
        hide_index=True,
        width="stretch",
        key="sources-table",
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
        placeholder="–",
    )
    st.caption(t("Utan länk: de två huvuddokumenten (Boverket 2014:17 och Stockholms program 2015–2020); de "
                 "finns i projektets dokumentsamling.",
                 "Without a link: the two main documents (Boverket 2014:17 and Stockholm's programme 2015–2020); "
                 "they are in the project's document collection."))

    sources_catalog.render(run("indicators_list"))
    n_cited = int((sources["n_observations"] > 0).sum())
    sources_coverage.render(run("coverage_by_indicator"), n_cited)
    sources_downloads.render()
    sources_layers.render()
