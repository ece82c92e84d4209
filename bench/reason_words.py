"""How many customers' reasons read falsely or say nothing: counts over a scored book.

Run from the repository root against a scored book::

    LAOKE_DATABASE_URL=sqlite:////tmp/book.sqlite3 PYTHONPATH=src .venv/bin/python bench/reason_words.py

Each stored scorecard is worded in English by the catalogue on ``PYTHONPATH`` (so the same book
scored by an older checkout is counted with that checkout's words). "List reasons" are the two
top reasons the customer list and the export show; "360° explanations" are every dimension's
explanation on the customer's page. Eighth round (docs/performance.md, "Wording of reasons").
The last four texts are the second part of that round (growth from a small base, "down 100%" next
to "No sales", a tenure under a year).
"""

from __future__ import annotations

import collections
import os
import re

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "laoke.project.settings")

import django

django.setup()

from django.utils import translation  # noqa: E402

from laoke.retention.messages import explanation_text, reason_text  # noqa: E402
from laoke.retention.models import CustomerScore  # noqa: E402

#: The texts counted, as a reader sees them.
WRONG = {
    "ahead of 100%": re.compile(r"ahead of 100%"),
    "ahead of 0%": re.compile(r"ahead of 0%"),
    "currency moves about 0.0%": re.compile(r"moves about 0\.0%"),
    "pays 0 days late": re.compile(r"Pays 0 days late"),
    "new products make 0%": re.compile(r"New products make 0%"),
    "a score said as 80.0": re.compile(r"score \d+\.0\b"),
    # Eighth round, second part: large growth from a small base, a drop to nothing said twice,
    # a tenure of under a year said in years.
    "sales up 900% or more": re.compile(r"Sales up (?:9\d\d|\d{1,3}(?:,\d{3})+)%"),
    "sales down 100% + no sales": re.compile(
        r"No sales in the last.*Sales down 100%|Sales down 100%.*No sales"
    ),
    "sales down 100%": re.compile(r"Sales down 100%"),
    "buying for 0.x years": re.compile(r"Buying for 0\.\d years"),
}
LIST_REASONS = 2


def main() -> None:
    in_reasons: collections.Counter[str] = collections.Counter()
    in_page: collections.Counter[str] = collections.Counter()
    customers = 0
    with translation.override("en"):
        for score in CustomerScore.objects.only("reasons", "dimensions").iterator(chunk_size=2000):
            customers += 1
            reasons = " ".join(reason_text(r, currency="USD") for r in (score.reasons or [])[:LIST_REASONS])
            page = " ".join(explanation_text(d) for d in (score.dimensions or {}).values())
            for name, pattern in WRONG.items():
                in_reasons[name] += bool(pattern.search(reasons))
                in_page[name] += bool(pattern.search(page))
    print(f"customers scored: {customers}")
    for name in WRONG:
        print(f"{name:28s} list reasons {in_reasons[name]:6d}   360 explanations {in_page[name]:6d}")


if __name__ == "__main__":
    main()
