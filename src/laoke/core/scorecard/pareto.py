"""80/20 (001, 003, 004): who makes the sales and profit, and which small customers are neglected.

Seed 003 reason 3: imbalance is itself a churn cause — small customers often have better
margins, so a small customer with a good margin and no contact for long is a warning.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import polars as pl

from laoke.core.scorecard.features import interaction_features, months_before, order_lines
from laoke.core.scorecard.policy import Policy

Frame = pl.DataFrame | pl.LazyFrame


@dataclass(frozen=True)
class ParetoSummary:
    """The headline numbers of the 80/20 view."""

    customers: int  # customers with positive sales in the period
    revenue: float
    profit: float | None  # null when the period has no cost data
    customers_for_cut: int  # how many top customers make ``cut`` of sales
    share_of_customers_for_cut: float
    top_share_revenue_share: float  # share of sales made by the top ``top_share`` of customers
    top_share_profit_share: float | None
    cut: float
    top_share: float


def pareto_table(
    orders: Frame, *, as_of: dt.date, policy: Policy, start: dt.date | None = None
) -> pl.DataFrame:
    """Customers ranked by sales over ``start`` (default: the policy window) … ``as_of``.

    Returns
    -------
    polars.DataFrame
        ``rank`` (1 = largest), ``customer_id``, ``revenue``, ``profit`` (null without cost
        data), ``margin_pct``, ``customer_share`` (rank / customers), ``revenue_share``,
        ``cumulative_revenue_share``, ``profit_share``, ``cumulative_profit_share`` (along the
        sales rank, so one sees whether the big buyers also bring the profit), ``in_top_cut``
        (the customer is among those making ``pareto.cut`` of sales).
    """
    since = start if start is not None else months_before(as_of, policy.thresholds.window_months)
    lines = order_lines(orders, as_of).filter(pl.col("order_date") > since)
    has_cost = pl.col("cost").is_not_null()
    per_customer = (
        lines.group_by("customer_id")
        .agg(
            pl.col("amount").sum().alias("revenue"),
            pl.col("amount").filter(has_cost).sum().alias("_costed"),
            pl.col("cost").filter(has_cost).sum().alias("_cost"),
            has_cost.any().alias("_has_cost"),
        )
        .filter(pl.col("revenue") > 0)
        .with_columns(pl.when(pl.col("_has_cost")).then(pl.col("_costed") - pl.col("_cost")).alias("profit"))
        .with_columns(
            pl.when(pl.col("_costed") > 0).then(pl.col("profit") / pl.col("_costed")).alias("margin_pct")
        )
        .sort(["revenue", "customer_id"], descending=[True, False])
    )
    n = pl.len()
    cumulative = pl.col("revenue").cum_sum() / pl.col("revenue").sum()
    total_profit = pl.col("profit").sum()
    return (
        per_customer.with_columns(pl.int_range(1, n + 1, dtype=pl.Int64).alias("rank"))
        .with_columns(
            (pl.col("rank") / n).alias("customer_share"),
            (pl.col("revenue") / pl.col("revenue").sum()).alias("revenue_share"),
            cumulative.alias("cumulative_revenue_share"),
            pl.when(total_profit != 0).then(pl.col("profit") / total_profit).alias("profit_share"),
            pl.when(total_profit != 0)
            .then(pl.col("profit").fill_null(0.0).cum_sum() / total_profit)
            .alias("cumulative_profit_share"),
            # The customer that crosses the cut is still needed to reach it.
            (cumulative.shift(1, fill_value=0.0) < policy.pareto.cut).alias("in_top_cut"),
        )
        .select(
            "rank",
            "customer_id",
            "revenue",
            "profit",
            "margin_pct",
            "customer_share",
            "revenue_share",
            "cumulative_revenue_share",
            "profit_share",
            "cumulative_profit_share",
            "in_top_cut",
        )
        .collect()
    )


def pareto_summary(table: pl.DataFrame, policy: Policy) -> ParetoSummary:
    """Summarise a :func:`pareto_table`: customers making the cut, share of the top customers."""
    n = table.height
    top_n = max(1, round(n * policy.pareto.top_share)) if n else 0
    revenue = float(table["revenue"].sum()) if n else 0.0
    has_profit = n > 0 and table["profit"].is_not_null().any()
    profit = float(table["profit"].sum()) if has_profit else None
    top = table.head(top_n)
    top_profit = float(top["profit"].fill_null(0.0).sum()) if has_profit else None
    in_cut = int(table["in_top_cut"].sum()) if n else 0
    return ParetoSummary(
        customers=n,
        revenue=revenue,
        profit=profit,
        customers_for_cut=in_cut,
        share_of_customers_for_cut=in_cut / n if n else 0.0,
        top_share_revenue_share=float(top["revenue"].sum()) / revenue if revenue else 0.0,
        top_share_profit_share=top_profit / profit if profit and top_profit is not None else None,
        cut=policy.pareto.cut,
        top_share=policy.pareto.top_share,
    )


def neglected_small_customers(
    orders: Frame,
    interactions: Frame | None = None,
    *,
    as_of: dt.date,
    policy: Policy,
    table: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """Small customers (outside the top-80 % group) with a good margin and no contact for long.

    The last contact is the latest touch logged in ``interactions`` or the last order,
    whichever is later; without interactions only the last order counts
    (``contact_source`` says which). Without cost data no margin is known and the list is empty.

    Returns
    -------
    polars.DataFrame
        ``customer_id``, ``revenue``, ``margin_pct``, ``last_contact``, ``days_since_contact``,
        ``contact_source`` (``"interaction"`` or ``"order"``), sorted by margin, best first.
    """
    ranked = table if table is not None else pareto_table(orders, as_of=as_of, policy=policy)
    last_order = (
        order_lines(orders, as_of)
        .filter(pl.col("amount") > 0)
        .group_by("customer_id")
        .agg(pl.col("order_date").max().alias("last_order"))
    )
    frame = ranked.lazy().filter(~pl.col("in_top_cut")).join(last_order, on="customer_id", how="left")
    if interactions is not None:
        touches = interaction_features(interactions, as_of, policy).select("customer_id", "last_contact")
        frame = frame.join(touches, on="customer_id", how="left")
    else:
        frame = frame.with_columns(pl.lit(None, dtype=pl.Date).alias("last_contact"))
    by_touch = pl.col("last_contact").is_not_null() & (
        pl.col("last_order").is_null() | (pl.col("last_contact") >= pl.col("last_order"))
    )
    contact = pl.when(by_touch).then(pl.col("last_contact")).otherwise(pl.col("last_order"))
    pareto = policy.pareto
    return (
        frame.with_columns(
            contact.alias("last_contact"),
            pl.when(by_touch).then(pl.lit("interaction")).otherwise(pl.lit("order")).alias("contact_source"),
        )
        .with_columns((pl.lit(as_of) - pl.col("last_contact")).dt.total_days().alias("days_since_contact"))
        .filter(
            (pl.col("margin_pct") >= pareto.neglect_min_margin)
            & (pl.col("days_since_contact") >= pareto.neglect_days)
        )
        .sort(["margin_pct", "customer_id"], descending=[True, False])
        .select(
            "customer_id", "revenue", "margin_pct", "last_contact", "days_since_contact", "contact_source"
        )
        .collect()
    )
