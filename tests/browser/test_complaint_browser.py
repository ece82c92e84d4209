"""A complaint in a real browser, in Chinese on a phone: logged on the customer page, on Today, resolved."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from laoke.interactions.models import Interaction
from laoke.retention.models import Task, TaskStatusChoices
from tests.web import factories as f

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_owner_logs_and_resolves_a_complaint_in_chinese_on_a_phone(page: Page, live_server: Any) -> None:
    """Log a complaint (task on Today at once), resolve it from the customer page; the task leaves Today."""
    sales = f.user("sales1", first_name="Li")
    customer = f.rich_customer(sales, name="Lyon Import")
    url = live_server.url
    page.set_viewport_size({"width": 390, "height": 844})
    page.context.add_cookies([{"name": "django_language", "value": "zh-hans", "url": url}])
    log_in_zh(page, url)

    page.goto(f"{url}/customers/{customer.pk}/")
    card = page.locator("#complaints")
    expect(card.get_by_role("heading", name="客户投诉")).to_be_visible()
    card.get_by_text("记录投诉", exact=True).click()
    form = card.get_by_role("form", name="记录投诉")
    form.get_by_label("投诉内容").fill("纸箱破损")
    form.get_by_label("详细情况").fill("40 箱中有 12 箱破损，要求开具贷记单。")
    form.get_by_role("button", name="记录这条投诉").click()

    expect(page.get_by_text("投诉已记录；在解决之前，它会一直留在负责业务员的待办中。")).to_be_visible()
    complaint = Interaction.objects.get(customer=customer, kind="complaint")
    expect(page.locator(f"#complaint-{complaint.pk}")).to_contain_text("纸箱破损")
    _no_horizontal_scroll(page)

    page.goto(f"{url}/")
    task = Task.objects.get(rule_key=f"complaint:{complaint.pk}")
    expect(page.locator(f"#task-{task.pk}")).to_contain_text("处理客户投诉：纸箱破损")

    page.locator(f"#task-{task.pk}").get_by_role("link", name="Lyon Import").click()
    item = page.locator(f"#complaint-{complaint.pk}")
    item.get_by_text("解决", exact=True).click()
    resolve = item.get_by_role("form", name="解决这条投诉")
    resolve.get_by_label("如何解决的？").fill("已开具贷记单，客户确认。")
    resolve.get_by_role("button", name="标记为已解决").click()

    expect(page.get_by_text("投诉已解决，相应待办已关闭。")).to_be_visible()
    expect(page.locator(".complaint-resolved")).to_contain_text("已开具贷记单，客户确认。")
    expect(page.locator("#complaints")).to_contain_text("没有未解决的投诉。")
    _no_horizontal_scroll(page)
    page.screenshot(path="/tmp/laoke_complaint_zh_phone.png", full_page=True)
    task.refresh_from_db()
    assert task.status == TaskStatusChoices.DONE

    page.goto(f"{url}/")
    expect(page.get_by_role("heading", name="今天", level=1)).to_be_visible()
    expect(page.locator(f"#task-{task.pk}")).to_have_count(0)


def log_in_zh(page: Page, url: str) -> None:
    """Log in through the Chinese login form."""
    page.goto(f"{url}/login/")
    page.locator("input[name=username]").fill("sales1")
    page.locator("input[name=password]").fill(f.PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{url}/")


def _no_horizontal_scroll(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page is {width} px wide on a 390 px phone"
