"""``rescore``: load the stored facts, run the core, store what it derives — in one transaction.

This is what ``laoke score`` and the policy page call. It is idempotent: running it twice on the
same facts and policy leaves the same rows (alerts are matched by key, never duplicated).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import polars as pl
from django.db import transaction

from laoke.company.currency import home_currency
from laoke.company.models import CountryPolicy, CurrencyPolicy, ScoringPolicy
from laoke.core.forecast import backtest as backtest_module
from laoke.core.forecast.alerts import order_alerts, relationship_alerts
from laoke.core.forecast.backtest import run_backtest
from laoke.core.forecast.model import LaokeForecaster
from laoke.core.messages import json_rows
from laoke.core.scorecard.features import months_before
from laoke.core.scorecard.lifecycle import lifecycle_history, lifecycle_states
from laoke.core.scorecard.policy import DIMENSIONS, Policy, treatment_in_state
from laoke.core.scorecard.policy_toml import policy_from_toml
from laoke.core.scorecard.scoring import score_customers
from laoke.retention import repositories
from laoke.retention.models import BacktestRun
from laoke.retention.scorecard_messages import shipped_texts_as_codes
from laoke.retention.services import storage

Progress = Callable[[str], None]

#: How far back the stored lifecycle history reaches.
HISTORY_MONTHS = 36
#: The forecast horizon whose next-order window is stored (a year: contact two months ahead, 004).
FORECAST_HORIZON_DAYS = 365
SEVERITY = {"high": 3, "medium": 2, "low": 1}
#: The accuracy check replays the forecast made this many days ago against what happened since.
BACKTEST_DAYS = 365
#: Fewer customers with history at the cutoff than this, and the check is not meaningful.
BACKTEST_MIN_CUSTOMERS = 20
#: A book whose newest order is more than this many days before the scoring date is history.
#: A year is the forecast's horizon and the accuracy check's window: with no order in it, the
#: check has no customer who ordered (its AUC is undefined), the forecast has no recent past to
#: learn from, every customer is dormant, and a win-back plan is made for each. An exporter's
#: book that is in use has orders every year (even once-a-year buyers show up in it), so a
#: year without any means a file of the past or imports that stopped.
STALE_AFTER_DAYS = 365


def current_policy() -> Policy:
    """The policy in force: the newest saved version, with the company's country/currency tables."""
    saved = ScoringPolicy.objects.order_by("-created_at", "-id").first()
    policy = shipped_texts_as_codes(policy_from_toml(saved.text)) if saved else Policy()
    return with_company_tables(policy)


def with_company_tables(policy: Policy) -> Policy:
    """Overlay the company's per-country policy risk, per-currency volatility and home currency.

    Country risk is rated 1 (low) … 5 (high) and becomes a score of 100 … 0. The company's
    currency rows are volatility against its home currency (the policy text's table is against
    USD): they go to ``home_currency_volatility``.
    """
    countries = {c.country: (5 - c.risk) * 25.0 for c in CountryPolicy.objects.all()}
    currencies = {c.currency: float(c.volatility_pct) for c in CurrencyPolicy.objects.all()}
    home = home_currency()
    if not countries and not currencies and home == policy.home_currency:
        return policy
    return replace(
        policy,
        country_policy={**policy.country_policy, **countries},
        home_currency_volatility={**policy.home_currency_volatility, **currencies},
        home_currency=home,
    )


@dataclass(frozen=True)
class Book:
    """The stored facts as core frames."""

    orders: pl.DataFrame
    customers: pl.DataFrame
    payments: pl.DataFrame
    interactions: pl.DataFrame
    promises: pl.DataFrame
    losses: pl.DataFrame


def load_book() -> Book:
    """Load every fact the engine uses."""
    return Book(
        orders=repositories.load_order_lines(),
        customers=repositories.load_customers(),
        payments=repositories.load_payments(),
        interactions=repositories.load_interactions(),
        promises=repositories.load_promises(),
        losses=repositories.load_loss_records(),
    )


def score_book(book: Book, *, as_of: dt.date, policy: Policy) -> pl.DataFrame:
    """The scorecard of every customer (pure: nothing is stored)."""
    return score_customers(
        book.orders,
        book.customers,
        book.payments,
        book.interactions,
        book.promises,
        as_of=as_of,
        policy=policy,
    )


def _score_rows(scores: pl.DataFrame, states: pl.DataFrame) -> Iterator[dict[str, Any]]:
    """One stored scorecard per customer, made as it is written (100 k of them held at once took 0.7 GB)."""
    state_of = dict(zip(states["customer_id"].to_list(), states["state"].to_list(), strict=True))
    for row in scores.iter_rows(named=True):
        dimensions = {
            d: {
                "score": row[f"{d}_score"],
                "level": row[f"{d}_level"],
                # Codes and figures; laoke.retention.messages words them for the reader.
                "explanation": json_rows(row[f"{d}_explanation"]),
            }
            for d in DIMENSIONS
        }
        reasons = [
            {"dimension": d, "explanation": dimensions[d]["explanation"]} for d in row["top_reasons"] or []
        ]
        state = state_of.get(row["customer_id"], "")
        typed = bool(row["treatment_en"] or row["treatment_zh"])
        yield (
            {
                "customer_id": row["customer_id"],
                "total": row["total_score"],
                "grade": row["grade"],
                "treatment_code": treatment_in_state(row["treatment_key"] or "", state, typed=typed),
                "treatment_en": row["treatment_en"],
                "treatment_zh": row["treatment_zh"],
                "state": state,
                "revenue_12m": row["revenue_window"] or 0.0,
                "profit_12m": row["profit_window"],
                "dimensions": dimensions,
                "reasons": reasons,
            }
        )


