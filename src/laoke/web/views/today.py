"""Today: the salesperson's agenda with one-click done / snooze / note (htmx)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from laoke.accounts.models import User
from laoke.cadence.services.agenda_page import DRAFT_KINDS, agenda_extras
from laoke.customers.visibility import sees_everything
from laoke.retention.models import Task
from laoke.retention.services.tasks import (
    TaskActionError,
    add_task_note,
    build_agenda,
    complete_task,
    snooze_task,
)
from laoke.web.access import current_user, salespeople, task_for, visible_tasks
from laoke.web.forms import AgendaFilterForm

SNOOZE_CHOICES = (1, 7)
#: Tasks shown per group, most urgent first; the rest are counted and reached through the filters.
GROUP_LIMIT = 25


@login_required
def today(request: HttpRequest) -> HttpResponse:
    """The agenda of the logged-in user; a manager sees everyone's or picks one salesperson."""
    user = current_user(request)
    assignee: User | None = user
    chosen = ""
    form = AgendaFilterForm(request.GET, people=salespeople(user) if user.is_manager else None)
    form.is_valid()  # a value that is not valid is left out of cleaned_data: that filter is ignored
    if user.is_manager:
        assignee = form.cleaned_data.get("who")
        chosen = str(assignee.pk) if assignee else ""
    day = timezone.localdate()
    kind = form.cleaned_data.get("kind") or ""
    # Visibility (own tasks; a team manager those of the team's customers and people) and the
    # per-group limit are applied in the database: a manager's "everyone" view holds hundreds.
    scope = None if sees_everything(user) else visible_tasks(user)
    agenda = build_agenda(today=day, assignee=assignee, scope=scope, kind=kind, limit=GROUP_LIMIT)
    groups = [
        (key, tasks, agenda.hidden.get(key, 0))
        for key, tasks in (
            ("overdue", agenda.overdue),
            ("today", agenda.today),
            ("upcoming", agenda.upcoming),
        )
    ]
    context = {
        "agenda": agenda,
        "groups": groups,
        "today": day,
        "people": salespeople(user) if user.is_manager else [],
        "chosen": chosen,
        "snooze_choices": SNOOZE_CHOICES,
        "nav": "today",
        **agenda_extras(scope=scope, assignee=assignee, today=day, kind=kind),
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
