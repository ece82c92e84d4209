"""The demo book gives every active salesperson a believable agenda from the engine (not static tasks)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command

from laoke.accounts.models import User
from laoke.cadence.services.agenda import refresh_agenda
from laoke.cadence.services.reports import agenda_counts
from laoke.demo.generator import generate_book
from laoke.demo.services import load_book
from laoke.retention.models import Task

TODAY = dt.date(2026, 11, 25)
pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def test_every_salesperson_gets_a_varied_agenda_and_reruns_add_nothing() -> None:
    """After ``laoke score`` each active salesperson has rule tasks of several kinds; a rerun creates none."""
    load_book(book=generate_book(seed=7, today=TODAY, customers=80, years=4))
    call_command("score", "--as-of", TODAY.isoformat())
    counts = agenda_counts(as_of=TODAY, horizon_days=30)
    active = User.objects.filter(role="salesperson", is_active=True, left_on__isnull=True)
    for person in active.values_list("username", flat=True):
        kinds = counts.get(person, {})
        assert len(kinds) >= 3, (person, kinds)
        assert 3 <= sum(kinds.values()) <= 40 * 15, (person, kinds)
    departed = User.objects.get(role="salesperson", left_on__isnull=False)
    assert not Task.objects.filter(assignee=departed, rule_key__isnull=False).exists()
    rows = Task.objects.count()
    report = refresh_agenda(as_of=TODAY)
    assert report.created == 0 and Task.objects.count() == rows
