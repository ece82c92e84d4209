"""The mail draft of a task: edit, open in the mail client (mailto) or send on an explicit click."""

from __future__ import annotations

from dataclasses import replace

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from laoke.accounts.access import current_user
from laoke.cadence.services.drafts import DraftSendError, build_draft, send_draft, senders_for
from laoke.retention.permissions import task_for
from laoke.retention.services.tasks import complete_task


@login_required
def draft(request: HttpRequest, task_id: int) -> HttpResponse:
    """Show the task's draft; POST with a sender sends it (never without the user's click)."""
    user = current_user(request)
    task = task_for(user, task_id)
    made = build_draft(task=task, user=user)
    if made is None:
        raise Http404
    senders = senders_for(user)
    if request.method == "POST":
        made = replace(
            made,
            to=request.POST.get("to", made.to).strip(),
            subject=request.POST.get("subject", made.subject).strip(),
            body=request.POST.get("body", made.body),
        )
        try:
            send_draft(draft=made, user=user, via=request.POST.get("via", ""))
        except DraftSendError as exc:
            messages.error(request, _("The mail was not sent: %(error)s") % {"error": exc})
        else:
            if task.status in ("open", "snoozed"):
                complete_task(task=task, note=_("Mail sent: %(subject)s") % {"subject": made.subject})
            messages.success(request, _("Mail sent to %(to)s.") % {"to": made.to})
            return redirect("home")
    context = {"task": task, "draft": made, "senders": senders, "nav": "today"}
    return render(request, "cadence/draft.html", context)
