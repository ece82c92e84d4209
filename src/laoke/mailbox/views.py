"""The mailbox page: connect a mailbox, sync it now, and take up or dismiss proposed contacts."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from laoke.accounts.access import current_user
from laoke.jobs.listing import SHOWN_AFTER, Live, live
from laoke.jobs.models import Job
from laoke.jobs.services import queue_job
from laoke.mailbox.forms import MailAccountForm
from laoke.mailbox.models import MailAccount
from laoke.mailbox.repositories import open_proposals
from laoke.mailbox.services.proposals import add_proposed_contact, dismiss_proposal


def _account(request: HttpRequest) -> MailAccount | None:
    return MailAccount.objects.filter(user=current_user(request)).first()


@login_required
@sensitive_post_parameters("password")
def mailbox_settings(request: HttpRequest) -> HttpResponse:
    """GET: the form and status; POST: check the login, then save."""
    user = current_user(request)
    account = _account(request)
    instance = account or MailAccount(user=user, email=user.email, username=user.email)
    form = MailAccountForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Mailbox connected: the login works."))
        return redirect("mailbox_settings")
    context: dict[str, Any] = {
        "nav": "mailbox",
        "form": form,
        "account": account,
        "folders": account.folders.order_by("folder") if account else [],
        "proposals": open_proposals(user)[:50],
        "sync_job": _sync_job(account, user),
    }
    return render(request, "mailbox/settings.html", context)


@login_required
@require_POST
def mailbox_sync(request: HttpRequest) -> HttpResponse:
    """Queue a sync of the user's mailbox (a ``mailbox`` job); the page shows its progress."""
    account = _account(request)
    if account is None:
        return redirect("mailbox_settings")
    queue_job("mailbox", params={"account": account.pk}, user=current_user(request))
    messages.success(
        request, _("Sync queued: a worker fetches the new mail; its progress shows on this page.")
    )
    return redirect("mailbox_settings")


def _sync_job(account: MailAccount | None, user: Any) -> Live | None:
    """The user's newest "Sync now" of the mailbox while it waits or runs, or for a while after."""
    if account is None:
        return None
    job = (
        Job.objects.filter(kind="mailbox", params__account=account.pk, created_by=user)
        .order_by("-queued_at", "-id")
        .first()
    )
    if job is None or (job.finished and job.finished_at and job.finished_at < timezone.now() - SHOWN_AFTER):
        return None
    return live(job)


@login_required
@require_POST
def mailbox_disconnect(request: HttpRequest) -> HttpResponse:
    """Forget the mailbox and its password; synced mail stays."""
    account = _account(request)
    if account is not None:
        account.delete()
        messages.success(request, _("Mailbox disconnected. The mail already synced stays."))
    return redirect("mailbox_settings")


@login_required
@require_POST
def proposal_decide(request: HttpRequest, proposal_id: int) -> HttpResponse:
    """Add the proposed contact to its customer, or dismiss it."""
    proposal = get_object_or_404(open_proposals(current_user(request)), pk=proposal_id)
    with transaction.atomic():
        if request.POST.get("decision") == "add":
            contact = add_proposed_contact(proposal=proposal)
            messages.success(
                request,
                _("%(name)s added as a contact of %(customer)s.")
                % {"name": contact.name, "customer": proposal.customer.name},
            )
        else:
            dismiss_proposal(proposal=proposal)
    return redirect("mailbox_settings")
