"""Seasonal buyers: customers whose orders come back in the same months every year.

A customer is seasonal when it ordered in at least ``MIN_YEARS`` yearly occurrences of its span
(so December and the next January are one season, not two years) and at least
``MIN_SHARE`` of its order days fall in one three-month span of the calendar (the span with the
most, as :func:`laoke.core.cadence.rules.seasonal_peak_month` finds it for the sample calendar).
Its next order is then expected in the next occurrence of that span that it has not ordered in
yet, between the earliest and the latest day on which an occurrence's first order fell, around
the median of those days. A book-wide model (BG/NBD's wait) would place a customer that orders
every January anywhere in the coming months.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import polars as pl

FloatArray = npt.NDArray[np.float64]

#: Fewest calendar years with an order for a customer to count as seasonal.
MIN_YEARS = 2
#: Least share of the customer's order days in its three-month span.
MIN_SHARE = 0.75
#: Months in a season span.
SPAN_MONTHS = 3


@dataclass(frozen=True)
class SeasonalTiming:
    """Per customer (aligned with the design): days from ``as_of`` to the season's first, median
    and last expected order day, ``nan`` where the customer is not seasonal."""

    start: FloatArray
    median: FloatArray
    end: FloatArray

    def days_to_next(self, quantile: float, horizon_days: float) -> FloatArray:
        """The ``quantile`` of the next order (days from ``as_of``) for seasonal customers whose
        season starts within the horizon, ``nan`` for the others.

        The 10 % point is the season's first day, the median its median day, the 90 % point its
        last day, linearly in between (and flat beyond), clipped to the horizon.
        """
        q = float(np.clip(quantile, 0.1, 0.9))
        if q <= 0.5:
            days = self.start + (q - 0.1) / 0.4 * (self.median - self.start)
        else:
            days = self.median + (q - 0.5) / 0.4 * (self.end - self.median)
        inside = self.start < horizon_days
        return np.asarray(np.where(inside, np.minimum(days, horizon_days - 1.0), np.nan))


def seasonal_timing(days: pl.DataFrame, customer_id: pl.Series, *, as_of: dt.date) -> SeasonalTiming:
    """Find the seasonal customers among ``customer_id`` and time their next season.

    Parameters
    ----------
    days : pl.DataFrame
        One row per customer and order day (``customer_id``, ``order_date``), all before ``as_of``.
    customer_id : pl.Series
        The customers to answer for, in this order.
    as_of : datetime.date
        The forecast date.
    """
    n = len(customer_id)
    empty = np.full(n, np.nan)
    if not n or not days.height:
        return SeasonalTiming(empty, empty.copy(), empty.copy())
    d = days.select("customer_id", "order_date").with_columns(
        pl.col("order_date").dt.month().cast(pl.Int32).alias("month"),
        pl.col("order_date").dt.year().cast(pl.Int32).alias("year"),
    )
    # Order days per customer and calendar month, then the best three-month span (wrapping).
    counts = d.group_by("customer_id", "month").len()
    index = pl.DataFrame({"customer_id": customer_id, "row": np.arange(n)})
    counts = counts.join(index, on="customer_id", how="inner")
    months = np.zeros((n, 12))
    months[counts["row"].to_numpy(), counts["month"].to_numpy() - 1] = counts["len"].to_numpy()
    spans = np.sum([np.roll(months, -k, axis=1) for k in range(SPAN_MONTHS)], axis=0)
    peak = np.argmax(spans, axis=1) + 1  # first month of the span, 1..12
    total = months.sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(total > 0, spans.max(axis=1) / total, 0.0)
    years = (
        index.join(
            d.group_by("customer_id").agg(pl.col("year").n_unique().alias("years")),
            on="customer_id",
            how="left",
        )["years"]
        .fill_null(0)
        .to_numpy()
    )
    seasonal = (share >= MIN_SHARE) & (years >= MIN_YEARS)
    if not seasonal.any():
        return SeasonalTiming(empty, empty.copy(), empty.copy())
    # Each in-span order as days after the first day of its season occurrence.
    peaks = pl.DataFrame({"customer_id": customer_id.filter(pl.Series(seasonal)), "peak": peak[seasonal]})
    orders = (
        d.join(peaks.with_columns(pl.col("peak").cast(pl.Int32)), on="customer_id", how="inner")
        .with_columns(((pl.col("month") - pl.col("peak")) % 12).alias("k"))
        .filter(pl.col("k") < SPAN_MONTHS)
        .with_columns(
            pl.date(
                pl.col("year") - (pl.col("month") < pl.col("peak")).cast(pl.Int32), pl.col("peak"), 1
            ).alias("season")
        )
        .with_columns((pl.col("order_date") - pl.col("season")).dt.total_days().alias("offset"))
    )
    # The forecast dates the first order of the next occurrence: each occurrence counts by its
    # first order (a January buyer's small top-up in March does not pull its date to February).
    stats = (
        orders.group_by("customer_id", "season")
        .agg(pl.col("offset").min())
        .group_by("customer_id")
        .agg(
            pl.col("offset").min().alias("first"),
            pl.col("offset").median().alias("mid"),
            pl.col("offset").max().alias("last"),
            pl.col("season").max().alias("latest"),
            pl.col("season").n_unique().alias("seasons"),
        )
        .filter(pl.col("seasons") >= MIN_YEARS)
    )
    table = index.join(stats, on="customer_id", how="left").join(peaks, on="customer_id", how="left")
    start, median, end = empty.copy(), empty.copy(), empty.copy()
    for row, first, mid, last, latest, month in (
        table.filter(pl.col("first").is_not_null())
        .select("row", "first", "mid", "last", "latest", "peak")
        .iter_rows()
    ):
        # The next occurrence of the season it has not ordered in yet and that is not over.
        for year in (as_of.year - 1, as_of.year, as_of.year + 1):
            season = dt.date(year, month, 1)
            if season > latest and (season - as_of).days + last >= 0:
                break
        else:
            continue
        offset = (season - as_of).days
        start[row] = max(offset + first, 0)
        end[row] = max(offset + last, start[row])
        median[row] = min(max(offset + mid, start[row]), end[row])
    return SeasonalTiming(start, median, end)
