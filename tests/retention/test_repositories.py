from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from laoke.accounts.models import User
from laoke.core.schema import CUSTOMER_SCHEMA, INTERACTION_SCHEMA, ORDER_LINE_SCHEMA
from laoke.customers.models import Customer
from laoke.interactions.models import Interaction, Promise
from laoke.orders.models import Order, OrderLine, Payment, Product
from laoke.retention import repositories
from laoke.retention.models import LossRecord

pytestmark = pytest.mark.django_db


@pytest.fixture
def book() -> Customer:
    gone = User.objects.create_user("zhao", password="x", left_on=dt.date(2025, 1, 31), is_active=False)
    customer = Customer.objects.create(code="C1", name="Acme", country="DE", currency="EUR", owner=gone)
    Customer.objects.create(code="C2", name="Blank")
    order = Order.objects.create(
        order_no="SO-1", customer=customer, order_date=dt.date(2024, 5, 6), currency="EUR"
    )
    product = Product.objects.create(sku="P-1", name="Resin")
    OrderLine.objects.create(
        order=order,
        line_no=1,
        product=product,
        quantity=Decimal("2"),
        unit_price=Decimal("50"),
        amount_original=Decimal("100"),
        currency="EUR",
        amount=Decimal("108.5"),
        cost=Decimal("80"),
    )
    Payment.objects.create(
        customer=customer, order=order, due_date=dt.date(2024, 6, 5), amount=Decimal("108.5")
    )
    Interaction.objects.create(
        customer=customer,
        kind="email_out",
        direction="out",
        reply_hours=3.5,
        occurred_at=timezone.make_aware(dt.datetime(2024, 5, 1, 20, 0), dt.UTC),
    )
    Promise.objects.create(
        customer=customer,
        kind="rebate",
        description="2 %",
        made_on=dt.date(2024, 1, 1),
        due_date=dt.date(2024, 3, 1),
        kept=False,
    )
    LossRecord.objects.create(customer=customer, lost_on=dt.date(2025, 3, 1), reason="owner_left")
    return customer


def test_order_lines_load_in_the_canonical_schema(book: Customer) -> None:
    """It loads order lines with the core's column names and types, amounts in home currency."""
    lines = repositories.load_order_lines()
    assert lines.schema == ORDER_LINE_SCHEMA
    row = lines.row(0, named=True)
    assert (row["customer_id"], row["order_date"], row["amount"], row["cost"]) == (
        "C1",
        dt.date(2024, 5, 6),
        108.5,
        80.0,
    )
    assert row["product"] == "P-1"


def test_customers_show_an_owner_who_left_and_blank_fields_as_null(book: Customer) -> None:
    """It marks customers whose owner left, and turns empty text into null."""
    customers = repositories.load_customers().sort("customer_id")
    assert customers.schema == CUSTOMER_SCHEMA
    assert customers["owner_active"].to_list() == [False, None]
    assert customers["country"].to_list() == ["DE", None]


def test_interactions_are_dated_in_the_site_time_zone(book: Customer) -> None:
    """It dates an e-mail sent at 20:00 UTC on the next day in Shanghai."""
    interactions = repositories.load_interactions()
    assert interactions.schema == INTERACTION_SCHEMA
    assert interactions["occurred_on"].to_list() == [dt.date(2024, 5, 2)]
    assert interactions["reply_hours"].to_list() == [3.5]


def test_payments_promises_and_losses_load(book: Customer) -> None:
    """It loads an unpaid payment, a broken promise and the loss record."""
    assert repositories.load_payments()["paid_date"].to_list() == [None]
    assert repositories.load_promises()["kept"].to_list() == [False]
    assert repositories.load_loss_records()["reason"].to_list() == ["owner_left"]


