"""A proposed contact's message count is kept by the database: two syncs at once both count."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from laoke.core.mail import MailFacts
from laoke.mailbox.models import ProposedContact
from laoke.mailbox.services import sync as sync_module
from tests.web import factories as f

pytestmark = pytest.mark.django_db

WHEN = timezone.make_aware(dt.datetime(2026, 3, 2, 9, 0))


def _facts(name: str = "Hans Meier") -> MailFacts:
    return MailFacts(
        message_id="<m1@hamburg-tools.de>",
        synthetic_id=False,
        in_reply_to="",
        references=(),
        from_address="hans@hamburg-tools.de",
        from_name=name,
        to_addresses=("sales@laoke-export.cn",),
        cc_addresses=(),
        subject="RFQ",
        date=WHEN,
        snippet="",
    )


def test_a_message_counted_by_another_sync_meanwhile_is_not_lost(monkeypatch: pytest.MonkeyPatch) -> None:
    """Another sync counts the sender between this sync's read and its write: both are counted."""
    customer = f.customer("Hamburg Tools GmbH", code="HT")
    ProposedContact.objects.create(
        customer=customer, email="hans@hamburg-tools.de", name="", first_seen_at=WHEN, last_seen_at=WHEN
    )
    real = ProposedContact.objects.get_or_create

    def read_then_other_sync_counts(**kwargs: Any) -> Any:
        found = real(**kwargs)
        ProposedContact.objects.filter(pk=found[0].pk).update(messages=5, name="Hans M.")
        return found

    monkeypatch.setattr(ProposedContact.objects, "get_or_create", read_then_other_sync_counts)
    later = WHEN + dt.timedelta(days=1)
    assert sync_module._propose(customer.pk, _facts(), later) == 0
    proposal = ProposedContact.objects.get()
    assert proposal.messages == 6
    assert proposal.name == "Hans M."  # a name found meanwhile is not overwritten
    assert proposal.last_seen_at == later


def test_an_older_message_keeps_the_last_seen_date_and_fills_a_missing_name() -> None:
    """A message older than the last one seen counts but leaves the date; an empty name is filled."""
    customer = f.customer("Hamburg Tools GmbH", code="HT")
    ProposedContact.objects.create(
        customer=customer,
        email="hans@hamburg-tools.de",
        name="",
        first_seen_at=WHEN,
        last_seen_at=WHEN,
        messages=1,
    )
    sync_module._propose(customer.pk, _facts(), WHEN - dt.timedelta(days=3))
    proposal = ProposedContact.objects.get()
    assert (proposal.messages, proposal.last_seen_at, proposal.name) == (2, WHEN, "Hans Meier")
