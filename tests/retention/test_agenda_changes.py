"""PostgreSQL's agenda change log: every write to a person's tasks, by any path and from any
transaction, changes what Today keys its cached agenda on, and no writer waits on another for it."""

from __future__ import annotations

import datetime as dt
import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager

import psycopg
import pytest
from django.db import connection
from django.utils import timezone

from laoke.accounts.models import User
from laoke.retention.models import AgendaChange, AgendaStamp, Task, TaskStatusChoices
from laoke.retention.services.stamps import agenda_stamp, prune_agenda_changes
from tests.web import factories as f

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="the change log is PostgreSQL's (retention 0013)"
    ),
]


@contextmanager
def _other_connection() -> Iterator[psycopg.Connection]:
    """A second connection to the test database: another writer, as another worker would be."""
    s = connection.settings_dict
    with psycopg.connect(
        dbname=s["NAME"],
        user=s["USER"],
        host=s["HOST"],
        port=s["PORT"] or 5432,
        password=s["PASSWORD"] or None,
    ) as other:
        other.execute("SET lock_timeout = '2s'")  # a writer that would wait fails instead of hanging
        yield other


def _copy_task(cursor: psycopg.Cursor, template: Task) -> None:
    """Insert a copy of ``template`` (same customer and assignee) in plain SQL."""
    columns = ", ".join(
        field.column for field in Task._meta.concrete_fields if field.column not in ("id", "rule_key")
    )
    cursor.execute(
        f"INSERT INTO retention_task ({columns}) SELECT {columns} FROM retention_task WHERE id = %s",
        [template.pk],
    )


@pytest.fixture
def li() -> User:
    return f.user("li")


def test_the_database_has_a_stamp_of_its_own_even_after_a_flush() -> None:
    """Migration 0013 stamps the database on PostgreSQL too, so two books never share a key; a
    database whose stamp row is gone (a flush truncates every table) is stamped again when read."""
    AgendaStamp.objects.filter(assignee_key=AgendaStamp.DATABASE_KEY).delete()
    database = agenda_stamp(None)[0]  # type: ignore[index]
    kept = AgendaStamp.objects.get(assignee_key=AgendaStamp.DATABASE_KEY)
    assert database == (AgendaStamp.DATABASE_KEY, kept.stamp)
    assert agenda_stamp(None)[0] == database  # type: ignore[index]


def test_insert_sql_update_bulk_update_and_delete_each_change_the_persons_stamp(li: User) -> None:
    """A task added, closed by a plain SQL UPDATE, moved in bulk or deleted: a new value each time;
    another person's is left alone."""
    wang = f.user("wang")
    f.task(f.customer(owner=wang), wang, timezone.localdate())
    wang_before = agenda_stamp(wang.pk)
    seen = [agenda_stamp(li.pk)]
    task = f.task(f.customer(owner=li), li, timezone.localdate())
    seen.append(agenda_stamp(li.pk))
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE retention_task SET status = %s WHERE id = %s", [TaskStatusChoices.DONE, task.pk]
        )
    seen.append(agenda_stamp(li.pk))
    Task.objects.filter(pk=task.pk).update(due_on=timezone.localdate() + dt.timedelta(days=3))
    seen.append(agenda_stamp(li.pk))
    Task.objects.filter(pk=task.pk).delete()
    seen.append(agenda_stamp(li.pk))
    assert len(set(seen)) == len(seen)
    assert agenda_stamp(wang.pk) == wang_before
    assert agenda_stamp(None) != seen[0]  # everyone's value moves with anyone's writes


def test_one_statement_logs_one_row_per_person_it_touched(li: User) -> None:
    """The triggers are per statement: 30 tasks of two people closed at once add two rows, and a
    statement that matches nothing adds none (the log stays small)."""
    wang = f.user("wang")
    for person in (li, wang):
        for _ in range(15):
            f.task(f.customer(owner=person), person, timezone.localdate())
    before = AgendaChange.objects.count()
    Task.objects.filter(assignee__in=[li, wang]).update(status=TaskStatusChoices.DONE)
    assert AgendaChange.objects.count() == before + 2
    Task.objects.filter(pk=-1).update(status=TaskStatusChoices.OPEN)
    assert AgendaChange.objects.count() == before + 2


