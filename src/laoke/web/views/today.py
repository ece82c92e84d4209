"""Today: the salesperson's agenda with one-click done / snooze / note (htmx)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from laoke.cadence.services.agenda_page import DRAFT_KINDS
from laoke.cadence.views.today import today_context
from laoke.retention.models import Task
from laoke.retention.services.tasks import (
    TaskActionError,
    add_task_note,
    complete_task,
    snooze_task,
)
from laoke.web.access import current_user, task_for

SNOOZE_CHOICES = (1, 7)


@login_required
def today(request: HttpRequest) -> HttpResponse:
    """Today: the user's tasks ranked by value × urgency, at most their daily budget, the rest in
    later and catch-up (``laoke.cadence.views.today``); a manager sees everyone's or one person's."""
    context = {
        **today_context(request),
        "snooze_choices": SNOOZE_CHOICES,
    }
    return render(request, "web/today.html", context)


def _row(request: HttpRequest, task: Task, error: str = "") -> HttpResponse:
    if not request.headers.get("HX-Request"):
        return redirect("home")
    context = {
        "task": task,
        "error": error,
        "today": timezone.localdate(),
        "snooze_choices": SNOOZE_CHOICES,
        "draft_kinds": DRAFT_KINDS,
    }
    return render(request, "web/partials/task_row.html", context)


@login_required
@require_POST
def task_done(request: HttpRequest, task_id: int) -> HttpResponse:
    """Mark the task done and return its updated row."""
    task = task_for(current_user(request), task_id)
    try:
        complete_task(task=task, note=request.POST.get("note", ""))
    except TaskActionError:
        return _row(request, task, _("This task is already closed."))
    return _row(request, task)


@login_required
@require_POST
def task_snooze(request: HttpRequest, task_id: int) -> HttpResponse:
    """Put the task off by 1 or 7 days and return its updated row."""
    task = task_for(current_user(request), task_id)
    days = request.POST.get("days", "")
    if days not in {str(d) for d in SNOOZE_CHOICES}:
        return HttpResponseBadRequest("days must be 1 or 7")
    try:
        snooze_task(task=task, days=int(days), today=timezone.localdate())
    except TaskActionError:
        return _row(request, task, _("This task is already closed."))
    return _row(request, task)


@login_required
@require_POST
def task_note(request: HttpRequest, task_id: int) -> HttpResponse:
    """Append a note to the task and return its updated row."""
    task = task_for(current_user(request), task_id)
    try:
        add_task_note(task=task, note=request.POST.get("note", ""))
    except TaskActionError:
        return HttpResponseBadRequest("empty note")
    return _row(request, task)
