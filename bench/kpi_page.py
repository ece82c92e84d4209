"""Time the KPI page and ``GET /api/kpis`` on a demo book (median of 5 warm requests).

Run from the repository root::

    .venv/bin/python bench/kpi_page.py                                   # fresh 300-customer demo in /tmp
    .venv/bin/python bench/kpi_page.py --customers 3000
    .venv/bin/python bench/kpi_page.py --database-url sqlite:////tmp/me/demo.sqlite3   # an existing book

It prints the book's size, then for the manager and one salesperson the server time of
``/kpi/`` (last 12 months), ``/kpi/?preset=last_year``, the Excel export and ``/api/kpis``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
LAOKE = str(REPO / ".venv" / "bin" / "laoke")


def build(url: str, customers: int) -> None:
    env = {**os.environ, "LAOKE_DATABASE_URL": url, "LAOKE_LANGUAGE": "en"}
    for args in (["migrate", "-v0"], ["demo", "--customers", str(customers)], ["score"]):
        subprocess.run([LAOKE, *args], env=env, check=True, stdout=subprocess.DEVNULL)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database-url")
    parser.add_argument("--customers", type=int, default=300)
    args = parser.parse_args()
    url = args.database_url
    if url is None:
        url = f"sqlite:///{tempfile.mkdtemp(prefix='laoke_kpi_bench_')}/demo.sqlite3"
        build(url, args.customers)
    os.environ["LAOKE_DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "laoke.project.settings")
    sys.path.insert(0, str(REPO / "src"))
    import django

    django.setup()
    from django.test import Client

    from laoke.accounts.models import User
    from laoke.customers.models import Customer
    from laoke.orders.models import OrderLine

    print(f"book: {Customer.objects.count():,} customers, {OrderLine.objects.count():,} order lines")
    pages = [("KPI page, 12 months", "/kpi/"), ("KPI page, last year", "/kpi/?preset=last_year"),
             ("Excel export", "/kpi/export.xlsx"), ("GET /api/kpis", "/api/kpis")]  # fmt: skip
    for login in ("manager", "sales1"):
        client = Client(SERVER_NAME="localhost", HTTP_ACCEPT_LANGUAGE="en")
        client.force_login(User.objects.get(username=login))
        client.get("/kpi/")  # warm up (imports, first queries)
        for label, path in pages:
            times = []
            for _ in range(5):
                started = time.perf_counter()
                response = client.get(path)
                times.append(time.perf_counter() - started)
                assert response.status_code == 200, (path, response.status_code)
            print(f"{login:8s} {label:22s} median {statistics.median(times) * 1000:7.0f} ms")


if __name__ == "__main__":
    main()
