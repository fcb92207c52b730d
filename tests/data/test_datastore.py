"""The data location: a DuckDB file or a published Parquet dataset (folder, HTTP, S3), the publisher
and version switching. The HTTP dataset is served by a loopback server in a thread."""
from __future__ import annotations

import csv
import json
import os
import re
import shutil
import threading
import time
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from sammanhallen.data import datastore
from sammanhallen.data import publish
from sammanhallen.data import queries
from sammanhallen.data.build import build
from sammanhallen.data.data_location import DataLocation, DatasetError, data_location, parse_location
from sammanhallen.data.dataset_files import CURRENT, sha256_file
from sammanhallen.data.datastore import Reader, open_store
from sammanhallen.data.remote_access import BASE_CONFIG, configure_remote
from sammanhallen.data.publish import collect_garbage, set_current, versions

from tests.app_servers import serve_folder
from tests.data.test_build import replace_cell

CROSS_CHECK = "SELECT (SELECT sum(amount_sek) FROM funds), (SELECT count(*) FROM observations)"


# ----------------------------------------------------------------------------------------- helpers


def example_params(name: str) -> dict:
    match = re.search(r"^-- Example: (.*)$", queries.load(name), re.MULTILINE)
    assert match, name
    return json.loads(match.group(1))


def make_variant(data_dir: Path, target: Path, *, funds_delta: int = 0, drop_observations: int = 0) -> Path:
    """A copy of the CSVs with the first funds row changed and the last observations removed."""
    shutil.copytree(data_dir, target)
    if funds_delta:
        with open(target / "funds.csv", encoding="utf-8") as handle:
            amount = int(list(csv.DictReader(handle))[0]["amount_sek"])
        replace_cell(target / "funds.csv", 2, "amount_sek", str(amount + funds_delta))
    if drop_observations:
        lines = (target / "observations.csv").read_text(encoding="utf-8").splitlines(keepends=True)
        (target / "observations.csv").write_text("".join(lines[:-drop_observations]), encoding="utf-8")
    return target


def file_tables(db_path: Path) -> list[str]:
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        return [r[0] for r in con.execute("SELECT table_name FROM duckdb_tables() ORDER BY 1").fetchall()]
    finally:
        con.close()


def frame(store_or_con, sql: str) -> pd.DataFrame:
    cursor = store_or_con.cursor()
    try:
        return cursor.execute(sql).df()
    finally:
        cursor.close()


@pytest.fixture(scope="module")
def http_root(tmp_path_factory):
    """A loopback HTTP server (thread) serving a folder; yields (folder, base url, request log)."""
    root = tmp_path_factory.mktemp("www")
    with serve_folder(root) as (base, requests):
        yield root, base, requests


@pytest.fixture(scope="module")
def published(db_path, http_root):
    """The session database published into the served folder."""
    root, base, _ = http_root
    version = publish.publish(db_path, root / "dataset")
    return root / "dataset", f"{base}/dataset", version


@pytest.fixture
def no_data_env(monkeypatch):
    for name in ("DASHBOARD_DATA", "DASHBOARD_DATA_MODE", "DASHBOARD_DATA_COPY_MAX_MB", "DASHBOARD_DATA_CHECK_SECONDS"):
        monkeypatch.delenv(name, raising=False)


# --------------------------------------------------------------------------------------- locations


def test_locations_are_parsed(tmp_path, monkeypatch, db_path):
    monkeypatch.delenv("DASHBOARD_DATA", raising=False)
    assert data_location() == DataLocation("file", str(Path(os.environ["DASHBOARD_DB"]).resolve()))
    assert parse_location(str(tmp_path / "x.duckdb")) == DataLocation("file", str(tmp_path / "x.duckdb"))
    assert parse_location(str(tmp_path / "dataset") + "/") == DataLocation("dataset", str(tmp_path / "dataset"))
    assert parse_location("file://" + str(tmp_path / "ds")) == DataLocation("dataset", str(tmp_path / "ds"))
    http = parse_location("https://data.example.se/sammanhallen/dataset/")
    assert (http.kind, http.uri, http.remote, http.join("CURRENT")) == (
        "dataset", "https://data.example.se/sammanhallen/dataset", True, "https://data.example.se/sammanhallen/dataset/CURRENT")
    s3 = parse_location("s3://bucket/prefix/dataset")
    assert (s3.kind, s3.scheme, s3.remote) == ("dataset", "s3", True)
    monkeypatch.setenv("DASHBOARD_DATA", "s3://bucket/prefix/dataset")
    assert data_location() == s3
    for bad in ("https://example.se/dashboard.duckdb", "ftp://example.se/dataset", "s3://"):
        with pytest.raises(DatasetError):
            parse_location(bad)


