"""Today draws later and catch-up on demand: counted and closed on first paint, their rows read
when the reader opens them (htmx), or drawn in the page by a plain link (``?show=later``)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client
from django.utils import timezone

from laoke.accounts.models import User
from laoke.cadence.services.today import build_today
from laoke.retention.models import Task
from tests.web import factories as f

pytestmark = pytest.mark.django_db

ROW = re.compile(r'<li class="list-group-item task-row[^"]*" id="task-(\d+)"')
CATCH_UP_ROW = re.compile(r'name="task" value="(\d+)"')


def _agenda(sales: User) -> list[Task]:
    """30 tasks due now (25 today, 5 later) and 3 weeks-late ones (catch-up)."""
    today = timezone.localdate()
    cust = f.customer("Osaka Trading", owner=sales)
    for i in range(30):
        f.task(cust, sales, today - dt.timedelta(days=i % 10), kind="monthly_touch", title_en=f"Now {i:02d}")
    return [
        f.task(cust, sales, today - dt.timedelta(days=20 + i), kind="festival", title_en=f"Stale {i}")
        for i in range(3)
    ]


def _group(page: str, group_id: str) -> str:
    start = page.index(f'id="{group_id}"')
    return page[start : page.index("\n  </details>", start)]  # the rows hold <details> of their own


def test_first_paint_counts_later_and_catch_up_without_drawing_them(
    sales_client: Client, sales: User
) -> None:
    """The page states both counts, draws none of their rows, and links to each group."""
    _agenda(sales)
    page = sales_client.get("/").content.decode()
    assert "25 of 33 today, 5 later, 3 to catch up" in page
    later, catch_up = _group(page, "group-later"), _group(page, "group-catch-up")
    assert ">5</span></summary>" in later and ">3</span></summary>" in catch_up
    assert not ROW.search(later) and not CATCH_UP_ROW.search(catch_up)
    assert " open" not in later.split(">", 1)[0]
    assert 'href="/?show=later#group-later"' in later and 'hx-get="/?show=later"' in later
    assert 'href="/?show=catch_up#group-catch-up"' in catch_up
    # The bulk action's controls are in the page; the rows and "tick all" come with the group.
    assert 'id="catch-up-action"' in catch_up and 'id="catch-up-all"' not in catch_up


def test_show_draws_the_group_open_in_the_page(sales_client: Client, sales: User) -> None:
    """Without scripts, the link draws that group's rows, open, in the ranking's order."""
    stale = _agenda(sales)
    listing = build_today(today=timezone.localdate(), assignee=sales, scope=None, budget=25)
    page = sales_client.get("/?show=later").content.decode()
    later = _group(page, "group-later")
    assert later.split(">", 1)[0].endswith(" open")
    assert [int(pk) for pk in ROW.findall(later)] == [e.task.pk for e in listing.later]
    assert not CATCH_UP_ROW.search(_group(page, "group-catch-up"))
    page = sales_client.get("/?show=catch_up").content.decode()
    catch_up = _group(page, "group-catch-up")
    assert sorted(int(pk) for pk in CATCH_UP_ROW.findall(catch_up)) == sorted(t.pk for t in stale)
    assert 'id="catch-up-all"' in catch_up and not ROW.search(_group(page, "group-later"))


def test_htmx_asks_for_the_group_rows_alone(sales_client: Client, sales: User) -> None:
    """Opened with scripts, the group's rows come alone (no page around them), same as the page's."""
    _agenda(sales)
    full = sales_client.get("/?show=later").content.decode()
    part = sales_client.get("/?show=later", HTTP_HX_REQUEST="true")
    body = part.content.decode()
    assert "<html" not in body and "HX-Request" in part["Vary"]
    assert ROW.findall(body) == ROW.findall(_group(full, "group-later")) and len(ROW.findall(body)) == 5
    rows = sales_client.get("/?show=catch_up", HTTP_HX_REQUEST="true").content.decode()
    assert len(CATCH_UP_ROW.findall(rows)) == 3 and 'data-check-all="catch-up-task"' in rows


def test_group_links_keep_the_managers_filters(manager_client: Client, sales: User) -> None:
    """A manager looking at one person and one kind opens that person's later tasks of that kind."""
    _agenda(sales)
    page = manager_client.get(f"/?who={sales.pk}&kind=monthly_touch").content.decode()
    later = _group(page, "group-later")
    assert f'hx-get="/?who={sales.pk}&amp;kind=monthly_touch&amp;show=later"' in later
    part = manager_client.get(f"/?who={sales.pk}&kind=monthly_touch&show=later", HTTP_HX_REQUEST="true")
    assert len(ROW.findall(part.content.decode())) == 5


def test_the_groups_read_in_chinese(client: Client, sales: User) -> None:
    """In Chinese the summaries keep their counts and the link to the rows is worded in Chinese."""
    _agenda(sales)
    client.force_login(sales)
    client.cookies["django_language"] = "zh-hans"
    page = client.get("/").content.decode()
    later = _group(page, "group-later")
    assert "稍后" in later and ">5</span></summary>" in later
    assert "显示这些任务" in later
