"""The 360° page's "Latest orders" and "Payments" rows drawn in Python (``laoke.web.customer_cards``)
are the templates' HTML, to the character."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.template import Context, Template
from django.test import Client
from django.utils import timezone, translation

from laoke.accounts.models import User
from laoke.customers.book_cache import note_change
from laoke.orders.models import Order
from laoke.web import customer_cards
from laoke.web.customer_360 import OrderRow, PaymentRow
from tests.web import factories as f

pytestmark = pytest.mark.django_db

_PER_REQUEST = re.compile(r'(csrfmiddlewaretoken" value="|"X-CSRFToken": "|nonce=")[^"]+"')
#: The touch form's clock (now, to the minute).
_CLOCK = re.compile(r'(name="occurred_at" value=")[^"]*')


def _rows(today: dt.date) -> tuple[list[OrderRow], list[dict[str, object]]]:
    """Rows of every shape: escaped order numbers and currencies, no total, big and negative amounts,
    paid early, on time, late, open and overdue, open and not yet due, thousands of days."""
    orders = [
        OrderRow("SO-<1>&\"2'", dt.date(2025, 1, 31), "EUR", Decimal("1234567.49")),
        OrderRow("SO-2", dt.date(2024, 12, 1), "<X>", None),
        OrderRow("SO-3", dt.date(2023, 2, 28), "USD", Decimal("-250.5")),
        OrderRow("", dt.date(2020, 6, 30), "", Decimal("0")),
    ]
    shapes = [
        (today - dt.timedelta(days=40), today - dt.timedelta(days=45)),
        (today - dt.timedelta(days=40), today - dt.timedelta(days=40)),
        (today - dt.timedelta(days=40), today - dt.timedelta(days=10)),
        (today - dt.timedelta(days=4000), today - dt.timedelta(days=2000)),
        (today - dt.timedelta(days=12), None),
        (today - dt.timedelta(days=1500), None),
        (today, None),
        (today + dt.timedelta(days=30), None),
    ]
    payments: list[dict[str, object]] = [
        {
            "payment": PaymentRow(due, paid, Decimal("9876.5")),
            "days_late": None if paid is None else (paid - due).days,
            "days_overdue": (today - due).days if paid is None else None,
        }
        for due, paid in shapes
    ]
    return orders, payments


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_rows_drawn_in_python_are_the_templates(language: str, monkeypatch: pytest.MonkeyPatch) -> None:
    orders, payments = _rows(timezone.localdate())
    with translation.override(language):
        for tag, name, rows, key in (
            ("order_rows", "web/customer/_order_rows.html", orders, "orders"),
            ("payment_rows", "web/customer/_payment_rows.html", payments, "payments"),
        ):
            page = Template("{% load laoke_web %}{% " + tag + " rows %}")
            drawn = {}
            for fast in (True, False):
                monkeypatch.setattr(customer_cards, "sources_unchanged", lambda fast=fast: fast)
                drawn[fast] = page.render(Context({"rows": rows}))
            with open(customer_cards.__file__.replace("customer_cards.py", f"templates/{name}")) as source:
                reference = Template(source.read()).render(Context({key: rows}))
            assert drawn[True] == drawn[False] == reference
            assert reference.count("<tr>") == len(rows)


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_page_draws_the_same_cards_either_way(
    language: str, sales_client: Client, sales: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A customer with orders and payments of several shapes: the page is the same drawn in Python
    or by the templates (the cards are kept per book version: each draw is on a new version)."""
    today = timezone.localdate()
    customer = f.customer("Lyon <Outils> & Fils", owner=sales)
    for n, amount in enumerate(["1200.50", "-80", "99999.99"]):
        order = f.order(customer, today - dt.timedelta(days=40 * n + 3), amount)
        Order.objects.filter(pk=order.pk).update(order_no=f"A<{n}>")
    f.payment(customer, today - dt.timedelta(days=30), today - dt.timedelta(days=20))
    f.payment(customer, today - dt.timedelta(days=30), today - dt.timedelta(days=31))
    f.payment(customer, today - dt.timedelta(days=9), None)
    f.payment(customer, today + dt.timedelta(days=9), None)
    sales_client.cookies["django_language"] = language
    pages = {}
    for fast in (True, False):
        monkeypatch.setattr(customer_cards, "sources_unchanged", lambda fast=fast: fast)
        note_change()  # a new book version: the cards are drawn again
        html = sales_client.get(f"/customers/{customer.pk}/").content.decode()
        pages[fast] = _CLOCK.sub(r"\1", _PER_REQUEST.sub(r'\1…"', html))
    assert ("A&lt;2&gt;" in pages[True] and "overdue" in pages[True]) or language != "en"
    assert pages[True] == pages[False]


def test_an_edited_row_template_is_used_as_it_is() -> None:
    """The sources checked are those of the templates this module was written from."""
    customer_cards._checked.clear()
    assert customer_cards.sources_unchanged()


def test_a_date_is_worded_once_per_language_and_shown_in_the_readers(monkeypatch: pytest.MonkeyPatch) -> None:
    """The rows keep a date's words per language: drawn again (or for another customer on the same
    days) they are not formatted again, and each language still gets its own words, as the
    templates draw them."""
    orders, payments = _rows(dt.date(2031, 5, 17))  # days no other test draws
    getattr(customer_cards, "_SHOWN", {}).clear()
    formatted = []
    real = customer_cards.date_filter

    def counted(value: object, arg: str) -> str:
        formatted.append(value)
        return real(value, arg)

    monkeypatch.setattr(customer_cards, "date_filter", counted)
    page = Template("{% load laoke_web %}{% order_rows orders %}{% payment_rows payments %}")
    reference = Template(
        "{% load laoke_web %}"
        + "".join(
            Path(customer_cards.__file__).with_name("templates").joinpath(name).read_text()
            for name in customer_cards.TEMPLATES
        )
    )
    shown = {}
    for language in ("en", "zh-hans", "en", "zh-hans"):
        with translation.override(language):
            context = {"orders": orders, "payments": payments}
            html = page.render(Context(context))
            assert html == reference.render(Context(context))
            shown.setdefault(language, html)
            assert html == shown[language]
    assert shown["en"] != shown["zh-hans"]
    days = {o.order_date for o in orders} | {
        d
        for row in payments
        for d in (row["payment"].due_date, row["payment"].paid_date)
        if d  # type: ignore[attr-defined]
    }
    assert len(formatted) == 2 * len(days)  # once per day and language, not once per row and visit
