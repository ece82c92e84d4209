"""The 360° page's monthly sales (both charts) and "Latest orders" card come from one query of each
order's total: the figures equal those of summing every line by month (the computation they
replaced), with returns, several currencies, orders without lines, and no orders at all."""

from __future__ import annotations

import datetime as dt
import json
import re
from decimal import Decimal

import pytest
from django.db.models import Sum
from django.db.models.functions import TruncMonth
from django.test import Client
from django.utils import timezone, translation

from laoke.accounts.models import User
from laoke.customers.models import Customer
from laoke.orders.models import Order, OrderLine
from laoke.web import customer_360 as c360
from tests.web import factories as f

pytestmark = pytest.mark.django_db


def _lines_by_month(customer: Customer) -> dict[dt.date, Decimal]:
    """The replaced computation: every line of the customer summed per month of its order's date."""
    rows = (
        OrderLine.objects.filter(order__customer=customer)
        .annotate(month=TruncMonth("order__order_date"))
        .values("month")
        .annotate(total=Sum("amount"))
        .order_by("month")
    )
    return {row["month"].replace(day=1): row["total"] for row in rows}


def _order(customer: Customer, on: dt.date, lines: list[tuple[str, str, str]], currency: str) -> Order:
    """An order with lines of (original amount, its currency, amount in home currency)."""
    header = Order.objects.create(
        order_no=f"R-{on}-{currency}-{len(lines)}", customer=customer, order_date=on, currency=currency
    )
    for n, (original, line_currency, home) in enumerate(lines, start=1):
        OrderLine.objects.create(
            order=header,
            line_no=n,
            amount_original=Decimal(original),
            currency=line_currency,
            amount=Decimal(home),
        )
    return header


def _mixed_customer(owner: User) -> Customer:
    """Three years of orders in EUR, USD and CNY: two in one month, a return (a negative order and a
    negative line), a month that sums to nothing, an order without lines, and 25 small orders."""
    today = timezone.localdate()
    customer = f.customer("Mixed GmbH", owner=owner, currency="EUR")
    month = today.replace(day=1)
    _order(
        customer,
        month - dt.timedelta(days=20),
        [("100.10", "EUR", "789.37"), ("3.33", "EUR", "26.26")],
        "EUR",
    )
    _order(customer, month - dt.timedelta(days=25), [("250.00", "USD", "1801.25")], "USD")
    _order(customer, month - dt.timedelta(days=40), [("-50.00", "EUR", "-394.30")], "EUR")  # a return
    _order(
        customer, month - dt.timedelta(days=400), [("12.5", "USD", "90.06"), ("-2.5", "USD", "-18.01")], "USD"
    )
    _order(customer, month - dt.timedelta(days=700), [("1000", "CNY", "1000.00")], "CNY")
    _order(customer, month - dt.timedelta(days=701), [("-1000", "CNY", "-1000.00")], "CNY")  # sums to 0
    Order.objects.create(
        order_no="EMPTY-1", customer=customer, order_date=month - dt.timedelta(days=90), currency="EUR"
    )
    for n in range(25):
        f.order(customer, month - dt.timedelta(days=1000 + 3 * n), f"{n}.07")
    return customer


def test_monthly_sales_equal_the_lines_summed_by_month(sales: User) -> None:
    """Returns, currencies, a month that sums to zero and an order without lines: the same months
    and amounts, in the same order."""
    customer = _mixed_customer(sales)
    monthly, recent = c360.order_history(customer.pk)
    reference = _lines_by_month(customer)
    assert monthly == reference
    assert list(monthly) == list(reference)
    assert Decimal(0) in monthly.values()  # the month whose order and return cancel out
    assert any(v < 0 for v in monthly.values())
    assert len(recent) == c360.RECENT_ROWS


def test_latest_orders_equal_the_orders_with_their_totals(sales: User) -> None:
    """The card's rows: the 20 newest orders with the sum of their lines (None without lines)."""
    customer = _mixed_customer(sales)
    _monthly, recent = c360.order_history(customer.pk)
    reference = (
        Order.objects.filter(customer=customer)
        .annotate(total=Sum("lines__amount"))
        .order_by("-order_date", "-pk")[: c360.RECENT_ROWS]
    )
    assert [(r.order_no, r.order_date, r.currency, r.total) for r in recent] == [
        (o.order_no, o.order_date, o.currency, o.total) for o in reference
    ]
    assert any(r.total is None for r in recent)


