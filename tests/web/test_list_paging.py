"""The customer list loads a page in two steps (sorted keys, then 50 rows): same rows, fixed queries."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.http import QueryDict
from django.test import Client
from django.test.utils import CaptureQueriesContext

from laoke.accounts.models import User
from laoke.web.customer_query import CustomerFilter, filtered_customers, page_rows
from tests.web import factories as f

pytestmark = pytest.mark.django_db


def _book(sales: User, n: int) -> None:
    for i in range(n):
        c = f.customer(f"Customer {i:03d}", owner=sales, country="DE" if i % 3 else "US")
        f.score(c, grade="AB"[i % 2], total=float(i * 7 % 50), revenue_12m=float(i * 13 % 97))
        f.order(c, dt.date(2024, 1, 1 + i % 28))
        if i % 4 == 0:
            f.alert(c)


@pytest.mark.parametrize("sort", ["name", "-revenue", "score", "-last_order", "-alerts", "country"])
def test_pages_hold_the_rows_of_the_full_sort_in_order(manager: User, sales: User, sort: str) -> None:
    """Page after page, the rows are exactly those of the one-query sort, in the same order."""
    _book(sales, 23)
    customers = filtered_customers(user=manager, flt=CustomerFilter.from_query(QueryDict(f"sort={sort}")))
    expected = [c.pk for c in customers]
    paged = [c.pk for number in (1, 2, 3) for c in page_rows(customers, number, size=10)]
    assert paged == expected
    first = page_rows(customers, 1, size=10)[0]
    assert first.open_alerts == customers[0].open_alerts and first.last_order == customers[0].last_order


def test_list_page_costs_the_same_queries_for_5_or_60_customers(manager_client: Client, sales: User) -> None:
    """It renders a page in a fixed number of queries, whatever the number of rows (no N+1)."""
    _book(sales, 5)
    manager_client.get("/customers/")  # the company's time zone is read once a minute, not per page
    # The book changes before each measured visit: the list is sorted and the drop-downs read again
    # (a visit with the book unchanged costs less: tests/web/test_list_cache.py).
    f.customer("Zulu", owner=sales)
    with CaptureQueriesContext(connection) as few:
        manager_client.get("/customers/?sort=-revenue")
    _book(sales, 55)
    with CaptureQueriesContext(connection) as many:
        response = manager_client.get("/customers/?sort=-revenue&page=2")
    assert response.status_code == 200 and len(response.context["page"]) == 11  # 61 customers
    assert len(many.captured_queries) == len(few.captured_queries) == 11
