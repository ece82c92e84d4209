"""The dashboard's reorder rate and sales per owner are the KPI page's, for every kind of user."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from laoke.accounts.models import RoleChoices, Team, User
from laoke.customers.models import CustomerShare
from tests.web import factories as f

pytestmark = pytest.mark.django_db

D = dt.date
#: The book's date (not a month end: the period before is counted in days).
AS_OF = D(2026, 3, 15)
NO_OWNER = "(no owner)"


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    cache.clear()


@pytest.fixture
def book() -> dict[str, User]:
    """Team East (s1, s2, its manager), team West (s3), a pool customer, a customer shared with s1.

    Last 12 months: 16 Mar 2025 – 15 Mar 2026; the 12 months before: 16 Mar 2024 – 15 Mar 2025.
    """
    east, west = Team.objects.create(name="East"), Team.objects.create(name="West")
    s1 = f.user("s1", team=east)
    s2 = f.user("s2", team=east)
    s3 = f.user("s3", team=west)
    east_manager = f.user("east", role=RoleChoices.MANAGER, team=east)
    boss = f.user("boss", role=RoleChoices.MANAGER)
    orders: dict[str, tuple[User | None, list[tuple[dt.date, str]]]] = {
        "A": (s1, [(D(2024, 6, 1), "100"), (D(2025, 6, 1), "400")]),  # bought again
        "B": (s1, [(D(2024, 3, 16), "100")]),  # first day of the year before, not again
        "C": (s2, [(D(2024, 9, 1), "200"), (D(2025, 10, 1), "300"), (D(2025, 10, 1), "-100")]),
        "D": (s2, [(D(2024, 11, 1), "-50"), (D(2025, 5, 1), "100")]),  # a credit note is no purchase
        "E": (s3, [(D(2024, 5, 1), "100"), (D(2025, 4, 1), "600")]),
        "F": (s3, [(D(2024, 3, 15), "100")]),  # the day before the year before
        "G": (s3, [(D(2024, 7, 1), "100")]),  # shared with s1
        "P": (None, [(D(2024, 8, 1), "100"), (AS_OF, "50")]),  # the shared pool
    }
    for name, (owner, rows) in orders.items():
        customer = f.customer(name, owner=owner)
        # Stored scores carry a stale 12-month figure: the owners' sales must come from the orders.
        f.score(customer, as_of=AS_OF, revenue_12m=1000.0)
        for day, amount in rows:
            f.order(customer, day, amount)
        if name == "G":
            CustomerShare.objects.create(customer=customer, user=s1)
    return {"s1": s1, "east": east_manager, "boss": boss}


def _pages(user: User) -> tuple[Any, Any]:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    dashboard, kpi = client.get(reverse("dashboard")), client.get("/kpi/")
    assert dashboard.status_code == kpi.status_code == 200
    return dashboard.context, kpi.context


def _dashboard_reorder(context: Any) -> list[tuple[str, int, int, float | None]]:
    return [
        (r["owner"] or NO_OWNER, r["base_customers"], r["reordered"], r["rate"]) for r in context["reorder"]
    ]


def _kpi_reorder(context: Any) -> list[tuple[str, int, int, float | None]]:
    return [(r["owner"], r["base"], r["hits"], r["rate"]) for r in context["reorder_rows"]]


def _dashboard_owners(context: Any) -> list[tuple[str, int, float, float, bool]]:
    return [
        (o["owner"] or NO_OWNER, o["customers"], o["revenue"], o["share"], o["flagged"])
        for o in context["owners"]
    ]


def _kpi_owners(context: Any) -> list[tuple[str, int, float, float, bool]]:
    return [
        (
            o["owner"] or NO_OWNER,
            o["share"].customers,
            o["share"].revenue,
            o["share"].share,
            o["share"].flagged,
        )
        for o in context["owner_rows"]
    ]


@pytest.mark.parametrize(
    ("login", "base", "hits"),
    [("boss", 6, 4), ("east", 4, 3), ("s1", 3, 1)],
    ids=["manager", "team manager", "salesperson"],
)
def test_dashboard_reorder_rate_is_the_kpi_pages(
    book: dict[str, User], login: str, base: int, hits: int
) -> None:
    """Same period, same rows per owner and the same company rate as the KPI page's last 12 months."""
    dashboard, kpi = _pages(book[login])
    assert kpi["choice"].preset == "12m" and kpi["pack"].period.end == dashboard["as_of"] == AS_OF
    assert _dashboard_reorder(dashboard) == _kpi_reorder(kpi)
    company = kpi["pack"].reorder.company
    assert (company.base, company.hits) == (base, hits)
    assert dashboard["reorder_total"] == company.rate == pytest.approx(hits / base)


def test_a_salesperson_sees_their_own_and_shared_customers_and_no_owner_table(book: dict[str, User]) -> None:
    """s1's reorder rows: their own customers and the one shared with them; the owner table stays hidden."""
    dashboard, kpi = _pages(book["s1"])
    assert _dashboard_reorder(dashboard) == [("s1", 2, 1, 0.5), ("s3", 1, 0, 0.0)]
    assert dashboard["owners"] == [] and dashboard["flagged_owners"] == []
    assert [row[0] for row in _kpi_owners(kpi)] == ["s1"]


@pytest.mark.parametrize(
    ("login", "expected"),
    [
        (
            "boss",
            {
                "s3": (1, 600.0, True),
                "s1": (1, 400.0, False),
                "s2": (2, 300.0, False),
                NO_OWNER: (1, 50.0, False),
            },
        ),
        ("east", {"s1": (1, 400.0, True), "s2": (2, 300.0, True), NO_OWNER: (1, 50.0, False)}),
    ],
    ids=["manager", "team manager"],
)
def test_dashboard_sales_per_owner_are_the_kpi_pages(
    book: dict[str, User], login: str, expected: dict[str, tuple[int, float, bool]]
) -> None:
    """Same owners, customers, sales, shares and flags (above 30 %) as the KPI page's owner concentration."""
    dashboard, kpi = _pages(book[login])
    owners = _dashboard_owners(dashboard)
    assert owners == _kpi_owners(kpi)
    assert {o[0]: (o[1], o[2], o[4]) for o in owners} == expected
    assert sum(o[3] for o in owners) == pytest.approx(1.0)
    assert [o["owner"] for o in dashboard["flagged_owners"]] == [o[0] for o in owners if o[4]]
