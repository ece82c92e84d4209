"""Agenda stamps: any write to a person's tasks, by any path, gives their stamp a new value."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.utils import timezone

from laoke.accounts.models import User
from laoke.retention.models import AgendaStamp, Task, TaskStatusChoices
from tests.web import factories as f

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "sqlite",
        reason="the stamps are SQLite's (retention 0012); PostgreSQL logs changes (0013)",
    ),
]


def _stamps() -> dict[int, int]:
    return dict(AgendaStamp.objects.values_list("assignee_key", "stamp"))


@pytest.fixture
def li() -> User:
    return f.user("li")


def test_the_database_has_a_stamp_of_its_own() -> None:
    """Migration 0012 stamps the database, so two books never share a stamp."""
    assert AgendaStamp.DATABASE_KEY in _stamps()


def test_insert_update_and_delete_each_change_the_assignees_stamp(li: User) -> None:
    """A task added, changed by a plain SQL UPDATE, updated in bulk or deleted: a new stamp each time."""
    wang = f.user("wang")
    f.task(f.customer(owner=wang), wang, timezone.localdate())
    seen = [_stamps()[li.pk]] if li.pk in _stamps() else []
    task = f.task(f.customer(owner=li), li, timezone.localdate())
    seen.append(_stamps()[li.pk])
    wang_before = _stamps()[wang.pk]
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE retention_task SET status = %s WHERE id = %s", [TaskStatusChoices.DONE, task.pk]
        )
    seen.append(_stamps()[li.pk])
    Task.objects.filter(pk=task.pk).update(due_on=timezone.localdate() + dt.timedelta(days=3))
    seen.append(_stamps()[li.pk])
    Task.objects.filter(pk=task.pk).delete()
    seen.append(_stamps()[li.pk])
    assert len(set(seen)) == len(seen)
    assert _stamps()[wang.pk] == wang_before  # another person's stamp is left alone


def test_a_task_handed_over_changes_both_peoples_stamps(li: User) -> None:
    """Moving a task to another person changes the stamps of the one who had it and the one who gets it."""
    wang = f.user("wang")
    task = f.task(f.customer(owner=li), li, timezone.localdate())
    f.task(f.customer(owner=wang), wang, timezone.localdate())
    before = _stamps()
    Task.objects.filter(pk=task.pk).update(assignee=wang)
    after = _stamps()
    assert after[li.pk] != before[li.pk] and after[wang.pk] != before[wang.pk]
