"""Fuzz every API operation from its OpenAPI schema: no input may cause a server error (5xx).

A bounded number of examples per operation, derandomized so a red run always points at a change.
It runs as a salesperson (visibility filters on) against a small book, on SQLite and PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings

from laoke.project.wsgi import application
from tests.api.conftest import client_for

pytestmark = pytest.mark.slow

schema = schemathesis.openapi.from_wsgi("/api/openapi.json", application)

#: Examples per operation (after schemathesis's own boundary cases): bad types, bounds, odd text.
MAX_EXAMPLES = 25


@pytest.fixture
def keep_connection() -> Iterator[None]:
    """Calls go straight to the WSGI app, so stop Django closing the test's connection after each
    request (as its test client does): inside the test transaction it would close it on PostgreSQL.
    """
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def token(people: dict[str, Any], keep_connection: None) -> str:
    """A token of sales1, who owns two of the three customers."""
    return client_for(people["sales1"]).client.defaults["HTTP_AUTHORIZATION"]


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_no_input_causes_a_server_error(case: Any, token: str) -> None:
    """Whatever the generated request, the answer is below 500."""
    response = case.call(headers={"Authorization": token, "Accept-Language": "en"})
    assert response.status_code < 500, f"{case.method} {case.formatted_path}: {response.status_code}\n{case}"
