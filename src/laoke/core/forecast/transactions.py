"""Turn order lines into transactions (distinct customer-days) and per-customer summaries."""

from __future__ import annotations

import datetime as dt

import polars as pl

#: Resolution of order-independent sums of money (cents) and of other real values.
MONEY_SCALE = 100.0
VALUE_SCALE = 1e9


def exact_sum(expr: pl.Expr, scale: float = VALUE_SCALE) -> pl.Expr:
    """The sum of ``expr``, independent of row order and threading.

    Floating-point addition is not associative, and Polars adds a group's values in whatever
    order its threads meet them, so the same data can give sums that differ in the last bit;
    a tree split on such a value then flips now and then, and the same book gives a different
    forecast. Summing integers at ``1 / scale`` resolution is exact in any order.
    """
    return (expr * scale).round().cast(pl.Int64).sum() / scale


def customer_days(orders: pl.DataFrame, *, before: dt.date | None = None) -> pl.DataFrame:
    """Collapse order lines into one transaction per customer and calendar day.

    Parameters
    ----------
    orders : pl.DataFrame
        Order lines with at least ``customer_id``, ``order_date`` (``pl.Date``) and ``amount``.
    before : datetime.date, optional
        Keep only lines dated strictly before this day (the cutoff / ``as_of``).

    Returns
    -------
    pl.DataFrame
        ``customer_id``, ``order_date``, ``amount`` (the day's total), sorted by customer and date.
    """
    frame = orders.lazy().select(
        pl.col("customer_id").cast(pl.String),
        pl.col("order_date").cast(pl.Date),
        pl.col("amount").cast(pl.Float64).fill_null(0.0) if "amount" in orders.columns else pl.lit(0.0),
    )
    frame = frame.filter(pl.col("customer_id").is_not_null() & pl.col("order_date").is_not_null())
    if before is not None:
        frame = frame.filter(pl.col("order_date") < before)
    return (
        frame.group_by("customer_id", "order_date")
        .agg(exact_sum(pl.col("amount"), MONEY_SCALE).alias("amount"))
        .sort("customer_id", "order_date")
        .collect()
    )


def count_in_window(days: pl.DataFrame, *, start: dt.date, end: dt.date) -> pl.DataFrame:
    """Count each customer's transactions in ``[start, end)``.

    Returns
    -------
    pl.DataFrame
        ``customer_id``, ``count`` (``pl.Int64``), ``first_date`` (first transaction in the window).
    """
    return (
        days.lazy()
        .filter((pl.col("order_date") >= start) & (pl.col("order_date") < end))
        .group_by("customer_id")
        .agg(pl.len().cast(pl.Int64).alias("count"), pl.col("order_date").min().alias("first_date"))
        .collect()
    )


def rfm_summary(days: pl.DataFrame, *, as_of: dt.date, unit_days: float = 7.0) -> pl.DataFrame:
    """Summarise customer-days as BTYD inputs.

    Parameters
    ----------
    days : pl.DataFrame
        Output of :func:`customer_days`, already restricted to dates before ``as_of``.
    as_of : datetime.date
        The first day after the calibration period. ``T`` is measured to the last calibration
        day (``as_of - 1 day``), as in Fader, Hardie & Lee (2005) and ``lifetimes``.
    unit_days : float
        Length of the time unit in days (7 = weeks).

    Returns
    -------
    pl.DataFrame
        ``customer_id``, ``frequency`` (repeat transactions), ``recency`` (first to last
        transaction), ``T`` (first transaction to end of calibration), ``monetary`` (mean
        transaction value), ``first_date``, ``last_date``.
    """
    end = as_of - dt.timedelta(days=1)
    return (
        days.lazy()
        .group_by("customer_id")
        .agg(
            (pl.len() - 1).cast(pl.Float64).alias("frequency"),
            pl.col("order_date").min().alias("first_date"),
            pl.col("order_date").max().alias("last_date"),
            pl.col("amount").mean().alias("monetary"),
        )
        .with_columns(
            ((pl.col("last_date") - pl.col("first_date")).dt.total_days() / unit_days).alias("recency"),
            ((pl.lit(end) - pl.col("first_date")).dt.total_days() / unit_days).alias("T"),
        )
        .sort("customer_id")
        .collect()
    )
