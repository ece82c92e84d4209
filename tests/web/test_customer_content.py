"""The 360° page's content block drawn in Python (``laoke.web.customer_content``) is the HTML the
template engine draws from ``web/customer_detail.html``'s block, to the character; it steps aside
for a panel drawn in place, an edited template and ``DEBUG``."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import pytest
from django.template import Context
from django.test import Client, override_settings

from laoke.accounts.models import User
from laoke.customers.book_cache import note_change
from laoke.customers.models import Customer
from laoke.web import customer_content
from tests.web import factories as f

pytestmark = pytest.mark.django_db

_PER_REQUEST = re.compile(r'(csrfmiddlewaretoken" value="|"X-CSRFToken": "|nonce=")[^"]+"')
_CLOCK = re.compile(r'(name="occurred_at" value=")[^"]*')


def _shapes(owner: User) -> list[Customer]:
    """A customer with everything (orders, payments, alerts, contacts, a name to escape), one with
    nothing (no orders: the charts' empty cards, no currency), one in between (another currency)."""
    rich = f.rich_customer(owner, name='Lyon <Outils> & "Fils"')
    Customer.objects.filter(pk=rich.pk).update(headcount=4200, turnover=Decimal("98765.4"))
    bare = f.customer("Bare & <Co>", code="B&1", currency="", country="", owner=owner)
    mid = f.customer("Mid", owner=owner, currency="JPY", country="JP")
    f.score(mid, grade="B", state="active", total=55.0, revenue_12m=0)
    return [rich, bare, mid]


def _page(client: Client, path: str) -> str:
    html = client.get(path).content.decode()
    return _CLOCK.sub(r"\1", _PER_REQUEST.sub(r'\1…"', html))


@pytest.mark.parametrize("language", ["en", "zh-hans"])
@pytest.mark.parametrize("reader", ["sales", "manager"])
def test_the_content_drawn_in_python_is_the_template_block(
    language: str, reader: str, sales: User, manager: User, client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    customers = _shapes(sales)
    client.force_login(sales if reader == "sales" else manager)
    client.cookies["django_language"] = language
    drawn = customer_content.content
    taken: list[bool] = []

    def spy(context: Context) -> str | None:
        html = drawn(context)
        taken.append(html is not None)
        return html

    for customer in customers:
        pages = {}
        for fast in (True, False):
            monkeypatch.setattr(customer_content, "content", spy if fast else lambda _c: None)
            note_change()
            pages[fast] = _page(client, f"/customers/{customer.pk}/")
        assert pages[True] == pages[False]
        assert 'id="h-monthly"' in pages[True] and "breadcrumb-item" in pages[True]
    assert taken == [True] * len(customers)
    assert "Lyon &lt;Outils&gt; &amp; &quot;Fils&quot;" in _page(client, f"/customers/{customers[0].pk}/")


def test_a_panel_drawn_in_place_gets_the_template_engine(
    sales_client: Client, sales: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    customer = f.rich_customer(sales)
    results: list[Any] = []
    drawn = customer_content.content
    monkeypatch.setattr(customer_content, "content", lambda c: results.append(drawn(c)) or results[-1])
    html = sales_client.get(f"/customers/{customer.pk}/?show=timeline").content.decode()
    assert results == [None]
    assert 'hx-get="' not in html.split('id="h-timeline"')[1].split("</section>")[0]


def test_an_edited_template_or_debug_gets_the_template_engine(
    sales: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    customer = f.customer("Edited", owner=sales)
    values = {
        "customer": customer,
        "shown": set(),
        "currency": "USD",
        "has_orders": False,
        "orders_panel": "",
        "payments_panel": "",
    }
    with override_settings(DEBUG=True):
        assert customer_content.content(Context(values)) is None
    monkeypatch.setitem(customer_content.TEMPLATES, "web/customer/_seasonality.html", "0" * 40)
    monkeypatch.setattr(customer_content, "_checked", {})
    assert not customer_content.sources_unchanged()
    assert customer_content.content(Context(values)) is None


def test_a_missing_value_gets_the_template_engine(sales: User) -> None:
    customer = f.customer("Short", owner=sales)
    assert customer_content.content(Context({"customer": customer, "shown": set()})) is None


def test_the_sources_drawn_are_the_templates() -> None:
    customer_content._checked.clear()
    assert customer_content.sources_unchanged()
