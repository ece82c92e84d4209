"""Recording touches with customers, the complaint workflow (log, follow up, resolve), and the
small actions of a salesperson's day: a touch with its next follow-up, a personal task, a task
done with its outcome.

Plain functions with keyword-only arguments; the caller owns the transaction. Web views and the
API both come here; who may act is decided by the caller with ``laoke.customers.permissions``.

Every open complaint has a task on its owner's agenda (rule key ``complaint:<interaction id>``,
high priority, due on the complaint's deadline) from the moment it is logged; resolving the
complaint closes the task at once. The nightly follow-up plan never touches these tasks.
"""

from __future__ import annotations

import datetime as dt
import functools

from django.db.models import Q
from django.utils import timezone

from laoke.accounts.models import User
from laoke.audit.services import record
from laoke.company.models import ScoringPolicy
from laoke.core.messages import Message
from laoke.core.scorecard.policy import Policy
from laoke.core.scorecard.policy_toml import policy_from_toml
from laoke.customers.models import Customer
from laoke.interactions.models import Interaction, InteractionKindChoices
from laoke.platform.messages import to_stored
from laoke.platform.unset import UNSET, Unset
from laoke.retention.models import Task, TaskStatusChoices
from laoke.retention.services.tasks import TaskActionError, complete_task

#: Kinds that come from the customer when the user does not say which way they went.
INBOUND_KINDS = frozenset({"email_in", "complaint"})
#: The kind of the task that follows an open complaint (also the interaction kind).
COMPLAINT_TASK_KIND = InteractionKindChoices.COMPLAINT.value
#: Above every task the follow-up rules make (their priorities stay below 140).
COMPLAINT_TASK_PRIORITY = 150.0
#: Audit action keys.
AUDIT_LOGGED = "complaint_logged"
AUDIT_RESOLVED = "complaint_resolved"
AUDIT_TASK_CREATED = "task_created"
AUDIT_TASK_DONE = "task_done"
#: Kinds of the tasks people make by hand (a follow-up set when logging a touch, a personal task).
FOLLOW_UP_TASK_KIND = "follow_up"
PERSONAL_TASK_KIND = "personal"
#: Below the complaint's task, above most rule-made ones: the salesperson said when to call back.
FOLLOW_UP_PRIORITY = 100.0
PERSONAL_PRIORITY = 90.0


class ComplaintError(ValueError):
    """The complaint cannot be resolved so (the resolution date is impossible)."""


class NotOpenComplaintError(ComplaintError):
    """The interaction is not a complaint, or it is resolved already."""


def complaint_days(policy_text: str | Unset | None = UNSET) -> int:
    """Days after which an open complaint puts the customer at risk (the policy's ``complaint_open_days``):
    the default deadline of a new complaint. ``policy_text``: the text of the policy in force (None:
    no policy saved) when the caller has read it (the 360° page has), which saves the query."""
    if isinstance(policy_text, Unset):
        newest = ScoringPolicy.objects.order_by("-created_at", "-id")
        policy_text = newest.values_list("text", flat=True).first()
    return _complaint_days_of(policy_text)


@functools.lru_cache(maxsize=8)
def _complaint_days_of(text: str | None) -> int:
    """``complaint_open_days`` of a saved policy's TOML (None: the default policy). Kept per text:
    the 360° page asks on every visit and parsing the TOML cost more than the rest of the form;
    an edited policy is another text, so nothing goes stale."""
    policy = policy_from_toml(text) if text is not None else Policy()
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
        "title_en": "",
        "title_zh": "",
        "why_en": "",
        "why_zh": "",
        "title_msg": to_stored(
            Message("retention.task.complaint.title", {"subject": subject[:300]})
            if subject
            else Message("retention.task.complaint.title.no_subject")
        ),
        "why_msg": to_stored(Message("retention.task.complaint.why")),
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


