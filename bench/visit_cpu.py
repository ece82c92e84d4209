"""CPU and Python calls of one page visited again and again by one user, the heap frozen as served.

Run from the repository root against a scored book (``laoke demo --customers 10000 --today
2025-06-30``, then ``laoke score --as-of 2025-06-30``)::

    LAOKE_DATABASE_URL=sqlite:////tmp/book.sqlite3 PYTHONPATH=src \\
        .venv/bin/python bench/visit_cpu.py / salesperson 100
    ... bench/visit_cpu.py / manager 100 --profile today.prof

The first active user of the role (lowest id) visits the page three times (what a visit keeps is
then kept), the heap is frozen as ``laoke.platform.heap`` freezes a served worker's (so the
collector's full passes do not land in the figures), then the page is visited N times under
``cProfile`` (the Python calls per visit) and N times without it: the median CPU milliseconds of
a visit (``time.thread_time``) are printed. ``bench/page_cpu.py`` measures every page once; this
measures one page's steady cost, for a change to it.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import os
import pstats
import statistics
import time


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", help="the page, e.g. / (Today) or /customers/?sort=-revenue")
    parser.add_argument("role", choices=["salesperson", "manager"])
    parser.add_argument("visits", type=int, nargs="?", default=100)
    parser.add_argument("--language", default="zh-hans")
    parser.add_argument("--profile", help="write the profile of the profiled visits to this file")
    options = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "laoke.project.settings")
    os.environ.setdefault("LAOKE_DEBUG", "false")
    import django

    django.setup()
    from django.test import Client

    from laoke.accounts.models import User

    user = User.objects.filter(role=options.role, is_active=True, left_on__isnull=True).order_by("pk").first()
    if user is None:
        raise SystemExit(f"no active {options.role} in this book")
    client = Client(HTTP_ACCEPT_LANGUAGE=options.language, SERVER_NAME="localhost")
    client.force_login(user)
    client.cookies["django_language"] = options.language
    for _ in range(3):
        status = client.get(options.path).status_code
    if status != 200:
        raise SystemExit(f"{options.path}: HTTP {status}")
    gc.collect()
    gc.freeze()
    profiler = cProfile.Profile()
    for _ in range(options.visits):
        profiler.enable()
        client.get(options.path)
        profiler.disable()
    cpu = []
    for _ in range(options.visits):
        started = time.thread_time()
        client.get(options.path)
        cpu.append((time.thread_time() - started) * 1000)
    calls = pstats.Stats(profiler).total_calls  # type: ignore[attr-defined]
    print(
        f"{options.path} as {user.username} ({options.role}), {options.visits} visits: "
        f"CPU median {statistics.median(cpu):.1f} ms, {calls / options.visits:,.0f} Python calls a visit"
    )
    if options.profile:
        profiler.dump_stats(options.profile)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
