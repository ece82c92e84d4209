"""Per-customer features at a cutoff: rhythm, recency, trend, season and value.

All windows are measured in days and end strictly before the cutoff, so a feature frame at
cutoff ``c`` only ever sees transactions dated before ``c``.
"""

from __future__ import annotations

import datetime as dt

import polars as pl

from laoke.core.forecast.transactions import MONEY_SCALE, exact_sum

_DAY = dt.timedelta(days=1)


def with_gaps(days: pl.DataFrame) -> pl.DataFrame:
    """Sort customer-days and add each one's ``gap`` (days since the customer's previous) and its log.

    A gap only looks back, so it is the same at every cutoff after the day: computing it once
    lets :func:`customer_features` skip the sort and the per-customer difference at each of the
    many cutoffs a forecast replays.
    """
    return (
        days.lazy()
        .sort("customer_id", "order_date")
        .with_columns(
            pl.col("order_date").diff().over("customer_id").dt.total_days().cast(pl.Float64).alias("gap")
        )
        .with_columns(pl.col("gap").log().alias("log_gap"))
        .collect()
    )


def customer_features(days: pl.DataFrame, *, cutoff: dt.date, horizon_days: int) -> pl.DataFrame:
    """Describe every customer with at least one transaction before ``cutoff``.

    Parameters
    ----------
    days : pl.DataFrame
        Customer-day transactions (``customer_id``, ``order_date``, ``amount``); rows on or
        after ``cutoff`` are ignored. Output of :func:`with_gaps` is used as it is (faster
        when called at many cutoffs).
    cutoff : datetime.date
        The first day of the forecast horizon (the ``as_of`` date).
    horizon_days : int
        The horizon length, used for the seasonal window (the same calendar days a year earlier).

    Returns
    -------
    pl.DataFrame
        One row per customer, sorted by ``customer_id``: ``n`` (transactions), ``first_date``,
        ``last_date``, ``recency_days`` (cutoff - last), ``tenure_days`` (cutoff - first),
        ``monetary`` (mean transaction value), ``gap_count``, ``gap_sum``, ``log_gap_mean``,
        ``log_gap_ss`` (sum of squared deviations of log gaps), ``n_30``, ``n_90``, ``n_180``, ``n_prev_180``,
        ``n_365``, ``n_season`` (transactions in ``[cutoff - 365, cutoff - 365 + horizon)``) and
        ``book_season_share`` (the book's share of last year's transactions in that window,
        null when the book has less than a year of history).
    """
    if "log_gap" not in days.columns:
        days = with_gaps(days)
    past = days.lazy().filter(pl.col("order_date") < cutoff)
    c = pl.lit(cutoff)
    season_start = cutoff - dt.timedelta(days=365)
    season_end = min(season_start + dt.timedelta(days=horizon_days), cutoff)

    def within(start_days_ago: int, end_days_ago: int = 0) -> pl.Expr:
        lo = cutoff - dt.timedelta(days=start_days_ago)
        hi = cutoff - dt.timedelta(days=end_days_ago)
        return ((pl.col("order_date") >= lo) & (pl.col("order_date") < hi)).sum().cast(pl.Float64)

    frame = (
        past.group_by("customer_id")
        .agg(
            pl.len().cast(pl.Float64).alias("n"),
            pl.col("order_date").min().alias("first_date"),
            pl.col("order_date").max().alias("last_date"),
            (exact_sum(pl.col("amount"), MONEY_SCALE) / pl.len()).alias("monetary"),
            pl.col("gap").count().cast(pl.Float64).alias("gap_count"),
            pl.col("gap").sum().alias("gap_sum"),
            exact_sum(pl.col("log_gap")).alias("log_gap_total"),
            # Sum of squared deviations from sums (a per-group mean inside the aggregation
            # costs a window pass at each of the many cutoffs).
            exact_sum(pl.col("log_gap") ** 2).alias("log_gap_sq"),
            within(30).alias("n_30"),
            within(90).alias("n_90"),
            within(180).alias("n_180"),
            within(360, 180).alias("n_prev_180"),
            within(365).alias("n_365"),
            ((pl.col("order_date") >= season_start) & (pl.col("order_date") < season_end))
            .sum()
            .cast(pl.Float64)
            .alias("n_season"),
        )
        .with_columns(
            (c - pl.col("last_date")).dt.total_days().cast(pl.Float64).alias("recency_days"),
            (c - pl.col("first_date")).dt.total_days().cast(pl.Float64).alias("tenure_days"),
            pl.when(pl.col("gap_count") > 0)
            .then(pl.col("log_gap_total") / pl.col("gap_count"))
            .otherwise(0.0)
            .alias("log_gap_mean"),
        )
        .with_columns(
            (pl.col("log_gap_sq") - pl.col("gap_count") * pl.col("log_gap_mean") ** 2)
            .clip(lower_bound=0.0)
            .alias("log_gap_ss"),
        )
        .drop("log_gap_total", "log_gap_sq")
        .sort("customer_id")
        .collect()
    )
    return frame.with_columns(
        pl.lit(_book_season_share(days, cutoff=cutoff, horizon_days=horizon_days))
        .cast(pl.Float64)
        .alias("book_season_share")
    )


def _book_season_share(days: pl.DataFrame, *, cutoff: dt.date, horizon_days: int) -> float | None:
    """Share of the book's last-year transactions that fell in the coming window's calendar days."""
    year_ago = cutoff - dt.timedelta(days=365)
    history_start = days["order_date"].min()
    if history_start is None or not isinstance(history_start, dt.date) or history_start > year_ago:
        return None
    dates = days["order_date"]
    year = dates.filter((dates >= year_ago) & (dates < cutoff)).len()
    if year == 0:
        return None
    window_end = min(year_ago + dt.timedelta(days=horizon_days), cutoff)
    in_window = dates.filter((dates >= year_ago) & (dates < window_end)).len()
    return in_window / year
