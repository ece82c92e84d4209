"""A code or order number taken in a colleague's book is refused without naming that customer."""

from __future__ import annotations

from typing import Any

import pytest

from tests.api.conftest import client_for


def _names_nothing_of_gamma(body: str, people: dict[str, Any]) -> None:
    gamma = people["gamma"]
    for secret in (gamma.name, "Gamma", people["sales2"].username, f'"id": {gamma.pk}', f'"id":{gamma.pk}'):
        assert secret not in body, f"{secret!r} leaks in {body}"


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_a_new_customer_with_a_colleagues_code_names_no_one(people: dict[str, Any], language: str) -> None:
    """POST /api/customers with Gamma's code: 422 'already in use' on the code, Gamma not named."""
    response = client_for(people["sales1"], language).post("/customers", {"code": "GAMMA", "name": "Copy"})
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["code"]
    _names_nothing_of_gamma(response.content.decode(), people)


def test_renaming_a_code_to_a_colleagues_code_names_no_one(people: dict[str, Any]) -> None:
    """PATCH of Alpha's code to Gamma's: 422 on the code, Gamma not named, Alpha unchanged."""
    alpha = people["alpha"]
    response = client_for(people["sales1"]).patch(f"/customers/{alpha.pk}", {"code": "GAMMA"})
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["code"]
    _names_nothing_of_gamma(response.content.decode(), people)
    alpha.refresh_from_db()
    assert alpha.code == "ALPHA"


@pytest.mark.parametrize("partial", [False, True])
def test_an_order_number_of_a_colleagues_customer_names_no_one(people: dict[str, Any], partial: bool) -> None:
    """Posting Gamma's order number for Alpha: 'already in use' on the line, Gamma not named."""
    gamma_line = {"order_no": "SO-7", "customer": "GAMMA", "order_date": "2025-03-01", "amount": "10"}
    assert client_for(people["boss"]).post("/orders/bulk", {"lines": [gamma_line]}).status_code == 200
    mine = {**gamma_line, "customer": "ALPHA"}
    response = client_for(people["sales1"]).post("/orders/bulk", {"lines": [mine], "partial": partial})
    assert response.status_code == (200 if partial else 422)
    errors = response.json()["errors"]
    assert [e["field"] for e in errors] == ["lines.0.order_no"]
    assert "already in use" in errors[0]["message"]
    _names_nothing_of_gamma(response.content.decode(), people)
