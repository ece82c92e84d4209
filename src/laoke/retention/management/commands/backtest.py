"""``laoke backtest --orders FILE --cutoff DATE --horizon-days N [--json OUT]``.

Fits Laoke's forecaster, BG/NBD, Pareto/NBD and the RFM heuristic (and ranks by recency) on
the orders before the cutoff and scores them on the horizon after it (no database is touched).
"""

from __future__ import annotations

import datetime as dt
import json
import math
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from laoke.core.forecast.backtest import run_backtest
from laoke.retention.management.arguments import SKIP_BAD_ROWS_HELP, read_orders_for_analysis


class Command(BaseCommand):
    help = "Backtest the forecasts on an order file: Laoke vs BG/NBD, Pareto/NBD, RFM and recency."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--orders", required=True, help="Order file: CSV, CSV.GZ, XLSX or XLS.")
        parser.add_argument("--cutoff", required=True, help="First day of the scored horizon (YYYY-MM-DD).")
        parser.add_argument("--horizon-days", type=int, required=True, help="Length of the horizon in days.")
        parser.add_argument("--json", dest="json_out", help="Also write the results to this JSON file.")
        parser.add_argument("--skip-bad-rows", action="store_true", help=SKIP_BAD_ROWS_HELP)
        parser.add_argument(
            "--no-retail",
            action="store_true",
            help="Keep cancellations, rows without customer and non-positive quantities or prices.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            cutoff = dt.date.fromisoformat(options["cutoff"])
        except ValueError as error:
            raise CommandError(_("The cutoff must be a date like 2011-06-10.")) from error
        horizon = options["horizon_days"]
        if horizon <= 0:
            raise CommandError(_("The horizon must be at least one day."))
        result = read_orders_for_analysis(
            options["orders"],
            skip_bad_rows=options["skip_bad_rows"],
            err=self.stderr,
            retail_conventions=not options["no_retail"],
            require_amount=False,
        )
        orders = result.frame
        if orders.filter(orders["order_date"] < cutoff).is_empty():
            raise CommandError(_("No orders before the cutoff: nothing to learn from."))
        backtest = run_backtest(orders, cutoff=cutoff, horizon_days=horizon)
        self.stdout.write(
            _("Cutoff %(cutoff)s, horizon %(days)d days, %(customers)d customers, %(active)d ordered.")
            % {
                "cutoff": cutoff.isoformat(),
                "days": horizon,
                "customers": backtest.customers,
                "active": backtest.active_in_horizon,
            }
        )
        self.stdout.write(f"{_('model'):<10} {'AUC':>6} {'Brier':>6} {'MAE(n)':>7} {'MAE(d)':>7}")
        for name, scores in backtest.models.items():
            figures = [
                _figure(scores.auc, 6, 3),
                _figure(scores.brier, 6, 3),
                _figure(scores.mae_count, 7, 3),
                _figure(scores.mae_days, 7, 1),
            ]
            self.stdout.write(f"{name:<10} {' '.join(figures)}")
        self.stdout.write(f"{'recency':<10} {_figure(backtest.recency_auc, 6, 3)}")
        if math.isnan(backtest.models["laoke"].auc):
            self.stdout.write(_("AUC needs customers who ordered and customers who did not in the horizon."))
        stated = backtest.stated_chance
        if stated:
            cells = " ".join(f"{mean:.2f}/{rate:.2f}" for mean, rate, _ in stated["reliability"])
            self.stdout.write(
                _(
                    "Laoke's chance of an order within %(days)d days, as the app states it: Brier "
                    "%(brier).3f; stated / share that ordered, from the lowest chances to the highest: "
                    "%(cells)s"
                )
                % {"days": stated["days"], "brier": stated["brier"], "cells": cells}
            )
        alerts = backtest.alerts
        if not alerts["flagged"]:
            self.stdout.write(_("Overdue alerts: none at the cutoff."))
        else:
            self.stdout.write(
                _(
                    "Overdue alerts: %(n)d flagged, precision %(p).2f (no order from %(b).2f of all "
                    "customers, %(r).2f of those with a rhythm); stated risk %(c).2f on average; "
                    "flagged %(lead).0f days before a year of silence."
                )
                % {
                    "n": alerts["flagged"],
                    "p": alerts["precision"],
                    "b": alerts["base_rate"],
                    "r": alerts["rhythm_base_rate"],
                    "c": alerts["stated_confidence"],
                    "lead": 0.0 if math.isnan(alerts["lead_days"]) else alerts["lead_days"],
                }
            )
        if options["json_out"]:
            Path(options["json_out"]).write_text(json.dumps(backtest.to_dict(), indent=2), encoding="utf-8")


def _figure(value: float, width: int, digits: int) -> str:
    """A right-aligned figure, or "–" where it cannot be computed (e.g. AUC with one class)."""
    return f"{'–':>{width}}" if math.isnan(value) else f"{value:>{width}.{digits}f}"
