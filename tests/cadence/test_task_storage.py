"""The follow-up plan's tasks are written in one stream: the rows the ORM would store, kept on a rerun.

``sync_tasks`` writes new rule tasks with ``storage.bulk_insert`` (COPY on PostgreSQL, executemany
on SQLite) and changed ones with one prepared UPDATE; these tests run on both databases (the suite's
PostgreSQL pass included).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from laoke.accounts.models import User
from laoke.cadence.services.agenda import AgendaReport, sync_tasks
from laoke.core.cadence.model import ProposedTask
from laoke.core.messages import Message
from laoke.retention.models import Task, TaskStatusChoices
from tests.web import factories as f

AS_OF = dt.date(2026, 11, 25)
pytestmark = pytest.mark.django_db
#: Columns that differ between any two writes (row id, clock).
CLOCK = ("id", "created_at")
#: Enough customers for more tasks than one ``bulk_create`` batch holds on either database.
CUSTOMERS = 260


def proposals(customers: list[int], assignee: int, *, shift: int = 0) -> list[ProposedTask]:
    """Two tasks per customer with every kind of value a task stores (JSON, dates, Chinese, NULLs)."""
    out = []
    for n, cid in enumerate(customers):
        out.append(
            ProposedTask(
                key=f"test:{cid}:call",
                kind="ladder_ask",
                customer_id=cid,
                assignee_id=assignee if n % 3 else None,
                due_on=AS_OF + dt.timedelta(days=n % 7 + shift),
                priority=float(n) / 3.0,
                details={"mail": n, "topics": ["样品", "price"], "on": AS_OF.isoformat()},
                title=Message("cadence.ladder.ask.title", {"days": n, "subject": "报价单 “Offer”"}),
                why=(Message("cadence.ladder.ask.why", {"days": 3, "sent": "2026-11-21"}),),
            )
        )
        out.append(
            ProposedTask(
                key=f"test:{cid}:festival",
                kind="festival",
                customer_id=cid,
                assignee_id=assignee,
                due_on=AS_OF + dt.timedelta(days=30),
                title_en="Greet before the holiday",
                title_zh="节前问候",
                why_en="",
                why_zh="",
                details={},
            )
        )
    return out


def stored() -> list[dict[str, Any]]:
    """Every task as the ORM reads it back, without its id and creation time, in key order."""
    fields = [f.attname for f in Task._meta.concrete_fields if f.attname not in CLOCK]
    return list(Task.objects.order_by("rule_key").values(*fields))


def orm_rows(tasks: list[ProposedTask]) -> list[dict[str, Any]]:
    """The rows ``Task.objects.bulk_create`` stores for ``tasks`` (written in a savepoint, rolled back)."""
    from laoke.cadence.services.agenda import _values

    with transaction.atomic():
        Task.objects.all().delete()
        Task.objects.bulk_create(
            [Task(customer_id=p.customer_id, kind=p.kind, rule_key=p.key, **_values(p)) for p in tasks]
        )
        rows = stored()
        transaction.set_rollback(True)
    return rows


@pytest.fixture
def book(sales: User) -> tuple[list[int], int]:
    return [f.customer(owner=sales).pk for _ in range(CUSTOMERS)], sales.pk


def test_the_rows_the_orm_would_store_land_in_one_statement(book: tuple[list[int], int]) -> None:
    customers, assignee = book
    tasks = proposals(customers, assignee)
    expected = orm_rows(tasks)
    report = AgendaReport(as_of=AS_OF)
    with CaptureQueriesContext(connection) as queries:
        sync_tasks(tasks, as_of=AS_OF, report=report)
    assert stored() == expected and len(expected) == report.created == 2 * CUSTOMERS
    # one stream: COPY on PostgreSQL (not an SQL statement), one executemany on SQLite
    inserts = [q for q in queries.captured_queries if q["sql"].startswith('INSERT INTO "retention_task"')]
    assert len(inserts) <= 1
    assert all(t.created_at is not None for t in Task.objects.all())
    first = Task.objects.get(rule_key=f"test:{customers[1]}:call")
    assert first.title_msg == [
        {"code": "cadence.ladder.ask.title", "params": {"days": 1, "subject": "报价单 “Offer”"}}
    ]
    assert first.details == {"mail": 1, "topics": ["样品", "price"], "on": "2026-11-25"}
    assert Task.objects.get(rule_key=f"test:{customers[0]}:festival").title_msg is None


def test_a_second_run_keeps_every_row_and_a_changed_one_is_rewritten(book: tuple[list[int], int]) -> None:
    customers, assignee = book
    sync_tasks(proposals(customers, assignee), as_of=AS_OF, report=AgendaReport(as_of=AS_OF))
    before = stored()
    ids = dict(Task.objects.values_list("rule_key", "id"))
    again = AgendaReport(as_of=AS_OF)
    sync_tasks(proposals(customers, assignee), as_of=AS_OF, report=again)
    assert stored() == before and dict(Task.objects.values_list("rule_key", "id")) == ids
    assert (again.created, again.updated, again.cleared, again.unchanged) == (0, 0, 0, 2 * CUSTOMERS)
    # A user's closed task stays closed; a cancelled one proposed again is reopened with the new values.
    done, cancelled = (f"test:{customers[0]}:call", f"test:{customers[1]}:call")
    Task.objects.filter(rule_key=done).update(status=TaskStatusChoices.DONE)
    Task.objects.filter(rule_key=cancelled).update(status=TaskStatusChoices.CANCELLED, cleared_on=AS_OF)
    moved = proposals(customers, assignee, shift=2)
    changed = AgendaReport(as_of=AS_OF)
    sync_tasks(moved, as_of=AS_OF, report=changed)
    expected = orm_rows(moved)
    for row in expected:
        if row["rule_key"] == done:
            row.update(status=TaskStatusChoices.DONE, due_on=AS_OF)
    assert stored() == expected and dict(Task.objects.values_list("rule_key", "id")) == ids
    assert changed.created == 0 and changed.updated == CUSTOMERS - 1


def test_a_failed_write_leaves_the_previous_rows(book: tuple[list[int], int]) -> None:
    customers, assignee = book
    sync_tasks(proposals(customers, assignee), as_of=AS_OF, report=AgendaReport(as_of=AS_OF))
    before = stored()
    # 2,500 new tasks (more than one batch) and changed ones, the last of which cannot be stored:
    # the new rows are written before the failure, and the caller's transaction takes them back.
    extra = [
        ProposedTask(
            key=f"test:extra:{n}",
            kind="ladder_ask",
            customer_id=customers[n % 7],
            assignee_id=None,
            due_on=AS_OF,
        )
        for n in range(2500)
    ]
    moved = proposals(customers, assignee, shift=5)
    broken = moved.pop(-2)  # the last customer's call task
    moved.append(ProposedTask(**{**broken.__dict__, "due_on": None}))
    with pytest.raises(IntegrityError), transaction.atomic():
        sync_tasks([*extra, *moved], as_of=AS_OF, report=AgendaReport(as_of=AS_OF))
    assert stored() == before


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the agenda change log is PostgreSQL's")
def test_changed_tasks_are_written_in_one_statement_per_chunk(book: tuple[list[int], int]) -> None:
    """On PostgreSQL a chunk of changed tasks is one UPDATE: the agenda change log's statement
    triggers log one row per person per chunk, not one per task."""
    from laoke.retention.models import AgendaChange

    customers, assignee = book
    sync_tasks(proposals(customers, assignee), as_of=AS_OF, report=AgendaReport(as_of=AS_OF))
    logged = AgendaChange.objects.count()
    moved = proposals(customers, assignee, shift=3)
    report = AgendaReport(as_of=AS_OF)
    sync_tasks(moved, as_of=AS_OF, report=report)
    assert report.updated == CUSTOMERS  # every call task moved (the festival ones did not)
    assert stored() == orm_rows(moved)
    # one chunk (260 rows < 500), two people in it: the salesperson and no one (a third of the calls)
    assert AgendaChange.objects.count() - logged == 2