def test_order_lines_read_in_batches_are_the_same_book(monkeypatch: pytest.MonkeyPatch) -> None:
    """Read a few rows at a time, each line keeps its order's customer, date and salesperson and
    its product's SKU and category, in stored order, with blank text as null and no line lost."""
    from laoke.orders.models import Category

    monkeypatch.setattr(repositories, "FETCH_ROWS", 2)
    li = User.objects.create_user("li", password="x")
    acme = Customer.objects.create(code="C1", name="Acme", country="DE", currency="EUR")
    beta = Customer.objects.create(code="C2", name="Beta", country="", currency="USD")
    resin = Product.objects.create(sku="P-1", name="Resin", category=Category.objects.create(name="Resins"))
    plain = Product.objects.create(sku="P-2", name="Film")
    first = Order.objects.create(
        order_no="SO-1", customer=acme, order_date=dt.date(2024, 5, 6), currency="EUR", salesperson=li
    )
    second = Order.objects.create(
        order_no="SO-2", customer=beta, order_date=dt.date(2025, 1, 2), currency="USD"
    )
    lines = [
        (first, 1, resin, "2", "50", "100", "EUR", "108.5", "80"),
        (first, 2, None, None, None, "-10", "EUR", "-10.85", None),
        (second, 1, plain, "3", "0.333333", "1", "", "1", "0.5"),
        (second, 2, resin, "1", "7.5", "7.5", "USD", "7.5", None),
        (first, 3, plain, "1", "1", "1", "EUR", "1.09", "1"),
    ]
    for order, no, product, quantity, price, original, currency, amount, cost in lines:
        OrderLine.objects.create(
            order=order,
            line_no=no,
            product=product,
            quantity=quantity and Decimal(quantity),
            unit_price=price and Decimal(price),
            amount_original=Decimal(original),
            currency=currency,
            amount=Decimal(amount),
            cost=cost and Decimal(cost),
        )

    frame = repositories.load_order_lines()

    assert frame.schema == ORDER_LINE_SCHEMA
    assert all(frame[name].n_chunks() == 1 for name in frame.columns)
    assert frame.select(
        "customer_id", "order_id", "line_no", "product", "category", "country", "salesperson"
    ).rows() == [
        ("C1", "SO-1", 1, "P-1", "Resins", "DE", "li"),
        ("C1", "SO-1", 2, None, None, "DE", "li"),
        ("C2", "SO-2", 1, "P-2", None, None, None),
        ("C2", "SO-2", 2, "P-1", "Resins", None, None),
        ("C1", "SO-1", 3, "P-2", None, "DE", "li"),
    ]
    assert frame["order_date"].to_list() == [dt.date(2024, 5, 6)] * 2 + [dt.date(2025, 1, 2)] * 2 + [
        dt.date(2024, 5, 6)
    ]
    assert frame.select("quantity", "unit_price", "amount_original", "currency", "amount", "cost").rows() == [
        (2.0, 50.0, 100.0, "EUR", 108.5, 80.0),
        (None, None, -10.0, "EUR", -10.85, None),
        (3.0, 0.333333, 1.0, None, 1.0, 0.5),
        (1.0, 7.5, 7.5, "USD", 7.5, None),
        (1.0, 1.0, 1.0, "EUR", 1.09, 1.0),
    ]


@pytest.mark.parametrize("fetch_rows", [1, 2, 100_000])
def test_rows_read_by_polars_make_the_frame_the_columns_made(
    monkeypatch: pytest.MonkeyPatch, fetch_rows: int
) -> None:
    """A batch without dates is built from the row tuples by Polars; it is the frame the typed
    columns made (``_by_columns``): nulls, blank text as null, whole numbers in float columns,
    large integers, and the same frame whatever the batch size."""
    import polars as pl
    from django.db import connection

    monkeypatch.setattr(repositories, "FETCH_ROWS", fetch_rows)
    sql = """
        SELECT 1, CAST(2.5 AS DOUBLE PRECISION), 'x', NULL, CAST(1 AS DOUBLE PRECISION)
        UNION ALL SELECT NULL, CAST(3 AS DOUBLE PRECISION), '', 'y', NULL
        UNION ALL SELECT 9007199254740993, NULL, NULL, '', CAST(-0.1 AS DOUBLE PRECISION)
        UNION ALL SELECT -4, CAST(1e300 AS DOUBLE PRECISION), '中', 'z', CAST(0 AS DOUBLE PRECISION)
    """
    schema = {"a": pl.Int64, "b": pl.Float64, "c": pl.String, "d": pl.String, "e": pl.Float64}
    with connection.cursor() as cursor:
        cursor.execute(sql)
        fetched = cursor.fetchall()
    reference = repositories._by_columns(fetched, list(schema), schema).with_columns(
        pl.col(pl.String).replace("", None)
    )

    frame = repositories._stacked(repositories._batches(sql, [], schema), schema)

    assert frame.schema == reference.schema == pl.Schema(schema)
    assert frame.equals(reference)
    assert frame.rows() == [
        (1, 2.5, "x", None, 1.0),
        (None, 3.0, None, "y", None),
        (9007199254740993, None, None, None, -0.1),
        (-4, 1e300, "中", "z", 0.0),
    ]
