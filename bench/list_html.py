"""The customer list's HTML for many list URLs, seen by the manager and by two salespeople, in
English and Chinese, first and second visit: one file a page.

Run once with the code before a change and once after, on two copies of the same book, then
compare the folders (``diff -r``)::

    LAOKE_DATABASE_URL=sqlite:////tmp/before.sqlite3 PYTHONPATH=/tmp/before/src \\
        .venv/bin/python bench/list_html.py /tmp/list-html-before
    LAOKE_DATABASE_URL=sqlite:////tmp/after.sqlite3 PYTHONPATH=src \\
        .venv/bin/python bench/list_html.py /tmp/list-html-after
    diff -r /tmp/list-html-before /tmp/list-html-after

The URLs (``--mix`` drawn as ``bench/web_load.py``'s ``list_path`` draws them, seed 7, then each of
fourteen filters, four of them searches, under each of twelve sorts on pages 1 and 3) are the same
on both sides. The CSRF token and the script nonce, which differ per request, are masked. ``--first
N`` keeps the first N URLs; ``--warm`` first reads the list ahead as a re-score does (the book
table and its sorts, the reasons worded in each language: what ``laoke score`` leaves);
``--saved-views`` first saves two views (one with ``<&"`` in its name) for each user drawn, in the
book (use copies). Uses a cache of this process only (``LAOKE_CACHE=memory`` unless set). It prints
the pages written and their total size.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import re
import sys
from pathlib import Path

#: What differs between two requests: the CSRF token's mask, the script nonce.
PER_REQUEST = re.compile(r'(csrfmiddlewaretoken" value="|"X-CSRFToken": "|nonce=")[^"]+"')
SORTS = [
    "name",
    "-name",
    "-revenue",
    "revenue",
    "score",
    "-score",
    "-last_order",
    "last_order",
    "country",
    "grade",
    "-alerts",
    "alerts",
]
FILTERS = [
    "",
    "grade=A",
    "grade=C",
    "state=at_risk",
    "state=active",
    "country=DE",
    "alerts=open",
    "alerts=none",
    "kind=distributor",
    "grade=B&state=active",
    # Searches (on SQLite found in the book table kept by the process since round 3): case folded
    # as SQLite's LIKE folds it, with a filter, a letter outside ASCII.
    "q=co",
    "q=GMBH",
    "q=trad&grade=B",
    "q=ü",
]


def paths(mix: int, facts: dict[str, list[str]]) -> list[str]:
    from web_load import list_path  # bench/ is the script's directory, first on sys.path

    draw = random.Random(7)
    out = [list_path(draw, facts) for _n in range(mix)]
    for flt in FILTERS:
        for sort in SORTS:
            for page in (1, 3):
                query = "&".join(p for p in (flt, f"sort={sort}", f"page={page}" if page > 1 else "") if p)
                out.append(f"/customers/?{query}")
    return out


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("out", type=Path)
    parser.add_argument("--mix", type=int, default=60)
    parser.add_argument("--first", type=int, default=0, help="only the first N URLs")
    parser.add_argument("--warm", action="store_true", help="read the list ahead first, as a re-score does")
    parser.add_argument(
        "--saved-views", action="store_true", help="save two views for each user first (writes to the book)"
    )
    options = parser.parse_args()
    options.out.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "laoke.project.settings")
    os.environ.setdefault("LAOKE_DEBUG", "false")
    os.environ.setdefault("LAOKE_CACHE", "memory")
    import django

    django.setup()
    from django.test import Client

    from laoke.accounts.models import User
    from laoke.customers.models import Customer
    from laoke.retention.models import CustomerScore

    if options.warm:
        from laoke.customers.book_cache import book_version
        from laoke.web.customer_query import warm_book_table
        from laoke.web.customer_rows import warm_reason_cells

        try:
            from laoke.web.customer_export import home_currency
        except ImportError:  # an older tree
            from laoke.importing.services.preview import home_currency
        warm_book_table()
        warm_reason_cells(book_version(), home_currency())

    facts = {
        "grades": sorted(set(CustomerScore.objects.values_list("grade", flat=True).distinct()) - {""}),
        "countries": sorted(set(Customer.objects.values_list("country", flat=True).distinct()) - {""}),
    }
    urls = paths(options.mix, facts)
    if options.first:
        urls = urls[: options.first]
    manager = User.objects.filter(role="manager", is_active=True).order_by("pk").first()
    sales = list(
        User.objects.filter(role="salesperson", is_active=True, left_on__isnull=True).order_by("pk")[:2]
    )
    if options.saved_views:
        from laoke.web.models import SavedView

        for user in [manager, *sales]:
            for name, query in (('Big <&" ones>', "sort=-revenue&grade=A"), ("At risk", "state=at_risk")):
                SavedView.objects.get_or_create(user=user, name=name, defaults={"querystring": query})
    pages, size = 0, 0
    for who, user in [("manager", manager)] + [(f"sales{n}", s) for n, s in enumerate(sales)]:
        for language in ("en", "zh-hans"):
            client = Client(HTTP_ACCEPT_LANGUAGE=language, SERVER_NAME="localhost")
            client.force_login(user)
            client.cookies["django_language"] = language
            for n, url in enumerate(urls):
                for visit in range(2):
                    response = client.get(url)
                    assert response.status_code == 200, (url, response.status_code)
                    html = PER_REQUEST.sub(r'\1…"', response.content.decode())
                    tag = hashlib.sha1(url.encode()).hexdigest()[:8]
                    (options.out / f"{who}-{language}-{n:03}-{tag}-{visit}.html").write_text(html)
                    pages += 1
                    size += len(html)
    print(f"{pages} pages ({size / 1e6:.1f} MB) written to {options.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
