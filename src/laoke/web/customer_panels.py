"""What the customer page needs for the manager actions: who may act, the forms and the histories."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any

from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from laoke.accounts.models import User
from laoke.customers.models import Contact, Customer, DimensionChange
from laoke.customers.permissions import may_manage_customer
from laoke.interactions.models import Interaction
from laoke.platform.memo import kept
from laoke.platform.prepared import PreparedModels
from laoke.platform.unset import UNSET, Unset
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
    user: User,
    customer: Customer,
    *,
    today: dt.date,
    forms: Mapping[str, object],
    visible: bool = False,
    policy_text: str | Unset | None = UNSET,
) -> dict[str, Any]:
    """Context for the action panels; ``forms`` holds refused forms to show again with their errors.
    ``visible``: ``customer`` was just read through the user's visible customers (``customer_for``).
    ``policy_text``: the text of the policy in force (None: none saved), when the caller read it."""
    may_manage = may_manage_customer(user, customer, visible=visible)
    return {
        "may_manage": may_manage,
        "contacts": _contacts(customer, today=today, may_manage=may_manage, forms=forms),
        # A refused form is drawn again with its errors; otherwise the kept fields of a new one.
        "contact_form": forms.get("contact_form"),
        "new_contact_fields": blank_contact_fields()
        if may_manage and not forms.get("contact_form")
        else None,
        "task_form": forms.get("task_form"),
        "task_fields": None if forms.get("task_form") else blank_task_fields(),
        "facts_form": forms.get("facts_form"),
        "facts_fields": facts_fields(customer) if may_manage and not forms.get("facts_form") else None,
        "fact_changes": _FACT_CHANGES.models(customer.pk),
        **_complaints(customer, forms, policy_text),
    }


#: Fixed-shape reads of the page, compiled once (``PreparedModels``); an id no customer has.
_STAND_IN = 987654321
#: The customer's contacts (primary first, by name).
_CONTACTS = PreparedModels(lambda customer_id: Contact.objects.filter(customer_id=customer_id), _STAND_IN)
_CONTACT_CUSTOMER = Contact._meta.get_field("customer")
#: The latest changes of hand-set facts, with who changed them.
_FACT_CHANGES = PreparedModels(
    lambda customer_id: DimensionChange.objects.filter(customer_id=customer_id).select_related("changed_by")[
        :FACT_HISTORY_ROWS
    ],
    _STAND_IN,
)

#: The customer's open complaints, and the :data:`RESOLVED_ROWS` resolved most recently (chosen by
#: a subquery), with who took and resolved them: by deadline (as the database orders a missing
#: one), the day received and id.
_COMPLAINTS = PreparedModels(
    lambda customer_id: (
        Interaction.objects.filter(customer_id=customer_id, kind=COMPLAINT_TASK_KIND)
        .filter(
            Q(resolved_at__isnull=True)
            | Q(
                pk__in=Interaction.objects.filter(
                    customer_id=customer_id, kind=COMPLAINT_TASK_KIND, resolved_at__isnull=False
                )
                .order_by("-resolved_at", "deadline", "occurred_at", "pk")
                .values("pk")[:RESOLVED_ROWS]
            )
        )
        .select_related("user", "resolved_by")
        .order_by("deadline", "occurred_at", "pk")
    ),
    _STAND_IN,
)

#: Fields of new forms as drawn, per template, language and initial values (see :func:`_kept_fields`).
_KEPT_FIELDS: dict[tuple[str, ...], SafeString] = {}
#: At most this many are kept a process (the memo starts again when full).
KEPT_FIELDS_MAX = 2000


def _kept_fields(template: str, initial: tuple[str, ...], make: Callable[[], object]) -> SafeString:
    """``template`` drawn with ``make()``, an unbound form whose HTML depends only on the reader's
    language and ``initial`` (its labels, choices and ids are fixed in code): kept, since drawing
    a form again was 2-3 ms of every visit. A changed value is a new key, so nothing is invalidated."""
    return _kept(template, initial, lambda: {"form": make()})


def _kept(template: str, values: tuple[str, ...], context: Callable[[], dict[str, object]]) -> SafeString:
    """``template`` drawn with ``context()``, whose HTML depends only on the reader's language and
    ``values``: kept (see :func:`_kept_fields`)."""
    key = (template, get_language() or "", *values)
    return kept(_KEPT_FIELDS, key, KEPT_FIELDS_MAX, lambda: mark_safe(render_to_string(template, context())))


def blank_contact_fields() -> SafeString:
    """The fields of a blank "Add a contact" form (``web/partials/contact_fields.html``)."""
    return _kept_fields("web/partials/contact_fields.html", (), ContactForm)


def blank_task_fields() -> SafeString:
    """The fields of a blank "New task for me" form (``web/partials/personal_task_fields.html``):
    they show today's date as the due day."""
    return _kept_fields("web/partials/personal_task_fields.html", (_today(),), PersonalTaskForm)


