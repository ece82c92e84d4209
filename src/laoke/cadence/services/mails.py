"""Response time facts: record a customer mail's arrival and our answer on the ``Interaction`` contract.

``email_in`` with ``reply_hours`` = hours until we answered (NULL while unanswered); the mailbox
sync fills the same fields from synced mail.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from laoke.accounts.models import User
from laoke.customers.models import Customer
from laoke.interactions.models import DirectionChoices, Interaction, InteractionKindChoices


class MailLogError(ValueError):
    """The times cannot be recorded (answer before arrival, already answered…)."""


def _hours(start: dt.datetime, end: dt.datetime) -> float:
    return round((end - start).total_seconds() / 3600, 4)


def record_customer_mail(
    *,
    customer: Customer,
    user: User,
    arrived_at: dt.datetime,
    answered_at: dt.datetime | None,
    subject: str = "",
) -> Interaction:
    """Store a customer mail with our reply time (or none yet)."""
    if answered_at is not None and answered_at < arrived_at:
        raise MailLogError("the answer cannot come before the mail arrived")
    return Interaction.objects.create(
        customer=customer,
        user=user,
        kind=InteractionKindChoices.EMAIL_IN,
        direction=DirectionChoices.IN,
        occurred_at=arrived_at,
        subject=subject[:300],
        reply_hours=None if answered_at is None else _hours(arrived_at, answered_at),
    )


def mark_answered(*, mail: Interaction, answered_at: dt.datetime | None = None) -> Interaction:
    """Record that we answered a customer mail now (or at ``answered_at``)."""
    if mail.kind != InteractionKindChoices.EMAIL_IN:
        raise MailLogError("only a customer mail can be answered")
    if mail.reply_hours is not None:
        raise MailLogError("this mail is already answered")
    when = answered_at or timezone.now()
    if when < mail.occurred_at:
        raise MailLogError("the answer cannot come before the mail arrived")
    mail.reply_hours = _hours(mail.occurred_at, when)
    mail.save(update_fields=["reply_hours"])
    return mail
