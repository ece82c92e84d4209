"""Win-back plan changes made on copies read before someone else changed the plan keep that change."""

from __future__ import annotations

import datetime as dt

import pytest

from laoke.accounts.models import User
from laoke.cadence.models import AttemptOutcomeChoices, PlanStatusChoices, ReactivationPlan
from laoke.cadence.services.plans import PlanError, close_plan, record_attempt
from tests.web import factories as f

pytestmark = pytest.mark.django_db

ON = dt.date(2026, 10, 1)


@pytest.fixture
def plan(sales: User) -> ReactivationPlan:
    """An active win-back plan of a salesperson's dormant customer."""
    return ReactivationPlan.objects.create(customer=f.customer(owner=sales), started_on=ON)


def _copy(plan: ReactivationPlan) -> ReactivationPlan:
    return ReactivationPlan.objects.get(pk=plan.pk)


def test_a_touch_on_a_plan_closed_meanwhile_is_refused(plan: ReactivationPlan, sales: User) -> None:
    """A touch logged from a page read before a colleague closed the plan is refused; it stays closed."""
    stale = _copy(plan)
    close_plan(plan=_copy(plan), on=ON)
    with pytest.raises(PlanError):
        record_attempt(plan=stale, user=sales, on=ON, outcome=AttemptOutcomeChoices.ORDERED)
    plan.refresh_from_db()
    assert plan.status == PlanStatusChoices.CLOSED and plan.won_on is None
    assert not plan.attempts.exists()


def test_closing_a_plan_won_back_meanwhile_keeps_it_won(plan: ReactivationPlan, sales: User) -> None:
    """Closing from a page read before the customer's order was logged is refused: the plan stays won."""
    stale = _copy(plan)
    record_attempt(plan=_copy(plan), user=sales, on=ON, outcome=AttemptOutcomeChoices.ORDERED)
    with pytest.raises(PlanError):
        close_plan(plan=stale, on=ON + dt.timedelta(days=1))
    plan.refresh_from_db()
    assert (plan.status, plan.won_on, plan.closed_on) == (PlanStatusChoices.WON, ON, None)
    assert stale.status == PlanStatusChoices.WON


def test_touches_logged_from_two_stale_copies_take_consecutive_stages(
    plan: ReactivationPlan, sales: User
) -> None:
    """Two touches logged one after the other from copies read together go to stages one and two."""
    first, second = _copy(plan), _copy(plan)
    record_attempt(plan=first, user=sales, on=ON, outcome=AttemptOutcomeChoices.NO_REPLY)
    record_attempt(plan=second, user=sales, on=ON, outcome=AttemptOutcomeChoices.NO_REPLY)
    stages = list(plan.attempts.order_by("pk").values_list("stage", flat=True))
    assert len(stages) == 2 and stages[0] != stages[1]
