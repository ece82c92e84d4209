"""Task services: the salesperson's agenda and the one-click actions on a task.

Plain functions with keyword-only arguments; they never commit on their own (the caller owns
the transaction). A snoozed task keeps its original ``due_on`` and comes back on
``snoozed_until``, so the agenda groups it by that date.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Case, F, Func, Q, QuerySet, TextField, Value, When
from django.db.models.functions import Concat
from django.db.models.lookups import Exact
from django.utils import timezone

from laoke.retention.models import Task, TaskStatusChoices

#: How far ahead the agenda looks for upcoming tasks.
UPCOMING_DAYS = 7
#: Kinds of open tasks the agenda shows however far off they are due: an open complaint stays in
#: view until it is resolved.
ALWAYS_SHOWN_KINDS = ("complaint",)
SCORE_FIELDS_NOT_SHOWN = ("dimensions", "reasons", "treatment_en", "treatment_zh")
CLOSED = (TaskStatusChoices.DONE, TaskStatusChoices.CANCELLED)
#: Trailing characters dropped from a note before a line is appended (Python's ``rstrip`` set in ASCII).
BLANKS = " \t\n\r\x0b\x0c"


class TaskActionError(ValueError):
    """The task cannot take this action (for example it is already done)."""


@dataclass
class Agenda:
    """A user's open tasks, grouped by urgency; each group ordered by priority (highest first)."""

    overdue: list[Task] = field(default_factory=list)
    today: list[Task] = field(default_factory=list)
    upcoming: list[Task] = field(default_factory=list)
    hidden: dict[str, int] = field(default_factory=dict)  # group → tasks left out by the limit

    @property
    def total(self) -> int:
        """Number of tasks in all groups (those left out by a limit included)."""
        return len(self.overdue) + len(self.today) + len(self.upcoming) + sum(self.hidden.values())


def active_tasks(
    *, assignee: Any | None = None, tasks: QuerySet[Task, Any] | None = None
) -> QuerySet[Task, Any]:
    """Open and snoozed tasks (of ``tasks``, every task by default) annotated with ``effective_due``
    (the snooze date when snoozed)."""
    qs = (Task.objects.all() if tasks is None else tasks).filter(
        status__in=[TaskStatusChoices.OPEN, TaskStatusChoices.SNOOZED]
    )
    if assignee is not None:
        qs = qs.filter(assignee=assignee)
    return qs.annotate(
        effective_due=Case(
            When(
                Q(status=TaskStatusChoices.SNOOZED) & Q(snoozed_until__isnull=False),
                then=F("snoozed_until"),
            ),
            default=F("due_on"),
        )
    )


def agenda_tasks(
    *,
    today: dt.date,
    assignee: Any | None = None,
    scope: QuerySet[Task, Any] | None = None,
    kind: str = "",
) -> QuerySet[Task, Any]:
    """Active tasks due by ``today`` + seven days, and open tasks of :data:`ALWAYS_SHOWN_KINDS`.

    ``assignee=None`` means every salesperson's tasks (the manager's view); ``scope`` limits them to
    the tasks the viewer may see (``laoke.retention.permissions.visible_tasks``); ``kind`` keeps one kind.
    """
    horizon = today + dt.timedelta(days=UPCOMING_DAYS)
    always = Q(kind__in=ALWAYS_SHOWN_KINDS, status=TaskStatusChoices.OPEN)
    # The scope's conditions join the same WHERE: ``pk IN (every task the viewer may see)`` made
    # SQLite list all of a salesperson's tasks, closed ones too, for each agenda query.
    qs = active_tasks(assignee=assignee, tasks=scope).filter(Q(effective_due__lte=horizon) | always)
    if kind:
        qs = qs.filter(kind=kind)
    return qs


