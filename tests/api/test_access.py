"""Tokens and visibility: who may call the API and what each caller sees."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.test import Client
from django.utils import timezone

from laoke.api.models import ApiToken
from laoke.api.services.tokens import create_token, revoke_token
from laoke.audit.models import AuditEvent
from tests.api.conftest import ApiClient, client_for
from tests.web import factories as f


def test_a_call_without_a_token_is_refused_with_a_clear_body(people: dict[str, Any]) -> None:
    """No credentials → 401 with a detail telling how to authenticate."""
    response = Client(HTTP_ACCEPT_LANGUAGE="en").get("/api/customers")
    assert response.status_code == 401
    assert "Bearer" in response.json()["detail"]
    assert response.json()["errors"] == []


def test_tokens_are_stored_hashed_and_stop_working_when_revoked(people: dict[str, Any]) -> None:
    """The raw token is never stored; after revocation the same token gets 401."""
    token, raw = create_token(user=people["sales1"], name="ERP")
    assert raw.startswith("laoke_") and raw not in token.key_hash
    assert not ApiToken.objects.filter(key_hash=raw).exists()
    api = ApiClient(raw)
    assert api.get("/customers").status_code == 200
    revoke_token(token=token)
    assert api.get("/customers").status_code == 401
    targets = list(AuditEvent.objects.filter(action="api").values_list("target", flat=True))
    assert any("created: ERP" in t for t in targets) and any("revoked: ERP" in t for t in targets)


def test_a_token_of_someone_who_left_stops_working(people: dict[str, Any]) -> None:
    """A salesperson who left cannot use an old token."""
    api = client_for(people["sales2"])
    assert api.get("/customers").status_code == 200
    people["sales2"].left_on = timezone.localdate()
    people["sales2"].save()
    assert api.get("/customers").status_code == 401


def test_a_salesperson_lists_only_their_customers(people: dict[str, Any]) -> None:
    """sales1 sees Alpha and Beta, never Gamma; the manager sees all three."""
    body = client_for(people["sales1"]).get("/customers").json()
    assert body["count"] == 2
    assert {c["code"] for c in body["items"]} == {"ALPHA", "BETA"}
    assert client_for(people["boss"]).get("/customers").json()["count"] == 3


def test_another_salespersons_customer_is_not_found_for_read_or_write(people: dict[str, Any]) -> None:
    """Detail, update, score, forecast, logging a touch on Gamma → 404 for sales1, and Gamma is unchanged."""
    gamma = people["gamma"]
    f.score(gamma)
    f.forecast(gamma, timezone.localdate(), timezone.localdate() + dt.timedelta(days=30))
    api = client_for(people["sales1"])
    assert api.get(f"/customers/{gamma.pk}").status_code == 404
    assert api.patch(f"/customers/{gamma.pk}", {"name": "Mine now"}).status_code == 404
    assert api.get(f"/customers/{gamma.pk}/score").status_code == 404
    assert api.get(f"/customers/{gamma.pk}/forecast").status_code == 404
    assert api.post("/interactions", {"customer_id": gamma.pk, "kind": "call"}).status_code == 404
    gamma.refresh_from_db()
    assert gamma.name == "Gamma Ltd" and not gamma.interactions.exists()
    assert client_for(people["sales2"]).get(f"/customers/{gamma.pk}").status_code == 200


def test_rows_hanging_off_customers_are_scoped_too(people: dict[str, Any]) -> None:
    """Orders, interactions, scores, forecasts and tasks of Gamma do not reach sales1's lists."""
    today = timezone.localdate()
    for customer in (people["alpha"], people["gamma"]):
        f.order(customer, today)
        f.interaction(customer, "call")
        f.score(customer)
        f.forecast(customer, today, today + dt.timedelta(days=10))
    f.task(people["alpha"], people["sales1"], today)
    f.task(people["gamma"], people["sales2"], today)
    api = client_for(people["sales1"])
    for path in ("/orders", "/interactions", "/scores", "/forecasts", "/tasks"):
        items = api.get(path).json()["items"]
        assert [i["customer_id"] for i in items] == [people["alpha"].pk], path
    boss = client_for(people["boss"])
    assert boss.get("/orders").json()["count"] == 2


