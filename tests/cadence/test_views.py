"""Cadence pages: drafts (never sent silently), the .ics calendar, plans, trips, response times, templates."""

from __future__ import annotations

import datetime as dt
from urllib.parse import unquote

import pytest
from django.core import mail
from django.test import Client, override_settings
from django.utils import timezone
from icalendar import Calendar

from laoke.accounts.models import User
from laoke.cadence.models import MailTemplate, ReactivationPlan, VisitPlan
from laoke.cadence.services.calendar import feed_token
from laoke.customers.models import Contact
from laoke.interactions.models import Interaction
from laoke.retention.models import Task, TaskStatusChoices
from tests.web import factories as f

pytestmark = pytest.mark.django_db


def _task(owner: User, *, language: str = "en", kind: str = "festival", **details: object) -> Task:
    cust = f.customer("Müller GmbH", owner=owner)
    Contact.objects.create(
        customer=cust, name="Hans", email="hans@example.de", language=language, is_primary=True
    )
    on = (timezone.localdate() + dt.timedelta(days=7)).isoformat()
    details = {
        "festival": "christmas",
        "festival_en": "Christmas",
        "festival_zh": "圣诞节",
        "on": on,
        **details,
    }
    return f.task(
        cust, owner, timezone.localdate(), kind=kind, rule_key=f"test:{kind}:{cust.pk}", details=details
    )


def test_draft_opens_in_the_contacts_language_with_mailto(sales_client: Client, sales: User) -> None:
    """A Chinese-speaking contact gets the Chinese template; the page offers mailto and no Send button."""
    task = _task(sales, language="zh-CN")
    page = sales_client.get(f"/cadence/tasks/{task.pk}/draft/").content.decode()
    assert "Hans您好：" in page and "圣诞快乐！" in page
    assert 'href="mailto:hans@example.de?subject=' in page
    link = page.split('id="draft-mailto" href="')[1].split('"')[0]
    assert "圣诞快乐" in unquote(link)
    assert 'name="via"' not in page  # no SMTP configured: nothing can be sent from Laoke


def test_draft_uses_the_companys_template(sales_client: Client, sales: User) -> None:
    """A template the company edited replaces the built-in one."""
    MailTemplate.objects.create(
        kind="festival", language="en", subject="Seasons greetings from us, {contact}", body="Hi"
    )
    task = _task(sales)
    assert (
        "Seasons greetings from us, Hans"
        in sales_client.get(f"/cadence/tasks/{task.pk}/draft/").content.decode()
    )


@override_settings(
    LAOKE_SMTP_HOST="smtp.example.com", EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"
)
def test_send_button_only_with_smtp_and_only_on_click(sales_client: Client, sales: User) -> None:
    """With SMTP configured, the draft is sent only on POST; it is logged as an unanswered mail."""
    task = _task(sales)
    page = sales_client.get(f"/cadence/tasks/{task.pk}/draft/").content.decode()
    assert 'name="via" value="smtp"' in page and not mail.outbox
    sales_client.post(
        f"/cadence/tasks/{task.pk}/draft/",
        {"via": "smtp", "to": "hans@example.de", "subject": "Frohe Weihnachten", "body": "Hallo"},
    )
    assert [m.subject for m in mail.outbox] == ["Frohe Weihnachten"]
    sent = Interaction.objects.get(kind="email_out")
    assert sent.reply_hours is None and sent.customer == task.customer
    task.refresh_from_db()
    assert task.status == TaskStatusChoices.DONE


def test_unknown_sender_sends_nothing(sales_client: Client, sales: User) -> None:
    """Without SMTP a forged Send is refused and nothing is logged."""
    task = _task(sales)
    sales_client.post(f"/cadence/tasks/{task.pk}/draft/", {"via": "smtp"})
    assert not mail.outbox and not Interaction.objects.exists()


