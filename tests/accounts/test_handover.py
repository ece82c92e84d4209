"""Handover: the new owner sees everything, the old account cannot log in, nothing is lost."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import transaction
from django.test import Client
from django.utils import timezone

from laoke.accounts.models import RoleChoices, Team, User
from laoke.audit.models import AuditAction, AuditEvent
from laoke.customers.models import Customer, HandoverDossier
from laoke.customers.visibility import visible_customers, visible_for
from laoke.interactions.models import Interaction
from laoke.orders.models import Order
from laoke.retention.models import Task
from laoke.retention.services.handover import HandoverError, hand_over
from tests.web import factories as f

pytestmark = pytest.mark.django_db


def counts() -> dict[str, int]:
    """Row counts of everything a handover must not lose."""
    return {
        "users": User.objects.count(),
        "customers": Customer.objects.count(),
        "orders": Order.objects.count(),
        "interactions": Interaction.objects.count(),
        "tasks": Task.objects.count(),
    }


@pytest.fixture
def leaving() -> User:
    """A salesperson with three customers, orders, interactions and open tasks."""
    person = f.user("leaver")
    today = timezone.localdate()
    for i, revenue in enumerate([900.0, 500.0, 400.0]):
        c = f.customer(f"Cust {i}", owner=person, notes=f"likes calls on Monday {i}")
        f.score(c, revenue_12m=revenue, grade="A")
        f.order(c, today - dt.timedelta(days=30 * (i + 1)), "1000")
        f.interaction(c, subject=f"Talk {i}", user=person)
        f.task(c, person, today + dt.timedelta(days=i))
    f.task(None, person, today)
    return person


def test_all_to_one_new_owner_sees_everything(client: Client, leaving: User) -> None:
    """All customers go to one colleague: they see them, their tasks; the leaver cannot log in."""
    boss = f.user("boss", role=RoleChoices.MANAGER)
    heir = f.user("heir")
    client.force_login(leaving)
    before = counts()
    before_ids = set(Customer.objects.filter(owner=leaving).values_list("pk", flat=True))
    with transaction.atomic():
        result = hand_over(leaving=leaving, by=boss, recipients=[heir], note="Be kind to them")
    assert counts() == before
    assert result.customers == {heir.pk: 3} and result.dossiers == 3 and result.tasks == 4
    assert set(visible_customers(heir).values_list("pk", flat=True)) == before_ids
    assert Task.objects.filter(assignee=heir, status="open").count() == 4
    assert visible_for(heir, Order.objects.all()).count() == 3
    assert visible_for(heir, Interaction.objects.all()).count() == 3
    leaving.refresh_from_db()
    assert not leaving.is_active and leaving.left_on == timezone.localdate()
    assert not visible_customers(leaving).exists()
    # history stays: the interactions still name the old salesperson
    assert Interaction.objects.filter(user=leaving).count() == 3
    # the old session was ended and a new login is refused
    assert client.get("/customers/").status_code == 302
    assert not Client().login(username="leaver", password=f.PASSWORD)
    events = set(AuditEvent.objects.values_list("action", flat=True))
    assert {AuditAction.HANDOVER, AuditAction.DEACTIVATE} <= events


def test_dossier_holds_grade_tasks_interactions_orders_notes(leaving: User) -> None:
    """Each customer's dossier has its grade, open tasks, last interactions, orders and notes."""
    boss = f.user("boss", role=RoleChoices.MANAGER)
    heir = f.user("heir")
    hand_over(leaving=leaving, by=boss, recipients=[heir])
    dossier = HandoverDossier.objects.get(customer__name="Cust 0")
    facts = dossier.facts
    assert facts["grade"] == "A"
    assert len(facts["open_tasks"]) == 1 and facts["open_tasks"][0]["title_en"]
    assert [i["subject"] for i in facts["interactions"]] == ["Talk 0"]
    assert facts["orders"][0]["amount"] == 1000.0
    assert facts["notes"] == "likes calls on Monday 0"
    assert dossier.from_user == leaving and dossier.to_user == heir and dossier.created_by == boss


def test_split_balances_revenue_among_several(leaving: User) -> None:
    """Split among two: the biggest customer to one, the two smaller ones to the other."""
    boss = f.user("boss", role=RoleChoices.MANAGER)
    a, b = f.user("a"), f.user("b")
    result = hand_over(leaving=leaving, by=boss, recipients=[a, b])
    assert result.customers == {a.pk: 1, b.pk: 2}
    assert list(Customer.objects.filter(owner=a).values_list("name", flat=True)) == ["Cust 0"]


def test_plan_can_send_a_customer_to_the_shared_pool(leaving: User) -> None:
    """An explicit plan puts one customer in the pool (no owner) and splits the rest."""
    boss = f.user("boss", role=RoleChoices.MANAGER)
    heir = f.user("heir")
    first = Customer.objects.get(name="Cust 2")
    result = hand_over(leaving=leaving, by=boss, recipients=[heir], plan={first.pk: None})
    first.refresh_from_db()
    assert first.owner is None and result.customers == {None: 1, heir.pk: 2}


def test_team_manager_cannot_hand_over_outside_the_team(leaving: User) -> None:
    """A manager of another team is refused, nothing moves and the account stays active."""
    east = Team.objects.create(name="East")
    lead = f.user("lead", role=RoleChoices.MANAGER, team=east)
    heir = f.user("heir", team=east)
    with pytest.raises(HandoverError):
        hand_over(leaving=leaving, by=lead, recipients=[heir])
    leaving.refresh_from_db()
    assert leaving.is_active and Customer.objects.filter(owner=leaving).count() == 3


def test_recipient_must_be_able_to_log_in(leaving: User) -> None:
    """A departed colleague cannot receive customers."""
    boss = f.user("boss", role=RoleChoices.MANAGER)
    gone = f.user("gone", left_on=dt.date(2025, 1, 1), is_active=False)
    with pytest.raises(HandoverError):
        hand_over(leaving=leaving, by=boss, recipients=[gone])


def test_owner_left_alerts_close_at_the_handover_and_stay_closed(leaving: User) -> None:
    """The handover closes the "owner left" alerts of the moved customers; a re-score keeps them closed."""
    from io import StringIO

    from django.core.management import call_command

    from laoke.retention.models import Alert
    from laoke.retention.services.handover import deactivate_account

    boss = f.user("boss", role=RoleChoices.MANAGER)
    heir = f.user("heir")
    deactivate_account(user=leaving, by=boss, on=timezone.localdate())
    call_command("score", stdout=StringIO(), stderr=StringIO())
    open_alerts = Alert.objects.filter(code="owner_left", cleared_on__isnull=True)
    assert open_alerts.count() == 3
    with transaction.atomic():
        hand_over(leaving=leaving, by=boss, recipients=[heir], deactivate=False)
    assert not open_alerts.exists()
    assert Alert.objects.filter(code="owner_left", cleared_on=timezone.localdate()).count() == 3
    call_command("score", stdout=StringIO(), stderr=StringIO())
    assert not open_alerts.exists()
