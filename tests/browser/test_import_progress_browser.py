"""A large import in a real browser: the progress bar polls with htmx, then the page shows the result."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from laoke.accounts.models import RoleChoices
from laoke.importing.services import flow as import_flow
from laoke.importing.services import jobs as import_jobs
from laoke.jobs import runner, services
from tests.browser.conftest import log_in
from tests.web import factories as f

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_large_import_shows_progress_then_the_result(
    page: Page, live_server: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Import as a job: the bar and its status line while it waits, then the finished import, no JS errors."""
    monkeypatch.setattr(import_jobs, "BACKGROUND_BYTES", 0)
    monkeypatch.setattr(import_flow, "UPLOAD_DIR", tmp_path / "uploads")
    sent: list[int] = []
    monkeypatch.setattr(services, "send", lambda job_id, delay=None: sent.append(job_id))
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
    page.get_by_role("button", name="Import", exact=True).click()
    expect(page.locator("[data-import=progress]")).to_be_visible()
    expect(page.get_by_role("progressbar", name="Import progress")).to_be_visible()
    expect(page.locator("[data-import=stage]")).to_be_visible()
    # The in-memory test database locks a table for readers while another connection writes it
    # (the real set-up, WAL or PostgreSQL, does not), so the bar's polls wait while the job runs.
    page.route("**/progress/", lambda route: (_run(sent), route.continue_()))
    expect(page.get_by_role("heading", name="Import finished")).to_be_visible(timeout=30_000)
    expect(page.locator("[data-import=result]")).to_contain_text("500 rows read, 500 imported")


def _run(sent: list[int]) -> None:
    """Be the worker: run the queued jobs (the import, then the re-score it queues)."""
    while sent:
        runner.execute(sent.pop(0))
