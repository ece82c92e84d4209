"""Today's page around its rows is drawn once per process and kept (``laoke.web.today_frame``): the
same HTML as the template draws whole, each visit with its own token, nonce, address and rows, and
anything the page shows changed is drawn anew on the next visit."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from laoke.accounts.models import User
from laoke.cadence.services.today import set_daily_budget
from laoke.retention.models import Task
from laoke.web import today_frame
from tests.web import factories as f
from tests.web.test_task_rows import _PER_REQUEST, _book

pytestmark = pytest.mark.django_db


def _drawn(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Count the pages drawn to be kept (one a call); start with nothing kept."""
    monkeypatch.setattr(today_frame, "_frames", {})
    calls: list[int] = []
    real = today_frame.render_to_string

    def spy(*args: Any, **kwargs: Any) -> str:
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(today_frame, "render_to_string", spy)
    return calls


def _whole(client: Client, monkeypatch: pytest.MonkeyPatch, path: str) -> str:
    """The page as the template draws it whole (nothing kept)."""
    with monkeypatch.context() as m:
        m.setattr(today_frame, "frame_key", lambda request, context: None)
        return _PER_REQUEST.sub(r'\1…"', client.get(path).content.decode())


def _kept(client: Client, path: str) -> str:
    return _PER_REQUEST.sub(r'\1…"', client.get(path).content.decode())


@pytest.mark.parametrize("language", ["en", "zh-hans"])
@pytest.mark.parametrize("who", ["sales", "manager"])
def test_the_kept_page_is_the_template_html(
    who: str,
    language: str,
    request: pytest.FixtureRequest,
    sales: User,
    other_sales: User,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """First and second visit (drawn, then kept) read as the whole template, for a salesperson and
    a manager, with a kind chosen and (a manager) one person chosen; drawn once per address."""
    _book(sales, other_sales)
    client: Client = request.getfixturevalue(f"{who}_client")
    client.cookies["django_language"] = language
    drawn = _drawn(monkeypatch)
    paths = ["/", "/?kind=alert", "/?kind=nothing-like-this"]
    if who == "manager":
        paths += [f"/?who={sales.pk}", f"/?who={other_sales.pk}&kind=alert"]
    for path in paths:
        whole = _whole(client, monkeypatch, path)
        assert _kept(client, path) == whole
        assert _kept(client, path) == whole
    assert len(drawn) == len(paths)
    page = client.get("/")
    html = page.content.decode()
    tokens = set(re.findall(r'(?:csrfmiddlewaretoken" value="|"X-CSRFToken": ")([^"]+)"', html))
    assert len(tokens) == 1 and today_frame._SALT not in html
    assert re.search(r'<script nonce="[^"]+">', html) and 'name="next" value="/"' in html


def test_each_visit_has_its_own_address_and_a_fresh_client_its_csrf_cookie(
    client: Client, sales: User, other_sales: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The forms' "next" is the address asked (escaped), and the CSRF cookie is set as the
    template's {% csrf_token %} sets it."""
    _book(sales, other_sales)
    _drawn(monkeypatch)
    client.force_login(sales)
    client.get("/?a=<1>&kind=")
    page = client.get("/?a=<1>&kind=")
    assert "csrftoken" in page.cookies
    assert 'name="next" value="/?a=%3C1%3E&amp;kind="' in page.content.decode()


def test_a_change_shows_on_the_next_visit(
    sales_client: Client, sales: User, other_sales: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Counts, the budget and a message waiting are drawn anew; a task closed by plain SQL too."""
    _book(sales, other_sales)
    drawn = _drawn(monkeypatch)
    first = _kept(sales_client, "/")
    assert _kept(sales_client, "/") == first and len(drawn) == 1
    today = timezone.localdate()
    task = Task.objects.filter(assignee=sales, kind="newly_at_risk").get()
    Task.objects.filter(pk=task.pk).update(status="done")
    after = _kept(sales_client, "/")
    assert after != first and f'id="task-{task.pk}"' not in after
    assert after == _whole(sales_client, monkeypatch, "/")
    set_daily_budget(user=sales, budget=7)
    budget = _kept(sales_client, "/")
    assert "Today shows 7 tasks a day" in budget and budget == _whole(sales_client, monkeypatch, "/")
    new = sales_client.post("/tasks/new/", {"personal-title": "Ring Osaka", "personal-due_on": today})
    assert new.status_code == 302
    told = sales_client.get("/").content.decode()
    assert "Task added to your Today" in told
    assert "Task added to your Today" not in sales_client.get("/").content.decode()  # shown once
    f.task(None, sales, today, kind="personal", title_en="Yet another")
    assert _kept(sales_client, "/") == _whole(sales_client, monkeypatch, "/")
    sales_client.cookies["django_language"] = "zh-hans"
    assert _kept(sales_client, "/") == _whole(sales_client, monkeypatch, "/")


def test_a_managers_own_budget_shows_on_the_next_visit(
    manager_client: Client, manager: User, sales: User, other_sales: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Looking at one salesperson's Today, the budget form holds the manager's own number: changed,
    it is drawn anew though the list (drawn with the salesperson's budget) is the same."""
    _book(sales, other_sales)
    _drawn(monkeypatch)
    path = f"/?who={sales.pk}"
    first = _kept(manager_client, path)
    set_daily_budget(user=manager, budget=9)
    after = _kept(manager_client, path)
    assert 'name="daily_budget" id="id_daily_budget" min="5" max="200" value="9"' in after
    assert after != first and after == _whole(manager_client, monkeypatch, path)


@pytest.mark.parametrize(
    ("lang", "start", "manager_link", "seller_words"),
    [
        ("en", "No customers yet.", "Import orders", "Your manager imports the order book."),
        ("zh-hans", "还没有客户。", "导入订单", "订单数据由您的经理导入。"),
    ],
)
def test_a_new_install_says_where_to_start(
    lang: str, start: str, manager_link: str, seller_words: str
) -> None:
    """With no customer at all, Today says to import the order book (a manager gets the link), not
    "nothing due — well done"; once a customer exists the kept page says the latter."""
    from laoke.accounts.models import RoleChoices

    boss, seller = f.user("boss", role=RoleChoices.MANAGER), f.user("seller")
    for reader, words in ((boss, manager_link), (seller, seller_words)):
        client = Client()
        client.force_login(reader)
        client.cookies["django_language"] = lang
        page = client.get("/").content.decode()
        assert 'data-today="empty-book"' in page and start in page and words in page
        assert ('href="/import/"' in page) is (reader == boss)
        assert "well done" not in page and "做得好" not in page
    f.customer("First Customer", owner=seller)
    client = Client()
    client.force_login(seller)
    client.cookies["django_language"] = lang
    page = client.get("/").content.decode()
    assert 'data-today="empty-book"' not in page
    assert ("Nothing due — well done." if lang == "en" else "没有到期待办——做得好。") in page
