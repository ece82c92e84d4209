"""Merging a duplicate customer: its history moves to the kept one, nothing is lost, who may do it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from laoke.accounts.models import RoleChoices, Team
from laoke.audit.models import AuditEvent
from laoke.customers.models import Contact, Customer
from laoke.interactions.models import Interaction
from laoke.orders.models import Order
from laoke.retention.models import Task
from tests.web import factories as f

pytestmark = pytest.mark.django_db


def _facts() -> dict[str, int]:
    """Row counts of the facts a merge must keep (tasks are rebuilt by the re-score it queues)."""
    return {
        "orders": Order.objects.count(),
        "interactions": Interaction.objects.count(),
        "contacts": Contact.objects.count(),
    }


def test_merge_moves_the_history_and_deletes_the_duplicate(client: Client) -> None:
    """Orders, interactions, contacts and tasks move; counts are kept; blank fields are filled; audited."""
    boss = f.user("boss", role=RoleChoices.MANAGER)
    li = f.user("li")
    keep = f.customer("Hamburg Tools GmbH", owner=li, country="DE", currency="")
    dup = f.customer("Hamburg Tools", owner=li, country="DE", currency="EUR", notes="Prefers calls")
    for k in range(3):
        f.order(dup, dt.date(2026, 1 + k, 5), "500")
    f.order(keep, dt.date(2026, 5, 5), "900")
    f.interaction(dup, subject="Met at the fair", user=li)
    f.contact(dup, "Anna Schmidt")
    task = f.task(dup, li, dt.date(2026, 12, 10))
    f.score(dup)
    before = _facts()
    client.force_login(boss)
    client.cookies["django_language"] = "en"
    page = client.get(f"/customers/{keep.pk}/merge/?other={dup.pk}").content.decode()
    assert "Hamburg Tools" in page and "Merge them" in page
    response = client.post(f"/customers/{keep.pk}/merge/", {"other": dup.pk})
    assert response.status_code == 302
    assert not Customer.objects.filter(pk=dup.pk).exists()
    assert _facts() == before
    assert Task.objects.get(pk=task.pk).customer_id == keep.pk
    assert keep.orders.count() == 4 and keep.contacts.filter(name="Anna Schmidt").exists()
    keep.refresh_from_db()
    assert keep.currency == "EUR" and "Prefers calls" in keep.notes
    event = AuditEvent.objects.get(action="customers_merged")
    assert event.detail["moved"]["order"] == 3


def test_only_someone_who_manages_both_may_merge(client: Client) -> None:
    """A salesperson and a manager of another team are refused; nothing changes."""
    team_a, team_b = Team.objects.create(name="A"), Team.objects.create(name="B")
    mine = f.customer("Alpha", owner=f.user("li", team=team_a))
    theirs = f.customer("Alpha Ltd", owner=f.user("zhao", team=team_b))
    lead = f.user("lead", role=RoleChoices.MANAGER, team=team_a)
    client.force_login(lead)
    assert client.post(f"/customers/{mine.pk}/merge/", {"other": theirs.pk}).status_code == 403
    client.force_login(mine.owner)
    assert client.post(f"/customers/{mine.pk}/merge/", {"other": theirs.pk}).status_code == 403
    assert Customer.objects.filter(pk=theirs.pk).exists()
    assert client.get(f"/customers/{mine.pk}/merge/?other=abc").status_code in {403, 404}
