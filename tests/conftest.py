"""Shared fixtures: the test database is built once per session from data/*.csv."""
from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

import duckdb
import pytest

# Tests never read or write the developer's data/user (storyboards, imported boundaries, imported
# statistics, which a build of the app's database replays). Set before anything imports
# sammanhallen.paths, whose USER_DIR constant is read at import time.
_TEST_USER_DIR = tempfile.mkdtemp(prefix="dashboard-test-user-")
atexit.register(shutil.rmtree, _TEST_USER_DIR, True)
os.environ["DASHBOARD_USER_DIR"] = _TEST_USER_DIR

from sammanhallen.data.build import build  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
DATA_DIR = ROOT / "data"
SHARED = ROOT.parent / "shared"
ARTIFACTS = ROOT / "tests" / "artifacts"

os.environ.setdefault("BOUNDARIES_MIRROR", str(SHARED / "geodata"))


@pytest.fixture(scope="session")
def db_path(tmp_path_factory) -> Path:
    """A database built from the project's CSVs; the app under test reads it via DASHBOARD_DB."""
    path = tmp_path_factory.mktemp("db") / "dashboard.duckdb"
    build(DATA_DIR, path)
    os.environ["DASHBOARD_DB"] = str(path)
    user_dir = tmp_path_factory.mktemp("user")
    os.environ["DASHBOARD_USER_DIR"] = str(user_dir)
    return path


@pytest.fixture(scope="session")
def con(db_path) -> duckdb.DuckDBPyConnection:
    connection = duckdb.connect(str(db_path), read_only=True)
    yield connection
    connection.close()


@pytest.fixture
def data_copy(tmp_path) -> Path:
    """A writable copy of data/*.csv for tests that break a file on purpose."""
    target = tmp_path / "data"
    target.mkdir()
    for csv_file in DATA_DIR.glob("*.csv"):
        shutil.copy(csv_file, target / csv_file.name)
    return target


# `make unit` leaves these out (-m "not browser and not slow"); `make test` runs them. Each rebuilds
# or republishes whole databases many times, or runs property tests over many generated cases:
# together about two thirds of the unit tests' time. Prefixes of test ids, kept in one place.
SLOW_TESTS = (
    "tests/data/test_datastore.py",
    "tests/test_bench_synthetic.py",
    "tests/data_import/test_import_concurrency.py",
    "tests/risk_index/test_risk_index.py::test_property_",
    "tests/data_import/test_importer.py::test_a_rebuild",
    "tests/data_import/test_importer.py::test_undo_after_a_rebuild",
    "tests/data_import/test_importer.py::test_undo_walks_back",
    "tests/data_import/test_importer.py::test_old_snapshots_are_pruned",
    "tests/data/test_build.py::test_bad_input_is_refused",
    "tests/area/test_area_page.py::test_every_area_renders_in_both_languages",
)


def pytest_collection_modifyitems(config, items):
    for item in items:
        if item.nodeid.startswith(SLOW_TESTS):
            item.add_marker(pytest.mark.slow)
