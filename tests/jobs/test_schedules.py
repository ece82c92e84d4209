"""Schedules: shipped defaults, next runs in the company's time zone, each due run queued once."""

from __future__ import annotations

import datetime as dt
import json
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.utils import timezone

from laoke.jobs import schedules
from laoke.jobs.models import Job, Schedule

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


def test_next_run_daily_and_every_minutes_in_the_company_time_zone() -> None:
    """Daily at 02:00 local: today when still ahead, else tomorrow; every 10 minutes: the next tenth."""
    with timezone.override(SHANGHAI):
        nightly = Schedule(kind="score", daily_at=dt.time(2, 0))
        early = dt.datetime(2026, 3, 1, 1, 30, tzinfo=SHANGHAI)
        late = dt.datetime(2026, 3, 1, 2, 0, tzinfo=SHANGHAI)
        assert schedules.next_run(nightly, after=early) == dt.datetime(2026, 3, 1, 2, 0, tzinfo=SHANGHAI)
        assert schedules.next_run(nightly, after=late) == dt.datetime(2026, 3, 2, 2, 0, tzinfo=SHANGHAI)
        mail = Schedule(kind="mail", every_minutes=10)
        at = dt.datetime(2026, 3, 1, 9, 47, 12, tzinfo=SHANGHAI)
        assert schedules.next_run(mail, after=at) == dt.datetime(2026, 3, 1, 9, 50, tzinfo=SHANGHAI)
        assert schedules.next_run(Schedule(kind="x", enabled=False, every_minutes=5), after=at) is None


def test_a_due_schedule_is_queued_once_and_moves_on() -> None:
    """The first tick sets the next runs; a due one is queued once, however often the tick runs."""
    now = timezone.now()
    schedules.queue_due(now=now)
    assert set(Schedule.objects.values_list("kind", flat=True)) == {"score", "pool", "agenda", "mail"}
    Schedule.objects.filter(kind="pool").update(next_run_at=now - dt.timedelta(minutes=1))
    assert schedules.queue_due(now=now) == ["pool"]
    assert schedules.queue_due(now=now) == []
    pool = Job.objects.get(kind="pool")
    assert (pool.schedule, pool.state) == ("pool", "done")
    assert Schedule.objects.get(kind="pool").next_run_at > now


def test_laoke_jobs_json_lists_the_schedules_and_jobs() -> None:
    """laoke jobs --json names the nightly re-score, agenda, mail sync and pool return with next runs."""
    call_command("jobs", "run", "pool", stdout=StringIO())
    out = StringIO()
    call_command("jobs", "--json", stdout=out)
    data = json.loads(out.getvalue())
    names = {row["name"]: row for row in data["scheduled"]}
    assert set(names) == {"score", "agenda", "mail", "pool"}
    assert all(row["next_run"] for row in names.values())
    assert data["jobs"][0]["name"] == "pool" and data["jobs"][0]["state"] == "done"
    assert data["jobs"][0]["progress"] == 100
