"""A manager's first day, in Chinese, from an empty install to a graded book, only in the browser.

Home currency CNY, an exchange-rates file for GBP and EUR, then a Kingdee-style XLSX built from
100 real customers of Online Retail II (moved to recent years, a few customers in EUR, two
salespeople who match no user). The grades the app stores are those ``laoke analyze`` gives for
the same file and rates. With ``LAOKE_SCREENSHOTS=docs/img`` each step is saved as
``setup-*.png`` for docs/setup.md.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections import Counter
from io import StringIO
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from django.core.management import call_command
from django.utils import translation
from playwright.sync_api import Page, expect

from laoke.accounts.models import RoleChoices, User
from laoke.company.models import CompanySettings, ExchangeRate
from laoke.customers.models import Customer
from laoke.importing.services import flow as import_flow
from laoke.retention.models import CustomerScore
from laoke.web.views.customers import PAGE_SIZE
from tests.web import factories as f

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHARED = Path(
    os.environ.get("LAOKE_SHARED_DATA", Path(__file__).resolve().parents[2] / ".." / "shared" / "data")
)
SHIFT = "14y11mo"  # Online Retail II runs 2009-12 … 2011-12; this moves it to 2024-11 … 2026-11


def _erp_book(path: Path) -> pl.DataFrame:
    """100 customers spread over the file (every n-th code), one row per order line, Kingdee headers."""
    raw = pl.read_csv(SHARED / "online_retail_ii_2009_2011.csv.gz", infer_schema_length=0)
    raw = raw.filter(pl.col("CustomerID").is_not_null() & (pl.col("CustomerID") != ""))
    codes = raw["CustomerID"].unique().sort()
    keep = codes.gather(list(range(0, codes.len(), codes.len() // 100))[:100])
    lines = (
        raw.filter(pl.col("CustomerID").is_in(keep.implode()) & ~pl.col("Invoice").str.starts_with("C"))
        .with_columns(pl.col("Quantity").cast(pl.Int64), pl.col("Price").cast(pl.Float64))
        .filter((pl.col("Quantity") > 0) & (pl.col("Price") > 0))
    )
    rank = pl.col("CustomerID").rank("dense").cast(pl.Int64)
    in_euro = rank % 8 == 0
    amount = pl.col("Quantity") * pl.col("Price")
    book = lines.select(
        pl.col("InvoiceDate").str.slice(0, 10).str.to_date().dt.offset_by(SHIFT).alias("单据日期"),
        pl.col("Invoice").alias("单据编号"),
        ("C" + pl.col("CustomerID")).alias("客户简称"),
        pl.col("StockCode").alias("物料编码"),
        pl.col("Quantity").alias("数量"),
        pl.when(in_euro).then(amount * 1.17).otherwise(amount).round(2).alias("价税合计"),
        pl.when(in_euro).then(pl.lit("EUR")).otherwise(pl.lit("GBP")).alias("币别"),
        pl.when(rank % 2 == 0).then(pl.lit("张伟")).otherwise(pl.lit("李娜")).alias("业务员"),
        pl.col("Country")
        .replace({"United Kingdom": "英国", "France": "法国", "Netherlands": "荷兰"})
        .alias("国家"),
    )
    book.write_excel(path, worksheet="销售出库单", autofit=False)
    return book


def _rates(path: Path, first: dt.date, last: dt.date) -> Path:
    """One GBP and one EUR rate to CNY per month from the first order's month to the last's."""
    rows = ["币种,日期,汇率"]
    month, i = first.replace(day=1), 0
    while month <= last:
        rows.append(f"GBP,{month.isoformat()},{9.05 + 0.01 * (i % 7):.2f}")
        rows.append(f"EUR,{month.isoformat()},{7.70 + 0.01 * (i % 5):.2f}")
        month = (month + dt.timedelta(days=32)).replace(day=1)
        i += 1
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def _shoot(page: Page, name: str, *, charts: bool = False) -> None:
    """Save the page as docs' ``setup-<name>.png`` when LAOKE_SCREENSHOTS names a folder.

    With ``charts`` it first lets the charts' grow-in animation end (a second), only then.
    """
    folder = os.environ.get("LAOKE_SCREENSHOTS")
    if folder:
        if charts:
            page.wait_for_timeout(1_500)
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"setup-{name}.png"), type="png")


def _analyze_grades(book: Path, rates: Path, as_of: dt.date) -> dict[str, int]:
    out = StringIO()
    with translation.override("en"):
        call_command(
            "analyze",
            str(book),
            "--rates",
            str(rates),
            "--home-currency",
            "CNY",
            "--as-of",
            as_of.isoformat(),
            stdout=out,
            stderr=StringIO(),
        )
    found = re.finditer(r"^([A-D])\s+([\d,]+)\s", out.getvalue(), re.M)
    return {m[1]: int(m[2].replace(",", "")) for m in found}


def test_a_manager_grades_a_real_multi_currency_book_in_the_browser(
    page: Page, live_server: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """CNY, rates, a Kingdee XLSX in GBP and EUR with its salespeople: A customers, treatments, alerts."""
    monkeypatch.setattr(import_flow, "UPLOAD_DIR", tmp_path / "uploads")
    book = tmp_path / "金蝶销售出库单.xlsx"
    lines = _erp_book(book)
    rates = _rates(tmp_path / "汇率.csv", lines["单据日期"].min(), lines["单据日期"].max())  # type: ignore[arg-type]
    f.user("boss", role=RoleChoices.MANAGER)
    assert not Customer.objects.exists() and not ExchangeRate.objects.exists()
    url = live_server.url
    page.set_viewport_size({"width": 1280, "height": 900})
    page.context.add_cookies([{"name": "django_language", "value": "zh-hans", "url": url}])
    log_in_zh(page, url)

    # 1. Home currency
    page.goto(f"{url}/company/")
    page.get_by_label("公司名称").fill("宁波工具有限公司")
    page.get_by_label("本位币").select_option("CNY")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_text("公司设置已保存。")).to_be_visible()
    _shoot(page, "1-company")
    assert CompanySettings.objects.get(pk=1).home_currency == "CNY"

    # 2. Exchange rates from a file
    page.get_by_role("link", name="汇率", exact=True).click()
    page.get_by_label("CSV 或 Excel 文件").set_input_files(str(rates))
    page.get_by_role("button", name="保存汇率").click()
    stored = ExchangeRate.objects.count()
    expect(page.get_by_text(f"已保存 {stored} 条汇率")).to_be_visible()
    assert set(ExchangeRate.objects.values_list("currency", flat=True)) == {"GBP", "EUR"}
    _shoot(page, "2-rates")

    # 3. The ERP export: headers recognised, salespeople given accounts, imported
    page.goto(f"{url}/import/")
    page.get_by_label("CSV 或 Excel 文件").set_input_files(str(book))
    page.get_by_role("button", name="预览").click()
    preview = page.locator("[data-import=preview]")
    expect(preview.get_by_role("columnheader", name="文件中的列")).to_be_visible()
    for column, field in (("单据日期", "order_date"), ("客户简称", "customer"), ("币别", "currency")):
        row = preview.locator("tr", has=page.get_by_role("rowheader", name=column, exact=True))
        assert row.locator("select").input_value().startswith(field), column
    unknown = page.locator("[data-import=unknown-salespeople]")
    expect(unknown).to_contain_text("张伟")
    expect(unknown).to_contain_text("李娜")
    page.get_by_label("张伟 对应的用户").select_option(label="新建业务员账号")
    page.get_by_label("李娜 对应的用户").select_option(label="新建业务员账号")
    _shoot(page, "3-import-preview")
    with page.expect_navigation(timeout=90_000):  # the import, then the re-score it queues
        page.get_by_role("button", name="导入", exact=True).click(timeout=90_000)
    result = page.locator("[data-import=result]")
    expect(page.get_by_role("heading", name=re.compile("导入完成"))).to_be_visible(timeout=60_000)
    expect(result).to_contain_text(re.compile(rf"{lines.height:,}|{lines.height}"))
    _shoot(page, "4-import-result")
    sales = User.objects.filter(role=RoleChoices.SALESPERSON)
    assert sales.count() == 2
    assert not Customer.objects.filter(owner=None).exists()

    # 4. Grades, an A customer's treatment, alerts
    scores = CustomerScore.objects.exclude(grade="")
    grades = Counter(scores.values_list("grade", flat=True))
    assert grades["A"] > 0, grades
    page.goto(f"{url}/dashboard/")
    expect(page.locator("[data-figure=graded]")).to_have_text(str(sum(grades.values())))
    _shoot(page, "5-dashboard", charts=True)
    page.goto(f"{url}/customers/")
    page.get_by_label("客户等级").select_option("A")
    page.get_by_role("button", name="应用").click()
    rows = page.locator("table tbody tr")
    expect(rows).to_have_count(min(grades["A"], PAGE_SIZE))
    expect(rows.locator(".badge.grade")).to_have_text(["A"] * min(grades["A"], PAGE_SIZE))
    _shoot(page, "6-customers-a")

    # an A customer: its treatment, and warnings on the customer page or the dashboard
    page.locator("table tbody tr").first.get_by_role("link").first.click()
    card = page.locator("section[aria-labelledby=h-scorecard]")
    expect(card).to_contain_text("维护策略")
    shown = CustomerScore.objects.get(customer_id=_customer_of_the_page(page))
    with translation.override("zh-hans"):
        treatment = shown.treatment  # its code worded in Chinese, as the page shows it
    assert shown.grade == "A" and treatment and shown.treatment_code
    expect(card).to_contain_text(treatment)
    card.get_by_text("维护策略").scroll_into_view_if_needed()
    _shoot(page, "7-customer-a", charts=True)
    page.goto(f"{url}/customers/")
    page.get_by_label("预警").select_option("open")
    page.get_by_role("button", name="应用").click()
    page.locator("table tbody tr").first.get_by_role("link").first.click()
    warned = Customer.objects.get(pk=_customer_of_the_page(page))
    first = warned.alerts.filter(cleared_on=None, dismissed_at=None).order_by("-severity").first()
    assert first is not None
    expect(page.locator("section[aria-labelledby=h-alerts] .alert-card").first).to_be_visible()
    with translation.override("zh-hans"):
        reason = first.reason  # its codes worded in Chinese, as the page shows it
    assert reason
    expect(page.locator("section[aria-labelledby=h-alerts]")).to_contain_text(reason)
    _shoot(page, "8-customer-alert")

    # 5. laoke analyze on the same file with the same rates gives the same grades
    as_of = scores.values_list("as_of", flat=True).first()
    assert as_of is not None
    assert _analyze_grades(book, rates, as_of) == {g: n for g, n in grades.items() if n}


def log_in_zh(page: Page, url: str) -> None:
    """Log in as the manager through the Chinese login form."""
    page.goto(f"{url}/login/")
    page.get_by_label("用户名").fill("boss")
    page.get_by_label("密码").fill(f.PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{url}/")


def _customer_of_the_page(page: Page) -> int:
    """The id of the customer whose 360° page is open, from its address (the heading shows the
    code only when it is not the name, and this book names its customers by number)."""
    page.wait_for_url(re.compile(r"/customers/\d+/"))
    found = re.search(r"/customers/(\d+)/", page.url)
    assert found is not None
    return int(found.group(1))
