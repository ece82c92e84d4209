"""The Jobs page (managers): running, queued, failed and recent jobs, schedules, "Run now"; one job's card."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from laoke.accounts.access import current_user, manager_required
from laoke.fileio.export import CSV_CONTENT_TYPE, XLSX_CONTENT_TYPE
from laoke.jobs import catalogue
from laoke.jobs.exports import file_path
from laoke.jobs.listing import describe, live, recent_jobs, schedule_rows
from laoke.jobs.models import Job, Schedule
from laoke.jobs.schedules import reschedule
from laoke.jobs.services import queue_job
from laoke.platform.redirects import safe_next


@manager_required
def jobs_page(request: HttpRequest) -> HttpResponse:
    """Jobs running, queued, failed and done lately; the schedules with their next run."""
    jobs = recent_jobs()
    context: dict[str, Any] = {
        "nav": "jobs",
        "active": [x for x in jobs if not x.job.finished],
        "failed": [x for x in jobs if x.job.state == Job.State.FAILED],
        "done": [x for x in jobs if x.job.state == Job.State.DONE],
        "schedules": [
            {"schedule": s, "next": when, "when": describe(s), "label": catalogue.kind_label(s.kind)}
            for s, when in schedule_rows()
        ],
        "runnable": [(kind, catalogue.kind_label(kind)) for kind in catalogue.RUNNABLE],
        "zone": timezone.get_current_timezone_name(),
    }
    return render(request, "jobs/jobs.html", context)


@manager_required
@require_POST
def job_run(request: HttpRequest, kind: str) -> HttpResponse:
    """Queue a job now (re-score, agenda, mail sync, pool return)."""
    if kind not in catalogue.RUNNABLE:
        raise Http404
    params: dict[str, Any] = {}
    if kind == "score" and request.POST.get("as_of"):
        # "Re-score as of the book's last day", offered when the book is history.
        try:
            params["as_of"] = dt.date.fromisoformat(request.POST["as_of"]).isoformat()
        except ValueError:
            messages.error(request, _("Give the date as YYYY-MM-DD."))
            return redirect(safe_next(request, "jobs"))
        # Grades, states and forecasts as they stood then; no follow-up tasks: they would all be
        # due on days long past (Online Retail II: 10,933 tasks each 5,483 days overdue on Today).
        params["refresh_plan"] = False
    job = queue_job(kind, params=params or None, user=current_user(request))
    messages.success(request, _("%(job)s queued.") % {"job": catalogue.kind_label(job.kind)})
    return redirect(safe_next(request, "jobs"))


@manager_required
@require_POST
def schedule_save(request: HttpRequest, kind: str) -> HttpResponse:
    """Change when a schedule runs: on/off, daily at HH:MM or every N minutes."""
    schedule = get_object_or_404(Schedule, kind=kind)
    schedule.enabled = request.POST.get("enabled") == "on"
    at, every = request.POST.get("daily_at", "").strip(), request.POST.get("every_minutes", "").strip()
    try:
        if every:
            minutes = int(every)
            if not 1 <= minutes <= 24 * 60:
                raise ValueError
            schedule.every_minutes, schedule.daily_at = minutes, None
        elif at:
            schedule.daily_at, schedule.every_minutes = dt.time.fromisoformat(at), None
    except ValueError:
        messages.error(request, _("Give a time as HH:MM or a number of minutes from 1 to 1440."))
        return redirect("jobs")
    reschedule(schedule)
    messages.success(
        request,
        _("Schedule saved: %(job)s, %(when)s.")
        % {
            "job": catalogue.kind_label(kind),
            "when": describe(schedule),
        },
    )
    return redirect("jobs")


@login_required
def job_card(request: HttpRequest, job_id: int) -> HttpResponse:
    """One job's progress card (htmx polls it until the job has finished). Its author or a manager."""
    return render(request, "jobs/_job.html", {"x": live(_own_job(request, job_id))})


def _own_job(request: HttpRequest, job_id: int) -> Job:
    """The job, for its author or a manager (404 for anyone else)."""
    user = current_user(request)
    job = get_object_or_404(Job.objects.select_related("created_by"), pk=job_id)
    if not user.is_manager and job.created_by_id != user.pk:
        raise Http404
    return job


@login_required
def job_page(request: HttpRequest, job_id: int) -> HttpResponse:
    """One job on its own page: its live progress card, and the file to download when it is ready."""
    job = _own_job(request, job_id)
    return render(request, "jobs/job.html", {"x": live(job), "back": safe_next(request, "home")})


@login_required
def job_download(request: HttpRequest, job_id: int) -> FileResponse:
    """The file an export job wrote, for the person who asked for it only."""
    user = current_user(request)
    job = get_object_or_404(Job, pk=job_id, kind="export")
    if job.created_by_id != user.pk:
        raise Http404
    path = file_path(job)
    if path is None:
        raise Http404
    name = str((job.result or {}).get("filename") or path.name)
    content_type = XLSX_CONTENT_TYPE if path.suffix == ".xlsx" else CSV_CONTENT_TYPE
    return FileResponse(path.open("rb"), as_attachment=True, filename=name, content_type=content_type)
