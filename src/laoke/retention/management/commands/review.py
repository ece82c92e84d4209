"""``laoke review --year 2025 [--out FILE.xlsx]``: the year-end review for the annual meeting."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation
from django.utils.translation import gettext as _

from laoke.retention.scorecard_messages import proposal_text
from laoke.retention.services.review import review_frame, review_workbook


class Command(BaseCommand):
    help = "Year-end review: promote to key customer / still running in / drop, exported to Excel."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", type=int, required=True, help="The year to review, e.g. 2025.")
        parser.add_argument("--out", help="Write an .xlsx workbook here (default: print a summary only).")

    def handle(self, *args: Any, **options: Any) -> None:
        year = options["year"]
        if not 1990 <= year <= 2100:
            raise CommandError(_("--year must be a year like 2025, not %(year)s") % {"year": year})
        review = review_frame(year=year)
        if review.is_empty():
            raise CommandError(_("No customer bought in %(year)s or the year before.") % {"year": year})
        chinese = (translation.get_language() or "").startswith("zh")
        counts = review.group_by("proposal").len().sort("len", "proposal", descending=[True, False])
        self.stdout.write(_("Year-end review %(year)s: %(n)d customers") % {"year": year, "n": review.height})
        for proposal, count in counts.iter_rows():
            self.stdout.write(f"  {count:>5}  {proposal_text(proposal)}")
        if options["out"]:
            path = Path(options["out"])
            path.write_bytes(review_workbook(review, year=year, chinese=chinese))
            self.stdout.write(_("Written to %(path)s") % {"path": path})
