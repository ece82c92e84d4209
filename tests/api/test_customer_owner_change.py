"""A change of owner through the API is audited like a handover, and the open tasks follow it."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from laoke.audit.models import AuditAction, AuditEvent
from laoke.retention.models import TaskStatusChoices
from tests.api.conftest import client_for
from tests.web import factories as f

pytestmark = pytest.mark.django_db


def test_a_manager_giving_a_customer_to_someone_else_writes_a_handover_row(
    people: dict[str, Any],
) -> None:
    """PATCH owner: one audit row (who, which customer, from whom to whom); the open task moves."""
    alpha = people["alpha"]
    task = f.task(alpha, people["sales1"], dt.date(2025, 3, 1))
    done = f.task(alpha, people["sales1"], dt.date(2025, 2, 1), status=TaskStatusChoices.DONE)

    response = client_for(people["boss"]).patch(f"/customers/{alpha.pk}", {"owner": "sales2"})

    assert response.status_code == 200
    assert response.json()["owner"] == "sales2"
    event = AuditEvent.objects.get(action=AuditAction.HANDOVER)
    assert (event.user, event.rows) == (people["boss"], 1)
    assert "ALPHA" in event.target
    assert event.detail["from"] == "sales1"
    assert event.detail["to"] == "sales2"
    task.refresh_from_db()
    done.refresh_from_db()
    assert (task.assignee, done.assignee) == (people["sales2"], people["sales1"])


def test_a_patch_that_leaves_the_owner_as_it_is_writes_no_audit_row(people: dict[str, Any]) -> None:
    """Sending the current owner again changes nothing and is not a handover."""
    response = client_for(people["boss"]).patch(f"/customers/{people['alpha'].pk}", {"owner": "sales1"})
    assert response.status_code == 200
    assert not AuditEvent.objects.filter(action=AuditAction.HANDOVER).exists()


def test_giving_a_customer_to_the_shared_pool_is_audited(people: dict[str, Any]) -> None:
    """Owner "" is the shared pool: the row says so and the open tasks are unassigned."""
    gamma = people["gamma"]
    task = f.task(gamma, people["sales2"], dt.date(2025, 3, 1))
    response = client_for(people["boss"]).patch(f"/customers/{gamma.pk}", {"owner": ""})
    assert response.status_code == 200
    assert response.json()["owner"] is None
    event = AuditEvent.objects.get(action=AuditAction.HANDOVER)
    assert (event.detail["from"], event.detail["to"]) == ("sales2", "pool")
    task.refresh_from_db()
    assert task.assignee is None
