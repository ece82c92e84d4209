"""CPU of what a first visit to the customer list pays once per process and book version: the
scope's book table (``laoke.web.customer_query._book_table``), and of reading a page's 50 rows
(``list_rows``), for a manager (everything) and a salesperson: read from the book (nothing kept,
the shared cache empty), from the shared cache (another process of the server read it), and a
scope's derived from the book's table kept by the process.

Run from the repository root against a copy of a scored book::

    LAOKE_DATABASE_URL=sqlite:////tmp/book.sqlite3 PYTHONPATH=src .venv/bin/python bench/list_table.py

Each figure is the median of ``--runs`` (``time.thread_time``: CPU, not wall time); the cache is
cleared before each run, as a new book version finds it. Use a copy of the book and
``LAOKE_CACHE=memory`` or a ``LAOKE_CACHE_DIR`` of your own: the shared cache is cleared.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time


def main() -> int:
    """Print the medians."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    options = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "laoke.project.settings")
    os.environ.setdefault("LAOKE_DEBUG", "false")
    import django

    django.setup()
    from django.core.cache import cache
    from django.db import connection

    from laoke.accounts.models import User
    from laoke.customers.book_cache import book_version
    from laoke.web import customer_query as cq

    manager = User.objects.filter(role="manager", is_active=True).order_by("pk").first()
    people = User.objects.filter(is_active=True, left_on__isnull=True).order_by("pk")
    sales = people.filter(role="salesperson").first()
    version = book_version()
    print(f"database: {connection.vendor}; load average {os.getloadavg()[0]:.1f}")
    for who, user in (("manager", manager), ("salesperson", sales)):
        if user is None:
            continue
        builds, loads, derived, reads = [], [], [], []
        ids: list[int] = []
        for _ in range(options.runs):
            # read from the book: nothing kept by this process nor in the shared cache
            cache.clear()
            cq.forget_kept_tables()
            start = time.thread_time()
            table = cq._book_table(user, version)
            builds.append((time.thread_time() - start) * 1000)
            # another process of the server: the book's table in the shared cache, nothing kept
            cq.forget_kept_tables()
            start = time.thread_time()
            table = cq._book_table(user, version)
            loads.append((time.thread_time() - start) * 1000)
            # another scope in the same process: the book's table kept, this scope's not
            cq._TABLES.clear()
            start = time.thread_time()
            table = cq._book_table(user, version)
            derived.append((time.thread_time() - start) * 1000)
            ids = [row[0] for row in table.ordered("-revenue", None)][1000:1050]
            start = time.thread_time()
            rows = cq.list_rows(user=user, ids=ids)
            reads.append((time.thread_time() - start) * 1000)
        print(
            f"{who}: {len(table.rows)} customers; table read from the book"
            f" {statistics.median(builds):.1f} ms,"
            f" from the shared cache {statistics.median(loads):.1f} ms,"
            f" the scope's from the book's kept {statistics.median(derived):.1f} ms;"
            f" 50 rows read {statistics.median(reads):.2f} ms ({len(rows)} rows)"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
