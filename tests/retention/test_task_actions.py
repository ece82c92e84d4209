"""Task actions taken on copies read before someone else changed the task keep that change."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from laoke.retention.models import Task, TaskStatusChoices
from laoke.retention.services.tasks import TaskActionError, add_task_note, complete_task, snooze_task
from tests.web import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def task() -> Task:
    """An open task of a salesperson's customer."""
    sales = f.user("sales1")
    return f.task(f.customer(owner=sales), sales, timezone.localdate())


def _copy(task: Task) -> Any:
    return Task.objects.get(pk=task.pk)


def test_two_notes_on_copies_read_at_the_same_time_are_both_kept(task: Task) -> None:
    """Two requests that read the task before either wrote: both lines are stored, in order."""
    first, second = _copy(task), _copy(task)
    add_task_note(task=first, note="called the buyer")
    add_task_note(task=second, note="sent the price list")
    task.refresh_from_db()
    assert task.note == "called the buyer\nsent the price list"
    assert second.note == task.note


def test_completing_a_stale_copy_keeps_the_note_added_meanwhile(task: Task) -> None:
    """Done with a note, on a copy read before another note was added: both notes are stored."""
    stale = _copy(task)
    add_task_note(task=_copy(task), note="left a voicemail")
    complete_task(task=stale, note="order promised")
    task.refresh_from_db()
    assert task.status == TaskStatusChoices.DONE
    assert task.note == "left a voicemail\norder promised"


def test_a_task_done_meanwhile_is_not_snoozed_back(task: Task) -> None:
    """Snoozing a copy read before the task was marked done is refused; the task stays done."""
    stale = _copy(task)
    complete_task(task=_copy(task))
    with pytest.raises(TaskActionError):
        snooze_task(task=stale, days=7, today=timezone.localdate())
    task.refresh_from_db()
    assert task.status == TaskStatusChoices.DONE
    assert task.snoozed_until is None
    assert stale.status == TaskStatusChoices.DONE


def test_a_task_completed_twice_at_once_is_refused_the_second_time(task: Task) -> None:
    """Two stale copies marked done: the second is told the task is already closed."""
    first, second = _copy(task), _copy(task)
    complete_task(task=first, note="first")
    with pytest.raises(TaskActionError):
        complete_task(task=second, note="second")
    task.refresh_from_db()
    assert task.note == "first"


@pytest.mark.parametrize(
    ("stored", "added", "expected"),
    [
        ("", "  first line ", "first line"),
        (" \n\t", "first line", "first line"),
        ("earlier  \n\n", "\tlater\n", "earlier\nlater"),
        ("日 1", "客户回复了", "日 1\n客户回复了"),
    ],
)
def test_note_lines_are_trimmed_and_joined_by_one_newline(
    task: Task, stored: str, added: str, expected: str
) -> None:
    """The appended line loses its outer blanks, the stored note its trailing ones."""
    Task.objects.filter(pk=task.pk).update(note=stored)
    add_task_note(task=task, note=added)
    task.refresh_from_db()
    assert task.note == expected


def test_an_empty_note_is_refused(task: Task) -> None:
    """A blank note is refused and the stored note is unchanged."""
    Task.objects.filter(pk=task.pk).update(note="kept")
    with pytest.raises(TaskActionError):
        add_task_note(task=task, note=" \n ")
    task.refresh_from_db()
    assert task.note == "kept"
