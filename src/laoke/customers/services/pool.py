"""The shared pool (公海): customers without an owner, and the rule that returns neglected ones."""

from __future__ import annotations

import datetime as dt

from django.db.models import Max, Q, QuerySet
from django.utils import timezone

from laoke.accounts.models import User
from laoke.audit.models import AuditAction
from laoke.audit.services import record
from laoke.customers.models import Customer
from laoke.customers.signals import owners_changed


def neglected(*, as_of: dt.date, days: int) -> QuerySet[Customer]:
    """Owned customers with no interaction and no order in the ``days`` before ``as_of``."""
    cutoff = as_of - dt.timedelta(days=days)
    return (
        Customer.objects.filter(owner__isnull=False, is_target=False)
        .annotate(last_touch=Max("interactions__occurred_at__date"), last_order=Max("orders__order_date"))
        .filter(Q(last_touch__isnull=True) | Q(last_touch__lt=cutoff))
        .filter(Q(last_order__isnull=True) | Q(last_order__lt=cutoff))
    )


def return_to_pool(*, as_of: dt.date, days: int | None, by: User | None = None, dry_run: bool = False) -> int:
    """Move neglected customers to the pool (owner cleared, their open tasks unassigned); audited."""
    if not days:
        return 0
    ids = list(neglected(as_of=as_of, days=days).values_list("pk", flat=True))
    if dry_run or not ids:
        return len(ids)
    Customer.objects.filter(pk__in=ids).update(owner=None, updated_at=timezone.now())
    owners_changed.send(sender=return_to_pool, customer_ids=ids, owner=None)
    record(
        by,
        AuditAction.POOL,
        target="returned to the pool",
        rows=len(ids),
        detail={"days": days, "as_of": as_of.isoformat()},
        username="" if by else "laoke pool",
    )
    return len(ids)


def assign_from_pool(*, customers: QuerySet[Customer], to: User, by: User) -> int:
    """Give pool customers (owner empty) to ``to``; their open unassigned tasks follow; audited."""
    ids = list(customers.filter(owner__isnull=True).values_list("pk", flat=True))
    if not ids:
        return 0
    # Only those still in the pool: two people taking the same customer at once get it once.
    taken = Customer.objects.filter(pk__in=ids, owner__isnull=True).update(
        owner=to, updated_at=timezone.now()
    )
    ids = list(Customer.objects.filter(pk__in=ids, owner=to).values_list("pk", flat=True))
    owners_changed.send(sender=assign_from_pool, customer_ids=ids, owner=to, unassigned_only=True)
    record(by, AuditAction.POOL, target=f"assigned to {to.username}", rows=taken, detail={"to": to.username})
    return taken
