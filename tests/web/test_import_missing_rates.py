"""A manager's first import in foreign currencies: refused for missing rates with one message per
currency, rates entered from the import page, the same file retried and converted to home currency."""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from laoke.company.models import ExchangeRate
from laoke.fileio.export import xlsx_bytes
from laoke.importing.models import ImportBatch
from laoke.orders.models import OrderLine

pytestmark = pytest.mark.django_db

HEADERS = ["订单号", "客户", "日期", "金额", "币种"]


def _orders() -> list[list[object]]:
    """12 GBP lines (2024-11 … 2025-10), 3 EUR lines (2025-01 … 2025-03), 2 in the home currency."""
    rows: list[list[object]] = []
    for i in range(12):
        year, month = (2024, 11 + i) if i < 2 else (2025, i - 1)
        rows.append([f"G{i}", "London Ltd", f"{year}-{month:02d}-05", 100 + i, "GBP"])
    for i in range(3):
        rows.append([f"E{i}", "Berlin GmbH", f"2025-{i + 1:02d}-10", 200, "EUR"])
    rows += [["C1", "Ningbo Co", "2025-02-01", 500, "CNY"], ["C2", "Ningbo Co", "2025-03-01", 600, ""]]
    return rows


def _as_csv(rows: Sequence[Sequence[object]]) -> bytes:
    lines: list[Sequence[object]] = [HEADERS, *rows]
    return "\n".join(",".join(str(v) for v in row) for row in lines).encode()


def _upload_and_import(client: Client, name: str, data: bytes) -> ImportBatch:
    preview = client.post(reverse("import"), {"file": SimpleUploadedFile(name, data), "kind": "orders"})
    mapping = {f"map{c['index']}": c["field"] for c in preview.context["columns"]}
    client.post(reverse("import_run"), mapping)
    return ImportBatch.objects.latest("pk")


@pytest.mark.parametrize(
    ("name", "data"), [("orders.csv", _as_csv(_orders())), ("orders.xlsx", xlsx_bytes(HEADERS, _orders()))]
)
def test_missing_rates_are_grouped_entered_from_the_page_and_the_retry_converts(
    manager_client: Client, name: str, data: bytes
) -> None:
    """It refuses the file with one line per currency, takes the rates on the page, and the retried
    import stores every line with its amount in the home currency."""
    manager_client.post(
        reverse("company_setup"),
        {
            "name": "Ningbo Tools",
            "home_currency": "CNY",
            "fiscal_year_start_month": "1",
            "time_zone": "Asia/Shanghai",
        },
    )
    batch = _upload_and_import(manager_client, name, data)
    assert batch.status == ImportBatch.Status.FAILED and OrderLine.objects.count() == 0
    page = manager_client.get(reverse("import_batch", args=[batch.pk]))
    html = page.content.decode()
    assert "GBP: no rate for 2024-11 … 2025-10 (12 lines)" in html
    assert "EUR: no rate for 2025-01 … 2025-03 (3 lines)" in html
    assert len(re.findall(r"no exchange rate for GBP", html)) == 1  # one grouped row, not twelve
    assert "no exchange rate for GBP on" not in html
    retry = dict(page.context["retry_fields"])

    rates = "币种,日期,汇率\nGBP,2024-11-01,9.1\nGBP,2025-06-01,9.3\nEUR,2025-01-01,7.8\n"
    stored = manager_client.post(
        reverse("company_rates"),
        {"action": "upload", "text": rates, "next": reverse("import_batch", args=[batch.pk])},
    )
    assert stored["Location"] == reverse("import_batch", args=[batch.pk])
    assert ExchangeRate.objects.count() == 3

    manager_client.post(reverse("import_run"), retry)
    retried = ImportBatch.objects.latest("pk")
    assert retried.pk != batch.pk and retried.status == ImportBatch.Status.DONE
    assert OrderLine.objects.count() == 17
    first_gbp = OrderLine.objects.get(order__order_no="G0")
    assert (first_gbp.amount_original, first_gbp.currency, first_gbp.amount) == (
        Decimal("100.00"),
        "GBP",
        Decimal("910.00"),
    )
    assert OrderLine.objects.get(order__order_no="G9").amount == Decimal("1013.70")  # 109 × 9.3 from June on
    assert OrderLine.objects.get(order__order_no="C2").amount == Decimal("600.00")


def test_missing_rates_message_in_chinese(manager_client: Client) -> None:
    """It words the grouped message in Chinese."""
    manager_client.cookies["django_language"] = "zh-hans"
    batch = _upload_and_import(manager_client, "orders.csv", _as_csv(_orders()))
    html = manager_client.get(reverse("import_batch", args=[batch.pk])).content.decode()
    assert "GBP：2024-11 … 2025-10 缺少汇率（12 行）" in html


def test_identical_errors_are_grouped(manager_client: Client) -> None:
    """It lists the same error on many rows once, with the rows and how many there are."""
    rows = [[f"X{i}", "ACME", "2025-01-05", "n/a", "USD"] for i in range(8)]
    batch = _upload_and_import(manager_client, "bad.csv", _as_csv(rows))
    html = manager_client.get(reverse("import_batch", args=[batch.pk])).content.decode()
    assert html.count("&#x27;n/a&#x27; is not a number") == 1
    assert "2, 3, 4, 5, 6 …" in html and "8 rows" in html
