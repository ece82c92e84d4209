"""Reopening and marking lost on the demo book, whose lost customers already carry loss records."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from laoke.accounts.models import User
from laoke.demo.generator import generate_book
from laoke.demo.services import load_book
from laoke.jobs.models import Job
from laoke.jobs.queue import HUEY
from laoke.retention.models import CustomerScore, LossRecord
from laoke.retention.repositories import load_loss_records

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def test_a_demo_customers_loss_is_reopened_and_marked_again() -> None:
    """A lost demo customer: the manager reopens it (the loss no longer counts), marks it lost again,
    and the next re-score finds it lost for the new reason."""
    today = timezone.localdate()
    load_book(book=generate_book(seed=11, today=today, customers=40, years=3))
    call_command("score", "--as-of", today.isoformat())
    loss = LossRecord.objects.select_related("customer").filter(customer__score__state="lost").first()
    assert loss is not None, "the demo book has lost customers with loss records"
    customer = loss.customer
    manager = User.objects.get(username="manager")
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(manager)
    page = client.get(f"/customers/{customer.pk}/?show=history").content.decode()
    assert "Reopen the customer" in page

    HUEY.immediate = False  # the re-score jobs wait in the queue; the demo book is scored once below
    assert (
        client.post(f"/customers/{customer.pk}/reopen/", {"reopen-note": "Won back at the fair"}).status_code
        == 302
    )
    assert customer.code not in load_loss_records()["customer_id"].to_list()
    assert Job.objects.filter(kind="score", state=Job.State.QUEUED).count() == 1

    lost_on = today - dt.timedelta(days=1)
    form = {"lost-reason": "details", "lost-lost_on": lost_on.isoformat(), "lost-note": "Late again"}
    assert client.post(f"/customers/{customer.pk}/lost/", form).status_code == 302
    latest = load_loss_records().filter(customer_id=customer.code).row(0, named=True)
    assert (latest["reason"], latest["lost_on"]) == ("details", lost_on)
    assert Job.objects.filter(kind="score", state=Job.State.QUEUED).count() == 1  # the waiting one reused
    call_command("score", "--as-of", today.isoformat())
    assert CustomerScore.objects.get(customer=customer).state == "lost"
