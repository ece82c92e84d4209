"""A reopened loss no longer tells a new win-back plan why the customer left."""

from __future__ import annotations

import pytest
from django.db import transaction
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


def test_plans_started_are_the_rows_bulk_create_stores(monkeypatch: pytest.MonkeyPatch) -> None:
    """Started plans are written without ``bulk_create``; every stored value (dates, JSON lists,
    blank text, nulls) is the one ``bulk_create`` of the same plans stores, on either database."""
    today = timezone.localdate()
    customers = [f.customer(f"Dormant {n}") for n in range(5)]
    for n, cust in enumerate(customers):
        f.score(cust, state="dormant")
        if n % 2:
            LossRecord.objects.create(
                customer=cust, lost_on=today, reason=("competitor", "price")[n % 4 // 2], note="他们说 “太贵”"
            )
    fields = [field.attname for field in ReactivationPlan._meta.concrete_fields if not field.primary_key]

    def stored() -> list[dict[str, object]]:
        return list(ReactivationPlan.objects.order_by("customer_id").values(*fields))

    from laoke.cadence.services import agenda

    with transaction.atomic(), monkeypatch.context() as orm:
        orm.setattr(agenda, "insert_instances", lambda model, plans: len(model.objects.bulk_create(plans)))
        assert start_plans(as_of=today) == 5
        expected = stored()
        transaction.set_rollback(True)

    assert start_plans(as_of=today) == 5
    assert stored() == expected
    assert [row["loss_reason"] for row in expected] == ["", "competitor", "", "price", ""]
    assert all(row["prepared_answers"] and row["came_for"] == [] for row in expected)
