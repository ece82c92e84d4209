"""Find running jobs whose worker died (no heartbeat for ``lease`` seconds): requeue or fail them.

Called every minute by the worker's ``tick`` and when a worker starts. A job that has used its
attempts ends ``failed`` with the reason; the others go back to the queue. The book lock a dead
re-score held is released, and so is the lock of the mailbox a dead mail sync was reading.
"""

from __future__ import annotations

import datetime as dt
import os
import time

from django.utils import timezone

from laoke.jobs import queue
from laoke.jobs.models import Job
from laoke.jobs.services import send

#: Kinds that hold the book lock while they run.
BOOK_KINDS = frozenset({"score", "agenda"})


def lease_seconds() -> float:
    """How long a running job may go without a heartbeat (LAOKE_JOB_LEASE_SECONDS, default 60)."""
    return float(os.environ.get("LAOKE_JOB_LEASE_SECONDS", "60"))


def reap(*, lease: float | None = None) -> list[int]:
    """Requeue or fail the running jobs without a recent heartbeat; return their ids."""
    lease = lease_seconds() if lease is None else lease
    now = time.time()
    started_before = timezone.now() - dt.timedelta(seconds=lease)
    reaped = []
    for job in Job.objects.filter(state=Job.State.RUNNING, started_at__lt=started_before):
        live = queue.read_live(job.pk)
        if live is not None and now - float(live.get("beat", 0)) < lease:
            continue
        params = {"attempt": job.attempts}
        mine = Job.objects.filter(pk=job.pk, state=Job.State.RUNNING, attempts=job.attempts)
        if job.attempts >= job.max_attempts:
            changed = mine.update(
                state=Job.State.FAILED,
                finished_at=timezone.now(),
                error_code="worker_lost",
                error_params=params,
                stage="",
            )
        else:
            changed = mine.update(
                state=Job.State.QUEUED,
                stage="retrying",
                error_code="worker_lost",
                error_params=params,
                worker="",
            )
            if changed:
                send(job.pk)
        if not changed:
            continue
        queue.forget_live(job.pk)
        if job.kind in BOOK_KINDS and not _book_job_alive(lease):
            queue.clear_lock(queue.BOOK_LOCK)
        if job.kind == "mailbox" and not _mailbox_job_alive(job.params.get("account"), lease):
            queue.clear_lock(f"mailbox-{job.params.get('account')}")
        reaped.append(job.pk)
    return reaped


def _book_job_alive(lease: float) -> bool:
    """Whether another job holding the book lock still beats."""
    now = time.time()
    for job in Job.objects.filter(state=Job.State.RUNNING, kind__in=BOOK_KINDS):
        live = queue.read_live(job.pk)
        if live is not None and now - float(live.get("beat", 0)) < lease:
            return True
    return False


def _mailbox_job_alive(account: object, lease: float) -> bool:
    """Whether another sync of the mailbox ``account`` still beats (it holds the mailbox's lock)."""
    now = time.time()
    for job in Job.objects.filter(state=Job.State.RUNNING, kind="mailbox", params__account=account):
        live = queue.read_live(job.pk)
        if live is not None and now - float(live.get("beat", 0)) < lease:
            return True
    return False
