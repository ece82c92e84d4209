"""Retention's answers to what other apps announce (connected in ``RetentionConfig.ready``)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from laoke.accounts.models import User
from laoke.retention.models import Task, TaskStatusChoices

OPEN_TASK_STATES = (TaskStatusChoices.OPEN, TaskStatusChoices.SNOOZED)


def open_tasks_follow_owner(
    sender: object,
    *,
    customer_ids: Sequence[int],
    owner: User | None,
    unassigned_only: bool = False,
    **kwargs: Any,
) -> None:
    """The customers' open and snoozed tasks go to their new owner (nobody, for the pool)."""
    tasks = Task.objects.filter(customer_id__in=list(customer_ids), status__in=OPEN_TASK_STATES)
    if unassigned_only:
        tasks = tasks.filter(assignee__isnull=True)
    tasks.update(assignee=owner)
