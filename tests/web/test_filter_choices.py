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
    mine = filter_choices(user=sales)
    assert mine["grades"] == [("B", "B")] and [code for code, _name in mine["countries"]] == ["DE", "US"]
    everything = filter_choices(user=manager)
    assert everything["grades"] == [("A", "A"), ("B", "B")]
    assert sorted(code for code, _name in everything["countries"]) == ["DE", "FR", "US"]


def test_choices_cost_three_queries_however_many_customers(manager: User) -> None:
    """It reads grades and treatments from the score table and countries from the customers: three queries."""
    for i in range(30):
        f.score(f.customer(f"C{i}", country=f"C{i % 5}"), grade="AB"[i % 2])
    with CaptureQueriesContext(connection) as ctx:
        filter_choices(user=manager)
    assert len(ctx.captured_queries) == 3
    assert "JOIN" not in ctx.captured_queries[0]["sql"]
