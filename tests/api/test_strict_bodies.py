"""The API refuses what its schema refuses: 401 without credentials, 422 for ill-typed bodies."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from laoke.api.api import api
from laoke.pipeline.models import Prospect
from tests.api.conftest import client_for


def test_a_write_without_credentials_is_401_not_a_csrf_403(people: dict[str, Any]) -> None:
    """A POST with neither token nor session: 401 with the error body, not 403 'CSRF check Failed'."""
    response = Client(enforce_csrf_checks=True, HTTP_ACCEPT_LANGUAGE="en").post(
        "/api/customers", {"code": "X", "name": "Y"}, content_type="application/json"
    )
    assert response.status_code == 401
    assert "token" in response.json()["detail"]


def test_a_logged_in_session_without_csrf_token_is_still_refused(people: dict[str, Any]) -> None:
    """The CSRF check still guards a logged-in browser session (403), only anonymous calls get 401."""
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(people["sales1"])
    response = browser.post("/api/customers", {"code": "X", "name": "Y"}, content_type="application/json")
    assert response.status_code == 403


@pytest.mark.parametrize("body", [[None, None], [], '"text"', 3])
def test_a_patch_body_that_is_not_an_object_is_422(people: dict[str, Any], body: Any) -> None:
    """PATCH with a JSON array, string or number as body is refused, not read as 'no change'."""
    response = client_for(people["sales1"]).patch(f"/customers/{people['alpha'].pk}", body)
    assert response.status_code == 422
    assert response.json()["errors"][0]["message"] == "Enter an object."


def test_a_body_that_is_not_json_is_422(people: dict[str, Any]) -> None:
    """A body that does not parse is an invalid body like any other: 422 naming the body."""
    api_client = client_for(people["sales1"]).client
    response = api_client.post("/api/customers", "F", content_type="application/json")
    assert response.status_code == 422
    assert response.json()["errors"] == [{"field": "body", "message": "The body is not valid JSON."}]


@pytest.mark.parametrize("created_on", [0, 1_700_000_000, "0", True, "2025-13-01"])
def test_a_date_must_be_a_real_date_not_a_number(people: dict[str, Any], created_on: Any) -> None:
    """created_on: 0 is refused (it was stored as 1970-01-01); nothing is written."""
    response = client_for(people["sales1"]).post("/inquiries", {"name": "Acme", "created_on": created_on})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "created_on"
    assert not Prospect.objects.filter(name="Acme").exists()


def test_a_date_in_a_query_is_a_real_date(people: dict[str, Any]) -> None:
    """?until=0 is refused too, and a real date is taken."""
    api_client = client_for(people["sales1"])
    assert api_client.get("/orders", until="0").status_code == 422
    assert api_client.get("/orders", until="2025-01-31").status_code == 200


@pytest.mark.parametrize(
    ("field", "value"), [("is_target", 0), ("is_target", "true"), ("headcount", "12"), ("headcount", True)]
)
def test_values_of_the_wrong_json_type_are_refused(people: dict[str, Any], field: str, value: Any) -> None:
    """0 is not false and "12" is not 12: the field is named in a 422."""
    response = client_for(people["sales1"]).post("/customers", {"code": "NEW", "name": "New", field: value})
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == [field]


def test_whole_floats_and_binary_amounts_are_taken(people: dict[str, Any]) -> None:
    """1.0 is a whole number (as JSON Schema says) and 0.57 an amount of 0.57."""
    response = client_for(people["sales1"]).post(
        "/customers", {"code": "NEW", "name": "New", "headcount": 12.0, "turnover": 0.1 + 0.47}
    )
    assert response.status_code == 201, response.content
    assert response.json()["headcount"] == 12 and response.json()["turnover"] == 0.57


def test_every_operation_declares_its_error_answers() -> None:
    """401 and 422 on every operation, 404 where the path names an object, 403 on writes."""
    schema = api.get_openapi_schema()
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            codes = {str(code) for code in operation["responses"]}
            assert {"401", "422"} <= codes, (method, path)
            assert "{" not in path or "404" in codes, (method, path)
            assert method == "get" or "403" in codes, (method, path)


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_a_query_value_holding_nul_is_422_naming_the_field(people: dict[str, Any], language: str) -> None:
    """A NUL in a filter is the documented 422 error body naming the parameter (never 400 or 500)."""
    response = client_for(people["sales1"], language).get("/customers", q="Alpha\x00")
    assert response.status_code == 422
    error = response.json()["errors"][0]
    assert error["field"] == "q"
    assert ("NUL" in error["message"]) and (("不允许" in error["message"]) == (language == "zh-hans"))


def test_a_query_parameter_sent_twice_is_422_naming_it(people: dict[str, Any]) -> None:
    """``?q=a&q=b`` is refused (no operation takes a list in its query), not read as the last value."""
    response = client_for(people["sales1"]).client.get("/api/customers?q=Alpha&q=Beta&country=DE")
    assert response.status_code == 422
    assert response.json()["errors"] == [{"field": "q", "message": "Give this parameter once."}]
    assert client_for(people["sales1"]).get("/customers", q="Alpha").status_code == 200
