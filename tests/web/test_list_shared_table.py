"""The customer list's book table is read once per book version for every scope and every process
of the server: one scope's table is the book's rows it may see, and another process finds the
book's table in the shared cache instead of reading the book again.

What this must never do: show a salesperson a customer of another salesperson (the book's table
holds every customer), or keep showing what the book held before a change.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from laoke.accounts.models import RoleChoices, User
from laoke.customers.models import CustomerShare
from laoke.web.customer_query import forget_kept_tables
from tests.web import factories as f

pytestmark = pytest.mark.django_db


def _client(user: User, lang: str) -> Client:
    client = Client()
    client.force_login(user)
    client.cookies["django_language"] = lang
    return client


def _names(client: Client, path: str = "/customers/") -> list[str]:
    response = client.get(path)
    assert response.status_code == 200
    return [c.name for c in response.context["page"].object_list]


def _book(sales: User, other_sales: User) -> None:
    for n, (name, owner) in enumerate(
        [
            ("Mine", sales),
            ("Theirs", other_sales),
            ("Pooled", None),
            ("Also mine", sales),
            ("Far", other_sales),
        ]
    ):
        c = f.customer(name, owner=owner, country="DE")
        f.score(c, revenue_12m=float(100 * n), grade="AB"[n % 2])
        f.order(c, dt.date(2024, 1, 1 + n))


@pytest.mark.parametrize("lang", ["en", "zh-hans"])
def test_no_scope_sees_a_customer_of_another_salesperson(
    manager: User, sales: User, other_sales: User, lang: str
) -> None:
    """After the manager's visit (the book's table is read and kept) each salesperson's list, under
    every sort and filter, holds their own customers and no other's."""
    _book(sales, other_sales)
    boss, mine, theirs = _client(manager, lang), _client(sales, lang), _client(other_sales, lang)
    assert _names(boss) == ["Also mine", "Far", "Mine", "Pooled", "Theirs"]
    for path in (
        "/customers/",
        "/customers/?sort=-revenue",
        "/customers/?sort=-last_order&grade=A",
        "/customers/?sort=owner",
        "/customers/?country=DE&sort=-name",
        "/customers/?sort=-alerts",
    ):
        assert set(_names(mine, path)) <= {"Mine", "Also mine"}, path
        assert set(_names(theirs, path)) <= {"Theirs", "Far"}, path
    assert _names(mine, "/customers/?sort=-revenue") == ["Also mine", "Mine"]
    assert _names(theirs, "/customers/?sort=-revenue") == ["Far", "Theirs"]
    html = mine.get("/customers/?sort=-revenue").content.decode()
    assert "Theirs" not in html and "Far" not in html and "Pooled" not in html


def test_a_team_manager_sees_the_team_and_the_pool_only(sales: User, other_sales: User) -> None:
    """A manager with a team is a scope of its own, taken from the book's table: the team's
    customers and the shared pool, in the order the database gives."""
    from laoke.accounts.models import Team

    team = Team.objects.create(name="North")
    sales.team = team
    sales.save()
    lead = f.user("lead", role=RoleChoices.MANAGER, team=team)
    _book(sales, other_sales)
    _names(_client(other_sales, "en"))  # the book's table is read for another scope first
    assert _names(_client(lead, "en"), "/customers/?sort=-revenue") == ["Also mine", "Pooled", "Mine"]


@pytest.mark.parametrize("lang", ["en", "zh-hans"])
def test_a_customer_shared_or_unshared_shows_on_the_next_visit(
    manager: User, sales: User, other_sales: User, lang: str
) -> None:
    """Sharing a customer with a salesperson (one row, a new book version) lists it for them on the
    next visit; taking the share back removes it."""
    _book(sales, other_sales)
    mine = _client(sales, lang)
    assert _names(mine) == ["Also mine", "Mine"]
    share = CustomerShare.objects.create(
        customer=f.customer("Shared", owner=other_sales), user=sales, shared_by=manager
    )
    assert _names(mine) == ["Also mine", "Mine", "Shared"]
    share.delete()
    assert _names(mine) == ["Also mine", "Mine"]


