"""The company set-up pages in Chinese on a phone: settings saved, a pasted rates table stored;
nothing overflows the screen. (A refused table answers 400, which the browser logs as an error, so
the bad-row case is covered by the view tests.)"""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from laoke.accounts.models import RoleChoices
from laoke.company.models import CompanySettings, ExchangeRate
from tests.browser.conftest import log_in
from tests.web import factories as f

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _fits(page: Page) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"))


def test_manager_sets_up_the_company_in_chinese_on_a_phone(page: Page, live_server: Any) -> None:
    """It saves the home currency and stores pasted rates, all in Chinese at 390×844."""
    f.user("boss", role=RoleChoices.MANAGER)
    url = live_server.url
    log_in(page, url, "boss", f.PASSWORD)
    page.context.add_cookies([{"name": "django_language", "value": "zh-hans", "url": url}])
    page.set_viewport_size({"width": 390, "height": 844})

    page.goto(f"{url}/company/")
    expect(page.get_by_role("heading", name="公司设置", level=1)).to_be_visible()
    page.get_by_label("公司名称").fill("宁波工具有限公司")
    page.get_by_label("本位币").select_option("CNY")
    expect(page.get_by_label("本位币")).to_contain_text("CNY · 人民币")
    page.get_by_label("财年起始月份").select_option("4")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_text("公司设置已保存。")).to_be_visible()
    assert _fits(page)
    settings = CompanySettings.objects.get(pk=1)
    assert (settings.name, settings.home_currency, settings.fiscal_year_start_month) == (
        "宁波工具有限公司",
        "CNY",
        4,
    )

    page.get_by_role("link", name="汇率", exact=True).click()
    page.get_by_label("或粘贴表格").fill("币种,日期,汇率\nGBP,2024-11-01,9.1\nEUR,2024-11-01,7.7\n")
    page.get_by_role("button", name="保存汇率").click()
    expect(page.get_by_text("已保存 2 条汇率")).to_be_visible()
    expect(page.locator("[data-company=rates]")).to_contain_text("英镑")
    assert _fits(page)
    assert ExchangeRate.objects.count() == 2
