"""The 360° page's complaints card finds a customer's complaints through an index on (customer,
kind), not by reading all the customer's interactions (mostly mails) and keeping the complaints."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone

from laoke.accounts.models import User
from laoke.customers.book_cache import version_columns
from laoke.interactions.models import Interaction
from tests.web import factories as f

pytestmark = pytest.mark.django_db


def test_the_complaints_are_read_through_the_customer_and_kind_index(
    sales_client: Client,
    sales: User,
) -> None:
    customer = f.customer("Crushed Cartons Ltd", owner=sales)
    now = timezone.now()
    for n in range(30):
        f.interaction(customer, "email_in", occurred_at=now - dt.timedelta(days=n))
    f.interaction(
        customer, "complaint", subject="Cartons arrived crushed", occurred_at=now, deadline=now.date()
    )
    plans: list[str] = []

    def explained(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        # Not the page's small answers, whose book version asks each table's newest id.
        own = sql
        for column in version_columns():
            own = own.replace(column, "")
        if Interaction._meta.db_table in own and " AND " in own and "ORDER BY" in own and not plans:
            explain = "EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN "
            execute(explain + sql, params, many, context)
            plans.append(" ".join(str(part) for row in context["cursor"].fetchall() for part in row))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(explained):
        html = sales_client.get(f"/customers/{customer.pk}/").content.decode()
    assert "Cartons arrived crushed" in html
    assert plans, "the complaints query ran"
    if connection.vendor == "sqlite":
        assert "(customer_id=? AND kind=?)" in plans[0], plans
    index_names = {index.name for index in Interaction._meta.indexes}
    assert "interaction_custome_c25a2e_idx" in index_names
