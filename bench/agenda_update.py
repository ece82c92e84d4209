"""The follow-up plan's UPDATE of changed tasks, worst case: every task of the book changed at once.

Run from the repository root against a scored book (PostgreSQL is where it matters: the agenda
change log's statement triggers fire once per statement)::

    LAOKE_DATABASE_URL=postgres://postgres@127.0.0.1:5432/BOOK PYTHONPATH=src \\
        .venv/bin/python bench/agenda_update.py --runs 2

Each run, in a transaction rolled back afterwards, moves every task's due date by one day and
writes the changes the way ``sync_tasks`` writes them (``laoke.cadence.services.agenda._update_tasks``:
one ``UPDATE … FROM (VALUES …)`` per 500 tasks on PostgreSQL) and, alternated with it, the way it
wrote them before (one prepared UPDATE per task in an ``executemany``). It prints the wall time
(the server's work is most of it), the rows the change log gained, and checks that both ways
leave the same rows.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import time
from typing import Any

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "laoke.project.settings")

import django

django.setup()

from django.db import connection, transaction  # noqa: E402

from laoke.cadence.services import agenda  # noqa: E402
from laoke.retention.models import Task  # noqa: E402


def changed_rows() -> list[tuple[Any, ...]]:
    """Every task's ``UPDATED_FIELDS`` values as ``sync_tasks`` passes them, due a day later."""
    forms = [agenda._stored(name.removesuffix("_id")) for name in agenda.UPDATED_FIELDS]
    rows = []
    for values in Task.objects.values_list(*agenda.UPDATED_FIELDS, "pk"):
        task = dict(zip(agenda.UPDATED_FIELDS, values[:-1], strict=True))
        if task["due_on"] is not None:
            task["due_on"] += dt.timedelta(days=1)
        rows.append(
            (*(form(task[name]) for form, name in zip(forms, agenda.UPDATED_FIELDS, strict=True)), values[-1])
        )
    return rows


def one_by_one(changed: list[tuple[Any, ...]]) -> None:
    """The earlier way: one prepared UPDATE per task."""
    quote = connection.ops.quote_name
    columns = [quote(Task._meta.get_field(n.removesuffix("_id")).column) for n in agenda.UPDATED_FIELDS]
    sql = f"UPDATE {quote(Task._meta.db_table)} SET {', '.join(f'{c} = %s' for c in columns)} WHERE id = %s"
    with connection.cursor() as cursor:
        for i in range(0, len(changed), agenda.CHUNK):
            cursor.executemany(sql, changed[i : i + agenda.CHUNK])


def logged() -> int:
    if connection.vendor != "postgresql":
        return 0
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM retention_agendachange")
        return int(cursor.fetchone()[0])


def run(write: Any, changed: list[tuple[Any, ...]]) -> tuple[float, int, list[tuple[Any, ...]]]:
    with transaction.atomic():
        before = logged()
        started = time.perf_counter()
        write(changed)
        seconds = time.perf_counter() - started
        rows = list(Task.objects.order_by("pk").values_list(*agenda.UPDATED_FIELDS))
        gained = logged() - before
        transaction.set_rollback(True)
    return seconds, gained, rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=2)
    options = parser.parse_args()
    changed = changed_rows()
    print(
        f"{connection.vendor}: {len(changed):,} tasks changed at once, {options.runs} run(s) each, alternated"
    )
    times: dict[str, list[float]] = {"one UPDATE per task": [], "now (sync_tasks)": []}
    shown: dict[str, tuple[int, list[tuple[Any, ...]]]] = {}
    for _ in range(options.runs):
        for label, write in (("one UPDATE per task", one_by_one), ("now (sync_tasks)", agenda._update_tasks)):
            seconds, gained, rows = run(write, changed)
            times[label].append(seconds)
            shown[label] = (gained, rows)
    for label, values in times.items():
        print(
            f"  {label:<22} median {statistics.median(values):6.2f} s"
            f"  (runs: {', '.join(f'{v:.2f}' for v in values)})"
            f"  change log +{shown[label][0]:,} rows"
        )
    same = shown["one UPDATE per task"][1] == shown["now (sync_tasks)"][1]
    print(f"  same rows written both ways: {same}")


if __name__ == "__main__":
    main()
