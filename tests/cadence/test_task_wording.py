"""Rule-made tasks store message codes; every reader words them in its reader's language.

Today, the customer page, the draft page, the .ics calendar, the handover dossier and the
timeline entry of a task done all show the title (and the why) in the reader's language; a row
stored the old way (its own English and Chinese text) still shows that text.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone, translation
from icalendar import Calendar

from laoke.accounts.models import RoleChoices, User
from laoke.core.messages import Message
from laoke.customers.models import HandoverDossier
from laoke.interactions.models import Interaction
from laoke.platform.messages import to_stored
from laoke.retention.models import Task
from laoke.retention.services.activity import finish_task
from laoke.retention.services.handover import hand_over
from tests.web import factories as f

pytestmark = pytest.mark.django_db

CHRISTMAS = dt.date(2026, 12, 25)
MOVED_FROM = dt.date(2026, 12, 20)
GREETING = "new_year+christmas"


def festival_task(sales: User, due: dt.date) -> Task:
    """A festival greeting as the cadence rules store it: codes with figures, no text."""
    cust = f.customer("Müller GmbH", owner=sales, country="DE")
    return Task.objects.create(
        customer=cust,
        assignee=sales,
        due_on=due,
        kind="festival",
        rule_key=f"festival:{cust.pk}:christmas:{CHRISTMAS.isoformat()}",
        title_msg=to_stored(Message("cadence.festival.title", {"festival": "new_year+christmas"})),
        why_msg=to_stored(
            [
                Message(
                    "cadence.festival.why",
                    {"festival": "new_year+christmas", "country": "DE", "on": CHRISTMAS},
                ),
                Message(
                    "cadence.quiet.moved.europe_summer", {"from": dt.date(2026, 12, 20), "country": "DE"}
                ),
            ]
        ),
        details={"festival": "christmas", "greeting": "new_year+christmas", "on": CHRISTMAS.isoformat()},
    )


EN_TITLE = "Send Christmas and New Year greetings"
ZH_TITLE = "发送圣诞和新年问候"
EN_WHY = "Christmas and New Year in Germany on 12/25/2026: greet them in their language."
ZH_WHY = "德国的圣诞和新年在 2026年12月25日：用客户的语言发送问候。"


def page(client: Client, url: str, language: str) -> str:
    client.cookies["django_language"] = language
    return client.get(url).content.decode()


def test_today_and_the_customer_page_word_a_rule_task_in_the_readers_language(
    sales_client: Client, sales: User
) -> None:
    """The stored codes read as a title and a why, in English and in Chinese."""
    task = festival_task(sales, timezone.localdate())
    assert task.title_en == task.title_zh == task.why_en == ""
    english = page(sales_client, "/", "en")
    assert EN_TITLE in english and EN_WHY in english
    assert "Moved from 12/20/2026: the July–August holidays in Europe." in english
    chinese = page(sales_client, "/", "zh-hans")
    assert ZH_TITLE in chinese and ZH_WHY in chinese
    assert "原定 2026年12月20日，因欧洲7–8月度假季调整。" in chinese
    assert EN_TITLE in page(sales_client, f"/customers/{task.customer_id}/?show=history", "en")
    assert ZH_TITLE in page(sales_client, f"/customers/{task.customer_id}/?show=history", "zh-hans")


def test_a_row_stored_the_old_way_still_shows_its_text(sales_client: Client, sales: User) -> None:
    """A task saved with its own sentences (before the codes, or typed) keeps showing them."""
    cust = f.customer("Old Co", owner=sales)
    f.task(cust, sales, timezone.localdate(), title_en="Send the old greeting", title_zh="发送旧问候")
    assert "Send the old greeting" in page(sales_client, "/", "en")
    assert "发送旧问候" in page(sales_client, "/", "zh-hans")


def test_the_calendar_file_words_the_task_in_the_readers_language(sales_client: Client, sales: User) -> None:
    """The .ics summary and description are the worded title and why."""
    festival_task(sales, timezone.localdate())

    def event(language: str) -> tuple[str, str]:
        sales_client.cookies["django_language"] = language
        cal = Calendar.from_ical(sales_client.get("/cadence/calendar.ics").content)
        (found,) = [e for e in cal.walk("VEVENT") if "Müller" in str(e["SUMMARY"])]
        return str(found["SUMMARY"]), str(found["DESCRIPTION"])

    summary, description = event("en")
    assert summary == f"{EN_TITLE} — Müller GmbH" and description.startswith(EN_WHY)
    summary, description = event("zh-hans")
    assert summary == f"{ZH_TITLE} — Müller GmbH" and description.startswith(ZH_WHY)


def test_a_task_done_goes_on_the_timeline_under_its_worded_title(sales: User) -> None:
    """The timeline entry of a task done is titled in the language of whoever marked it."""
    task = festival_task(sales, timezone.localdate())
    with translation.override("zh-hans"):
        finish_task(task=task, user=sales, outcome="Sent")
    entry = Interaction.objects.get(customer=task.customer, kind="task_done")
    assert entry.subject == ZH_TITLE


def test_the_handover_dossier_words_the_open_tasks(client: Client, sales: User) -> None:
    """The dossier's snapshot keeps the codes; its page words them in the reader's language."""
    task = festival_task(sales, timezone.localdate() + dt.timedelta(days=3))
    boss = f.user("boss", role=RoleChoices.MANAGER)
    hand_over(leaving=sales, by=boss, recipients=[f.user("heir")])
    facts = HandoverDossier.objects.get(customer=task.customer).facts
    assert facts["open_tasks"][0]["title_msg"] == task.title_msg
    client.force_login(boss)
    url = f"/customers/{task.customer_id}/dossiers/"
    assert EN_TITLE in page(client, url, "en")
    assert ZH_TITLE in page(client, url, "zh-hans")
