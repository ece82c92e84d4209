"""A reopened loss no longer tells a new win-back plan why the customer left."""

from __future__ import annotations

import pytest
from django.utils import timezone

from laoke.cadence.models import ReactivationPlan
from laoke.cadence.services.agenda import start_plans
from laoke.retention.models import LossRecord
from tests.web import factories as f

pytestmark = pytest.mark.django_db


def test_a_dormant_customers_plan_ignores_a_reopened_loss() -> None:
    """Reopened loss: the plan starts without a loss reason; a loss that counts gives its reason."""
    today = timezone.localdate()
    reopened, lost = f.customer("Reopened"), f.customer("Lost")
    for cust in (reopened, lost):
        f.score(cust, state="dormant")
    LossRecord.objects.create(customer=reopened, lost_on=today, reason="competitor", reopened_on=today)
    LossRecord.objects.create(customer=lost, lost_on=today, reason="market")
    assert start_plans(as_of=today) == 2
    reasons = dict(ReactivationPlan.objects.values_list("customer__name", "loss_reason"))
    assert reasons == {"Reopened": "", "Lost": "market"}
