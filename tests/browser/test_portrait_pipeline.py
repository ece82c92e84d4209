"""Inquiries and the pipeline board in a real browser: record, read the score, move, pace chart."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from laoke.accounts.models import RoleChoices
from laoke.pipeline.models import Prospect
from tests.browser.conftest import log_in
from tests.web import factories as f

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_salesperson_records_an_inquiry_and_moves_it_on_the_board(page: Page, live_server: Any) -> None:
    """Record an inquiry, see it ranked with its nearest customer, move it to A, drop it with a reason."""
    sales = f.user("sales1", first_name="Li")
    today = timezone.localdate()
    for i, (grade, size, amount) in enumerate([("A", 500, 300_000), ("A", 450, 280_000), ("C", 5, 2_000)]):
        cust = f.customer(
            f"Customer {grade}{i}",
            kind="distributor" if grade == "A" else "end_user",
            headcount=size,
            owner=sales,
        )
        f.order(cust, today - dt.timedelta(days=20), amount)
        f.score(cust, grade=grade)
    Prospect.objects.create(name="Small Shop", owner=sales, created_on=today, lookalike_score=0.1)
    url = live_server.url
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": url}])
    log_in(page, url, "sales1", f.PASSWORD)

    page.get_by_role("link", name="Inquiries").first.click()
    form = page.locator("#inquiry-form")
    form.get_by_label("Name").fill("Rotterdam Colours BV")
    form.get_by_label("Kind").select_option("distributor")
    form.get_by_label("Headcount").fill("480")
    form.get_by_label("Expected yearly value").fill("290000")
    form.get_by_role("button", name="Record and score").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Rotterdam Colours BV")
    expect(page.locator("#lookalike-score")).to_contain_text("%")
    expect(page.locator("#nearest-customers")).to_contain_text("Customer A0")

    page.get_by_role("link", name="Inquiries").first.click()
    rows = page.locator("#inquiry-table tbody tr")
    expect(rows.first).to_contain_text("Rotterdam Colours BV")  # the closer look-alike ranks first
    expect(rows.nth(1)).to_contain_text("Small Shop")

    page.get_by_role("link", name="Pipeline", exact=True).click()
    prospect = Prospect.objects.get(name="Rotterdam Colours BV")
    card = page.locator(f"[data-prospect='{prospect.pk}']")
    card.get_by_label("Move to").select_option("A")
    card.get_by_role("button", name="Move").click()
    expect(page.locator("[data-stage='A']")).to_contain_text("Rotterdam Colours BV")

    card = page.locator(f"[data-prospect='{prospect.pk}']")
    card.get_by_label("Move to").select_option("removed")
    card.get_by_role("button", name="Move").click()
    expect(page.get_by_text("Say why the prospect is dropped.")).to_be_visible()
    card = page.locator(f"[data-prospect='{prospect.pk}']")
    card.get_by_label("Move to").select_option("removed")
    card.get_by_label("Reason").fill("Only a price check")
    card.get_by_role("button", name="Move").click()
    expect(page.locator("[data-stage='removed']")).to_contain_text("Only a price check")
    prospect.refresh_from_db()
    assert (prospect.status, prospect.removed_reason) == ("removed", "Only a price check")


def test_manager_sees_the_pace_chart_on_the_dashboard(page: Page, live_server: Any) -> None:
    """The dashboard draws the pipeline pace chart with ECharts, without console errors."""
    f.user("boss", role=RoleChoices.MANAGER)
    sales = f.user("sales1")
    Prospect.objects.create(name="New one", owner=sales, created_on=timezone.localdate())
    url = live_server.url
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": url}])
    log_in(page, url, "boss", f.PASSWORD)
    page.goto(f"{url}/dashboard/")
    expect(page.locator("#chart-pace canvas")).to_have_count(1)
    page.goto(f"{url}/pipeline/pace/")
    expect(page.locator("#pace-table")).to_contain_text("sales1")
    expect(page.locator("#chart-pace canvas")).to_have_count(1)
