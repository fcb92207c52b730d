"""The benchmark generator marks every synthetic row and leaves the real tables as built; every benchmark's
quick mode ends with one JSON object on its last line."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from sammanhallen.data.schema import TABLES

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

import bench_sessions  # noqa: E402
import synthetic  # noqa: E402

SIZE = synthetic.Size(50, 3, 2)


@pytest.fixture(scope="module")
def synthetic_db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("bench") / "tiny.duckdb"
    info = synthetic.generate(path, SIZE)
    assert info["synthetic_observations"] == 50 * 3 * 2
    return path


def _is_synthetic(table: str) -> str:
    """SQL condition that selects a table's synthetic rows."""
    return {
        "sources": f"source_id = '{synthetic.SOURCE_ID}'",
        "areas": "area_id like 'SYN-%'",
        "indicators": "indicator_id like 'syn_ind_%'",
        "observations": "area_id like 'SYN-%'",
    }.get(table, "false")


def test_synthetic_rows_are_marked(synthetic_db):
    con = duckdb.connect(str(synthetic_db), read_only=True)
    try:
        title = con.execute("select title from sources where source_id = ?", [synthetic.SOURCE_ID]).fetchone()[0]
        assert "SYNTETISK" in title
        areas = con.execute("select area_id, name, level, parent_id, source_id from areas where source_id = ?",
                            [synthetic.SOURCE_ID]).fetchall()
        assert len(areas) == 50 + 3  # 50 areas under 3 synthetic municipalities (20 areas each)
        assert all(a[0].startswith("SYN-") and "Syntet" in a[1] and a[4] == synthetic.SOURCE_ID for a in areas)
        districts = [a for a in areas if a[2] == "district"]
        assert len(districts) == 50 and all(a[3].startswith("SYN-K-") for a in districts)
        indicators = con.execute("select indicator_id, name_sv, name_en, definition from indicators "
                                 "where indicator_id like 'syn_ind_%' order by 1").fetchall()
        assert [i[0] for i in indicators] == ["syn_ind_01", "syn_ind_02", "syn_ind_03"]
        assert all("SYNTETISK" in i[1] and "SYNTHETIC" in i[2] and "inte verkliga" in i[3] for i in indicators)
        # Every synthetic value cites the synthetic source, and nothing else does.
        cited = con.execute("select count(*) filter (where source_id = ?), count(*) from observations "
                            "where area_id like 'SYN-%' or indicator_id like 'syn_ind_%'",
                            [synthetic.SOURCE_ID]).fetchone()
        assert cited == (300, 300)
        assert con.execute("select count(*) from observations where source_id = ? and not "
                           "(area_id like 'SYN-%' and indicator_id like 'syn_ind_%')",
                           [synthetic.SOURCE_ID]).fetchone()[0] == 0
        # Every synthetic value is shown with the synthetic source title by the cited-value view.
        titles = con.execute("select distinct source_title from observation_details "
                             "where indicator_id like 'syn_ind_%'").fetchall()
        assert titles == [(synthetic.SOURCE_TITLE,)]
    finally:
        con.close()


def test_keys_unique_and_references_resolve(synthetic_db):
    con = duckdb.connect(str(synthetic_db), read_only=True)
    try:
        for table in TABLES:
            key = ", ".join(table.key)
            total, distinct = con.execute(
                f"select count(*), count(distinct ({key})) from {table.name}").fetchone()
            assert total == distinct, f"{table.name}: duplicate keys"
            for column in table.columns:
                if column.references:
                    ref_table, ref_col = column.references.split(".")
                    dangling = con.execute(
                        f"select count(*) from {table.name} t where t.{column.name} is not null and not exists "
                        f"(select 1 from {ref_table} r where r.{ref_col} = t.{column.name})").fetchone()[0]
                    assert dangling == 0, f"{table.name}.{column.name} has {dangling} dangling references"
        years = con.execute("select min(year), max(year) from observations where indicator_id like 'syn_%'").fetchone()
        assert years == (synthetic.LAST_YEAR - 1, synthetic.LAST_YEAR)
    finally:
        con.close()


