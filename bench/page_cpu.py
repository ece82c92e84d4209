"""CPU time and queries of one request to each main page, alone, through Django's test client.

Run from the repository root against a scored book (``laoke demo --customers 10000 --today
2025-06-30``, then ``laoke score --as-of 2025-06-30``)::

    LAOKE_DATABASE_URL=sqlite:////tmp/book.sqlite3 PYTHONPATH=src \
        .venv/bin/python bench/page_cpu.py --runs 5
    ... bench/page_cpu.py --only '360' --profile 360.prof     # cProfile of one page's runs
    LAOKE_CACHE=memory ... bench/page_cpu.py --cold              # first visits, as under load
    LAOKE_CACHE=memory ... bench/page_cpu.py --mix 40            # 40 list URLs drawn as under load

Each page is asked once to warm what is cached (a first visit after a change of the book pays
for it), then ``--runs`` times; it prints, per page and user (a manager who sees everything and a
salesperson), the median CPU time of the request (``time.thread_time``: what a busy machine
cannot inflate), the median wall time, the number of SQL queries, the size of the HTML and the
ratio of the CPU median to the cheapest page's. ``--cold`` skips the warm-up and opens another
customer or another page of a list on every run (with ``LAOKE_CACHE=memory`` nothing is left from
an earlier process): most requests under load are such first visits. ``--mix N`` asks, per user,
N customer-list URLs drawn as ``bench/web_load.py``'s ``list_path`` draws them (a filter, a sort,
a later page; the same seed each time), each once and without a warm-up: under load most are a
combination no request asked before. Today's groups (later, catch up) are also asked as htmx asks
for them when opened (``HX-Request``: the rows alone). The server's load (gunicorn, many users) is
``bench/web_load.py``; this measures the work one request does.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import random
import statistics
import sys
import time
from collections.abc import Callable

#: (label, path) of the pages; the list and 360° pages come in a few shapes people use.
PAGES: list[tuple[str, str]] = [
    ("Import", "/import/"),
    ("KPI", "/kpi/"),
    ("Dashboard", "/dashboard/"),
    ("Today", "/"),
    # Asked by htmx when a group of Today is opened (the group's rows alone, no page around them).
    ("Today: later (htmx)", "/?show=later"),
    ("Today: catch up (htmx)", "/?show=catch_up"),
    ("Pipeline board", "/pipeline/"),
    ("Customers (name)", "/customers/"),
    ("Customers -revenue", "/customers/?sort=-revenue"),
    ("Customers -revenue p5", "/customers/?sort=-revenue&page=5"),
    ("Customers score", "/customers/?sort=score"),
    ("Customers -last_order", "/customers/?sort=-last_order"),
    ("Customers -alerts", "/customers/?sort=-alerts"),
    ("Customers grade=A", "/customers/?grade=A&sort=-revenue"),
    ("Customers state=at_risk", "/customers/?state=at_risk"),
    ("Customers alerts=open", "/customers/?alerts=open&page=3"),
    ("Customers q=co", "/customers/?q=co&sort=country"),
    ("360°", "/customers/{customer}/"),
    # Drawn when they come into view on the 360° page (a second request when one scrolls there).
    ("Panel: interactions", "/customers/{customer}/panels/timeline/"),
    ("Panel: history", "/customers/{customer}/panels/history/"),
]


def _other_page(path: str, n: int) -> str:
    """``path`` on its ``n``-th later page (2, 3, …), or itself when it is not a list."""
    if not path.startswith("/customers/?") and path != "/customers/":
        return path
    bare = path.split("page=")[0].rstrip("&").rstrip("?")
    return f"{bare}{'&' if '?' in bare else '?'}page={n + 2}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--only", help="pages whose label contains this text")
    parser.add_argument("--profile", help="write a cProfile of the measured runs to this file")
    parser.add_argument(
        "--calls",
        action="store_true",
        help="also count the Python function calls of each request (cProfile per request: what the"
        " host's load cannot move; the CPU column then includes the profiler's cost)",
    )
    parser.add_argument("--language", default="zh-hans")
    parser.add_argument("--customers", type=int, default=3, help="360° pages: this many customers in turn")
    parser.add_argument(
        "--cold",
        action="store_true",
        help="no warm-up request: each run opens another customer (360°) or another page of the list,"
        " as most requests do under load",
    )
    parser.add_argument(
        "--mix",
        type=int,
        default=0,
        help="also ask this many customer-list URLs per user, drawn as web_load.py's list_path draws them",
    )
    options = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "laoke.project.settings")
    os.environ.setdefault("LAOKE_DEBUG", "false")
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from laoke.accounts.models import User
    from laoke.customers.models import Customer
    from web_load import list_facts, list_path  # bench/ is the script's directory, first on sys.path

    facts = list_facts()  # what list_path draws filters from, as web_load.py reads them

    # No setup_test_environment(): its instrumented render copies every template's context for
    # the test client (a third of a 360° page's time), which a served page does not pay.
    manager = User.objects.filter(role="manager", is_active=True, team__isnull=True).first() or (
        User.objects.filter(role="manager", is_active=True).first()
    )
    sales = (
        User.objects.filter(role="salesperson", is_active=True, left_on__isnull=True).order_by("pk").first()
    )
    people = [("manager", manager), ("salesperson", sales)]
    profiler = cProfile.Profile() if options.profile else None
    rows: list[tuple[str, str, float, float, int, int, int]] = []
    tails: list[str] = []
    for who, user in people:
        if user is None:
            continue
        client = Client(HTTP_ACCEPT_LANGUAGE=options.language, SERVER_NAME="localhost")
        client.force_login(user)
        client.cookies["django_language"] = options.language
        wanted = options.customers * (options.runs if options.cold else 1)
        ids = list(
            Customer.objects.filter(owner=user).order_by("?").values_list("pk", flat=True)[:wanted]
            if options.cold
            else Customer.objects.filter(owner=user).order_by("pk").values_list("pk", flat=True)[:wanted]
        ) or list(Customer.objects.order_by("pk").values_list("pk", flat=True)[:wanted])
        for label, path in PAGES + ([("Customers mix", "")] if options.mix else []):
            if options.only and options.only not in label:
                continue
            headers = {"HTTP_HX_REQUEST": "true"} if "(htmx)" in label else {}
            if label == "Customers mix":  # the same N URLs for each user (one seed)
                draw = random.Random(20)
                paths = [list_path(draw, facts) for _n in range(options.mix)]
            else:
                paths = [path.format(customer=c) for c in ids] if "{customer}" in path else [path]
            cpu, wall, queries, size, calls = [], [], [], [], []
            for p in paths:
                if label == "Customers mix":
                    tries = [p]
                elif options.cold:
                    # A path never asked before by this process: another customer, or another page.
                    tries = [p] if "{customer}" in path else [_other_page(p, n) for n in range(options.runs)]
                else:
                    first = client.get(p, **headers)
                    if first.status_code != 200:
                        print(f"{who} {p}: HTTP {first.status_code}", file=sys.stderr)
                        break
                    tries = [p] * options.runs
                for p in tries:
                    get: Callable[[], object] = lambda p=p, c=client, h=headers: c.get(p, **h)  # noqa: E731
                    counter = cProfile.Profile() if options.calls else None
                    with CaptureQueriesContext(connection) as captured:
                        t0, w0 = time.thread_time(), time.perf_counter()
                        if counter is not None:
                            response = counter.runcall(get)
                        else:
                            response = profiler.runcall(get) if profiler else get()
                        t1, w1 = time.thread_time(), time.perf_counter()
                    if counter is not None:
                        calls.append(pstats.Stats(counter).total_calls)  # type: ignore[attr-defined]
                    cpu.append((t1 - t0) * 1000)
                    wall.append((w1 - w0) * 1000)
                    queries.append(len(captured))
                    size.append(len(response.content))  # type: ignore[attr-defined]
            if cpu and label == "Customers mix":  # most are first visits: the tail is the point
                ranked = sorted(cpu)
                tails.append(
                    f"{who}: p90 {ranked[int(0.9 * (len(ranked) - 1))]:.0f} ms, max {ranked[-1]:.0f} ms"
                )
            if cpu:
                rows.append(
                    (
                        who,
                        label,
                        statistics.median(cpu),
                        statistics.median(wall),
                        int(statistics.median(queries)),
                        int(statistics.median(size)),
                        int(statistics.median(calls)) if calls else 0,
                    )
                )
    cheapest = {
        who: min(r[2] for r in rows if r[0] == who) for who, _u in people if any(r[0] == who for r in rows)
    }
    print(
        "\n| user | page | CPU median ms | wall median ms | queries | HTML KiB | × cheapest CPU "
        f"|{' Python calls (median) |' if options.calls else ''}  (runs: {options.runs})"
    )
    print("|---|---|---:|---:|---:|---:|---:|" + ("---:|" if options.calls else ""))
    for who, label, c, w, q, s, n in rows:
        extra = f" {n:,} |" if options.calls else ""
        print(
            f"| {who} | {label} | {c:.0f} | {w:.0f} | {q} | {s / 1024:.0f} | {c / cheapest[who]:.1f}× |"
            + extra
        )
    if tails:
        print(f"\nCustomers mix, CPU of the {options.mix} URLs: " + "; ".join(tails))
    load = " / ".join(f"{x:.1f}" for x in os.getloadavg())
    print(
        f"\ndatabase: {connection.vendor}; host load average (1/5/15 min): {load} on {os.cpu_count()} cores"
    )
    if profiler is not None:
        profiler.dump_stats(options.profile)
    return 0


if __name__ == "__main__":
    sys.exit(main())
