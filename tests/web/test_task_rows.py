"""Today's rows drawn in Python (``laoke.web.task_rows``) are the templates' HTML, to the character."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client
from django.utils import timezone

from laoke.accounts.models import User
from laoke.core.cadence.drafts import LETTER_KINDS
from laoke.retention.models import TaskStatusChoices
from laoke.web import task_rows
from tests.web import factories as f

pytestmark = pytest.mark.django_db

#: What differs between two requests: the CSRF token's mask and the script nonce.
_PER_REQUEST = re.compile(r'(csrfmiddlewaretoken" value="|"X-CSRFToken": "|nonce=")[^"]+"')


def _book(sales: User, other_sales: User) -> None:
    """Tasks of every shape Today draws: urgent kinds, late, snoozed, notes, links, no customer."""
    today = timezone.localdate()
    scored = f.customer("Osaka <Trading> & Co", owner=sales)
    f.score(scored, grade="A")
    # The forecast's chance is stated on the rows of ordering tasks (newly at risk, win-back, …).
    f.forecast(scored, today + dt.timedelta(days=60), today + dt.timedelta(days=120), p_order_90d=0.15)
    plain = f.customer("Hamburg O'Neil GmbH", owner=sales)
    f.task(scored, sales, today, title_en="Call <about> samples", note="first line\nsecond & <last>")
    f.task(plain, sales, today - dt.timedelta(days=1), kind="complaint", title_en="Resolve the complaint")
    f.task(plain, sales, today - dt.timedelta(days=3), kind="alert", details={"code": "late_payment"})
    f.task(scored, sales, today - dt.timedelta(days=2), kind="alert", details={"code": "broken_promise"})
    f.task(scored, sales, today, kind="newly_at_risk")
    f.task(scored, sales, today, kind=LETTER_KINDS[0], details={"visit_id": 7, "plan_id": 9})
    f.task(plain, sales, today - dt.timedelta(days=40), why_en="", why_zh="")  # catch-up rows
    f.task(None, sales, today - dt.timedelta(days=21), kind="personal", title_en="Old <own> note")
    f.task(
        scored,
        sales,
        today - dt.timedelta(days=5),
        status=TaskStatusChoices.SNOOZED,
        snoozed_until=today,
    )
    f.task(None, sales, today, kind="personal", title_en="My own reminder", title_zh="我的提醒")
    f.task(plain, other_sales, today + dt.timedelta(days=2))
    for n in range(30):  # beyond the daily budget: "later" is drawn too
        f.task(plain if n % 2 else scored, sales, today + dt.timedelta(days=n % 7), priority=n)


def _page(client: Client, monkeypatch: pytest.MonkeyPatch, *, fast: bool, path: str = "/") -> str:
    monkeypatch.setattr(task_rows, "sources_unchanged", lambda: fast)
    html = client.get(path).content.decode()
    return _PER_REQUEST.sub(r'\1…"', html)


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_today_rows_drawn_in_python_are_the_template_html(
    sales_client: Client, sales: User, other_sales: User, monkeypatch: pytest.MonkeyPatch, language: str
) -> None:
    """A salesperson's Today reads the same, row for row, whether drawn by the template or in Python."""
    _book(sales, other_sales)
    sales_client.cookies["django_language"] = language
    both = "/?show=later&show=catch_up"  # later and catch-up drawn in the page, as without scripts
    fast = _page(sales_client, monkeypatch, fast=True, path=both)
    slow = _page(sales_client, monkeypatch, fast=False, path=both)
    assert fast.count('class="list-group-item task-row') >= 30  # today's list and "later"
    assert fast.count("catch-up-row") == 2
    assert fast == slow
    words = ("Osaka &lt;Trading&gt; &amp; Co", "second &amp; &lt;last&gt;", "Open the trip")
    if language == "en":
        assert all(w in fast for w in words) and "Payment overdue" in fast and "days late" in fast
    else:
        assert "Osaka &lt;Trading&gt; &amp; Co" in fast and "我的提醒" in fast and "天" in fast


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_manager_today_rows_name_the_assignee_the_same_way(
    manager_client: Client, sales: User, other_sales: User, monkeypatch: pytest.MonkeyPatch, language: str
) -> None:
    """A manager's Today (everyone's, and one person's) names whose task it is, as the template did."""
    _book(sales, other_sales)
    manager_client.cookies["django_language"] = language
    for path in ("/?show=later&show=catch_up", f"/?who={sales.pk}&show=later"):
        fast = _page(manager_client, monkeypatch, fast=True, path=path)
        assert fast == _page(manager_client, monkeypatch, fast=False, path=path)
        assert str(sales) in fast


def test_an_edited_row_template_is_drawn_by_the_template_engine(monkeypatch: pytest.MonkeyPatch) -> None:
    """The Python rows are used only while the templates are those they were written from."""
    monkeypatch.setattr(task_rows, "_checked", {})
    assert task_rows.sources_unchanged()
    monkeypatch.setattr(task_rows, "_checked", {})
    monkeypatch.setitem(task_rows.TEMPLATES, "web/partials/catch_up_rows.html", "0" * 40)
    assert not task_rows.sources_unchanged()


def test_rows_drawn_once_are_kept_and_a_change_shows_on_the_next_visit(
    sales_client: Client, sales: User, other_sales: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A row is drawn once per process and kept under everything it shows: a second visit draws no
    row again, each with the request's own CSRF token; a note, a customer's name or a due day
    changed (by plain SQL, no signal) is drawn anew, the same HTML as the template's."""
    from laoke.customers.models import Customer
    from laoke.retention.models import Task

    _book(sales, other_sales)
    monkeypatch.setattr(task_rows, "_drawn", {})
    drawn: list[int] = []
    draw = task_rows._row
    monkeypatch.setattr(task_rows, "_row", lambda entry, *a: drawn.append(entry.task.pk) or draw(entry, *a))
    first = sales_client.get("/").content.decode()
    assert len(drawn) >= 20
    drawn.clear()
    second = sales_client.get("/").content.decode()
    assert drawn == []
    tokens = set(re.findall(r'csrfmiddlewaretoken" value="([^"]+)"', second))
    assert len(tokens) == 1 and "\x00" not in second  # every form has this request's token
    assert _PER_REQUEST.sub("", first) == _PER_REQUEST.sub("", second)
    task = Task.objects.filter(assignee=sales, kind="newly_at_risk").get()
    Task.objects.filter(pk=task.pk).update(note="called back <today>")
    Customer.objects.filter(pk=task.customer_id).update(name="Kyoto Renamed")
    Task.objects.filter(title_en="My own reminder").update(title_en="Ring <Kyoto>", title_zh="")
    third = _page(sales_client, monkeypatch, fast=True)
    assert "called back &lt;today&gt;" in third and "Kyoto Renamed" in third
    assert "Ring &lt;Kyoto&gt;" in third and "My own reminder" not in third
    assert "Osaka &lt;Trading&gt;" not in third
    assert set(drawn) >= {task.pk}
    assert third == _page(sales_client, monkeypatch, fast=False)