def build_agenda(
    *,
    today: dt.date,
    assignee: Any | None = None,
    scope: QuerySet[Task, Any] | None = None,
    kind: str = "",
    limit: int | None = None,
) -> Agenda:
    """The agenda as of ``today``: overdue, due today and due in the next seven days.

    ``assignee=None`` means every salesperson's tasks (the manager's view); see :func:`agenda_tasks`.
    With ``limit``, each group keeps its ``limit`` most urgent tasks and counts the rest in ``hidden``.
    """
    tasks = (
        agenda_tasks(today=today, assignee=assignee, scope=scope, kind=kind)
        .select_related("customer", "customer__score", "assignee")
        # The agenda shows the grade only: the scorecard's JSON and texts stay in the database.
        .defer(*(f"customer__score__{name}" for name in SCORE_FIELDS_NOT_SHOWN), "customer__notes")
        .order_by("-priority", "effective_due", "pk")
    )
    agenda = Agenda()
    if limit is not None:
        groups = {
            "overdue": tasks.filter(effective_due__lt=today),  # type: ignore[misc]
            "today": tasks.filter(effective_due=today),  # type: ignore[misc]
            "upcoming": tasks.filter(effective_due__gt=today),  # type: ignore[misc]
        }
        for key, qs in groups.items():
            rows = list(qs[: limit + 1])
            if len(rows) > limit:
                agenda.hidden[key] = qs.count() - limit
            setattr(agenda, key, rows[:limit])
        return agenda
    for task in tasks:
        due: dt.date = task.effective_due
        if due < today:
            agenda.overdue.append(task)
        elif due == today:
            agenda.today.append(task)
        else:
            agenda.upcoming.append(task)
    return agenda


def complete_task(*, task: Task, note: str = "", now: dt.datetime | None = None) -> Task:
    """Mark the task done (appending an optional note) in one conditional UPDATE.

    A task closed meanwhile by someone else raises :class:`TaskActionError`; a note added meanwhile
    is kept (the note is appended by the database, never written back from memory).
    """
    if task.status in CLOSED:
        raise TaskActionError(f"task {task.pk} is already {task.status}")
    changes: dict[str, Any] = {"status": TaskStatusChoices.DONE, "done_at": now or timezone.now()}
    if note.strip():
        changes["note"] = _appended(note)
    _update_active(task, changes)
    return task


def snooze_task(*, task: Task, days: int, today: dt.date) -> Task:
    """Put the task off until ``today + days`` (one conditional UPDATE: it must still be active)."""
    if days < 1:
        raise TaskActionError("a task is snoozed for at least one day")
    if task.status in CLOSED:
        raise TaskActionError(f"task {task.pk} is already {task.status}")
    changes = {"status": TaskStatusChoices.SNOOZED, "snoozed_until": today + dt.timedelta(days=days)}
    _update_active(task, changes)
    return task


def add_task_note(*, task: Task, note: str) -> Task:
    """Append a line to the task's note in one UPDATE, so that notes added at once are all kept.

    The web form and the API both come here; ``task.note`` is refreshed with the stored text.
    """
    if not note.strip():
        raise TaskActionError("the note is empty")
    Task.objects.filter(pk=task.pk).update(note=_appended(note))
    task.refresh_from_db(fields=["note"])
    return task


def _update_active(task: Task, changes: dict[str, Any]) -> None:
    """Apply ``changes`` if the task is still open or snoozed (checked by the UPDATE itself)."""
    updated = Task.objects.filter(pk=task.pk).exclude(status__in=CLOSED).update(**changes)
    task.refresh_from_db(fields=["status", "done_at", "snoozed_until", "note"])
    if not updated:
        raise TaskActionError(f"task {task.pk} is already {task.status}")


def _appended(note: str) -> Case:
    """The stored note with ``note`` appended on a line of its own, computed by the database.

    Trailing blanks of the stored note are dropped and an empty note gets no leading newline. It
    runs inside the UPDATE: nothing is read first that a concurrent writer could change (a
    read-modify-write in Python loses the other writer's line).
    """
    kept = Func(F("note"), Value(BLANKS), function="RTRIM", output_field=TextField())
    return Case(
        When(Exact(kept, Value("")), then=Value(note.strip())),
        default=Concat(kept, Value("\n" + note.strip()), output_field=TextField()),
        output_field=TextField(),
    )
