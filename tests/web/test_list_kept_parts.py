"""What the customer list keeps between requests (its scorecards' reasons worded once per book
version and language for every process, the salespeople of the owner filter per scope and book
version) is the page the book holds now: a re-score's new reasons, a salesperson renamed, added or
deleted, a saved view added show on the next visit."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from laoke.accounts.models import RoleChoices, User
from laoke.retention.models import CustomerScore
from laoke.web import customer_rows
from laoke.web.customer_query import forget_kept_tables
from laoke.web.models import SavedView
from tests.web import factories as f

pytestmark = pytest.mark.django_db

_PER_REQUEST = re.compile(r'(csrfmiddlewaretoken" value="|"X-CSRFToken": "|nonce=")[^"]+"')
_MEMOS = ("_REASONS", "_REASON_CELLS", "_ROWS", "_BOOK_CELLS")


def _client(user: User, lang: str) -> Client:
    client = Client()
    client.force_login(user)
    client.cookies["django_language"] = lang
    return client


def _page(client: Client, path: str = "/customers/") -> str:
    response = client.get(path)
    assert response.status_code == 200
    return _PER_REQUEST.sub(r'\1…"', response.content.decode())


def _another_process() -> None:
    """Forget what this process kept (another gunicorn worker); the shared cache stays."""
    forget_kept_tables()
    for name in _MEMOS:
        getattr(customer_rows, name, {}).clear()


def _no_wording(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_args: Any, **_kwargs: Any) -> str:
        raise AssertionError("a reason worded by the request")

    monkeypatch.setattr(customer_rows, "reason_text", refuse)


def _book(sales: User) -> None:
    for n in range(4):
        c = f.customer(f"Customer {n}", owner=sales, country="DE")
        f.score(
            c,
            revenue_12m=float(n),
            reasons=[
                {"en": f"Bought <less> {n}", "zh": f"买得少 {n}"},
                {"code": "x"} if n == 3 else f"plain {n % 2}",
                "third",
            ],
        )


@pytest.mark.parametrize("lang", ["en", "zh-hans"])
def test_the_reasons_worded_ahead_are_those_a_request_words(
    monkeypatch: pytest.MonkeyPatch, manager: User, sales: User, lang: str
) -> None:
    """A request words its own rows, never the whole book (most of a second on a large book);
    once the book's reasons are worded ahead for its version, a worker that kept nothing draws the
    same page without wording a reason (before: each worker worded each message it drew)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from laoke.customers.book_cache import book_version

    _book(sales)
    with CaptureQueriesContext(connection) as queries:
        first = _page(_client(manager, lang))
    assert not [q for q in queries.captured_queries if "DISTINCT CAST" in q["sql"]]
    assert ("Bought &lt;less&gt; 2" if lang == "en" else "买得少 2") in first
    customer_rows.warm_reason_cells(book_version(), "USD")
    _another_process()
    _no_wording(monkeypatch)
    assert _page(_client(manager, lang)) == first
    assert "Customer 1" in _page(_client(sales, lang), "/customers/?sort=-revenue")


@pytest.mark.parametrize("lang", ["en", "zh-hans"])
def test_a_rescore_that_changes_the_reasons_shows_them(manager: User, sales: User, lang: str) -> None:
    """A re-score writes new scorecards (a new book version): the next visit shows their reasons,
    in every process."""
    _book(sales)
    boss = _client(manager, lang)
    assert "plain 1" in _page(boss)
    for score in CustomerScore.objects.all():
        customer = score.customer
        score.delete()
        f.score(customer, reasons=[{"en": "Orders more often", "zh": "下单更频繁"}])
    for _process in range(2):
        html = _page(boss)
        assert "plain 1" not in html and "Bought" not in html and "买得少" not in html
        assert html.count("Orders more often" if lang == "en" else "下单更频繁") == 4
        _another_process()


