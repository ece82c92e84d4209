"""The manager dashboard's HTML for every active user, in English and Chinese: one file a page.

Run once with the code before a change and once after, on two copies of the same book, then
compare the folders (``diff -r``)::

    LAOKE_DATABASE_URL=sqlite:////tmp/before.sqlite3 PYTHONPATH=/tmp/before/src \
        .venv/bin/python bench/dashboard_html.py /tmp/dashboard-html-before
    LAOKE_DATABASE_URL=sqlite:////tmp/after.sqlite3 PYTHONPATH=src \
        .venv/bin/python bench/dashboard_html.py /tmp/dashboard-html-after
    diff -r /tmp/dashboard-html-before /tmp/dashboard-html-after

Managers (with and without a team) and salespeople. Each page is asked twice by the same client
(the second visit is drawn from what is kept); the status code heads each file. The CSRF token
and the script nonce, which differ per request, are masked. Uses a cache of this process only
(``LAOKE_CACHE=memory`` unless set).
"""

from __future__ import annotations

import hashlib
import os
import re
import sys
from pathlib import Path

#: What differs between two requests: the CSRF token's mask and the script nonce.
PER_REQUEST = re.compile(r'(csrfmiddlewaretoken" value="|"X-CSRFToken": "|nonce=")[^"]+"')
PATHS = ["/dashboard/"]


def main() -> int:
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "laoke.project.settings")
    os.environ.setdefault("LAOKE_DEBUG", "false")
    os.environ.setdefault("LAOKE_CACHE", "memory")
    import django

    django.setup()
    from django.test import Client

    from laoke.accounts.models import User

    users = list(User.objects.filter(is_active=True).order_by("pk"))
    pages = 0
    for user in users:
        for language in ("en", "zh-hans"):
            client = Client(HTTP_ACCEPT_LANGUAGE=language, SERVER_NAME="localhost")
            client.force_login(user)
            client.cookies["django_language"] = language
            for path in PATHS:
                for visit in range(2):
                    response = client.get(path)
                    html = f"{response.status_code}\n" + PER_REQUEST.sub(r'\1…"', response.content.decode())
                    name = f"{user.pk}-{language}-{hashlib.md5(path.encode()).hexdigest()[:8]}-{visit}.html"
                    (out / name).write_text(html)
                    pages += 1
    print(f"{pages} pages of {len(users)} users written to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
