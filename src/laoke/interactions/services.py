"""Recording touches with customers, and the complaint workflow (log, follow up, resolve).

Plain functions with keyword-only arguments; the caller owns the transaction.

Every open complaint has a task on its owner's agenda (rule key ``complaint:<interaction id>``,
high priority, due on the complaint's deadline) from the moment it is logged; resolving the
complaint closes the task at once. The nightly follow-up plan never touches these tasks.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.utils import timezone

from laoke.accounts.models import User
from laoke.audit.services import record
from laoke.company.models import ScoringPolicy
from laoke.core.scorecard.policy import Policy
from laoke.core.scorecard.policy_toml import policy_from_toml
from laoke.customers.models import Customer
from laoke.interactions.models import Interaction, InteractionKindChoices
from laoke.retention.models import Task, TaskStatusChoices

#: Kinds that come from the customer when the user does not say which way they went.
INBOUND_KINDS = frozenset({"email_in", "complaint"})
#: The kind of the task that follows an open complaint (also the interaction kind).
COMPLAINT_TASK_KIND = InteractionKindChoices.COMPLAINT.value
#: Above every task the follow-up rules make (their priorities stay below 140).
COMPLAINT_TASK_PRIORITY = 150.0
#: Audit action keys.
AUDIT_LOGGED = "complaint_logged"
AUDIT_RESOLVED = "complaint_resolved"


class ComplaintError(ValueError):
    """The complaint cannot be resolved so (the resolution date is impossible)."""


class NotOpenComplaintError(ComplaintError):
    """The interaction is not a complaint, or it is resolved already."""


def complaint_days() -> int:
    """Days after which an open complaint puts the customer at risk (the policy's ``complaint_open_days``):
    the default deadline of a new complaint."""
    saved = ScoringPolicy.objects.order_by("-created_at", "-id").first()
    policy = policy_from_toml(saved.text) if saved else Policy()
    return policy.lifecycle.complaint_open_days


def complaint_task_key(interaction: Interaction) -> str:
    """The stable rule key of the complaint's task."""
    return f"complaint:{interaction.pk}"


def log_interaction(*, interaction: Interaction, customer: Customer, user: User) -> Interaction:
    """Save a new interaction for the customer, recorded as made by the user.

    An open complaint gets its task on the owner's agenda at once (see :func:`sync_complaint_task`).
    """
    interaction.customer = customer
    interaction.user = user
    if not interaction.direction:
        interaction.direction = "in" if interaction.kind in INBOUND_KINDS else "out"
    if (
        interaction.kind == COMPLAINT_TASK_KIND
        and interaction.deadline is None
        and interaction.resolved_at is None
    ):
        interaction.deadline = timezone.localdate(interaction.occurred_at) + dt.timedelta(
            days=complaint_days()
        )
    interaction.save()
    if interaction.kind == COMPLAINT_TASK_KIND:
        sync_complaint_task(interaction)
    return interaction


def log_complaint(
    *, customer: Customer, user: User, subject: str, body: str = "", deadline: dt.date | None = None
) -> Interaction:
    """Log a complaint received now (deadline: the day given, else :func:`complaint_days` on); audited."""
    complaint = Interaction(
        kind=COMPLAINT_TASK_KIND,
        occurred_at=timezone.now(),
        subject=subject.strip(),
        body=body.strip(),
        deadline=deadline,
    )
    log_interaction(interaction=complaint, customer=customer, user=user)
    record(
        user,
        AUDIT_LOGGED,
        target=f"customer {customer.code}",
        detail={
            "complaint": complaint.pk,
            "subject": complaint.subject,
            "deadline": complaint.deadline.isoformat() if complaint.deadline else None,
        },
    )
    return complaint


def resolve_complaint(*, complaint: Interaction, user: User, resolved_on: dt.date, note: str) -> Interaction:
    """Mark the complaint resolved on ``resolved_on`` with how; its task is closed; audited.

    Raises :class:`NotOpenComplaintError` for an interaction that is not an open complaint and
    :class:`ComplaintError` for a day before the complaint was received or after today.
    """
    locked = Interaction.objects.select_for_update().filter(pk=complaint.pk).first()
    if locked is None or locked.kind != COMPLAINT_TASK_KIND or locked.resolved_at is not None:
        raise NotOpenComplaintError("not an open complaint")
    now = timezone.now()
    if resolved_on > timezone.localdate(now) or resolved_on < timezone.localdate(locked.occurred_at):
        raise ComplaintError("the resolution date is before the complaint or in the future")
    if resolved_on == timezone.localdate(now):
        resolved_at = now
    else:
        resolved_at = timezone.make_aware(dt.datetime.combine(resolved_on, dt.time(12, 0)))
    complaint.resolved_at, complaint.resolved_by, complaint.resolution = resolved_at, user, note.strip()
    complaint.save(update_fields=["resolved_at", "resolved_by", "resolution"])
    sync_complaint_task(complaint)
    record(
        user,
        AUDIT_RESOLVED,
        target=f"customer {complaint.customer.code}",
        detail={
            "complaint": complaint.pk,
            "resolved_on": resolved_on.isoformat(),
            "note": complaint.resolution,
        },
    )
    return complaint


def sync_complaint_task(complaint: Interaction) -> Task | None:
    """Open (or refresh) the complaint's task while it is open; close it once it is resolved.

    The task goes to the customer's owner (the person who logged it for a customer in the shared
    pool), due on the deadline. A task the user closed by hand is left closed while the complaint
    stays the same.
    """
    key = complaint_task_key(complaint)
    task = Task.objects.filter(rule_key=key).first()
    if complaint.resolved_at is not None:
        if task is not None:
            Task.objects.filter(pk=task.pk).filter(
                Q(status=TaskStatusChoices.OPEN) | Q(status=TaskStatusChoices.SNOOZED)
            ).update(status=TaskStatusChoices.DONE, done_at=complaint.resolved_at)
            task.refresh_from_db()
        return task
    customer = complaint.customer
    subject = complaint.subject or complaint.snippet
    values = {
        "customer": customer,
        "assignee_id": customer.owner_id or complaint.user_id,
        "kind": COMPLAINT_TASK_KIND,
        "title_en": f"Resolve the complaint: {subject}"[:300] if subject else "Resolve the complaint",
        "title_zh": f"处理客户投诉：{subject}"[:300] if subject else "处理客户投诉",
        "why_en": "An open complaint puts the customer at risk; mark it resolved on the customer page.",
        "why_zh": "未处理的投诉会让客户面临流失风险；处理后请在客户页面标记为已解决。",
        "due_on": complaint.deadline or timezone.localdate(complaint.occurred_at),
        "priority": COMPLAINT_TASK_PRIORITY,
        "details": {"complaint_id": complaint.pk},
    }
    if task is None:
        return Task.objects.create(rule_key=key, **values)
    for name, value in values.items():
        setattr(task, name, value)
    task.save()
    return task