def test_someone_elses_draft_is_hidden(sales_client: Client, other_sales: User) -> None:
    """A salesperson cannot open another salesperson's task draft."""
    task = _task(other_sales)
    assert sales_client.get(f"/cadence/tasks/{task.pk}/draft/").status_code == 404


def test_calendar_parses_with_icalendar(sales_client: Client, sales: User) -> None:
    """The .ics holds the open tasks (all-day) and the trips, and icalendar parses it cleanly."""
    task = _task(sales)
    visit = VisitPlan.objects.create(
        key="v1", owner=sales, country="DE", starts_on=dt.date(2027, 6, 20), ends_on=dt.date(2027, 6, 29)
    )
    visit.customers.add(task.customer)
    response = sales_client.get("/cadence/calendar.ics")
    assert response["Content-Type"].startswith("text/calendar")
    cal = Calendar.from_ical(response.content)
    events = list(cal.walk("VEVENT"))
    summaries = [str(e["SUMMARY"]) for e in events]
    assert any("Müller GmbH" in s for s in summaries)
    assert any(s.startswith("Trip to Germany") for s in summaries)
    trip = next(e for e in events if str(e["SUMMARY"]).startswith("Trip to"))
    assert trip.decoded("DTSTART") == dt.date(2027, 6, 20) and trip.decoded("DTEND") == dt.date(2027, 6, 30)
    assert len({str(e["UID"]) for e in events}) == len(events)


def test_calendar_feed_by_token(client: Client, sales: User, other_sales: User) -> None:
    """The private feed works without a session; a forged token is refused."""
    _task(sales)
    _task(other_sales)
    response = client.get(f"/cadence/feed/{feed_token(sales)}.ics")
    events = list(Calendar.from_ical(response.content).walk("VEVENT"))
    assert len(events) == 1
    assert client.get("/cadence/feed/forged.ics").status_code == 404


def test_template_edit_refuses_unknown_placeholders(manager_client: Client, sales: User) -> None:
    """A manager saves a template; an unknown placeholder is refused by name; salespeople cannot edit."""
    url = "/cadence/templates/festival/en/"
    bad = manager_client.post(url, {"subject": "Hi {customr}", "body": "x"})
    assert "unknown placeholder {customr}" in bad.content.decode() and not MailTemplate.objects.exists()
    manager_client.post(url, {"subject": "Hi {customer}", "body": "x"})
    assert MailTemplate.objects.get(kind="festival", language="en").subject == "Hi {customer}"
    seller = Client()
    seller.force_login(sales)
    assert seller.get(url).status_code == 403


def test_plan_page_logs_attempts_and_counts_rejections(
    sales_client: Client, sales: User, other_sales: User
) -> None:
    """Five logged rejections turn the plan's message into 'now the selling starts'; others cannot see it."""
    cust = f.customer(owner=sales)
    plan = ReactivationPlan.objects.create(
        customer=cust,
        started_on=timezone.localdate(),
        prepared_answers=[{"rejection_en": "Too pricey", "answer_en": "Trial lot"}],
    )
    for _ in range(5):
        sales_client.post(
            f"/cadence/plans/{plan.pk}/attempts/",
            {"attempted_on": timezone.localdate().isoformat(), "outcome": "rejected", "rejection": "No"},
        )
    page = sales_client.get(f"/cadence/plans/{plan.pk}/").content.decode()
    assert "5 rejections" in page and "Now the selling starts" in page and "Too pricey" in page
    other = Client()
    other.force_login(other_sales)
    assert other.get(f"/cadence/plans/{plan.pk}/").status_code == 404


def test_customer_page_shows_the_plan_panel(sales_client: Client, sales: User) -> None:
    """The customer's 360° page links its win-back plan."""
    cust = f.customer(owner=sales)
    plan = ReactivationPlan.objects.create(customer=cust, started_on=timezone.localdate())
    page = sales_client.get(f"/customers/{cust.pk}/").content.decode()
    assert f"/cadence/plans/{plan.pk}/" in page


