"""Writes through the API: customers, interactions, and the idempotent bulk upsert of orders."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from laoke.audit.models import AuditEvent
from laoke.customers.models import Customer
from laoke.orders.models import Order, OrderLine
from tests.api.conftest import client_for


def _lines(code: str = "ALPHA") -> list[dict[str, Any]]:
    head = {"customer": code, "order_date": "2025-03-01"}
    return [
        {"order_no": "SO-1", **head, "product": "P-1", "amount": "100.50"},
        {"order_no": "SO-1", **head, "product": "P-2", "quantity": 3, "unit_price": "20"},
        {"order_no": "SO-2", "customer": code, "order_date": "2025-04-10", "line_no": 1, "amount": 999},
    ]


def _counts() -> tuple[int, int, Decimal]:
    total = sum((line.amount for line in OrderLine.objects.all()), Decimal(0))
    return Order.objects.count(), OrderLine.objects.count(), total


def test_a_salesperson_creates_a_customer_that_is_their_own(people: dict[str, Any]) -> None:
    """201, owner is the caller even without saying so; the customer shows up in their list."""
    api = client_for(people["sales1"])
    response = api.post(
        "/customers", {"code": "DELTA", "name": "Delta BV", "country": "NL", "kind": "importer"}
    )
    assert response.status_code == 201, response.json()
    assert response.json()["owner"] == "sales1"
    assert Customer.objects.get(code="DELTA").owner == people["sales1"]


def test_a_salesperson_cannot_give_a_customer_away(people: dict[str, Any]) -> None:
    """Naming another owner → 422 on ``owner``; a manager may do it."""
    api = client_for(people["sales1"])
    refused = api.patch(f"/customers/{people['alpha'].pk}", {"owner": "sales2"})
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["field"] == "owner"
    moved = client_for(people["boss"]).patch(f"/customers/{people['alpha'].pk}", {"owner": "sales2"})
    assert moved.status_code == 200 and moved.json()["owner"] == "sales2"


def test_update_changes_only_the_fields_sent(people: dict[str, Any]) -> None:
    """PATCH with a name keeps the country and the code."""
    alpha = people["alpha"]
    response = client_for(people["sales1"]).patch(
        f"/customers/{alpha.pk}", {"name": "Alpha AG", "credit_days": 60}
    )
    assert response.status_code == 200
    alpha.refresh_from_db()
    assert (alpha.name, alpha.credit_days, alpha.code, alpha.country) == ("Alpha AG", 60, "ALPHA", "DE")


def test_bad_customer_fields_get_a_422_naming_each_field(people: dict[str, Any]) -> None:
    """Missing name, a lower-case country and a level of 9 are all reported; nothing is created."""
    response = client_for(people["sales1"]).post(
        "/customers", {"code": "EPS", "country": "nl", "relationship_level": 9}
    )
    assert response.status_code == 422
    body = response.json()
    fields = {e["field"]: e["message"] for e in body["errors"]}
    assert set(fields) == {"name", "country", "relationship_level"}
    assert fields["name"] == "This field is required."
    assert fields["relationship_level"] == "Enter a value of at most 5."
    assert body["detail"] == "The request has errors."
    assert not Customer.objects.filter(code="EPS").exists()


def test_a_duplicate_code_is_refused_on_the_code_field(people: dict[str, Any]) -> None:
    """Another customer's code → 422 on ``code``."""
    response = client_for(people["sales1"]).post("/customers", {"code": "GAMMA", "name": "Copy"})
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"field": "code", "message": "This customer code is already in use."}
    ]


def test_errors_come_in_the_requests_language(people: dict[str, Any]) -> None:
    """With Accept-Language zh-Hans the detail and the field messages are Chinese."""
    response = client_for(people["sales1"], "zh-hans").post("/customers", {"code": "X"})
    assert response.status_code == 422
    assert response.json()["detail"] == "请求有错误。"
    assert response.json()["errors"][0] == {"field": "name", "message": "此项必填。"}


def test_logging_an_interaction_records_the_caller(people: dict[str, Any]) -> None:
    """201; the interaction belongs to the customer and is by the caller; inbound mail gets direction in."""
    api = client_for(people["sales1"])
    response = api.post(
        "/interactions", {"customer_id": people["alpha"].pk, "kind": "email_in", "reply_hours": 0.5}
    )
    assert response.status_code == 201
    assert response.json()["user"] == "sales1" and response.json()["direction"] == "in"
    bad = api.post("/interactions", {"customer_id": people["alpha"].pk, "kind": "telepathy"})
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "kind"