def test_another_process_reads_the_book_table_from_the_shared_cache(
    manager: User, sales: User, other_sales: User
) -> None:
    """A process that kept nothing (another gunicorn worker) lists from the book's table in the
    shared cache: no read of every customer's last order; after a change it reads the book again."""
    _book(sales, other_sales)
    boss = _client(manager, "en")
    assert _names(boss, "/customers/?sort=-last_order") == ["Far", "Also mine", "Pooled", "Theirs", "Mine"]
    forget_kept_tables()  # another process: nothing kept, the shared cache filled

    def whole_book_reads(path: str, client: Client) -> tuple[list[str], list[str]]:
        with CaptureQueriesContext(connection) as queries:
            names = _names(client, path)
        return names, [q["sql"] for q in queries if '"order_date"' in q["sql"] and "IN (" not in q["sql"]]

    names, reads = whole_book_reads("/customers/?sort=last_order", boss)
    assert names == ["Mine", "Theirs", "Pooled", "Also mine", "Far"]
    assert reads == []
    names, reads = whole_book_reads("/customers/?sort=-revenue", _client(sales, "zh-hans"))
    assert names == ["Also mine", "Mine"] and reads == []
    f.order(f.customer("Newest", owner=sales), dt.date(2025, 1, 1))
    forget_kept_tables()
    names, reads = whole_book_reads("/customers/?sort=-last_order", boss)
    assert names[0] == "Newest" and reads != []


@pytest.mark.parametrize("kind", ["score", "import"])
def test_a_job_that_changed_the_book_leaves_the_table_read_ahead(
    monkeypatch: pytest.MonkeyPatch, manager: User, sales: User, other_sales: User, kind: str
) -> None:
    """Once a re-score or an import is done, its worker reads the list's book table and its sorts
    into the shared cache for the book it left: the first list request after it (any worker, any
    scope) reads no customer's last order, and shows what the job wrote."""
    from laoke.jobs import runner
    from laoke.jobs.models import Job

    _book(sales, other_sales)
    boss = _client(manager, "zh-hans")
    assert _names(boss, "/customers/?sort=-last_order")[0] == "Far"

    def job(_job: Job, _report: runner.Reporter) -> dict[str, int]:
        f.order(f.customer("Newest", owner=sales), dt.date(2025, 1, 1))
        return {}

    monkeypatch.setattr(runner, "HANDLERS", {kind: job})
    assert runner.execute(Job.objects.create(kind=kind).pk) == "done"
    forget_kept_tables()  # the web's worker is another process: it kept nothing
    for client, path, first in (
        (boss, "/customers/?sort=-last_order", "Newest"),
        (_client(sales, "en"), "/customers/?sort=-last_order", "Newest"),
        (boss, "/customers/?grade=A&sort=-revenue", "Far"),  # no NULL revenue: same order in both databases
    ):
        with CaptureQueriesContext(connection) as queries:
            names = _names(client, path)
        assert names[0] == first
        assert [q["sql"] for q in queries if '"order_date"' in q["sql"] and "IN (" not in q["sql"]] == []


def test_an_export_job_reads_nothing_ahead(monkeypatch: pytest.MonkeyPatch, manager: User) -> None:
    """A job that leaves the book as it was (an export) does not read the book's table."""
    from laoke.jobs import runner
    from laoke.jobs.models import Job

    f.customer("Alpha")
    monkeypatch.setattr(runner, "HANDLERS", {"export": lambda _job, _report: {}})
    with CaptureQueriesContext(connection) as queries:
        assert runner.execute(Job.objects.create(kind="export").pk) == "done"
    assert [q["sql"] for q in queries if '"order_date"' in q["sql"]] == []
