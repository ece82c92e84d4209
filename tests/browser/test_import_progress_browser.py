"""A large import in a real browser: the progress bar polls with htmx, then the page shows the result."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, Route, expect

from laoke.accounts.models import RoleChoices
from laoke.web import import_flow, import_jobs
from tests.browser.conftest import log_in
from tests.web import factories as f

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_large_import_shows_progress_then_the_result(
    page: Page, live_server: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Import in the background: the bar and its status line, then the finished import, no JS errors."""
    monkeypatch.setattr(import_jobs, "BACKGROUND_BYTES", 0)
    monkeypatch.setattr(import_flow, "UPLOAD_DIR", tmp_path / "uploads")
    real_write = import_jobs.write_progress

    def slow_start(batch_id: int, progress: import_jobs.Progress) -> None:
        real_write(batch_id, progress)
        if progress.stage == "writing" and progress.done == 0:
            time.sleep(2.5)  # long enough for the page to show the bar before rows are written

    monkeypatch.setattr(import_jobs, "write_progress", slow_start)
    lines = "".join(f"C{i % 40},2025-01-{1 + i % 28:02d},{100 + i},USD\n" for i in range(500))
    orders = tmp_path / "orders.csv"
    orders.write_text("客户,日期,金额,币种\n" + lines, encoding="utf-8")
    f.user("boss", role=RoleChoices.MANAGER)
    url = live_server.url
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": url}])
    log_in(page, url, "boss", f.PASSWORD)

    page.goto(f"{url}/import/")
    page.get_by_label("CSV or Excel file").set_input_files(str(orders))
    page.get_by_role("button", name="Preview").click()
    # The in-memory test database locks a table for readers while another connection writes it
    # (the real set-up, WAL or PostgreSQL, does not), so the bar's polls wait for the import here.
    page.route("**/progress/", _after_the_import)
    page.get_by_role("button", name="Import", exact=True).click()
    expect(page.locator("[data-import=progress]")).to_be_visible()
    expect(page.get_by_role("progressbar", name="Import progress")).to_be_visible()
    expect(page.locator("[data-import=stage]")).to_be_visible()
    expect(page.get_by_role("heading", name="Import finished")).to_be_visible(timeout=20_000)
    expect(page.locator("[data-import=result]")).to_contain_text("500 rows read, 500 imported")


def _after_the_import(route: Route) -> None:
    for thread in list(import_jobs.THREADS.values()):
        thread.join(timeout=30)
    route.continue_()
