"""Whether the win-back panel offers to start a plan: a loss that still counts (asked on a cursor,
``has_open_loss``), or a dormant or lost scorecard, and no active plan."""

from __future__ import annotations

import datetime as dt

import pytest

from laoke.cadence.services.plans import may_start_plan
from laoke.retention.models import LossReasonChoices, LossRecord
from laoke.retention.services.losses import has_open_loss, open_loss
from tests.web import factories as f

pytestmark = pytest.mark.django_db


def _loss(customer: object, on: dt.date, reopened: dt.date | None = None) -> LossRecord:
    return LossRecord.objects.create(
        customer=customer, lost_on=on, reason=LossReasonChoices.values[0], reopened_on=reopened
    )


def test_has_open_loss_is_whether_open_loss_finds_one() -> None:
    customer, other = f.customer(), f.customer()
    assert not has_open_loss(customer.pk)
    _loss(customer, dt.date(2024, 1, 5), reopened=dt.date(2024, 3, 1))
    assert not has_open_loss(customer.pk) and open_loss(customer) is None
    _loss(other, dt.date(2024, 2, 5))
    assert not has_open_loss(customer.pk)
    _loss(customer, dt.date(2024, 6, 5))
    assert has_open_loss(customer.pk) and open_loss(customer) is not None


@pytest.mark.parametrize("state", ["active", "at_risk", "dormant", "lost", None])
@pytest.mark.parametrize("lost", [False, True])
@pytest.mark.parametrize("active", [False, True])
def test_may_start_a_plan(state: str | None, lost: bool, active: bool) -> None:
    customer = f.customer()
    if state is not None:
        f.score(customer, state=state)
    if lost:
        _loss(customer, dt.date(2024, 6, 5))
    expected = not active and (lost or state in ("dormant", "lost"))
    assert may_start_plan(customer, state=state, active=active) is expected
    assert may_start_plan(customer, active=active) is expected  # the state read here
