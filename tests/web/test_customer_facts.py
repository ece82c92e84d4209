"""Hand-set facts on the customer page: changed with a note, kept in a history, audited, re-scored."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from laoke.accounts.models import RoleChoices, User
from laoke.audit.models import AuditEvent
from laoke.customers.models import CustomerShare, DimensionChange
from laoke.jobs.models import Job
from laoke.retention.models import CustomerScore
from tests.web import factories as f

pytestmark = pytest.mark.django_db

FORM = {
    "facts-relationship_level": "4",
    "facts-market_trend": "-1",
    "facts-lifespan_risk": "",
    "facts-delivery_sensitivity": "",
    "facts-payment_terms": "TT",
    "facts-note": "Met the owner at the Canton Fair; their market is shrinking.",
}


def test_owner_changes_facts_with_a_note_and_the_page_shows_the_history(
    sales_client: Client, sales: User
) -> None:
    """Only the changed fields get a history row (old, new, note, who); the page lists them."""
    cust = f.customer("Lyon Import", owner=sales, relationship_level=2, payment_terms="TT")
    response = sales_client.post(f"/customers/{cust.pk}/facts/", FORM)
    assert response.status_code == 302
    cust.refresh_from_db()
    assert (cust.relationship_level, cust.market_trend, cust.payment_terms) == (4, -1, "TT")
    rows = {r.field: (r.old_value, r.new_value, r.note, r.changed_by) for r in DimensionChange.objects.all()}
    assert rows == {
        "relationship_level": ("2", "4", FORM["facts-note"], sales),
        "market_trend": ("", "-1", FORM["facts-note"], sales),
    }
    page = sales_client.get(f"/customers/{cust.pk}/").content.decode()
    assert "Met the owner at the Canton Fair" in page
    assert "2 → 4" in page and "— → -1" in page


def test_a_change_is_audited(sales_client: Client, sales: User) -> None:
    """The audit log gets one event naming the customer, the changes and the note."""
    cust = f.customer(owner=sales)
    sales_client.post(f"/customers/{cust.pk}/facts/", FORM)
    event = AuditEvent.objects.get(action="customer_facts")
    assert event.user == sales and event.target == f"customer {cust.code}" and event.rows == 3
    assert event.detail["changes"]["payment_terms"] == ["", "TT"]
    assert event.detail["note"] == FORM["facts-note"]


def test_the_note_is_required(sales_client: Client, sales: User) -> None:
    """Without a note nothing is stored and the form comes back with the error."""
    cust = f.customer(owner=sales, relationship_level=2)
    response = sales_client.post(f"/customers/{cust.pk}/facts/", {**FORM, "facts-note": "  "})
    assert response.status_code == 400
    cust.refresh_from_db()
    assert cust.relationship_level == 2 and not DimensionChange.objects.exists()
    assert not AuditEvent.objects.filter(action="customer_facts").exists()


def test_out_of_range_values_are_refused(sales_client: Client, sales: User) -> None:
    """A level of 7 is refused and nothing changes."""
    cust = f.customer(owner=sales, relationship_level=2)
    response = sales_client.post(f"/customers/{cust.pk}/facts/", {**FORM, "facts-relationship_level": "7"})
    assert response.status_code == 400
    cust.refresh_from_db()
    assert cust.relationship_level == 2 and not DimensionChange.objects.exists()


def test_saving_the_same_values_says_nothing_changed(sales_client: Client, sales: User) -> None:
    """Submitting the stored values records nothing and says so."""
    cust = f.customer(owner=sales, relationship_level=4, market_trend=-1, payment_terms="TT")
    response = sales_client.post(f"/customers/{cust.pk}/facts/", FORM)
    assert response.status_code == 400
    assert "Nothing changed" in response.content.decode()
    assert not DimensionChange.objects.exists()


def test_a_salesperson_cannot_change_a_colleagues_customer(sales_client: Client, other_sales: User) -> None:
    """A colleague's customer is a 404; nothing is stored."""
    cust = f.customer(owner=other_sales, relationship_level=2)
    response = sales_client.post(f"/customers/{cust.pk}/facts/", FORM)
    assert response.status_code == 404
    cust.refresh_from_db()
    assert cust.relationship_level == 2 and not DimensionChange.objects.exists()


def test_a_colleague_the_customer_is_shared_with_sees_but_may_not_change(
    sales_client: Client, sales: User, other_sales: User
) -> None:
    """Shared with them: the page opens without the form, and a post is refused with 403."""
    cust = f.customer(owner=other_sales, relationship_level=2)
    CustomerShare.objects.create(customer=cust, user=sales)
    page = sales_client.get(f"/customers/{cust.pk}/").content.decode()
    assert "Change these facts" not in page
    response = sales_client.post(f"/customers/{cust.pk}/facts/", FORM)
    assert response.status_code == 403
    assert not DimensionChange.objects.exists()


def test_a_team_manager_cannot_change_another_teams_customer(client: Client) -> None:
    """A team manager gets 404 on a customer owned in another team."""
    from laoke.accounts.models import Team

    north, south = Team.objects.create(name="North"), Team.objects.create(name="South")
    lead = f.user("lead", role=RoleChoices.MANAGER, team=north)
    cust = f.customer(owner=f.user("southern", team=south), relationship_level=2)
    client.force_login(lead)
    assert client.post(f"/customers/{cust.pk}/facts/", FORM).status_code == 404
    assert not DimensionChange.objects.exists()


def test_a_manager_change_queues_a_rescore_that_uses_it(manager_client: Client, sales: User) -> None:
    """The change queues a score job; once it ran the scorecard reads the new relationship level."""
    cust = f.customer(owner=sales, relationship_level=1)
    today = timezone.localdate()
    for days in (400, 300, 200, 100, 20):
        f.order(cust, today - dt.timedelta(days=days), amount="5000")
    manager_client.post(f"/customers/{cust.pk}/facts/", {**FORM, "facts-relationship_level": "5"})
    assert Job.objects.filter(kind="score").exists()
    score = CustomerScore.objects.get(customer=cust)
    relationship = score.dimensions["relationship"]
    assert relationship["score"] is not None and relationship["score"] >= 80
