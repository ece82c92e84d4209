"""The managers' alert inbox: filters, bulk dismiss with a note, assignment onto a salesperson's Today."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import timezone, translation

from laoke.accounts.models import RoleChoices, Team, User
from laoke.audit.models import AuditEvent
from laoke.retention.models import Alert, Task
from laoke.retention.services.alerts import assign_alert
from tests.web import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def alerts() -> dict[str, Alert]:
    """An overdue alert on team A's customer, an owner-left one on team B's, a low one on A's."""
    team_a, team_b = Team.objects.create(name="A"), Team.objects.create(name="B")
    li = f.user("li", first_name="Li", team=team_a)
    zhao = f.user("zhao", team=team_b)
    a1 = f.customer("Alpha GmbH", owner=li)
    b1 = f.customer("Bravo Ltd", owner=zhao)
    return {
        "overdue": f.alert(
            a1, code="overdue", key="a1:overdue", severity=3, reason_en="Late against its rhythm."
        ),
        "owner": f.alert(b1, code="owner_left", key="b1:owner_left", severity=3, reason_en="Owner left."),
        "low": f.alert(a1, code="volume_drop", key="a1:drop", severity=1, reason_en="Sales falling."),
    }


def _login(client: Client, user: User, lang: str = "en") -> Client:
    client.force_login(user)
    client.cookies["django_language"] = lang
    return client


def test_filters_by_kind_severity_and_owner(client: Client, alerts: dict[str, Alert]) -> None:
    """The kind and severity filters narrow the list; a bad filter value is an ignored filter, not a 500."""
    c = _login(client, f.user("boss", role=RoleChoices.MANAGER))
    page = c.get("/alerts/").content.decode()
    assert "Alpha GmbH" in page and "Bravo Ltd" in page
    only = c.get("/alerts/?kind=owner_left").content.decode()
    assert "Bravo Ltd" in only and "Alpha GmbH" not in only
    low = c.get("/alerts/?severity=1").content.decode()
    assert "Sales falling." in low and "Late against its rhythm." not in low
    li = User.objects.get(username="li")
    mine = c.get(f"/alerts/?owner={li.pk}").content.decode()
    assert "Bravo Ltd" not in mine and "Alpha GmbH" in mine
    for odd in ("?owner=²", "?severity=9", "?kind=<b>", "?page=-3", "?state=zzz"):
        assert c.get(f"/alerts/{odd}").status_code == 200


def test_team_manager_sees_the_team_only_and_salespeople_are_refused(
    client: Client, alerts: dict[str, Alert]
) -> None:
    """A team manager's inbox holds the team's alerts, cannot act on another team's; salespeople get 403."""
    lead = f.user("lead", role=RoleChoices.MANAGER, team=Team.objects.get(name="A"))
    c = _login(client, lead)
    page = c.get("/alerts/").content.decode()
    assert "Alpha GmbH" in page and "Bravo Ltd" not in page
    c.post("/alerts/", {"action": "dismiss", "alerts": [alerts["owner"].pk], "note": "not mine"})
    assert Alert.objects.get(pk=alerts["owner"].pk).dismissed_at is None
    assert _login(Client(), User.objects.get(username="li")).get("/alerts/").status_code == 403


def test_bulk_dismiss_needs_a_note_and_is_audited(client: Client, alerts: dict[str, Alert]) -> None:
    """Dismissing several at once stores the note on each; without a note nothing is dismissed."""
    boss = f.user("boss", role=RoleChoices.MANAGER)
    c = _login(client, boss)
    ids = [alerts["overdue"].pk, alerts["low"].pk]
    c.post("/alerts/", {"action": "dismiss", "alerts": ids, "note": ""})
    assert not Alert.objects.filter(pk__in=ids, dismissed_at__isnull=False).exists()
    c.post(
        "/alerts/", {"action": "dismiss", "alerts": ids, "note": "Spoke to them: new season starts in May"}
    )
    stored = Alert.objects.filter(pk__in=ids)
    assert all(a.dismissed_by == boss and a.dismissed_note.startswith("Spoke") for a in stored)
    assert AuditEvent.objects.get(action="alerts_dismissed").rows == 2
    assert "Alpha GmbH" not in c.get("/alerts/").content.decode()
    assert "Spoke to them" in c.get("/alerts/?state=dismissed").content.decode()


def test_an_assigned_alert_is_on_the_salespersons_today_and_leaves_when_dismissed(
    client: Client, alerts: dict[str, Alert]
) -> None:
    """Assigning makes a high-priority task on the person's Today; dismissing the alert cancels it."""
    boss = f.user("boss", role=RoleChoices.MANAGER)
    li = User.objects.get(username="li")
    c = _login(client, boss)
    alert = alerts["overdue"]
    c.post("/alerts/", {"action": "assign", "alerts": [alert.pk], "assignee": li.pk})
    task = Task.objects.get(rule_key=f"alert:{alert.pk}")
    assert task.assignee == li and task.status == "open" and task.due_on >= timezone.localdate()
    assert "li" in c.get("/alerts/").content.decode()
    today = _login(Client(), li).get("/").content.decode()
    assert task.title_en == alert.action_en and alert.action_en in today
    c.post("/alerts/", {"action": "dismiss", "alerts": [alert.pk], "note": "Ordered yesterday"})
    task.refresh_from_db()
    assert task.status == "cancelled"


def test_an_alert_stored_with_codes_becomes_a_task_with_the_same_codes() -> None:
    """The alert's action (else its reason) is the task's title, its reason the why: codes copied,
    worded in the reader's language; an alert's old text is copied too for alerts stored before."""
    li = f.user("li")
    cust = f.customer("Coded GmbH", owner=li)
    # A stand-in code (any registered one is worded the same way).
    said = [{"code": "cadence.urgent.at_risk.why", "params": {"day": "2027-03-01"}}]
    coded = f.alert(cust, reason_en="", reason_zh="", action_en="", action_zh="", reason_msg=said)
    task = assign_alert(alert=coded, assignee=li, today=timezone.localdate())
    assert task.title_msg == task.why_msg == said and task.title_en == ""
    with translation.override("en"):
        assert task.title == task.why == "At risk since 03/01/2027: ask what changed before they go quiet."
    with translation.override("zh-hans"):
        assert task.why == "自2027年3月1日起有流失风险：趁客户还在，问清发生了什么。"
    old = f.alert(cust)  # stored before codes: its text
    task = assign_alert(alert=old, assignee=li, today=timezone.localdate())
    assert task.title_msg is None and task.why_msg is None
    with translation.override("zh-hans"):
        assert (task.title, task.why) == ("给采购打电话", "三个月没有联系")


def test_two_people_dismissing_at_once_keep_the_first_note() -> None:
    """The dismissal is one conditional update: a stale copy cannot overwrite the first note."""
    from laoke.retention.services.alerts import AlreadyDismissedError, dismiss_alert

    owner = f.user("li")
    alert = f.alert(f.customer(owner=owner), code="overdue", key="x")
    stale = Alert.objects.get(pk=alert.pk)
    dismiss_alert(alert=alert, user=owner, note="first")
    with pytest.raises(AlreadyDismissedError):
        dismiss_alert(alert=stale, user=owner, note="second")
    assert Alert.objects.get(pk=alert.pk).dismissed_note == "first"
