"""refresh_agenda on stored facts: tasks by rule, no duplicates, stop-on-reply, plans and win-backs."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone, translation

from laoke.accounts.models import User
from laoke.cadence.models import AttemptOutcomeChoices, PlanStatusChoices, ReactivationPlan, VisitPlan
from laoke.cadence.services.agenda import refresh_agenda
from laoke.cadence.services.plans import record_attempt
from laoke.customers.models import Contact
from laoke.interactions.models import Interaction
from laoke.retention.models import Forecast, Task, TaskStatusChoices
from tests.web import factories as f

AS_OF = dt.date(2026, 11, 25)
pytestmark = pytest.mark.django_db


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def mail_out(cust, user, day: dt.date, reply: float | None = None) -> Interaction:  # type: ignore[no-untyped-def]
    return Interaction.objects.create(
        customer=cust,
        user=user,
        kind="email_out",
        direction="out",
        occurred_at=at(day),
        subject="Offer",
        reply_hours=reply,
    )


def open_tasks(**filters: object) -> list[Task]:
    return list(Task.objects.filter(status=TaskStatusChoices.OPEN, **filters))


def test_unanswered_mail_starts_the_ladder_once(sales: User) -> None:
    """An unanswered mail 4 days old gives one 'ask whether it arrived' task, and a rerun adds nothing."""
    cust = f.customer(owner=sales, country="US")
    f.score(cust, grade="B")
    mail_out(cust, sales, AS_OF - dt.timedelta(days=4))
    first = refresh_agenda(as_of=AS_OF)
    (ladder,) = open_tasks(kind="ladder_ask")
    assert ladder.assignee == sales and ladder.due_on == AS_OF - dt.timedelta(days=1)
    # stored as codes, worded in the reader's language when shown
    assert ladder.title_msg == [{"code": "cadence.ladder.ask.title", "params": {}}] and not ladder.why_en
    with translation.override("en"):
        assert ladder.title == "Ask whether the mail arrived"
        assert ladder.why.startswith("No reply for 3 days to “Offer” sent on ")
    with translation.override("zh-hans"):
        assert ladder.title == "询问邮件是否收到"
        assert "“Offer”已 3 天未回复：礼貌询问是否收到。" in ladder.why
    total = Task.objects.count()
    second = refresh_agenda(as_of=AS_OF)
    assert Task.objects.count() == total and second.created == 0 and second.updated == 0
    assert first.created == total


def test_reply_stops_the_ladder(sales: User) -> None:
    """When the customer writes back, the open ladder task is cleared, not left on the agenda."""
    cust = f.customer(owner=sales)
    f.score(cust)
    mail_out(cust, sales, AS_OF - dt.timedelta(days=4))
    refresh_agenda(as_of=AS_OF)
    Interaction.objects.create(
        customer=cust, kind="email_in", direction="in", occurred_at=at(AS_OF), reply_hours=0.1
    )
    report = refresh_agenda(as_of=AS_OF)
    task = Task.objects.get(kind="ladder_ask")
    assert task.status == TaskStatusChoices.CANCELLED and task.cleared_on == AS_OF
    assert report.cleared >= 1


def test_done_tasks_are_not_reopened_and_count_as_contact(sales: User) -> None:
    """A monthly mail marked done stays done, and the next one is due an interval after it."""
    cust = f.customer(owner=sales)
    f.score(cust)
    refresh_agenda(as_of=AS_OF)
    (touch,) = open_tasks(kind="monthly_touch")
    assert touch.due_on == AS_OF  # never contacted
    touch.status, touch.done_at = TaskStatusChoices.DONE, at(AS_OF)
    touch.save()
    refresh_agenda(as_of=AS_OF)
    touch.refresh_from_db()
    assert touch.status == TaskStatusChoices.DONE
    (following,) = open_tasks(kind="monthly_touch")
    assert following.due_on == AS_OF + dt.timedelta(days=30)


def test_key_customers_are_touched_every_two_weeks(sales: User) -> None:
    """The policy's top grade (A) is a key customer: a contact 14 days after the last one."""
    key = f.customer(owner=sales)
    f.score(key, grade="A")
    mail_out(key, sales, AS_OF - dt.timedelta(days=5), reply=2.0)
    refresh_agenda(as_of=AS_OF)
    (touch,) = open_tasks(kind="monthly_touch", customer=key)
    assert touch.due_on == AS_OF + dt.timedelta(days=9)


def test_pre_season_from_the_stored_forecast(sales: User) -> None:
    """A forecast window starting in 50 days asks for samples 10 days ago (two months ahead)."""
    cust = f.customer(owner=sales)
    f.score(cust)
    Forecast.objects.create(
        customer=cust,
        as_of=AS_OF,
        window_start=AS_OF + dt.timedelta(days=50),
        details={"typical_gap_days": 200.0},
    )
    refresh_agenda(as_of=AS_OF)
    (task,) = open_tasks(kind="pre_season")
    assert task.due_on == AS_OF - dt.timedelta(days=10)


def test_festival_and_birthday_for_the_customers_country(sales: User) -> None:
    """A Brazilian customer gets a Christmas greeting and its contact a birthday greeting."""
    cust = f.customer(owner=sales, country="BR")
    f.score(cust)
    Contact.objects.create(customer=cust, name="Ana", birthday=dt.date(1985, 12, 10), language="pt-BR")
    refresh_agenda(as_of=dt.date(2026, 12, 5))
    assert {t.details["festival"] for t in open_tasks(kind="festival")} >= {"christmas"}
    (birthday,) = open_tasks(kind="birthday")
    assert birthday.due_on == dt.date(2026, 12, 7)


