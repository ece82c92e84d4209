"""Per-customer facts the dimensions are scored from, computed with vectorised group-bys.

Every function takes ``as_of`` and ignores anything dated after it, so a score "as of" a past
date is reproducible. Frames follow :mod:`laoke.core.schema`; optional columns may be absent.
"""

from __future__ import annotations

import datetime as dt

import polars as pl

from laoke.core.schema import (
    CUSTOMER_SCHEMA,
    INTERACTION_SCHEMA,
    ORDER_LINE_SCHEMA,
    PAYMENT_SCHEMA,
    PROMISE_SCHEMA,
    REQUIRED_ORDER_COLUMNS,
)
from laoke.core.scorecard.policy import Policy

#: Interaction kinds that count as a touch (contact) with the customer.
TOUCH_KINDS = ("email_out", "email_in", "call", "visit", "meeting", "sample_sent", "quotation")
#: Outcomes of a refused-terms test (the firm's "A/B test", 000) meaning the customer stayed / left.
TERMS_KEPT = ("stayed", "kept", "accepted", "continued")
TERMS_LOST = ("switched", "left", "lost", "churned")

Schema = dict[str, pl.DataType | type[pl.DataType]]


def conform(frame: pl.DataFrame | pl.LazyFrame | None, schema: Schema) -> pl.LazyFrame:
    """Return ``frame`` lazily with every column of ``schema`` present and cast (missing → null)."""
    if frame is None:
        return pl.LazyFrame(schema=schema)
    lf = frame.lazy()
    names = set(lf.collect_schema().names())
    return lf.with_columns(
        [pl.col(c).cast(t) if c in names else pl.lit(None, dtype=t).alias(c) for c, t in schema.items()]
    ).select(list(schema))


def months_before(as_of: dt.date, months: int) -> dt.date:
    """The same day ``months`` calendar months before ``as_of`` (clamped to the month's end)."""
    year, month = divmod(as_of.year * 12 + as_of.month - 1 - months, 12)
    month += 1
    last = (dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)).day
    return dt.date(year, month, min(as_of.day, last))


def order_lines(orders: pl.DataFrame | pl.LazyFrame, as_of: dt.date) -> pl.LazyFrame:
    """Canonical order lines dated on or before ``as_of`` with a customer and an amount."""
    names = set(orders.lazy().collect_schema().names())
    missing = [c for c in REQUIRED_ORDER_COLUMNS if c not in names]
    if missing:
        raise ValueError(f"order frame lacks required columns {missing}")
    return conform(orders, ORDER_LINE_SCHEMA).filter(
        (pl.col("order_date") <= as_of) & pl.col("customer_id").is_not_null() & pl.col("amount").is_not_null()
    )


def purchase_days(lines: pl.LazyFrame) -> pl.LazyFrame:
    """One row per customer and calendar day with a positive net amount (a purchase).

    A day whose lines net to zero or less (a cancellation, a credit note) is not a purchase.
    Sorted by customer and date, with ``gap_days`` since the customer's previous purchase.
    """
    return (
        lines.group_by("customer_id", "order_date")
        .agg(pl.col("amount").sum())
        .filter(pl.col("amount") > 0)
        .sort("customer_id", "order_date")
        .with_columns(
            pl.when(pl.col("customer_id") == pl.col("customer_id").shift(1))
            .then((pl.col("order_date") - pl.col("order_date").shift(1)).dt.total_days())
            .otherwise(None)
            .cast(pl.Float64)
            .alias("gap_days")
        )
    )


def rhythm_features(days: pl.LazyFrame) -> pl.LazyFrame:
    """Tenure and regularity facts per customer from its purchase days."""
    gap = pl.col("gap_days")
    return days.group_by("customer_id").agg(
        pl.len().alias("order_days"),
        pl.col("order_date").min().alias("first_order"),
        pl.col("order_date").max().alias("last_order"),
        pl.col("amount").first().alias("first_order_amount"),
        pl.col("amount").last().alias("last_order_amount"),
        gap.median().alias("median_gap_days"),
        (gap.std() / gap.mean()).alias("gap_cv"),
    )


def sales_features(lines: pl.LazyFrame, as_of: dt.date, policy: Policy) -> pl.LazyFrame:
    """Revenue, profit and trend facts per customer over the policy's window."""
    months = policy.thresholds.window_months
    start = months_before(as_of, months)
    previous = months_before(as_of, 2 * months)
    new_since = months_before(as_of, policy.thresholds.new_product_months)
    in_window = pl.col("order_date") > start
    in_previous = (pl.col("order_date") > previous) & ~in_window
    has_cost = pl.col("cost").is_not_null()
    first_sold = (
        lines.filter(pl.col("product").is_not_null())
        .group_by("product")
        .agg(pl.col("order_date").min().alias("product_first_sold"))
    )
    with_products = lines.join(first_sold, on="product", how="left")
    is_new = pl.col("product_first_sold") > new_since
    amount = pl.col("amount")
    return with_products.group_by("customer_id").agg(
        _money(amount.sum()).alias("revenue_total"),
        _money(amount.filter(in_window).sum()).alias("revenue_window"),
        _money(amount.filter(in_previous).sum()).alias("revenue_previous"),
        _money(amount.filter(in_window & has_cost).sum()).alias("costed_revenue_window"),
        _money(pl.col("cost").filter(in_window & has_cost).sum()).alias("cost_window"),
        (in_window & has_cost).sum().alias("costed_lines_window"),
        _money(amount.filter(in_window & pl.col("product").is_not_null()).sum()).alias(
            "known_product_revenue_window"
        ),
        _money(amount.filter(in_window & is_new).sum()).alias("new_product_revenue_window"),
    )


