"""The customer list's filter drop-downs: what they offer to whom, in two small queries."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from laoke.accounts.models import User
from laoke.web.customer_query import filter_choices
from tests.web import factories as f

pytestmark = pytest.mark.django_db


def test_salesperson_is_offered_only_the_grades_and_countries_of_own_customers(
    sales: User, other_sales: User, manager: User
) -> None:
    """It takes grades and countries from the customers the user may see; blanks are left out."""
    f.score(f.customer("Mine", owner=sales, country="DE"), grade="B")
    f.score(f.customer("Mine too", owner=sales, country=""), grade="")
    f.score(f.customer("Theirs", owner=other_sales, country="FR"), grade="A")
    f.customer("Unscored", owner=sales, country="US")
    assert filter_choices(user=sales) == {"grades": [("B", "B")], "countries": [("DE", "DE"), ("US", "US")]}
    everything = filter_choices(user=manager)
    assert everything["grades"] == [("A", "A"), ("B", "B")]
    assert everything["countries"] == [("DE", "DE"), ("FR", "FR"), ("US", "US")]


def test_choices_cost_two_queries_however_many_customers(manager: User) -> None:
    """It reads grades from the score table and countries from the customers: two queries."""
    for i in range(30):
        f.score(f.customer(f"C{i}", country=f"C{i % 5}"), grade="AB"[i % 2])
    with CaptureQueriesContext(connection) as ctx:
        filter_choices(user=manager)
    assert len(ctx.captured_queries) == 2
    assert "JOIN" not in ctx.captured_queries[0]["sql"]
