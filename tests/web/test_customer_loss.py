"""Marking a customer lost with a loss reason, and reopening it: audited, in the state and the KPI."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from laoke.accounts.models import User
from laoke.audit.models import AuditEvent
from laoke.core.kpi import Period
from laoke.customers.models import CustomerShare
from laoke.kpi.services import kpi_pack
from laoke.retention.models import CustomerScore, LossRecord
from laoke.retention.repositories import load_loss_records
from tests.web import factories as f

pytestmark = pytest.mark.django_db

LOST = {
    "lost-reason": "competitor",
    "lost-came_for": "Price",
    "lost-note": "A Vietnamese maker offered 8 % less.",
}


def _bought(owner: User, name: str = "Lyon Import") -> object:
    cust = f.customer(name, owner=owner)
    today = timezone.localdate()
    for days in (500, 380, 260, 140):
        f.order(cust, today - dt.timedelta(days=days), amount="4000")
    return cust


def _lost_on(day: dt.date) -> dict[str, str]:
    return {**LOST, "lost-lost_on": day.isoformat()}


def test_owner_marks_a_customer_lost_and_the_state_follows(sales_client: Client, sales: User) -> None:
    """The loss record is stored with reason, date, note and who; the queued re-score makes it lost."""
    cust = _bought(sales)
    today = timezone.localdate()
    response = sales_client.post(f"/customers/{cust.pk}/lost/", _lost_on(today))
    assert response.status_code == 302
    loss = LossRecord.objects.get(customer=cust)
    assert (loss.reason, loss.lost_on, loss.note, loss.came_for, loss.recorded_by) == (
        "competitor",
        today,
        LOST["lost-note"],
        "Price",
        sales,
    )
    assert CustomerScore.objects.get(customer=cust).state == "lost"
    page = sales_client.get(f"/customers/{cust.pk}/?show=history").content.decode()
    assert "Competitor approached them" in page and "Reopen the customer" in page


def test_marking_lost_is_audited(sales_client: Client, sales: User) -> None:
    """One audit event names the customer, the reason, the date and the note."""
    cust = f.customer(owner=sales)
    day = timezone.localdate() - dt.timedelta(days=3)
    sales_client.post(f"/customers/{cust.pk}/lost/", _lost_on(day))
    event = AuditEvent.objects.get(action="customer_lost")
    assert (event.user, event.target) == (sales, f"customer {cust.code}")
    assert event.detail == {"reason": "competitor", "lost_on": day.isoformat(), "note": LOST["lost-note"]}


def test_a_lost_mark_appears_in_the_kpi_losses_by_reason(manager_client: Client, sales: User) -> None:
    """The manager's KPI pack for this year counts the customer under its reason with its lost sales."""
    cust = _bought(sales)
    today = timezone.localdate()
    manager_client.post(f"/customers/{cust.pk}/lost/", {**_lost_on(today), "lost-reason": "broken_promise"})
    boss = User.objects.get(username="boss")
    pack = kpi_pack(user=boss, period=Period(today - dt.timedelta(days=364), today))
    row = next(r for r in pack.losses if r.reason == "broken_promise")
    assert row.customers == 1 and row.revenue_lost > 0


def test_reason_is_required_and_the_date_cannot_be_in_the_future(sales_client: Client, sales: User) -> None:
    """No reason, or a date after today: nothing stored, the form shows the error."""
    cust = f.customer(owner=sales)
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    no_reason = sales_client.post(f"/customers/{cust.pk}/lost/", {**_lost_on(tomorrow), "lost-reason": ""})
    assert no_reason.status_code == 400
    future = sales_client.post(f"/customers/{cust.pk}/lost/", _lost_on(tomorrow))
    assert future.status_code == 400 and "This date is in the future." in future.content.decode()
    assert not LossRecord.objects.exists()


def test_a_customer_already_lost_is_not_marked_twice(sales_client: Client, sales: User) -> None:
    """A second mark is refused while the first loss counts."""
    cust = f.customer(owner=sales)
    LossRecord.objects.create(customer=cust, lost_on=timezone.localdate(), reason="market")
    response = sales_client.post(f"/customers/{cust.pk}/lost/", _lost_on(timezone.localdate()))
    assert response.status_code == 400 and "already marked lost" in response.content.decode()
    assert LossRecord.objects.count() == 1


def test_reopening_ends_the_loss_keeps_it_and_audits(sales_client: Client, sales: User) -> None:
    """Reopen: the record keeps date, who and why; the loss leaves the state and the KPI."""
    cust = _bought(sales)
    today = timezone.localdate()
    sales_client.post(f"/customers/{cust.pk}/lost/", _lost_on(today))
    assert cust.code in load_loss_records()["customer_id"].to_list()
    response = sales_client.post(
        f"/customers/{cust.pk}/reopen/", {"reopen-note": "They came back for the new range."}
    )
    assert response.status_code == 302
    loss = LossRecord.objects.get(customer=cust)
    assert (loss.reopened_on, loss.reopened_by, loss.reopen_note) == (
        today,
        sales,
        "They came back for the new range.",
    )
    assert cust.code not in load_loss_records()["customer_id"].to_list()
    assert CustomerScore.objects.get(customer=cust).state != "lost"
    event = AuditEvent.objects.get(action="customer_reopened")
    assert event.detail["note"] == "They came back for the new range."
    pack = kpi_pack(user=sales, period=Period(today - dt.timedelta(days=364), today))
    assert sum(r.customers for r in pack.losses) == 0
    page = sales_client.get(f"/customers/{cust.pk}/?show=history").content.decode()
    assert "They came back for the new range." in page and "Mark this customer lost" in page


def test_reopening_needs_a_note_and_a_lost_customer(sales_client: Client, sales: User) -> None:
    """An empty note or a customer that is not lost: refused, nothing changes."""
    cust = f.customer(owner=sales)
    not_lost = sales_client.post(f"/customers/{cust.pk}/reopen/", {"reopen-note": "Back"})
    assert not_lost.status_code == 400 and "not marked lost" in not_lost.content.decode()
    LossRecord.objects.create(customer=cust, lost_on=timezone.localdate(), reason="market")
    assert sales_client.post(f"/customers/{cust.pk}/reopen/", {"reopen-note": " "}).status_code == 400
    assert LossRecord.objects.get(customer=cust).reopened_on is None
    assert not AuditEvent.objects.filter(action="customer_reopened").exists()


def test_a_salesperson_cannot_mark_or_reopen_a_colleagues_customer(
    sales_client: Client, sales: User, other_sales: User
) -> None:
    """Not visible: 404; only shared with them: 403; nothing is stored either way."""
    hidden = f.customer(owner=other_sales)
    assert (
        sales_client.post(f"/customers/{hidden.pk}/lost/", _lost_on(timezone.localdate())).status_code == 404
    )
    shared = f.customer(owner=other_sales)
    CustomerShare.objects.create(customer=shared, user=sales)
    assert (
        sales_client.post(f"/customers/{shared.pk}/lost/", _lost_on(timezone.localdate())).status_code == 403
    )
    LossRecord.objects.create(customer=hidden, lost_on=timezone.localdate(), reason="market")
    assert sales_client.post(f"/customers/{hidden.pk}/reopen/", {"reopen-note": "x"}).status_code == 404
    assert LossRecord.objects.count() == 1 and LossRecord.objects.get().reopened_on is None
    assert "Mark lost" not in sales_client.get(f"/customers/{shared.pk}/").content.decode()
