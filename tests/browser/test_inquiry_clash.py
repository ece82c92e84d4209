"""The clash warning (撞单) in a real browser, in English and Chinese: recorded, warned, colleague told."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from laoke.retention.models import Task
from tests.browser.conftest import log_in
from tests.web import factories as f

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize(
    ("language", "warning", "owner_text", "hidden", "board_flag"),
    [
        ("en", "Possible clash", "owned by Wang", "A customer you cannot open", "Possible clash: Wang"),
        ("zh-hans", "可能撞单", "负责人：Wang", "一位你无权查看的客户", "可能撞单: Wang"),
    ],
)
def test_an_inquiry_like_a_colleagues_customer_shows_the_clash(
    page: Page, live_server: Any, language: str, warning: str, owner_text: str, hidden: str, board_flag: str
) -> None:
    sales = f.user("sales1", first_name="Li")
    other = f.user("sales2", first_name="Wang")
    theirs = f.customer("Müller Chemie GmbH", owner=other)
    f.contact(theirs, "Hans", email="hans@mueller-chemie.de")
    url = live_server.url
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": url}])
    log_in(page, url, "sales1", f.PASSWORD)
    page.context.add_cookies([{"name": "django_language", "value": language, "url": url}])

    page.goto(f"{url}/inquiries/")
    form = page.locator("#inquiry-form")
    form.locator("#id_name").fill("MÜLLER-CHEMIE")
    form.locator("#id_email").fill("einkauf@mueller-chemie.de")
    form.locator("#id_country").fill("德国")
    form.locator("button[type=submit]").click()

    alert = page.locator("#clash-warning")
    expect(alert).to_contain_text(warning)
    expect(alert).to_contain_text(owner_text)
    expect(alert).to_contain_text(hidden)
    expect(alert).not_to_contain_text("Müller Chemie GmbH")
    page.goto(f"{url}/pipeline/")
    expect(page.locator(".clash-flag")).to_contain_text(board_flag)
    assert Task.objects.filter(assignee=other, details__code="clash", customer=theirs).count() == 1
    assert sales.prospects.get().country == "DE"
