"""Complaints: logged from the customer page with a deadline, on the owner's Today until resolved."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone, translation

from laoke.accounts.models import RoleChoices, User
from laoke.audit.models import AuditEvent
from laoke.customers.models import CustomerShare
from laoke.interactions.models import Interaction
from laoke.retention.models import Task, TaskStatusChoices
from tests.web import factories as f

pytestmark = pytest.mark.django_db


def _complaint(deadline: dt.date, subject: str = "Cartons arrived crushed") -> dict[str, str]:
    return {
        "complaint-subject": subject,
        "complaint-body": "12 of 40 cartons damaged; they want a credit note.",
        "complaint-deadline": deadline.isoformat(),
    }


def _resolve(complaint: Interaction, day: dt.date, note: str = "Credit note sent") -> dict[str, str]:
    return {f"resolve-{complaint.pk}-resolved_on": day.isoformat(), f"resolve-{complaint.pk}-note": note}


def test_a_logged_complaint_is_on_the_owners_today_at_once_and_leaves_when_resolved(
    client: Client, manager_client: Client, sales: User
) -> None:
    """A manager logs it: the owner's Today shows the task (deadline 20 days out); resolving closes it."""
    cust = f.customer("Lyon Import", owner=sales)
    today = timezone.localdate()
    deadline = today + dt.timedelta(days=20)
    response = manager_client.post(f"/customers/{cust.pk}/complaints/", _complaint(deadline))
    assert response.status_code == 302
    complaint = Interaction.objects.get(customer=cust, kind="complaint")
    assert (complaint.deadline, complaint.direction, complaint.resolved_at) == (deadline, "in", None)
    task = Task.objects.get(rule_key=f"complaint:{complaint.pk}")
    assert (task.assignee, task.due_on, task.status) == (sales, deadline, TaskStatusChoices.OPEN)

    assert task.title_en == ""  # codes, worded in the reader's language
    with translation.override("en"):
        assert task.title == "Resolve the complaint: Cartons arrived crushed"
    with translation.override("zh-hans"):
        assert task.title == "处理客户投诉：Cartons arrived crushed"
        assert task.why == "未处理的投诉会让客户面临流失风险；处理后请在客户页面标记为已解决。"
    client.force_login(sales)
    client.cookies["django_language"] = "en"
    today_page = client.get("/").content.decode()
    assert (
        f'id="task-{task.pk}"' in today_page
        and "Resolve the complaint: Cartons arrived crushed" in today_page
    )

    manager_client.post(f"/complaints/{complaint.pk}/resolve/", _resolve(complaint, today))
    complaint.refresh_from_db()
    task.refresh_from_db()
    assert complaint.resolved_at is not None and complaint.resolution == "Credit note sent"
    assert task.status == TaskStatusChoices.DONE
    assert f'id="task-{task.pk}"' not in client.get("/").content.decode()


def test_logging_and_resolving_are_audited(sales_client: Client, sales: User) -> None:
    """One audit event when logged (subject, deadline) and one when resolved (day, note)."""
    cust = f.customer(owner=sales)
    today = timezone.localdate()
    sales_client.post(f"/customers/{cust.pk}/complaints/", _complaint(today + dt.timedelta(days=5)))
    complaint = Interaction.objects.get(customer=cust)
    logged = AuditEvent.objects.get(action="complaint_logged")
    assert (logged.user, logged.target) == (sales, f"customer {cust.code}")
    assert logged.detail["subject"] == "Cartons arrived crushed"
    yesterday = today - dt.timedelta(days=1)
    complaint.occurred_at -= dt.timedelta(days=3)
    complaint.save()
    sales_client.post(f"/complaints/{complaint.pk}/resolve/", _resolve(complaint, yesterday))
    resolved = AuditEvent.objects.get(action="complaint_resolved")
    assert resolved.detail == {
        "complaint": complaint.pk,
        "resolved_on": yesterday.isoformat(),
        "note": "Credit note sent",
    }
    complaint.refresh_from_db()
    assert timezone.localdate(complaint.resolved_at) == yesterday and complaint.resolved_by == sales


def test_the_page_lists_open_complaints_with_the_deadline_prefilled(
    sales_client: Client, sales: User
) -> None:
    """The form proposes today + the policy's complaint days; an open complaint is listed to resolve."""
    cust = f.customer(owner=sales)
    expected = timezone.localdate() + dt.timedelta(days=14)
    page = sales_client.get(f"/customers/{cust.pk}/").content.decode()
    assert f'value="{expected.isoformat()}"' in page
    sales_client.post(f"/customers/{cust.pk}/complaints/", _complaint(expected, "Wrong colour"))
    page = sales_client.get(f"/customers/{cust.pk}/").content.decode()
    assert "Wrong colour" in page and "Mark resolved" in page


