"""``laoke analyze FILE``: the grade table and the 80/20 summary straight from an order file.

No database is touched: the file is read into canonical order lines and handed to the pure
scorecard core (issue 3).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation
from django.utils.translation import gettext as _

from laoke.core.scorecard import Policy
from laoke.retention.management.arguments import (
    SKIP_BAD_ROWS_HELP,
    parse_date,
    read_orders_for_analysis,
    read_policy_file,
)
from laoke.retention.models import LifecycleStateChoices
from laoke.retention.services.analysis import Analysis, analyze_orders, default_as_of


class Command(BaseCommand):
    help = "Grade table and 80/20 summary straight from an order file (no database)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="Order file: CSV, CSV.GZ, XLSX or XLS.")
        parser.add_argument(
            "--as-of", help="Evaluate as of this date (YYYY-MM-DD); default the file's last date."
        )
        parser.add_argument("--policy", help="Policy TOML file; default the shipped policy.")
        parser.add_argument(
            "--retail",
            action="store_true",
            help="Retail conventions: drop C invoices, rows without customer, quantity or price <= 0.",
        )
        parser.add_argument("--home-currency", default="USD", help="Currency amounts are reported in.")
        parser.add_argument(
            "--rates",
            help="Exchange rates file (currency, rate[, date]) converting other currencies to home currency.",
        )
        parser.add_argument("--skip-bad-rows", action="store_true", help=SKIP_BAD_ROWS_HELP)

    def handle(self, *args: Any, **options: Any) -> None:
        policy = read_policy_file(options["policy"]) if options["policy"] else Policy()
        # Amounts are in the home currency, and so is the currency risk (as the app scores it).
        policy = replace(policy, home_currency=options["home_currency"].strip().upper() or "USD")
        result = read_orders_for_analysis(
            options["file"],
            skip_bad_rows=options["skip_bad_rows"],
            err=self.stderr,
            retail_conventions=options["retail"],
            home_currency=options["home_currency"],
            rates=options["rates"],
        )
        orders = result.frame
        if orders.is_empty():
            raise CommandError(_("The file has no usable order lines."))
        as_of = parse_date(options["as_of"], option="--as-of") if options["as_of"] else default_as_of(orders)
        self.stdout.write(
            _(
                "%(lines)d order lines read (%(skipped)d skipped, %(errors)d with errors); "
                "evaluated as of %(as_of)s."
            )
            % {
                "lines": orders.height,
                "skipped": result.rows_skipped,
                "errors": len(result.rejected_rows),
                "as_of": as_of.isoformat(),
            }
        )
        zh = (translation.get_language() or "en").lower().startswith("zh")
        analysis = analyze_orders(orders, as_of=as_of, policy=policy, zh=zh)
        self._grade_table(analysis, policy)
        self.stdout.write(
            _("States: %(states)s")
            % {"states": ", ".join(f"{_state_label(s)} {n}" for s, n in analysis.states)}
        )
        self._pareto(analysis, policy)

    def _grade_table(self, analysis: Analysis, policy: Policy) -> None:
        n = policy.thresholds.window_months
        self.stdout.write("")
        self.stdout.write(_("Grades (sales share over the last %(months)d months):") % {"months": n})
        grade_label, customers_label = _("grade"), _("customers")
        share_label, score_label, treatment_label = _("sales share"), _("avg score"), _("typical treatment")
        header = f"{grade_label:<6}{customers_label:>10}{share_label:>13}{score_label:>11}"
        self.stdout.write(f"{header}  {treatment_label}")
        for row in analysis.grades:
            self.stdout.write(
                f"{row.grade:<6}{row.customers:>10,}{row.share:>12.1%}{row.score:>11.1f}  {row.treatment}"
            )
        if analysis.ungraded:
            self.stdout.write(
                _("%(n)d customers without a purchase are not graded.") % {"n": analysis.ungraded}
            )

    def _pareto(self, analysis: Analysis, policy: Policy) -> None:
        summary = analysis.pareto
        self.stdout.write("")
        self.stdout.write(
            _("80/20: %(n)d customers bought in the last %(months)d months, sales %(revenue)s.")
            % {
                "n": summary.customers,
                "months": policy.thresholds.window_months,
                "revenue": f"{summary.revenue:,.0f}",
            }
        )
        self.stdout.write(
            _(
                "%(k)d customers (%(pct).1f%%) make %(cut).0f%% of sales; "
                "the top %(top).0f%% make %(share).1f%%."
            )
            % {
                "k": summary.customers_for_cut,
                "pct": summary.share_of_customers_for_cut * 100,
                "cut": summary.cut * 100,
                "top": summary.top_share * 100,
                "share": summary.top_share_revenue_share * 100,
            }
        )
        if summary.top_share_profit_share is not None and analysis.neglected is not None:
            self.stdout.write(
                _("The top %(top).0f%% make %(share).1f%% of profit.")
                % {"top": summary.top_share * 100, "share": summary.top_share_profit_share * 100}
            )
            self.stdout.write(
                _("%(n)d small customers with a good margin have had no contact for %(days)d days or more.")
                % {"n": analysis.neglected, "days": policy.pareto.neglect_days}
            )
        else:
            self.stdout.write(
                _("No cost data: profit shares and the neglected-small-customer check are skipped.")
            )


def _state_label(code: str) -> str:
    """The lifecycle state in the reader's language (the core's codes are the model's choices)."""
    return str(LifecycleStateChoices(code).label) if code in LifecycleStateChoices.values else code
