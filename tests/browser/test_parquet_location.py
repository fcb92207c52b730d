"""The real app reading a published Parquet dataset over HTTP (DASHBOARD_DATA=http://127.0.0.1:…),
served by a loopback HTTP server: every page opens cleanly, the data comes over HTTP, and a newly
published version reaches the running app without a restart."""
from __future__ import annotations

import os
import time
from types import SimpleNamespace

import pytest

from components.registry import PAGES
from sammanhallen.data.build import build
from sammanhallen.data.publish import publish

from tests.app_servers import serve_folder, start_app, stop_app
from tests.data.test_datastore import make_variant
from .conftest import screenshot, wait_until_settled

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def parquet_app(db_path, browser, tmp_path_factory):
    root = tmp_path_factory.mktemp("parquet-www")
    version = publish(db_path, root / "dataset")
    with serve_folder(root) as (base, requests):
        env = dict(os.environ)
        env.update(
            DASHBOARD_DATA=f"{base}/dataset",
            DASHBOARD_DATA_CHECK_SECONDS="1",
            # the app must not need the DuckDB file at all
            DASHBOARD_DB=str(root / "no-such-file.duckdb"),
            DASHBOARD_USER_DIR=str(tmp_path_factory.mktemp("parquet-user")),
        )
        log = root / "server.log"
        process, url = start_app(env, log)
        try:
            yield SimpleNamespace(url=url, root=root, requests=requests, version=version, log=log)
        finally:
            stop_app(process)
    assert "Traceback" not in log.read_text(errors="replace"), log.read_text(errors="replace")[-3000:]
    assert not (root / "no-such-file.duckdb").exists(), "the app built a DuckDB file instead of reading the dataset"


@pytest.mark.parametrize("spec", PAGES, ids=[p.key for p in PAGES])
def test_every_page_opens_on_the_http_dataset(page, parquet_app, spec):
    page.goto(f"{parquet_app.url}/{spec.url_path}")
    wait_until_settled(page)
    assert page.locator(f".st-key-page-{spec.key}").count() == 1, "the page's main element is missing"
    exceptions = page.locator("[data-testid=stException]")
    assert exceptions.count() == 0, exceptions.first.inner_text()
    screenshot(page, f"parquet-{spec.key}")
    assert page.outside_requests == [], f"requests left loopback: {page.outside_requests[:5]}"


def test_the_data_came_over_http(parquet_app):
    fetched = {line.split()[1] for line in parquet_app.requests if line.startswith("GET ")}
    assert "/dataset/CURRENT" in fetched
    assert f"/dataset/{parquet_app.version}/manifest.json" in fetched
    assert f"/dataset/{parquet_app.version}/observations.parquet" in fetched


def test_a_new_version_reaches_the_running_app(page, parquet_app, data_copy, tmp_path):
    page.goto(parquet_app.url)
    wait_until_settled(page)
    assert "99,0 mnkr" in page.locator(".st-key-page-home").inner_text().replace("\u00a0", " ")

    newer = tmp_path / "newer.duckdb"
    build(make_variant(data_copy, tmp_path / "csv", funds_delta=1_000_000), newer)
    version = publish(newer, parquet_app.root / "dataset")
    assert version != parquet_app.version

    deadline = time.monotonic() + 30
    while True:
        time.sleep(1.5)  # readers look at CURRENT every DASHBOARD_DATA_CHECK_SECONDS (1 s here)
        page.goto(parquet_app.url)
        wait_until_settled(page)
        text = page.locator(".st-key-page-home").inner_text().replace("\u00a0", " ")
        if "100,0 mnkr" in text:
            break
        assert time.monotonic() < deadline, "the app did not switch to the new version"
    assert page.locator("[data-testid=stException]").count() == 0
    screenshot(page, "parquet-home-after-publish", full=False)
    assert any(f"/dataset/{version}/funds.parquet" in line for line in parquet_app.requests)
