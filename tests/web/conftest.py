"""Fixtures for the web view tests."""

from __future__ import annotations

import pytest
from django.test import Client

from laoke.accounts.models import RoleChoices, User
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
