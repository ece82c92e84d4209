"""The key labels of each main page, read in a real browser in English and in Simplified Chinese.

A wrong translation is invisible to the untranslated-text checks: the import page's "Preview" read
上一页, "Recent imports" 最近忽略的预警, the mapping header 清除筛选条件 and the row column 低; the
policy page's preview box 上一页 and its "Save" 已保存。; the "To" date on the KPI and audit pages
收件人; a percentage "Share" 共享; a company's "Name" 姓名; Django admin's catalogue turned "Log out"
into 注销 and "Filter" into 过滤器. Each test logs in once, opens one page and checks its headings,
buttons, column headers and field labels in one language (the form login is tested elsewhere; these
log in through a session cookie to stay fast).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone
from playwright.sync_api import Locator, Page, expect

from laoke.accounts.models import RoleChoices, User
from laoke.customers.models import Customer
from tests.web import factories as f

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LANGUAGES = ["en", "zh-hans"]

#: (how to find it, English, Chinese). "heading", "button", "link", "columnheader" and "option" are
#: ARIA roles matched by their whole name; "label" is a form field's label; "text" is an element's
#: whole text; a "~" suffix matches a part of the name (a heading followed by a count or a file name).
Label = tuple[str, str, str]


def _find(page: Page, how: str, name: str) -> Locator:
    exact = not how.endswith("~")
    kind = how.rstrip("~")
    if kind == "label":
        return page.get_by_label(name, exact=exact)
    if kind == "text":
        return page.get_by_text(name, exact=exact)
    return page.get_by_role(kind, name=name, exact=exact, include_hidden=kind == "option")  # type: ignore[arg-type]


def _check(page: Page, labels: Iterable[Label], language: str) -> None:
    """Each label is on the page in ``language``."""
    for how, en, zh in labels:
        found = _find(page, how, zh if language == "zh-hans" else en).first
        if how.startswith("option"):
            expect(found).to_be_attached()
        else:
            expect(found).to_be_visible()


def _user(username: str, role: str = RoleChoices.SALESPERSON, **fields: Any) -> User:
    """A user without a password: the tests log in through a session, which skips two slow hashes."""
    person = User(username=username, role=role, **fields)
    person.set_unusable_password()
    person.save()
    return person


def _open(page: Page, live_server: Any, language: str, path: str, user: User | None = None) -> str:
    """Log in (as a company-level manager unless ``user`` is given), then open ``path`` in ``language``."""
    url = live_server.url
    client = Client()
    client.force_login(user or _user("boss", role=RoleChoices.MANAGER))
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [
            {"name": settings.SESSION_COOKIE_NAME, "value": session, "url": url},
            {"name": "django_language", "value": language, "url": url},
        ]
    )
    page.goto(f"{url}{path}")
    return url


def _customer(owner: User | None = None, **fields: Any) -> Customer:
    """One German customer with an order last month."""
    customer = f.customer("Hamburg Tools GmbH", owner=owner, **fields)
    f.order(customer, timezone.localdate() - dt.timedelta(days=30), amount="5000")
    return customer


@pytest.mark.parametrize("language", LANGUAGES)
def test_today(page: Page, live_server: Any, language: str) -> None:
    """Today: its heading, the task-kind chip (was the code "alert") and the menu's Log out (was 注销)."""
    boss = _user("boss", role=RoleChoices.MANAGER)
    f.task(_customer(boss), boss, timezone.localdate(), kind="alert")
    _open(page, live_server, language, "/", boss)
    _check(
        page,
        [
            ("heading", "Today", "今天"),
            ("link~", "Alert", "预警"),
            ("text", "New task for me", "给自己加一条待办"),
            ("button", "Tomorrow", "明天再办"),
            ("button", "Next week", "下周再办"),
        ],
        language,
    )
    expect(page.locator("#agenda-tools .kind-chip")).not_to_contain_text("alert")
    page.locator("#main-nav .dropdown-toggle").last.click()
    _check(page, [("button", "Log out", "退出登录")], language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_dashboard(page: Page, live_server: Any, language: str) -> None:
    """Portfolio: a percentage "Share" reads 占比 (it read 共享, "shared")."""
    _customer(_user("sales1"))
    _open(page, live_server, language, "/dashboard/")
    _check(
        page,
        [
            ("heading", "Portfolio", "客户组合"),
            ("heading", "Grade distribution", "客户等级分布"),
            ("columnheader", "Share", "占比"),
            ("heading", "Sales per owner", "各负责业务员销售额"),
            ("heading", "Sales by country", "按国家的销售额"),
        ],
        language,
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_customer_list(page: Page, live_server: Any, language: str) -> None:
    """Customers: a company's "Name" reads 名称 (it read 姓名, a person's name); countries by name."""
    _customer(_user("sales1"))
    _open(page, live_server, language, "/customers/")
    _check(
        page,
        [
            ("heading", "Customers", "客户"),
            ("columnheader~", "Name", "名称"),
            ("columnheader~", "Owner", "负责业务员"),
            ("label", "Grade", "客户等级"),
            ("button", "Apply", "应用"),
            ("option", "Germany", "德国"),
            ("cell", "Germany", "德国"),
        ],
        language,
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_customer_360(page: Page, live_server: Any, language: str) -> None:
    """A customer's page: the scorecard, its dimensions, contacts and the country by name."""
    owner = _user("sales1")
    customer = f.rich_customer(owner)
    _open(page, live_server, language, f"/customers/{customer.pk}/", owner)
    _check(
        page,
        [
            ("heading~", "Hamburg Tools GmbH", "Hamburg Tools GmbH"),
            ("heading~", "Scorecard", "客户评估"),
            ("columnheader", "Dimension", "评估维度"),
            ("heading~", "Contacts", "联系人"),
            ("heading~", "Next order window", "预计下单时间"),
            ("text~", "Germany", "德国"),
        ],
        language,
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_import(page: Page, live_server: Any, language: str, tmp_path: Path) -> None:
    """Import: upload, mapping, result. "Preview" read 上一页, "Recent imports" 最近忽略的预警, the
    mapping's "Column in the file" 清除筛选条件 and the result's row column 低."""
    _open(page, live_server, language, "/import/")
    _check(
        page,
        [
            ("heading", "Import", "导入"),
            ("heading", "Upload a file", "上传文件"),
            ("button", "Preview", "预览"),
            ("heading", "Recent imports", "最近的导入"),
            ("text", "No imports yet.", "还没有导入过文件。"),
        ],
        language,
    )
    bad = tmp_path / "orders.csv"
    bad.write_text(
        "客户,日期,金额,币种\nACME,2025-01-05,1000,USD\nGamma,2025-03-09,abc,USD\n", encoding="utf-8"
    )
    page.locator("#import-file").set_input_files(str(bad))
    page.locator("form[enctype] button[type=submit]").click()
    _check(
        page,
        [
            ("columnheader", "Column in the file", "文件中的列"),
            ("columnheader", "Imported as", "导入为"),
            ("option", "order date", "下单日期"),
        ],
        language,
    )
    page.locator("form.manager-import-form button[type=submit]").click()
    _check(
        page,
        [
            ("heading~", "Nothing was imported", "未导入任何数据"),
            ("columnheader", "Rows", "行"),
            ("columnheader", "Column", "列"),
            ("columnheader", "Reason", "原因"),
        ],
        language,
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_policy(page: Page, live_server: Any, language: str) -> None:
    """Policy: "Save" read 已保存。 and the preview box 上一页; thresholds showed code names."""
    _customer(_user("sales1"))
    _open(page, live_server, language, "/policy/")
    _check(
        page,
        [
            ("heading", "Policy", "评估标准"),
            ("heading", "Weights", "权重"),
            ("heading", "Save", "保存"),
            ("label", "At risk after (buying rhythms without an order)", "流失风险：未下单达采购周期的倍数"),
            ("label", "Share of sales made by the top customers", "头部客户贡献的销售额比例"),
            ("heading", "History", "修改记录"),
            ("columnheader", "Saved", "保存时间"),
            ("button", "Save and re-grade", "保存并重新评级"),
        ],
        language,
    )
    page.locator("button[hx-post$='/policy/preview/']").first.click()
    expect(page.locator("#policy-preview h2")).to_have_text("预览" if language == "zh-hans" else "Preview")


@pytest.mark.parametrize("language", LANGUAGES)
def test_kpi(page: Page, live_server: Any, language: str) -> None:
    """KPIs: the period's "To" date read 收件人 (a mail's recipient); "Share" read 共享."""
    _customer(_user("sales1"))
    _open(page, live_server, language, "/kpi/")
    _check(
        page,
        [
            ("heading", "KPIs", "关键指标"),
            ("label", "From", "从"),
            ("label", "To", "到"),
            ("heading", "Owner concentration", "负责业务员集中度"),
            ("columnheader", "Share", "占比"),
            ("heading", "Losses by reason", "流失原因"),
        ],
        language,
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_pipeline_board(page: Page, live_server: Any, language: str) -> None:
    """The pipeline board and its links."""
    _open(page, live_server, language, "/pipeline/")
    _check(
        page,
        [
            ("heading", "Pipeline", "目标客户管道"),
            ("link", "Pace", "节奏"),
            ("link", "Target profile", "目标客户画像"),
        ],
        language,
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_inquiries(page: Page, live_server: Any, language: str) -> None:
    """Inquiries: a company's "Name" is 名称, and the form's kind is the customer kind."""
    _open(page, live_server, language, "/inquiries/")
    _check(
        page,
        [
            ("heading", "Inquiries", "询盘"),
            ("columnheader", "Name", "名称"),
            ("columnheader", "Owner", "负责业务员"),
            ("columnheader", "Similarity", "相似度"),
            ("heading", "Record an inquiry", "录入询盘"),
            ("label", "Kind", "客户类型"),
        ],
        language,
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_audit_log(page: Page, live_server: Any, language: str) -> None:
    """Audit log: "To" read 收件人, "Filter" 过滤器 and "Action" 动作 (Django admin's words)."""
    _open(page, live_server, language, "/audit/")
    _check(
        page,
        [
            ("heading", "Audit log", "审计日志"),
            ("label", "Action", "操作"),
            ("option", "Logged out", "退出登录"),
            ("label", "From", "从"),
            ("label", "To", "到"),
            ("button", "Filter", "筛选"),
            ("columnheader", "Action", "操作"),
            ("columnheader", "IP address", "IP 地址"),
        ],
        language,
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_team(page: Page, live_server: Any, language: str) -> None:
    """Team: a person's "Name" is 姓名 and an active salesperson is 在职 (it read 有效)."""
    _user("sales1", first_name="Na", last_name="Li")
    _open(page, live_server, language, "/team/")
    _check(
        page,
        [
            ("heading", "Team", "团队"),
            ("columnheader", "Name", "姓名"),
            ("columnheader", "Status", "状态"),
            ("text", "active", "在职"),
            ("heading", "Team rules", "团队规则"),
        ],
        language,
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_shared_pool(page: Page, live_server: Any, language: str) -> None:
    """The shared pool names a customer's country (it showed the ISO code DE)."""
    _customer()
    _open(page, live_server, language, "/team/pool/")
    _check(
        page,
        [
            ("heading~", "Shared pool", "公海"),
            ("columnheader", "Country", "国家"),
            ("cell", "Germany", "德国"),
        ],
        language,
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_festivals(page: Page, live_server: Any, language: str) -> None:
    """Festival greetings per country, countries by name."""
    _open(page, live_server, language, "/cadence/festivals/")
    _check(
        page,
        [
            ("heading", "Festival greetings", "节日问候"),
            ("columnheader", "Country", "国家"),
            ("columnheader", "Greetings", "问候"),
            ("rowheader", "Australia", "澳大利亚"),
        ],
        language,
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_jobs(page: Page, live_server: Any, language: str) -> None:
    """The jobs page and its buttons."""
    _open(page, live_server, language, "/jobs/")
    _check(
        page,
        [
            ("heading", "Jobs", "后台任务"),
            ("button", "Re-score now", "立即重新评估"),
            ("columnheader", "Next run", "下次运行"),
        ],
        language,
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_mail_settings(page: Page, live_server: Any, language: str) -> None:
    """Mail settings."""
    _open(page, live_server, language, "/mailbox/")
    _check(
        page,
        [
            ("heading", "Mailbox", "邮箱"),
            ("label", "E-mail address", "邮箱地址"),
            ("label", "IMAP server", "IMAP 服务器"),
            ("button", "Check and save", "检查并保存"),
        ],
        language,
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_company_settings(page: Page, live_server: Any, language: str) -> None:
    """Company set-up and its exchange rates ("Add" read 增加, Django admin's word)."""
    url = _open(page, live_server, language, "/company/")
    _check(
        page,
        [
            ("heading", "Company set-up", "公司设置"),
            ("label", "Company name", "公司名称"),
            ("label", "Home currency", "本位币"),
            ("button", "Save", "保存"),
        ],
        language,
    )
    page.goto(f"{url}/company/rates/")
    _check(page, [("button", "Add", "添加")], language)


#: Lines a label takes: its content height over its line height.
LINES = (
    "el => { const s = getComputedStyle(el); const lh = parseFloat(s.lineHeight);"
    " const inner = el.getBoundingClientRect().height - parseFloat(s.paddingTop)"
    " - parseFloat(s.paddingBottom) - parseFloat(s.borderTopWidth) - parseFloat(s.borderBottomWidth);"
    " return Math.round(inner / lh); }"
)


@pytest.mark.parametrize("path", ["/customers/", "/audit/"])
def test_chinese_column_headers_stay_on_one_line_on_a_phone(page: Page, live_server: Any, path: str) -> None:
    """On a 390 px phone the tables scroll sideways instead of breaking 操作 or 负责业务员 one
    character per line (the audit log's headers and actions, the customer list's headers did)."""
    _customer(_user("sales1"))
    page.set_viewport_size({"width": 390, "height": 844})
    _open(page, live_server, "zh-hans", path)
    headers = page.locator("table thead th")
    assert headers.count() >= 5
    for i in range(headers.count()):
        header = headers.nth(i)
        assert header.evaluate(LINES) == 1, f"{header.inner_text()!r} breaks on {path}"