def test_response_time_recorded_and_shown(sales_client: Client, sales: User) -> None:
    """Logged customer mails give the median reply time; a waiting mail can be marked answered."""
    cust = f.customer(owner=sales)
    now = timezone.now().replace(second=0, microsecond=0)
    for minutes in (5, 20, 60):
        sales_client.post(
            "/cadence/mails/",
            {
                "customer": cust.pk,
                "arrived_at": (now - dt.timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M"),
                "answered_at": (now - dt.timedelta(hours=3) + dt.timedelta(minutes=minutes)).strftime(
                    "%Y-%m-%dT%H:%M"
                ),
            },
        )
    assert sorted(Interaction.objects.values_list("reply_hours", flat=True)) == pytest.approx(
        [5 / 60, 1 / 3, 1.0], abs=1e-3
    )
    waiting = Interaction.objects.create(
        customer=cust, kind="email_in", direction="in", occurred_at=timezone.now() - dt.timedelta(minutes=30)
    )
    page = sales_client.get("/cadence/").content.decode()
    assert "0.33 h" in page  # the median of 5, 20 and 60 minutes
    sales_client.post(f"/cadence/mails/{waiting.pk}/answered/")
    waiting.refresh_from_db()
    assert waiting.reply_hours == pytest.approx(0.5, abs=0.05)


def test_answer_before_arrival_is_refused(sales_client: Client, sales: User) -> None:
    """An answer time before the arrival is refused with a message naming the field; nothing is stored."""
    cust = f.customer(owner=sales)
    response = sales_client.post(
        "/cadence/mails/",
        {"customer": cust.pk, "arrived_at": "2026-11-20T10:00", "answered_at": "2026-11-20T09:00"},
        follow=True,
    )
    assert "Answered at" in response.content.decode() and not Interaction.objects.exists()


def test_agenda_filters_by_kind_and_links_the_draft(sales_client: Client, sales: User) -> None:
    """The Today page counts tasks by kind, filters on one kind and links each task's draft."""
    task = _task(sales)
    f.task(task.customer, sales, timezone.localdate(), kind="order_photos", title_en="Send production photos")
    page = sales_client.get("/").content.decode()
    assert 'data-kind="festival"' in page and f"/cadence/tasks/{task.pk}/draft/" in page
    only = sales_client.get("/?kind=festival").content.decode()
    assert "Send production photos" not in only and task.title_en in only


def test_manager_agenda_shows_the_budget_and_counts_the_rest(manager_client: Client, sales: User) -> None:
    """With 30 overdue tasks the manager sees 25 on today's list and is told 5 more wait in later."""
    cust = f.customer(owner=sales)
    late = timezone.localdate() - dt.timedelta(days=2)
    for i in range(30):
        f.task(cust, sales, late, priority=float(i), title_en=f"Urgent task {i:02d}")
    page = manager_client.get("/").content.decode()
    today_list = page[page.index('id="today-list"') : page.index('id="group-later"')]
    assert today_list.count('class="list-group-item task-row') == 25
    assert "25 of 30 today, 5 later, 0 to catch up" in page


def test_declined_trip_leaves_the_calendar(sales_client: Client, sales: User) -> None:
    """Planning a trip confirms it in the .ics; declining it removes it."""
    visit = VisitPlan.objects.create(
        key="v2", owner=sales, country="US", starts_on=dt.date(2027, 9, 3), ends_on=dt.date(2027, 9, 12)
    )
    sales_client.post(f"/cadence/visits/{visit.pk}/", {"status": "planned"})
    events = list(Calendar.from_ical(sales_client.get("/cadence/calendar.ics").content).walk("VEVENT"))
    assert [str(e["STATUS"]) for e in events] == ["CONFIRMED"]
    sales_client.post(f"/cadence/visits/{visit.pk}/", {"status": "declined"})
    assert not list(Calendar.from_ical(sales_client.get("/cadence/calendar.ics").content).walk("VEVENT"))
