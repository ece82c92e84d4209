"""``laoke pool [--as-of DATE] [--dry-run]``: return neglected customers to the shared pool (公海)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from laoke.customers.models import AccessPolicy
from laoke.customers.services.pool import return_to_pool


class Command(BaseCommand):
    help = "Return customers nobody contacted for the policy's number of days to the shared pool."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--as-of", help="Count days up to this date (YYYY-MM-DD); default today.")
        parser.add_argument("--days", type=int, help="Override the policy's number of days.")
        parser.add_argument("--dry-run", action="store_true", help="Only say how many would return.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            as_of = dt.date.fromisoformat(options["as_of"]) if options["as_of"] else timezone.localdate()
        except ValueError as exc:
            raise CommandError(_("--as-of: give a date as YYYY-MM-DD.")) from exc
        days = options["days"] if options["days"] is not None else AccessPolicy.current().pool_after_days
        if not days:
            self.stdout.write(_("The team rules return no customer to the pool (no number of days set)."))
            return
        with transaction.atomic():
            n = return_to_pool(as_of=as_of, days=days, dry_run=options["dry_run"])
        if options["dry_run"]:
            self.stdout.write(_("%(n)s customers would return to the shared pool.") % {"n": n})
        else:
            self.stdout.write(_("%(n)s customers returned to the shared pool.") % {"n": n})
