"""Today, ranked and bounded: the page, the catch-up bulk action, the budget, urgent work as tasks."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from laoke.accounts.models import RoleChoices, User
from laoke.cadence.models import TodaySettings
from laoke.cadence.services.urgent import sync_urgent_tasks
from laoke.core.scorecard.policy import Policy
from laoke.retention.models import StateChange, Task, TaskStatusChoices
from laoke.retention.services.alerts import dismiss_alert
from tests.web import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def li() -> User:
    return f.user("li")


@pytest.fixture
def li_client(li: User) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(li)
    return client


def _today_list(page: str) -> str:
    end = min(
        i for i in (page.find('id="group-later"'), page.find('id="group-catch-up"'), len(page)) if i > 0
    )
    return page[page.index('id="today-list"') : end]


def test_today_shows_the_budget_urgent_first_and_honest_counts(li: User, li_client: Client) -> None:
    """40 tasks: a complaint leads, 25 are on today's list, the rest are later or to catch up."""
    today = timezone.localdate()
    cust = f.customer("Osaka Trading", owner=li)
    for i in range(30):
        f.task(cust, li, today - dt.timedelta(days=i % 10), kind="monthly_touch", title_en=f"Touch {i:02d}")
    for i in range(9):
        f.task(cust, li, today - dt.timedelta(days=20 + i), kind="festival", title_en=f"Stale {i}")
    f.task(cust, li, today + dt.timedelta(days=5), kind="complaint", title_en="Resolve the crushed cartons")
    page = li_client.get("/").content.decode()
    listed = _today_list(page)
    assert listed.count('class="list-group-item task-row') == 25
    assert listed.index("Resolve the crushed cartons") < listed.index("Touch")
    assert "Open complaint" in listed and "deadline" in listed
    assert "25 of 40 today, 6 later, 9 to catch up" in page
    assert page.count('name="task" value=') == 0  # catch-up is drawn when opened
    opened = li_client.get("/?show=catch_up").content.decode()
    assert opened.count('name="task" value=') == 9  # the catch-up checkboxes


def test_today_page_reads_the_tasks_in_a_few_queries(li: User, li_client: Client) -> None:
    """No query per task: 60 tasks cost the same as 6."""
    cust = f.customer(owner=li)
    today = timezone.localdate()
    for i in range(6):
        f.task(cust, li, today - dt.timedelta(days=i))
    li_client.get("/")  # warm the caches (time zone, grades)
    with CaptureQueriesContext(connection) as few:
        li_client.get("/")
    for i in range(54):
        f.task(f.customer(owner=li), li, today - dt.timedelta(days=i % 30))
    with CaptureQueriesContext(connection) as changed:
        li_client.get("/")  # the agenda changed: scanned and ranked again (one query of values each)
    with CaptureQueriesContext(connection) as many:
        li_client.get("/")  # unchanged since: its counts and the ranking come from the cache
    # The agenda's scan is kept under the stamps (SQLite) or the change log (PostgreSQL).
    assert len(changed.captured_queries) == len(few.captured_queries) + 2
    assert len(many.captured_queries) == len(few.captured_queries)


def test_budget_is_set_per_person(li: User, li_client: Client) -> None:
    cust = f.customer(owner=li)
    for _ in range(12):
        f.task(cust, li, timezone.localdate())
    answer = li_client.post("/today/budget/", {"daily_budget": "5", "next": "https://evil.example/"})
    assert answer.status_code == 302 and answer["Location"] == "/"
    assert TodaySettings.objects.get(user=li).daily_budget == 5
    page = li_client.get("/").content.decode()
    assert "5 of 12 today, 7 later, 0 to catch up" in page
    assert "Today shows 5 tasks a day" in page
    refused = li_client.post("/today/budget/", {"daily_budget": "0"}, follow=True).content.decode()
    assert "The number was not saved" in refused and TodaySettings.objects.get(user=li).daily_budget == 5


def test_catch_up_snoozes_reschedules_and_dismisses_in_bulk(li: User, li_client: Client) -> None:
    """Only the ticked, still-stale tasks of the user change; another's task is left alone."""
    today = timezone.localdate()
    cust = f.customer(owner=li)
    stale = [f.task(cust, li, today - dt.timedelta(days=20 + i), kind="festival") for i in range(4)]
    fresh = f.task(cust, li, today - dt.timedelta(days=3))
    other = f.task(
        f.customer(owner=f.user("wang")), User.objects.get(username="wang"), today - dt.timedelta(days=30)
    )
    ids = [stale[0].pk, stale[1].pk, fresh.pk, other.pk]
    answer = li_client.post(
        "/today/catch-up/", {"task": ids, "action": "snooze", "next": "/?kind=festival"}, follow=False
    )
    assert answer.status_code == 302 and answer["Location"] == "/?kind=festival"
    states = {t.pk: (t.status, t.snoozed_until) for t in Task.objects.all()}
    week = today + dt.timedelta(days=7)
    assert states[stale[0].pk] == (TaskStatusChoices.SNOOZED, week)
    assert states[stale[1].pk] == (TaskStatusChoices.SNOOZED, week)
    assert states[fresh.pk][0] == TaskStatusChoices.OPEN and states[other.pk][0] == TaskStatusChoices.OPEN
    page = li_client.get("/").content.decode()
    assert "2 tasks snoozed." in page and "are not yours" in page

    until = today + dt.timedelta(days=40)
    li_client.post(
        "/today/catch-up/", {"task": [stale[2].pk], "action": "reschedule", "until": until.isoformat()}
    )
    li_client.post("/today/catch-up/", {"task": [stale[3].pk], "action": "dismiss"})
    stale[2].refresh_from_db()
    stale[3].refresh_from_db()
    assert (stale[2].status, stale[2].snoozed_until) == (TaskStatusChoices.SNOOZED, until)
    assert (stale[3].status, stale[3].cleared_on) == (TaskStatusChoices.CANCELLED, None)
    assert "0 to catch up" in li_client.get("/").content.decode()


