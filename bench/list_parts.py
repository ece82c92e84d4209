"""Where a customer-list request's CPU goes: the view's steps, the templates and the queries.

Run from the repository root against a scored book, with a cache of this process only::

    LAOKE_CACHE=memory LAOKE_DATABASE_URL=sqlite:////tmp/book.sqlite3 PYTHONPATH=src \\
        .venv/bin/python bench/list_parts.py --who manager --language zh-hans

Asks ``--urls`` list URLs drawn as ``bench/web_load.py``'s ``list_path`` draws them (seed 20, as
``bench/page_cpu.py --mix``) after ``--warm`` of them, as one user, and prints the CPU per request
(``time.thread_time``: median, mean, p90), then the CPU per request of each step measured (the
view's steps, the rows drawn, the page's frame, each template drawn, each query by its first 90
characters). Steps nest (the render holds the rows and the templates): they do not add up.
"""

from __future__ import annotations

import argparse
import collections
import os
import random
import statistics
import sys
import time
from collections.abc import Callable
from typing import Any

CPU: collections.Counter[str] = collections.Counter()


def timed(owner: Any, name: str, label: str) -> None:
    """Add the CPU of each call of ``owner.name`` to ``CPU[label]``."""
    func: Callable[..., Any] = getattr(owner, name)

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        t0 = time.thread_time()
        try:
            return func(*args, **kwargs)
        finally:
            CPU[label] += time.thread_time() - t0

    setattr(owner, name, wrapper)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--who", default="manager", choices=["manager", "salesperson"])
    parser.add_argument("--language", default="zh-hans")
    parser.add_argument("--urls", type=int, default=200)
    parser.add_argument("--warm", type=int, default=20)
    options = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "laoke.project.settings")
    os.environ.setdefault("LAOKE_DEBUG", "false")
    import django

    django.setup()
    from django.db import connection
    from django.template import base
    from django.test import Client

    from laoke.accounts.models import User
    from laoke.customers.models import Customer
    from laoke.retention.models import CustomerScore
    from laoke.web import customer_rows
    from laoke.web.views import customers
    from web_load import list_path  # bench/ is the script's directory, first on sys.path

    for name in ("ordered_ids", "list_rows", "cached_filter_choices", "cached_owners", "book_version"):
        timed(customers, name, f"view: {name}")
    timed(customers, "render", "view: render (the template whole)")
    if hasattr(customers, "list_page"):  # the kept frame (laoke.web.list_frame)
        timed(customers, "list_page", "view: list_page (frame and values)")
    timed(customer_rows, "customer_rows", "rows drawn")
    render = base.Template._render

    def template(self: Any, context: Any) -> Any:
        t0 = time.thread_time()
        try:
            return render(self, context)
        finally:
            CPU[f"template {self.name}"] += time.thread_time() - t0

    base.Template._render = template  # type: ignore[method-assign]
    queries: collections.Counter[str] = collections.Counter()

    def query(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        t0 = time.thread_time()
        try:
            return execute(sql, params, many, context)
        finally:
            CPU[f"query {sql[:90]}"] += time.thread_time() - t0
            queries[sql[:90]] += 1

    user = User.objects.filter(role=options.who, is_active=True).order_by("pk").first()
    client = Client(SERVER_NAME="localhost")
    client.force_login(user)
    client.cookies["django_language"] = options.language
    facts = {
        "grades": sorted(set(CustomerScore.objects.values_list("grade", flat=True).distinct()) - {""}),
        "countries": sorted(set(Customer.objects.values_list("country", flat=True).distinct()) - {""}),
    }
    draw = random.Random(20)
    paths = [list_path(draw, facts) for _n in range(options.warm + options.urls)]
    for path in paths[: options.warm]:
        client.get(path)
    CPU.clear()
    cpu = []
    with connection.execute_wrapper(query):
        for path in paths[options.warm :]:
            t0 = time.thread_time()
            response = client.get(path)
            cpu.append(time.thread_time() - t0)
            assert response.status_code == 200, (path, response.status_code)
    n = len(cpu)
    ranked, median = sorted(cpu), statistics.median(cpu)
    print(
        f"{options.who} {options.language}, {n} URLs: CPU/request median {median * 1000:.2f} ms,"
        f" mean {sum(cpu) / n * 1000:.2f} ms, p90 {ranked[int(0.9 * (n - 1))] * 1000:.2f} ms;"
        f" queries/request {sum(queries.values()) / n:.1f}"
    )
    for label, seconds in CPU.most_common():
        print(f"{seconds / n * 1000:7.2f} ms  {label}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
