"""CPU of each salesperson's first visit to Today in a process already warm, then of a second visit.

Run from the repository root against a scored book, with a cache of this process only (nothing
kept from an earlier run)::

    LAOKE_CACHE=memory LAOKE_DATABASE_URL=sqlite:////tmp/book.sqlite3 PYTHONPATH=src \
        .venv/bin/python bench/today_first_visits.py [en|zh-hans]

A manager's Today and the import page are asked first (templates, URLs and catalogues loaded);
then, for every current salesperson in turn, one client logged in as them asks ``/`` twice: the
first visit ranks their agenda (the grouped scan, the ranking, the rows), the second finds it
kept. Prints the medians of the thread's CPU time (``time.thread_time``) and the queries.
"""

from __future__ import annotations

import os
import statistics
import sys
import time


def main() -> int:
    language = sys.argv[1] if len(sys.argv) > 1 else "zh-hans"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "laoke.project.settings")
    os.environ.setdefault("LAOKE_DEBUG", "false")
    os.environ.setdefault("LAOKE_CACHE", "memory")
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from laoke.accounts.models import User

    client = Client(HTTP_ACCEPT_LANGUAGE=language, SERVER_NAME="localhost")
    client.cookies["django_language"] = language
    manager = User.objects.filter(role="manager", is_active=True).order_by("pk").first()
    if manager is not None:
        client.force_login(manager)
        client.get("/")
        client.get("/import/")
    first: list[float] = []
    second: list[float] = []
    queries: list[int] = []
    people = User.objects.filter(role="salesperson", is_active=True, left_on__isnull=True).order_by("pk")
    for person in people:
        client.force_login(person)
        with CaptureQueriesContext(connection) as captured:
            started = time.thread_time()
            client.get("/")
            first.append((time.thread_time() - started) * 1000)
        queries.append(len(captured))
        started = time.thread_time()
        client.get("/")
        second.append((time.thread_time() - started) * 1000)
    if not first:
        print("no current salesperson in this book", file=sys.stderr)
        return 1
    load = " / ".join(f"{x:.1f}" for x in os.getloadavg())
    print(
        f"{len(first)} salespeople: first visit CPU median {statistics.median(first):.0f} ms "
        f"(min {min(first):.0f}, max {max(first):.0f}; {statistics.median(queries):.0f} queries), "
        f"second visit {statistics.median(second):.0f} ms; host load {load} on {os.cpu_count()} cores"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
