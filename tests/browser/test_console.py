"""The SQL console in the real app: a SELECT shows its rows; COPY … TO a file is refused with a
clear message and writes nothing."""
from __future__ import annotations


from playwright.sync_api import expect

from .conftest import screenshot, wait_until_settled


def _run(page, sql: str) -> None:
    page.locator(".st-key-console-sql textarea").fill(sql)
    page.get_by_role("button", name="Kör frågan").click()
    page.wait_for_timeout(300)
    wait_until_settled(page)


def test_select_shows_rows_and_copy_is_refused(page, app_url, tmp_path):
    page.goto(f"{app_url}/sql")
    wait_until_settled(page)
    main = page.locator(".st-key-page-sql_console")
    expect(main).to_have_count(1)
    expect(main).to_contain_text("observation_details", timeout=30000)  # the schema beside the editor

    _run(page, "select area_id, name, level from areas where level = 'municipality' order by area_id")
    expect(main).to_contain_text("9 rader, 3 kolumner", timeout=30000)
    expect(main.locator("[data-testid=stDataFrame]")).to_have_count(1)
    expect(main.locator("[data-testid=stDownloadButton]")).to_have_count(1)
    assert main.locator("[data-testid=stAlertContentError]").count() == 0
    screenshot(page, "console-select")

    target = tmp_path / "copied.csv"
    _run(page, f"COPY observations TO '{target}'")
    error = main.locator("[data-testid=stAlertContentError]")
    expect(error).to_have_count(1, timeout=30000)
    expect(error).to_contain_text("Satsen COPY är inte tillåten")
    expect(main.locator("[data-testid=stDataFrame]")).to_have_count(0)
    assert not target.exists() and list(tmp_path.iterdir()) == []
    assert page.locator("[data-testid=stException]").count() == 0
    screenshot(page, "console-refused")
    assert page.outside_requests == [], page.outside_requests[:5]
