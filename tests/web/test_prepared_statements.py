"""On PostgreSQL a connection keeps the plan of the queries it runs again (``LAOKE_DATABASE_PREPARE``).

Planning the customer list's row query cost as much as running it (1.4 ms of 3.4 ms on the
10,000-customer book). The pages ask the same queries on every visit, so the second visit on a
connection prepares them and later ones reuse the plan. On SQLite the setting has no effect.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client

from laoke.accounts.models import User
from tests.web import factories as f

pytestmark = pytest.mark.django_db


def _prepared() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return [row[0] for row in cursor.fetchall()]


def test_the_list_and_customer_page_queries_are_planned_once_per_connection(
    manager_client: Client, sales: User
) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("prepared statements are PostgreSQL's; SQLite keeps its own statement cache")
    shown = [f.customer(f"Kept plan {n}", owner=sales) for n in range(3)]
    for c in shown:
        f.score(c, grade="A", state="active")
    for _visit in range(3):
        listed = manager_client.get("/customers/")
        assert listed.status_code == 200
        assert "Kept plan 2" in listed.content.decode()
    for c in shown:  # three customers: the same queries with other parameters
        page = manager_client.get(f"/customers/{c.pk}/")
        assert page.status_code == 200
        assert c.name in page.content.decode()
    statements = _prepared()
    rows = [s for s in statements if 'AS "reasons_json"' in s]
    assert len(rows) == 1, statements  # the row query, one plan for every visit
    assert "$1" in rows[0]  # its parameters are sent apart from the text, as a plan needs
    customer_reads = [
        s for s in statements if s.startswith('SELECT "customers_customer"."id"') and "LIMIT" in s
    ]
    assert customer_reads, statements  # the customer page's own read, planned once for the three


def test_a_query_that_fails_leaves_the_connection_usable(manager_client: Client, sales: User) -> None:
    """A prepared statement lost with a rolled-back transaction is prepared again, not an error."""
    if connection.vendor != "postgresql":
        pytest.skip("prepared statements are PostgreSQL's")
    f.customer("Still here", owner=sales)
    for _visit in range(3):
        assert manager_client.get("/customers/").status_code == 200
    with connection.cursor() as cursor:
        cursor.execute("SAVEPOINT probe")
        with pytest.raises(Exception, match="no_such_table"):
            cursor.execute("SELECT * FROM no_such_table WHERE id = %s", [1])
        cursor.execute("ROLLBACK TO SAVEPOINT probe")
    listed = manager_client.get("/customers/")
    assert listed.status_code == 200
    assert "Still here" in listed.content.decode()
