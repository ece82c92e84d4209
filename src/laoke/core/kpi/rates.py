"""Rates over customers, per owner and for the company: reorder rate, retention rate, win-back rate.

Each rate is ``hits / base`` over a set of customers; a customer counts under its current owner
(customers without an owner form one row with ``owner_id`` None).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import polars as pl

from laoke.core.kpi.frames import CUSTOMER_OWNER_SCHEMA, KPI_ORDER_SCHEMA, KPI_STATE_SCHEMA, Schema, conform
from laoke.core.kpi.period import Period

Frame = pl.DataFrame | pl.LazyFrame

#: States in which a customer still buys from us.
KEPT_STATES = ("active", "at_risk")
#: States a win-back starts from.
GONE_STATES = ("dormant", "lost")


@dataclass(frozen=True)
class Rate:
    """``hits`` of ``base`` customers; ``owner_id`` None is the no-owner row (or the company)."""

    owner_id: int | None
    base: int
    hits: int

    @property
    def rate(self) -> float | None:
        """``hits / base``; None when the base is empty."""
        return self.hits / self.base if self.base else None


@dataclass(frozen=True)
class RateBreakdown:
    """A rate per owner (best first) and for the whole company."""

    company: Rate
    by_owner: list[Rate] = field(default_factory=list)


def _breakdown(flags: pl.DataFrame, owners: Frame | None) -> RateBreakdown:
    """``flags`` has ``customer_id`` and a boolean ``hit`` for every customer in the base."""
    owner_frame = conform(owners, CUSTOMER_OWNER_SCHEMA).unique("customer_id", keep="last")
    grouped = (
        flags.join(owner_frame, on="customer_id", how="left")
        .group_by("owner_id")
        .agg(pl.len().alias("base"), pl.col("hit").sum().alias("hits"))
    )
    rows = [Rate(owner, int(base), int(hits)) for owner, base, hits in grouped.iter_rows()]
    rows.sort(key=lambda r: (-(r.rate or 0.0), -r.base, r.owner_id is None, r.owner_id or 0))
    company = Rate(None, flags.height, int(flags["hit"].sum()) if flags.height else 0)
    return RateBreakdown(company, rows)


def _buyers(orders: pl.DataFrame, period: Period) -> pl.Series:
    """Customers with a purchase in the period: a day whose order amounts net above zero."""
    days = (
        orders.filter(pl.col("order_date").is_between(period.start, period.end))
        .group_by("customer_id", "order_date")
        .agg(pl.col("amount").sum())
        .filter(pl.col("amount") > 0)
    )
    return days["customer_id"].unique()


def reorder_rate(orders: Frame, owners: Frame | None, period: Period) -> RateBreakdown:
    """翻单率 (004): of the customers who bought in the period of the same length just before
    ``period``, the share who bought again within ``period``.

    With a 12-month period this is the dashboard's reorder rate (12 months vs the 12 before).
    """
    frame = conform(orders, KPI_ORDER_SCHEMA)
    base = _buyers(frame, period.previous())
    again = _buyers(frame, period)
    flags = pl.DataFrame({"customer_id": base}).with_columns(
        pl.col("customer_id").is_in(again.implode()).alias("hit")
    )
    return _breakdown(flags, owners)


def states_on(states: Frame, day: dt.date) -> pl.DataFrame:
    """Each customer's lifecycle state at the end of ``day`` (its last change on or before it)."""
    return (
        conform(states, KPI_STATE_SCHEMA)
        .filter(pl.col("changed_on") <= day)
        .sort("customer_id", "changed_on")
        .group_by("customer_id")
        .agg(pl.col("state").last())
    )


def retention_rate(states: Frame, owners: Frame | None, period: Period) -> RateBreakdown:
    """Customer retention: of the customers active or at risk when the period starts, the share
    still active or at risk at its end (not dormant, not lost). From the lifecycle history.
    """
    before = period.start - dt.timedelta(days=1)
    start = states_on(states, before).filter(pl.col("state").is_in(KEPT_STATES))
    end = states_on(states, period.end).filter(pl.col("state").is_in(KEPT_STATES))
    flags = start.select("customer_id").with_columns(
        pl.col("customer_id").is_in(end["customer_id"].implode()).alias("hit")
    )
    return _breakdown(flags, owners)


def winback_rate(states: Frame, owners: Frame | None, period: Period) -> RateBreakdown:
    """Dormant win-back rate (004): of the customers dormant or lost when the period starts, the
    share whose state turned back to active within the period.
    """
    frame = conform(states, KPI_STATE_SCHEMA)
    before = period.start - dt.timedelta(days=1)
    gone = states_on(frame, before).filter(pl.col("state").is_in(GONE_STATES))
    back = frame.filter(
        pl.col("changed_on").is_between(period.start, period.end) & (pl.col("state") == "active")
    )["customer_id"]
    flags = gone.select("customer_id").with_columns(pl.col("customer_id").is_in(back.implode()).alias("hit"))
    return _breakdown(flags, owners)


#: One row per win-back plan (``laoke.cadence``): when it started, was won back or closed.
KPI_PLAN_SCHEMA: Schema = {
    "customer_id": pl.Int64,
    "started_on": pl.Date,
    "won_on": pl.Date,
    "closed_on": pl.Date,
}


def plan_winback_rate(plans: Frame | None, owners: Frame | None, period: Period) -> RateBreakdown:
    """Win-back plans won (004): of the plans running at some point in the period (open at its
    start or started within it), the share won back within it. Counted per plan.
    """
    frame = conform(plans, KPI_PLAN_SCHEMA)
    ended_before = (pl.col("won_on") < period.start).fill_null(False) | (
        pl.col("closed_on") < period.start
    ).fill_null(False)
    running = frame.filter((pl.col("started_on") <= period.end) & ~ended_before)
    flags = running.select(
        "customer_id", pl.col("won_on").is_between(period.start, period.end).fill_null(False).alias("hit")
    )
    return _breakdown(flags, owners)
