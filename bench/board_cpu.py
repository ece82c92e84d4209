"""CPU time of the pipeline board (``/pipeline/``): warm, and on the first visit after a change.

Run from the repository root against a copy of a scored book (it writes to it, see below)::

    LAOKE_CACHE=memory LAOKE_DATABASE_URL=sqlite:////tmp/book-copy.sqlite3 PYTHONPATH=src \
        .venv/bin/python bench/board_cpu.py --runs 7

The board keeps its cards per scope and book version and the targets' next follow-ups under the
tasks' stamps (SQLite), so ``bench/page_cpu.py`` (even ``--cold``, whose later runs find what the
first one kept) measures a board read from the cache. This prints, for a manager and a
salesperson, the median CPU time of the request thread (``time.thread_time``) and the queries of:

* **warm**: the same board again (nothing changed since the last visit);
* **after a change**: before each run the book's version moves (a ``BookChange`` row, as any
  saved prospect, customer or person) and one task is written (a no-op ``UPDATE``, which moves its
  assignee's stamp): the columns, counts, clashes, days in tier and follow-ups are read again, in a
  process that has drawn the cards before (as a server's does).

It writes one ``BookChange`` row and one no-op task update per run: use a copy of the book.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import statistics
import sys
import time


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--language", default="zh-hans")
    parser.add_argument("--profile", help="write a cProfile of the runs after a change to this file")
    options = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "laoke.project.settings")
    os.environ.setdefault("LAOKE_DEBUG", "false")
    import django

    django.setup()
    from django.db import connection
    from django.db.models import F
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from laoke.accounts.models import User
    from laoke.customers.book_cache import note_change
    from laoke.retention.models import Task

    manager = User.objects.filter(role="manager", is_active=True, team__isnull=True).first()
    sales = (
        User.objects.filter(role="salesperson", is_active=True, left_on__isnull=True).order_by("pk").first()
    )
    task_id = Task.objects.order_by("pk").values_list("pk", flat=True).first()

    def change() -> None:
        note_change()
        Task.objects.filter(pk=task_id).update(priority=F("priority"))

    profiler = cProfile.Profile() if options.profile else None
    print(f"| user | board | CPU median ms | queries |  (runs: {options.runs})\n|---|---|---:|---:|")
    for who, user in (("manager", manager), ("salesperson", sales)):
        if user is None:
            continue
        client = Client(HTTP_ACCEPT_LANGUAGE=options.language, SERVER_NAME="localhost")
        client.force_login(user)
        client.cookies["django_language"] = options.language
        assert client.get("/pipeline/").status_code == 200  # this process has drawn the board once
        for label, before in (("warm", None), ("after a change", change)):
            cpu, queries = [], []
            for _ in range(options.runs):
                if before is not None:
                    before()
                with CaptureQueriesContext(connection) as captured:
                    t0 = time.thread_time()
                    if profiler is not None and before is not None:
                        profiler.runcall(client.get, "/pipeline/")
                    else:
                        client.get("/pipeline/")
                    cpu.append((time.thread_time() - t0) * 1000)
                queries.append(len(captured))
            print(f"| {who} | {label} | {statistics.median(cpu):.1f} | {int(statistics.median(queries))} |")
    load = " / ".join(f"{x:.1f}" for x in os.getloadavg())
    cores = os.cpu_count()
    print(f"\ndatabase: {connection.vendor}; host load average (1/5/15 min): {load} on {cores} cores")
    if profiler is not None:
        profiler.dump_stats(options.profile)
    return 0


if __name__ == "__main__":
    sys.exit(main())