def test_real_tables_are_unchanged(synthetic_db, db_path):
    real = duckdb.connect(str(db_path), read_only=True)
    syn = duckdb.connect(str(synthetic_db), read_only=True)
    try:
        for table in TABLES:
            order = ", ".join(table.key)
            expected = real.execute(f"select * from {table.name} order by {order}").fetchall()
            got = syn.execute(f"select * from {table.name} where not ({_is_synthetic(table.name)}) "
                              f"order by {order}").fetchall()
            assert got == expected, f"{table.name} differs from the real build"
    finally:
        real.close()
        syn.close()


def test_refuses_to_write_the_real_database():
    with pytest.raises(SystemExit):
        synthetic.generate(ROOT / "data" / "dashboard.duckdb", SIZE)


def test_grid_polygons_are_a_valid_coverage():
    import shapely

    gdf = synthetic.grid_polygons(40)
    assert len(gdf) == 40 and gdf["area_id"].str.startswith("SYN-").all()
    assert shapely.is_valid(gdf.geometry.values).all()
    metric = gdf.to_crs(3006)
    union = shapely.union_all(metric.geometry.values)
    assert union.geom_type == "Polygon"  # no gaps between neighbours
    assert abs(union.area - metric.geometry.area.sum()) < 1e-6 * union.area  # no overlaps


# ------------------------------------------------------------------------------------- quick modes


def _last_json(args: list[str], env: dict, timeout: int = 600) -> dict:
    done = subprocess.run([sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout)
    assert done.returncode == 0, done.stderr[-3000:]
    last = done.stdout.strip().splitlines()[-1]
    figures = json.loads(last)
    assert isinstance(figures, dict) and figures.get("targets") is not None, last
    return figures


@pytest.fixture(scope="module")
def bench_env(tmp_path_factory, db_path) -> dict:
    env = dict(os.environ)
    env["BENCH_DIR"] = str(tmp_path_factory.mktemp("bench-dir"))
    env["DASHBOARD_DB"] = str(db_path)
    return env


@pytest.mark.parametrize("script, extra", [
    ("bench/bench_queries.py", []),
    ("bench/bench_pages.py", []),
    ("bench/bench_map.py", []),
    ("bench/bench_map_scale.py", ["--no-browser"]),
    ("bench/bench_whole_pages.py", []),
])
def test_quick_mode_ends_with_json(bench_env, script, extra):
    figures = _last_json([script, "--quick", *extra], bench_env)
    assert figures["benchmark"] in script
    assert not figures.get("errors"), figures.get("errors")


@pytest.mark.browser
@pytest.mark.parametrize("script", ["bench/bench_map_scale.py", "bench/bench_sessions.py", "bench/bench_sessions_ws.py"])
def test_browser_quick_mode_ends_with_json(bench_env, script):
    figures = _last_json([script, "--quick"], bench_env, timeout=900)
    assert figures["benchmark"] in script
    if figures["benchmark"] == "sessions":  # the server's own clock saw every session's runs
        assert figures["server_runs"]["1"] >= 1 and figures["server_runs"]["2"] >= 2, figures
        assert figures["unanswered"] == {"1": 0, "2": 0}, figures
        assert figures["script_cpu_ms"]["1"] > 0, figures  # the script threads' own timing was written
        if bench_sessions.sessions_get_own_autogroups():  # the browsers ran below the server
            assert figures["client_autogroups_lowered"]["2"] >= 1, figures
    if figures["benchmark"] == "sessions_ws":  # every replayed request was answered, by the page it was recorded on
        assert figures["interactions"] == {"1": 2, "2": 4} and figures["failed"] == {"1": 0, "2": 0}, figures
        assert figures["pages_by_kind"] == {"open_home": ["home"], "open_map": ["map"]}, figures
        assert figures["unanswered"] == {"1": 0, "2": 0}, figures


def test_report_collects_the_last_lines(bench_env, tmp_path):
    out = tmp_path / "REPORT.md"
    figures = _last_json(["bench/report.py", "--quick", "--only", "queries,map", "--out", str(out)], bench_env)
    text = out.read_text(encoding="utf-8")
    assert "## Machine" in text and "| cores |" in text and "## Targets" in text
    assert set(figures["targets"]) == {"queries", "map"}
    assert ("PASS" in text) or ("MISS" in text)