def blank_complaint_fields(policy_text: str | Unset | None = UNSET) -> SafeString:
    """The fields of a blank "Log a complaint" form (``web/customer/_complaint_fields.html``): they
    show the policy's days to resolve a complaint and the deadline they give from today
    (``policy_text``: the policy in force, when the caller read it)."""
    days = complaint_days(policy_text)
    return _kept_fields(
        "web/customer/_complaint_fields.html", (str(days), _today()), lambda: ComplaintForm(days=days)
    )


def _today() -> str:
    return timezone.localdate().isoformat()


#: What ``web/customer/_facts_fields.html`` draws before its first field.
_FACTS_HEAD = '<div class="row g-2">\n          '
#: The hand-set facts' fields in the form's order (the note comes last, on its own).
_FACTS_ORDER = tuple(name for name in ManualFactsForm.base_fields if name != "note")


def facts_fields(customer: Customer) -> SafeString:
    """The fields of the form that changes the customer's hand-set facts, showing their values:
    ``web/customer/_facts_fields.html`` put together from its parts, each field kept per language
    and value (``_facts_field.html``: a handful of values each, where the whole form had one
    combination per customer) and the note with the button per language (``_facts_note.html``)."""
    made: list[ManualFactsForm] = []

    def form() -> ManualFactsForm:
        if not made:
            made.append(ManualFactsForm(customer=customer))
        return made[0]

    def field(name: str) -> Callable[[], dict[str, object]]:
        return lambda: {"field": form()[name]}

    parts = [_FACTS_HEAD]
    for name in _FACTS_ORDER:
        value = getattr(customer, name)
        shown = "" if value is None else str(value)
        parts.append(_kept("web/customer/_facts_field.html", (name, shown), field(name)))
    parts.append(_kept("web/customer/_facts_note.html", (), lambda: {"form": form()}))
    return mark_safe("".join(parts))


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
    for contact in _CONTACTS.models(customer.pk):
        _CONTACT_CUSTOMER.set_cached_value(contact, customer)  # as ``customer.contacts.all()`` did
        form: object = None
        if may_manage and forms.get("contact_edit_id") == contact.pk:
            form = refused or ContactForm(instance=contact)
        rows.append((contact, next_birthday(contact, today), form))
    return rows


def _complaints(
    customer: Customer, forms: Mapping[str, object], policy_text: str | Unset | None = UNSET
) -> dict[str, Any]:
    """The open complaints (by deadline) with their resolve forms, and the :data:`RESOLVED_ROWS`
    most recently resolved: one query, compiled once (most customers have none; it read their ids
    on a cursor, then the shown ones as models, an ORM query built on each visit)."""
    rows = _COMPLAINTS.models(customer.pk)
    # The resolved ones newest first; among equal times in the database's order, as before.
    rows = [c for c in rows if c.resolved_at is None] + sorted(
        (c for c in rows if c.resolved_at is not None), key=lambda c: c.resolved_at, reverse=True
    )
    refused = forms.get("resolve_form")
    open_rows, resolved = [], []
    for complaint in rows:  # the open ones by deadline, then the resolved ones, newest first
        if complaint.resolved_at is not None:
            resolved.append(complaint)
            continue
        form = refused if forms.get("resolve_id") == complaint.pk else None
        open_rows.append((complaint, form or ResolveComplaintForm(complaint_id=complaint.pk)))
    return {
        "open_complaints": open_rows,
        "resolved_complaints": resolved,
        "complaint_form": forms.get("complaint_form"),
        "complaint_fields": None if forms.get("complaint_form") else blank_complaint_fields(policy_text),
    }
