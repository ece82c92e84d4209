"""Adding and changing a customer's contacts (the people we write to, call and greet).

One function for the web form and the API; the caller checks ``permissions.may_manage_customer``
(the customer's owner, a manager who sees it) and owns the transaction. Each save is audited
(``contact_added`` / ``contact_changed`` with the fields that changed) and noted on the
customer's timeline.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from laoke.accounts.models import User
from laoke.audit.services import record
from laoke.customers.models import Contact, Customer
from laoke.interactions.models import Interaction, InteractionKindChoices

#: The fields a user may set on a contact (salutation fields included).
CONTACT_FIELDS = (
    "name",
    "role",
    "form_of_address",
    "academic_title",
    "family_name",
    "preferred_name",
    "email",
    "phone",
    "whatsapp",
    "wechat",
    "skype",
    "language",
    "birthday",
    "interests",
    "is_primary",
)
AUDIT_ADDED = "contact_added"
AUDIT_CHANGED = "contact_changed"


def save_contact(
    *, customer: Customer, user: User, values: dict[str, Any], contact: Contact | None = None
) -> Contact:
    """Create the contact (``contact`` None) or change it; returns it saved.

    ``values`` holds cleaned values of :data:`CONTACT_FIELDS` (others are ignored). A primary
    contact makes the customer's other contacts non-primary.
    """
    new = contact is None
    target = contact if contact is not None else Contact(customer=customer)
    changed = []
    for name in CONTACT_FIELDS:
        if name not in values:
            continue
        value = values[name]
        if isinstance(value, str):
            value = value.strip()
        if getattr(target, name) != value:
            setattr(target, name, value)
            changed.append(name)
    if not new and not changed:
        return target
    target.customer = customer
    target.save()
    if target.is_primary:
        customer.contacts.exclude(pk=target.pk).filter(is_primary=True).update(is_primary=False)
    record(
        user,
        AUDIT_ADDED if new else AUDIT_CHANGED,
        target=f"customer {customer.code}",
        detail={"contact": target.pk, "name": target.name, "fields": changed},
    )
    subject = (_("Contact added: %(name)s") if new else _("Contact details changed: %(name)s")) % {
        "name": target.name
    }
    Interaction.objects.create(
        customer=customer,
        contact=target,
        user=user,
        kind=InteractionKindChoices.NOTE,
        occurred_at=timezone.now(),
        subject=subject[:300],
    )
    return target
