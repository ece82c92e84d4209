"""Win-back plans as a salesperson works them: stages in words, touches and rejections kept apart,
counts on Today at once, and a plan for a customer marked lost."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone, translation

from laoke.accounts.models import User
from laoke.cadence.models import ReactivationPlan
from laoke.cadence.services.agenda import refresh_agenda
from laoke.retention.models import Task, TaskStatusChoices
from laoke.retention.services.losses import mark_lost
from tests.web import factories as f

pytestmark = pytest.mark.django_db


def _plan(owner: User) -> ReactivationPlan:
    cust = f.customer("Dormant GmbH", owner=owner, country="DE")
    f.score(cust, grade="B", state="dormant")
    return ReactivationPlan.objects.create(customer=cust, started_on=timezone.localdate())


def _post(client: Client, plan: ReactivationPlan, **data: str) -> None:
    client.post(
        f"/cadence/plans/{plan.pk}/attempts/", {"attempted_on": timezone.localdate().isoformat(), **data}
    )


def test_stages_read_as_words_in_english_and_chinese(sales_client: Client, sales: User) -> None:
    """The log shows 'introduce new products' / 介绍新产品, never the code new_products."""
    plan = _plan(sales)
    _post(sales_client, plan, outcome="no_reply")
    page = sales_client.get(f"/cadence/plans/{plan.pk}/").content.decode()
    assert "introduce new products" in page and "new_products" not in page
    sales_client.cookies["django_language"] = "zh-hans"
    page = sales_client.get(f"/cadence/plans/{plan.pk}/").content.decode()
    assert "介绍新产品" in page and "new_products" not in page


def test_prepared_answers_and_stages_are_codes_worded_on_the_page(sales_client: Client, sales: User) -> None:
    """A plan for a customer lost to a competitor stores answer codes; the page words them and the
    staged touches in English and in Chinese."""
    cust = f.customer("Lost Ltd", owner=sales, country="FR")
    mark_lost(
        customer=cust, reason="competitor", lost_on=timezone.localdate(), note="", came_for="", user=sales
    )
    sales_client.post(f"/cadence/customers/{cust.pk}/plan/")
    plan = ReactivationPlan.objects.get(customer=cust)
    assert plan.prepared_answers == [
        {"code": "competitor"},
        {"code": "happy_with_supplier"},
        {"code": "send_catalogue"},
    ]
    page = sales_client.get(f"/cadence/plans/{plan.pk}/").content.decode()
    assert "Your price is higher than our current supplier." in page
    assert "Compare total cost: our quality record" in page and "Send us your catalogue" in page
    assert "call the decision maker" in page and "Next touch:</span> introduce new products" in page
    sales_client.cookies["django_language"] = "zh-hans"
    page = sales_client.get(f"/cadence/plans/{plan.pk}/").content.decode()
    assert "你们的价格比现在的供应商高。" in page and "比较综合成本" in page and "发目录给我们" in page
    assert "致电决策人" in page and "介绍新产品" in page and "Your price" not in page


def test_a_rejection_is_counted_but_does_not_advance_the_stage(sales_client: Client, sales: User) -> None:
    """A touch moves the series on; the customer's no is counted and the next touch stays the same."""
    plan = _plan(sales)
    _post(sales_client, plan, outcome="no_reply")
    _post(sales_client, plan, kind="rejection", rejection="We are happy with our supplier")
    page = sales_client.get(f"/cadence/plans/{plan.pk}/").content.decode()
    assert "1 rejection" in page and "Tried 1 time" in page and "reached 1 time" in page
    assert "present a new process or technology" in page  # the next touch: stage 2, not 3
    stages = list(plan.attempts.values_list("stage", "outcome"))
    assert stages == [("new_products", "no_reply"), ("new_products", "rejected")]


def test_no_reply_does_not_count_as_reached(sales_client: Client, sales: User) -> None:
    """Two touches without an answer: tried twice, reached none."""
    plan = _plan(sales)
    _post(sales_client, plan, outcome="no_reply")
    _post(sales_client, plan, outcome="no_reply")
    page = sales_client.get(f"/cadence/plans/{plan.pk}/").content.decode()
    assert "Tried 2 times" in page and "reached 0 times" in page and "0 rejections" in page


def test_counts_on_today_update_at_once(sales_client: Client, sales: User) -> None:
    """After a touch, Today's win-back task is the next stage and says 'tried 1'; no nightly run needed."""
    plan = _plan(sales)
    refresh_agenda(as_of=timezone.localdate())  # the nightly run: touch 1 is on Today
    first = Task.objects.get(rule_key=f"reactivation:{plan.pk}:1")
    with translation.override("en"):
        assert "Attempts so far: 0; rejections: 0." in first.why
    _post(sales_client, plan, outcome="no_reply")
    _post(sales_client, plan, kind="rejection", rejection="Too expensive")
    done = Task.objects.get(rule_key=f"reactivation:{plan.pk}:1")
    assert done.status == TaskStatusChoices.DONE
    nxt = Task.objects.get(rule_key=f"reactivation:{plan.pk}:2")
    assert nxt.status == TaskStatusChoices.OPEN and nxt.assignee == sales
    with translation.override("en"):
        assert "Attempts so far: 1; rejections: 1." in nxt.why
    with translation.override("zh-hans"):
        assert "已尝试 1 次，被拒 1 次" in nxt.why
    assert nxt.due_on == timezone.localdate() + dt.timedelta(days=21)


def test_a_customer_marked_lost_can_get_a_plan(sales_client: Client, sales: User) -> None:
    """The owner starts a plan from the lost customer's page; its first touch is on Today at once."""
    cust = f.customer("Lost Ltd", owner=sales, country="FR")
    mark_lost(
        customer=cust,
        reason="competitor",
        lost_on=timezone.localdate(),
        note="Cheaper offer",
        came_for="",
        user=sales,
    )
    page = sales_client.get(f"/customers/{cust.pk}/").content.decode()
    assert "Start a win-back plan" in page
    response = sales_client.post(f"/cadence/customers/{cust.pk}/plan/")
    plan = ReactivationPlan.objects.get(customer=cust)
    assert response.status_code == 302 and response["Location"] == f"/cadence/plans/{plan.pk}/"
    assert plan.loss_reason == "competitor" and plan.left_because == "Cheaper offer"
    first = Task.objects.get(rule_key=f"reactivation:{plan.pk}:1")
    assert first.assignee == sales
    with translation.override("en"):
        assert first.title == "Win-back touch 1: introduce new products"
    with translation.override("zh-hans"):
        assert first.title == "激活第 1 步：介绍新产品"
    assert "Start a win-back plan" not in sales_client.get(f"/customers/{cust.pk}/").content.decode()


def test_a_shared_colleague_may_not_start_a_plan(
    sales_client: Client, other_sales: User, sales: User
) -> None:
    """Starting a plan is the owner's or a manager's decision."""
    from laoke.customers.models import CustomerShare

    cust = f.customer("Lost Ltd", owner=other_sales)
    CustomerShare.objects.create(customer=cust, user=sales)
    mark_lost(
        customer=cust, reason="market", lost_on=timezone.localdate(), note="", came_for="", user=other_sales
    )
    assert sales_client.post(f"/cadence/customers/{cust.pk}/plan/").status_code == 403
    assert not ReactivationPlan.objects.exists()