def forecast_rows(book: Book, *, as_of: dt.date) -> list[dict[str, Any]]:
    """Each customer's next-order window, P(order within 90 days) and a year's expected orders and sales."""
    if book.orders.is_empty():
        return []
    # Orders placed on ``as_of`` itself are history: the horizon starts the day after.
    forecaster = LaokeForecaster(horizon_days=FORECAST_HORIZON_DAYS).fit(
        book.orders, as_of=as_of + dt.timedelta(days=1)
    )
    # The 90-day chance alone: a whole ``predict(90)`` also made its dates and reasons, unused here.
    year = forecaster.predict().with_columns(p_order_90d=forecaster.probability_any(90))
    rows = []
    for row in year.iter_rows(named=True):
        rows.append(
            {
                "customer_id": row["customer_id"],
                "next_order_on": row["next_order_date"],
                "window_start": row["window_start"],
                "window_end": row["window_end"],
                "p_order_90d": row["p_order_90d"],
                "expected_orders_365d": row["expected_orders"],
                "expected_value_365d": row["expected_value"],
                # Codes and figures; laoke.retention.messages words them for the reader.
                "reasons": json_rows(row["reasons"]),
                "details": {
                    "p_order_365d": row["p_order"],
                    "p_alive": row["p_alive"],
                    "typical_gap_days": row["typical_gap_days"],
                    "regularity": row["regularity"],
                },
            }
        )
    return rows


def alert_rows(
    book: Book, *, as_of: dt.date, forecasts: list[dict[str, Any]] | None = None
) -> list[dict[str, Any]]:
    """Every early-warning alert that holds as of ``as_of``, with reasons and suggested actions.

    With ``forecasts`` (``forecast_rows``), an overdue alert's confidence is the forecast chance
    of no order in the next 90 days.
    """
    p_order = None
    if forecasts:
        p_order = pl.DataFrame(
            {
                "customer_id": [row["customer_id"] for row in forecasts],
                "p_order": [row["p_order_90d"] for row in forecasts],
            },
            schema={"customer_id": pl.String, "p_order": pl.Float64},
        )
    alerts = pl.concat(
        [
            order_alerts(book.orders, as_of=as_of + dt.timedelta(days=1), p_order=p_order, p_order_days=90),
            relationship_alerts(
                as_of=as_of,
                customers=book.customers,
                payments=book.payments,
                interactions=book.interactions,
                promises=book.promises,
            ),
        ],
        how="vertical_relaxed",
    )
    return [{**row, "severity": SEVERITY.get(row["severity"], 2)} for row in alerts.iter_rows(named=True)]


def backtest_last_year(book: Book, *, as_of: dt.date) -> dict[str, Any] | None:
    """Fit the forecasts on the book as it was a year ago and score them on the year since.

    Returns the backtest's JSON (Laoke, BG/NBD, RFM), or None when the book is too young.
    """
    cutoff = as_of + dt.timedelta(days=1) - dt.timedelta(days=BACKTEST_DAYS)
    before = book.orders.select(pl.col("customer_id").filter(pl.col("order_date") < cutoff).n_unique())
    if before.item() < BACKTEST_MIN_CUSTOMERS:
        return None
    history = _through(book.orders, as_of)
    # Pareto/NBD's row is stored but shown nowhere (the dashboard and ``laoke score`` show Laoke,
    # BG/NBD and RFM): its quick fit, not the full one (1.4 s of a 20 s first run on Online
    # Retail II); ``laoke backtest`` fits it fully.
    return run_backtest(history, cutoff=cutoff, horizon_days=BACKTEST_DAYS, quick_pareto=True).to_dict()


def _through(orders: pl.DataFrame, as_of: dt.date) -> pl.DataFrame:
    """The lines dated on or before ``as_of``: ``orders`` itself when none is later (a filter
    copies every column, 1.9 GB for a 10 M-line book)."""
    dates = orders["order_date"]
    last = dates.max()
    if not dates.null_count() and (last is None or (isinstance(last, dt.date) and last <= as_of)):
        return orders
    return orders.filter(pl.col("order_date") <= as_of)


