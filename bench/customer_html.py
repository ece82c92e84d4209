"""The 360° page's HTML for random customers, seen by the manager and by a salesperson (theirs), in
English and Chinese, first and second visit: one file a page.

Run once with the code before a change and once after, on two copies of the same book, then
compare the folders (``diff -r``)::

    LAOKE_DATABASE_URL=sqlite:////tmp/before.sqlite3 PYTHONPATH=/tmp/before/src \
        .venv/bin/python bench/customer_html.py /tmp/360-html-before 200
    LAOKE_DATABASE_URL=sqlite:////tmp/after.sqlite3 PYTHONPATH=src \
        .venv/bin/python bench/customer_html.py /tmp/360-html-after 200
    diff -r /tmp/360-html-before /tmp/360-html-after

The customers are drawn with a fixed seed (the same ones on both sides); a manager's half is from
the whole book, a salesperson's from their own. The CSRF token, the script nonce and the touch
form's clock (now, to the minute), which differ per request, are masked. It prints how many pages
held a win-back panel, open complaints, resolved complaints, alert cards and dismissed alerts.
Uses a cache of this process only (``LAOKE_CACHE=memory`` unless set).
"""

from __future__ import annotations

import os
import random
import re
import sys
from pathlib import Path

#: What differs between two requests: the CSRF token's mask, the script nonce, the touch form's clock.
PER_REQUEST = re.compile(r'(csrfmiddlewaretoken" value="|"X-CSRFToken": "|nonce=")[^"]+"')
CLOCK = re.compile(r'(name="occurred_at" value=")[^"]*')
#: What the counts look for in a page.
MARKS = {
    "win-back panels": 'id="h-winback"',
    "open complaints": 'class="border rounded p-2 mb-2 complaint-open"',
    "resolved complaints": "complaint-resolved",
    "alert cards": 'class="alert-card',
    "dismissed alerts": "Recently dismissed",
}


def main() -> int:
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    out, n = Path(sys.argv[1]), int(sys.argv[2])
    out.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "laoke.project.settings")
    os.environ.setdefault("LAOKE_DEBUG", "false")
    os.environ.setdefault("LAOKE_CACHE", "memory")
    import django

    django.setup()
    from django.test import Client

    from laoke.accounts.models import User
    from laoke.customers.models import Customer

    manager = User.objects.filter(role="manager", is_active=True).order_by("pk").first()
    people = User.objects.filter(is_active=True).order_by("pk")
    sales = people.filter(role="salesperson", left_on__isnull=True).first()
    draw = random.Random(360)
    everyone = sorted(Customer.objects.values_list("pk", flat=True))
    theirs = sorted(Customer.objects.filter(owner=sales).values_list("pk", flat=True))
    counts = dict.fromkeys(MARKS, 0)
    pages = 0
    for who, user, pool in (("manager", manager, everyone), ("sales", sales, theirs)):
        ids = draw.sample(pool, min(n // 2, len(pool)))
        for language in ("en", "zh-hans"):
            client = Client(HTTP_ACCEPT_LANGUAGE=language, SERVER_NAME="localhost")
            client.force_login(user)
            client.cookies["django_language"] = language
            for pk in ids:
                for visit in range(2):
                    response = client.get(f"/customers/{pk}/")
                    assert response.status_code == 200, (pk, response.status_code)
                    html = CLOCK.sub(r"\1", PER_REQUEST.sub(r'\1…"', response.content.decode()))
                    (out / f"{who}-{language}-{pk}-{visit}.html").write_text(html)
                    pages += 1
                    for label, mark in MARKS.items():
                        counts[label] += mark in html
    held = ", ".join(f"{k} {v}" for k, v in counts.items())
    print(f"{pages} pages written to {out}; pages holding: {held}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
