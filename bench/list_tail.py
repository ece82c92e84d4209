"""CPU and wall time of many customer lists drawn as under load, in one process: the tail.

Run from the repository root against a scored book, with an empty shared cache (a process that
starts) or one a worker filled (``laoke worker`` builds the list's table and reasons ahead)::

    LAOKE_DATABASE_URL=postgres://… LAOKE_VAR_DIR=/tmp/empty PYTHONPATH=src \
        .venv/bin/python bench/list_tail.py 600 20

Two managers and two salespeople in turn ask N lists drawn as ``bench/web_load.py``'s
``list_path`` draws them (a filter, a sort, sometimes a later page; seed 7); most are a
combination asked for the first time. Prints the p50/p90/p95 of the CPU (``time.thread_time``)
and wall time and the slowest requests with their queries. The first request of the process reads
the book's table (or unpickles it) and is the slowest; the served app freezes its heap after its
first requests (``laoke.platform.heap``), this script does not, so a garbage collector's full pass
may show among the slowest.
"""

from __future__ import annotations

import os
import random
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from web_load import list_facts, list_path, setup_django


def main() -> int:
    n, shown = int(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 20
    setup_django()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from laoke.accounts.models import User

    facts = list_facts()
    clients = []
    for role in ("manager", "salesperson"):
        for user in User.objects.filter(role=role, is_active=True).order_by("pk")[:2]:
            client = Client(SERVER_NAME="localhost")
            client.force_login(user)
            client.cookies["django_language"] = "zh-hans"
            clients.append((role, client))
    rng = random.Random(7)
    done = []
    for i in range(n):
        role, client = clients[i % len(clients)]
        path = list_path(rng, facts)
        with CaptureQueriesContext(connection) as queries:
            cpu, wall = time.thread_time(), time.perf_counter()
            assert client.get(path).status_code == 200
            cpu, wall = (time.thread_time() - cpu) * 1000, (time.perf_counter() - wall) * 1000
        done.append((wall, cpu, len(queries), i, role, path))
    walls, cpus = sorted(d[0] for d in done), sorted(d[1] for d in done)

    def at(values: list[float], p: float) -> float:
        return values[min(len(values) - 1, int(p * len(values)))]

    print(
        f"{connection.vendor}, {n} lists: wall p50 {at(walls, 0.5):.1f} p90 {at(walls, 0.9):.1f}"
        f" p95 {at(walls, 0.95):.1f} ms | CPU p50 {at(cpus, 0.5):.1f} p90 {at(cpus, 0.9):.1f}"
        f" p95 {at(cpus, 0.95):.1f} ms"
    )
    for wall, cpu, count, i, role, path in sorted(done, reverse=True)[:shown]:
        print(f"{wall:7.1f} ms wall {cpu:6.1f} ms CPU {count:2d} queries  #{i:<4d} {role:11s} {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
