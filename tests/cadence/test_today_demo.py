"""On the demo book, sales1's Today holds at most 25 tasks, led by every urgent task they own."""

from __future__ import annotations

import re

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from laoke.accounts.models import User
from laoke.cadence.services.today import urgent_kind
from laoke.demo.generator import generate_book
from laoke.demo.services import load_book
from laoke.retention.models import Task, TaskStatusChoices

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def test_sales1_today_on_the_demo_book_is_bounded_and_led_by_urgent_work() -> None:
    today = timezone.localdate()
    load_book(book=generate_book(seed=7, today=today, customers=120, years=4))
    call_command("score", "--as-of", today.isoformat())
    sales1 = User.objects.get(username="sales1")
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(sales1)
    page = client.get("/").content.decode()

    listed = page[page.index('id="today-list"') :]
    listed = listed[
        : min(i for i in (listed.find('id="group-later"'), listed.find('id="today-budget"')) if i > 0)
    ]
    shown = [
        int(pk) for pk in re.findall(r'<li class="list-group-item task-row[^"]*" id="task-(\d+)"', listed)
    ]
    assert 0 < len(shown) <= 25
    open_tasks = Task.objects.filter(
        assignee=sales1, status__in=[TaskStatusChoices.OPEN, TaskStatusChoices.SNOOZED]
    )
    urgent = {t.pk for t in open_tasks if urgent_kind(t)}
    assert urgent, "the demo book gives sales1 urgent work (complaints, promises, payments)"
    assert len(urgent) <= 25
    assert set(shown[: len(urgent)]) == urgent  # every urgent task, and first
    counts = re.search(r"(\d+) of (\d+) today, (\d+) later, (\d+) to catch up", page)
    assert counts is not None
    n_today, total, later, stale = map(int, counts.groups())
    assert n_today == len(shown) and n_today + later + stale == total


def test_no_reason_on_the_demo_agenda_cites_a_document_number() -> None:
    """Reasons read as sentences for a salesperson: no "(004)" or "（001 第14条）"."""
    today = timezone.localdate()
    load_book(book=generate_book(seed=7, today=today, customers=60, years=4))
    call_command("score", "--as-of", today.isoformat())
    cited = re.compile(r"[（(]\s*00\d")
    texts = Task.objects.values_list("title_en", "title_zh", "why_en", "why_zh")
    assert texts.exists()
    assert not [t for row in texts for t in row if cited.search(t)]


def test_no_complaint_on_a_demo_today_is_left_open_for_months() -> None:
    """Each salesperson's Today on the demo book shows complaints of the last weeks only, never
    one open since a year or more ("928 days late", issue 20), in English and in Chinese."""
    today = timezone.localdate()
    load_book(book=generate_book(seed=7, today=today, customers=120, years=4))
    call_command("score", "--as-of", today.isoformat())
    late: dict[str, list[int]] = {"en": [], "zh-hans": []}
    said = {"en": r"Resolve the complaint.*?(\d+) days? late", "zh-hans": r"处理客户投诉.*?逾期 (\d+) 天"}
    for user in User.objects.filter(username__startswith="sales", is_active=True):
        for language, pattern in said.items():
            client = Client()
            client.force_login(user)
            client.cookies["django_language"] = language
            page = client.get("/").content.decode()
            rows = re.findall(r'<li class="list-group-item task-row.*?</li>', page, re.S)
            late[language] += [
                int(d) for row in rows for d in re.findall(pattern, re.sub(r"<[^>]+>", " ", row), re.S)
            ]
    assert late["en"] and late["en"] == late["zh-hans"]  # complaints are shown, the same in both
    assert max(late["en"]) <= 60
