"""What Today reads for what it draws: a group opened alone (htmx) reads that group's rows only, and
the page reads its rows with the columns they show, drawing the same HTML with no more queries."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from laoke.accounts.models import User
from laoke.cadence import today_page
from laoke.cadence.services import today as today_service
from laoke.cadence.services.today import ShownTask, build_today
from laoke.customers.models import Customer
from laoke.retention.models import CustomerScore, Forecast, Task
from laoke.web import task_rows
from tests.web import factories as f
from tests.web.test_task_rows import _PER_REQUEST, _book, _page

pytestmark = pytest.mark.django_db


def _asked(monkeypatch: pytest.MonkeyPatch) -> list[list[int]]:
    """The task ids each read of the request's rows is asked for (the page reads them with their
    columns, ``_shown_rows``; its query is compiled once, with stand-in ids)."""
    calls: list[list[int]] = []
    real = today_service._shown_rows

    def spy(ids: list[int], *args: Any) -> Any:
        calls.append(list(ids))
        return real(ids, *args)

    monkeypatch.setattr(today_service, "_shown_rows", spy)
    return calls


def test_a_group_opened_alone_reads_its_rows_and_not_todays(
    sales_client: Client, sales: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    """htmx asks for later (or catch-up) alone: today's 25 rows are not drawn, so not read."""
    today = timezone.localdate()
    cust = f.customer("Osaka Trading", owner=sales)
    for i in range(30):
        f.task(cust, sales, today - dt.timedelta(days=i % 10), kind="monthly_touch")
    for i in range(3):
        f.task(cust, sales, today - dt.timedelta(days=20 + i), kind="festival")
    listing = build_today(today=today, assignee=sales, scope=None, budget=25)
    asked = _asked(monkeypatch)
    sales_client.get("/?show=later", HTTP_HX_REQUEST="true")
    assert sorted(pk for ids in asked for pk in ids) == sorted(e.task.pk for e in listing.later)
    asked.clear()
    sales_client.get("/?show=catch_up", HTTP_HX_REQUEST="true")
    assert sorted(pk for ids in asked for pk in ids) == sorted(e.task.pk for e in listing.catch_up)
    asked.clear()
    sales_client.get("/?show=later")  # the page with later open still reads today's rows
    drawn = [*listing.today, *listing.later]
    assert sorted(pk for ids in asked for pk in ids) == sorted(e.task.pk for e in drawn)


def test_a_group_not_loaded_is_still_counted(sales: User) -> None:
    """Left out of ``load``, today's group is counted (``today_unloaded``): the total is the same."""
    today = timezone.localdate()
    cust = f.customer(owner=sales)
    for i in range(30):
        f.task(cust, sales, today - dt.timedelta(days=i % 10))
    whole = build_today(today=today, assignee=sales, scope=None, budget=25)
    later = build_today(today=today, assignee=sales, scope=None, budget=25, load=("later",))
    assert later.today == [] and later.today_unloaded == 25 and later.total == whole.total == 30
    assert [e.task.pk for e in later.later] == [e.task.pk for e in whole.later]


@pytest.mark.parametrize("who", ["sales", "manager"])
def test_rows_read_with_their_columns_draw_the_same_in_as_many_queries(
    who: str, request: pytest.FixtureRequest, sales: User, other_sales: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every shape of row (urgent, forecast chance, links, snoozed, notes, no customer, the
    assignee's name), in both languages: the page reads them with ``ROW_FIELDS``; a column the rows
    show but left out would cost a query per row when drawn."""
    _book(sales, other_sales)
    client: Client = request.getfixturevalue(f"{who}_client")
    # The page with both groups open (as without scripts), then each group as htmx asks for it.
    htmx: dict[str, Any] = {"HTTP_HX_REQUEST": "true"}
    paths = [("/?show=later&show=catch_up", {}), ("/?show=later", htmx), ("/?show=catch_up", htmx)]

    def page(language: str, path: str, hx: dict[str, Any]) -> tuple[str, int]:
        client.cookies["django_language"] = language
        client.get(path, **hx)  # warm the caches
        with CaptureQueriesContext(connection) as queries:
            html = client.get(path, **hx).content.decode()
        return _PER_REQUEST.sub(r'\1…"', html), len(queries)

    for language in ("en", "zh-hans", "en"):
        narrow = [page(language, path, hx) for path, hx in paths]
        monkeypatch.setattr(today_page, "ROW_FIELDS_BY_GROUP", {})  # every column, everything joined
        monkeypatch.setattr(today_page, "GROUP_ALONE_FIELDS", {})
        whole = [page(language, path, hx) for path, hx in paths]
        monkeypatch.undo()
        assert narrow[0][0].count("task-row") >= 30 and narrow[0][0].count("catch-up-row") == 2
        assert narrow == whole


def test_days_kept_for_the_process_follow_the_language(
    sales_client: Client, sales: User, other_sales: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Due days and "n days late" are kept per language: switching back and forth, the rows are
    still those the templates draw."""
    _book(sales, other_sales)
    monkeypatch.setattr(task_rows, "_lasting", {})
    for language in ("en", "zh-hans", "en", "zh-hans"):
        sales_client.cookies["django_language"] = language
        fast = _page(sales_client, monkeypatch, fast=True, path="/?show=catch_up")
        assert fast == _page(sales_client, monkeypatch, fast=False, path="/?show=catch_up")
        assert ("days late" in fast) == (language == "en")


@pytest.mark.parametrize("who", ["sales", "manager"])
def test_rows_are_read_as_values_not_model_objects(
    who: str, request: pytest.FixtureRequest, sales: User, other_sales: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The page and its groups build no task, customer, scorecard, forecast or user object for their
    rows (``ShownTask``: plain values); the HTML is the same as read whole (the test above)."""
    _book(sales, other_sales)
    client: Client = request.getfixturevalue(f"{who}_client")
    built: list[str] = []
    for model in (Task, Customer, CustomerScore, Forecast):
        real = model.from_db.__func__  # type: ignore[attr-defined]

        def counted(cls: Any, *args: Any, _real: Any = real, **kwargs: Any) -> Any:
            built.append(cls.__name__)
            return _real(cls, *args, **kwargs)

        monkeypatch.setattr(model, "from_db", classmethod(counted))
    htmx: dict[str, Any] = {"HTTP_HX_REQUEST": "true"}
    for path, hx in (("/?show=later&show=catch_up", {}), ("/?show=later", htmx), ("/?show=catch_up", htmx)):
        html = client.get(path, **hx).content.decode()
        assert "task-row" in html or "catch-up-row" in html
    assert built == []
    fields = today_page.ROW_FIELDS_BY_GROUP
    listing = build_today(today=timezone.localdate(), assignee=sales, scope=None, budget=25, fields=fields)
    assert listing.today and all(isinstance(e.task, ShownTask) for e in listing.entries())
