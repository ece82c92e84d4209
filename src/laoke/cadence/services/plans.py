"""Win-back plans: start one by hand, record touches and rejections (the plan's task on Today
follows at once), edit the post-mortem, close a plan; trips too."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from laoke.accounts.models import User
from laoke.audit.services import record
from laoke.cadence import repositories
from laoke.cadence.models import (
    AttemptOutcomeChoices,
    CameForChoices,
    PlanStatusChoices,
    ReactivationAttempt,
    ReactivationPlan,
    VisitPlan,
    VisitStatusChoices,
)
from laoke.core.cadence.calendar import quiet_periods_around
from laoke.core.cadence.engine import respect_quiet_periods
from laoke.core.cadence.model import PlanState, ProposedTask
from laoke.core.cadence.policy import CadencePolicy
from laoke.core.cadence.reactivation import STAGES, prepared_answers
from laoke.core.cadence.rules import reactivation_task
from laoke.customers.models import Customer
from laoke.platform.messages import to_stored
from laoke.platform.unset import UNSET, Unset
from laoke.retention.models import CustomerScore, LifecycleStateChoices, Task, TaskStatusChoices
from laoke.retention.services.losses import has_open_loss, open_loss
from laoke.retention.services.scoring import current_policy

AUDIT_PLAN_STARTED = "winback_plan_started"


class PlanError(ValueError):
    """The plan cannot take this change (for example it is already closed)."""


def record_attempt(
    *,
    plan: ReactivationPlan,
    user: User,
    on: dt.date,
    outcome: str,
    rejection: str = "",
    note: str = "",
) -> ReactivationAttempt:
    """Log one entry of the plan: a touch we made, or the customer's rejection.

    A touch (outcome *no reply yet*, *interested* or *ordered*) is the plan's current stage done:
    the series moves on to the next stage after its wait. A rejection (outcome *rejected*) is the
    customer's answer: it counts towards "sales starts at the fifth rejection" and leaves the stage
    where it is. An order marks the plan won back. The plan's task on Today follows at once.

    The plan is read again under a row lock, so two touches logged at once get consecutive stages
    and a plan closed meanwhile takes no more touches.
    """
    if outcome not in AttemptOutcomeChoices.values:
        raise PlanError(f"unknown outcome {outcome!r}")
    with transaction.atomic():
        locked = ReactivationPlan.objects.select_for_update().get(pk=plan.pk)
        plan.status, plan.won_on, plan.closed_on = locked.status, locked.won_on, locked.closed_on
        if plan.status != PlanStatusChoices.ACTIVE:
            raise PlanError("the plan is closed")
        attempt = _log_attempt(plan=plan, user=user, on=on, outcome=outcome, rejection=rejection, note=note)
        sync_plan_task(plan, as_of=max(on, timezone.localdate()))
        return attempt


def record_rejection(
    *, plan: ReactivationPlan, user: User, on: dt.date, what_they_said: str, note: str = ""
) -> ReactivationAttempt:
    """Log the customer's rejection (what they said): counted, the stage stays (:func:`record_attempt`)."""
    return record_attempt(
        plan=plan,
        user=user,
        on=on,
        outcome=AttemptOutcomeChoices.REJECTED,
        rejection=what_they_said,
        note=note,
    )


def touches(plan: ReactivationPlan) -> QuerySet[ReactivationAttempt]:
    """The plan's touches (every entry but the rejections): each one is a stage done."""
    return plan.attempts.exclude(outcome=AttemptOutcomeChoices.REJECTED)


def _log_attempt(
    *, plan: ReactivationPlan, user: User, on: dt.date, outcome: str, rejection: str, note: str
) -> ReactivationAttempt:
    if outcome == AttemptOutcomeChoices.REJECTED:
        last = touches(plan).order_by("-attempted_on", "-pk").first()
        stage = last.stage if last is not None else ""
    else:
        stage = STAGES[min(touches(plan).count(), len(STAGES) - 1)].code
    attempt = ReactivationAttempt.objects.create(
        plan=plan,
        attempted_on=on,
        stage=stage,
        outcome=outcome,
        rejection=rejection.strip()[:300],
        note=note.strip(),
        user=user,
    )
    if outcome == AttemptOutcomeChoices.ORDERED:
        plan.status, plan.won_on = PlanStatusChoices.WON, on
        plan.save(update_fields=["status", "won_on"])
    return attempt


def plan_state(plan: ReactivationPlan) -> PlanState:
    """Where the plan stands (touches, rejections, last touch), as the cadence core reads it."""
    done = touches(plan)
    last = done.order_by("-attempted_on").values_list("attempted_on", flat=True).first()
    rejected = plan.attempts.filter(outcome=AttemptOutcomeChoices.REJECTED).count()
    return PlanState(plan.pk, plan.customer_id, plan.started_on, done.count(), rejected, last)


