"""Writing order files into the database: natural keys, re-import, all-or-nothing, partial."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
from django.db import transaction

from laoke.accounts.models import User
from laoke.customers.models import Customer
from laoke.fileio import read_order_file
from laoke.importing.models import ImportBatch
from laoke.importing.services import import_orders, preview_import
from laoke.orders.models import Order, OrderLine, Payment
from tests.importing.conftest import ORDERS, counts

pytestmark = pytest.mark.django_db
RATES = {"EUR": 1.1}


def run(path: Path, **options: object) -> object:
    """Read and import ``path`` inside a transaction, as the command does."""
    result = read_order_file(path, rates=RATES, home_currency="USD")
    with transaction.atomic():
        return import_orders(result=result, file_name=str(path), **options)  # type: ignore[arg-type]


def test_a_good_file_creates_customers_products_orders_lines_and_payments(
    write_text: Callable[..., Path],
) -> None:
    """It creates every record of a good file, converting EUR and keeping the original amount."""
    User.objects.create_user("li", password="x")
    report = run(write_text("o.csv", ORDERS))
    assert report.ok and report.written  # type: ignore[attr-defined]
    assert counts() == {
        "customers": 2,
        "categories": 1,
        "products": 2,
        "orders": 2,
        "lines": 3,
        "payments": 2,
        "batches": 1,
    }
    acme = Customer.objects.get(code="C001")
    assert (acme.name, acme.country, acme.payment_terms, acme.owner.username) == (
        "Acme GmbH",
        "DE",
        "TT",
        "li",
    )
    line = OrderLine.objects.get(order__order_no="SO-1", line_no=1)
    assert (line.amount_original, line.currency, line.amount) == (Decimal("125.00"), "EUR", Decimal("137.50"))
    assert line.product.sku == "WX-1" and line.product.category.name == "灯具"
    order = Order.objects.get(order_no="SO-1")
    assert order.salesperson.username == "li" and order.import_batch.status == ImportBatch.Status.DONE
    payment = Payment.objects.get(order=order)
    assert (payment.due_date, payment.paid_date, payment.amount) == (
        dt.date(2024, 2, 5),
        dt.date(2024, 2, 10),
        Decimal("159.50"),
    )
    assert Payment.objects.get(order__order_no="SO-2").paid_date is None
    assert any("wang" in w for w in report.warnings)  # type: ignore[attr-defined]


def test_reimporting_the_same_file_changes_nothing(write_text: Callable[..., Path]) -> None:
    """It leaves every table as it was when the same file is imported again (only a batch is added)."""
    path = write_text("o.csv", ORDERS)
    run(path)
    before = counts()
    stored = list(OrderLine.objects.order_by("pk").values_list("pk", "amount", "quantity", "product_id"))
    report = run(path)
    assert counts() == {**before, "batches": before["batches"] + 1}
    assert (
        list(OrderLine.objects.order_by("pk").values_list("pk", "amount", "quantity", "product_id")) == stored
    )
    assert report.unchanged["lines"] == 3 and not report.created["lines"]  # type: ignore[attr-defined]


def test_a_changed_line_is_updated_on_reimport(write_text: Callable[..., Path]) -> None:
    """It updates a line whose price changed in the file instead of adding a new one."""
    run(write_text("o.csv", ORDERS))
    report = run(write_text("o.csv", ORDERS.replace("10,12.5,EUR", "10,13,EUR")))
    assert OrderLine.objects.count() == 3
    assert OrderLine.objects.get(order__order_no="SO-1", line_no=1).amount_original == Decimal("130.00")
    assert report.updated["lines"] == 1  # type: ignore[attr-defined]


def test_a_file_without_order_numbers_gets_stable_ones(write_text: Callable[..., Path]) -> None:
    """It derives one order per customer and day from a hash, the same on every import."""
    text = "客户,日期,金额\nA,2024-01-05,10\nA,2024-01-05,20\nB,2024-01-05,5\n"
    path = write_text("o.csv", text)
    run(path)
    numbers = sorted(Order.objects.values_list("order_no", flat=True))
    run(path)
    assert sorted(Order.objects.values_list("order_no", flat=True)) == numbers
    assert len(numbers) == 2 and OrderLine.objects.count() == 3


def test_one_bad_row_writes_nothing(write_text: Callable[..., Path]) -> None:
    """It writes no data at all when a row is bad, and records a failed batch with the error."""
    bad = ORDERS + "SO-3,C003,Gamma,2024-13-01,WX-1,Lamp,灯具,1,5,USD,US,li,T/T,,\n"
    report = run(write_text("o.csv", bad))
    assert not report.ok and not report.written  # type: ignore[attr-defined]
    assert counts() == {
        "customers": 0,
        "categories": 0,
        "products": 0,
        "orders": 0,
        "lines": 0,
        "payments": 0,
        "batches": 1,
    }
    batch = ImportBatch.objects.get()
    assert batch.status == ImportBatch.Status.FAILED and batch.rows_rejected == 1
    assert batch.report["errors"][0]["row"] == 5 and batch.report["errors"][0]["column"] == "下单日期"


def test_a_failing_import_leaves_existing_data_untouched(write_text: Callable[..., Path]) -> None:
    """It keeps the database exactly as it was when a second file has a bad row."""
    run(write_text("o.csv", ORDERS))
    before = counts()
    bad = ORDERS.replace("SO-2,C002,华强贸易,2024-02-01", "SO-2,C002,华强贸易,not a date") + (
        "SO-9,C009,New,2024-05-01,WX-9,New,新品,1,1,USD,US,li,T/T,,\n"
    )
    run(write_text("o2.csv", bad))
    assert counts() == {**before, "batches": before["batches"] + 1}
    assert not Customer.objects.filter(code="C009").exists()


def test_partial_keeps_the_good_rows(write_text: Callable[..., Path]) -> None:
    """It imports the good rows and reports the bad one when partial is asked for."""
    bad = ORDERS + "SO-3,,Gamma,2024-03-01,WX-1,Lamp,灯具,1,5,USD,US,li,T/T,,\n"
    report = run(write_text("o.csv", bad), partial=True)
    assert report.written and not report.ok and report.rows_rejected == 1  # type: ignore[attr-defined]
    assert OrderLine.objects.count() == 3
    assert ImportBatch.objects.get().status == ImportBatch.Status.DONE


def test_an_order_of_another_customer_in_the_database_is_rejected(write_text: Callable[..., Path]) -> None:
    """It refuses lines whose order number is stored under another customer."""
    run(write_text("o.csv", ORDERS))
    report = run(write_text("o2.csv", "订单号,客户,日期,金额\nSO-1,C002,2024-01-05,1\n"))
    assert not report.ok and report.errors[0]["code"] == "order_conflict"  # type: ignore[attr-defined]
    assert OrderLine.objects.count() == 3


def test_dry_run_writes_nothing(write_text: Callable[..., Path]) -> None:
    """It checks the file and writes nothing, not even a batch, on a dry run."""
    report = run(write_text("o.csv", ORDERS), dry_run=True)
    assert report.ok and not report.written  # type: ignore[attr-defined]
    assert set(counts().values()) == {0}


def test_preview_shows_the_detected_mapping(write_text: Callable[..., Path]) -> None:
    """It proposes a field for each recognised column and lists the first rows."""
    preview = preview_import(write_text("o.csv", ORDERS))
    assert preview.mapping["customer_id"] == "客户编号" and preview.mapping["order_date"] == "下单日期"
    assert preview.missing_required == [] and preview.rows_total == 3
    assert preview.sample[0]["客户编号"] == "C001"
