"""Queue a job: one row for people to follow, one message for a worker.

``queue_job`` is what views, commands, schedules and other jobs call. A job of the same kind and
parameters that is still waiting in the queue is reused instead of queueing a second one (ten
policy saves in a minute re-score the book once more, not ten times).
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from laoke.jobs import queue
from laoke.jobs.models import Job

#: Kinds whose waiting job is reused when the same job is queued again.
COALESCED = frozenset({"score", "agenda", "mail", "mailbox", "pool"})


def queue_job(
    kind: str, *, params: dict[str, Any] | None = None, user: Any = None, schedule: str = ""
) -> Job:
    """Create the job row and send its id to the queue once the caller's transaction commits.

    With the queue in immediate mode (``LAOKE_JOBS_IMMEDIATE``, the tests) the job runs right here.
    """
    params = params or {}
    if kind in COALESCED:
        waiting = Job.objects.filter(kind=kind, state=Job.State.QUEUED, params=params, attempts=0).first()
        if waiting is not None:
            return waiting
    job = Job.objects.create(
        kind=kind,
        params=params,
        created_by=user if getattr(user, "pk", None) else None,
        schedule=schedule,
        stage="queued",
    )
    send(job.pk)
    return job


def send(job_id: int, *, delay: float | None = None) -> None:
    """Put the job's id on the queue (after the current transaction commits)."""
    from laoke.jobs.tasks import run_job

    if queue.HUEY.immediate:
        if not delay:  # inline; a job waiting for a lock stays queued (nothing runs beside it)
            run_job(job_id)
        return

    def enqueue() -> None:
        if delay:
            run_job.schedule((job_id,), delay=delay)
        else:
            run_job(job_id)

    transaction.on_commit(enqueue)


def latest(kind: str, **params: Any) -> Job | None:
    """The newest job of ``kind`` whose parameters include ``params``."""
    jobs = Job.objects.filter(kind=kind)
    for key, value in params.items():
        jobs = jobs.filter(**{f"params__{key}": value})
    return jobs.order_by("-queued_at", "-id").first()


def unfinished(kind: str) -> Job | None:
    """The newest queued or running job of ``kind``."""
    return (
        Job.objects.filter(kind=kind, state__in=[Job.State.QUEUED, Job.State.RUNNING])
        .order_by("-queued_at", "-id")
        .first()
    )
