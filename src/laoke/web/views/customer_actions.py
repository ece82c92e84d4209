"""Actions on the customer page: hand-set facts, marking lost and reopening, complaints, contacts
and personal tasks.

Each action is a plain POST: on success it redirects back to the page (with a message), on a
refused form it shows the page again with the errors (status 400). Who may act is decided in
``laoke.customers.permissions``; a customer the user cannot see is a 404, one they see but may not
change a 403. Complaints are interactions: whoever sees the customer logs and resolves them, and
sets themself a task about it; contacts are changed by the owner and managers.
"""

from __future__ import annotations

import copy

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from laoke.accounts.access import current_user
from laoke.accounts.models import User
from laoke.customers.models import Customer
from laoke.customers.permissions import may_manage_customer
from laoke.customers.services.manual_facts import NothingChangedError, change_manual_facts
from laoke.customers.visibility import customer_for, visible_for
from laoke.interactions.contacts import save_contact
from laoke.interactions.models import Interaction
from laoke.jobs.services import queue_job
from laoke.retention.services.activity import (
    COMPLAINT_TASK_KIND,
    ComplaintError,
    NotOpenComplaintError,
    complaint_days,
    create_personal_task,
    log_complaint,
    resolve_complaint,
)
from laoke.retention.services.losses import LossStateError, mark_lost, reopen
from laoke.web.customer_forms import (
    ComplaintForm,
    ContactForm,
    ManualFactsForm,
    MarkLostForm,
    PersonalTaskForm,
    ReopenForm,
    ResolveComplaintForm,
)
from laoke.web.views.customer_detail import customer_page, customer_url


def _managed(request: HttpRequest, customer_id: int) -> tuple[User, Customer]:
    user = current_user(request)
    customer = customer_for(user, customer_id)
    if not may_manage_customer(user, customer):
        raise PermissionDenied
    return user, customer


def _back(customer: Customer, anchor: str) -> HttpResponse:
    return redirect(customer_url(customer.pk, anchor))


def _rescore(user: User) -> None:
    """Queue a re-score of the book (a waiting one is reused) so the scorecard follows the change."""
    queue_job("score", user=user)


@login_required
@require_POST
def manual_facts(request: HttpRequest, customer_id: int) -> HttpResponse:
    """Change the customer's hand-set facts with a note; each change is kept and audited."""
    user, customer = _managed(request, customer_id)
    form = ManualFactsForm(request.POST, customer=customer)
    if form.is_valid():
        try:
            with transaction.atomic():
                rows = change_manual_facts(
                    customer=customer, values=form.facts(), note=form.cleaned_data["note"], user=user
                )
                _rescore(user)
        except NothingChangedError:
            form.add_error(None, _("Nothing changed: every value is the one already stored."))
        else:
            text = ngettext(
                "%(n)s change saved. The scores are being recomputed with it.",
                "%(n)s changes saved. The scores are being recomputed with them.",
                len(rows),
            )
            messages.success(request, text % {"n": len(rows)})
            return _back(customer, "h-facts")
    return customer_page(request, customer, status=400, facts_form=form)


@login_required
@require_POST
def customer_lost(request: HttpRequest, customer_id: int) -> HttpResponse:
    """Mark the customer lost with one of the six loss reasons (audited; the state follows the re-score)."""
    user, customer = _managed(request, customer_id)
    form = MarkLostForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                mark_lost(
                    customer=customer,
                    reason=data["reason"],
                    lost_on=data["lost_on"],
                    note=data["note"],
                    came_for=data["came_for"],
                    user=user,
                )
                _rescore(user)
        except LossStateError:
            # The page now shows the reopen form, so the refusal is a message, not a form error.
            messages.error(request, _("This customer is already marked lost."))
        else:
            messages.success(
                request, _("Marked lost. The state and the losses chart follow at the re-score.")
            )
            return _back(customer, "h-loss")
    return customer_page(request, customer, status=400, lost_form=form)


@login_required
@require_POST
def customer_reopen(request: HttpRequest, customer_id: int) -> HttpResponse:
    """Take a lost customer back in with a note: the loss is kept in the history but no longer counts."""
    user, customer = _managed(request, customer_id)
    form = ReopenForm(request.POST)
    if form.is_valid():
        try:
            with transaction.atomic():
                reopen(customer=customer, on=timezone.localdate(), note=form.cleaned_data["note"], user=user)
                _rescore(user)
        except LossStateError:
            messages.error(request, _("This customer is not marked lost."))
        else:
            messages.success(request, _("Reopened. The loss no longer counts from the re-score on."))
            return _back(customer, "h-loss")
    return customer_page(request, customer, status=400, reopen_form=form)


