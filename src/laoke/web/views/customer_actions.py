"""Manager actions on the customer page: hand-set facts, marking lost and reopening, complaints.

Each action is a plain POST: on success it redirects back to the page (with a message), on a
refused form it shows the page again with the errors (status 400). Who may act is decided in
``laoke.customers.permissions``; a customer the user cannot see is a 404, one they see but may not
change a 403.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from laoke.accounts.models import User
from laoke.customers.models import Customer
from laoke.customers.permissions import may_manage_customer
from laoke.customers.services.manual_facts import NothingChangedError, change_manual_facts
from laoke.jobs.services import queue_job
from laoke.retention.services.losses import LossStateError, mark_lost, reopen
from laoke.web.access import current_user, customer_for
from laoke.web.customer_forms import ManualFactsForm, MarkLostForm, ReopenForm
from laoke.web.views.customer_detail import customer_page


def _managed(request: HttpRequest, customer_id: int) -> tuple[User, Customer]:
    user = current_user(request)
    customer = customer_for(user, customer_id)
    if not may_manage_customer(user, customer):
        raise PermissionDenied
    return user, customer


def _back(customer: Customer, anchor: str) -> HttpResponse:
    return redirect(f"{reverse('customer_detail', args=[customer.pk])}#{anchor}")


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
