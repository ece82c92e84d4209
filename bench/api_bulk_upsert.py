"""Bulk upsert of order lines through the REST API: seconds for a first post, a repeat, an update.

Run from the repository root::

    .venv/bin/python bench/api_bulk_upsert.py                        # 10,000 lines, fresh SQLite in /tmp
    .venv/bin/python bench/api_bulk_upsert.py --lines 50000
    .venv/bin/python bench/api_bulk_upsert.py --database-url postgres://postgres@127.0.0.1:5432/laoke_bench_api

The database is created fresh (a PostgreSQL database named in the URL is dropped and re-created).
It makes a manager and 200 customers, then POSTs ``/api/orders/bulk`` in-process through the whole
Django stack (token auth, JSON parsing, schema validation, the import services) with orders of
five lines each, and prints the seconds of: the first post (everything created), the same post
again (nothing changes), and a post where one line in ten has a new amount (updates).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
LAOKE = str(REPO / ".venv" / "bin" / "laoke")
CUSTOMERS = 200
LINES_PER_ORDER = 5


def fresh_database(url: str) -> None:
    """Drop and re-create a PostgreSQL database; then migrate."""
    if url.startswith("postgres"):
        import psycopg

        base, name = url.rsplit("/", 1)
        with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')
    env = {**os.environ, "LAOKE_DATABASE_URL": url}
    subprocess.run([LAOKE, "migrate", "-v0"], env=env, check=True)


def order_lines(count: int, *, bump_every: int = 0) -> list[dict[str, object]]:
    """``count`` lines: orders of five lines spread over the customers and 2024–2025."""
    lines = []
    for i in range(count):
        order = i // LINES_PER_ORDER
        amount = 100 + (i % 97) * 3.5
        if bump_every and i % bump_every == 0:
            amount += 1
        lines.append(
            {
                "order_no": f"B-{order:07d}",
                "customer": f"K{order % CUSTOMERS:04d}",
                "order_date": f"{2024 + order % 2}-{1 + order % 12:02d}-{1 + order % 28:02d}",
                "line_no": i % LINES_PER_ORDER + 1,
                "product": f"SKU-{i % 300:03d}",
                "quantity": 1 + i % 9,
                "amount": f"{amount:.2f}",
                "currency": "USD",
            }
        )
    return lines


def _counts(counter: dict[str, int]) -> str:
    shown = {k: v for k, v in counter.items() if k in ("orders", "lines") and v}
    return ", ".join(f"{v:,} {k}" for k, v in shown.items()) or "nothing"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database-url")
    parser.add_argument("--lines", type=int, default=10_000)
    args = parser.parse_args()
    url = args.database_url or f"sqlite:///{tempfile.mkdtemp(prefix='laoke_api_bench_')}/bench.sqlite3"
    fresh_database(url)
    os.environ["LAOKE_DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "laoke.project.settings")
    sys.path.insert(0, str(REPO / "src"))
    import django

    django.setup()
    from django.test import Client

    from laoke.accounts.models import RoleChoices, User
    from laoke.api.services.tokens import create_token
    from laoke.customers.models import Customer
    from laoke.orders.models import Order, OrderLine

    boss = User.objects.create_user("bench-manager", role=RoleChoices.MANAGER)
    Customer.objects.bulk_create([Customer(code=f"K{i:04d}", name=f"Customer {i}") for i in range(CUSTOMERS)])
    _token, raw = create_token(user=boss, name="bench")
    client = Client(SERVER_NAME="localhost", HTTP_AUTHORIZATION=f"Bearer {raw}", HTTP_ACCEPT_LANGUAGE="en")
    client.get("/api/customers")  # warm up: load the URL configuration and the apps once
    engine = "PostgreSQL" if url.startswith("postgres") else "SQLite"
    print(
        f"{engine}, {args.lines:,} order lines in {args.lines // LINES_PER_ORDER:,} orders, one request each"
    )
    for label, payload in (
        ("first post (all created)", order_lines(args.lines)),
        ("same post again (no change)", order_lines(args.lines)),
        ("one line in ten changed", order_lines(args.lines, bump_every=10)),
    ):
        body = json.dumps({"lines": payload})
        started = time.perf_counter()
        response = client.post("/api/orders/bulk", body, content_type="application/json")
        seconds = time.perf_counter() - started
        if response.status_code != 200:
            raise SystemExit(f"{label}: HTTP {response.status_code} {response.content[:500]!r}")
        result = response.json()
        print(
            f"{label:30s} {seconds:6.2f} s  ({args.lines / seconds:,.0f} lines/s)  "
            f"created {_counts(result['created'])}; updated {_counts(result['updated'])}; "
            f"now {Order.objects.count():,} orders, {OrderLine.objects.count():,} lines"
        )


if __name__ == "__main__":
    main()
