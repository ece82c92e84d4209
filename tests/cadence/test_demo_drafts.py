"""Every draft of the demo book, written on several days, states only facts from the record.

No unfilled or empty slot (``{``, ``None``, ": .", "()", double spaces), no ISO date, no date the
record does not hold (the last mail's day, the order's day, the festival's or birthday's day), no
greeting out of its season, and the contact's language where Laoke writes it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter

import pytest
from django.core.management import call_command

from laoke.accounts.models import User
from laoke.cadence.letters import letters
from laoke.cadence.models import FestivalSwitch
from laoke.cadence.services.agenda import refresh_agenda
from laoke.cadence.services.drafts import build_draft, last_mail_on
from laoke.core.cadence.festivals import greetings_for
from laoke.core.cadence.salutation import DRAFT_LANGUAGES
from laoke.core.cadence.salutation import format_date as _format_date
from laoke.customers.models import Contact
from laoke.demo.generator import generate_book
from laoke.demo.services import load_book
from laoke.orders.models import Order
from laoke.retention.models import Task

TODAY = dt.date(2026, 11, 25)
pytestmark = [pytest.mark.django_db, pytest.mark.slow]

#: Signs of a slot left empty or unfilled.
HOLES = re.compile(
    r"[{}]|\bNone\b|  |\(\s*\)|（\s*）|“\s*”|[:：]\s*[.。;；,，!！?？]|\s[.,](?!\S)|[，、；]\s*[。.]"
)
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def format_date(day: dt.date, language: str) -> str:
    """A day as a draft in ``language`` writes it."""
    return _format_date(day, letters(language).dates)


def _allowed_days(task: Task, as_of: dt.date) -> set[dt.date]:
    """The days a draft for ``task`` may name: what the record holds for it, and festivals ahead."""
    days: set[dt.date] = set()
    details = task.details or {}
    assert task.customer is not None
    sent = last_mail_on(task.customer.pk, as_of)
    if sent:
        days.add(sent)
    if details.get("order_no"):
        days.update(Order.objects.filter(order_no=details["order_no"]).values_list("order_date", flat=True))
    if details.get("on"):
        days.add(dt.date.fromisoformat(details["on"]))
    from laoke.core.cadence.calendar import festivals_between

    if task.kind == "monthly_touch" and task.customer.country:
        end = as_of + dt.timedelta(days=30)
        days.update(f.on for f in festivals_between(task.customer.country, as_of, end))
    return days


WRITTEN_DATE = re.compile(r"\d{4}年\d{1,2}月\d{1,2}日|(?<!\d)\d{1,2}\.? (?:de )?\w+ (?:de )?\d{4}(?: г\.)?")


def _named_days(text: str, language: str, as_of: dt.date) -> set[dt.date]:
    """Days within two years of ``as_of`` that ``text`` names, written the way drafts write them."""
    days = (as_of + dt.timedelta(days=offset) for offset in range(-730, 730))
    written = {format_date(day, language): day for day in days}
    found = set()
    for match in WRITTEN_DATE.findall(text):
        assert match in written, f"an unknown date {match!r}"
        found.add(written[match])
    return found


def _check(task: Task, user: User, as_of: dt.date, problems: list[str], languages: Counter[str]) -> None:
    draft = build_draft(task=task, user=user, as_of=as_of)
    details = task.details or {}
    if task.kind == "festival":
        on = dt.date.fromisoformat(details["on"])
        festival_ok = (on - dt.timedelta(days=45)) <= as_of <= on + dt.timedelta(days=3)
        if draft is not None and not festival_ok:
            problems.append(f"{task.pk} festival greeting for {on} written on {as_of}")
        assert task.customer is not None
        if draft is not None and details["festival"] not in greetings_for(task.customer.country):
            problems.append(f"{task.pk} {details['festival']} is not greeted in {task.customer.country}")
    if draft is None:
        return
    languages[draft.language] += 1
    text = f"{draft.subject}\n{draft.body}"
    where = f"{task.pk} {task.kind} {draft.language} on {as_of}"
    for hole in HOLES.finditer(text):
        problems.append(f"{where}: empty slot {hole.group()!r} in {text!r}")
    if ISO_DATE.search(text):
        problems.append(f"{where}: raw date in {text!r}")
    wrong = _named_days(text, draft.language, as_of) - _allowed_days(task, as_of)
    if wrong:
        problems.append(f"{where}: days {sorted(wrong)} not in the record: {text!r}")
    assert task.customer is not None
    if task.kind == "ladder_ask":
        sent = last_mail_on(task.customer.pk, as_of)
        if sent and format_date(sent, draft.language) not in draft.body:
            problems.append(f"{where}: the last mail went out on {sent}: {draft.body!r}")
    contact = next(iter(task.customer.contacts.all()), None)
    wanted = (contact.language.split("-")[0] if contact else "") or "en"
    if wanted in DRAFT_LANGUAGES and draft.language != wanted:
        problems.append(f"{where}: the contact reads {wanted}")


def test_every_demo_draft_states_only_facts_from_the_record() -> None:
    """Drafts of every open task, written on the day and weeks later, have no holes and no invented dates."""
    load_book(book=generate_book(seed=7, today=TODAY, customers=60, years=4))
    call_command("score", "--as-of", TODAY.isoformat())
    # Some contacts say how they want to be greeted; one company switch is set.
    for contact in Contact.objects.all()[::3]:
        contact.form_of_address = "ms" if contact.pk % 2 else "mr"
        contact.save(update_fields=["form_of_address"])
    FestivalSwitch.objects.create(country="DE", festival="easter", enabled=False)
    manager = User.objects.filter(role__in=["manager", "admin"]).first() or User.objects.first()
    assert manager is not None
    problems: list[str] = []
    languages: Counter[str] = Counter()
    rendered = 0
    for as_of in (TODAY, TODAY + dt.timedelta(days=24), TODAY + dt.timedelta(days=100)):
        refresh_agenda(as_of=as_of)
        tasks = Task.objects.filter(customer__isnull=False).select_related("customer", "assignee")
        for task in tasks:
            # Each task as written on its day and, stale, weeks after it.
            for day in (as_of, as_of + dt.timedelta(days=40)):
                _check(task, task.assignee or manager, day, problems, languages)
                rendered += 1
    assert rendered > 300
    assert not problems, "\n".join(problems[:15]) + f"\n… {len(problems)} problems"
    # The demo book's contacts read German, French, Spanish, Japanese…: drafts come in those languages.
    assert {"de", "fr", "es", "ja", "en"} <= set(languages), languages
