"""``laoke score``: recompute every customer's scorecard, state, forecast and alerts, then the plan.

It lives in cadence, which sits above retention, because it also refreshes the follow-up plan.
"""

from __future__ import annotations

import gc
import sys
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _

from laoke.cadence.services.book import STEPS as BOOK_STEPS
from laoke.cadence.services.book import rescore_book
from laoke.cadence.services.reports import agenda_summary
from laoke.retention.management.arguments import parse_date, read_policy_file
from laoke.retention.models import LifecycleStateChoices
from laoke.retention.services.scoring import with_company_tables

#: The steps of the progress bar, in the service's order (the follow-up plan comes last).
STEPS = tuple(BOOK_STEPS)


class Command(BaseCommand):
    help = "Recompute scores, grades, lifecycle states, forecasts and alerts (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--as-of", help="Evaluate as of this date (YYYY-MM-DD); default today.")
        parser.add_argument("--policy", help="Use this policy TOML file instead of the saved policy.")
        parser.add_argument(
            "--no-agenda", action="store_true", help="Do not refresh the follow-up plan (see laoke agenda)."
        )
        parser.add_argument(
            "--plan-old-book",
            action="store_true",
            help="Refresh the follow-up plan even when the book's newest order is over a year before "
            "the scoring date (by default such a book is taken for history and gets no tasks).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        as_of = parse_date(options["as_of"], option="--as-of") if options["as_of"] else timezone.localdate()
        policy = with_company_tables(read_policy_file(options["policy"])) if options["policy"] else None
        started = time.perf_counter()
        scored_in: list[float] = []  # the seconds the scoring took, up to the follow-up plan

        def progress(step: str, _percent: int) -> None:
            if step == "agenda" and not scored_in:
                scored_in.append(time.perf_counter() - started)
            done = STEPS.index(step) if step in STEPS else 0
            bar = "#" * (done * 4) + "-" * ((len(STEPS) - done) * 4)
            sys.stderr.write(f"\r[{bar}] {_step_label(step)}…   ")
            sys.stderr.flush()

        # The same service as the nightly job, the policy page and the re-score after an import:
        # scores, forecasts and alerts, the follow-up plan, the targets' follow-ups, new inquiries.
        # What is loaded so far (modules, Django, the policy) outlives the run: kept out of the
        # garbage collector's passes meanwhile, which then walk only the run's own objects (on
        # Online Retail II the collector's CPU fell from 1.0 s to 0.5 s). Given back afterwards,
        # so a process that calls the command again (a test, a job) collects as before.
        gc.freeze()
        try:
            book = rescore_book(
                as_of=as_of,
                policy=policy,
                progress=progress,
                plan_old_book=options["plan_old_book"],
                refresh_plan=not options["no_agenda"],
            )
        finally:
            gc.unfreeze()
        sys.stderr.write("\r" + " " * 60 + "\r")
        report = book.scores
        elapsed = scored_in[0] if scored_in else time.perf_counter() - started
        self.stdout.write(
            _("Scored %(customers)d customers as of %(as_of)s in %(seconds).1f s.")
            % {"customers": report.customers, "as_of": report.as_of.isoformat(), "seconds": elapsed}
        )
        self.stdout.write(_("Grades: %(grades)s") % {"grades": _format_counts(report.grades)})
        states = {
            str(LifecycleStateChoices(code).label) if code in LifecycleStateChoices.values else code: n
            for code, n in report.states.items()
        }
        self.stdout.write(_("States: %(states)s") % {"states": _format_counts(states)})
        self.stdout.write(
            _("State changes kept: %(changes)d. Forecasts: %(forecasts)d.")
            % {"changes": report.state_changes, "forecasts": report.forecasts}
        )
        self.stdout.write(
            _("Alerts: %(raised)d new, %(open)d still open, %(cleared)d cleared.")
            % {
                "raised": report.alerts.raised,
                "open": report.alerts.still_open,
                "cleared": report.alerts.cleared,
            }
        )
        if report.accuracy:
            self._accuracy(report.accuracy)
        stale = report.stale_days
        if stale is not None and report.last_order is not None:
            last = report.last_order.isoformat()
            self.stdout.write(
                self.style.WARNING(
                    _(
                        "The book's newest order is on %(last)s, %(days)d days before %(as_of)s: scored "
                        "as of that date every customer has long been silent, so the forecasts say next "
                        "to nothing and the accuracy check finds no one who ordered."
                    )
                    % {"last": last, "days": stale, "as_of": report.as_of.isoformat()}
                )
            )
            self.stdout.write(
                _("To see the book as it stood, score it as of its last day: laoke score --as-of %(last)s")
                % {"last": last}
            )
        if book.plan_skipped:
            self.stdout.write(
                _(
                    "Follow-up plan left as it was: it would give the salespeople a task for every "
                    "customer of a book that is history. Add --plan-old-book to make it all the same."
                )
            )
        if book.agenda is not None:
            for line in agenda_summary(book.agenda, detailed=False):
                self.stdout.write(line)
        if book.inquiries:
            self.stdout.write(
                _("Inquiries given their first look-alike score: %(count)d.") % {"count": book.inquiries}
            )

    def _accuracy(self, accuracy: dict[str, Any]) -> None:
        models = accuracy["models"]
        if models["laoke"]["auc"] is None:
            # Undefined, not 0: in the year since the check's cutoff everyone ordered or no one did.
            self.stdout.write(
                _(
                    "Accuracy check (forecast made %(cutoff)s, %(customers)d customers): no AUC, "
                    "%(active)d of them ordered in the year since. AUC needs customers who ordered "
                    "and customers who did not in the horizon."
                )
                % {
                    "cutoff": accuracy["cutoff"],
                    "customers": accuracy["customers"],
                    "active": accuracy.get("active_in_horizon", 0),
                }
            )
            return
        self.stdout.write(
            _(
                "Accuracy check (forecast made %(cutoff)s, %(customers)d customers): "
                "AUC Laoke %(laoke).3f, BG/NBD %(bgnbd).3f, RFM %(rfm).3f."
            )
            % {
                "cutoff": accuracy["cutoff"],
                "customers": accuracy["customers"],
                "laoke": models["laoke"]["auc"],
                "bgnbd": models["bgnbd"]["auc"],
                "rfm": models["rfm"]["auc"],
            }
        )


def _step_label(step: str) -> str:
    labels = {
        "loading": _("loading the book"),
        "scoring": _("scoring"),
        "forecasting": _("forecasting"),
        "storing": _("storing"),
        "agenda": _("refreshing the follow-up plan"),
    }
    return labels.get(step, step)


def _format_counts(counts: dict[str, int]) -> str:
    return ", ".join(f"{key} {value}" for key, value in counts.items())