def _forecast_code_digest() -> str:
    """A digest of the forecasting code: a new version of it invalidates stored accuracy checks."""
    digest = hashlib.sha256()
    folder = Path(backtest_module.__file__).parent
    for path in sorted(folder.glob("*.py")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def backtest_fingerprint(book: Book, *, as_of: dt.date) -> str:
    """What last year's accuracy check depends on: every order line up to ``as_of`` (the check is
    fitted on the lines before its cutoff and scored on the lines since), the cutoff, the horizon
    and the forecasting code. Line order does not matter.
    """
    history = _through(book.orders, as_of)
    hashes = history.hash_rows(seed=0).sort().to_numpy()
    digest = hashlib.sha256(hashes.tobytes())
    digest.update(f"{as_of}|{BACKTEST_DAYS}|{BACKTEST_MIN_CUSTOMERS}|{pl.__version__}|".encode())
    digest.update(_forecast_code_digest().encode())
    return digest.hexdigest()


def accuracy_check(book: Book, *, as_of: dt.date) -> tuple[dict[str, Any] | None, str]:
    """Last year's accuracy check and its fingerprint, reused from the stored check of the same data.

    Refitting the forecasts on last year's book is a third of a re-score; it is done again only
    when a line it depends on, its dates or the forecasting code changed.
    """
    fingerprint = backtest_fingerprint(book, as_of=as_of)
    for metrics in (
        BacktestRun.objects.filter(as_of=as_of).order_by("-id").values_list("metrics", flat=True)[:1]
    ):
        if isinstance(metrics, dict) and metrics.get("fingerprint") == fingerprint:
            return {k: v for k, v in metrics.items() if k != "fingerprint"}, fingerprint
    return backtest_last_year(book, as_of=as_of), fingerprint


@dataclass(frozen=True)
class ScoreReport:
    """What one rescoring did."""

    as_of: dt.date
    customers: int
    grades: dict[str, int]
    states: dict[str, int]
    state_changes: int
    forecasts: int
    alerts: storage.AlertSync
    accuracy: dict[str, Any] | None = None
    #: The book's newest order date (None for a book without orders).
    last_order: dt.date | None = None

    @property
    def stale_days(self) -> int | None:
        """Days from the book's newest order to ``as_of`` when over ``STALE_AFTER_DAYS``, else None."""
        return stale_days(self.last_order, self.as_of)


def stale_days(last_order: dt.date | None, as_of: dt.date) -> int | None:
    """How long the book has been silent at ``as_of`` when that makes it history (see
    ``STALE_AFTER_DAYS``), else None."""
    if last_order is None:
        return None
    days = (as_of - last_order).days
    return days if days > STALE_AFTER_DAYS else None


def rescore(*, as_of: dt.date, policy: Policy | None = None, progress: Progress | None = None) -> ScoreReport:
    """Recompute scores, grades, states, history, forecasts and alerts as of ``as_of`` and store them."""
    say = progress or (lambda _message: None)
    policy = policy or current_policy()
    say("loading")
    book = load_book()
    say("scoring")
    scores = score_book(book, as_of=as_of, policy=policy)
    states = lifecycle_states(
        book.orders, book.customers, book.losses, book.promises, book.interactions, as_of=as_of, policy=policy
    )
    history_start = months_before(as_of, HISTORY_MONTHS).replace(day=1)
    history = lifecycle_history(
        book.orders, book.customers, book.losses, start=history_start, end=as_of, policy=policy
    )
    say("forecasting")
    forecasts = forecast_rows(book, as_of=as_of)
    alerts_now = alert_rows(book, as_of=as_of, forecasts=forecasts)
    accuracy, fingerprint = accuracy_check(book, as_of=as_of)
    last_order = _last_order(book, as_of=as_of)
    del book  # every line of the book: what is stored from here on is per customer
    say("storing")
    ids = storage.customer_ids_by_code()
    with transaction.atomic():
        written = storage.replace_scores(rows=_score_rows(scores, states), as_of=as_of, ids=ids)
        changes = storage.replace_state_history(
            rows=({**row, "why": json_rows(row["why"])} for row in history.iter_rows(named=True)),
            ids=ids,
        )
        forecasts_written = storage.replace_forecasts(rows=forecasts, as_of=as_of, ids=ids)
        alerts = storage.sync_alerts(rows=alerts_now, as_of=as_of, ids=ids)
        if accuracy is not None:
            BacktestRun.objects.update_or_create(
                as_of=as_of,
                defaults={
                    "cutoff": dt.date.fromisoformat(accuracy["cutoff"]),
                    "horizon_days": accuracy["horizon_days"],
                    "customers": accuracy["customers"],
                    "metrics": {**accuracy, "fingerprint": fingerprint},
                },
            )
    return ScoreReport(
        as_of=as_of,
        customers=written,
        grades=_counts(scores["grade"]),
        states=_counts(states["state"]),
        state_changes=changes,
        forecasts=forecasts_written,
        alerts=alerts,
        accuracy=accuracy,
        last_order=last_order,
    )


def _last_order(book: Book, *, as_of: dt.date) -> dt.date | None:
    """The newest order date on or before ``as_of``."""
    dates = book.orders["order_date"]
    last = dates.filter(dates <= as_of).max()
    return last if isinstance(last, dt.date) else None


def _counts(values: pl.Series) -> dict[str, int]:
    counted = values.fill_null("—").value_counts(sort=True)
    return dict(zip(counted[values.name].to_list(), counted["count"].to_list(), strict=True))
