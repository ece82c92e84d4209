"""Merge a duplicate customer into the one to keep: its history moves, nothing is lost.

Facts (orders, payments, interactions, promises, contacts, losses, tasks, plans, dossiers, hand-set
changes, shares, review decisions, proposed mail contacts) move to the kept customer; what the
engine derives (score, forecast, state history, alerts) is dropped with the duplicate and rebuilt
by the next re-score. Blank fields of the kept customer are filled from the duplicate. The caller
owns the transaction; the merge is audited.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Model

from laoke.accounts.models import User
from laoke.audit.services import record
from laoke.cadence.models import ReactivationPlan
from laoke.customers.models import Contact, Customer, CustomerShare, DimensionChange, HandoverDossier
from laoke.customers.permissions import may_manage_customer
from laoke.interactions.models import Interaction, Promise
from laoke.mailbox.models import ProposedContact
from laoke.orders.models import Order, Payment
from laoke.pipeline.models import CustomerPortrait, Prospect
from laoke.retention.models import (
    Alert,
    CustomerScore,
    Forecast,
    LossRecord,
    ReviewDecision,
    StateChange,
    Task,
)

#: Audit key.
CUSTOMERS_MERGED = "customers_merged"
#: Rows that simply change customer.
MOVED: tuple[type[Model], ...] = (
    Order,
    Payment,
    Interaction,
    Promise,
    Contact,
    LossRecord,
    Task,
    ReactivationPlan,
    HandoverDossier,
    DimensionChange,
    ProposedContact,
)
#: What the engine rebuilds: dropped with the duplicate.
DERIVED: tuple[type[Model], ...] = (CustomerScore, Forecast, StateChange, Alert)
#: Fields copied from the duplicate where the kept customer has none.
FILLED = (
    "country",
    "currency",
    "kind",
    "headcount",
    "founded_year",
    "payment_terms",
    "credit_days",
    "source_channel",
    "relationship_level",
    "market_trend",
    "lifespan_risk",
    "delivery_sensitivity",
)


class MergeError(ValueError):
    """A merge the user may not make."""


def merge_customers(*, keep: Customer, duplicate: Customer, by: User) -> dict[str, int]:
    """Move everything of ``duplicate`` to ``keep`` and delete it; returns rows moved per kind."""
    if keep.pk == duplicate.pk:
        raise MergeError("a customer cannot be merged into itself")
    if not (may_manage_customer(by, keep) and may_manage_customer(by, duplicate)):
        raise MergeError(f"{by.username} may not merge these customers")
    moved: dict[str, int] = {}
    for model in MOVED:
        moved[model._meta.model_name or ""] = model._default_manager.filter(customer=duplicate).update(
            customer=keep
        )
    sharing = set(CustomerShare.objects.filter(customer=keep).values_list("user_id", flat=True))
    moved["customershare"] = (
        CustomerShare.objects.filter(customer=duplicate).exclude(user_id__in=sharing).update(customer=keep)
    )
    decided = set(ReviewDecision.objects.filter(customer=keep).values_list("year", flat=True))
    moved["reviewdecision"] = (
        ReviewDecision.objects.filter(customer=duplicate).exclude(year__in=decided).update(customer=keep)
    )
    for single in (Prospect, CustomerPortrait):
        if not single._default_manager.filter(customer=keep).exists():
            moved[single._meta.model_name or ""] = single._default_manager.filter(customer=duplicate).update(
                customer=keep
            )
    for model in DERIVED:
        model._default_manager.filter(customer=duplicate).delete()
    changed: list[str] = []
    for name in FILLED:
        if getattr(keep, name) in (None, "") and getattr(duplicate, name) not in (None, ""):
            setattr(keep, name, getattr(duplicate, name))
            changed.append(name)
    if duplicate.notes and duplicate.notes not in keep.notes:
        keep.notes = f"{keep.notes}\n{duplicate.notes}".strip()
        changed.append("notes")
    if changed:
        keep.save(update_fields=changed)
    detail: dict[str, Any] = {"kept": keep.code, "merged": duplicate.code, "moved": moved}
    duplicate.delete()
    record(by, CUSTOMERS_MERGED, target=keep.code, rows=sum(moved.values()), detail=detail)
    return moved