def sync_plan_task(plan: ReactivationPlan, *, as_of: dt.date) -> Task | None:
    """Bring the plan's task on Today up to date now, as the nightly refresh would.

    The task of a stage just done is closed as done; the next stage's task is created (or its
    counts refreshed after a rejection); a plan no longer active keeps no open task.
    """
    prefix = f"reactivation:{plan.pk}:"
    open_tasks = Task.objects.filter(
        rule_key__startswith=prefix, status__in=(TaskStatusChoices.OPEN, TaskStatusChoices.SNOOZED)
    )
    proposed: list[ProposedTask] = []
    if plan.status == PlanStatusChoices.ACTIVE:
        facts = repositories.load_customers(
            as_of=as_of, policy=current_policy(), customer_ids=[plan.customer_id]
        )
        if facts:
            cadence = CadencePolicy()
            periods = quiet_periods_around(facts[0].country, as_of, cadence)
            proposed = [
                respect_quiet_periods(t, periods, as_of=as_of)
                for t in reactivation_task(facts[0], plan_state(plan), as_of=as_of, policy=cadence)
            ]
    keep = {p.key for p in proposed}
    done_touches = touches(plan).count()
    now = timezone.now()
    for task in open_tasks.exclude(rule_key__in=keep):
        number = int(str(task.rule_key).rsplit(":", 1)[-1] or 0)
        if number <= done_touches:  # that stage's touch was made
            Task.objects.filter(pk=task.pk).update(status=TaskStatusChoices.DONE, done_at=now)
        else:
            Task.objects.filter(pk=task.pk).update(status=TaskStatusChoices.CANCELLED, cleared_on=as_of)
    result = None
    for p in proposed:
        values = {
            "customer_id": p.customer_id,
            "kind": p.kind,
            "assignee_id": p.assignee_id,
            "due_on": p.due_on,
            "title_en": p.title_en[:300],
            "title_zh": p.title_zh[:300],
            "why_en": p.why_en,
            "why_zh": p.why_zh,
            "title_msg": to_stored(p.title),
            "why_msg": to_stored(p.why),
            "priority": p.priority,
            "details": p.details,
        }
        result = Task.objects.filter(rule_key=p.key).first()
        if result is None:
            result = Task.objects.create(rule_key=p.key, **values)
        elif result.status in (TaskStatusChoices.OPEN, TaskStatusChoices.SNOOZED):
            Task.objects.filter(pk=result.pk).update(**values)
            result.refresh_from_db()
    return result


def start_plan(*, customer: Customer, user: User, on: dt.date) -> ReactivationPlan:
    """Start a win-back plan by hand, for a customer marked lost (or dormant) without an active one.

    The plan is seeded from the open loss record (reason, why they came, the review) like the
    nightly plans of dormant customers; its first touch goes on Today at once.
    """
    if ReactivationPlan.objects.filter(customer=customer, status=PlanStatusChoices.ACTIVE).exists():
        raise PlanError("the customer already has an active plan")
    loss = open_loss(customer)
    plan = ReactivationPlan.objects.create(
        customer=customer,
        started_on=on,
        loss_reason=loss.reason if loss else "",
        left_because=loss.note if loss else "",
        prepared_answers=prepared_answers(loss.reason if loss else ""),
    )
    record(user, AUDIT_PLAN_STARTED, target=f"customer {customer.code}", detail={"plan": plan.pk})
    sync_plan_task(plan, as_of=on)
    return plan


def may_start_plan(
    customer: Customer,
    *,
    state: str | Unset | None = UNSET,
    active: bool | Unset = UNSET,
    open_loss: bool | Unset = UNSET,
) -> bool:
    """A customer marked lost or dormant, without an active plan, may get one.

    ``state``: the scorecard's lifecycle state when the caller has read it (None: no scorecard).
    ``active``: whether the customer has an active plan, when the caller knows (it read no plan at
    all, or an active one). ``open_loss``: whether it has a loss that still counts
    (:func:`has_open_loss`), when the caller has read it.
    """
    if isinstance(active, Unset):
        active = ReactivationPlan.objects.filter(customer=customer, status=PlanStatusChoices.ACTIVE).exists()
    if active:
        return False
    idle = (LifecycleStateChoices.DORMANT, LifecycleStateChoices.LOST)
    if not isinstance(state, Unset) and state in idle:  # known: no need to ask for a loss
        return True
    if has_open_loss(customer.pk) if isinstance(open_loss, Unset) else open_loss:
        return True
    if isinstance(state, Unset):
        state = CustomerScore.objects.filter(customer=customer).values_list("state", flat=True).first()
    return state in idle


def update_post_mortem(
    *, plan: ReactivationPlan, came_for: Sequence[str], left_because: str
) -> ReactivationPlan:
    """Save why the customer came to us and why it left."""
    unknown = [c for c in came_for if c not in CameForChoices.values]
    if unknown:
        raise PlanError(f"unknown reasons: {', '.join(unknown)}")
    plan.came_for = list(dict.fromkeys(came_for))
    plan.left_because = left_because.strip()
    plan.save(update_fields=["came_for", "left_because"])
    return plan


def close_plan(*, plan: ReactivationPlan, on: dt.date) -> ReactivationPlan:
    """Stop the plan (the customer is not worth more effort now).

    One conditional UPDATE: a plan won back or closed meanwhile by someone else stays as it is.
    """
    active = ReactivationPlan.objects.filter(pk=plan.pk, status=PlanStatusChoices.ACTIVE)
    closed = active.update(status=PlanStatusChoices.CLOSED, closed_on=on)
    plan.refresh_from_db(fields=["status", "won_on", "closed_on"])
    if not closed:
        raise PlanError("the plan is already closed")
    return plan


def set_visit_status(*, visit: VisitPlan, status: str) -> VisitPlan:
    """Plan or decline a proposed trip."""
    if status not in (VisitStatusChoices.PLANNED, VisitStatusChoices.DECLINED, VisitStatusChoices.PROPOSED):
        raise PlanError(f"unknown status {status!r}")
    visit.status = status
    visit.save(update_fields=["status"])
    return visit
