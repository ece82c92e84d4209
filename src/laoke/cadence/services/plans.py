"""Win-back plans: record attempts and rejections, edit the post-mortem, close a plan; trips too."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.db import transaction

from laoke.accounts.models import User
from laoke.cadence.models import (
    AttemptOutcomeChoices,
    CameForChoices,
    PlanStatusChoices,
    ReactivationAttempt,
    ReactivationPlan,
    VisitPlan,
    VisitStatusChoices,
)
from laoke.core.cadence.reactivation import STAGES


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
    """Log one touch of the plan and what the customer said; an order marks the plan won back.

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
        return _log_attempt(plan=plan, user=user, on=on, outcome=outcome, rejection=rejection, note=note)


def _log_attempt(
    *, plan: ReactivationPlan, user: User, on: dt.date, outcome: str, rejection: str, note: str
) -> ReactivationAttempt:
    done = plan.attempts.count()
    stage = STAGES[min(done, len(STAGES) - 1)].code
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