def test_s3_is_configured_without_being_contacted(monkeypatch):
    """Credentials and endpoint become a DuckDB secret scoped to the bucket; nothing is fetched."""
    location = parse_location("s3://sammanhallen-data/prod/dataset")
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIAEXAMPLE")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "secret'with'quotes")
    monkeypatch.setenv("AWS_REGION", "eu-north-1")
    monkeypatch.setenv("DASHBOARD_S3_ENDPOINT", "minio.internal:9000")
    monkeypatch.setenv("DASHBOARD_S3_URL_STYLE", "path")
    con = duckdb.connect(config=BASE_CONFIG)
    try:
        configure_remote(con, location)
        loaded = dict(con.execute("SELECT extension_name, loaded FROM duckdb_extensions()").fetchall())
        assert loaded["httpfs"]
        name, kind, scope, secret = con.execute("SELECT name, type, scope, secret_string FROM duckdb_secrets()").fetchone()
        assert (name, kind, scope) == ("dashboard_dataset", "s3", ["s3://sammanhallen-data"])
        assert "region=eu-north-1" in secret and "endpoint=minio.internal:9000" in secret and "url_style=path" in secret
        assert "secret'with'quotes" not in secret  # redacted
    finally:
        con.close()


def test_a_public_http_location_gets_no_secret():
    con = duckdb.connect(config=BASE_CONFIG)
    try:
        configure_remote(con, parse_location("https://data.example.se/dataset"))
        assert con.execute("SELECT count(*) FROM duckdb_secrets()").fetchone()[0] == 0
    finally:
        con.close()


# ----------------------------------------------------------------------------------------- publish


def test_publish_round_trip_every_table_equals_the_duckdb_file(db_path, published, no_data_env):
    folder, _, version = published
    manifest = json.loads((folder / version / "manifest.json").read_text())
    tables = file_tables(db_path)
    assert sorted(manifest["tables"]) == tables
    assert (folder / CURRENT).read_text().strip() == version
    source = duckdb.connect(str(db_path), read_only=True)
    try:
        for mode in ("copy", "view"):
            store = open_store(folder, mode=mode)
            try:
                assert store.version == ("dataset", str(folder), version) and store.mode == mode
                for table in tables:
                    entry = manifest["tables"][table]
                    assert sha256_file(folder / version / entry["file"]) == entry["sha256"]
                    expected = source.execute(f'SELECT * FROM "{table}" ORDER BY rowid').df()
                    got = frame(store, f'SELECT * FROM "{table}"')
                    assert entry["rows"] == len(expected)
                    pd.testing.assert_frame_equal(got, expected, check_dtype=True, obj=f"{mode}:{table}")
                # the model views are there too
                assert len(frame(store, "SELECT * FROM observation_details")) == manifest["tables"]["observations"]["rows"]
            finally:
                store.close()
    finally:
        source.close()


def test_publishing_the_same_data_again_changes_nothing(db_path, tmp_path):
    dest = tmp_path / "dataset"
    first = publish.publish(db_path, dest)
    assert publish.publish(db_path, dest) == first
    assert [v["version"] for v in versions(dest)] == [first]


def test_publish_writes_to_a_folder_only(db_path):
    for dest in ("s3://bucket/dataset", "https://example.se/dataset"):
        with pytest.raises(DatasetError, match="local folder"):
            publish.publish(db_path, dest)


def test_a_failed_export_leaves_current_and_the_folder_as_they_were(db_path, data_copy, tmp_path, monkeypatch):
    dest = tmp_path / "dataset"
    first = publish.publish(db_path, dest)
    other = tmp_path / "other.duckdb"
    build(make_variant(data_copy, tmp_path / "csv", funds_delta=1000), other)

    real_export = publish.export_tables

    def half_export(db, folder):
        real_export(db, folder)
        (folder / "observations.parquet").write_bytes(b"PAR1 truncated")
        raise OSError("disk full")

    monkeypatch.setattr(publish, "export_tables", half_export)
    with pytest.raises(OSError):
        publish.publish(other, dest)
    assert (dest / CURRENT).read_text().strip() == first
    assert sorted(p.name for p in dest.iterdir() if not p.name.startswith(".publish.lock")) == [CURRENT, first]