def log_touch(
    *,
    interaction: Interaction,
    customer: Customer,
    user: User,
    follow_up_on: dt.date | None = None,
    follow_up_note: str = "",
) -> tuple[Interaction, Task | None]:
    """Log a touch (call, mail, visit, WhatsApp, WeChat…) and, with ``follow_up_on``, the next one.

    The follow-up becomes a task on the customer's owner's Today (the person who logged it for a
    customer in the shared pool or whose owner left), due on that day; audited with the touch.
    """
    log_interaction(interaction=interaction, customer=customer, user=user)
    task = None
    if follow_up_on is not None:
        what = (follow_up_note or interaction.subject).strip()
        owner = customer.owner
        current = owner is not None and owner.is_active and owner.left_on is None
        task = Task.objects.create(
            customer=customer,
            assignee=owner if current else user,
            kind=FOLLOW_UP_TASK_KIND,
            title_msg=to_stored(
                Message("retention.task.follow_up.title", {"what": what[:300]})
                if what
                else Message("retention.task.follow_up.title.customer", {"customer": customer.name})
            ),
            why_msg=to_stored(
                Message(
                    "retention.task.follow_up.why",
                    {"kind": interaction.kind, "day": timezone.localdate(interaction.occurred_at)},
                )
            ),
            due_on=follow_up_on,
            priority=FOLLOW_UP_PRIORITY,
            details={"interaction_id": interaction.pk, "by": user.pk},
        )
        record(
            user,
            AUDIT_TASK_CREATED,
            target=f"customer {customer.code}",
            detail={"task": task.pk, "kind": task.kind, "due_on": follow_up_on.isoformat()},
        )
    return interaction, task


def create_personal_task(
    *, user: User, title: str, due_on: dt.date, customer: Customer | None = None, note: str = ""
) -> Task:
    """A task the user sets for themself, optionally about a customer they see; audited."""
    text = title.strip()[:300]
    task = Task.objects.create(
        customer=customer,
        assignee=user,
        kind=PERSONAL_TASK_KIND,
        title_en=text,
        title_zh=text,
        note=note.strip(),
        due_on=due_on,
        priority=PERSONAL_PRIORITY,
        details={"by": user.pk},
    )
    record(
        user,
        AUDIT_TASK_CREATED,
        target=f"customer {customer.code}" if customer else f"user {user.pk}",
        detail={"task": task.pk, "kind": task.kind, "due_on": due_on.isoformat()},
    )
    return task


def complaint_of(task: Task) -> Interaction | None:
    """The open complaint a complaint task follows (None for any other task)."""
    if task.kind != COMPLAINT_TASK_KIND:
        return None
    complaint_id = (task.details or {}).get("complaint_id")
    if not complaint_id:
        return None
    return Interaction.objects.filter(
        pk=complaint_id, kind=COMPLAINT_TASK_KIND, resolved_at__isnull=True
    ).first()


class OutcomeRequiredError(TaskActionError):
    """A complaint's task is done only when the complaint is resolved: say how."""


def finish_task(*, task: Task, user: User, outcome: str = "", now: dt.datetime | None = None) -> Task:
    """Mark the task done with its outcome (optional), written to the customer's timeline.

    The task of an open complaint resolves the complaint (the outcome says how, so it is required):
    the complaint's own record carries it, and its task closes with it. Raises
    :class:`~laoke.retention.services.tasks.TaskActionError` for a task already closed.
    """
    outcome = outcome.strip()
    now = now or timezone.now()
    complaint = complaint_of(task)
    if complaint is not None:
        if not outcome:
            raise OutcomeRequiredError("say how the complaint was resolved")
        if task.status in (TaskStatusChoices.DONE, TaskStatusChoices.CANCELLED):
            raise TaskActionError(f"task {task.pk} is already {task.status}")
        resolve_complaint(complaint=complaint, user=user, resolved_on=timezone.localdate(now), note=outcome)
        task.refresh_from_db()
        return task
    complete_task(task=task, note=outcome, now=now)
    if task.customer_id is not None:
        Interaction.objects.create(
            customer_id=task.customer_id,
            user=user,
            kind=InteractionKindChoices.TASK_DONE,
            occurred_at=now,
            subject=task.title[:300],
            body=outcome,
        )
    record(
        user,
        AUDIT_TASK_DONE,
        target=f"task {task.pk}",
        detail={"customer": task.customer_id, "outcome": outcome},
    )
    return task
