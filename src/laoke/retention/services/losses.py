"""Marking a customer lost (one of the six loss reasons) and reopening it; both audited.

The loss record is a stored fact: the lifecycle state (lost) and the KPI "losses by reason" read
the records that are not reopened. Reopening keeps the record with the date, who and why. Like
every service these do not commit (the caller owns the transaction).
"""

from __future__ import annotations

import datetime as dt

from django.db import connection

from laoke.accounts.models import User
from laoke.audit.services import record
from laoke.customers.models import Customer
from laoke.retention.models import LossReasonChoices, LossRecord

#: Audit action keys.
AUDIT_LOST = "customer_lost"
AUDIT_REOPENED = "customer_reopened"


class LossStateError(ValueError):
    """The customer is already lost (marking) or not lost (reopening)."""


def open_loss(customer: Customer) -> LossRecord | None:
    """The customer's loss that still counts (the latest not reopened), or None."""
    return (
        LossRecord.objects.filter(customer=customer, reopened_on__isnull=True)
        .order_by("-lost_on", "-pk")
        .first()
    )


def has_open_loss(customer_id: int) -> bool:
    """Whether the customer has a loss that still counts (:func:`open_loss` is not None): one
    query of one row, written out (the ORM took longer to build it than the database to answer)."""
    quote = connection.ops.quote_name
    meta = LossRecord._meta
    sql = (  # names from the model, the id as a parameter
        f"SELECT 1 FROM {quote(meta.db_table)} WHERE {quote(meta.get_field('customer').column)} = %s"
        f" AND {quote(meta.get_field('reopened_on').column)} IS NULL LIMIT 1"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [customer_id])
        return cursor.fetchone() is not None


def mark_lost(
    *,
    customer: Customer,
    reason: str,
    lost_on: dt.date,
    user: User,
    note: str = "",
    came_for: str = "",
) -> LossRecord:
    """Record that the customer is lost for ``reason`` (one of :class:`LossReasonChoices`) on ``lost_on``."""
    if reason not in LossReasonChoices.values:
        raise ValueError(f"not a loss reason: {reason!r}")
    Customer.objects.select_for_update().filter(pk=customer.pk).first()
    if open_loss(customer) is not None:
        raise LossStateError("the customer is already marked lost")
    loss = LossRecord.objects.create(
        customer=customer,
        lost_on=lost_on,
        reason=reason,
        note=note.strip(),
        came_for=came_for.strip(),
        recorded_by=user,
    )
    record(
        user,
        AUDIT_LOST,
        target=f"customer {customer.code}",
        detail={"reason": reason, "lost_on": lost_on.isoformat(), "note": loss.note},
    )
    return loss


def reopen(*, customer: Customer, on: dt.date, note: str, user: User) -> LossRecord:
    """End the customer's open loss: it stays in the history but no longer makes the customer lost."""
    Customer.objects.select_for_update().filter(pk=customer.pk).first()
    loss = open_loss(customer)
    if loss is None:
        raise LossStateError("the customer is not marked lost")
    loss.reopened_on, loss.reopened_by, loss.reopen_note = on, user, note.strip()
    loss.save(update_fields=["reopened_on", "reopened_by", "reopen_note"])
    record(
        user,
        AUDIT_REOPENED,
        target=f"customer {customer.code}",
        detail={"reason": loss.reason, "lost_on": loss.lost_on.isoformat(), "note": loss.reopen_note},
    )
    return loss
