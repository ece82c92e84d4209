"""Each salesperson's tasks and planned trips as an iCalendar file (Outlook, Google, DingTalk…).

A private feed URL carries a signed token, so a calendar app can subscribe without a session.
"""

from __future__ import annotations

import datetime as dt

from django.core import signing
from django.db.models import Q
from django.utils import translation
from icalendar import Calendar, Event

from laoke.accounts.access import sees_everything
from laoke.accounts.models import User
from laoke.cadence.models import VisitPlan, VisitStatusChoices
from laoke.customers.visibility import visible_customers
from laoke.fileio.countries import country_names
from laoke.retention.services.tasks import active_tasks

SALT = "laoke.cadence.calendar-feed"
#: How far the calendar reaches back and ahead.
PAST_DAYS = 14
AHEAD_DAYS = 120


def feed_token(user: User) -> str:
    """The signed token of the user's private calendar feed."""
    return signing.dumps({"u": user.pk}, salt=SALT, compress=True)


def user_for_token(token: str) -> User | None:
    """The user a feed token belongs to, if it is valid and the user may still log in."""
    try:
        data = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    pk = data.get("u") if isinstance(data, dict) else None
    user = User.objects.filter(pk=pk).first() if isinstance(pk, int) else None
    return user if user is not None and user.can_log_in else None


def build_calendar(*, user: User, today: dt.date, language: str = "en", host: str = "laoke") -> bytes:
    """The user's open tasks (all-day events on their date) and trips (multi-day events) as .ics."""
    zh = language.startswith("zh")
    cal = Calendar()
    cal.add("prodid", "-//Laoke//follow-up plan//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", f"Laoke — {user.get_full_name() or user.get_username()}")
    stamp = dt.datetime.combine(today, dt.time(), tzinfo=dt.UTC)
    tasks = (
        active_tasks(assignee=user)
        .filter(effective_due__gte=today - dt.timedelta(days=PAST_DAYS))  # type: ignore[misc]
        .filter(effective_due__lte=today + dt.timedelta(days=AHEAD_DAYS))
        .select_related("customer")
    )
    if not sees_everything(user):
        tasks = tasks.filter(Q(customer__isnull=True) | Q(customer__in=visible_customers(user).values("pk")))
    for task in tasks.order_by("effective_due", "pk"):
        day: dt.date = task.effective_due
        event = Event()
        event.add("uid", f"task-{task.pk}@{host}")
        event.add("dtstamp", stamp)
        event.add("dtstart", day)
        event.add("dtend", day + dt.timedelta(days=1))
        who = f" — {task.customer.name}" if task.customer else ""
        with translation.override(language):  # the feed's language, not the request's
            event.add("summary", f"{task.title}{who}")
            event.add("description", task.why)
        event.add("categories", [task.kind])
        event.add("transp", "TRANSPARENT")
        cal.add_component(event)
    visits = VisitPlan.objects.filter(owner=user, ends_on__gte=today - dt.timedelta(days=PAST_DAYS)).exclude(
        status=VisitStatusChoices.DECLINED
    )
    for visit in visits.prefetch_related("customers"):
        event = Event()
        event.add("uid", f"visit-{visit.pk}@{host}")
        event.add("dtstamp", stamp)
        event.add("dtstart", visit.starts_on)
        event.add("dtend", visit.ends_on + dt.timedelta(days=1))
        names = ", ".join(c.name for c in visit.customers.all())
        en, zh_name = country_names().get(visit.country, (visit.country, visit.country))
        event.add("summary", (f"出差{zh_name}" if zh else f"Trip to {en}") + f": {names}")
        event.add("status", "CONFIRMED" if visit.status == VisitStatusChoices.PLANNED else "TENTATIVE")
        event.add("categories", ["visit"])
        cal.add_component(event)
    return cal.to_ical()
