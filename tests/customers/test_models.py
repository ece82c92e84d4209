from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from laoke.accounts.models import RoleChoices, User
from laoke.customers.models import Customer
from laoke.orders.models import Order, OrderLine, Payment

pytestmark = pytest.mark.django_db


def test_a_customer_keeps_its_orders_lines_and_payments() -> None:
    """It stores an order with its lines and a late payment, and reports the days late."""
    owner = User.objects.create_user("li", password="x", role=RoleChoices.SALESPERSON)
    customer = Customer.objects.create(code="C1", name="Acme GmbH", country="DE", currency="EUR", owner=owner)
    order = Order.objects.create(
        order_no="SO-1", customer=customer, order_date=dt.date(2024, 1, 15), currency="EUR"
    )
    OrderLine.objects.create(
        order=order, line_no=1, amount_original=Decimal("100.00"), currency="EUR", amount=Decimal("108.50")
    )
    payment = Payment.objects.create(
        customer=customer, order=order, due_date=dt.date(2024, 3, 1), paid_date=dt.date(2024, 3, 11), amount=1
    )
    assert customer.orders.get().lines.get().amount == Decimal("108.50")
    assert payment.days_late == 10


def test_an_order_line_number_is_unique_within_its_order() -> None:
    """It refuses two lines with the same number in one order."""
    customer = Customer.objects.create(code="C2", name="Beta")
    order = Order.objects.create(
        order_no="SO-2", customer=customer, order_date=dt.date(2024, 1, 1), currency="USD"
    )
    OrderLine.objects.create(order=order, line_no=1, amount_original=1, currency="USD", amount=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        OrderLine.objects.create(order=order, line_no=1, amount_original=2, currency="USD", amount=2)


def test_a_salesperson_who_left_is_kept_with_the_date() -> None:
    """It keeps a departed salesperson's record and marks them as left."""
    user = User.objects.create_user("wang", password="x", left_on=dt.date(2025, 6, 30), is_active=False)
    assert user.has_left
    assert not user.is_manager
