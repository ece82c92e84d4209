"""Concentration of sales: on a few customers (80/20) and on a few salespeople (the risk if one leaves)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import polars as pl

from laoke.core.kpi.frames import CUSTOMER_OWNER_SCHEMA, KPI_ORDER_SCHEMA, conform
from laoke.core.kpi.period import Period
from laoke.core.scorecard.pareto import ParetoSummary, pareto_summary, pareto_table
from laoke.core.scorecard.policy import Policy

Frame = pl.DataFrame | pl.LazyFrame

#: An owner holding more than this share of the period's sales is flagged (seed 003, reason 4).
OWNER_SHARE_LIMIT = 0.30
#: Points of the 80/20 curve kept for a chart.
CURVE_POINTS = 101


@dataclass(frozen=True)
class RevenueConcentration:
    """The 80/20 summary of the period and the curve (share of customers, cumulative share of sales)."""

    summary: ParetoSummary
    curve: list[tuple[float, float]] = field(default_factory=list)


def revenue_concentration(
    orders: Frame, period: Period, policy: Policy | None = None
) -> RevenueConcentration:
    """80/20 over the period's sales, through :func:`laoke.core.scorecard.pareto.pareto_table`.

    ``summary.top_share_revenue_share`` is the share of sales made by the top ``top_share`` (20 %)
    of the buying customers; ``summary.customers_for_cut`` how many customers make ``cut`` (80 %).
    """
    rules = policy or Policy()
    canonical = conform(orders, KPI_ORDER_SCHEMA).with_columns(pl.col("customer_id").cast(pl.String))
    table = pareto_table(canonical, as_of=period.end, policy=rules, start=period.start - dt.timedelta(days=1))
    n = table.height
    curve = [(0.0, 0.0)]
    if n:
        steps = min(n, CURVE_POINTS - 1)
        shares = table["cumulative_revenue_share"].to_list()
        ranks = sorted({round(i * n / steps) for i in range(1, steps + 1)})
        curve += [(rank / n, float(shares[rank - 1])) for rank in ranks]
    return RevenueConcentration(pareto_summary(table, rules), curve)


@dataclass(frozen=True)
class OwnerShare:
    """One owner's sales in the period and their share of the company's."""

    owner_id: int | None
    customers: int  # customers with positive sales in the period
    revenue: float
    share: float
    flagged: bool  # the share is above the limit


def owner_concentration(
    orders: Frame, owners: Frame | None, period: Period, limit: float = OWNER_SHARE_LIMIT
) -> list[OwnerShare]:
    """Share of the period's sales held by each current owner, largest first (001, 003 reason 4)."""
    frame = conform(orders, KPI_ORDER_SCHEMA).filter(
        pl.col("order_date").is_between(period.start, period.end)
    )
    per_customer = frame.group_by("customer_id").agg(pl.col("amount").sum().alias("revenue"))
    owner_frame = conform(owners, CUSTOMER_OWNER_SCHEMA).unique("customer_id", keep="last")
    grouped = (
        per_customer.join(owner_frame, on="customer_id", how="left")
        .group_by("owner_id")
        .agg(pl.col("revenue").sum(), (pl.col("revenue") > 0).sum().alias("customers"))
        .filter(pl.col("revenue") > 0)
        .sort(["revenue", "owner_id"], descending=[True, False], nulls_last=True)
    )
    total = float(grouped["revenue"].sum()) if grouped.height else 0.0
    rows = []
    for owner_id, revenue, customers in grouped.select("owner_id", "revenue", "customers").iter_rows():
        share = revenue / total if total else 0.0
        # Customers with no owner are not a person who could leave with them: never flagged.
        flagged = owner_id is not None and share > limit
        rows.append(OwnerShare(owner_id, int(customers), float(revenue), share, flagged))
    return rows
