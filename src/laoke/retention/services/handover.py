"""Handover (人走客不丢): a leaving salesperson's customers go to colleagues in one action.

Each customer gets a :class:`~laoke.customers.models.HandoverDossier`; open tasks move with the
customer; the old account is deactivated (cannot log in) but never deleted, so its history stays.
The caller owns the transaction (the web view and the tests wrap it in ``transaction.atomic``).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from django.contrib.sessions.models import Session
from django.utils import timezone

from laoke.accounts.models import User
from laoke.audit.models import AuditAction
from laoke.audit.services import record
from laoke.customers.book_cache import note_change
from laoke.customers.models import Customer, HandoverDossier
from laoke.customers.visibility import visible_owners
from laoke.retention.models import Alert, CustomerScore, Task
from laoke.retention.services.dossier import OPEN_TASK_STATES, dossier_facts


class HandoverError(ValueError):
    """The handover cannot be done as asked (the message says why)."""


@dataclass
class HandoverResult:
    """What moved: customers per new owner (``None`` = the shared pool), tasks, dossiers."""

    customers: dict[int | None, int] = field(default_factory=dict)
    tasks: int = 0
    dossiers: int = 0

    @property
    def total(self) -> int:
        return sum(self.customers.values())


def balanced_split(
    customers: Sequence[Customer], recipients: Sequence[User | None]
) -> dict[int, User | None]:
    """Customer id → recipient, biggest customers first to whoever holds the least revenue so far."""
    if not recipients:
        raise HandoverError("no recipient")
    revenue = dict(
        CustomerScore.objects.filter(customer__in=customers).values_list("customer_id", "revenue_12m")
    )
    load = [0.0] * len(recipients)
    count = [0] * len(recipients)
    plan: dict[int, User | None] = {}
    for c in sorted(customers, key=lambda c: (-revenue.get(c.pk, 0.0), c.pk)):
        i = min(range(len(recipients)), key=lambda k: (load[k], count[k], k))
        plan[c.pk] = recipients[i]
        load[i] += revenue.get(c.pk, 0.0)
        count[i] += 1
    return plan


def _check_recipient(by: User, leaving: User, person: User | None) -> None:
    if person is None:
        return
    if person.pk == leaving.pk:
        raise HandoverError(f"{person.username} is the person leaving")
    if not (person.is_active and person.left_on is None):
        raise HandoverError(f"{person.username} cannot log in and cannot take customers")
    if not (person.pk == by.pk or visible_owners(by).filter(pk=person.pk).exists()):
        raise HandoverError(f"{person.username} is not in your team")


def hand_over(
    *,
    leaving: User,
    by: User,
    recipients: Sequence[User | None] = (),
    plan: Mapping[int, User | None] | None = None,
    note: str = "",
    on: dt.date | None = None,
    deactivate: bool = True,
) -> HandoverResult:
    """Give every customer of ``leaving`` to ``recipients`` (balanced by revenue) or as ``plan`` says.

    ``plan`` maps customer id → new owner (``None``: the shared pool); customers it leaves out are
    split among ``recipients``. Open tasks of the moved customers go to the new owner (tasks with
    no customer to the first recipient); ``leaving`` is deactivated and logged out.
    """
    if not by.is_manager:
        raise HandoverError("only a manager hands customers over")
    if not by.is_admin and not visible_owners(by).filter(pk=leaving.pk).exists():
        raise HandoverError(f"{leaving.username} is not in your team")
    customers = list(Customer.objects.filter(owner=leaving).order_by("pk"))
    plan = dict(plan or {})
    unknown = set(plan) - {c.pk for c in customers}
    if unknown:
        raise HandoverError(f"customers {sorted(unknown)} do not belong to {leaving.username}")
    rest = [c for c in customers if c.pk not in plan]
    if rest:
        if not recipients:
            raise HandoverError("choose who takes the customers (or the shared pool)")
        plan.update(balanced_split(rest, recipients))
    for person in {p.pk: p for p in [*plan.values(), *recipients] if p is not None}.values():
        _check_recipient(by, leaving, person)

    result = HandoverResult()
    counts: Counter[int | None] = Counter()
    dossiers = []
    for c in customers:
        new_owner = plan[c.pk]
        dossiers.append(
            HandoverDossier(
                customer=c,
                from_user=leaving,
                to_user=new_owner,
                created_by=by,
                note=note,
                facts=dossier_facts(c),
            )
        )
        counts[new_owner.pk if new_owner else None] += 1
    HandoverDossier.objects.bulk_create(dossiers)
    result.dossiers = len(dossiers)
    by_owner: dict[int | None, list[int]] = {}
    for c in customers:
        new_owner = plan[c.pk]
        by_owner.setdefault(new_owner.pk if new_owner else None, []).append(c.pk)
    owners = {p.pk: p for p in plan.values() if p is not None}
    handed_on = on or timezone.localdate()
    for owner_id, ids in by_owner.items():
        Customer.objects.filter(pk__in=ids).update(owner_id=owner_id, updated_at=timezone.now())
        # The cause of an "owner left" alert ends with the handover: close it now, not at the next run.
        Alert.objects.filter(customer_id__in=ids, code="owner_left", cleared_on__isnull=True).update(
            cleared_on=handed_on
        )
        result.tasks += Task.objects.filter(customer_id__in=ids, status__in=OPEN_TASK_STATES).update(
            assignee_id=owner_id
        )
    if by_owner:
        note_change()  # the owners moved in bulk: lists kept per scope and book version are redone
    first = next((p for p in recipients if p is not None), None) or next(iter(owners.values()), None)
    if first is not None:
        result.tasks += Task.objects.filter(
            assignee=leaving, customer__isnull=True, status__in=OPEN_TASK_STATES
        ).update(assignee=first)
    result.customers = dict(counts)

    names = {pk: owners[pk].username if pk is not None else "pool" for pk in counts}
    record(
        by,
        AuditAction.HANDOVER,
        target=leaving.username,
        rows=result.total,
        detail={"to": {names[pk]: n for pk, n in counts.items()}, "tasks": result.tasks},
    )
    if deactivate:
        deactivate_account(user=leaving, by=by, on=handed_on)
    return result


def deactivate_account(*, user: User, by: User | None, on: dt.date) -> None:
    """The person can no longer log in (sessions ended); the row and its history stay."""
    user.is_active = False
    if user.left_on is None:
        user.left_on = on
    user.save(update_fields=["is_active", "left_on"])
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if str(session.get_decoded().get("_auth_user_id")) == str(user.pk):
            session.delete()
    record(by, AuditAction.DEACTIVATE, target=user.username, detail={"left_on": user.left_on.isoformat()})
