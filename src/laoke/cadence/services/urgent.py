"""Urgent work reaches Today: every urgent kind becomes a task for the customer's owner.

``refresh_agenda`` ends with :func:`sync_urgent_tasks` (run daily and after every re-score):

* **open complaint** — every unresolved complaint has its task (``complaint:<id>``, made by
  ``laoke.retention.services.activity.sync_complaint_task``; complaints that came in by import had none);
* **broken promise**, **payment overdue**, **owner left** — the open, not dismissed alert of that
  code becomes a task (``alert:<id>``, the key a manager's "assign" uses too, so assigning moves
  it and dismissing the alert cancels it); a payment counts as overdue only while a payment is
  still unpaid more than 15 days after its due date;
* **a top customer newly at risk** — a customer of the policy's two best grades whose state
  turned "at risk" in the last :data:`NEWLY_AT_RISK_DAYS` days and still is (``newly_at_risk:…``).

The task goes to the customer's owner; while the owner has left it has no assignee (managers see
it on their Today) until the handover. A made task whose reason no longer holds is cancelled with
``cleared_on``; one the user closed is never reopened. Like every service it does not commit.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q

from laoke.accounts.models import User
from laoke.core.forecast.alerts import LATE_PAYMENT_DAYS
from laoke.core.messages import Message
from laoke.core.scorecard.policy import Policy
from laoke.interactions.models import Interaction
from laoke.orders.models import Payment
from laoke.platform.messages import to_stored
from laoke.retention.models import Alert, LifecycleStateChoices, StateChange, Task, TaskStatusChoices
from laoke.retention.services.activity import COMPLAINT_TASK_KIND, complaint_task_key, sync_complaint_task
from laoke.retention.services.alerts import (
    ALERT_TASK_DAYS,
    ALERT_TASK_KIND,
    ALERT_TASK_PRIORITY,
    alert_task_key,
)

#: Alert code → urgent kind on Today (open complaints come through their own tasks).
URGENT_ALERTS: dict[str, str] = {
    "broken_promise": "broken_promise",
    "late_payment": "payment_overdue",
    "owner_left": "owner_left",
}
#: Task kind of "a top customer newly at risk".
NEWLY_AT_RISK_KIND = "newly_at_risk"
#: A state change to "at risk" this recent is news.
NEWLY_AT_RISK_DAYS = 30
#: How many of the policy's best grades count as top customers (A and B by default).
TOP_GRADES = 2
#: Days the owner gets to act on a top customer newly at risk.
NEWLY_AT_RISK_DAYS_TO_ACT = 3
NEWLY_AT_RISK_PRIORITY = 130.0
OPEN = (TaskStatusChoices.OPEN, TaskStatusChoices.SNOOZED)


@dataclass
class UrgentReport:
    """What one sync did."""

    created: int = 0
    cleared: int = 0


def _assignee(owner: User | None) -> User | None:
    """The owner while they still work here; nobody (the managers' Today) once they left."""
    if owner is None or not owner.is_active or owner.left_on is not None:
        return None
    return owner


def sync_urgent_tasks(*, as_of: dt.date, policy: Policy) -> UrgentReport:
    """Make the urgent tasks that are missing and cancel those whose reason no longer holds."""
    report = UrgentReport()
    report.created += _complaints(as_of)
    created, cleared = _alerts(as_of)
    report.created += created
    report.cleared += cleared
    created, cleared = _newly_at_risk(as_of, policy)
    report.created += created
    report.cleared += cleared
    return report


def _complaints(as_of: dt.date) -> int:
    complaints = list(
        Interaction.objects.filter(
            kind=COMPLAINT_TASK_KIND, resolved_at__isnull=True, customer__isnull=False
        ).select_related("customer")
    )
    keys = {complaint_task_key(c): c for c in complaints}
    have = set(Task.objects.filter(rule_key__in=list(keys)).values_list("rule_key", flat=True))
    made = 0
    for key, complaint in keys.items():
        if key not in have:
            sync_complaint_task(complaint)
            made += 1
    # A complaint of a customer whose owner left waits for the handover on the managers' Today.
    Task.objects.filter(kind=COMPLAINT_TASK_KIND, status__in=OPEN).filter(
        Q(assignee__left_on__isnull=False) | Q(assignee__is_active=False)
    ).update(assignee=None)
    return made


def _alerts(as_of: dt.date) -> tuple[int, int]:
    unpaid = set(
        Payment.objects.filter(
            paid_date__isnull=True, due_date__lt=as_of - dt.timedelta(days=LATE_PAYMENT_DAYS)
        ).values_list("customer_id", flat=True)
    )
    alerts = [
        a
        for a in Alert.objects.filter(
            code__in=list(URGENT_ALERTS), dismissed_at__isnull=True, cleared_on__isnull=True
        ).select_related("customer", "customer__owner")
        if a.code != "late_payment" or a.customer_id in unpaid
    ]
    wanted = {alert_task_key(a): a for a in alerts}
    existing = set(Task.objects.filter(rule_key__in=list(wanted)).values_list("rule_key", flat=True))
    new = [
        Task(
            rule_key=key,
            customer=alert.customer,
            assignee=_assignee(alert.customer.owner),
            kind=ALERT_TASK_KIND,
            title_en=(alert.action_en or alert.reason_en)[:300],
            title_zh=(alert.action_zh or alert.reason_zh)[:300],
            why_en=alert.reason_en,
            why_zh=alert.reason_zh,
            # The alert's codes, worded when shown; the text copies serve alerts stored before them.
            title_msg=alert.action_msg or alert.reason_msg,
            why_msg=alert.reason_msg,
            due_on=alert.raised_on + dt.timedelta(days=ALERT_TASK_DAYS),
            priority=ALERT_TASK_PRIORITY,
            details={"alert_id": alert.pk, "code": alert.code, "auto": True},
        )
        for key, alert in wanted.items()
        if key not in existing
    ]
    Task.objects.bulk_create(new)
    stale = Task.objects.filter(
        kind=ALERT_TASK_KIND, status__in=OPEN, details__auto=True, rule_key__isnull=False
    ).exclude(rule_key__in=list(wanted))
    cleared = stale.update(status=TaskStatusChoices.CANCELLED, cleared_on=as_of)
    return len(new), cleared


def _newly_at_risk(as_of: dt.date, policy: Policy) -> tuple[int, int]:
    top = list(policy.grades.names[:TOP_GRADES])
    changes = (
        StateChange.objects.filter(
            state=LifecycleStateChoices.AT_RISK,
            changed_on__gt=as_of - dt.timedelta(days=NEWLY_AT_RISK_DAYS),
            changed_on__lte=as_of,
            customer__score__state=LifecycleStateChoices.AT_RISK,
            customer__score__grade__in=top,
        )
        .select_related("customer", "customer__owner", "customer__score")
        .order_by("customer_id", "-changed_on")
    )
    latest: dict[int, StateChange] = {}
    for change in changes:
        latest.setdefault(change.customer_id, change)
    wanted = {f"{NEWLY_AT_RISK_KIND}:{c.customer_id}:{c.changed_on.isoformat()}": c for c in latest.values()}
    existing = set(Task.objects.filter(rule_key__in=list(wanted)).values_list("rule_key", flat=True))
    new = []
    for key, change in wanted.items():
        if key in existing:
            continue
        customer, day = change.customer, change.changed_on.isoformat()
        grade = customer.score.grade
        new.append(
            Task(
                rule_key=key,
                customer=customer,
                assignee=_assignee(customer.owner),
                kind=NEWLY_AT_RISK_KIND,
                title_msg=to_stored(
                    Message("cadence.urgent.at_risk.title", {"customer": customer.name, "grade": grade})
                ),
                why_msg=to_stored(Message("cadence.urgent.at_risk.why", {"day": change.changed_on})),
                due_on=change.changed_on + dt.timedelta(days=NEWLY_AT_RISK_DAYS_TO_ACT),
                priority=NEWLY_AT_RISK_PRIORITY,
                details={"grade": grade, "at_risk_since": day},
            )
        )
    Task.objects.bulk_create(new)
    stale = Task.objects.filter(kind=NEWLY_AT_RISK_KIND, status__in=OPEN).exclude(rule_key__in=list(wanted))
    cleared = stale.update(status=TaskStatusChoices.CANCELLED, cleared_on=as_of)
    return len(new), cleared
