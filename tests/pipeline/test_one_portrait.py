"""One customer's portrait in plain Python equals the row the book's Polars pipeline derives for it."""

from __future__ import annotations

import datetime as dt
import math
import random
from decimal import Decimal
from typing import Any

import pytest

from laoke.customers.models import Customer
from laoke.orders.models import Category, Order, OrderLine, Product
from laoke.pipeline.models import CustomerPortrait
from laoke.pipeline.services.portraits import book_portraits, customer_portrait
from laoke.retention.models import CustomerScore
from tests.web import factories as f

pytestmark = pytest.mark.django_db
AS_OF = dt.date(2026, 6, 30)
KINDS = ["", "distributor", "importer", "trader", "end_user", "brand_owner", "brand_user"]


def _same(one: dict[str, Any], book: dict[str, Any]) -> None:
    assert one.keys() == book.keys()
    for key, expected in book.items():
        got = one[key]
        if isinstance(expected, float):
            assert isinstance(got, float) and math.isclose(got, expected, rel_tol=1e-12), key
        else:
            assert got == expected, key


def _varied_book(rng: random.Random, *, with_products: bool) -> list[Customer]:
    """Customers of every kind, with or without orders, categories (ties included), new and old
    products, lines without a product, payments late, early, open or due later, edits and scores."""
    categories = [Category.objects.create(name=n) for n in ("Pigments", "Resins", "Additives")]
    products: list[Product | None] = [None]
    if with_products:
        for i in range(8):
            launched = None if i % 4 == 0 else AS_OF - dt.timedelta(days=rng.randint(0, 900))
            products.append(
                Product.objects.create(
                    sku=f"P{i}", category=categories[i % 3] if i % 5 else None, launched_on=launched
                )
            )
    customers = []
    for i in range(40):
        customer = f.customer(
            kind=KINDS[i % len(KINDS)],
            headcount=rng.choice([None, 3, 120]),
            turnover=rng.choice([None, Decimal("250000.50"), Decimal("9000000")]),
            payment_terms=rng.choice(["", "LC", "TT"]),
            delivery_sensitivity=rng.choice([None, 1, 5]),
        )
        for n in range(rng.choice([0, 1, 3, 12])):
            order = Order.objects.create(
                order_no=f"SO-{customer.pk}-{n}",
                customer=customer,
                order_date=AS_OF - dt.timedelta(days=rng.randint(-20, 800)),
                currency="EUR",
            )
            for line_no in range(rng.randint(1, 3)):
                # Round amounts make ties between categories; a return is a negative line.
                amount = Decimal(rng.choice(["100", "250.25", "1000", "-100", "0.01"]))
                OrderLine.objects.create(
                    order=order,
                    line_no=line_no + 1,
                    product=rng.choice(products),
                    amount_original=amount,
                    currency="EUR",
                    amount=amount,
                )
        for _ in range(rng.choice([0, 2, 5])):
            due = AS_OF - dt.timedelta(days=rng.randint(-30, 800))
            f.payment(
                customer, due, rng.choice([None, due - dt.timedelta(days=3), due + dt.timedelta(days=40)])
            )
        if i % 3 == 0:
            CustomerPortrait.objects.create(
                customer=customer,
                channel_role=rng.choice(["", "distributor", "end_user"]),
                brand_role=rng.choice(["", "brand_owner"]),
                product_line=rng.choice(["", "Inks"]),
                attributes=rng.choice([[], ["purity", "REACH"]]),
                new_products_rating=rng.choice([None, 1, 4]),
            )
        if i % 4:
            loyalty = rng.choice([None, {"score": 72.5}, {"score": None}])
            f.score(
                customer,
                grade=rng.choice(["A", "C", ""]),
                dimensions={} if loyalty is None else {"loyalty": loyalty},
            )
        customers.append(customer)
    return customers


@pytest.mark.parametrize("with_products", [True, False])
def test_each_customers_portrait_equals_the_books_row(with_products: bool) -> None:
    """Every dimension, the id and the grade equal those of ``book_portraits`` for the customer."""
    customers = _varied_book(random.Random(7), with_products=with_products)
    for customer in customers:
        book = book_portraits(as_of=AS_OF, ids=[customer.pk]).row(0, named=True)
        _same(customer_portrait(customer=customer, as_of=AS_OF), book)
    # The book's own rows, drawn for everyone at once, are those too.
    everyone = {row["id"]: row for row in book_portraits(as_of=AS_OF).iter_rows(named=True)}
    for customer in customers:
        _same(customer_portrait(customer=customer, as_of=AS_OF), everyone[str(customer.pk)])


def test_the_pages_scorecard_and_edits_give_the_same_portrait() -> None:
    """Given the scorecard and edited portrait the page has read, it is the portrait it queries."""
    customers = _varied_book(random.Random(11), with_products=True)
    for customer in customers:
        given = customer_portrait(
            customer=customer,
            as_of=AS_OF,
            edited=CustomerPortrait.objects.filter(customer=customer).first(),
            score=CustomerScore.objects.filter(customer=customer).first(),
        )
        assert given == customer_portrait(customer=customer, as_of=AS_OF)
