"""Losses by the six reasons of seed 003, with the sales each reason cost."""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from laoke.core.kpi.frames import KPI_LOSS_SCHEMA, KPI_ORDER_SCHEMA, conform
from laoke.core.kpi.period import Period
from laoke.core.schema import LOSS_REASONS
from laoke.core.scorecard.features import months_before

Frame = pl.DataFrame | pl.LazyFrame

#: Sales lost = what the customer bought in this many months before it was lost.
LOOKBACK_MONTHS = 12


@dataclass(frozen=True)
class LossSummary:
    """One loss reason: customers lost for it in the period and the yearly sales they took away."""

    reason: str
    customers: int
    revenue_lost: float
    share_of_revenue_lost: float


def losses_by_reason(losses: Frame, orders: Frame, period: Period) -> list[LossSummary]:
    """Loss records dated in the period, grouped by the six reasons (all six listed, in seed order).

    A loss's revenue is the customer's sales in the 12 months up to its ``lost_on`` date; a
    customer recorded lost twice in the period counts once, under its latest record.
    """
    recorded = (
        conform(losses, KPI_LOSS_SCHEMA)
        .filter(pl.col("lost_on").is_between(period.start, period.end))
        .sort("customer_id", "lost_on")
        .unique("customer_id", keep="last")
    )
    lines = conform(orders, KPI_ORDER_SCHEMA)
    window_start = pl.col("lost_on").map_elements(
        lambda day: months_before(day, LOOKBACK_MONTHS), return_dtype=pl.Date
    )
    revenue = (
        recorded.with_columns(window_start.alias("since"))
        .join(lines, on="customer_id", how="left")
        .filter(
            pl.col("order_date").is_null()
            | ((pl.col("order_date") > pl.col("since")) & (pl.col("order_date") <= pl.col("lost_on")))
        )
        .group_by("customer_id", "reason")
        .agg(pl.col("amount").sum().fill_null(0.0).alias("revenue"))
    )
    # A customer with orders, none in the window, is dropped by the filter above: add it back with 0.
    revenue = recorded.select("customer_id", "reason").join(
        revenue.select("customer_id", "revenue"), on="customer_id", how="left"
    )
    per_reason = {
        reason: (int(n), float(total or 0.0))
        for reason, n, total in revenue.group_by("reason")
        .agg(pl.len(), pl.col("revenue").fill_null(0.0).sum())
        .iter_rows()
    }
    total_lost = sum(v[1] for v in per_reason.values())
    return [
        LossSummary(
            reason,
            per_reason.get(reason, (0, 0.0))[0],
            per_reason.get(reason, (0, 0.0))[1],
            per_reason.get(reason, (0, 0.0))[1] / total_lost if total_lost else 0.0,
        )
        for reason in LOSS_REASONS
    ]
