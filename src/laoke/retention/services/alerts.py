"""What people do with alerts.

Plain functions with keyword-only arguments; the caller owns the transaction.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from laoke.accounts.models import User
from laoke.retention.models import Alert, Task, TaskStatusChoices

#: Kind of the task made when a manager assigns an alert (never touched by the agenda's rules).
ALERT_TASK_KIND = "alert"
#: Above every rule-made task, below an open complaint's (150).
ALERT_TASK_PRIORITY = 120.0
#: Days a salesperson gets to act on an assigned alert.
ALERT_TASK_DAYS = 3


class AlreadyDismissedError(ValueError):
    """The alert was dismissed before."""


def dismiss_alert(*, alert: Alert, user: User, note: str, now: dt.datetime | None = None) -> Alert:
    """Dismiss an alert with the user's note; recomputation keeps it dismissed (same ``key``)."""
    when = now or timezone.now()
    # One conditional UPDATE: of two people dismissing at once, the first note is kept.
    changed = Alert.objects.filter(pk=alert.pk, dismissed_at__isnull=True).update(
        dismissed_at=when, dismissed_by=user, dismissed_note=note.strip()
    )
    alert.refresh_from_db(fields=["dismissed_at", "dismissed_by", "dismissed_note"])
    if not changed:
        assert alert.dismissed_at is not None
        raise AlreadyDismissedError(f"alert {alert.pk} was dismissed on {alert.dismissed_at:%Y-%m-%d}")
    Task.objects.filter(rule_key=alert_task_key(alert), status__in=OPEN_STATES).update(
        status=TaskStatusChoices.CANCELLED, cleared_on=timezone.localdate(when)
    )
    return alert


OPEN_STATES = (TaskStatusChoices.OPEN, TaskStatusChoices.SNOOZED)


def alert_task_key(alert: Alert) -> str:
    """The stable rule key of the task an assigned alert becomes."""
    return f"alert:{alert.pk}"


def assign_alert(*, alert: Alert, assignee: User, today: dt.date) -> Task:
    """Put the alert on ``assignee``'s agenda as a high-priority task due in a few days.

    Assigning again moves the open task to the new person; the alert's reason and suggested action
    become the task's why and title.
    """
    title_en = alert.action_en or alert.reason_en
    title_zh = alert.action_zh or alert.reason_zh
    values = {
        "customer_id": alert.customer_id,
        "assignee": assignee,
        "kind": ALERT_TASK_KIND,
        "title_en": title_en[:300],
        "title_zh": title_zh[:300],
        "why_en": alert.reason_en,
        "why_zh": alert.reason_zh,
        # The alert's codes, worded when shown; the text copies serve alerts stored before them.
        "title_msg": alert.action_msg or alert.reason_msg,
        "why_msg": alert.reason_msg,
        "due_on": today + dt.timedelta(days=ALERT_TASK_DAYS),
        "priority": ALERT_TASK_PRIORITY,
        "details": {"alert_id": alert.pk, "code": alert.code},
        "status": TaskStatusChoices.OPEN,
    }
    task, _created = Task.objects.update_or_create(rule_key=alert_task_key(alert), defaults=values)
    return task