def test_departed_owner_leaves_tasks_unassigned(sales: User) -> None:
    """A customer whose salesperson left gets tasks without an assignee (the manager hands them over)."""
    gone = f.user("gone", left_on=AS_OF - dt.timedelta(days=30))
    cust = f.customer(owner=gone)
    f.score(cust)
    refresh_agenda(as_of=AS_OF)
    tasks = open_tasks(customer=cust)
    assert tasks and {t.assignee for t in tasks} == {None}


def test_dormant_customer_gets_a_plan_and_win_back_is_recorded(sales: User) -> None:
    """A dormant customer gets one plan with answers; logging attempts moves it on; an order wins it back."""
    cust = f.customer(owner=sales)
    f.score(cust, state="dormant")
    refresh_agenda(as_of=AS_OF)
    refresh_agenda(as_of=AS_OF)
    plan = ReactivationPlan.objects.get(customer=cust)
    assert plan.prepared_answers and plan.status == PlanStatusChoices.ACTIVE
    (touch,) = open_tasks(kind="reactivation")
    assert touch.details["plan_id"] == plan.pk
    with translation.override("en"):
        assert "rejections: 0." in touch.why
    with translation.override("zh-hans"):
        assert "被拒 0 次" in touch.why
    for _ in range(5):
        record_attempt(
            plan=plan, user=sales, on=AS_OF, outcome=AttemptOutcomeChoices.REJECTED, rejection="No"
        )
    refresh_agenda(as_of=AS_OF + dt.timedelta(days=30))
    (touch,) = open_tasks(kind="reactivation")
    with translation.override("en"):
        assert "Rejections so far: 5. Now the selling starts: ask for a meeting." in touch.why
    with translation.override("zh-hans"):
        assert "已被拒 5 次：真正的销售现在开始——争取见面。" in touch.why
    f.order(cust, AS_OF + dt.timedelta(days=40))
    report = refresh_agenda(as_of=AS_OF + dt.timedelta(days=41))
    plan.refresh_from_db()
    assert plan.status == PlanStatusChoices.WON and plan.won_on == AS_OF + dt.timedelta(days=40)
    assert report.won_back == 1 and not open_tasks(kind="reactivation")


def test_visits_are_proposed_for_key_customers(sales: User) -> None:
    """In late May, a trip in late June is proposed for the salesperson's key customers of one country."""
    for name in ("Alpha", "Beta"):
        f.score(f.customer(name, owner=sales, country="DE"), grade="A")
    refresh_agenda(as_of=dt.date(2027, 5, 20))
    visit = VisitPlan.objects.get()
    # 2027-06-20 is a Sunday: the visits start on Monday.
    assert visit.country == "DE" and visit.customers.count() == 2 and visit.starts_on == dt.date(2027, 6, 21)
    (task,) = open_tasks(kind="visit")
    assert task.details["visit_id"] == visit.pk and task.assignee == sales


def test_open_orders_get_their_touchpoints(sales: User) -> None:
    """An order placed 3 days ago gets the completion date, photos, shipping and loading touchpoints."""
    cust = f.customer(owner=sales)
    f.score(cust)
    f.order(cust, AS_OF - dt.timedelta(days=3))
    refresh_agenda(as_of=AS_OF)
    kinds = {t.kind for t in open_tasks(customer=cust)}
    assert {"order_completion", "order_photos", "order_shipping", "order_loading"} <= kinds


def test_a_history_import_opens_no_overdue_order_touchpoints(tmp_path: object) -> None:
    """Orders imported today get only the touchpoints still ahead: nothing opens already overdue."""
    from io import StringIO
    from pathlib import Path

    today = timezone.localdate()
    path = Path(str(tmp_path)) / "orders.csv"
    rows = [(f"SO-{d}", (today - dt.timedelta(days=d)).isoformat()) for d in (2, 9, 20, 40)]
    path.write_text(
        "客户,日期,订单号,金额\n" + "".join(f"Acme,{day},{no},1000\n" for no, day in rows), encoding="utf-8"
    )
    call_command("import_data", "orders", str(path), stdout=StringIO(), stderr=StringIO())
    refresh_agenda(as_of=today)
    order_tasks = Task.objects.filter(kind__startswith="order_")
    assert order_tasks.exists()  # the touchpoints still ahead are proposed
    assert not order_tasks.filter(due_on__lt=today).exists()


def test_agenda_command_prints_counts_by_salesperson(sales: User, capsys: pytest.CaptureFixture[str]) -> None:
    """``laoke agenda`` refreshes and prints each salesperson's open tasks by kind."""
    cust = f.customer(owner=sales)
    f.score(cust)
    with translation.override("en"):
        call_command("agenda", "--as-of", AS_OF.isoformat())
    out = capsys.readouterr().out
    assert "Follow-up plan as of 2026-11-25" in out
    assert "  sales1: 2 — " in out and "Monthly mail 1" in out


def test_a_cleared_task_comes_back_when_its_reason_does(sales: User) -> None:
    """A task the engine cleared reopens under the same key when the rule proposes it again."""
    cust = f.customer(owner=sales)
    score = f.score(cust, state="active")
    refresh_agenda(as_of=AS_OF)
    (touch,) = open_tasks(kind="monthly_touch")
    score.state = "lost"
    score.save()
    refresh_agenda(as_of=AS_OF)
    touch.refresh_from_db()
    assert touch.status == TaskStatusChoices.CANCELLED and touch.cleared_on == AS_OF
    score.state = "active"
    score.save()
    refresh_agenda(as_of=AS_OF)
    touch.refresh_from_db()
    assert touch.status == TaskStatusChoices.OPEN and touch.cleared_on is None
    assert Task.objects.filter(kind="monthly_touch").count() == 1
