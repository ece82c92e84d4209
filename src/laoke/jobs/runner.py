"""Run one job row: claim it, keep its heartbeat and live progress, record the result or the failure.

The queue delivers a job id; :func:`execute` claims the row with a conditional update (a row that
is not ``queued`` any more is left alone, so two workers never run the same job), then calls the
kind's handler. A heartbeat thread stores a timestamp in the queue's key/value store every few
seconds while the handler runs; :mod:`laoke.jobs.reaper` requeues or fails a ``running`` row whose
heartbeat has stopped (its worker was killed). A handler's own writes are one transaction, or
resumable (mail sync), so a killed worker leaves nothing half-written.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import F
from django.dispatch import Signal
from django.utils import timezone

from laoke.jobs import queue
from laoke.jobs.models import Job

log = logging.getLogger(__name__)

#: Sent (``kind=``, ``result=``) in the worker once a job is done and recorded: an app that keeps
#: figures of the book (the customer list's table) builds them ahead for the book the job left.
job_done = Signal()

#: Sent once by a worker that starts (``laoke worker``, hence ``laoke serve`` and ``make run``), in a
#: thread of its own while the worker takes jobs: an app builds ahead what it keeps of the book as
#: it is now, changed since by a command (``laoke score``, ``laoke import``) rather than by a job.
worker_started = Signal()


def announce_start() -> threading.Thread:
    """Send :data:`worker_started` in a thread of its own (its receivers' failures logged, not
    raised: the worker runs jobs all the same) and return the thread."""

    def send() -> None:
        from django.db import connection

        started = time.perf_counter()
        try:
            worker_started.send(sender=None)
            log.info("ready: the book's figures built ahead in %.1f s", time.perf_counter() - started)
        except Exception:
            log.exception("after the worker started")
        finally:
            connection.close()

    thread = threading.Thread(target=send, name="laoke-worker-started", daemon=True)
    thread.start()
    return thread


#: Seconds between two heartbeats of a running job.
BEAT_SECONDS = 3.0


class Retry(Exception):
    """Raised by a handler whose lock is held: the job goes back to the queue without an attempt."""


class JobFailed(Exception):
    """Raised by a handler to fail the job for good with a reason (no retry helps)."""

    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


@dataclass
class Reporter:
    """What a handler tells about its progress; stored live (never inside the handler's transaction)."""

    job: Job
    stage: str = ""
    percent: int = 0
    done: int = 0
    total: int = 0
    _last: float = field(default=0.0, repr=False)

    def __call__(self, stage: str, percent: int | None = None, *, done: int = 0, total: int = 0) -> None:
        """Report the stage, a percent and rows done of total (the percent follows rows when given)."""
        self.stage = stage
        self.done, self.total = done, total
        if total:
            percent = min(99, 100 * done // total)
        if percent is not None:
            self.percent = max(0, min(100, percent))
        now = time.monotonic()
        if now - self._last >= 0.2 or done == total:
            self._last = now
            self.beat()

    def beat(self) -> None:
        """Store the figures and a fresh heartbeat."""
        queue.write_live(
            self.job.pk, stage=self.stage, percent=self.percent, done=self.done, total=self.total
        )


Handler = Callable[[Job, Reporter], dict[str, Any]]

#: kind -> handler, filled by the apps' ``job_handlers`` modules (see :mod:`laoke.jobs.handling`).
HANDLERS: dict[str, Handler] = {}


def handler(kind: str) -> Callable[[Handler], Handler]:
    """Register the function that runs jobs of ``kind``."""

    def register(fn: Handler) -> Handler:
        HANDLERS[kind] = fn
        return fn

    return register


def worker_name() -> str:
    """This process as it is named on job rows: host:pid."""
    return f"{socket.gethostname()}:{os.getpid()}"


def claim(job_id: int) -> Job | None:
    """Mark a queued job running (one more attempt) and return it; None when it is not queued."""
    now = timezone.now()
    claimed = Job.objects.filter(pk=job_id, state=Job.State.QUEUED).update(
        state=Job.State.RUNNING,
        attempts=F("attempts") + 1,
        started_at=now,
        finished_at=None,
        worker=worker_name()[:200],
        stage="",
        percent=0,
    )
    if not claimed:
        return None
    job = Job.objects.get(pk=job_id)
    queue.write_live(job_id, stage="", percent=0, done=0, total=0)
    return job


def execute(job_id: int) -> str:
    """Run the job ``job_id`` if it is still queued; return what became of it (its new state).

    Raises the handler's exception when the job will be tried again (the queue retries it).
    """
    job = claim(job_id)
    if job is None:
        return "skipped"
    log.info("job %s (%s) started, attempt %s", job_id, job.kind, job.attempts)
    run = HANDLERS.get(job.kind)
    reporter = Reporter(job)
    stop = threading.Event()
    beats = threading.Thread(target=_beat, args=(reporter, stop), name=f"laoke-beat-{job_id}", daemon=True)
    if not queue.HUEY.immediate:
        beats.start()
    try:
        if run is None:
            raise JobFailed("unknown_kind", error=job.kind)
        result = run(job, reporter)
    except Retry:
        Job.objects.filter(pk=job_id, state=Job.State.RUNNING).update(
            state=Job.State.QUEUED, stage="waiting", attempts=F("attempts") - 1, worker=""
        )
        return "waiting"
    except JobFailed as exc:
        _finish(job, Job.State.FAILED, error_code=exc.code, error_params=exc.params)
        return "failed"
    except Exception as exc:
        log.exception("job %s (%s) failed", job_id, job.kind)
        params = {"error": f"{type(exc).__name__}: {exc}"[:1000]}
        if job.attempts >= job.max_attempts:
            _finish(job, Job.State.FAILED, error_code="exception", error_params=params)
            return "failed"
        Job.objects.filter(pk=job_id, state=Job.State.RUNNING).update(
            state=Job.State.QUEUED, stage="retrying", error_code="exception", error_params=params, worker=""
        )
        raise
    finally:
        stop.set()
        if beats.is_alive():
            beats.join(timeout=BEAT_SECONDS * 2)
    _finish(job, Job.State.DONE, result=result)
    try:
        job_done.send(sender=None, kind=job.kind, result=result)
    except Exception:  # a receiver's own work (a cache warmed ahead): the job is done all the same
        log.exception("after job %s (%s)", job_id, job.kind)
    return "done"


def _beat(reporter: Reporter, stop: threading.Event) -> None:
    while not stop.wait(BEAT_SECONDS):
        try:
            reporter.beat()
        except Exception:  # the store is busy: the next beat will do
            log.warning("heartbeat of job %s failed", reporter.job.pk, exc_info=True)


def _finish(job: Job, state: str, **fields: Any) -> None:
    """Record the end of a running job (only this attempt's row: a reaped job is left alone)."""
    done = state == Job.State.DONE
    Job.objects.filter(pk=job.pk, state=Job.State.RUNNING, attempts=job.attempts).update(
        state=state,
        finished_at=timezone.now(),
        stage="",
        percent=100 if done else F("percent"),
        **({"error_code": "", "error_params": {}} if done else {}),
        **fields,
    )
    queue.forget_live(job.pk)