def test_a_customer_without_orders(sales: User) -> None:
    """No orders: no months and no rows (the page says "No orders yet.")."""
    customer = f.customer("Nobody Ltd", owner=sales)
    assert c360.order_history(customer.pk) == ({}, [])


def _chart(html: str, element_id: str) -> dict[str, object]:
    found = re.search(rf'<script id="{element_id}" type="application/json">(.*?)</script>', html, re.S)
    assert found is not None
    data: dict[str, object] = json.loads(found.group(1))
    return data


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_page_draws_the_charts_and_card_of_the_old_computation(
    manager_client: Client, sales: User, language: str
) -> None:
    """The charts' data in the page are those built from the lines summed by month, and the card
    lists the newest orders with their totals."""
    customer = _mixed_customer(sales)
    today = timezone.localdate()
    forecast = f.forecast(customer, today + dt.timedelta(days=30), today + dt.timedelta(days=90))
    manager_client.cookies["django_language"] = language
    html = manager_client.get(f"/customers/{customer.pk}/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    reference = _lines_by_month(customer)
    with translation.override(language):
        orders_chart = c360.orders_chart(reference, forecast, today)
        season_chart = c360.seasonality_chart(reference)
    assert _chart(html, "orders-data") == json.loads(json.dumps(orders_chart))
    assert _chart(html, "season-data") == json.loads(json.dumps(season_chart))
    assert sum(v < 0 for v in orders_chart["values"]) >= 1  # the return's month is drawn below zero
    card = html[html.index('aria-labelledby="h-orders"') :]
    card = card[: card.index("</section>")]
    assert card.count("<tr><td>") == c360.RECENT_ROWS
    assert "1,801" in card and "-394" in card and "<td>EMPTY-1</td>" in card


def test_the_page_of_a_customer_without_orders(manager_client: Client, sales: User) -> None:
    """No orders: both charts and the card say so, and the charts' data hold no sales."""
    customer = f.customer("Nobody Ltd", owner=sales)
    html = manager_client.get(f"/customers/{customer.pk}/").content.decode()
    assert html.count("No orders yet.") == 3
    assert set(_chart(html, "orders-data")["values"]) == {0.0}  # type: ignore[arg-type]
    assert _chart(html, "season-data")["cells"] == []


def test_the_kept_months_follow_the_language_and_the_window(manager_client: Client, sales: User) -> None:
    """The heatmap's month names and the bars' months are kept per process: each page still shows
    its reader's language, and a forecast window past today stretches only that customer's bars."""
    today = timezone.localdate()
    plain, ahead = f.customer("Plain", owner=sales), f.customer("Ahead", owner=sales)
    for customer in (plain, ahead):
        f.order(customer, today.replace(day=1) - dt.timedelta(days=40))
    f.forecast(ahead, today, today + dt.timedelta(days=150))
    charts = {}
    for language in ("en", "zh-hans", "en"):
        manager_client.cookies["django_language"] = language
        for customer in (plain, ahead):
            html = manager_client.get(f"/customers/{customer.pk}/").content.decode()
            charts[language, customer.pk] = (_chart(html, "season-data"), _chart(html, "orders-data"))
        with translation.override(language):
            months = [str(c360.MONTHS_3[i]).capitalize() for i in range(1, 13)]
        assert charts[language, plain.pk][0]["months"] == months == charts[language, ahead.pk][0]["months"]
    assert charts["en", plain.pk][0]["months"][0] == "Jan" != charts["zh-hans", plain.pk][0]["months"][0]
    labels = [charts["en", c.pk][1]["labels"] for c in (plain, ahead)]
    assert len(labels[0]) == 36 and len(labels[1]) > 36 and labels[1][:36] == labels[0]  # type: ignore[arg-type,index]
    assert set(c360._MONTH_NAMES) >= {"en", "zh-hans"} and len(c360._BARS) >= 2
