"""Fixed-shape queries compiled once (``laoke.platform.prepared.PreparedRows``) give the rows their
querysets give, for each customer and day asked, with the ORM's values (dates, sums of decimals)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from laoke.orders.models import Category, Order, OrderLine, Product
from laoke.pipeline.services import portraits
from laoke.platform.prepared import PreparedRows
from laoke.web import customer_360
from tests.web import factories as f

pytestmark = pytest.mark.django_db


def _book() -> list[int]:
    """Three customers: orders of several lines, one without lines, odd amounts, products with a
    category and a launch day, open and paid payments; and one with nothing."""
    category = Category.objects.create(name="Pumps <&>")
    product = Product.objects.create(
        sku="P-1", name="Pump", category=category, launched_on=dt.date(2024, 3, 1)
    )
    ids = []
    for n, amounts in enumerate([["1234.56", "0.01", "-20.5"], ["99999999.99"], []]):
        customer = f.customer(f"C{n}")
        ids.append(customer.pk)
        for k, amount in enumerate(amounts):
            order = f.order(customer, dt.date(2025, 6, 30) - dt.timedelta(days=40 * k + n), amount)
            OrderLine.objects.create(
                order=order,
                line_no=2,
                amount_original=Decimal("3.333"),
                currency="EUR",
                amount=Decimal("3.33"),
                product=product,
            )
        if amounts:
            Order.objects.create(
                order_no=f"E{n}", customer=customer, order_date=dt.date(2025, 1, 2), currency="EUR"
            )
            f.payment(customer, dt.date(2025, 5, 1 + n), dt.date(2025, 5, 9), f"10.1{n}")
            f.payment(customer, dt.date(2025, 6, 1), None, "777")
            f.payment(customer, dt.date(2020, 6, 1), dt.date(2020, 5, 1))
    return ids


PREPARED = [
    (customer_360._ORDER_TOTALS, ()),
    (customer_360._LATEST_PAYMENTS, ()),
    (portraits._LINES, (dt.date(2024, 6, 30), dt.date(2025, 6, 30))),
    (portraits._PAYMENTS, (dt.date(2024, 6, 30), dt.date(2025, 6, 30))),
    (portraits._LINES, (dt.date(2025, 5, 1), dt.date(2025, 6, 29))),
]


@pytest.mark.parametrize(("prepared", "days"), PREPARED)
def test_the_rows_are_the_querysets(prepared: PreparedRows, days: tuple[dt.date, ...]) -> None:
    ids = _book()
    seen = []
    for pk in [*ids, 10**6]:
        expected = list(prepared.build(pk, *days))
        got = prepared.rows(pk, *days)
        assert got == expected
        assert [tuple(map(type, row)) for row in got] == [tuple(map(type, row)) for row in expected]
        seen.append(got)
    assert any(seen) and len({repr(rows) for rows in seen}) > 2  # each customer's own rows
    assert prepared._compiled["default"] is not None  # compiled, not the ORM's way


def test_one_query_and_no_orm_build_after_the_first() -> None:
    ids = _book()
    customer_360.order_history(ids[0])
    with CaptureQueriesContext(connection) as captured:
        monthly, recent = customer_360.order_history(ids[1])
    assert len(captured) == 1
    assert recent and sum(monthly.values()) == Decimal("99999999.99") + Decimal("3.33")


def test_a_stand_in_not_found_is_run_through_the_orm() -> None:
    ids = _book()
    prepared = PreparedRows(
        lambda _pk: Order.objects.filter(customer_id=ids[0]).values_list("order_no"), 987654321
    )
    assert prepared.rows(ids[1]) == list(Order.objects.filter(customer_id=ids[0]).values_list("order_no"))
    assert prepared._compiled["default"] is None


def test_the_home_currency_is_read_again_on_each_call() -> None:
    from laoke.company.currency import _HOME_CURRENCY, home_currency
    from laoke.company.models import CompanySettings

    CompanySettings.objects.filter(pk=1).delete()
    assert home_currency() == "USD"
    CompanySettings.objects.update_or_create(pk=1, defaults={"home_currency": "EUR"})
    assert home_currency() == "EUR"
    CompanySettings.objects.filter(pk=1).update(home_currency="CNY")
    assert home_currency() == "CNY"
    assert _HOME_CURRENCY._compiled["default"] is not None
