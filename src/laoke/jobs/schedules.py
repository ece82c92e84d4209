"""The company's job schedules: daily at a time or every N minutes, in the company's time zone.

``queue_due`` (called every minute by the worker's ``tick``) moves each due schedule's next run
forward with a conditional update before it queues the job, so with several workers (each with a
scheduler) a due run is queued once.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from laoke.jobs.models import Schedule
from laoke.jobs.services import queue_job


@dataclass(frozen=True)
class Default:
    """A schedule as shipped."""

    kind: str
    daily_at: dt.time | None = None
    every_minutes: int | None = None


#: Nightly re-score (scores, forecasts, alerts and the plan) at 02:00, the pool at 03:00, the day's
#: follow-up plan refreshed at 06:00 before people start, mail every 10 minutes.
DEFAULTS = (
    Default("score", daily_at=dt.time(2, 0)),
    Default("pool", daily_at=dt.time(3, 0)),
    Default("agenda", daily_at=dt.time(6, 0)),
    Default("mail", every_minutes=10),
)


def ensure_defaults() -> list[Schedule]:
    """Create the shipped schedules that are missing; return every schedule."""
    have = set(Schedule.objects.values_list("kind", flat=True))
    for default in DEFAULTS:
        if default.kind not in have:
            Schedule.objects.get_or_create(
                kind=default.kind,
                defaults={"daily_at": default.daily_at, "every_minutes": default.every_minutes},
            )
    order = {d.kind: i for i, d in enumerate(DEFAULTS)}
    return sorted(Schedule.objects.all(), key=lambda s: (order.get(s.kind, 99), s.kind))


def next_run(schedule: Schedule, *, after: dt.datetime) -> dt.datetime | None:
    """The first run of ``schedule`` strictly after ``after`` (None when it is off or empty)."""
    if not schedule.enabled:
        return None
    if schedule.every_minutes:
        step = dt.timedelta(minutes=schedule.every_minutes)
        anchor = timezone.localtime(after).replace(hour=0, minute=0, second=0, microsecond=0)
        passed = (after - anchor) // step
        return anchor + step * (passed + 1)
    if schedule.daily_at is not None:
        local = timezone.localtime(after)
        zone = local.tzinfo
        candidate = dt.datetime.combine(local.date(), schedule.daily_at, tzinfo=zone)
        if candidate <= local:
            candidate = dt.datetime.combine(
                local.date() + dt.timedelta(days=1), schedule.daily_at, tzinfo=zone
            )
        return candidate
    return None


def planned(schedule: Schedule, *, now: dt.datetime | None = None) -> dt.datetime | None:
    """When the schedule runs next: the stored time, or the computed one before the first tick."""
    if not schedule.enabled:
        return None
    return schedule.next_run_at or next_run(schedule, after=now or timezone.now())


def reschedule(schedule: Schedule, *, now: dt.datetime | None = None) -> None:
    """Store the next run after an edit."""
    schedule.next_run_at = next_run(schedule, after=now or timezone.now())
    schedule.save(update_fields=["enabled", "daily_at", "every_minutes", "next_run_at"])


def queue_due(*, now: dt.datetime | None = None) -> list[str]:
    """Queue the job of every schedule whose time has come; return their kinds."""
    now = now or timezone.now()
    queued = []
    for schedule in ensure_defaults():
        if not schedule.enabled:
            continue
        if schedule.next_run_at is None:
            Schedule.objects.filter(pk=schedule.pk, next_run_at=None).update(
                next_run_at=next_run(schedule, after=now)
            )
            continue
        if schedule.next_run_at > now:
            continue
        won = Schedule.objects.filter(pk=schedule.pk, next_run_at=schedule.next_run_at).update(
            next_run_at=next_run(schedule, after=now), last_run_at=now
        )
        if won:
            queue_job(schedule.kind, schedule=schedule.kind)
            queued.append(schedule.kind)
    return queued
