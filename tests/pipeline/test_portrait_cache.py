"""The 360° page's portrait panel is kept per customer, day and book version: an edit of the
portrait or a new order shows on the next visit, in English and in Chinese."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from laoke.customers.models import Customer
from tests.web import factories as f

pytestmark = pytest.mark.django_db


def _page(client: Client, customer: Customer, lang: str) -> str:
    client.cookies["django_language"] = lang
    response = client.get(f"/customers/{customer.pk}/", HTTP_ACCEPT_LANGUAGE=lang)
    assert response.status_code == 200
    return response.content.decode()


def _dimension(html: str, key: str) -> str:
    found = re.search(rf'data-dimension="{key}">([^<]*)</dd>', html)
    assert found is not None, key
    return found.group(1)


@pytest.mark.parametrize(("lang", "brand_user"), [("en", "Brand user"), ("zh-hans", "品牌使用商")])
def test_an_edited_portrait_shows_on_the_next_visit(
    sales_client: Client, graded_book: list[Customer], lang: str, brand_user: str
) -> None:
    """The panel drawn before the edit is not shown again once the owner saved the portrait."""
    customer = graded_book[1]
    before = _page(sales_client, customer, lang)
    assert _dimension(before, "attributes") == "—" and _dimension(before, "brand") != brand_user
    response = sales_client.post(
        f"/customers/{customer.pk}/portrait/",
        {
            "channel_role": "",
            "brand_role": "brand_user",
            "product_line": "Pigments",
            "attributes": "particle size, heavy metals",
            "new_products_rating": "4",
            "notes": "",
        },
    )
    assert response.status_code == 302
    after = _page(sales_client, customer, lang)
    assert _dimension(after, "attributes") == "particle size, heavy metals"
    assert _dimension(after, "brand") == brand_user


@pytest.mark.parametrize("lang", ["en", "zh-hans"])
def test_a_new_order_changes_the_derived_portrait_on_the_next_visit(
    sales_client: Client, graded_book: list[Customer], lang: str
) -> None:
    """Order frequency is derived from the orders: an order added moves it on the next visit."""
    customer = graded_book[1]
    html = _page(sales_client, customer, lang)
    keys = re.findall(r'data-dimension="([^"]+)"', html)
    before = {key: _dimension(html, key) for key in keys}
    today = timezone.localdate()
    for days in (60, 90, 120, 150, 200, 250, 300):
        f.order(customer, today - dt.timedelta(days=days), 50_000)
    html = _page(sales_client, customer, lang)
    after = {key: _dimension(html, key) for key in keys}
    assert after != before


def test_a_second_visit_does_not_derive_the_portrait_again(
    sales_client: Client, graded_book: list[Customer]
) -> None:
    """With the book unchanged the panel comes from the cache: no query of the products' launch
    dates or of two years of order lines is made for it, and the panel reads the same."""
    customer = graded_book[1]
    first = _page(sales_client, customer, "en")
    with CaptureQueriesContext(connection) as second:
        again = _page(sales_client, customer, "en")
    assert not [q for q in second.captured_queries if '"launched_on"' in q["sql"]]
    panel = re.compile(r'<section[^>]*id="customer-portrait".*?</section>', re.S)
    assert panel.search(first).group(0) == panel.search(again).group(0)  # type: ignore[union-attr]
