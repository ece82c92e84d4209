"""A re-score refreshes PostgreSQL's planner statistics once its rows are written (the tasks of a
10,000-customer book were taken for none until autovacuum ran, and Today took 8 s a query)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

from laoke.cadence.services.book import rescore_book
from laoke.customers.models import Customer
from laoke.orders.models import Order, OrderLine
from laoke.platform import dbstats
from laoke.retention.models import Task

pytestmark = pytest.mark.django_db

AS_OF = dt.date(2026, 6, 30)


@pytest.fixture
def book() -> None:
    for i in range(6):
        customer = Customer.objects.create(code=f"C{i}", name=f"Customer {i}", country="DE")
        for month in range(1, 13 + i):
            order = Order.objects.create(
                order_no=f"C{i}-{month}",
                customer=customer,
                order_date=dt.date(2025, 1, 1) + dt.timedelta(days=month * 25),
                currency="USD",
            )
            OrderLine.objects.create(
                order=order, line_no=1, amount_original=Decimal(1000), currency="USD", amount=Decimal(1000)
            )


def _task_rows_known_to_the_planner() -> float | None:
    """PostgreSQL's estimate of the task table's rows (None elsewhere)."""
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE relname = %s", [Task._meta.db_table])
        return float(cursor.fetchone()[0])


@pytest.mark.parametrize("how", ["command", "service"])
def test_a_rescore_refreshes_the_planner_statistics(
    book: None, monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    """``laoke score`` and the re-score service (nightly job, policy page, after an import) ask for
    fresh statistics with the rows they wrote; on PostgreSQL the planner then knows the new tasks."""
    asked: list[int] = []
    refresh = dbstats.refresh_planner_statistics

    def spy(rows_written: int = dbstats.BULK_ROWS) -> bool:
        asked.append(rows_written)
        return refresh(rows_written)

    monkeypatch.setattr(dbstats, "BULK_ROWS", 1)
    monkeypatch.setattr("laoke.cadence.services.book.refresh_planner_statistics", spy)
    if how == "command":
        call_command("score", as_of=AS_OF.isoformat(), stdout=StringIO(), stderr=StringIO())
    else:
        rescore_book(as_of=AS_OF)
    assert len(asked) == 1 and asked[0] >= Customer.objects.count() + Task.objects.count()
    assert Task.objects.exists()
    known = _task_rows_known_to_the_planner()
    assert known is None or known >= Task.objects.count()
