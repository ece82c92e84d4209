"""CPU of the 360° page's templates per first visit: each template's inclusive time (thread CPU,
``time.thread_time``), the request's CPU and the SQL statements, mean over 40 random customers.

Run on a copy of a book, with a cache of this process only (every visit is a first visit)::

    cp /work/books/demo10k.sqlite3 /tmp/d10k.sqlite3
    LAOKE_CACHE=memory LAOKE_DATABASE_URL=sqlite:////tmp/d10k.sqlite3 PYTHONPATH=src \
        .venv/bin/python bench/customer_templates.py salesperson zh-hans [repeats [template]]

Arguments: the reader's role (``manager`` or ``salesperson``: the first active one; a salesperson
visits their own customers), the language, and how many times to repeat the 40 visits (default 1;
with more, the figures printed are the medians of the repeats, each on other customers). With a
template's name (e.g. ``web/customer_detail.html``), each of that template's own nodes is timed
too (inclusive, mean per visit over all repeats): which ``{% include %}`` or tag costs what.
Point ``PYTHONPATH`` at a copy of the code before a change to compare.

Where the page is drawn from its kept frame (``laoke.web.customer_frame``), the page's own template
is not rendered whole: ``web/customer_detail.html``'s line is then the time of the frame filled and
the content block drawn (``customer_html``), what the whole template's render was before, and
``web/base.html``, ``web/_nav.html`` and ``web/_language.html`` show only on a reader's first visit.
"""

from __future__ import annotations

import collections
import os
import statistics
import sys
import time
from typing import Any


def main() -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "laoke.project.settings")
    os.environ.setdefault("LAOKE_DEBUG", "false")
    import django

    django.setup()
    from django.db import connection
    from django.template import base
    from django.test import Client

    from laoke.accounts.models import User
    from laoke.customers.models import Customer
    from laoke.platform import heap

    who = sys.argv[1] if len(sys.argv) > 1 else "manager"
    language = sys.argv[2] if len(sys.argv) > 2 else "en"
    repeats = int(sys.argv[3]) if len(sys.argv) > 3 else 1
    watched = sys.argv[4] if len(sys.argv) > 4 else None
    per_node: collections.Counter[str] = collections.Counter()
    nodes_total: collections.Counter[str] = collections.Counter()
    render_node = base.Node.render_annotated

    def timed_node(self: Any, context: Any) -> Any:
        if getattr(self.origin, "template_name", None) != watched:
            return render_node(self, context)
        start = time.thread_time()
        try:
            return render_node(self, context)
        finally:
            token = self.token
            key = f"{token.lineno:3d} {token.contents[:70]}" if token else type(self).__name__
            per_node[key] += time.thread_time() - start

    if watched:
        base.Node.render_annotated = timed_node  # type: ignore[method-assign]
    spent: collections.Counter[str] = collections.Counter()
    original = base.Template._render

    def timed(self: Any, context: Any) -> Any:
        start = time.thread_time()
        try:
            return original(self, context)
        finally:
            spent[self.name] += time.thread_time() - start

    base.Template._render = timed  # type: ignore[method-assign]
    try:
        from laoke.web.views import customer_detail as detail_view

        framed = detail_view.customer_html
    except (ImportError, AttributeError):  # the code before the kept frame
        framed = None
    if framed is not None:

        def timed_frame(*args: Any, **kwargs: Any) -> Any:
            start = time.thread_time()
            try:
                return framed(*args, **kwargs)
            finally:
                spent["web/customer_detail.html"] += time.thread_time() - start

        detail_view.customer_html = timed_frame
    sql_time: collections.Counter[str] = collections.Counter()
    sql_count: collections.Counter[str] = collections.Counter()

    def wrap(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        start = time.thread_time()
        try:
            return execute(sql, params, many, context)
        finally:
            sql_time[sql[:90]] += time.thread_time() - start
            sql_count[sql[:90]] += 1

    user = User.objects.filter(role=who, is_active=True).order_by("pk").first()
    assert user is not None, who
    client = Client(SERVER_NAME="localhost")
    client.force_login(user)
    client.cookies["django_language"] = language
    pool = list(Customer.objects.filter(owner=user).values_list("pk", flat=True)) or list(
        Customer.objects.values_list("pk", flat=True)
    )
    import random

    draw = random.Random(360)
    n = 40
    totals: list[float] = []
    per_template: dict[str, list[float]] = collections.defaultdict(list)
    queries: list[float] = []
    for _repeat in range(repeats):
        ids = draw.sample(pool, min(n + 1, len(pool)))
        client.get(f"/customers/{ids[0]}/")  # the first request of a process
        heap.freeze()  # as a served worker does (``laoke.platform.heap``): no full passes over the app
        spent.clear()
        before = per_node.copy()
        sql_time.clear()
        sql_count.clear()
        total = 0.0
        with connection.execute_wrapper(wrap):
            for pk in ids[1:]:
                start = time.thread_time()
                response = client.get(f"/customers/{pk}/")
                total += time.thread_time() - start
                assert response.status_code == 200, (pk, response.status_code)
        visits = len(ids) - 1
        nodes_total.update(per_node - before)
        totals.append(total / visits)
        for name, seconds in spent.items():
            per_template[name].append(seconds / visits)
        queries.append(sum(sql_count.values()) / visits)
    print(f"{who} {language}, {repeats} × {n} first visits (median of the repeats)")
    print(f"total CPU/request {statistics.median(totals) * 1000:.2f} ms")
    ranked = sorted(per_template.items(), key=lambda kv: -statistics.median(kv[1]))
    for name, values in ranked[:25]:
        print(f"{statistics.median(values) * 1000:6.2f} ms  {name}")
    if watched:
        print(f"{watched}'s own nodes (inclusive, mean per visit):")
        for key, seconds in sorted(nodes_total.items()):
            if seconds / (n * repeats) >= 0.00002:
                print(f"{seconds / (n * repeats) * 1000:6.3f} ms  line {key}")
    print(f"queries: {statistics.median(queries):.1f}")
    for sql, seconds in sql_time.most_common(20):
        print(f"{seconds / n * 1000:6.2f} ms x{sql_count[sql] / n:.1f} {sql}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
