"""A manager's journey in a real browser: dashboard, policy preview, import with a bad row, both languages."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from laoke.accounts.models import RoleChoices
from laoke.retention.services import scoring
from tests.browser.conftest import log_in
from tests.web import factories as f

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BAD_FILE = "客户,日期,金额,币种\nACME,2025-01-05,1000,USD\nGamma,2025-03-09,abc,USD\n"


def _book() -> None:
    today = timezone.localdate()
    owner = f.user("sales1")
    for i in range(1, 6):
        customer = f.customer(f"Customer {i}", owner=owner, country="DE", currency="EUR")
        for k in range(i):
            f.order(customer, today - dt.timedelta(days=40 + 60 * k), amount=str(1000 * i * i))
    scoring.rescore(as_of=today)


def test_manager_reads_dashboard_previews_policy_and_imports_a_bad_file(
    page: Page, live_server: Any, tmp_path: Any
) -> None:
    """Read the dashboard, preview a policy change, see an import refused, then read it all in Chinese."""
    _book()
    f.user("boss", role=RoleChoices.MANAGER)
    url = live_server.url
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": url}])
    log_in(page, url, "boss", f.PASSWORD)

    page.get_by_role("link", name="Portfolio").click()
    expect(page.get_by_role("heading", name="Portfolio", exact=True)).to_be_visible()
    expect(page.locator("#chart-pareto canvas")).to_have_count(1)
    expect(page.locator("[data-figure=graded]")).to_have_text("5")
    expect(page.get_by_text("Reorder rate by salesperson")).to_be_visible()

    page.get_by_role("link", name="Policy").click()
    page.get_by_label("Grade boundaries").fill("0.3, 0.2, 0.1")
    page.get_by_role("button", name="Preview changes").first.click()
    expect(page.locator("[data-preview=changes]")).to_contain_text("customers would change grade")

    bad = tmp_path / "orders.csv"
    bad.write_text(BAD_FILE, encoding="utf-8")
    page.get_by_role("link", name="Import").click()
    page.get_by_label("CSV or Excel file").set_input_files(str(bad))
    page.get_by_role("button", name="Preview").click()
    expect(page.get_by_role("combobox", name="Field for column 金额")).to_have_value("amount")
    page.get_by_role("button", name="Import", exact=True).click()
    expect(page.get_by_role("heading", name="Nothing was imported")).to_be_visible()
    expect(page.locator("[data-import=result]")).to_contain_text("is not a number")
    expect(page.locator("[data-import=error-report]")).to_be_visible()

    page.get_by_role("button", name="中文").click()
    expect(page.get_by_role("heading", name="未导入任何数据")).to_be_visible()
    expect(page.get_by_role("link", name="下载错误报告（CSV）")).to_be_visible()
    page.get_by_role("link", name="客户组合").click()
    expect(page.get_by_text("各业务员翻单率")).to_be_visible()
    expect(page.locator("#chart-grades canvas")).to_have_count(1)