def test_catch_up_refuses_a_missing_date_and_never_touches_urgent_work(li: User, li_client: Client) -> None:
    today = timezone.localdate()
    cust = f.customer(owner=li)
    complaint = f.task(cust, li, today - dt.timedelta(days=40), kind="complaint")
    stale = f.task(cust, li, today - dt.timedelta(days=40))
    page = li_client.post(
        "/today/catch-up/", {"task": [stale.pk], "action": "reschedule"}, follow=True
    ).content.decode()
    assert "Nothing was changed" in page
    li_client.post("/today/catch-up/", {"task": [complaint.pk, "abc"], "action": "dismiss"})
    complaint.refresh_from_db()
    stale.refresh_from_db()
    assert complaint.status == TaskStatusChoices.OPEN and stale.status == TaskStatusChoices.OPEN


def test_every_urgent_kind_becomes_a_task_for_the_owner() -> None:
    """Complaint, broken promise, payment overdue, A customer newly at risk, owner left."""
    today = timezone.localdate()
    li = f.user("li")
    gone = f.user("gone", left_on=today - dt.timedelta(days=10))
    f.user("boss", role=RoleChoices.MANAGER)
    sore = f.customer("Sore Ltd", owner=li)
    f.interaction(
        sore, "complaint", subject="Cartons crushed", occurred_at=timezone.now() - dt.timedelta(days=28)
    )
    promised = f.customer("Promise Co", owner=li)
    # An alert stored with codes (a stand-in code: any registered one is worded the same way).
    said = [{"code": "cadence.urgent.at_risk.why", "params": {"day": "2027-03-01"}}]
    f.alert(promised, code="broken_promise", key="bp1", reason_en="1 promise past due", reason_msg=said)
    payer = f.customer("Late Payer", owner=li)
    f.payment(payer, today - dt.timedelta(days=119), None)
    f.alert(payer, code="late_payment", key="lp1", reason_en="1 payment 119 days late")
    paid = f.customer("Paid Late Once", owner=li)
    f.payment(paid, today - dt.timedelta(days=300), today - dt.timedelta(days=250))
    f.alert(paid, code="late_payment", key="lp2")
    star = f.customer("Star Buyer", owner=li)
    f.score(star, grade="A", state="at_risk")
    StateChange.objects.create(customer=star, changed_on=today - dt.timedelta(days=5), state="at_risk")
    orphan = f.customer("Orphan GmbH", owner=gone)
    orphan_alert = f.alert(orphan, code="owner_left", key="ol1", reason_en="Its salesperson gone has left.")

    report = sync_urgent_tasks(as_of=today, policy=Policy())
    tasks = {t.customer.name: t for t in Task.objects.select_related("customer", "assignee")}
    assert report.created == 5 and set(tasks) == {
        "Sore Ltd",
        "Promise Co",
        "Late Payer",
        "Star Buyer",
        "Orphan GmbH",
    }
    assert all(tasks[n].assignee == li for n in ("Sore Ltd", "Promise Co", "Late Payer", "Star Buyer"))
    assert tasks["Orphan GmbH"].assignee is None  # on the managers' Today until the handover
    star_task, sore_task, promise_task = tasks["Star Buyer"], tasks["Sore Ltd"], tasks["Promise Co"]
    assert star_task.kind == "newly_at_risk" and star_task.title_en == sore_task.title_en == ""
    assert promise_task.title_msg == promise_task.why_msg == said  # the alert's codes, copied
    assert promise_task.why_en == "1 promise past due"  # and its text, for alerts stored before codes
    with translation.override("en"):
        assert star_task.title == "Call Star Buyer: a grade A customer is now at risk"
        changed = today - dt.timedelta(days=5)
        assert star_task.why == f"At risk since {changed:%m/%d/%Y}: ask what changed before they go quiet."
        assert sore_task.title == "Resolve the complaint: Cartons crushed"
        assert sore_task.why.startswith("An open complaint puts the customer at risk")
        assert (
            promise_task.title
            == promise_task.why
            == "At risk since 03/01/2027: ask what changed before they go quiet."
        )
    with translation.override("zh-hans"):
        assert star_task.title == "致电Star Buyer：A级客户刚出现流失风险"
        assert star_task.why.startswith(f"自{changed.year}年{changed.month}月{changed.day}日起有流失风险")
        assert sore_task.title == "处理客户投诉：Cartons crushed"
        assert sore_task.why.startswith("未处理的投诉会让客户面临流失风险")
        assert promise_task.why.startswith("自2027年3月1日起有流失风险")

    again = sync_urgent_tasks(as_of=today, policy=Policy())
    assert again.created == 0 and Task.objects.count() == 5
    dismiss_alert(alert=orphan_alert, user=li, note="handed over")
    assert Task.objects.get(customer=orphan).status == TaskStatusChoices.CANCELLED
