"""The analyze page: ``laoke analyze`` for an uploaded order file, with the same grades as the command."""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.utils import translation
from python_calamine import CalamineWorkbook

from laoke.accounts.models import RoleChoices
from laoke.customers.models import Customer
from laoke.orders.models import Order
from tests.web import factories as f

pytestmark = pytest.mark.django_db
URL = "/analyze/"


def _orders_csv() -> str:
    """Twelve customers with very different sales and rhythms, Chinese ERP headers."""
    lines = ["客户简称,单据日期,价税合计"]
    start = dt.date(2024, 1, 10)
    for i in range(12):
        code = f"K{i:02d}"
        every = 1 + i % 4
        for month in range(0, 24, every):
            day = start + dt.timedelta(days=30 * month + i)
            lines.append(f"{code},{day.isoformat()},{(12 - i) ** 2 * 100}")
    return "\n".join(lines) + "\n"


def _command_grades(path: Path) -> dict[str, int]:
    out = io.StringIO()
    with translation.override("en"):
        call_command("analyze", str(path), stdout=out, stderr=io.StringIO())
    return {
        m.group(1): int(m.group(2).replace(",", ""))
        for m in re.finditer(r"^([A-Z])\s+([\d,]+)\s+[\d.]+%", out.getvalue(), re.MULTILINE)
    }


def _manager(client: Client, lang: str = "en") -> Client:
    client.force_login(f.user("boss", role=RoleChoices.MANAGER))
    client.cookies["django_language"] = lang
    return client


def test_manager_sees_the_grades_the_command_gives_and_downloads_them(client: Client, tmp_path: Path) -> None:
    """Same file, same grade counts as ``laoke analyze``; the list downloads as a workbook; no DB rows."""
    text = _orders_csv()
    path = tmp_path / "orders.csv"
    path.write_text(text, encoding="utf-8")
    expected = _command_grades(path)
    assert sum(expected.values()) == 12 and len(expected) > 1
    c = _manager(client)
    upload = SimpleUploadedFile("订单.csv", text.encode("utf-8"), content_type="text/csv")
    response = c.post(URL, {"file": upload, "home_currency": "USD"})
    assert response.status_code == 200
    page = response.content.decode()
    shown = {
        g: int(n.replace(",", ""))
        for g, n in re.findall(
            r'data-grade="([A-Z])"><td>[A-Z]</td><td class="text-end" data-count>([\d,]+)<', page
        )
    }
    assert shown == expected
    rows = re.findall(
        r'data-customer="(K\d\d)"><td>K\d\d</td><td[^>]*>[^<]*</td><td[^>]*>[^<]*</td><td>([A-Z])<', page
    )
    assert len(rows) == 12
    per_grade: dict[str, int] = {}
    for _code, grade in rows:
        per_grade[grade] = per_grade.get(grade, 0) + 1
    assert per_grade == expected
    assert "80/20" in page
    assert not Customer.objects.exists() and not Order.objects.exists()

    download = c.post(URL, {"action": "xlsx"})
    assert download.status_code == 200
    assert download["Content-Type"].startswith("application/vnd.openxmlformats")
    book = CalamineWorkbook.from_filelike(io.BytesIO(download.content))
    values = book.get_sheet_by_index(0).to_python()
    assert values[0][0] == "Customer code"
    assert {(r[0], r[3]) for r in values[1:]} == set(rows)


def test_chinese_page_has_chinese_headings(client: Client) -> None:
    """The page speaks the manager's language."""
    c = _manager(client, "zh-hans")
    page = c.get(URL).content.decode()
    assert "分析订单文件" in page


def test_salesperson_is_refused(client: Client) -> None:
    """The analysis of a whole book is a manager's tool."""
    client.force_login(f.user("li"))
    assert client.get(URL).status_code == 403
    assert client.post(URL, {"action": "xlsx"}).status_code == 403


def test_a_bad_row_is_shown_with_its_row_and_column(client: Client) -> None:
    """A wrong amount: nothing is computed and the row and column are named."""
    text = "客户简称,单据日期,价税合计\nA,2024-11-05,100\nB,2024-12-10,abc\n"
    c = _manager(client)
    response = c.post(URL, {"file": SimpleUploadedFile("orders.csv", text.encode("utf-8"))})
    assert response.status_code == 400
    page = response.content.decode()
    assert 'data-analyze="row-errors"' in page
    assert "<td>3</td><td>价税合计</td>" in page
    assert 'data-analyze="grades"' not in page


def test_an_unreadable_file_gets_one_clear_message(client: Client) -> None:
    """Garbage is not an order file: one message, no figures."""
    c = _manager(client)
    response = c.post(URL, {"file": SimpleUploadedFile("orders.xlsx", b"PK\x03\x04 not really a workbook")})
    assert response.status_code == 400
    assert 'data-analyze="upload-error"' in response.content.decode()


def test_the_year_review_links_to_the_page(client: Client) -> None:
    """Managers find the page from the year-end review header."""
    c = _manager(client)
    f.order(f.customer("Big Buyer GmbH"), dt.date(2025, 3, 5), "1000")
    assert f'href="{URL}"' in c.get("/review/2025/").content.decode()
