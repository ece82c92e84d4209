"""Fixtures for the API tests: two salespeople, a manager, a token each, a client that sends it."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from laoke.accounts.models import RoleChoices
from laoke.api.services.tokens import create_token
from tests.web import factories as f


class ApiClient:
    """A Django test client that sends a Bearer token and JSON."""

    def __init__(self, token: str, language: str = "en") -> None:
        self.client = Client(HTTP_AUTHORIZATION=f"Bearer {token}", HTTP_ACCEPT_LANGUAGE=language)

    def get(self, path: str, **params: Any) -> Any:
        return self.client.get(f"/api{path}", params)

    def post(self, path: str, data: Any) -> Any:
        return self.client.post(f"/api{path}", data, content_type="application/json")

    def patch(self, path: str, data: Any) -> Any:
        return self.client.patch(f"/api{path}", data, content_type="application/json")

    def delete(self, path: str) -> Any:
        return self.client.delete(f"/api{path}")


@pytest.fixture
def people(db: Any) -> dict[str, Any]:
    """sales1 owns Alpha and Beta, sales2 owns Gamma; boss is a manager."""
    sales1 = f.user("sales1")
    sales2 = f.user("sales2")
    boss = f.user("boss", role=RoleChoices.MANAGER)
    alpha = f.customer("Alpha GmbH", code="ALPHA", owner=sales1)
    beta = f.customer("Beta SARL", code="BETA", owner=sales1)
    gamma = f.customer("Gamma Ltd", code="GAMMA", owner=sales2)
    return {"sales1": sales1, "sales2": sales2, "boss": boss, "alpha": alpha, "beta": beta, "gamma": gamma}


def client_for(user: Any, language: str = "en") -> ApiClient:
    """An API client authenticated with a fresh token of ``user``."""
    _token, raw = create_token(user=user, name="test")
    return ApiClient(raw, language)
