"""Fixtures of the company set-up tests: a manager and a salesperson, each logged in."""

from __future__ import annotations

import pytest
from django.test import Client

from laoke.accounts.models import RoleChoices, User


@pytest.fixture
def manager(db: None) -> User:
    """A sales manager."""
    return User.objects.create_user("boss", password="pw", role=RoleChoices.MANAGER)


@pytest.fixture
def manager_client(client: Client, manager: User) -> Client:
    """A client logged in as the manager, in English."""
    client.force_login(manager)
    client.cookies["django_language"] = "en"
    return client


@pytest.fixture
def sales_client(db: None) -> Client:
    """A client logged in as a salesperson."""
    client = Client()
    client.force_login(User.objects.create_user("s1", password="pw", role=RoleChoices.SALESPERSON))
    return client
