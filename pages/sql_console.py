"""SQL console: read-only queries on the database for analysts. The query runs only when the
button is pressed (a form: typing does not rerun the page); refusals show as a plain message."""
import streamlit as st

from components.sql_console import results as console_results
from components.sql_console import schema as console_schema
from components.i18n import t
from components.page import main_container

EXAMPLE_SV = """-- Ekonomiskt bistånd per stadsdelsnämnd och år, med källa
select area_name, year, value, confidence, source_title
from observation_details
where indicator_id = 'ekonomiskt_bistand_andel_befolkning'
  and area_level = 'borough'
order by area_name, year"""
EXAMPLE_EN = EXAMPLE_SV.replace("-- Ekonomiskt bistånd per stadsdelsnämnd och år, med källa",
                                "-- Social assistance per district council and year, with its source")

with main_container("sql_console"):
    st.title(t("SQL-konsol", "SQL console"))
    st.markdown(t(
        "Ställ egna frågor mot databasen med DuckDB-SQL. Konsolen läser bara: den kan inte ändra databasen, "
        "läsa eller skriva filer eller nå internet.",
        "Ask your own questions of the database in DuckDB SQL. The console only reads: it cannot change the "
        "database, read or write files or reach the internet.",
    ))
    schema = console_schema.load()  # also builds the database on a fresh clone
    left, right = st.columns([3, 1], gap="medium")
    with right:
        console_schema.render(schema)
    with left:
        with st.form("console-form", border=False):
            sql = st.text_area("SQL", value=t(EXAMPLE_SV, EXAMPLE_EN), height=220, key="console-sql")
            pressed = st.form_submit_button(t("Kör frågan", "Run the query"), type="primary", key="console-run")
        st.caption(console_results.limits_caption())
        if pressed:
            with st.spinner(t("Kör …", "Running …")):
                console_results.execute(sql)
        console_results.render()
