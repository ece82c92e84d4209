"""The KPI pack is computed once per visibility scope and book version, and a change shows at once."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from laoke.accounts.models import RoleChoices
from laoke.cadence.models import ReactivationPlan
from laoke.orders.models import Order
from laoke.retention.models import LossRecord
from tests.web import factories as f

pytestmark = pytest.mark.django_db

D = dt.date
YEAR = "/kpi/?preset=custom&start=2025-01-01&end=2025-12-31"


@pytest.fixture
def book() -> dict[str, Any]:
    """sales1 owns A (bought 2024 and 2025) and B (2024 only); sales2 owns C (bought 2024 and 2025)."""
    s1, s2 = f.user("sales1", first_name="Li"), f.user("sales2", first_name="Wang")
    boss = f.user("boss", role=RoleChoices.MANAGER)
    a, b, c = f.customer("A", owner=s1), f.customer("B", owner=s1), f.customer("C", owner=s2)
    f.order(a, D(2024, 5, 1), "1000")
    f.order(a, D(2025, 5, 1), "3000")
    f.order(b, D(2024, 6, 1), "500")
    f.order(c, D(2024, 7, 1), "2000")
    f.order(c, D(2025, 2, 1), "7000")
    return {"sales1": s1, "sales2": s2, "boss": boss, "a": a, "b": b, "c": c}


def _client(user: Any) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def _get(client: Client, path: str = YEAR) -> tuple[str, int]:
    """The page's text and the number of SQL queries it took."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return response.content.decode(), len(queries)


def _figure(page: str, name: str) -> str:
    """A headline figure as the page prints it (its badge)."""
    found = re.search(rf'data-figure="{name}">([^<]*)<', page)
    assert found is not None, name
    return found.group(1).strip()


def _reorder(page: str) -> str:
    return _figure(page, "reorder")


def test_a_second_visit_reads_the_pack_from_the_cache(book: dict[str, Any]) -> None:
    client = _client(book["boss"])
    first, first_queries = _get(client)
    second, second_queries = _get(client)
    assert second_queries < first_queries / 2
    assert _reorder(first) == _reorder(second) == "67%"


def test_a_new_order_shows_on_the_next_visit(book: dict[str, Any]) -> None:
    """B buys again in 2025: 3 of 3 came back (the cached 2 of 3 is not served)."""
    client = _client(book["boss"])
    assert _reorder(_get(client)[0]) == "67%"
    f.order(book["b"], D(2025, 8, 1), "800")
    assert _reorder(_get(client)[0]) == "100%"


def test_a_deleted_order_shows_on_the_next_visit(book: dict[str, Any]) -> None:
    client = _client(book["boss"])
    assert _reorder(_get(client)[0]) == "67%"
    Order.objects.filter(customer=book["c"], order_date=D(2025, 2, 1)).delete()
    assert _reorder(_get(client)[0]) == "33%"


def test_a_handover_moves_the_figures_to_the_new_owner(book: dict[str, Any]) -> None:
    """C handed over from Wang to Li: sales1's pack counts C (A and C came back, B did not)."""
    client = _client(book["sales1"])
    assert _reorder(_get(client)[0]) == "50%"
    book["c"].owner = book["sales1"]
    book["c"].save()
    assert _reorder(_get(client)[0]) == "67%"


def test_an_edited_loss_or_plan_shows_on_the_next_visit(book: dict[str, Any]) -> None:
    client = _client(book["boss"])
    loss = LossRecord.objects.create(customer=book["c"], lost_on=D(2025, 9, 1), reason="competitor")
    before = _get(client)[0]
    loss.reopened_on = D(2025, 10, 1)
    loss.save()
    assert _get(client)[0] != before  # the 7,000 lost to a competitor is gone
    plan = ReactivationPlan.objects.create(customer=book["b"], started_on=D(2025, 1, 5))
    assert _figure(_get(client)[0], "plans").startswith("Win-back plans: 0 of 1 ")
    plan.won_on = D(2025, 3, 1)
    plan.save()
    assert _figure(_get(client)[0], "plans").startswith("Win-back plans: 1 of 1 ")


def test_each_scope_has_its_own_pack(book: dict[str, Any]) -> None:
    """The manager's pack (3 buyers) is cached first; the salesperson still gets their own (2)."""
    assert _reorder(_get(_client(book["boss"]))[0]) == "67%"
    assert _reorder(_get(_client(book["sales1"]))[0]) == "50%"
