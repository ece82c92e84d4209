"""The KPI page in a real browser: menu, charts, period selector, Excel download, Chinese; the API docs."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect
from python_calamine import CalamineWorkbook

from laoke.accounts.models import RoleChoices
from laoke.retention.models import LossRecord, StateChange
from tests.browser.conftest import log_in
from tests.web import factories as f

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHARTS = ("reorder", "retention", "pareto", "owners", "response", "winback", "losses", "pace")


def _book() -> None:
    """Two salespeople, customers who reordered or not, a lost customer, answered mails."""
    today = timezone.localdate()
    year_ago = today - dt.timedelta(days=365)
    for login, name in (("sales1", "Li"), ("sales2", "Wang")):
        owner = f.user(login, first_name=name)
        for i in range(3):
            customer = f.customer(f"{name} customer {i}", owner=owner)
            f.order(customer, year_ago - dt.timedelta(days=30 + i), amount=str(1000 * (i + 1)))
            if i:
                f.order(customer, today - dt.timedelta(days=20 + i), amount=str(2000 * (i + 1)))
            StateChange.objects.create(
                customer=customer, changed_on=year_ago - dt.timedelta(days=90), state="active"
            )
            f.interaction(customer, "email_in", user=owner, reply_hours=0.5 + i)
        LossRecord.objects.create(
            customer=customer, lost_on=today - dt.timedelta(days=5), reason="competitor"
        )


def test_manager_reads_kpis_changes_the_period_and_downloads_excel(page: Page, live_server: Any) -> None:
    """Every KPI chart draws; a preset changes the period; the workbook downloads; it reads in Chinese."""
    _book()
    f.user("boss", role=RoleChoices.MANAGER)
    url = live_server.url
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": url}])
    log_in(page, url, "boss", f.PASSWORD)

    page.get_by_role("link", name="KPIs").click()
    expect(page.get_by_role("heading", name="KPIs", exact=True)).to_be_visible()
    for chart in CHARTS:
        expect(page.locator(f"#chart-{chart} canvas")).to_have_count(1)
    expect(page.locator("[data-figure=reorder]")).to_have_text("67%")
    expect(page.get_by_text("Reorder rate: of the customers who bought")).to_be_visible()
    expect(page.locator("#kpi-losses")).to_contain_text("Competitor approached them")

    first_period = page.locator("[data-figure=period]").inner_text()
    page.get_by_label("Period").select_option("last_year")
    page.get_by_role("button", name="Show").click()
    expect(page.locator("[data-figure=period]")).not_to_have_text(first_period)
    expect(page.get_by_label("Period")).to_have_value("last_year")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Export to Excel").click()
    download = download_info.value
    assert download.suggested_filename.startswith("laoke-kpi-")
    workbook = CalamineWorkbook.from_filelike(io.BytesIO(Path(download.path()).read_bytes()))
    assert "Reorder rate" in workbook.sheet_names and "Pipeline pace" in workbook.sheet_names

    page.get_by_role("button", name="中文").click()
    expect(page.get_by_role("heading", name="关键指标", exact=True)).to_be_visible()
    expect(page.get_by_text("翻单率：在所选期间之前")).to_be_visible()
    expect(page.locator("#chart-losses canvas")).to_have_count(1)


def test_salesperson_sees_my_kpis_without_colleagues(page: Page, live_server: Any) -> None:
    """sales1's page is "My KPIs" over their own customers; a colleague's name never shows."""
    _book()
    url = live_server.url
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": url}])
    log_in(page, url, "sales1", f.PASSWORD)
    page.goto(f"{url}/kpi/")
    expect(page.get_by_role("heading", name="My KPIs")).to_be_visible()
    expect(page.locator("#chart-reorder canvas")).to_have_count(1)
    expect(page.locator("main")).not_to_contain_text("Wang")
