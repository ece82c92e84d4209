"""Fixtures for the pipeline app: a small graded book, salespeople, a manager, logged-in clients."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from laoke.accounts.models import RoleChoices, User
from laoke.customers.models import Customer
from tests.web import factories as f


@pytest.fixture
def sales(db: None) -> User:
    """A salesperson."""
    return f.user("sales1", first_name="Li")


@pytest.fixture
def other_sales(db: None) -> User:
    """Another salesperson."""
    return f.user("sales2", first_name="Wang")


@pytest.fixture
def manager(db: None) -> User:
    """A sales manager."""
    return f.user("boss", role=RoleChoices.MANAGER)


@pytest.fixture
def graded_book(sales: User, other_sales: User) -> list[Customer]:
    """Three large A-grade distributors (one the colleague's) and three small C-grade end users."""
    today = timezone.localdate()
    out = []
    for i in range(6):
        best = i < 3
        cust = f.customer(
            f"{'Big' if best else 'Small'} {i}",
            kind="distributor" if best else "end_user",
            headcount=500 + 10 * i if best else 5 + i,
            turnover=50_000_000 + i if best else 200_000 + i,
            payment_terms="LC" if best else "TT_ADVANCE",
            owner=other_sales if i == 0 else sales,
        )
        f.order(cust, today - dt.timedelta(days=30), 300_000 + 1000 * i if best else 2000 + 100 * i)
        f.score(cust, grade="A" if best else "C")
        out.append(cust)
    return out


@pytest.fixture
def sales_client(client: Client, sales: User) -> Client:
    """A client logged in as the salesperson, in English."""
    client.force_login(sales)
    client.cookies["django_language"] = "en"
    return client


@pytest.fixture
def manager_client(client: Client, manager: User) -> Client:
    """A client logged in as the manager, in English."""
    client.force_login(manager)
    client.cookies["django_language"] = "en"
    return client
