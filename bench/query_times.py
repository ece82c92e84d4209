"""Database time of each query the customer list or the 360° page asks, over many visits.

Run from the repository root against a scored book::

    LAOKE_DATABASE_URL=postgres://… LAOKE_VAR_DIR=/tmp/empty PYTHONPATH=src \
        .venv/bin/python bench/query_times.py manager 100 list
    ... bench/query_times.py manager 100 360
    LAOKE_DATABASE_PREPARE=false ... bench/query_times.py manager 100 360   # without kept plans

A manager (or the first salesperson: ``salesperson``) visits N lists drawn as
``bench/web_load.py``'s ``list_path`` draws them (or N customers' 360° pages) to warm the process,
then N others; each query of the second N is timed around the driver's call (the wall time: the
round trip, the server's planning and run, the rows read). Prints the queries by total time, the
total per visit. Give each run an empty ``LAOKE_VAR_DIR``: the shared cache keeps what an earlier
run read.
"""

from __future__ import annotations

import collections
import os
import random
import sys
import time
from typing import Any

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from web_load import list_facts, list_path, setup_django


def main() -> int:
    who, n, kind = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    setup_django()
    from django.db import connection
    from django.test import Client

    from laoke.accounts.models import User
    from laoke.customers.models import Customer

    facts = list_facts()
    user = User.objects.filter(role=who, is_active=True).order_by("pk").first()
    assert user is not None, f"no active {who}"
    client = Client(SERVER_NAME="localhost")
    client.force_login(user)
    client.cookies["django_language"] = "zh-hans"
    ids = list(Customer.objects.filter(owner=user).values_list("pk", flat=True)) or list(
        Customer.objects.values_list("pk", flat=True)
    )

    def path(rng: random.Random) -> str:
        return list_path(rng, facts) if kind == "list" else f"/customers/{rng.choice(ids)}/"

    warm = random.Random(1)
    for _n in range(n):
        client.get(path(warm))
    times: dict[str, list[float]] = collections.defaultdict(list)

    def timed(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            times[sql[:110]].append((time.perf_counter() - started) * 1000)

    draw = random.Random(2)
    with connection.execute_wrapper(timed):
        for _n in range(n):
            assert client.get(path(draw)).status_code == 200
    rows = sorted(((sum(v), len(v), k) for k, v in times.items()), reverse=True)
    for total, count, sql in rows[:20]:
        print(f"{total:8.1f} ms {count:5d}x {total / count:6.2f} ms  {sql}")
    total, queries = sum(r[0] for r in rows) / n, sum(r[1] for r in rows) / n
    print(f"\n{connection.vendor}: {total:.2f} ms of database time per visit, {queries:.1f} queries")
    return 0


if __name__ == "__main__":
    sys.exit(main())
