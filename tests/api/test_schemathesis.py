"""Fuzz every API operation from its OpenAPI schema with all of schemathesis' checks.

No server error, every status code and body as documented, schema-violating requests refused
(401/422), schema-valid ones accepted, authentication never ignored. The only exception is
explained in docs/api.md: where a schema-valid request can still break a rule that needs the
stored data (a code already in use, an unknown customer code, a period over ten years), the
"schema-valid request accepted" check is left out for that operation. A bounded number of
examples per operation, derandomized so a red run always points at a change. It runs as a
salesperson (visibility filters on) against a small book, on SQLite and PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import CHECKS, load_all_checks
from schemathesis.specs.openapi.checks import negative_data_rejection, positive_data_acceptance

from laoke.project.wsgi import application
from tests.api.conftest import client_for

pytestmark = pytest.mark.slow

schema = schemathesis.openapi.from_wsgi("/api/openapi.json", application)

#: Examples per operation (after schemathesis's own boundary cases): bad types, bounds, odd text.
MAX_EXAMPLES = 25

load_all_checks()
#: Every check schemathesis has (``--checks all``).
ALL_CHECKS = CHECKS.get_all()
#: Operations whose schema-valid requests may break a rule on the stored data (docs/api.md).
RULES_ON_STORED_DATA = {
    ("POST", "/api/customers"),  # code already in use; owner rules
    ("PATCH", "/api/customers/{customer_id}"),  # the same
    ("POST", "/api/orders/bulk"),  # customer codes must exist and be visible
    ("GET", "/api/kpis"),  # start before end, at most ten years
}


def sent_as_generated(query: dict[str, Any] | None) -> bool:
    """Whether the WSGI transport sends the query string schemathesis generated.

    Werkzeug leaves out the ``None`` items of a list: a generated ``?q=[text, None]`` (an array
    where the schema wants one string: invalid) goes out as ``?q=text``, a valid request, which
    the API rightly answers with 200 and schemathesis takes for invalid data accepted (a fresh
    run found one: ``GET /api/customers``). Such a case still runs every other check.
    """
    return not any(isinstance(v, list) and None in v for v in (query or {}).values())


def test_the_transport_quirk_is_recognised() -> None:
    """A list with a None item is what Werkzeug shortens; anything else is sent as generated."""
    from werkzeug.test import EnvironBuilder

    generated: Any = {"q": ["a", None]}
    assert EnvironBuilder(path="/", query_string=generated).get_environ()["QUERY_STRING"] == "q=a"
    assert not sent_as_generated({"q": ["a", None]})
    assert sent_as_generated({"q": ["a", ""]}) and sent_as_generated({"q": "a"}) and sent_as_generated(None)


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
def test_every_answer_conforms_to_the_schema(case: Any, token: str) -> None:
    """Whatever the generated request, the answer passes all of schemathesis' checks."""
    excluded = [positive_data_acceptance] if (case.method, case.path) in RULES_ON_STORED_DATA else []
    if not sent_as_generated(case.query):
        excluded.append(negative_data_rejection)
    case.call_and_validate(
        headers={"Authorization": token, "Accept-Language": "en"}, checks=ALL_CHECKS, excluded_checks=excluded
    )
