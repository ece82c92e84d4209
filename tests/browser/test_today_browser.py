"""Today in a real browser, on a laptop in English and a 390×844 phone in Chinese: at most 25 tasks,
urgent work first, later and catch-up loaded when opened, and the catch-up bulk action."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from laoke.retention.models import Task, TaskStatusChoices
from tests.browser.conftest import log_in, watch_errors
from tests.web import factories as f

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _book() -> list[Task]:
    """sales1 with 30 current tasks, an open complaint due later, and 6 tasks weeks late."""
    today = timezone.localdate()
    sales = f.user("sales1", first_name="Li")
    cust = f.customer("Osaka Trading", owner=sales)
    for i in range(30):
        f.task(cust, sales, today - dt.timedelta(days=i % 10), kind="monthly_touch")
    f.task(
        cust,
        sales,
        today + dt.timedelta(days=4),
        kind="complaint",
        title_en="Resolve the complaint: cartons crushed",
        title_zh="处理客户投诉：纸箱压坏",
    )
    return [f.task(cust, sales, today - dt.timedelta(days=20 + i), kind="festival") for i in range(6)]


def _open(browser: Browser, url: str, *, width: int, height: int, language: str) -> tuple[Page, list[str]]:
    context = browser.new_context(viewport={"width": width, "height": height}, locale="en-US")
    page = context.new_page()
    page.set_default_timeout(10_000)
    errors = watch_errors(page)
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": url}])
    log_in(page, url, "sales1", f.PASSWORD)
    page.context.add_cookies([{"name": "django_language", "value": language, "url": url}])
    page.goto(url + "/")
    return page, errors


def test_today_on_a_laptop_in_english_snoozes_the_catch_up(browser: Browser, live_server: Any) -> None:
    stale = _book()
    page, errors = _open(browser, live_server.url, width=1366, height=900, language="en")
    expect(page.locator("#today-counts")).to_contain_text("25 of 37 today, 6 later, 6 to catch up")
    rows = page.locator("#today-list .task-row")
    expect(rows).to_have_count(25)
    expect(rows.first).to_contain_text("Resolve the complaint: cartons crushed")
    expect(rows.first).to_contain_text("Open complaint")
    later = page.locator("#group-later .task-row")
    expect(later).to_have_count(0)  # closed, and its rows not drawn until opened
    page.locator("#group-later summary").click()
    expect(later).to_have_count(6)
    expect(later.first).to_be_visible()
    # A loaded row's actions work as the day's do (htmx on the rows it brought).
    first = later.first
    first.get_by_role("button", name="Tomorrow").click()
    expect(first).to_contain_text("snoozed until")

    page.locator("#group-catch-up summary").click()
    expect(page.locator("#group-catch-up .catch-up-row")).to_have_count(6)
    page.get_by_label("Tick all").check()
    page.get_by_label("Do with the ticked tasks").select_option("snooze")
    page.get_by_role("button", name="Apply").click()
    expect(page.get_by_text("6 tasks snoozed.")).to_be_visible()
    # Snoozed a week, they fall within the list's seven days again: later, no longer late.
    expect(page.locator("#today-counts")).to_contain_text("25 of 37 today, 12 later, 0 to catch up")
    assert {t.status for t in Task.objects.filter(pk__in=[t.pk for t in stale])} == {
        TaskStatusChoices.SNOOZED
    }
    page.context.close()
    assert not errors, errors


def test_today_on_a_phone_in_chinese_dismisses_from_catch_up(browser: Browser, live_server: Any) -> None:
    stale = _book()
    page, errors = _open(browser, live_server.url, width=390, height=844, language="zh-hans")
    expect(page.locator("#today-counts")).to_contain_text("今日 25 项（共 37 项），稍后 6 项，待补做 6 项")
    rows = page.locator("#today-list .task-row")
    expect(rows).to_have_count(25)
    expect(rows.first).to_contain_text("处理客户投诉：纸箱压坏")
    expect(rows.first).to_contain_text("未解决投诉")
    width = page.evaluate("document.scrollingElement.scrollWidth")
    assert width <= 390, f"the page scrolls sideways on a phone ({width}px)"

    page.locator("#group-later summary").click()
    later = page.locator("#group-later .task-row")
    expect(later).to_have_count(6)
    expect(later.first).to_be_visible()
    width = page.evaluate("document.scrollingElement.scrollWidth")
    assert width <= 390, f"later's rows scroll sideways on a phone ({width}px)"

    page.locator("#group-catch-up summary").click()
    expect(page.locator("#group-catch-up .catch-up-row")).to_have_count(6)
    page.locator(f"#catch-up-{stale[0].pk}").check()
    page.get_by_label("对勾选的任务").select_option("dismiss")
    page.get_by_role("button", name="应用").click()
    expect(page.get_by_text("已忽略 1 项任务。")).to_be_visible()
    expect(page.locator("#today-counts")).to_contain_text(re.compile("待补做 5 项"))
    stale[0].refresh_from_db()
    assert stale[0].status == TaskStatusChoices.CANCELLED
    page.context.close()
    assert not errors, errors