def test_lists_are_paginated(people: dict[str, Any]) -> None:
    """limit/offset give pages; count is the total; a limit above 500 is refused naming the field."""
    for i in range(7):
        f.customer(f"Extra {i}", owner=people["sales1"])
    api = client_for(people["sales1"])
    first = api.get("/customers", limit=4, offset=0).json()
    second = api.get("/customers", limit=4, offset=4).json()
    assert first["count"] == second["count"] == 9
    assert len(first["items"]) == 4 and len(second["items"]) == 4
    assert not {c["id"] for c in first["items"]} & {c["id"] for c in second["items"]}
    refused = api.get("/customers", limit=501)
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["field"] == "limit"


def test_a_salesperson_updates_a_task_of_their_own_only(people: dict[str, Any]) -> None:
    """sales1 marks their task done; sales2's task is not found for them."""
    today = timezone.localdate()
    mine = f.task(people["alpha"], people["sales1"], today)
    theirs = f.task(people["gamma"], people["sales2"], today)
    api = client_for(people["sales1"])
    done = api.patch(f"/tasks/{mine.pk}", {"status": "done", "note": "Called, order coming"})
    assert done.status_code == 200 and done.json()["status"] == "done"
    assert "order coming" in done.json()["note"]
    assert api.patch(f"/tasks/{theirs.pk}", {"status": "done"}).status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == "open"
    snooze = api.patch(f"/tasks/{mine.pk}", {"status": "snoozed", "note": "half-written"})
    assert snooze.status_code == 422 and snooze.json()["errors"][0]["field"] == "snooze_days"
    mine.refresh_from_db()
    assert "half-written" not in mine.note  # a refused update writes nothing


def test_tokens_can_be_listed_created_and_revoked_through_the_api(people: dict[str, Any]) -> None:
    """The new token is shown once and works; listing shows only the prefix; revoking ends it."""
    api = client_for(people["sales1"])
    created = api.post("/tokens", {"name": "Laptop"})
    assert created.status_code == 201
    raw = created.json()["token"]
    assert ApiClient(raw).get("/customers").status_code == 200
    listed = api.get("/tokens").json()
    assert all("token" not in t for t in listed)
    assert api.delete(f"/tokens/{created.json()['id']}").status_code == 200
    assert ApiClient(raw).get("/customers").status_code == 401
    assert client_for(people["sales2"]).delete(f"/tokens/{created.json()['id']}").status_code == 404


def test_the_kpi_pack_is_scoped_to_what_the_caller_sees(people: dict[str, Any]) -> None:
    """2025 vs 2024: the manager's reorder base is Alpha and Gamma, sales1's only Alpha; bad spans are 422."""
    for customer in (people["alpha"], people["gamma"]):
        f.order(customer, dt.date(2024, 4, 1))
    f.order(people["gamma"], dt.date(2025, 4, 1), amount="5000")
    year = {"start": "2025-01-01", "end": "2025-12-31"}
    boss = client_for(people["boss"]).get("/kpis", **year).json()
    assert (boss["reorder"]["company"]["base"], boss["reorder"]["company"]["hits"]) == (2, 1)
    assert [o["owner"] for o in boss["owner_concentration"]] == ["sales2"]
    mine = client_for(people["sales1"]).get("/kpis", **year).json()
    assert (mine["reorder"]["company"]["base"], mine["reorder"]["company"]["hits"]) == (1, 0)
    assert mine["owner_concentration"] == [] and "sales2" not in str(mine)
    assert mine["definitions"]["reorder"]["zh"].startswith("翻单率")
    assert mine["definitions"]["owner_concentration"]["en"].endswith("Above 30% is flagged.")
    assert mine["definitions"]["losses"]["zh"].endswith("流失前 12 个月的销售额。")
    reversed_span = client_for(people["sales1"]).get("/kpis", start="2025-05-01", end="2025-01-01")
    assert reversed_span.status_code == 422 and reversed_span.json()["errors"][0]["field"] == "start"


def test_a_score_words_its_treatment_code_in_both_languages(people: dict[str, Any]) -> None:
    """A shipped treatment is stored as its code; the API gives the code and its English and Chinese words."""
    from laoke.retention.models import CustomerScore

    CustomerScore.objects.create(
        customer=people["alpha"], as_of=dt.date(2026, 1, 31), total=75.0, grade="A", treatment_code="grade_A"
    )
    score = client_for(people["sales1"]).get(f"/customers/{people['alpha'].pk}/score").json()
    assert score["treatment_code"] == "grade_A"
    assert score["treatment_en"].startswith("Key customer: special treatment")
    assert score["treatment_zh"].startswith("重点客户：特殊待遇")
