"""CPU of one customer's portrait, as the 360° page draws it on a first visit: derived in plain
Python (``customer_portrait``) against the book's Polars pipeline asked for that customer
(``book_portraits(ids=[pk])``, what ``customer_portrait`` ran before).

Run from the repository root against a scored book::

    LAOKE_DATABASE_URL=sqlite:////tmp/book.sqlite3 PYTHONPATH=src .venv/bin/python bench/portrait_cpu.py

Prints, per way, the median of the request thread's CPU (``time.thread_time``) and of the
process's (``time.process_time``: Polars' own threads too) per customer, and the queries.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from collections.abc import Callable
from typing import Any


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=60)
    options = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "laoke.project.settings")
    os.environ.setdefault("LAOKE_DEBUG", "false")
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from laoke.customers.models import Customer
    from laoke.pipeline.services.portraits import book_portraits, customer_portrait

    as_of = timezone.localdate()
    customers = list(Customer.objects.order_by("?")[: options.customers])
    ways: dict[str, Callable[[Any], object]] = {
        "plain Python": lambda c: customer_portrait(customer=c, as_of=as_of),
        "Polars (before)": lambda c: book_portraits(as_of=as_of, ids=[c.pk]).row(0, named=True),
    }
    for way in ways.values():  # imports and first compilations out of the figures
        way(customers[0])
    print(f"| way | thread CPU median ms | process CPU median ms | queries |  ({len(customers)} customers)")
    print("|---|---:|---:|---:|")
    for name, way in ways.items():
        thread, process, queries = [], [], []
        for customer in customers:
            with CaptureQueriesContext(connection) as captured:
                t0, p0 = time.thread_time(), time.process_time()
                way(customer)
                thread.append((time.thread_time() - t0) * 1000)
                process.append((time.process_time() - p0) * 1000)
            queries.append(len(captured))
        print(
            f"| {name} | {statistics.median(thread):.2f} | {statistics.median(process):.2f} "
            f"| {statistics.median(queries):.0f} |"
        )
    print(f"\nhost load average (1/5/15 min): {' / '.join(f'{x:.1f}' for x in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
