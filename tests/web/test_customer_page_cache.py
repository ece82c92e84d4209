"""The 360° page keeps its orders, payments and monthly sales per customer, language, day and book
version: what a visit shows after a change is what the uncached page shows."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from laoke.accounts.models import User
from tests.web import factories as f

pytestmark = pytest.mark.django_db


def _page(client: Client, customer_id: int, language: str) -> str:
    client.cookies["django_language"] = language
    response = client.get(f"/customers/{customer_id}/", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    return response.content.decode()


def _orders_card(html: str) -> str:
    start = html.index('aria-labelledby="h-orders"')
    return html[start : html.index("</section>", start)]


def _payments_card(html: str) -> str:
    start = html.index('aria-labelledby="h-payments"')
    return html[start : html.index("</section>", start)]


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_a_new_order_shows_on_the_next_visit(manager_client: Client, sales: User, language: str) -> None:
    """An order added after a visit is listed, and counted in the sales chart, on the next visit."""
    today = timezone.localdate()
    customer = f.customer("Alpha", owner=sales)
    first = f.order(customer, today - dt.timedelta(days=60), "1000")
    html = _page(manager_client, customer.pk, language)
    assert first.order_no in _orders_card(html)
    assert "1,000" in _orders_card(html) and "4,321" not in html
    second = f.order(customer, today - dt.timedelta(days=3), "4321")
    html = _page(manager_client, customer.pk, language)
    assert second.order_no in _orders_card(html) and first.order_no in _orders_card(html)
    assert "4,321" in _orders_card(html)
    assert "4321.0" in html  # the chart's data: this month's sales


@pytest.mark.parametrize(("language", "overdue"), [("en", "overdue"), ("zh-hans", "已逾期")])
def test_a_payment_received_leaves_the_overdue_badge(
    manager_client: Client, sales: User, language: str, overdue: str
) -> None:
    """A payment paid after a visit (one save) shows its days late instead of "overdue" at once."""
    today = timezone.localdate()
    customer = f.customer("Alpha", owner=sales)
    payment = f.payment(customer, today - dt.timedelta(days=10), None)
    assert overdue in _payments_card(_page(manager_client, customer.pk, language))
    payment.paid_date = today - dt.timedelta(days=4)
    payment.save()
    card = _payments_card(_page(manager_client, customer.pk, language))
    assert overdue not in card
    assert '<span class="text-danger fw-semibold">6</span>' in card


def test_the_cards_follow_the_reader_language(manager_client: Client, sales: User) -> None:
    """The same customer read in English, then Chinese, then English: each visit in its language."""
    today = timezone.localdate()
    customer = f.customer("Alpha", owner=sales)
    f.order(customer, today - dt.timedelta(days=5))
    f.payment(customer, today - dt.timedelta(days=10), None)
    english = _page(manager_client, customer.pk, "en")
    assert "Latest orders" in _orders_card(english) and "overdue" in _payments_card(english)
    chinese = _page(manager_client, customer.pk, "zh-hans")
    assert "最近订单" in _orders_card(chinese) and "已逾期 10 天" in _payments_card(chinese)
    assert "Latest orders" not in chinese
    assert "Latest orders" in _orders_card(_page(manager_client, customer.pk, "en"))


def test_a_salesperson_never_reads_another_customer_s_cards(
    sales_client: Client, sales: User, other_sales: User
) -> None:
    """The cards are kept per customer: a salesperson is still refused a colleague's customer after
    its page was drawn for someone else."""
    theirs = f.customer("Theirs", owner=other_sales)
    f.order(theirs, timezone.localdate() - dt.timedelta(days=5))
    other = Client()
    other.force_login(other_sales)
    assert other.get(f"/customers/{theirs.pk}/").status_code == 200
    assert sales_client.get(f"/customers/{theirs.pk}/").status_code == 404