def test_a_score_job_words_the_reasons_ahead_in_every_language(
    monkeypatch: pytest.MonkeyPatch, manager: User, sales: User
) -> None:
    """Once a re-score is done, its worker has worded the book's reasons in each language: the first
    list request of any worker after it words none."""
    from laoke.jobs import runner
    from laoke.jobs.models import Job

    _book(sales)

    def job(_job: Job, _report: runner.Reporter) -> dict[str, int]:
        customer = f.customer("Rescored", owner=sales)
        f.score(customer, revenue_12m=99.0, reasons=[{"en": "New reason", "zh": "新的理由"}])
        return {}

    monkeypatch.setattr(runner, "HANDLERS", {"score": job})
    assert runner.execute(Job.objects.create(kind="score").pk) == "done"
    _another_process()
    _no_wording(monkeypatch)
    assert "New reason" in _page(_client(manager, "en"), "/customers/?sort=-revenue")
    assert "新的理由" in _page(_client(sales, "zh-hans"), "/customers/?sort=-revenue")


@pytest.mark.django_db(transaction=True)
def test_a_worker_that_starts_words_the_reasons_of_a_book_scored_by_the_command(
    monkeypatch: pytest.MonkeyPatch, manager: User, sales: User
) -> None:
    """``make run`` scores with the command (no job, nothing worded ahead), then starts the server
    and its worker: the worker, once started, words the book's reasons in each language, so the
    first list request of any web process words none. Not again when they are ready."""
    from django.core.cache import cache

    from laoke.customers.book_cache import book_version
    from laoke.jobs import runner
    from laoke.web import apps
    from laoke.web.customer_query import book_table_ready

    _book(sales)
    version = book_version()
    assert customer_rows.book_reason_cells(version, "en", "USD") is None
    runner.announce_start().join(timeout=60)  # as `laoke worker` does, in a thread of its own
    for language in ("en", "zh-hans"):
        assert customer_rows.book_reason_cells(version, language, "USD")
    _another_process()
    with monkeypatch.context() as patched:
        _no_wording(patched)
        assert "Bought &lt;less&gt; 3" in _page(_client(manager, "en"), "/customers/?sort=-revenue")
        assert "买得少 3" in _page(_client(sales, "zh-hans"), "/customers/?sort=-revenue")
    warmed: list[str] = []
    monkeypatch.setattr(apps, "_build_list_ahead", lambda: warmed.append("built"))
    runner.announce_start().join(timeout=60)
    assert warmed == []  # ready for this book version: the start builds nothing
    cache.clear()  # the shared cache emptied (or culled): the reasons worded again, not the table
    customer_rows.warm_reason_cells(version, "USD")
    assert not book_table_ready(version)
    runner.announce_start().join(timeout=60)
    assert warmed == ["built"]


def _owner_options(html: str) -> list[str]:
    select = html.split('id="f-owner"', 1)[1].split("</select>", 1)[0]
    return re.findall(r'<option value="\d+"[^>]*>([^<]*)</option>', select)


def test_the_owner_filter_shows_salespeople_renamed_added_and_deleted(
    manager: User, sales: User, other_sales: User
) -> None:
    """The salespeople offered are kept per book version; saving or deleting a person moves it."""
    boss = _client(manager, "en")
    assert _owner_options(_page(boss)) == ["Li", "Wang"]
    sales.first_name = "Lily"
    sales.save()
    assert _owner_options(_page(boss)) == ["Lily", "Wang"]
    newcomer = f.user("sales3", first_name="Zhao")
    assert _owner_options(_page(boss)) == ["Lily", "Wang", "Zhao"]
    newcomer.delete()
    assert _owner_options(_page(boss, "/customers/?sort=-revenue")) == ["Lily", "Wang"]
    other_sales.role = RoleChoices.MANAGER
    other_sales.save()
    assert _owner_options(_page(boss)) == ["Lily"]


def test_a_saved_view_added_shows_on_the_next_visit(manager: User) -> None:
    boss = _client(manager, "en")
    assert "Big ones" not in _page(boss)
    SavedView.objects.create(user=manager, name="Big ones", querystring="sort=-revenue")
    assert "Big ones" in _page(boss)


def test_a_new_home_currency_shows_on_the_next_visit(manager: User, sales: User) -> None:
    """The currency is kept per book version; saving the company's settings moves it."""
    from laoke.company.models import CompanySettings

    _book(sales)
    boss = _client(manager, "en")
    assert "USD 3" in _page(boss, "/customers/?sort=-revenue")
    settings = CompanySettings.load()
    settings.home_currency = "EUR"
    settings.save()
    html = _page(boss, "/customers/?sort=-revenue")
    assert "EUR 3" in html and "USD 3" not in html
