"""AppTest of the public Data page (sources) and the SQL console page.

The sources page shows coverage (table and heat-map), the indicator definitions and the two
downloads, and no control that writes: no file upload, no import or fetch button, in either
language. The console shows its refusals as an error and results as a table with CSV export."""
from __future__ import annotations

import json

import pyarrow as pa
import pytest

from tests.test_pages import open_page


def _walk(node):
    yield node
    for child in getattr(node, "children", {}).values():
        yield from _walk(child)


def _of_type(at, kind: str) -> list:
    return [node for node in _walk(at._tree) if getattr(node, "type", None) == kind]


@pytest.fixture(scope="module", params=["sv", "en"])
def sources_page(request, db_path):
    at = open_page("pages/sources.py", request.param)
    assert not at.exception, [e.value for e in at.exception]
    return request.param, at


def _frames(at, columns: set[str]) -> list:
    """The st.dataframe elements that have these columns (AppTest keeps no key for them)."""
    return [d.value for d in at.dataframe if columns <= set(d.value.columns)]


def test_coverage_heatmap_is_drawn_from_the_rows(sources_page, con):
    lang, at = sources_page
    charts = [c.proto for c in _of_type(at, "vega_lite_chart")]
    title = "Täckning" if lang == "sv" else "Coverage"
    heatmaps = [c for c in charts if json.loads(c.spec).get("title", {}).get("text", "").startswith(title)]
    assert len(heatmaps) == 1
    rows = pa.ipc.open_stream(heatmaps[0].datasets[0].data.data).read_pandas()
    n_indicators = con.execute("select count(*) from indicators").fetchone()[0]
    first, last = con.execute("select min(year), max(year) from observations").fetchone()
    assert len(rows) == n_indicators * (last - first + 1), "every indicator × year cell, gaps included"
    cells = con.execute("select count(distinct (indicator_id, year)) from observations").fetchone()[0]
    assert rows["n"].notna().sum() == cells, "only cells with a value are coloured; the rest stay empty"
    spec = json.loads(heatmaps[0].spec)
    layers = spec.get("spec", spec)["layer"]
    assert any(layer.get("encoding", {}).get("color", {}).get("field") == "n" for layer in layers)
    assert spec["facet"]["row"]["field"] == "domain_label", "indicators are grouped by domain"


def test_coverage_table_has_a_row_per_indicator_and_level(sources_page, con):
    lang, at = sources_page
    tables = _frames(at, {"indicator", "level", "n_areas", "n_years", "first_year", "last_year", "sources"})
    assert len(tables) == 1
    expected = con.execute("select count(distinct (o.indicator_id, a.level)) from observations o "
                           "join areas a using (area_id)").fetchone()[0]
    # An indicator no value has reached yet (a recipe's, before its first refresh) keeps one row: a gap, not an omission.
    empty = con.execute("select count(*) from indicators where indicator_id not in "
                        "(select indicator_id from observations)").fetchone()[0]
    assert len(tables[0]) == expected + empty


def test_indicator_definitions_are_grouped_by_domain(sources_page, con):
    lang, at = sources_page
    labels = [e.label for e in at.expander]
    domain = "Arbete" if lang == "sv" else "Work"
    n_work = con.execute("select count(*) from indicators where domain = 'arbete'").fetchone()[0]
    assert f"{domain} ({n_work})" in labels
    definition = con.execute("select definition from indicators where indicator_id = 'folkmangd'").fetchone()[0]
    assert any(definition in m.value for m in at.markdown)


def test_both_downloads_are_offered(sources_page):
    lang, at = sources_page
    labels = " | ".join(b.proto.label for b in at.get("download_button"))
    assert ("DuckDB-fil" if lang == "sv" else "DuckDB file") in labels
    assert "Parquet" in labels and "zip" in labels


def test_no_write_control_on_the_public_page(sources_page):
    lang, at = sources_page
    assert _of_type(at, "file_uploader") == [], "a file upload is a write control"
    assert list(at.button) == [], f"buttons on the public page: {[b.label for b in at.button]}"
    assert list(at.text_input) == [] and list(at.text_area) == []
    text = " ".join(m.value for m in at.markdown) + " ".join(s.value for s in at.subheader)
    assert "Importera egna gränser" not in text and "Import your own boundaries" not in text


def test_boundary_layers_are_listed_read_only(sources_page):
    lang, at = sources_page
    tables = _frames(at, {"layer", "licence", "status"})
    assert len(tables) == 1 and len(tables[0]) >= 1


# ----------------------------------------------------------------------------- SQL console

def _submit(at, sql: str):
    at.text_area(key="console-sql").input(sql)
    at.button(key="console-run").click()
    return at.run()


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_console_runs_the_example_and_offers_csv(db_path, lang):
    at = open_page("pages/sql_console.py", lang)
    assert at.text_area(key="console-sql").value.strip().lower().startswith("--")
    at.button(key="console-run").click().run()
    assert not at.exception and not at.error
    tables = _frames(at, {"area_name", "year", "value", "source_title"})
    assert len(tables) == 1 and len(tables[0]) > 0
    assert [b.proto.label for b in at.get("download_button")] == ["Ladda ner som CSV" if lang == "sv" else "Download as CSV"]


@pytest.mark.parametrize("sql, word", [
    ("COPY observations TO '/tmp/apptest_console.csv'", "COPY"),
    ("ATTACH '/tmp/apptest.duckdb' AS x", "ATTACH"),
    ("INSTALL httpfs", "INSTALL"),
    ("PRAGMA version", "PRAGMA"),
    ("DELETE FROM observations", "DELETE"),
    ("SELECT * FROM read_csv('/etc/passwd')", "read_csv"),
    ("SELECT 1; SELECT 2", "2"),
])
def test_console_shows_refusals_as_an_error(db_path, sql, word):
    at = _submit(open_page("pages/sql_console.py", "sv"), sql)
    assert not at.exception
    assert len(at.error) == 1 and "Frågan kördes inte" in at.error[0].value and word in at.error[0].value
    assert list(at.dataframe) == [], "no result table after a refusal"


def test_console_shows_duckdb_errors_plainly(db_path):
    at = _submit(open_page("pages/sql_console.py", "en"), "SELECT * FROM no_such_table")
    assert len(at.error) == 1 and "DuckDB" in at.error[0].value
    assert any("no_such_table" in c.value for c in at.code)


def test_console_lists_the_schema(db_path):
    at = open_page("pages/sql_console.py", "sv")
    labels = [e.label for e in at.expander]
    assert labels[0].startswith("observation_details (vy")
    assert any(label.startswith("observations (tabell") for label in labels)
    assert any("Högst 5" in c.value and "10 s" in c.value for c in at.caption), "row limit and timeout are shown"
