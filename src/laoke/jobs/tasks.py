"""The Huey tasks: ``run_job`` (one job row) and ``tick`` (every minute: schedules and the reaper).

Huey's consumer (``laoke worker``) imports this module; nothing else defines tasks.
"""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from laoke.jobs import runner  # the apps' ``job_handlers`` register their kinds in ``ready()``

#: Seconds before a job whose lock is held looks again.
LOCK_WAIT_SECONDS = 2.0
#: Attempts per job are counted on the row (``Job.max_attempts``); Huey re-delivers a failed one.
RETRY_DELAY_SECONDS = 5


@db_task(retries=2, retry_delay=RETRY_DELAY_SECONDS)
def run_job(job_id: int) -> None:
    """Run one job row; wait and come back when the lock it needs is held."""
    from laoke.jobs.services import send

    if runner.execute(job_id) == "waiting":
        send(job_id, delay=LOCK_WAIT_SECONDS)


@db_periodic_task(crontab(minute="*"))
def tick() -> None:
    """Every minute: queue the scheduled jobs that are due, requeue or fail jobs whose worker died."""
    from laoke.jobs import reaper, schedules

    reaper.reap()
    schedules.queue_due()