def _money(total: pl.Expr) -> pl.Expr:
    """A sum of amounts to the millionth: floating-point sums depend on the order the lines are
    added in, which a parallel group-by does not fix, so a customer whose returns cancel their
    purchases summed to 0.0 in one run and 1.1e-13 in the next, and counted as buying in the
    second (Online Retail II: 4,244 and 4,246 buying customers from the same book)."""
    return total.round(6)


def dominant(lines: pl.LazyFrame, column: str) -> pl.LazyFrame:
    """Per customer, the value of ``column`` carrying the largest absolute amount."""
    return (
        lines.filter(pl.col(column).is_not_null())
        .group_by("customer_id", column)
        .agg(pl.col("amount").abs().sum().alias("_weight"))
        .sort("customer_id", "_weight", column, descending=[False, True, False])
        .group_by("customer_id", maintain_order=True)
        .agg(pl.col(column).first().alias(f"order_{column}"))
    )


def interaction_features(
    interactions: pl.DataFrame | pl.LazyFrame, as_of: dt.date, policy: Policy
) -> pl.LazyFrame:
    """Contact frequency, disputes, terms tests and open complaints per customer."""
    t = policy.thresholds
    contact_since = as_of - dt.timedelta(days=t.contact_lookback_days)
    loyalty_since = months_before(as_of, t.loyalty_lookback_months)
    complaint_before = as_of - dt.timedelta(days=policy.lifecycle.complaint_open_days)
    kind, on, outcome = pl.col("kind"), pl.col("occurred_on"), pl.col("outcome").str.to_lowercase()
    touch = kind.is_in(TOUCH_KINDS)
    recent_loyalty = on > loyalty_since
    open_complaint = (
        (kind == "complaint")
        & (on < complaint_before)
        & (pl.col("resolved_on").is_null() | (pl.col("resolved_on") > as_of))
    )
    return (
        conform(interactions, INTERACTION_SCHEMA)
        .filter(pl.col("customer_id").is_not_null() & (on <= as_of))
        .group_by("customer_id")
        .agg(
            (touch & (on > contact_since)).sum().alias("contacts_recent"),
            on.filter(touch).max().alias("last_contact"),
            ((kind == "price_dispute") & recent_loyalty).sum().alias("price_disputes"),
            ((kind == "terms_test") & recent_loyalty & outcome.is_in(TERMS_KEPT)).sum().alias("terms_kept"),
            ((kind == "terms_test") & recent_loyalty & outcome.is_in(TERMS_LOST)).sum().alias("terms_lost"),
            open_complaint.sum().alias("open_complaints"),
        )
    )


def payment_features(payments: pl.DataFrame | pl.LazyFrame, as_of: dt.date, policy: Policy) -> pl.LazyFrame:
    """Amount-weighted days late and the overdue amount per customer as of ``as_of``."""
    since = months_before(as_of, policy.thresholds.payment_lookback_months)
    paid = pl.col("paid_date").is_not_null() & (pl.col("paid_date") <= as_of)
    settled_on = pl.when(paid).then(pl.col("paid_date")).otherwise(pl.lit(as_of))
    late = (settled_on - pl.col("due_date")).dt.total_days().clip(lower_bound=0).cast(pl.Float64)
    weight = pl.col("amount").abs()
    return (
        conform(payments, PAYMENT_SCHEMA)
        .filter(
            pl.col("customer_id").is_not_null()
            & pl.col("due_date").is_not_null()
            & (pl.col("due_date") <= as_of)
            & ((pl.col("due_date") > since) | ~paid)
        )
        .group_by("customer_id")
        .agg(
            # Amount-weighted; a plain mean when every amount is zero.
            pl.when(weight.sum() > 0)
            .then((late * weight).sum() / weight.sum())
            .otherwise(late.mean())
            .alias("days_late"),
            pl.col("amount").filter(~paid).sum().alias("overdue_amount"),
            pl.len().alias("payments_due"),
        )
    )


def promise_features(promises: pl.DataFrame | pl.LazyFrame, as_of: dt.date) -> pl.LazyFrame:
    """Promises or rebates broken or overdue as of ``as_of`` (003 reason 2)."""
    # An open promise (kept is null) past its due date counts as broken.
    kept = pl.col("kept").fill_null(False)
    kept_by_then = kept & (pl.col("kept_on").is_null() | (pl.col("kept_on") <= as_of))
    return (
        conform(promises, PROMISE_SCHEMA)
        .filter(pl.col("due_date") < as_of)
        .group_by("customer_id")
        .agg((~kept_by_then).sum().alias("broken_promises"))
    )


def customer_facts(customers: pl.DataFrame | pl.LazyFrame | None) -> pl.LazyFrame:
    """The customer master, conformed (one row per customer id)."""
    return conform(customers, CUSTOMER_SCHEMA).unique("customer_id", keep="first", maintain_order=True)
