"""The Jobs page: managers only; Run now, schedules, one job's card for its author or a manager."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from laoke.accounts.models import RoleChoices, User
from laoke.jobs.models import Job, Schedule

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager(client: Client) -> User:
    """A manager logged in, in English."""
    user = User.objects.create_user("boss", password="pw", role=RoleChoices.MANAGER)
    client.force_login(user)
    client.cookies["django_language"] = "en"
    return user


def test_a_salesperson_may_not_open_the_jobs_page(client: Client) -> None:
    """A salesperson gets 403 on the page and on Run now."""
    client.force_login(User.objects.create_user("sales", password="pw", role=RoleChoices.SALESPERSON))
    assert client.get(reverse("jobs")).status_code == 403
    assert client.post(reverse("job_run", args=["score"])).status_code == 403


def test_run_now_queues_the_job_and_the_page_lists_it_with_the_schedules(
    client: Client, manager: User
) -> None:
    """Run now queues (here: runs) a pool return; the page shows it done and the four schedules."""
    response = client.post(reverse("job_run", args=["pool"]))
    assert response.status_code == 302
    job = Job.objects.get(kind="pool")
    assert (job.state, job.created_by) == ("done", manager)
    page = client.get(reverse("jobs")).content.decode()
    assert 'data-job="pool"' in page and "customers returned to the shared pool" in page
    for kind in ("score", "agenda", "mail", "pool"):
        assert f'data-schedule="{kind}"' in page
    assert client.post(reverse("job_run", args=["nonsense"])).status_code == 404


def test_a_schedule_can_be_moved_and_switched_off(client: Client, manager: User) -> None:
    """Saving 01:30 moves the nightly re-score; unticking 'on' switches mail sync off."""
    client.get(reverse("jobs"))
    client.post(reverse("schedule_save", args=["score"]), {"enabled": "on", "daily_at": "01:30"})
    score = Schedule.objects.get(kind="score")
    assert score.daily_at is not None and score.daily_at.strftime("%H:%M") == "01:30"
    assert score.next_run_at is not None
    client.post(reverse("schedule_save", args=["mail"]), {"every_minutes": "10"})
    assert Schedule.objects.get(kind="mail").enabled is False
    page = client.get(reverse("jobs")).content.decode()
    assert "daily at 01:30" in page


def test_a_failed_job_says_why_in_the_users_language(client: Client, manager: User) -> None:
    """A job that failed three times shows its reason, in English and in Chinese."""
    job = Job.objects.create(
        kind="score", state="failed", attempts=3, error_code="worker_lost", error_params={"attempt": 3}
    )
    card = client.get(reverse("job_card", args=[job.pk])).content.decode()
    assert "The worker running it stopped (attempt 3 of 3)." in card and 'data-state="failed"' in card
    client.cookies["django_language"] = "zh-hans"
    assert "后台进程已停止" in client.get(reverse("job_card", args=[job.pk])).content.decode()


def test_a_job_card_is_for_its_author_or_a_manager(client: Client) -> None:
    """A salesperson sees the card of a job they started, not one a colleague started."""
    mine = User.objects.create_user("s1", password="pw", role=RoleChoices.SALESPERSON)
    other = User.objects.create_user("s2", password="pw", role=RoleChoices.SALESPERSON)
    own = Job.objects.create(kind="mailbox", created_by=mine)
    theirs = Job.objects.create(kind="mailbox", created_by=other)
    client.force_login(mine)
    assert client.get(reverse("job_card", args=[own.pk])).status_code == 200
    assert client.get(reverse("job_card", args=[theirs.pk])).status_code == 404