def test_a_task_handed_over_changes_both_peoples_stamps(li: User) -> None:
    wang = f.user("wang")
    task = f.task(f.customer(owner=li), li, timezone.localdate())
    f.task(f.customer(owner=wang), wang, timezone.localdate())
    before = (agenda_stamp(li.pk), agenda_stamp(wang.pk))
    Task.objects.filter(pk=task.pk).update(assignee=wang)
    assert agenda_stamp(li.pk) != before[0] and agenda_stamp(wang.pk) != before[1]


def test_a_write_committed_after_a_later_one_still_changes_the_stamp(li: User) -> None:
    """A transaction that took a lower id but commits after one with a higher id: the highest id does
    not move, the count does."""
    template = f.task(f.customer(owner=li), li, timezone.localdate())
    with _other_connection() as early, _other_connection() as late:
        _copy_task(early.cursor(), template)  # takes its log id first, commits last
        _copy_task(late.cursor(), template)
        late.commit()
        seen = agenda_stamp(li.pk)
        early.commit()
    assert agenda_stamp(li.pk) != seen


def test_writers_of_several_peoples_tasks_never_wait_on_each_other(li: User) -> None:
    """Two open transactions each write a task of li and one of wang, in opposite orders (which
    deadlocked with one stamp row per person). Each statement would fail after 2 s of waiting."""
    wang = f.user("wang")
    tasks = {
        (who.pk, n): f.task(f.customer(owner=who), who, timezone.localdate()).pk
        for who in (li, wang)
        for n in (1, 2)
    }
    with _other_connection() as first, _other_connection() as second:
        done = "UPDATE retention_task SET status = 'done' WHERE id = %s"
        first.execute(done, [tasks[li.pk, 1]])
        second.execute(done, [tasks[wang.pk, 2]])
        first.execute(done, [tasks[wang.pk, 1]])
        second.execute(done, [tasks[li.pk, 2]])
        first.commit()
        second.commit()
    assert Task.objects.filter(status=TaskStatusChoices.DONE).count() == 4


def test_every_acknowledged_write_is_in_the_log(li: User) -> None:
    """Eight writers, 25 committed writes each, all at once: the log holds one row per acknowledged
    write of each person, and each person's stamp changed."""
    people = [li, *(f.user(f"s{n}") for n in range(3))]
    templates = {p.pk: f.task(f.customer(owner=p), p, timezone.localdate()) for p in people}
    before = {p.pk: agenda_stamp(p.pk) for p in people}
    start = AgendaChange.objects.count()
    acknowledged: Counter[int] = Counter()
    lock = threading.Lock()
    errors: list[BaseException] = []

    def writer(person: int) -> None:
        try:
            with _other_connection() as own:
                for _ in range(25):
                    _copy_task(own.cursor(), templates[person])
                    own.commit()
                    with lock:
                        acknowledged[person] += 1
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=writer, args=(people[n % len(people)].pk,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    logged = Counter(AgendaChange.objects.filter(pk__gt=0).order_by().values_list("assignee_key", flat=True))
    assert sum(acknowledged.values()) == 200 == AgendaChange.objects.count() - start
    assert all(logged[p] >= acknowledged[p] for p in acknowledged)
    assert all(agenda_stamp(p.pk) != before[p.pk] for p in people)


def test_pruning_keeps_the_log_small_and_never_gives_back_an_earlier_stamp(li: User) -> None:
    """After the nightly prune a person has one row; no value read before comes back, and a write
    still running during the prune counts when it commits."""
    wang = f.user("wang")
    customer = f.customer(owner=li)
    for _ in range(5):
        template = f.task(customer, li, timezone.localdate())
        f.task(f.customer(owner=wang), wang, timezone.localdate())
    seen = {agenda_stamp(li.pk), agenda_stamp(None)}
    with _other_connection() as running:
        _copy_task(running.cursor(), template)  # not committed during the prune
        assert prune_agenda_changes() >= 8
        assert AgendaChange.objects.filter(assignee_key=li.pk).count() == 1
        after = agenda_stamp(li.pk)
        assert after not in seen and agenda_stamp(None) not in seen
        running.commit()
    assert agenda_stamp(li.pk) != after
