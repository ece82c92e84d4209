"""``laoke score`` and ``laoke import`` run from the command line (``make run``, an admin by hand,
``bench/web_load.py``'s book) read the customer list's book table and word its reasons ahead into the
shared cache, as a re-score or import job's worker does: the web server's first list request after
them (a process that kept nothing) reads no book table and words no reason."""

from __future__ import annotations

import datetime as dt
import re
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from laoke.accounts.models import User
from laoke.customers.models import Customer
from laoke.retention.models import CustomerScore
from laoke.web import customer_rows
from laoke.web.customer_query import forget_kept_tables
from tests.web import factories as f

pytestmark = pytest.mark.django_db

AS_OF = "2025-06-30"
_PER_REQUEST = re.compile(r'(csrfmiddlewaretoken" value="|"X-CSRFToken": "|nonce=")[^"]+"')
_MEMOS = ("_REASONS", "_REASON_CELLS", "_ROWS", "_BOOK_CELLS")
_PAGES = (
    ("manager", "en", "/customers/?sort=-revenue"),
    ("sales", "zh-hans", "/customers/?sort=-last_order"),
)


def _another_process() -> None:
    """Forget what this process kept (a web worker started after the command); the shared cache stays."""
    forget_kept_tables()
    for name in _MEMOS:
        getattr(customer_rows, name, {}).clear()


def _book(sales: User) -> None:
    """Six customers of ``sales`` with a year and a half of orders of different sizes."""
    for n in range(6):
        c = f.customer(f"Customer {n}", owner=sales, country="DE" if n % 2 else "FR")
        for month in range(1, 19, 1 + n % 3):
            f.order(c, dt.date(2024 + (month - 1) // 12, (month - 1) % 12 + 1, 5), 1000 * (n + 1))


def _pages(users: dict[str, User]) -> tuple[list[str], list[str]]:
    """The list pages of :data:`_PAGES` and the queries among them that read the whole book's table."""
    pages, reads = [], []
    for who, lang, path in _PAGES:
        client = Client()
        client.force_login(users[who])
        client.cookies["django_language"] = lang
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        assert response.status_code == 200
        pages.append(_PER_REQUEST.sub(r'\1…"', response.content.decode()))
        reads += [q["sql"] for q in queries if '"order_date"' in q["sql"] and "IN (" not in q["sql"]]
    return pages, reads


def _first_request_after(monkeypatch: pytest.MonkeyPatch, users: dict[str, User]) -> list[str]:
    """The pages a fresh web worker draws after the command, checked to word no reason and read no
    book table; they are those a worker draws with nothing read ahead."""
    worded: list[Any] = []
    real = customer_rows.reason_text

    def counting(*args: Any, **kwargs: Any) -> str:
        worded.append(args)
        return real(*args, **kwargs)

    _another_process()
    monkeypatch.setattr(customer_rows, "reason_text", counting)
    after, reads = _pages(users)
    assert worded == [] and reads == []
    cache.clear()  # nothing read ahead: the worker reads and words it all
    _another_process()
    alone, reads = _pages(users)
    assert worded != [] and reads != []
    assert after == alone
    return after


def test_laoke_score_reads_the_list_ahead(
    monkeypatch: pytest.MonkeyPatch, manager: User, sales: User
) -> None:
    _book(sales)
    call_command("score", as_of=AS_OF, stdout=StringIO(), stderr=StringIO())
    assert CustomerScore.objects.exclude(reasons=[]).count() == 6
    pages = _first_request_after(monkeypatch, {"manager": manager, "sales": sales})
    assert all(page.count("Customer ") >= 6 for page in pages)


def test_laoke_import_reads_the_list_ahead(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, manager: User, sales: User
) -> None:
    _book(sales)
    call_command("score", as_of=AS_OF, stdout=StringIO(), stderr=StringIO())
    path = tmp_path / "orders.csv"
    path.write_text("客户,日期,订单号,金额\nImported Co,2025-06-01,SO-1,99999\n", encoding="utf-8")
    call_command("import_data", "orders", str(path), "--quiet", stdout=StringIO(), stderr=StringIO())
    assert Customer.objects.filter(name="Imported Co").exists()
    pages = _first_request_after(monkeypatch, {"manager": manager, "sales": sales})
    assert "Imported Co" in pages[0]  # the manager's list, by revenue: the new customer is in it


def test_an_import_that_writes_nothing_reads_nothing_ahead(
    monkeypatch: pytest.MonkeyPatch, sales: User, tmp_path: Path
) -> None:
    from laoke.web import customer_query

    calls: list[str] = []
    monkeypatch.setattr(customer_query, "warm_book_table", lambda: calls.append("read") or "v")
    _book(sales)
    path = tmp_path / "orders.csv"
    path.write_text("客户,日期,订单号,金额\nImported Co,2025-06-01,SO-1,99999\n", encoding="utf-8")
    call_command("import_data", "orders", str(path), "--dry-run", stdout=StringIO(), stderr=StringIO())
    assert calls == []
    call_command("import_data", "orders", str(path), "--quiet", stdout=StringIO(), stderr=StringIO())
    assert calls == ["read"]
