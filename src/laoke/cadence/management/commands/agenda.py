"""``laoke agenda``: recompute every salesperson's rule-made tasks (idempotent) and print the counts."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from laoke.cadence.services.agenda import AgendaReport, refresh_agenda
from laoke.cadence.services.reports import agenda_counts, kind_label
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
        write_report(self, report, detailed=not options["quiet"])


def write_report(command: BaseCommand, report: AgendaReport, *, detailed: bool = True) -> None:
    """Print what the refresh did and, when ``detailed``, the open tasks by salesperson and kind."""
    command.stdout.write(
        _(
            "Follow-up plan as of %(as_of)s: %(created)d new tasks, %(updated)d updated, "
            "%(cleared)d cleared; "
            "%(plans)d win-back plans started, %(won)d customers won back, %(visits)d trips proposed."
        )
        % {
            "as_of": report.as_of.isoformat(),
            "created": report.created,
            "updated": report.updated,
            "cleared": report.cleared,
            "plans": report.plans_started,
            "won": report.won_back,
            "visits": report.visits,
        }
    )
    if not detailed:
        return
    for person, counts in agenda_counts(as_of=report.as_of).items():
        parts = ", ".join(f"{kind_label(kind)} {n}" for kind, n in sorted(counts.items()))
        command.stdout.write(f"  {person}: {sum(counts.values())} — {parts}")
