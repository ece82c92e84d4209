"""A salesperson's day in a real browser: agenda, customer page, logging a touch, both languages."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from laoke.retention.models import TaskStatusChoices
from tests.browser.conftest import log_in
from tests.web import factories as f

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_salesperson_works_the_agenda_and_logs_an_interaction(page: Page, live_server: Any) -> None:
    """Log in, mark today's task done, open the customer, log a call, switch to Chinese."""
    sales = f.user("sales1", first_name="Li")
    customer = f.rich_customer(sales)
    task = f.task(
        customer,
        sales,
        timezone.localdate(),
        title_en="Ask about the spring order",
        title_zh="询问春季订单",
        why_en="The next order window opens in 20 days",
        why_zh="预计 20 天后下单",
    )
    url = live_server.url
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": url}])
    log_in(page, url, "sales1", f.PASSWORD)

    expect(page.get_by_role("heading", name=re.compile("Your list for today"))).to_be_visible()
    row = page.locator(f"#task-{task.pk}")
    expect(row).to_contain_text("Ask about the spring order")
    expect(row).to_contain_text("The next order window opens in 20 days")
    row.locator("summary", has_text="Done").click()
    row.get_by_role("button", name="Mark done").click()
    expect(page.locator(f"#task-{task.pk}")).to_have_class(re.compile("task-closed"))
    task.refresh_from_db()
    assert task.status == TaskStatusChoices.DONE

    page.locator(f"#task-{task.pk}").get_by_role("link", name=customer.name).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(customer.name)
    expect(page.get_by_text("Margin 28.0% and profit $48,612 over the last 12 months.")).to_be_visible()
    expect(page.locator("[data-chart=radar] canvas")).to_have_count(1)
    expect(page.locator("[data-chart=orders] canvas")).to_have_count(1)
    expect(page.locator("[data-chart=season] canvas")).to_have_count(1)

    form = page.get_by_role("form", name="Log an interaction")
    form.get_by_label("Kind").select_option("call")
    form.get_by_label("Subject").fill("Discussed the spring order")
    form.get_by_role("button", name="Log interaction").click()
    expect(page.locator("#touch-form")).to_contain_text("Saved.")
    expect(page.locator(".timeline")).to_contain_text("Discussed the spring order")

    page.get_by_role("button", name="中文").click()
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    expect(page.get_by_role("heading", name="客户评估")).to_be_visible()
    expect(page.get_by_text("近12个月毛利率28.0%，利润US$48,612。")).to_be_visible()
    expect(page.get_by_text("三个月没有联系")).to_be_visible()
    page.locator("#timeline").scroll_into_view_if_needed()  # the timeline comes when scrolled to
    expect(page.locator(".timeline")).to_contain_text("Discussed the spring order")
    page.set_viewport_size({"width": 1366, "height": 2400})
    page.wait_for_timeout(300)
    page.screenshot(path="/tmp/laoke_web_360_zh.png", full_page=True)

    page.get_by_role("link", name="今天").click()
    expect(page.get_by_role("heading", name="今天", level=1)).to_be_visible()
    expect(page.get_by_text("没有到期待办——做得好。")).to_be_visible()


def test_customer_list_filters_and_dismisses_an_alert_on_a_phone(page: Page, live_server: Any) -> None:
    """On a phone-sized screen, search the list, open the customer and dismiss its alert."""
    sales = f.user("sales2")
    customer = f.rich_customer(sales, name="Porto Ceramics Lda")
    f.customer("Quiet Customer", owner=sales)
    url = live_server.url
    page.set_viewport_size({"width": 390, "height": 844})
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": url}])
    log_in(page, url, "sales2", f.PASSWORD)

    page.get_by_role("button", name="Toggle navigation").click()
    page.get_by_role("link", name="Customers", exact=True).click()
    expect(page.get_by_text("2 customers")).to_be_visible()
    page.get_by_label("Search name or code").fill("porto")
    page.get_by_role("button", name="Apply").click()
    expect(page.get_by_text("1 customer", exact=True)).to_be_visible()
    page.get_by_role("link", name="Porto Ceramics Lda").click()
    # The htmx path (card swapped in place) is what this test checks; a click before the script
    # has run posts the form as a page instead (tests/web/test_customer_actions.py covers that).
    page.wait_for_load_state("load")

    alert = page.locator(".alert-card").first
    alert.get_by_text("Dismiss…").click()
    alert.get_by_label("Why dismiss it?").fill("Spoke to them yesterday")
    alert.get_by_role("button", name="Dismiss").click()
    expect(page.locator(".alert-card").first).to_contain_text("Dismissed: Spoke to them yesterday")
    assert customer.alerts.filter(dismissed_at__isnull=False).count() == 1
