"""The demo book's agenda: open tasks by kind per salesperson, refresh time, agenda page time.

Run from the repository root::

    .venv/bin/python bench/agenda.py                          # fresh 300-customer demo book in /tmp
    .venv/bin/python bench/agenda.py --customers 3000
    .venv/bin/python bench/agenda.py --database-url sqlite:////tmp/me/demo.sqlite3   # an existing book

With no ``--database-url`` it builds a fresh book (``laoke migrate``, ``laoke demo --today D``,
``laoke score --as-of D``, which also refreshes the agenda) in a temporary SQLite file. It then
prints, per salesperson, the open tasks due within 7 and 30 days by kind; times a second
``refresh_agenda`` (which must create nothing: the rules are idempotent); and times the Today page
(``Server-Timing`` header, median of 5) for every salesperson and the manager.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
LAOKE = str(REPO / ".venv" / "bin" / "laoke")


def build(url: str, *, customers: int, today: dt.date) -> None:
    env = {**os.environ, "LAOKE_DATABASE_URL": url, "LAOKE_LANGUAGE": "en"}
    for args in (
        ["migrate", "-v0"],
        ["demo", "--customers", str(customers), "--today", today.isoformat()],
        ["score", "--as-of", today.isoformat()],
    ):
        started = time.perf_counter()
        subprocess.run([LAOKE, *args], env=env, check=True, stdout=subprocess.DEVNULL)
        print(f"laoke {args[0]}: {time.perf_counter() - started:.1f} s")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database-url", help="use this book instead of building one")
    parser.add_argument("--customers", type=int, default=300)
    parser.add_argument(
        "--today", type=dt.date.fromisoformat, default=None, help="as-of date (default today)"
    )
    args = parser.parse_args()
    as_of = args.today or dt.date.today()
    url = args.database_url
    if url is None:
        folder = tempfile.mkdtemp(prefix="laoke_agenda_")
        url = f"sqlite:///{folder}/demo.sqlite3"
        build(url, customers=args.customers, today=as_of)
    os.environ["LAOKE_DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "laoke.project.settings")
    sys.path.insert(0, str(REPO / "src"))
    import django

    django.setup()
    from django.db import transaction
    from django.test import Client
    from django.test.utils import override_settings
    from django.utils import translation

    from laoke.accounts.models import User
    from laoke.cadence.services.agenda import refresh_agenda
    from laoke.cadence.services.reports import agenda_counts, kind_label, win_back_summary

    translation.activate("en")
    week = agenda_counts(as_of=as_of, horizon_days=7)
    month = agenda_counts(as_of=as_of, horizon_days=30)
    print(f"\nOpen tasks by salesperson and kind as of {as_of} (due within 7 days / 30 days):")
    for person in sorted(month):
        total7, total30 = sum(week.get(person, {}).values()), sum(month[person].values())
        print(f"  {person:<8} {total7:>4} / {total30:<4}")
        for kind in sorted(month[person]):
            print(
                f"      {kind_label(kind):<32} {week.get(person, {}).get(kind, 0):>4} / {month[person][kind]}"
            )
    print(f"Win-back plans: {win_back_summary()}")

    started = time.perf_counter()
    with transaction.atomic():
        report = refresh_agenda(as_of=as_of)
    print(
        f"\nSecond refresh: {time.perf_counter() - started:.2f} s — created {report.created}, "
        f"updated {report.updated}, cleared {report.cleared} (idempotent: created must be 0)"
    )

    print("\nToday page, server time (Server-Timing, median of 5):")
    people = User.objects.filter(is_active=True, left_on__isnull=True, role__in=["salesperson", "manager"])
    with override_settings(ALLOWED_HOSTS=["*"]):
        for user in people.order_by("username"):
            client = Client()
            client.force_login(user)
            times = []
            for _ in range(5):
                response = client.get("/", HTTP_ACCEPT_LANGUAGE="en")
                times.append(float(response["Server-Timing"].split("dur=")[1]))
            print(f"  {user.username:<8} {statistics.median(times):7.1f} ms  (status {response.status_code})")


if __name__ == "__main__":
    main()
