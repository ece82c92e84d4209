"""The customer facts a person sets by hand (relationship level, market trend, lifespan risk,
delivery sensitivity, payment terms): each change is kept with its note and audited.

The scorecard reads these facts at the next re-score; like every service this one does not
commit (the caller owns the transaction) and queues nothing.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.utils import timezone

from laoke.accounts.models import User
from laoke.audit.services import record
from laoke.customers.models import Customer, DimensionChange, ManualFieldChoices

#: The hand-set fields, in the order the page shows them.
MANUAL_FIELDS: tuple[str, ...] = tuple(ManualFieldChoices.values)
#: Audit action key of a change.
AUDIT_ACTION = "customer_facts"


class NothingChangedError(ValueError):
    """Every submitted value equals the stored one."""


def as_text(value: object) -> str:
    """A stored value as kept in the history: "" for not set, else its text."""
    return "" if value is None else str(value)


def change_manual_facts(
    *, customer: Customer, values: Mapping[str, int | str | None], note: str, user: User
) -> list[DimensionChange]:
    """Store the hand-set facts in ``values`` that differ from the stored ones, one history row each.

    The stored values are read again under a row lock, so two people saving at once each see the
    other's change as the old value. Raises :class:`NothingChangedError` when nothing differs.
    """
    unknown = set(values) - set(MANUAL_FIELDS)
    if unknown:
        raise ValueError(f"not a hand-set field: {sorted(unknown)}")
    stored = Customer.objects.select_for_update().filter(pk=customer.pk).values(*MANUAL_FIELDS).get()
    changed = {
        name: value
        for name, value in values.items()
        if as_text(value if value != "" else None) != as_text(stored[name] if stored[name] != "" else None)
    }
    if not changed:
        raise NothingChangedError("nothing changed")
    rows = [
        DimensionChange(
            customer=customer,
            field=name,
            old_value=as_text(stored[name]),
            new_value=as_text(value),
            note=note.strip(),
            changed_by=user,
        )
        for name, value in changed.items()
    ]
    DimensionChange.objects.bulk_create(rows)
    # payment_terms is a text field: "not set" is stored as "" there and as NULL in the levels.
    stored_values = {n: ("" if v is None and n == "payment_terms" else v) for n, v in changed.items()}
    Customer.objects.filter(pk=customer.pk).update(**stored_values, updated_at=timezone.now())
    for name, value in stored_values.items():
        setattr(customer, name, value)
    record(
        user,
        AUDIT_ACTION,
        target=f"customer {customer.code}",
        rows=len(rows),
        detail={
            "changes": {r.field: [r.old_value, r.new_value] for r in rows},
            "note": note.strip(),
        },
    )
    return rows
