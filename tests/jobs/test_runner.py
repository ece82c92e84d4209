"""Job rows: claim, progress, done, retries, the three-attempt limit, lock waits, the reaper."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from laoke.jobs import queue, reaper, runner
from laoke.jobs.models import Job
from laoke.jobs.runner import JobFailed, Reporter, execute
from laoke.jobs.services import queue_job

pytestmark = pytest.mark.django_db


@pytest.fixture
def handlers(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """A private handler table for the test."""
    table: dict[str, Any] = {}
    monkeypatch.setattr(runner, "HANDLERS", table)
    return table


def _queued(kind: str = "test", **fields: Any) -> Job:
    return Job.objects.create(kind=kind, **fields)


def test_a_job_runs_once_and_keeps_its_result(handlers: dict[str, Any]) -> None:
    """It claims the queued row, runs the handler once, stores the result; a second delivery is skipped."""
    calls = []

    def work(job: Job, report: Reporter) -> dict[str, Any]:
        calls.append(job.pk)
        report("writing", done=5, total=10)
        assert queue.read_live(job.pk)["percent"] == 50
        return {"rows": 10}

    handlers["test"] = work
    job = _queued()
    assert execute(job.pk) == "done"
    assert execute(job.pk) == "skipped"
    job.refresh_from_db()
    assert calls == [job.pk]
    assert (job.state, job.attempts, job.result, job.percent) == ("done", 1, {"rows": 10}, 100)
    assert job.started_at is not None and job.finished_at is not None
    assert queue.read_live(job.pk) is None


def test_a_failing_job_is_retried_then_fails_with_its_reason_after_three_attempts(
    handlers: dict[str, Any],
) -> None:
    """Attempts one and two raise (the queue retries), the third records the failure for good."""

    def broken(job: Job, report: Reporter) -> dict[str, Any]:
        raise ValueError("bad data")

    handlers["test"] = broken
    job = _queued()
    for attempt in (1, 2):
        with pytest.raises(ValueError):
            execute(job.pk)
        job.refresh_from_db()
        assert (job.state, job.attempts, job.stage) == ("queued", attempt, "retrying")
    assert execute(job.pk) == "failed"
    job.refresh_from_db()
    assert (job.state, job.attempts, job.error_code) == ("failed", 3, "exception")
    assert "bad data" in job.error_params["error"]


def test_a_job_failed_by_its_handler_is_not_retried(handlers: dict[str, Any]) -> None:
    """JobFailed ends the job at once with its code and parameters."""

    def refuse(job: Job, report: Reporter) -> dict[str, Any]:
        raise JobFailed("message", en="Row 3: bad date", zh="第 3 行：日期有误")

    handlers["test"] = refuse
    job = _queued()
    assert execute(job.pk) == "failed"
    job.refresh_from_db()
    assert (job.attempts, job.error_params["en"]) == (1, "Row 3: bad date")


def test_a_held_book_lock_sends_the_score_job_back_to_wait() -> None:
    """While another re-score holds the book lock the job waits, without using an attempt."""
    lock = queue.lock(queue.BOOK_LOCK)
    lock.acquire()
    try:
        job = queue_job("score")
        job.refresh_from_db()
        assert (job.state, job.stage, job.attempts) == ("queued", "waiting", 0)
    finally:
        lock.clear()


def test_the_same_waiting_job_is_not_queued_twice() -> None:
    """Queueing a re-score while one waits returns the waiting one."""
    lock = queue.lock(queue.BOOK_LOCK)
    lock.acquire()
    try:
        first = queue_job("score")
        assert queue_job("score").pk == first.pk
    finally:
        lock.clear()
    assert Job.objects.filter(kind="score").count() == 1


def test_the_reaper_requeues_a_job_without_heartbeat_and_fails_it_after_three_attempts(
    handlers: dict[str, Any],
) -> None:
    """A running row without heartbeat is requeued (and runs), or fails on its third attempt."""
    handlers["test"] = lambda job, report: {"ok": True}
    old = timezone.now() - dt.timedelta(minutes=5)
    lost = _queued(state="running", attempts=1, started_at=old)
    used_up = _queued(state="running", attempts=3, started_at=old)
    beating = _queued(state="running", attempts=1, started_at=old)
    queue.write_live(beating.pk, stage="scoring", percent=20)
    assert sorted(reaper.reap(lease=60)) == sorted([lost.pk, used_up.pk])
    lost.refresh_from_db()
    used_up.refresh_from_db()
    beating.refresh_from_db()
    assert (lost.state, lost.attempts, lost.error_code) == ("done", 2, "")  # requeued and run inline
    assert (used_up.state, used_up.error_code) == ("failed", "worker_lost")
    assert beating.state == "running"


def test_the_reaper_releases_the_book_lock_of_a_dead_rescore() -> None:
    """A re-score whose worker died leaves the book lock free for the next one."""
    lock = queue.lock(queue.BOOK_LOCK)
    lock.acquire()
    _queued(kind="score", state="running", attempts=3, started_at=timezone.now() - dt.timedelta(minutes=5))
    reaper.reap(lease=60)
    assert not lock.is_locked()


def test_the_reaper_releases_the_mailbox_lock_of_a_dead_sync() -> None:
    """A mail sync whose worker died frees its mailbox's lock (the retried sync would wait forever)."""
    lock = queue.lock("mailbox-7")
    other = queue.lock("mailbox-8")
    lock.acquire()
    other.acquire()
    try:
        old = timezone.now() - dt.timedelta(minutes=5)
        _queued(kind="mailbox", params={"account": 7}, state="running", attempts=3, started_at=old)
        reaper.reap(lease=60)
        assert not lock.is_locked()
        assert other.is_locked()  # another mailbox's sync is left alone
    finally:
        lock.clear()
        other.clear()
