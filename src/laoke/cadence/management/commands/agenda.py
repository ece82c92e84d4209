"""``laoke agenda``: recompute every salesperson's rule-made tasks (idempotent) and print the counts."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction
from django.utils import timezone

from laoke.cadence.services.agenda import refresh_agenda
from laoke.cadence.services.reports import agenda_summary
from laoke.retention.management.arguments import parse_date


class Command(BaseCommand):
    help = "Recompute the follow-up plan: ladders, monthly touches, greetings, pre-season, visits, orders."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--as-of", help="Plan as of this date (YYYY-MM-DD); default today.")
        parser.add_argument("--quiet", action="store_true", help="Print only the summary line.")

    def handle(self, *args: Any, **options: Any) -> None:
        as_of = parse_date(options["as_of"], option="--as-of") if options["as_of"] else timezone.localdate()
        with transaction.atomic():
            report = refresh_agenda(as_of=as_of)
        for line in agenda_summary(report, detailed=not options["quiet"]):
            self.stdout.write(line)
