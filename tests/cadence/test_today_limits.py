"""Today over a large agenda: the ranking reads plain values, only the rows drawn are loaded whole."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.utils import timezone

from laoke.accounts.models import RoleChoices, User
from laoke.cadence import today_page
from laoke.cadence.services import today as today_service
from laoke.cadence.services.today import build_today
from laoke.platform.prepared import PreparedIds
from laoke.retention.models import Task, TaskStatusChoices
from laoke.retention.permissions import visible_tasks
from tests.web import factories as f
from tests.web.test_task_rows import _PER_REQUEST

pytestmark = pytest.mark.django_db


@pytest.fixture
def li() -> User:
    return f.user("li")


def _agenda(li: User) -> None:
    today = timezone.localdate()
    for i in range(4):
        f.task(
            f.customer(owner=li), li, today - dt.timedelta(days=i), kind="monthly_touch", title_en=f"Now {i}"
        )
    for i in range(12):
        cust = f.customer(owner=li)
        f.task(cust, li, today - dt.timedelta(days=20 + i), kind="festival", title_en=f"Stale {i:02d}")
    f.task(
        f.customer(owner=li), li, today + dt.timedelta(days=3), kind="complaint", title_en="Crushed cartons"
    )


def test_limits_keep_the_best_ranked_entries_and_count_the_rest(li: User) -> None:
    """With limits, later and catch-up keep the head of the same order; the others are counted."""
    _agenda(li)
    day = timezone.localdate()
    full = build_today(today=day, assignee=li, scope=None, budget=2)
    cut = build_today(today=day, assignee=li, scope=None, budget=2, later_limit=1, catch_up_limit=5)
    assert [e.task.pk for e in cut.today] == [e.task.pk for e in full.today]
    assert [e.task.pk for e in cut.later] == [e.task.pk for e in full.later][:1]
    assert [e.task.pk for e in cut.catch_up] == [e.task.pk for e in full.catch_up][:5]
    assert (cut.later_hidden, cut.catch_up_hidden) == (len(full.later) - 1, len(full.catch_up) - 5)
    assert (cut.total, cut.urgent) == (full.total, full.urgent) == (17, 1)
    assert cut.today[0].urgent_kind == "complaint"


def test_page_draws_at_most_the_limits_and_says_how_many_more(
    li: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    _agenda(li)
    monkeypatch.setattr(today_page, "CATCH_UP_SHOWN", 5)
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(li)
    page = client.get("/?show=catch_up").content.decode()
    assert page.count('name="task" value=') == 5  # catch-up rows drawn
    assert "7 more tasks with a lower priority" in page
    assert "5 of 17 today, 0 later, 12 to catch up" in page


def test_the_ranking_is_kept_until_a_task_changes_even_by_a_bulk_update(
    li: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The ranking is cached; a task snoozed or closed by an UPDATE (no signal) ranks it again."""
    cache.clear()
    _agenda(li)
    calls: list[int] = []
    real = today_service.rank

    def counted(items: object, **kwargs: object) -> object:
        calls.append(1)
        return real(items, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(today_service, "rank", counted)
    day = timezone.localdate()
    first = build_today(today=day, assignee=li, scope=None, budget=2)
    again = build_today(today=day, assignee=li, scope=None, budget=2)
    assert len(calls) == 1
    assert [e.task.pk for e in again.entries()] == [e.task.pk for e in first.entries()]
    best = first.today[1].task  # the complaint leads; this is the best of the rest
    Task.objects.filter(pk=best.pk).update(
        status=TaskStatusChoices.SNOOZED, snoozed_until=day + dt.timedelta(days=7)
    )
    moved = build_today(today=day, assignee=li, scope=None, budget=2)
    assert len(calls) == 2 and best.pk not in [e.task.pk for e in moved.today]
    Task.objects.filter(pk=best.pk).update(status=TaskStatusChoices.DONE)
    done = build_today(today=day, assignee=li, scope=None, budget=2)
    assert len(calls) == 3 and done.total == first.total - 1


def test_an_empty_scope_gives_an_empty_today(li: User) -> None:
    """A scope that can match nothing (the tasks a person who has left may see) gives an empty
    list; the ranking's cache key printed the query and raised EmptyResultSet before."""
    _agenda(li)
    cache.clear()
    result = build_today(today=timezone.localdate(), assignee=None, scope=Task.objects.none(), budget=10)
    assert (result.today, result.later, result.catch_up) == ([], [], [])


def test_the_agenda_is_scanned_again_only_after_its_tasks_change(
    li: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A second visit reads the agenda's counts from the cache (no scan of the open tasks); a task
    closed by a plain SQL UPDATE changes the stamps (SQLite's, retention 0012) or the change log
    (PostgreSQL's, retention 0013), so the next visit scans and counts it gone."""
    cache.clear()
    _agenda(li)
    scans: list[int] = []
    real = today_service._agenda_groups

    def counted(agenda: object) -> object:
        scans.append(1)
        return real(agenda)  # type: ignore[arg-type]

    monkeypatch.setattr(today_service, "_agenda_groups", counted)
    day = timezone.localdate()
    first = build_today(today=day, assignee=li, scope=visible_tasks(li), budget=2)
    again = build_today(today=day, assignee=li, scope=visible_tasks(li), budget=2)
    assert len(scans) == 1 and again.kind_counts == first.kind_counts
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE retention_task SET status = %s WHERE id = %s",
            [TaskStatusChoices.DONE, first.today[0].task.pk],
        )
    after = build_today(today=day, assignee=li, scope=visible_tasks(li), budget=2)
    assert len(scans) == 2 and after.total == first.total - 1
    assert first.today[0].task.pk not in [e.task.pk for e in after.entries()]


def test_a_second_visit_builds_no_agenda_query_and_still_sees_changes(
    li: User, client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The page names its agenda in the cache keys by the viewer's scope key, the day and the kind
    (no SQL built or compiled): a second visit builds no agenda query; a task closed by plain SQL
    and a customer handed to someone else (the book's version) still change what it shows."""
    cache.clear()
    _agenda(li)
    built: list[int] = []
    real = today_service.agenda_tasks

    def counted(**kwargs: object) -> object:
        built.append(1)
        return real(**kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(today_service, "agenda_tasks", counted)
    client.force_login(li)
    client.cookies["django_language"] = "en"
    first = client.get("/").content.decode()
    assert "Crushed cartons" in first and built
    built.clear()
    again = client.get("/").content.decode()
    assert _PER_REQUEST.sub(r'\1…"', again) == _PER_REQUEST.sub(r'\1…"', first) and built == []
    crushed = Task.objects.get(title_en="Crushed cartons")
    with connection.cursor() as cursor:
        cursor.execute("UPDATE retention_task SET status = %s WHERE id = %s", ["done", crushed.pk])
    assert "Crushed cartons" not in client.get("/").content.decode()
    now = Task.objects.get(title_en="Now 0")
    assert "Now 0" in client.get("/").content.decode()
    customer = now.customer
    assert customer is not None
    customer.owner = f.user("wang")
    customer.save()  # the task stays li's, but li no longer sees the customer
    assert "Now 0" not in client.get("/").content.decode()


def test_new_scores_rank_the_agenda_again(li: User, monkeypatch: pytest.MonkeyPatch) -> None:
    """The ranking is kept under the scores' highest id: a re-score (new scorecards) ranks again."""
    cache.clear()
    _agenda(li)
    calls: list[int] = []
    real = today_service.rank

    def counted(items: object, **kwargs: object) -> object:
        calls.append(1)
        return real(items, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(today_service, "rank", counted)
    day = timezone.localdate()
    build_today(today=day, assignee=li, scope=None, budget=2)
    build_today(today=day, assignee=li, scope=None, budget=2)
    assert len(calls) == 1
    f.score(f.customer(owner=li), grade="B")
    build_today(today=day, assignee=li, scope=None, budget=2)
    assert len(calls) == 2


def test_a_second_visit_builds_no_scope_and_no_row_query(
    li: User, client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The rows' query is compiled once per viewer's scope and number of rows: a second visit builds
    neither the scope's rule nor the rows' query; a title written since by plain SQL still shows,
    and a customer handed to someone else drops out."""
    _agenda(li)
    scopes: list[int] = []
    rows: list[int] = []
    real_scope, real_rows = today_page.visible_tasks, today_service.shown_tasks

    def scope(user: User) -> object:
        scopes.append(1)
        return real_scope(user)

    def shown(ids: list[int], **kwargs: object) -> object:
        rows.append(1)
        return real_rows(ids, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(today_service, "_SHOWN_ROWS", PreparedIds(limit=8))  # none compiled yet
    monkeypatch.setattr(today_page, "visible_tasks", scope)
    monkeypatch.setattr(today_service, "shown_tasks", shown)
    client.force_login(li)
    client.cookies["django_language"] = "en"
    assert "Now 0" in client.get("/").content.decode() and scopes and rows
    scopes.clear(), rows.clear()
    assert "Now 0" in client.get("/").content.decode() and scopes == [] and rows == []
    now = Task.objects.get(title_en="Now 0")
    with connection.cursor() as cursor:
        cursor.execute("UPDATE retention_task SET title_en = %s WHERE id = %s", ["Now, renamed", now.pk])
    assert "Now, renamed" in client.get("/").content.decode()
    customer = now.customer
    assert customer is not None
    customer.owner = f.user("wang")
    customer.save()  # the task stays li's, but li no longer sees its customer
    assert "Now, renamed" not in client.get("/").content.decode()


def test_the_managers_picker_follows_people_renamed_and_added(client: Client) -> None:
    """The salespeople a manager may pick are kept per book version: a person renamed or added
    shows on the next visit."""
    boss = f.user("boss", role=RoleChoices.MANAGER)
    li = f.user("li", first_name="Li")
    f.task(f.customer(owner=li), li, timezone.localdate(), title_en="Call")
    client.force_login(boss)
    client.cookies["django_language"] = "en"
    assert ">Li</option>" in client.get("/").content.decode()
    li.first_name = "Lili"
    li.save()
    f.user("wang", first_name="Wang")
    page = client.get("/").content.decode()
    assert ">Lili</option>" in page and ">Li</option>" not in page and ">Wang</option>" in page
