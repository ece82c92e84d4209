"""The customer record service: create, update only what is sent, change of owner audited as a handover."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import translation

from laoke.accounts.models import RoleChoices, Team
from laoke.audit.models import AuditAction, AuditEvent
from laoke.customers.models import Customer
from laoke.customers.services.records import (
    CustomerRecordError,
    change_owner,
    create_customer,
    update_customer,
)
from laoke.retention.models import TaskStatusChoices
from tests.web import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def book() -> dict[str, Any]:
    """Team A (sales1, sales2, lead_a), team B (b1), a company-level boss; sales1 owns Alpha."""
    team_a, team_b = Team.objects.create(name="A"), Team.objects.create(name="B")
    people = {
        "sales1": f.user("sales1", team=team_a),
        "sales2": f.user("sales2", team=team_a),
        "lead_a": f.user("lead_a", role=RoleChoices.MANAGER, team=team_a),
        "b1": f.user("b1", team=team_b),
        "boss": f.user("boss", role=RoleChoices.MANAGER),
    }
    people["alpha"] = f.customer("Alpha GmbH", code="ALPHA", owner=people["sales1"])
    return people


def handovers() -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=AuditAction.HANDOVER).order_by("pk"))


def test_a_salespersons_new_customer_is_their_own_a_managers_goes_to_the_pool(book: dict[str, Any]) -> None:
    mine = create_customer(by=book["sales1"], fields={"code": "D1", "name": "Delta BV", "country": "NL"})
    pooled = create_customer(by=book["boss"], fields={"code": "E1", "name": "Epsilon"})
    given = create_customer(by=book["lead_a"], fields={"code": "F1", "name": "Phi", "owner": book["sales2"]})
    assert (mine.owner, mine.country, pooled.owner, given.owner) == (
        book["sales1"],
        "NL",
        None,
        book["sales2"],
    )
    assert not handovers()


def test_create_refuses_an_empty_name_a_used_code_and_an_owner_outside_the_team(book: dict[str, Any]) -> None:
    with translation.override("en"), pytest.raises(CustomerRecordError) as refused:
        create_customer(by=book["lead_a"], fields={"code": "ALPHA", "name": "", "owner": book["b1"]})
    assert set(refused.value.errors) == {"code", "name", "owner"}
    assert refused.value.errors["code"] == "This customer code is already in use."
    assert refused.value.errors["owner"] == "You can give customers only to members of your team."
    assert Customer.objects.count() == 1


def test_the_errors_are_in_the_readers_language(book: dict[str, Any]) -> None:
    with translation.override("zh-hans"), pytest.raises(CustomerRecordError) as refused:
        create_customer(by=book["sales1"], fields={"code": "ALPHA", "name": "Copy"})
    assert refused.value.errors["code"] != "This customer code is already in use."
    assert "客户" in refused.value.errors["code"]


def test_an_update_writes_only_the_fields_sent(book: dict[str, Any]) -> None:
    """A copy read before someone else changed the notes does not put the old notes back."""
    stale = Customer.objects.get(pk=book["alpha"].pk)
    Customer.objects.filter(pk=stale.pk).update(notes="Met at the Canton fair")
    update_customer(stale, by=book["sales1"], fields={"name": "Alpha AG", "credit_days": 60})
    alpha = Customer.objects.get(pk=stale.pk)
    assert (alpha.name, alpha.credit_days, alpha.notes) == ("Alpha AG", 60, "Met at the Canton fair")
    assert not handovers()


def test_a_refused_update_changes_nothing(book: dict[str, Any]) -> None:
    """A salesperson may rename their customer but not give it away: the rename is not kept either."""
    with pytest.raises(CustomerRecordError) as refused:
        update_customer(
            book["alpha"], by=book["sales1"], fields={"name": "Alpha AG", "owner": book["sales2"]}
        )
    assert set(refused.value.errors) == {"owner"}
    alpha = Customer.objects.get(pk=book["alpha"].pk)
    assert (alpha.name, alpha.owner) == ("Alpha GmbH", book["sales1"])
    assert not handovers()


def test_an_update_that_names_a_new_owner_is_a_handover(book: dict[str, Any]) -> None:
    update_customer(
        book["alpha"], by=book["lead_a"], fields={"notes": "Key account", "owner": book["sales2"]}
    )
    alpha = Customer.objects.get(pk=book["alpha"].pk)
    assert (alpha.notes, alpha.owner) == ("Key account", book["sales2"])
    [event] = handovers()
    assert (event.user, event.target, event.detail["from"], event.detail["to"]) == (
        book["lead_a"],
        "customer ALPHA",
        "sales1",
        "sales2",
    )


def test_change_owner_moves_the_open_tasks_and_writes_one_audit_row(book: dict[str, Any]) -> None:
    alpha = book["alpha"]
    due = dt.date(2025, 3, 1)
    open_task = f.task(alpha, book["sales1"], due)
    snoozed = f.task(alpha, book["sales1"], due, status=TaskStatusChoices.SNOOZED)
    done = f.task(alpha, book["sales1"], due, status=TaskStatusChoices.DONE)
    other = f.task(None, book["sales1"], due)

    assert change_owner(alpha, by=book["boss"], to=book["b1"]) is True

    assert Customer.objects.get(pk=alpha.pk).owner == book["b1"]
    assignees = {t.pk: t.assignee for t in (open_task, snoozed, done, other) if t.refresh_from_db() is None}
    assert assignees == {
        open_task.pk: book["b1"],
        snoozed.pk: book["b1"],
        done.pk: book["sales1"],
        other.pk: book["sales1"],
    }
    [event] = handovers()
    assert (event.user, event.rows, event.detail) == (
        book["boss"],
        1,
        {"customer": alpha.pk, "from": "sales1", "to": "b1"},
    )


def test_change_owner_to_the_pool_and_back(book: dict[str, Any]) -> None:
    alpha = book["alpha"]
    assert change_owner(alpha, by=book["lead_a"], to=None) is True
    assert change_owner(alpha, by=book["lead_a"], to=None) is False  # already in the pool: no row
    assert change_owner(alpha, by=book["lead_a"], to=book["sales2"]) is True
    assert [(e.detail["from"], e.detail["to"]) for e in handovers()] == [
        ("sales1", "pool"),
        ("pool", "sales2"),
    ]


def test_change_owner_reads_the_owner_as_stored_not_as_read(book: dict[str, Any]) -> None:
    """A copy read before a handover names the real previous owner in the audit row."""
    stale = Customer.objects.get(pk=book["alpha"].pk)
    Customer.objects.filter(pk=stale.pk).update(owner=book["sales2"])
    assert change_owner(stale, by=book["boss"], to=book["b1"]) is True
    assert handovers()[0].detail["from"] == "sales2"


def test_a_team_manager_cannot_take_another_teams_customer(book: dict[str, Any]) -> None:
    beta = f.customer("Beta SARL", code="BETA", owner=book["b1"])
    with pytest.raises(CustomerRecordError):
        change_owner(beta, by=book["lead_a"], to=book["sales1"])
    assert Customer.objects.get(pk=beta.pk).owner == book["b1"]
    assert not handovers()