def test_a_complaint_from_the_quick_form_also_gets_its_task(sales_client: Client, sales: User) -> None:
    """Logged as an interaction of kind complaint: deadline = day + 14 days, task on the owner's agenda."""
    cust = f.customer(owner=sales)
    sales_client.post(
        f"/customers/{cust.pk}/interactions/",
        {
            "kind": "complaint",
            "occurred_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "subject": "Late",
        },
        HTTP_HX_REQUEST="true",
    )
    complaint = Interaction.objects.get(customer=cust)
    assert complaint.deadline == timezone.localdate() + dt.timedelta(days=14)
    assert Task.objects.get(rule_key=f"complaint:{complaint.pk}").assignee == sales


def test_subject_and_a_deadline_not_in_the_past_are_required(sales_client: Client, sales: User) -> None:
    """No subject, or a deadline before today: nothing is logged and no task is made."""
    cust = f.customer(owner=sales)
    today = timezone.localdate()
    assert (
        sales_client.post(
            f"/customers/{cust.pk}/complaints/", {**_complaint(today), "complaint-subject": ""}
        ).status_code
        == 400
    )
    past = sales_client.post(f"/customers/{cust.pk}/complaints/", _complaint(today - dt.timedelta(days=1)))
    assert past.status_code == 400 and "The deadline cannot be in the past." in past.content.decode()
    assert not Interaction.objects.exists() and not Task.objects.exists()


def test_resolving_needs_a_note_and_a_possible_day(sales_client: Client, sales: User) -> None:
    """No note, a future day or a day before the complaint: refused, still open with its task."""
    cust = f.customer(owner=sales)
    today = timezone.localdate()
    sales_client.post(f"/customers/{cust.pk}/complaints/", _complaint(today))
    complaint = Interaction.objects.get(customer=cust)
    url = f"/complaints/{complaint.pk}/resolve/"
    assert sales_client.post(url, _resolve(complaint, today, note=" ")).status_code == 400
    assert sales_client.post(url, _resolve(complaint, today + dt.timedelta(days=1))).status_code == 400
    before = sales_client.post(url, _resolve(complaint, today - dt.timedelta(days=2)))
    assert before.status_code == 400 and "received after this day" in before.content.decode()
    complaint.refresh_from_db()
    assert complaint.resolved_at is None
    assert Task.objects.get(rule_key=f"complaint:{complaint.pk}").status == TaskStatusChoices.OPEN


def test_a_resolved_complaint_is_not_resolved_twice(sales_client: Client, sales: User) -> None:
    """A second resolution keeps the first one's note and says it is already resolved."""
    cust = f.customer(owner=sales)
    today = timezone.localdate()
    sales_client.post(f"/customers/{cust.pk}/complaints/", _complaint(today))
    complaint = Interaction.objects.get(customer=cust)
    sales_client.post(f"/complaints/{complaint.pk}/resolve/", _resolve(complaint, today))
    again = sales_client.post(
        f"/complaints/{complaint.pk}/resolve/", _resolve(complaint, today, "Other"), follow=True
    )
    assert "This complaint is already resolved." in again.content.decode()
    complaint.refresh_from_db()
    assert complaint.resolution == "Credit note sent"
    assert AuditEvent.objects.filter(action="complaint_resolved").count() == 1


def test_a_salesperson_cannot_log_or_resolve_on_a_colleagues_customer(
    sales_client: Client, sales: User, other_sales: User
) -> None:
    """Another's customer: 404 for logging and for resolving; the complaint stays open."""
    cust = f.customer(owner=other_sales)
    today = timezone.localdate()
    assert sales_client.post(f"/customers/{cust.pk}/complaints/", _complaint(today)).status_code == 404
    complaint = f.interaction(cust, "complaint", subject="Theirs")
    assert (
        sales_client.post(f"/complaints/{complaint.pk}/resolve/", _resolve(complaint, today)).status_code
        == 404
    )
    complaint.refresh_from_db()
    assert complaint.resolved_at is None
    assert not AuditEvent.objects.filter(action__startswith="complaint").exists()


def test_a_colleague_the_customer_is_shared_with_may_log_a_complaint(
    sales_client: Client, sales: User, other_sales: User
) -> None:
    """Shared with them: they log it, and the task goes to the owner, not to them."""
    cust = f.customer(owner=other_sales)
    CustomerShare.objects.create(customer=cust, user=sales)
    sales_client.post(f"/customers/{cust.pk}/complaints/", _complaint(timezone.localdate()))
    assert Task.objects.get(kind="complaint").assignee == other_sales


def test_a_team_manager_does_not_see_another_teams_complaint_task(client: Client, sales: User) -> None:
    """The task follows the task visibility: another team's manager gets 404 when resolving."""
    from laoke.accounts.models import Team

    north = Team.objects.create(name="North")
    lead = f.user("lead", role=RoleChoices.MANAGER, team=north)
    cust = f.customer(owner=f.user("southern", team=Team.objects.create(name="South")))
    complaint = f.interaction(cust, "complaint", subject="Theirs")
    client.force_login(lead)
    assert (
        client.post(
            f"/complaints/{complaint.pk}/resolve/", _resolve(complaint, timezone.localdate())
        ).status_code
        == 404
    )
