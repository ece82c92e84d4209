"""``score_customers``: the whole scorecard as one lazy Polars plan (one row per customer)."""

from __future__ import annotations

import datetime as dt

import polars as pl

from laoke.core.scorecard import dimensions_context as ctx
from laoke.core.scorecard import dimensions_orders as ords
from laoke.core.scorecard.dimension_base import Dimension, level_expr
from laoke.core.scorecard.features import (
    customer_facts,
    dominant,
    interaction_features,
    order_lines,
    payment_features,
    promise_features,
    purchase_days,
    rhythm_features,
    sales_features,
)
from laoke.core.scorecard.grading import (
    grade_expr,
    hint_exprs,
    offered_column,
    score_column,
    top_reasons,
    total_expr,
    treatment_exprs,
)
from laoke.core.scorecard.policy import DIMENSIONS, Policy

Frame = pl.DataFrame | pl.LazyFrame

#: Scores are rounded so that float noise from parallel aggregation (a last-bit difference in a
#: group's std or sum between two runs) cannot make a rerun differ.
SCORE_DECIMALS = 6

#: Facts kept next to the scores, so a screen can show the numbers behind them.
FACT_COLUMNS = (
    "revenue_window",
    "revenue_previous",
    "profit_window",
    "margin_pct",
    "order_days",
    "first_order",
    "last_order",
)


def feature_table(
    orders: Frame,
    customers: Frame | None = None,
    payments: Frame | None = None,
    interactions: Frame | None = None,
    promises: Frame | None = None,
    *,
    as_of: dt.date,
    policy: Policy,
) -> pl.LazyFrame:
    """One row per customer known as of ``as_of`` with every fact the dimensions use.

    A customer is known when it has an order line or a customer record dated on or before
    ``as_of``; one that only appears in the future is left out.
    """
    lines = order_lines(orders, as_of)
    sales = sales_features(lines, as_of, policy)
    rhythm = rhythm_features(purchase_days(lines))
    master = customer_facts(customers).filter(
        pl.col("first_seen").is_null() | (pl.col("first_seen") <= as_of)
    )
    ids = pl.concat([master.select("customer_id"), sales.select("customer_id")]).unique()
    frame = ids.join(master, on="customer_id", how="left")
    for part in (
        sales,
        rhythm,
        dominant(lines, "currency"),
        dominant(lines, "country"),
        interaction_features(interactions, as_of, policy) if interactions is not None else None,
        payment_features(payments, as_of, policy) if payments is not None else None,
        promise_features(promises, as_of) if promises is not None else None,
    ):
        if part is not None:
            frame = frame.join(part, on="customer_id", how="left")
    names = frame.collect_schema().names()
    optional = {
        "contacts_recent": pl.UInt32,
        "last_contact": pl.Date,
        "price_disputes": pl.UInt32,
        "terms_kept": pl.UInt32,
        "terms_lost": pl.UInt32,
        "open_complaints": pl.UInt32,
        "days_late": pl.Float64,
        "overdue_amount": pl.Float64,
        "payments_due": pl.UInt32,
        "broken_promises": pl.UInt32,
    }
    return frame.with_columns(
        [pl.lit(None, dtype=dtype).alias(c) for c, dtype in optional.items() if c not in names]
    )


def dimensions(policy: Policy, as_of: dt.date) -> list[Dimension]:
    """The eleven dimensions of domain.md §1, in :data:`DIMENSIONS` order."""
    found = [
        ords.profit(policy),
        ords.volume(policy),
        ords.loyalty(policy, as_of),
        ords.growth(policy, as_of),
        ctx.relationship(policy),
        ctx.payment_risk(policy),
        ctx.market_trend(),
        ctx.lifespan_risk(),
        ctx.policy_risk(policy),
        ctx.currency_risk(policy),
        ctx.delivery_sensitivity(),
    ]
    assert tuple(d.name for d in found) == DIMENSIONS
    return found


def score_customers(
    orders: Frame,
    customers: Frame | None = None,
    payments: Frame | None = None,
    interactions: Frame | None = None,
    promises: Frame | None = None,
    *,
    as_of: dt.date,
    policy: Policy,
) -> pl.DataFrame:
    """Evaluate every customer on every dimension as of a date, then grade and treat it.

    Parameters
    ----------
    orders
        Order lines (:data:`laoke.core.schema.ORDER_LINE_SCHEMA`); lines after ``as_of`` are ignored.
    customers, payments, interactions, promises
        Optional frames of the canonical schemas. A dimension fed by a missing frame is unknown.
    as_of
        The evaluation date; nothing dated later is used.
    policy
        Weights, thresholds, grades and treatments (:class:`~laoke.core.scorecard.policy.Policy`).

    Returns
    -------
    polars.DataFrame
        One row per customer sorted by ``customer_id``: ``as_of``, ``total_score``, ``grade``,
        ``treatment_key/_en/_zh``; per dimension ``{d}_score``, ``{d}_level``,
        ``{d}_explanation`` (a list of messages, :mod:`laoke.core.messages`);
        ``profit_margin_score``, ``profit_total_score``; the facts of :data:`FACT_COLUMNS`;
        ``hints`` (messages ``scorecard.hint.*``) and ``top_reasons`` (dimension codes, strongest
        first).
    """
    features = feature_table(orders, customers, payments, interactions, promises, as_of=as_of, policy=policy)
    dims = dimensions(policy, as_of)
    per_dimension: list[pl.Expr] = []
    for dim in dims:
        per_dimension += [
            dim.score.cast(pl.Float64).round(SCORE_DECIMALS).alias(score_column(dim.name)),
            dim.explanation.alias(f"{dim.name}_explanation"),
            *dim.extra,
        ]
        if dim.offered is not None:
            per_dimension.append(dim.offered.alias(offered_column(dim.name)))
    scored = features.select(
        "customer_id", *per_dimension, *[c for c in FACT_COLUMNS if c not in {"profit_window", "margin_pct"}]
    )
    scored = scored.with_columns(
        [level_expr(pl.col(score_column(d)), policy).alias(f"{d}_level") for d in DIMENSIONS]
    ).with_columns(total_expr(policy).round(SCORE_DECIMALS))
    # Only customers who have bought are graded (三六九等 of existing customers); prospects are not.
    scored = scored.with_columns(
        pl.when(pl.col("order_days") > 0).then(grade_expr(pl.col("total_score"), policy)).alias("grade")
    )
    scored = scored.with_columns(*treatment_exprs(policy), *hint_exprs(policy))
    scored = scored.join(top_reasons(scored, policy), on="customer_id", how="left")
    columns = ["customer_id", "total_score", "grade", "treatment_key", "treatment_en", "treatment_zh"]
    for d in DIMENSIONS:
        columns += [score_column(d), f"{d}_level", f"{d}_explanation"]
    columns += ["profit_margin_score", "profit_total_score", *FACT_COLUMNS]
    columns += ["hints", "top_reasons"]
    return scored.select(pl.lit(as_of).alias("as_of"), *columns).sort("customer_id").collect()