@login_required
@require_POST
def complaint_create(request: HttpRequest, customer_id: int) -> HttpResponse:
    """Log a complaint with its deadline; a high-priority task goes on the owner's agenda at once."""
    user = current_user(request)
    customer = customer_for(user, customer_id)
    form = ComplaintForm(request.POST, days=complaint_days())
    if form.is_valid():
        data = form.cleaned_data
        with transaction.atomic():
            log_complaint(
                customer=customer,
                user=user,
                subject=data["subject"],
                body=data["body"],
                deadline=data["deadline"],
            )
        messages.success(request, _("Complaint logged; it is on the owner's agenda until it is resolved."))
        return _back(customer, "h-complaints")
    return customer_page(request, customer, status=400, complaint_form=form)


@login_required
@require_POST
def complaint_resolve(request: HttpRequest, complaint_id: int) -> HttpResponse:
    """Mark a complaint resolved (day and how); its task leaves the agenda."""
    user = current_user(request)
    complaints = Interaction.objects.filter(kind=COMPLAINT_TASK_KIND).select_related("customer")
    complaint = get_object_or_404(visible_for(user, complaints), pk=complaint_id)
    form = ResolveComplaintForm(request.POST, complaint_id=complaint.pk)
    if form.is_valid():
        try:
            with transaction.atomic():
                resolve_complaint(
                    complaint=complaint,
                    user=user,
                    resolved_on=form.cleaned_data["resolved_on"],
                    note=form.cleaned_data["note"],
                )
        except NotOpenComplaintError:
            messages.error(request, _("This complaint is already resolved."))
            return _back(complaint.customer, "h-complaints")
        except ComplaintError:
            form.add_error("resolved_on", _("The complaint was received after this day."))
        else:
            messages.success(request, _("Complaint resolved; its task is closed."))
            return _back(complaint.customer, "h-complaints")
    return customer_page(request, complaint.customer, status=400, resolve_form=form, resolve_id=complaint.pk)


@login_required
def contact_edit_form(request: HttpRequest, customer_id: int, contact_id: int) -> HttpResponse:
    """A contact's edit form, drawn when its "Edit" opens on the customer page (htmx)."""
    _user, customer = _managed(request, customer_id)
    contact = get_object_or_404(customer.contacts.all(), pk=contact_id)
    context = {"customer": customer, "contact": contact, "edit_form": ContactForm(instance=contact)}
    return render(request, "web/customer/_contact_edit_form.html", context)


@login_required
@require_POST
def contact_save(request: HttpRequest, customer_id: int, contact_id: int | None = None) -> HttpResponse:
    """Add a contact (``contact_id`` None) or change one: the customer's owner and managers."""
    user, customer = _managed(request, customer_id)
    contact = get_object_or_404(customer.contacts.all(), pk=contact_id) if contact_id is not None else None
    # The form validates on a copy: the stored contact stays as it was, so the service sees what changed.
    form = ContactForm(request.POST, instance=copy.copy(contact) if contact is not None else None)
    if form.is_valid():
        with transaction.atomic():
            saved = save_contact(customer=customer, user=user, values=form.values(), contact=contact)
        if contact is None:
            messages.success(request, _("Contact %(name)s added.") % {"name": saved.name})
        else:
            messages.success(request, _("Contact %(name)s saved.") % {"name": saved.name})
        return _back(customer, "h-contacts")
    if contact is not None:
        return customer_page(
            request, customer, status=400, contact_edit_form=form, contact_edit_id=contact_id
        )
    return customer_page(request, customer, status=400, contact_form=form, contact_edit_id=contact_id)


@login_required
@require_POST
def personal_task_create(request: HttpRequest, customer_id: int) -> HttpResponse:
    """A task for oneself about this customer (whoever sees the customer)."""
    user = current_user(request)
    customer = customer_for(user, customer_id)
    form = PersonalTaskForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        with transaction.atomic():
            create_personal_task(
                user=user, title=data["title"], due_on=data["due_on"], customer=customer, note=data["note"]
            )
        messages.success(request, _("Task added to your Today for %(day)s.") % {"day": data["due_on"]})
        return _back(customer, "h-act")
    return customer_page(request, customer, status=400, task_form=form)
