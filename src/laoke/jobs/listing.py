"""What ``laoke jobs`` and the Jobs page list: schedules with their next run, and recent jobs."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from laoke.jobs import catalogue, queue
from laoke.jobs.models import Job, Schedule
from laoke.jobs.schedules import ensure_defaults, planned

RECENT = 30


@dataclass(frozen=True)
class Live:
    """A job with its live figures (for a running job, from the queue's store)."""

    job: Job
    stage: str
    percent: int
    done: int
    total: int

    @property
    def stage_label(self) -> str:
        """What it is doing, in the active language."""
        return catalogue.stage_label(self.stage) if self.stage else ""

    @property
    def kind_label(self) -> str:
        """Its name, in the active language."""
        return catalogue.kind_label(self.job.kind)

    @property
    def error(self) -> str:
        """Why it failed (or why the last attempt failed), in the active language."""
        return catalogue.error_text(self.job)

    @property
    def summary(self) -> str:
        """What it did, once done."""
        return catalogue.result_text(self.job) if self.job.state == Job.State.DONE else ""

    @property
    def warning(self) -> str:
        """What the user should know about its result (a re-score of a book that is history)."""
        return catalogue.old_book_warning(self.job) if self.job.state == Job.State.DONE else ""

    @property
    def last_order(self) -> str:
        """The book's newest order date (ISO) a re-score found, for re-scoring as of it."""
        value = (self.job.result or {}).get("last_order") if self.job.kind == "score" else None
        return str(value) if value else ""

    @property
    def last_order_date(self) -> dt.date | None:
        """``last_order`` as a date (to show it in the reader's format)."""
        return dt.date.fromisoformat(self.last_order) if self.last_order else None


def live(job: Job) -> Live:
    """The job with its current figures."""
    if job.state == Job.State.RUNNING:
        figures = queue.read_live(job.pk) or {}
        return Live(
            job,
            str(figures.get("stage") or job.stage),
            int(figures.get("percent") or 0),
            int(figures.get("done") or 0),
            int(figures.get("total") or 0),
        )
    percent = 100 if job.state == Job.State.DONE else job.percent
    return Live(job, job.stage, percent, job.rows_done, job.rows_total)


def schedule_rows(now: dt.datetime | None = None) -> list[tuple[Schedule, dt.datetime | None]]:
    """Every schedule with its next run."""
    now = now or timezone.now()
    return [(s, planned(s, now=now)) for s in ensure_defaults()]


def describe(schedule: Schedule) -> str:
    """When a schedule runs, in words."""
    from django.utils.translation import gettext as _

    if not schedule.enabled:
        return _("off")
    if schedule.every_minutes:
        return _("every %(n)d minutes") % {"n": schedule.every_minutes}
    if schedule.daily_at:
        return _("daily at %(time)s") % {"time": schedule.daily_at.strftime("%H:%M")}
    return _("off")


def recent_jobs(limit: int = RECENT) -> list[Live]:
    """Running and queued jobs first, then the most recent others."""
    active = list(
        Job.objects.filter(state__in=[Job.State.RUNNING, Job.State.QUEUED]).order_by("queued_at", "id")
    )
    rest = list(
        Job.objects.exclude(state__in=[Job.State.RUNNING, Job.State.QUEUED])[: max(0, limit - len(active))]
    )
    return [live(j) for j in [*active, *rest]]


def as_json(now: dt.datetime | None = None) -> dict[str, Any]:
    """Schedules and jobs as plain data (``laoke jobs --json``)."""

    def stamp(value: dt.datetime | None) -> str | None:
        return timezone.localtime(value).isoformat() if value else None

    return {
        "time_zone": timezone.get_current_timezone_name(),
        "scheduled": [
            {
                "name": s.kind,
                "label": catalogue.kind_label(s.kind),
                "enabled": s.enabled,
                "when": describe(s),
                "next_run": stamp(when),
                "last_run": stamp(s.last_run_at),
            }
            for s, when in schedule_rows(now)
        ],
        "jobs": [
            {
                "id": x.job.pk,
                "name": x.job.kind,
                "state": x.job.state,
                "stage": x.stage,
                "progress": x.percent,
                "attempts": x.job.attempts,
                "queued": stamp(x.job.queued_at),
                "started": stamp(x.job.started_at),
                "finished": stamp(x.job.finished_at),
                "error": x.error,
                "result": x.summary,
            }
            for x in recent_jobs()
        ],
    }


#: A finished re-score stays on the pages that started it for this long.
SHOWN_AFTER = dt.timedelta(minutes=15)


def recent_score_job() -> Live | None:
    """The newest re-score of the book while it waits or runs, or for a while after it ended."""
    job = Job.objects.filter(kind="score").order_by("-queued_at", "-id").first()
    if job is None:
        return None
    if job.finished and job.finished_at and job.finished_at < timezone.now() - SHOWN_AFTER:
        return None
    return live(job)
