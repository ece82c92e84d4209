"""The board keeps its cards per scope, day and book version, and the targets' next follow-ups
under the tasks' stamps: what a visit shows after a change is what the uncached board shows."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from laoke.accounts.models import User
from laoke.pipeline.models import Prospect
from laoke.pipeline.services.board import move_prospect
from laoke.pipeline.services.clashes import check_clashes
from laoke.retention.models import Task, TaskStatusChoices

pytestmark = pytest.mark.django_db


def _board(client: Client, lang: str) -> str:
    client.cookies["django_language"] = lang
    response = client.get("/pipeline/", HTTP_ACCEPT_LANGUAGE=lang)
    assert response.status_code == 200
    return response.content.decode()


def _column(html: str, key: str) -> str:
    return html.split(f'data-stage="{key}"')[1].split("</section>")[0]


@pytest.mark.parametrize("lang", ["en", "zh-hans"])
def test_a_move_shows_on_the_next_visit(sales_client: Client, sales: User, lang: str) -> None:
    """A prospect moved (through the page) leaves its column and joins the other at once."""
    p = Prospect.objects.create(name="Moving Co", owner=sales, created_on=timezone.localdate())
    assert "Moving Co" in _column(_board(sales_client, lang), "inquiry")
    assert "Moving Co" in _column(_board(sales_client, lang), "inquiry")  # from the cache
    sales_client.post(f"/pipeline/{p.pk}/move/", {"to": "B"})
    html = _board(sales_client, lang)
    assert "Moving Co" not in _column(html, "inquiry") and "Moving Co" in _column(html, "B")


def test_a_second_visit_reads_no_prospect(sales_client: Client, sales: User) -> None:
    """The cards, their counts, clashes and days in tier come from the cache on a second visit (and
    the next follow-ups too, under the agenda's stamps)."""
    p = Prospect.objects.create(name="Kept Co", owner=sales, created_on=timezone.localdate())
    move_prospect(prospect=p, to="A", user=sales, today=timezone.localdate())
    _board(sales_client, "en")
    with CaptureQueriesContext(connection) as queries:
        assert "Kept Co" in _board(sales_client, "en")
    sql = " ".join(q["sql"] for q in queries.captured_queries)
    # The book's version reads the highest ids (MAX("id")); no prospect, move or task row is read.
    assert '"pipeline_prospect"."name"' not in sql and '"pipeline_prospectmove"."moved_on"' not in sql
    assert '"retention_task"' not in sql  # the follow-ups: kept under the agenda's stamps


@pytest.mark.parametrize("lang", ["en", "zh-hans"])
def test_a_follow_up_done_or_snoozed_shows_on_the_next_visit(
    sales_client: Client, sales: User, lang: str
) -> None:
    """Tasks do not move the book's version: a follow-up snoozed, then done (plain updates, no
    save), changes the card's next step on the next visit."""
    today = timezone.localdate()
    p = Prospect.objects.create(name="Target Co", owner=sales, created_on=today - dt.timedelta(days=3))
    move_prospect(prospect=p, to="A", user=sales, today=today)
    task = Task.objects.get(details__target_id=p.pk)
    later = today + dt.timedelta(days=40)
    before = _board(sales_client, lang)
    assert "no follow-up planned" not in before and "text-danger" not in before
    Task.objects.filter(pk=task.pk).update(status=TaskStatusChoices.SNOOZED, snoozed_until=later)
    snoozed = _board(sales_client, lang)
    assert snoozed != before and str(later.day) in _column(snoozed, "A")
    Task.objects.filter(pk=task.pk).update(status=TaskStatusChoices.DONE)
    done = _board(sales_client, "en")
    assert "no follow-up planned" in _column(done, "A")


def test_a_clash_found_later_warns_on_both_cards(
    client: Client, sales: User, other_sales: User, manager: User
) -> None:
    """Clashes stored on other inquiries are written with update() (no save): the board seen
    before shows the warning on both cards on the next visit."""
    today = timezone.localdate()
    Prospect.objects.create(name="Harbor Trading GmbH", owner=sales, created_on=today)
    other = Prospect.objects.create(name="harbor trading", owner=other_sales, created_on=today)
    client.force_login(manager)
    assert "clash-flag" not in _board(client, "en")
    check_clashes(prospects=[other], today=today)
    assert _board(client, "en").count("clash-flag") == 2


@pytest.mark.parametrize("lang", ["en", "zh-hans"])
def test_a_renamed_prospect_or_owner_shows_on_the_next_visit(
    sales_client: Client, sales: User, lang: str
) -> None:
    """A card drawn before (kept by what it shows) is drawn again when its name or owner changes."""
    p = Prospect.objects.create(name="Old Name Co", owner=sales, created_on=timezone.localdate())
    assert "Old Name Co" in _board(sales_client, lang)
    p.name = "New Name Co"
    p.save()
    sales.first_name = "Lina"
    sales.save()
    card = _column(_board(sales_client, lang), "inquiry")
    assert "New Name Co" in card and "Old Name Co" not in card and "Lina" in card
