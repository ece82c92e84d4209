"""Jobs of the follow-up plan: re-score the book (then the plan), and the plan alone.

Registered by the app's ``AppConfig.ready`` (see :mod:`laoke.jobs.handling`)."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from laoke.jobs import queue
from laoke.jobs.handling import Held, job_date
from laoke.jobs.models import Job
from laoke.jobs.runner import Reporter, handler


@handler("score")
def score(job: Job, report: Reporter) -> dict[str, Any]:
    """Re-score the book under the book lock: scores, forecasts, alerts, then the follow-up plan."""
    from laoke.cadence.services.book import rescore_book

    with Held(queue.BOOK_LOCK):
        done = rescore_book(
            as_of=job_date(job),
            progress=lambda step, percent: report(step, percent),
            plan_old_book=bool((job.params or {}).get("plan_old_book")),
            # False for "re-score as of the book's last day" (a book that is history).
            refresh_plan=bool((job.params or {}).get("refresh_plan", True)),
        )
    last = done.scores.last_order
    return {
        "as_of": done.scores.as_of.isoformat(),
        "customers": done.scores.customers,
        "grades": done.scores.grades,
        "alerts_raised": done.scores.alerts.raised,
        "alerts_cleared": done.scores.alerts.cleared,
        "tasks_created": done.agenda.created if done.agenda is not None else 0,
        # A book whose newest order is over a year old: the page says so (laoke.jobs.catalogue).
        "last_order": last.isoformat() if last else None,
        "stale_days": done.scores.stale_days,
        "plan_skipped": done.plan_skipped,
        "plan_requested": done.plan_requested,
    }


@handler("agenda")
def agenda(job: Job, report: Reporter) -> dict[str, Any]:
    """Recompute the rule-made follow-up tasks (under the book lock)."""
    from laoke.cadence.services.agenda import refresh_agenda

    with Held(queue.BOOK_LOCK):
        report("agenda", 10)
        with transaction.atomic():
            done = refresh_agenda(as_of=job_date(job))
    return {"created": done.created, "updated": done.updated, "cleared": done.cleared}