def test_a_version_that_does_not_open_is_never_made_current(db_path, data_copy, tmp_path, monkeypatch):
    """The publisher opens the new version as a reader would (checksums, rows, model views) first."""
    dest = tmp_path / "dataset"
    first = publish.publish(db_path, dest)
    other = tmp_path / "other.duckdb"
    build(make_variant(data_copy, tmp_path / "csv", funds_delta=1000), other)
    monkeypatch.setattr(datastore, "model_view_sql", lambda: ["create view broken as select no_such_column from areas"])
    with pytest.raises(DatasetError, match="model view"):
        publish.publish(other, dest)
    assert (dest / CURRENT).read_text().strip() == first
    assert [v["version"] for v in versions(dest)] == [first]


def test_readers_refuse_a_broken_or_partial_version(db_path, tmp_path):
    dest = tmp_path / "dataset"
    first = publish.publish(db_path, dest)
    reader = Reader(str(dest), check_seconds=0)
    assert reader.store().version_id == first

    broken = "v99999999-000000-broken"
    shutil.copytree(dest / first, dest / broken)
    manifest = json.loads((dest / broken / "manifest.json").read_text())
    manifest["version"] = broken
    (dest / broken / "manifest.json").write_text(json.dumps(manifest))
    observations = dest / broken / "observations.parquet"
    observations.write_bytes(observations.read_bytes()[: observations.stat().st_size // 2])
    missing = "v99999999-000000-missing"

    for target, reason in ((broken, "checksum"), (missing, "manifest.json")):
        (dest / CURRENT).write_text(target + "\n")  # as if someone flipped CURRENT by hand
        assert reader.store().version_id == first, "the reader keeps the version it has"
        assert reason in str(reader.last_error)
        refused = reader.last_error
        assert reader.store().version_id == first and reader.last_error is refused, "not retried at once"
        with pytest.raises(DatasetError):
            open_store(dest)  # and a process starting now refuses it instead of serving half a dataset
    with pytest.raises(DatasetError):
        set_current(dest, missing)
    with pytest.raises(DatasetError):
        set_current(dest, broken)
    assert (dest / CURRENT).read_text().strip() == missing  # set_current refused before touching it


def test_garbage_collection_keeps_current_newest_and_recent(db_path, data_copy, tmp_path):
    dest = tmp_path / "dataset"
    published = []
    for delta in range(4):
        db = tmp_path / f"db{delta}.duckdb"
        build(make_variant(data_copy, tmp_path / f"csv{delta}", funds_delta=1000 * delta), db)
        published.append(publish.publish(db, dest, keep=2, grace_seconds=3600))
    assert [v["version"] for v in versions(dest)] == published, "nothing goes while readers may still use it"
    set_current(dest, published[0])  # a rollback: the current version is always kept
    removed = collect_garbage(dest, keep=2, grace_seconds=0)
    assert removed == [published[1]]
    assert [v["version"] for v in versions(dest)] == [published[0], *published[2:]]
    assert [v["current"] for v in versions(dest)] == [True, False, False]
    assert publish.main(["--dest", str(dest), "--rollback", published[3]]) == 0
    assert publish.current_version(dest) == published[3]


# ------------------------------------------------------------------------------------ every query


LOCATIONS = ["file", "folder", "http", "http-view"]


@pytest.fixture(scope="module")
def stores(db_path, published):
    folder, url, _ = published
    opened = {
        "file": open_store(str(db_path)),
        "folder": open_store(str(folder), mode="copy"),
        "http": open_store(url, mode="copy"),
        "http-view": open_store(url, mode="view"),
    }
    yield opened
    for store in opened.values():
        store.close()


@pytest.mark.parametrize("location", LOCATIONS)
@pytest.mark.parametrize("name", queries.available())
def test_every_query_gives_the_same_result_on_every_location(con, stores, name, location):
    sql = queries.load(name)
    if location == "http-view" and re.search(r"\browid\b", queries.without_comments(sql)):
        pytest.skip("rowid exists on tables only: a view-mode dataset needs queries that order by a column")
    params = example_params(name)
    expected = queries.run(con, name, **params)
    got = queries.run(stores[location].cursor(), name, **params)
    assert not got.empty
    if location == "http-view" and re.search(r"information_schema|duckdb_\w+\(", sql):
        # in view mode every table is a view over its Parquet file; the catalog says so
        assert len(got) == len(expected)
        return
    if UNORDERED_AGG.search(sql):
        # string_agg without `order by` lists its parts in whatever order the scan met them
        got, expected = _sorted_parts(got), _sorted_parts(expected)
    pd.testing.assert_frame_equal(got, expected, check_dtype=True)


UNORDERED_AGG = re.compile(r"string_agg\((?:(?!order by)[^()])*\)", re.IGNORECASE)


def _sorted_parts(df: pd.DataFrame) -> pd.DataFrame:
    out = df.copy()
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(lambda v: ", ".join(sorted(v.split(", "))) if isinstance(v, str) else v)
    return out


def test_http_stores_read_over_http_and_load_httpfs_only_there(stores, published, http_root):
    _, _, requests = http_root
    _, _, version = published
    fetched = {line.split()[1] for line in requests if line.startswith("GET ")}
    assert "/dataset/CURRENT" in fetched and f"/dataset/{version}/observations.parquet" in fetched
    for location, store in stores.items():
        loaded = dict(frame(store, "SELECT extension_name, loaded FROM duckdb_extensions()").values.tolist())
        assert bool(loaded.get("httpfs")) == (location == "http-view"), location  # copies need no network


def test_every_store_refuses_writes(stores):
    for location, store in stores.items():
        cursor = store.cursor()
        with pytest.raises(duckdb.Error, match="read-only"):
            cursor.execute("CREATE TABLE evil AS SELECT 1")
        with pytest.raises(duckdb.Error, match="read-only"):
            cursor.execute("DROP VIEW observation_details")
        cursor.close()


# ------------------------------------------------------------------------------- version switching


@pytest.fixture
def two_databases(data_copy, tmp_path):
    one, two = tmp_path / "one.duckdb", tmp_path / "two.duckdb"
    build(make_variant(data_copy, tmp_path / "csv1"), one)
    build(make_variant(data_copy, tmp_path / "csv2", funds_delta=1_000_000, drop_observations=3), two)
    expected = {}
    for db in (one, two):
        c = duckdb.connect(str(db), read_only=True)
        expected[db] = c.execute(CROSS_CHECK).fetchone()
        c.close()
    assert expected[one] != expected[two] and expected[one][0] != expected[two][0] and expected[one][1] != expected[two][1]
    return one, two, expected


def _hammer(reader: Reader, seen: list, errors: list, stop: threading.Event) -> None:
    while not stop.is_set():
        try:
            cursor = reader.store().cursor()
            seen.append(cursor.execute(CROSS_CHECK).fetchone())
            cursor.close()
        except Exception as error:  # noqa: BLE001 - any failure is the finding
            errors.append(repr(error))


def _run_switching(reader: Reader, switch, rounds: int, threads: int = 4):
    """Threads query through the reader while `switch(round_no)` changes the data `rounds` times;
    each round waits until the reader has switched. Returns (results seen, errors)."""
    seen, errors, stop = [], [], threading.Event()
    workers = [threading.Thread(target=_hammer, args=(reader, seen, errors, stop)) for _ in range(threads)]
    for worker in workers:
        worker.start()
    try:
        for round_no in range(rounds):
            switch(round_no)
            deadline = time.monotonic() + 20
            while reader.switches < round_no + 1:
                assert time.monotonic() < deadline, f"the reader did not switch (last error: {reader.last_error})"
                time.sleep(0.02)
            time.sleep(0.15)  # let the threads query the new data for a moment
    finally:
        stop.set()
        for worker in workers:
            worker.join(timeout=30)
    return seen, errors


@pytest.mark.parametrize("over", ["folder", "http"])
def test_a_reader_switches_to_each_new_version_and_never_sees_a_mix(two_databases, http_root, over):
    one, two, expected = two_databases
    root, base, _ = http_root
    dest = root / f"switching-{over}"
    published = [publish.publish(one, dest, keep=20)]
    reader = Reader(str(dest) if over == "folder" else f"{base}/{dest.name}", check_seconds=0)
    assert cursor_value(reader) == expected[one]

    order = [two, one] * 3

    def switch(round_no):
        published.append(publish.publish(order[round_no], dest, keep=20))

    seen, errors = _run_switching(reader, switch, rounds=len(order))
    assert errors == []
    assert set(seen) == {expected[one], expected[two]}, "every query saw exactly one version"
    assert reader.switches == len(order)
    assert cursor_value(reader) == expected[order[-1]]


def cursor_value(reader: Reader):
    cursor = reader.store().cursor()
    try:
        return cursor.execute(CROSS_CHECK).fetchone()
    finally:
        cursor.close()


def test_a_replaced_duckdb_file_is_switched_to_while_threads_query_it(two_databases, tmp_path):
    """The in-process half of the swap: threads query while the file is replaced (os.replace)."""
    one, two, expected = two_databases
    target = tmp_path / "live.duckdb"
    shutil.copy(one, target)
    reader = Reader(str(target))
    assert cursor_value(reader) == expected[one]
    order = [two, one] * 4

    def switch(round_no):
        staging = tmp_path / f"staging-{round_no}.duckdb"
        shutil.copy(order[round_no], staging)
        os.replace(staging, target)

    held = reader.store().cursor()  # a query started before the swaps ...
    seen, errors = _run_switching(reader, switch, rounds=len(order))
    assert errors == []
    assert set(seen) == {expected[one], expected[two]}
    assert cursor_value(reader) == expected[order[-1]]
    assert reader.switches == len(order)
    assert held.execute(CROSS_CHECK).fetchone() == expected[one]  # ... still reads the file it began on
    held.close()
    leftovers = [p.name for p in tmp_path.iterdir() if ".reader-" in p.name]
    assert leftovers == [], "the private links are removed once opened"


def test_the_app_reads_a_dataset_from_the_environment(published, monkeypatch, no_data_env):
    """components.db follows DASHBOARD_DATA: same results, cache keyed by the published version."""
    from components import db

    folder, url, version = published
    file_result = db.run("funds_by_municipality", programme="urban15_stimulus", payment="2013-12")
    monkeypatch.setenv("DASHBOARD_DATA", url)
    assert db.data_version() == ("dataset", url, version)
    got = db.run("funds_by_municipality", programme="urban15_stimulus", payment="2013-12")
    pd.testing.assert_frame_equal(got, file_result)
    con = db.current_connection()
    assert con.execute("SELECT count(*) FROM areas").fetchone()[0] > 0
    monkeypatch.delenv("DASHBOARD_DATA")
    assert db.data_version()[0] == "file"


def test_the_app_connection_survives_file_swaps_under_concurrent_sessions(two_databases, tmp_path, monkeypatch, no_data_env):
    """components.db as Streamlit uses it: many script threads query (uncached parameters, and the
    connection handed to presenters/exports) while the file is replaced; nothing fails."""
    from components import db

    one, two, expected = two_databases
    target = tmp_path / "app.duckdb"
    shutil.copy(one, target)
    monkeypatch.setenv("DASHBOARD_DB", str(target))
    errors, seen, stop, counter = [], [], threading.Event(), iter(range(10**9))

    def session():
        while not stop.is_set():
            try:
                db.run("areas_by_level", level=f"no-such-level-{next(counter)}")  # a cache miss every time
                con = db.current_connection()
                seen.append(con.execute(CROSS_CHECK).fetchone())
                seen.append(con.execute(CROSS_CHECK).fetchone())
            except Exception as error:  # noqa: BLE001 - any failure is the finding
                errors.append(repr(error))

    workers = [threading.Thread(target=session) for _ in range(6)]
    for worker in workers:
        worker.start()
    try:
        for round_no, source in enumerate([two, one] * 5):
            time.sleep(0.1)
            staging = tmp_path / f"staging-{round_no}.duckdb"
            shutil.copy(source, staging)
            os.replace(staging, target)
    finally:
        time.sleep(0.2)
        stop.set()
        for worker in workers:
            worker.join(timeout=30)
    assert errors == [], errors[:5]
    assert set(seen) == {expected[one], expected[two]}
    assert db.run("funds_by_municipality", programme="urban15_stimulus", payment="2013-12").amount_sek.sum() == expected[one][0]


def test_a_dataset_gives_a_database_file_for_code_that_needs_one(published, monkeypatch, no_data_env, db_path):
    """Downloads and the SQL console need a DuckDB file: for a dataset the app writes one per version."""
    from components import db

    folder, url, version = published
    assert db.database_file() == Path(os.environ["DASHBOARD_DB"]).resolve()
    monkeypatch.setenv("DASHBOARD_DATA", str(folder))
    path = db.database_file()
    assert path.exists() and db.database_path() == path and db.database_file() == path  # once per version
    copy = duckdb.connect(str(path), read_only=True)
    source = duckdb.connect(str(db_path), read_only=True)
    try:
        for table in file_tables(db_path):
            pd.testing.assert_frame_equal(copy.execute(f'SELECT * FROM "{table}"').df(),
                                          source.execute(f'SELECT * FROM "{table}" ORDER BY rowid').df())
        assert copy.execute("SELECT count(*) FROM observation_details").fetchone() == \
            source.execute("SELECT count(*) FROM observation_details").fetchone()
    finally:
        copy.close()
        source.close()
