"""``PreparedIds``: a query over a list of ids compiled once per key and number of ids, then run
with other ids: the rows the queryset gives, converted as the ORM converts them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.db.models import QuerySet
from django.test.utils import CaptureQueriesContext

from laoke.orders.models import Order
from laoke.platform.prepared import PreparedIds
from tests.web import factories as f

pytestmark = pytest.mark.django_db


def _orders(ids: list[int]) -> QuerySet[Any]:
    return (
        Order.objects.filter(pk__in=ids, customer__name__startswith="Kept")
        .order_by()
        .values_list("pk", "order_date", "lines__amount", "customer__name")
    )


def _book() -> list[int]:
    kept, other = f.customer("Kept Trading"), f.customer("Other Trading")
    on = dt.date(2025, 3, 1)
    return [
        f.order(kept, on, "1000.50").pk,
        f.order(kept, on + dt.timedelta(days=1), "20").pk,
        f.order(other, on, "7").pk,  # left out by the query's own condition
        f.order(kept, on + dt.timedelta(days=2), "3.25").pk,
    ]


def test_the_rows_are_the_querysets_for_any_ids_and_counts() -> None:
    ids = _book()
    prepared = PreparedIds(limit=8)
    for chosen in (ids, ids[:2], ids[1:3], list(reversed(ids)), [ids[2]], [ids[0], 10**9]):
        got = sorted(prepared.rows("orders", chosen, _orders))
        assert got == sorted(_orders(chosen))
    first = sorted(prepared.rows("orders", ids, _orders))
    assert isinstance(first[0][1], dt.date) and isinstance(first[0][2], Decimal)  # the ORM's converters
    assert [row[2] for row in first] == [Decimal("1000.50"), Decimal("20"), Decimal("3.25")]


def test_the_query_is_compiled_once_per_key_and_count() -> None:
    ids = _book()
    prepared = PreparedIds(limit=8)
    built: list[list[int]] = []

    def build(some: list[int]) -> QuerySet[Any]:
        built.append(list(some))
        return _orders(some)

    for chosen in (ids[:2], ids[2:], ids[:3]):
        list(prepared.rows("orders", chosen, build))
    assert len(built) == 2  # two ids, then three: the second pair reused the first statement
    assert all(i < 0 for some in built for i in some)  # compiled with stand-ins, never the real ids
    with CaptureQueriesContext(connection) as asked:
        rows = list(prepared.rows("orders", ids[:2], build))
    assert len(asked) == 1 and len(built) == 2 and sorted(r[0] for r in rows) == sorted(ids[:2])


def test_ids_that_are_not_one_parameter_each_go_through_the_orm() -> None:
    """An id list used twice in the query cannot be put back in place: the queryset is asked as it is."""
    ids = _book()
    prepared = PreparedIds(limit=8)

    def twice(some: list[int]) -> QuerySet[Any]:
        return _orders(some).filter(customer__orders__pk__in=some).distinct()

    assert sorted(prepared.rows("twice", ids, twice)) == sorted(twice(ids))
    assert sorted(prepared.rows("twice", [ids[1]], twice)) == sorted(twice([ids[1]]))
    assert prepared._kept and all(compiled is None for (compiled,) in prepared._kept.values())


def test_no_ids_asks_the_queryset() -> None:
    _book()
    assert list(PreparedIds(limit=8).rows("orders", [], _orders)) == []
