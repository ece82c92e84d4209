"""Today: the agenda groups and the one-click task actions."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from laoke.accounts.models import User
from laoke.retention.models import TaskStatusChoices
from laoke.retention.services.tasks import build_agenda
from tests.web import factories as f

pytestmark = pytest.mark.django_db
HX = {"HTTP_HX_REQUEST": "true"}


def test_agenda_groups_overdue_today_and_upcoming_by_priority(sales: User, other_sales: User) -> None:
    """It sorts the user's open tasks into groups, highest priority first, and leaves out others."""
    today = dt.date(2025, 3, 10)
    cust = f.customer(owner=sales)
    late = f.task(cust, sales, today - dt.timedelta(days=2), priority=1)
    later_but_urgent = f.task(cust, sales, today - dt.timedelta(days=1), priority=9)
    due = f.task(cust, sales, today)
    soon = f.task(cust, sales, today + dt.timedelta(days=7))
    f.task(cust, sales, today + dt.timedelta(days=8))  # beyond the week
    f.task(cust, other_sales, today)
    f.task(cust, sales, today, status=TaskStatusChoices.DONE)
    agenda = build_agenda(today=today, assignee=sales)
    assert agenda.overdue == [later_but_urgent, late]
    assert agenda.today == [due]
    assert agenda.upcoming == [soon]


def test_today_page_shows_the_task_in_both_languages(sales_client: Client, sales: User) -> None:
    """It shows title, reason and customer in English, then in Chinese."""
    cust = f.customer("Osaka Trading", owner=sales)
    f.task(cust, sales, timezone.localdate(), title_en="Call about samples", title_zh="打电话确认样品")
    html = sales_client.get("/").content.decode()
    assert "Call about samples" in html and "Osaka Trading" in html and "Your list for today" in html
    sales_client.cookies["django_language"] = "zh-hans"
    html = sales_client.get("/").content.decode()
    assert "打电话确认样品" in html and "今日清单" in html


def test_today_page_empty_state(sales_client: Client, sales: User) -> None:
    """It says there is nothing due when the agenda of a book with customers is empty."""
    f.customer(owner=sales)
    assert b"Nothing due" in sales_client.get("/").content


def test_manager_sees_everyone_or_picks_a_salesperson(
    manager_client: Client, sales: User, other_sales: User
) -> None:
    """It shows all tasks to a manager, and one salesperson's when picked."""
    today = timezone.localdate()
    f.task(f.customer(owner=sales), sales, today, title_en="Task of Li")
    f.task(f.customer(owner=other_sales), other_sales, today, title_en="Task of Wang")
    html = manager_client.get("/").content.decode()
    assert "Task of Li" in html and "Task of Wang" in html
    html = manager_client.get(f"/?who={other_sales.pk}").content.decode()
    assert "Task of Li" not in html and "Task of Wang" in html


def test_done_closes_the_task_and_returns_its_row(sales_client: Client, sales: User) -> None:
    """It marks the task done via htmx and answers with the updated row."""
    task = f.task(f.customer(owner=sales), sales, timezone.localdate())
    response = sales_client.post(f"/tasks/{task.pk}/done/", **HX)
    task.refresh_from_db()
    assert task.status == TaskStatusChoices.DONE and task.done_at is not None
    assert f'id="task-{task.pk}"' in response.content.decode()
    assert "task-closed" in response.content.decode()


def test_snooze_moves_the_task_to_a_later_group(sales_client: Client, sales: User) -> None:
    """It snoozes for a week: the task leaves today's group and comes back in seven days."""
    today = timezone.localdate()
    task = f.task(f.customer(owner=sales), sales, today)
    assert sales_client.post(f"/tasks/{task.pk}/snooze/", {"days": "7"}, **HX).status_code == 200
    task.refresh_from_db()
    assert task.status == TaskStatusChoices.SNOOZED
    assert task.snoozed_until == today + dt.timedelta(days=7)
    agenda = build_agenda(today=today, assignee=sales)
    assert agenda.today == [] and agenda.upcoming == [task]
    assert build_agenda(today=today + dt.timedelta(days=7), assignee=sales).today == [task]


def test_snooze_rejects_other_durations(sales_client: Client, sales: User) -> None:
    """It refuses a snooze that is neither one day nor one week."""
    task = f.task(f.customer(owner=sales), sales, timezone.localdate())
    assert sales_client.post(f"/tasks/{task.pk}/snooze/", {"days": "30"}, **HX).status_code == 400


def test_note_is_appended(sales_client: Client, sales: User) -> None:
    """It appends the note to the task and shows it in the row."""
    task = f.task(f.customer(owner=sales), sales, timezone.localdate(), note="first")
    response = sales_client.post(f"/tasks/{task.pk}/note/", {"note": "left a voicemail"}, **HX)
    task.refresh_from_db()
    assert task.note == "first\nleft a voicemail"
    assert "left a voicemail" in response.content.decode()


def test_salesperson_cannot_act_on_anothers_task(sales_client: Client, other_sales: User) -> None:
    """It answers 404 and leaves someone else's task open."""
    task = f.task(f.customer(owner=other_sales), other_sales, timezone.localdate())
    assert sales_client.post(f"/tasks/{task.pk}/done/", **HX).status_code == 404
    task.refresh_from_db()
    assert task.status == TaskStatusChoices.OPEN


def test_actions_need_post(sales_client: Client, sales: User) -> None:
    """It refuses GET on an action URL."""
    task = f.task(f.customer(owner=sales), sales, timezone.localdate())
    assert sales_client.get(f"/tasks/{task.pk}/done/").status_code == 405
