"""A customer's record: create one, change the fields sent, give it to another owner.

One service per write, so the API, the screens and any later import follow the same rules:

- the code and the name may not be empty, and a code belongs to one customer only;
- who may give a customer to whom is :func:`laoke.customers.permissions.owner_change_refusal`;
- an update writes only the fields sent (``save(update_fields=…)``): what someone else changed
  since the record was read — another field, the owner after a handover — stays;
- a change of owner is a handover of one customer: it is audited with the handover's action
  (``AuditAction.HANDOVER``) and the customer's open and snoozed tasks go to the new owner (nobody,
  for the shared pool) through :data:`laoke.customers.signals.owners_changed`, as the team
  handover and the pool do.

The caller looks the customer up among those the acting user may see (the API answers 404
otherwise); refused writes raise :class:`CustomerRecordError` and change nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from laoke.accounts.models import User
from laoke.audit.models import AuditAction
from laoke.audit.services import record
from laoke.customers.models import Customer
from laoke.customers.permissions import owner_change_refusal
from laoke.customers.signals import owners_changed

#: Fields that may not be empty.
REQUIRED = ("code", "name")

#: How the audit row names the shared pool (as the team handover does).
POOL = "pool"


class CustomerRecordError(ValueError):
    """The write is refused; ``errors`` maps each field to why, in the reader's language."""

    def __init__(self, errors: Mapping[str, str]) -> None:
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = dict(errors)


def _field_errors(data: Mapping[str, Any], *, exclude: int | None = None) -> dict[str, str]:
    errors = {k: _("This field cannot be empty.") for k in REQUIRED if k in data and not data[k]}
    if data.get("code"):
        clash = Customer.objects.filter(code=data["code"])
        if exclude is not None:
            clash = clash.exclude(pk=exclude)
        if clash.exists():
            errors["code"] = _("This customer code is already in use.")
    return errors


def create_customer(*, by: User, fields: Mapping[str, Any]) -> Customer:
    """A new customer from ``fields`` (model field names; ``owner`` a user or ``None`` for the pool).

    Without ``owner`` a salesperson's new customer is their own and a manager's goes to the pool.
    """
    data = dict(fields)
    for key in REQUIRED:
        data.setdefault(key, "")
    owner = data.pop("owner") if "owner" in data else (None if by.is_manager else by)
    errors = _field_errors(data)
    refusal = owner_change_refusal(by, None, owner)
    if refusal is not None:
        errors["owner"] = refusal
    if errors:
        raise CustomerRecordError(errors)
    return Customer.objects.create(owner=owner, **data)


def update_customer(customer: Customer, *, by: User, fields: Mapping[str, Any]) -> Customer:
    """Change the fields sent (``owner`` among them: :func:`change_owner`); the others stay as stored.

    Everything is checked before anything is written, and it is written in one transaction.
    """
    data = dict(fields)
    owner_sent = "owner" in data
    new_owner: User | None = data.pop("owner", None)
    errors = _field_errors(data, exclude=customer.pk)
    if owner_sent:
        refusal = owner_change_refusal(by, customer, new_owner)
        if refusal is not None:
            errors["owner"] = refusal
    if errors:
        raise CustomerRecordError(errors)
    with transaction.atomic():
        if data:
            for key, value in data.items():
                setattr(customer, key, value)
            # Only the fields sent: a full save() would put back what others changed since the read.
            customer.save(update_fields=[*data, "updated_at"])
        if owner_sent:
            change_owner(customer, by=by, to=new_owner)
    return customer


def change_owner(customer: Customer, *, by: User, to: User | None) -> bool:
    """Give ``customer`` to ``to`` (``None``: the shared pool); False when it already is theirs.

    Audited as a handover of one customer (from whom, to whom, by whom); its open tasks follow.
    """
    refusal = owner_change_refusal(by, customer, to)
    if refusal is not None:
        raise CustomerRecordError({"owner": refusal})
    new_id = to.pk if to is not None else None
    with transaction.atomic():
        # The owner as stored now (a handover may have run since the customer was read), row locked.
        old_id = (
            Customer.objects.select_for_update().filter(pk=customer.pk).values_list("owner_id", flat=True)[0]
        )
        customer.owner = to
        if old_id == new_id:
            return False
        old_name = (
            User.objects.filter(pk=old_id).values_list("username", flat=True).first() if old_id else None
        )
        customer.updated_at = timezone.now()
        Customer.objects.filter(pk=customer.pk).update(owner=to, updated_at=customer.updated_at)
        owners_changed.send(sender=change_owner, customer_ids=[customer.pk], owner=to)
        record(
            by,
            AuditAction.HANDOVER,
            target=f"customer {customer.code}",
            rows=1,
            detail={
                "customer": customer.pk,
                "from": old_name or POOL,
                "to": to.username if to is not None else POOL,
            },
        )
    return True
