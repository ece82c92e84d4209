"""Today: the salesperson's agenda with one-click done / snooze / note (htmx)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from laoke.accounts.access import current_user
from laoke.cadence.services.agenda_page import DRAFT_KINDS
from laoke.cadence.today_page import today_context
from laoke.customers.models import Customer
from laoke.retention.models import Task
from laoke.retention.permissions import task_for
from laoke.retention.services.activity import OutcomeRequiredError, create_personal_task, finish_task
from laoke.retention.services.tasks import (
    TaskActionError,
    add_task_note,
    snooze_task,
)
from laoke.web.customer_forms import PersonalTaskForm
from laoke.web.today_frame import today_page

SNOOZE_CHOICES = (1, 7)
OUTCOME_MAX = 2000


@login_required
def today(request: HttpRequest) -> HttpResponse:
    """Today: the user's tasks ranked by value × urgency, at most their daily budget, the rest in
    later and catch-up (``laoke.cadence.views.today``); a manager sees everyone's or one person's.

    Later and catch-up are closed on first paint and drawn on demand: ``?show=later`` (or
    ``catch_up``) draws that group open in the page; asked by htmx when the reader opens the
    group, it returns that group's rows alone."""
    context = {**today_context(request), "snooze_choices": SNOOZE_CHOICES}
    if context["group"]:
        response = render(request, "web/partials/today_group.html", context)
    else:
        page = {**context, "task_form": PersonalTaskForm()}
        if not context["listing"].total:  # a new install says where to start, not "well done"
            page["book_empty"] = not Customer.objects.exists()
        kept = today_page(request, page)
        response = HttpResponse(kept) if kept is not None else render(request, "web/today.html", page)
    patch_vary_headers(response, ["HX-Request"])
    return response


def _row(request: HttpRequest, task: Task, error: str = "") -> HttpResponse:
    if not request.headers.get("HX-Request"):
        # Posted as a page (before htmx ran, or without scripts): back to Today, saying what failed.
        if error:
            messages.error(request, error)
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
    """Mark the task done with its outcome (on the customer's timeline) and return its updated row.

    A complaint's task resolves the complaint: the outcome says how, so it is required.
    """
    user = current_user(request)
    task = task_for(user, task_id)
    outcome = request.POST.get("outcome", "") or request.POST.get("note", "")
    try:
        with transaction.atomic():
            finish_task(task=task, user=user, outcome=outcome[:OUTCOME_MAX])
    except OutcomeRequiredError:
        return _row(request, task, _("Say how the complaint was resolved."))
    except TaskActionError:
        return _row(request, task, _("This task is already closed."))
    return _row(request, task)


@login_required
@require_POST
def personal_task_create(request: HttpRequest) -> HttpResponse:
    """A task the user sets for themself (from Today, about no customer)."""
    user = current_user(request)
    form = PersonalTaskForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        with transaction.atomic():
            create_personal_task(user=user, title=data["title"], due_on=data["due_on"], note=data["note"])
        messages.success(request, _("Task added to your Today for %(day)s.") % {"day": data["due_on"]})
    else:
        errors = "; ".join(str(e) for errs in form.errors.values() for e in errs)
        messages.error(request, _("The task was not added: %(errors)s") % {"errors": errors})
    return redirect("home")


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
