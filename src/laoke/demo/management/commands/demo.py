"""``laoke demo``: load the seeded demo book (clearly labelled demo data) into an empty database."""

from __future__ import annotations

import datetime as dt
import time
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from laoke.demo import services
from laoke.demo.book import ARCHETYPES, DEMO_PASSWORD
from laoke.demo.generator import DEFAULT_CUSTOMERS, DEFAULT_SEED, DEFAULT_YEARS, generate_book
from laoke.platform.dbstats import refresh_planner_statistics


class Command(BaseCommand):
    help = "Load the demo book: a seeded exporter with customers, orders, interactions and demo logins."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--seed", type=int, default=DEFAULT_SEED, help="random seed (same seed, same book)"
        )
        parser.add_argument("--customers", type=int, default=DEFAULT_CUSTOMERS, help="number of customers")
        parser.add_argument("--years", type=int, default=DEFAULT_YEARS, help="years of order history")
        parser.add_argument(
            "--today", type=dt.date.fromisoformat, default=None, help="reference date (YYYY-MM-DD)"
        )
        parser.add_argument(
            "--if-empty", action="store_true", help="do nothing when the database holds any data"
        )
        parser.add_argument(
            "--reset", action="store_true", help="replace an existing demo book (never real data)"
        )
        parser.add_argument("--print-logins", action="store_true", help="print the demo logins and exit")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["print_logins"]:
            self._print_logins()
            return
        state = services.book_state()
        if options["if_empty"] and state != services.BookState.EMPTY:
            if state == services.BookState.DEMO:
                self.stdout.write(_("The database already holds the demo book; nothing to do."))
            else:
                self.stdout.write(_("The database already holds data; the demo book was not loaded."))
            return
        if state == services.BookState.REAL:
            raise CommandError(
                _(
                    "This database already holds real (non-demo) customers or orders. The demo book is never "
                    "mixed with real data: point LAOKE_DATABASE_URL at an empty database to try the demo."
                )
            )
        if state == services.BookState.DEMO and not options["reset"]:
            raise CommandError(_("The database already holds the demo book. Use --reset to replace it."))
        self._load(options)

    def _progress(self, label: str, count: int) -> None:
        self.stdout.write(_("  %(what)s: %(count)s") % {"what": label, "count": f"{count:,}"})

    def _load(self, options: dict[str, Any]) -> None:
        started = time.perf_counter()
        today = options["today"] or timezone.localdate()
        self.stdout.write(
            _("Generating demo book (%(customers)s customers, %(years)s years to %(today)s, seed %(seed)s)")
            % {
                "customers": options["customers"],
                "years": options["years"],
                "today": today,
                "seed": options["seed"],
            }
        )
        if options["customers"] < len(ARCHETYPES) or options["years"] < 3:
            raise CommandError(
                _("The demo book needs at least %(customers)s customers and 3 years of orders.")
                % {"customers": len(ARCHETYPES)}
            )
        book = generate_book(
            seed=options["seed"], today=today, customers=options["customers"], years=options["years"]
        )
        try:
            with transaction.atomic():
                if services.book_state() == services.BookState.DEMO:
                    self.stdout.write(_("Removing the old demo book…"))
                    services.delete_demo_book(progress=self._progress)
                self.stdout.write(_("Writing to the database…"))
                services.load_book(book=book, progress=self._progress)
        except services.DemoError as exc:
            raise CommandError(str(exc)) from exc
        refresh_planner_statistics()
        self.stdout.write(
            self.style.SUCCESS(
                _("Demo book loaded in %(seconds).1f s.") % {"seconds": time.perf_counter() - started}
            )
        )

    def _print_logins(self) -> None:
        if services.book_state() != services.BookState.DEMO:
            self.stdout.write(_("This database holds no demo book; log in with your own accounts."))
            return
        self.stdout.write(_("Demo logins (password: %(password)s):") % {"password": DEMO_PASSWORD})
        for user in services.demo_logins():
            if user.left_on is not None:
                status = _("salesperson, left on %(date)s — cannot log in") % {"date": user.left_on}
            else:
                status = str(user.get_role_display())
            self.stdout.write(f"  {user.username:<10} {user.get_full_name():<12} {status}")
