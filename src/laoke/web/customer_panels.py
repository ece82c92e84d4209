"""What the customer page needs for the manager actions: who may act, the forms and the histories."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from laoke.accounts.models import User
from laoke.customers.models import Contact, Customer
from laoke.customers.permissions import may_manage_customer
from laoke.interactions.models import Interaction
from laoke.retention.services.activity import COMPLAINT_TASK_KIND, complaint_days
from laoke.retention.services.losses import open_loss
from laoke.web.customer_360 import next_birthday
from laoke.web.customer_forms import (
    ComplaintForm,
    ContactForm,
    ManualFactsForm,
    MarkLostForm,
    PersonalTaskForm,
    ReopenForm,
    ResolveComplaintForm,
)

#: Changes of hand-set facts shown on the page (the audit log keeps them all).
FACT_HISTORY_ROWS = 20
#: Resolved complaints shown under the open ones.
RESOLVED_ROWS = 5


def action_panels(
    user: User, customer: Customer, *, today: dt.date, forms: Mapping[str, object]
) -> dict[str, Any]:
    """Context for the action panels; ``forms`` holds refused forms to show again with their errors."""
    may_manage = may_manage_customer(user, customer)
    return {
        "may_manage": may_manage,
        "contacts": _contacts(customer, today=today, may_manage=may_manage, forms=forms),
        # A refused new contact is drawn again with its errors; otherwise the blank form's fields.
        "contact_form": forms.get("contact_form"),
        "new_contact_fields": blank_contact_fields()
        if may_manage and not forms.get("contact_form")
        else None,
        "task_form": forms.get("task_form") or PersonalTaskForm(),
        "facts_form": forms.get("facts_form") or ManualFactsForm(customer=customer),
        "fact_changes": customer.dimension_changes.select_related("changed_by")[:FACT_HISTORY_ROWS],
        **_complaints(customer, forms),
    }


#: The blank "Add a contact" fields as drawn, per language: the same for every customer and reader
#: (no initial value, the choices fixed in code); drawing it again was about 3 ms of every visit.
_BLANK_CONTACT_FIELDS: dict[str, SafeString] = {}


def blank_contact_fields() -> SafeString:
    """``web/partials/contact_fields.html`` of a blank :class:`ContactForm`, in the reader's language."""
    language = get_language() or ""
    html = _BLANK_CONTACT_FIELDS.get(language)
    if html is None:
        html = mark_safe(render_to_string("web/partials/contact_fields.html", {"form": ContactForm()}))
        _BLANK_CONTACT_FIELDS[language] = html
    return html


def loss_forms(customer: Customer, forms: Mapping[str, object]) -> dict[str, Any]:
    """The loss card's forms (in the history row, a deferred panel): mark lost, or reopen."""
    return {
        "open_loss": open_loss(customer),
        "lost_form": forms.get("lost_form") or MarkLostForm(),
        "reopen_form": forms.get("reopen_form") or ReopenForm(),
    }


def _contacts(
    customer: Customer, *, today: dt.date, may_manage: bool, forms: Mapping[str, object]
) -> list[tuple[Contact, dt.date | None, object]]:
    """Each contact with its next birthday and, for the one being edited (a refused form, or asked
    for without scripts: ``contact_edit_id``), its edit form; the others' forms are drawn when their
    "Edit" opens (``contact_edit_form``)."""
    refused = forms.get("contact_edit_form")
    rows: list[tuple[Contact, dt.date | None, object]] = []
    for contact in customer.contacts.all():
        form: object = None
        if may_manage and forms.get("contact_edit_id") == contact.pk:
            form = refused or ContactForm(instance=contact)
        rows.append((contact, next_birthday(contact, today), form))
    return rows


def _complaints(customer: Customer, forms: Mapping[str, object]) -> dict[str, Any]:
    complaints = Interaction.objects.filter(customer=customer, kind=COMPLAINT_TASK_KIND).select_related(
        "user", "resolved_by"
    )
    refused = forms.get("resolve_form")
    open_rows = []
    for complaint in complaints.filter(resolved_at__isnull=True).order_by("deadline", "occurred_at", "pk"):
        form = refused if forms.get("resolve_id") == complaint.pk else None
        open_rows.append((complaint, form or ResolveComplaintForm(complaint_id=complaint.pk)))
    return {
        "open_complaints": open_rows,
        "resolved_complaints": complaints.filter(resolved_at__isnull=False).order_by("-resolved_at")[
            :RESOLVED_ROWS
        ],
        "complaint_form": forms.get("complaint_form") or ComplaintForm(days=complaint_days()),
    }