def test_bulk_upsert_writes_orders_and_reposting_changes_nothing(people: dict[str, Any]) -> None:
    """Two orders, three lines (one priced by quantity × unit price); the same post again is a no-op."""
    api = client_for(people["sales1"])
    first = api.post("/orders/bulk", {"lines": _lines()})
    assert first.status_code == 200, first.json()
    assert first.json()["created"]["orders"] == 2
    assert _counts() == (2, 3, Decimal("1159.50"))
    order = Order.objects.get(order_no="SO-1")
    assert order.customer == people["alpha"]
    assert [line.amount for line in order.lines.order_by("line_no")] == [Decimal("100.50"), Decimal("60.00")]
    audit = AuditEvent.objects.filter(action="api", target="orders bulk upsert").get()
    assert (audit.user, audit.rows) == (people["sales1"], 3)
    again = api.post("/orders/bulk", {"lines": _lines()})
    assert again.status_code == 200
    assert again.json()["created"].get("orders", 0) == 0
    assert again.json()["updated"].get("orders", 0) == 0
    assert again.json()["unchanged"]["orders"] == 2
    assert _counts() == (2, 3, Decimal("1159.50"))


def test_bulk_upsert_updates_a_changed_line_in_place(people: dict[str, Any]) -> None:
    """Posting SO-2 with a new amount updates its one line; no order or line is added."""
    api = client_for(people["sales1"])
    api.post("/orders/bulk", {"lines": _lines()})
    changed = _lines()[2] | {"amount": 1500}
    assert api.post("/orders/bulk", {"lines": [changed]}).status_code == 200
    assert _counts() == (2, 3, Decimal("1660.50"))


def test_a_bad_line_refuses_the_whole_post_and_names_the_line(people: dict[str, Any]) -> None:
    """A line without amount or price → 422 at ``lines.1.amount``; nothing is written."""
    lines = _lines()
    lines[1] = {"order_no": "SO-1", "customer": "ALPHA", "order_date": "2025-03-01"}
    response = client_for(people["sales1"]).post("/orders/bulk", {"lines": lines})
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["lines.1.amount"]
    assert _counts() == (0, 0, Decimal(0))


def test_a_badly_typed_line_is_named_by_the_schema(people: dict[str, Any]) -> None:
    """A text amount and a bad date → 422 naming ``lines.0.amount`` and ``lines.2.order_date``."""
    lines = _lines()
    lines[0]["amount"] = "lots"
    lines[2]["order_date"] = "2025-13-45"
    response = client_for(people["sales1"]).post("/orders/bulk", {"lines": lines})
    assert response.status_code == 422
    assert {e["field"] for e in response.json()["errors"]} == {"lines.0.amount", "lines.2.order_date"}


def test_a_salesperson_cannot_write_orders_of_another_salespersons_customer(people: dict[str, Any]) -> None:
    """Gamma's code looks unknown to sales1 (422 on the customer, nothing written); the manager can."""
    response = client_for(people["sales1"]).post("/orders/bulk", {"lines": _lines("GAMMA")})
    assert response.status_code == 422
    assert {e["field"] for e in response.json()["errors"]} == {"lines.0.customer", "lines.1.customer",
                                                               "lines.2.customer"}  # fmt: skip
    assert response.json()["errors"][0]["message"] == "No customer with this code."
    assert _counts() == (0, 0, Decimal(0))
    assert client_for(people["boss"]).post("/orders/bulk", {"lines": _lines("GAMMA")}).status_code == 200


def test_a_salesperson_cannot_overwrite_another_customers_order_number(people: dict[str, Any]) -> None:
    """SO-1 is Gamma's: sales1 posting SO-1 for Alpha → 422 on the order number; Gamma's order stays."""
    client_for(people["boss"]).post("/orders/bulk", {"lines": _lines("GAMMA")[:1]})
    response = client_for(people["sales1"]).post("/orders/bulk", {"lines": _lines()[:1]})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "lines.0.order_no"
    assert Order.objects.get(order_no="SO-1").customer == people["gamma"]


def test_a_partial_post_writes_the_good_lines_and_lists_the_others(people: dict[str, Any]) -> None:
    """With partial, the visible customer's lines are written and the other customer's line reported."""
    lines = [*_lines(), {"order_no": "SO-9", "customer": "GAMMA", "order_date": "2025-05-01", "amount": 5}]
    response = client_for(people["sales1"]).post("/orders/bulk", {"lines": lines, "partial": True})
    assert response.status_code == 200
    assert response.json()["ok"] is False
    assert [e["field"] for e in response.json()["errors"]] == ["lines.3.customer"]
    assert _counts()[:2] == (2, 3)


def test_an_inquiry_is_recorded_scored_and_seen_only_by_its_owner(people: dict[str, Any]) -> None:
    """sales1 records an inquiry (201, owner sales1, scored); sales2 does not see it, the manager does."""
    api = client_for(people["sales1"])
    response = api.post(
        "/inquiries",
        {"name": "Omega Trading", "country": "US", "kind": "distributor", "expected_value": "50000"},
    )
    assert response.status_code == 201, response.json()
    assert response.json()["owner"] == "sales1" and response.json()["status"] == "inquiry"
    assert [i["name"] for i in api.get("/inquiries").json()["items"]] == ["Omega Trading"]
    assert client_for(people["sales2"]).get("/inquiries").json()["count"] == 0
    assert client_for(people["boss"]).get("/inquiries").json()["count"] == 1
    bad = api.post("/inquiries", {"name": "", "channel_role": "wholesaler"})
    assert bad.status_code == 422
    assert {e["field"] for e in bad.json()["errors"]} == {"name", "channel_role"}
