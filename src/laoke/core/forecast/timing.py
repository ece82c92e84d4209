"""When in the horizon the next order comes: BG/NBD's wait on a seasonal clock.

BG/NBD gives each live customer a Poisson rate that does not change with the calendar, so its
wait to the next order ignores the months the book is busy in. Here the wait runs on
*operational time*: each calendar month of the horizon counts as many "days" as the book's
relative intensity in that month (1 on average over a year; repeat order days per day of each
calendar month, the book's growth or ageing taken out). BG/NBD's quantile of the wait given an
order in the horizon is computed in operational time and mapped back to calendar days; with a
flat profile (under 13 months of history) it is BG/NBD's wait exactly.

:class:`WaitCalibration` then maps a stated quantile to the one that held at the book's past
cut-offs, per group of customers (number of orders, silence against their own rhythm).

Pure: no clock, ``as_of`` is passed in.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import numpy.typing as npt
import polars as pl

FloatArray = npt.NDArray[np.float64]

#: Fewest complete calendar months of history for the book's monthly profile (else flat).
MIN_PROFILE_MONTHS = 13
_WEEK = 7.0


def _month_index(day: dt.date) -> int:
    return day.year * 12 + day.month - 1


def month_segments(as_of: dt.date, horizon_days: float) -> tuple[FloatArray, npt.NDArray[np.int64]]:
    """The horizon cut at month boundaries: each piece's length in days and calendar month (0-11)."""
    lengths: list[float] = []
    months: list[int] = []
    day, end = as_of, as_of + dt.timedelta(days=int(np.ceil(horizon_days)))
    while day < end:
        following = dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)
        stop = min(following, end)
        lengths.append(float((stop - day).days))
        months.append(day.month - 1)
        day = stop
    return np.asarray(lengths, dtype=np.float64), np.asarray(months, dtype=np.int64)


def _repeat_days(days: pl.DataFrame) -> pl.DataFrame:
    """Order days after each customer's first (the first is when it was won, not a season)."""
    return days.select("customer_id", "order_date").filter(
        pl.col("order_date") > pl.col("order_date").min().over("customer_id")
    )


def book_profile(days: pl.DataFrame, *, as_of: dt.date) -> FloatArray:
    """The book's relative intensity per calendar month (mean 1), flat without a year of history.

    Repeat order days per complete calendar month before ``as_of`` are fitted as
    ``log(count) = a + b * month + effect[calendar month]`` (least squares, the book's growth or
    ageing taken out as a straight trend); the profile is ``exp(effect)`` scaled to mean 1.
    """
    flat = np.ones(12)
    repeat = _repeat_days(days.filter(pl.col("order_date") < as_of))
    if not repeat.height:
        return flat
    monthly = (
        repeat.group_by(pl.col("order_date").dt.year().alias("y"), pl.col("order_date").dt.month().alias("m"))
        .len()
        .with_columns((pl.col("y").cast(pl.Int64) * 12 + pl.col("m").cast(pl.Int64) - 1).alias("i"))
    )
    first = _month_index(days["order_date"].min())  # type: ignore[arg-type]
    last = _month_index(as_of)  # the month of as_of is not complete
    index = np.arange(first + 1, last)  # the first month may be partial too
    if index.size < MIN_PROFILE_MONTHS:
        return flat
    counts = dict(zip(monthly["i"].to_list(), monthly["len"].to_list(), strict=True))
    # Per day of the month (February is not a quiet month for being short).
    length = np.array(
        [(dt.date((i + 1) // 12, (i + 1) % 12 + 1, 1) - dt.date(i // 12, i % 12 + 1, 1)).days for i in index]
    )
    y = np.array([counts.get(int(i), 0) for i in index], dtype=np.float64) / length
    if (y <= 0).any():
        return flat
    t = (index - index.mean()) / 12.0
    x = np.zeros((index.size, 13))
    x[:, 0] = t
    x[np.arange(index.size), 1 + index % 12] = 1.0
    coef, *_ = np.linalg.lstsq(x, np.log(y), rcond=None)
    effect = coef[1:] - coef[1:].mean()
    profile = np.exp(effect)
    return np.asarray(profile / profile.mean())


def _seasonal_clock(
    profile: FloatArray, as_of: dt.date, horizon_days: float
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """The horizon's month segments as a seasonal clock: their lengths (days), each segment's
    intensity per customer (or one row for all), and the operational time elapsed at each
    segment's edges (a leading zero column)."""
    lengths, months = month_segments(as_of, horizon_days)
    weights = np.atleast_2d(profile)[:, months]  # (n or 1, segments)
    cumulative = np.hstack([np.zeros((weights.shape[0], 1)), np.cumsum(weights * lengths, axis=1)])
    return lengths, weights, cumulative


def seasonal_wait(
    quantile: float | FloatArray,
    horizon_days: float,
    *,
    shape: FloatArray,
    base_weeks: FloatArray,
    profile: FloatArray,
    as_of: dt.date,
) -> FloatArray:
    """Days to the ``quantile`` of the next order, given one in the horizon, on a seasonal clock.

    ``shape`` and ``base_weeks`` are the Lomax wait's parameters (BG/NBD: ``r + x`` and
    ``alpha + T``); ``profile`` is ``(12,)`` or one row of 12 per customer (relative intensity
    per calendar month). The quantile is taken in operational time (each day weighted by its
    month's intensity) and mapped back to calendar days.
    """
    lengths, weights, cumulative = _seasonal_clock(profile, as_of, horizon_days)
    total = cumulative[:, -1]
    shape = np.asarray(shape, dtype=np.float64)
    base = np.asarray(base_weeks, dtype=np.float64)
    within = 1.0 - (base / (base + total / _WEEK)) ** shape
    # An order certain within the horizon at the last quantile (``quantile * within`` = 1, as
    # ``shape`` grows) gives 0 to a negative power: infinity, capped at the horizon just below.
    with np.errstate(divide="ignore"):
        left = (1.0 - np.asarray(quantile, dtype=np.float64) * within) ** (-1.0 / shape)
    target = np.minimum(base * (left - 1.0) * _WEEK, total)
    # The segment each target falls in, then linear within it.
    cumulative = np.broadcast_to(cumulative, (len(target), cumulative.shape[1]))
    weights = np.broadcast_to(weights, (len(target), weights.shape[1]))
    k = np.clip((cumulative[:, 1:] < target[:, None]).sum(axis=1), 0, len(lengths) - 1)
    rows_at = np.arange(len(target))
    before = np.concatenate([[0.0], np.cumsum(lengths)])[k]
    into = (target - cumulative[rows_at, k]) / np.maximum(weights[rows_at, k], 1e-12)
    return np.asarray(np.minimum(before + np.minimum(into, lengths[k]), horizon_days))


def seasonal_share(
    days_ahead: FloatArray,
    horizon_days: float,
    *,
    shape: FloatArray,
    base_weeks: FloatArray,
    profile: FloatArray,
    as_of: dt.date,
) -> FloatArray:
    """The inverse of :func:`seasonal_wait`: P(wait <= ``days_ahead`` | an order in the horizon)."""
    lengths, weights, cumulative = _seasonal_clock(profile, as_of, horizon_days)
    edges = np.concatenate([[0.0], np.cumsum(lengths)])
    s = np.clip(np.asarray(days_ahead, dtype=np.float64), 0.0, edges[-1])
    k = np.clip(np.searchsorted(edges, s, side="right") - 1, 0, len(lengths) - 1)
    cumulative = np.broadcast_to(cumulative, (len(s), cumulative.shape[1]))
    weights = np.broadcast_to(weights, (len(s), weights.shape[1]))
    rows_at = np.arange(len(s))
    operational = cumulative[rows_at, k] + (s - edges[k]) * weights[rows_at, k]
    shape = np.asarray(shape, dtype=np.float64)
    base = np.asarray(base_weeks, dtype=np.float64)
    within = 1.0 - (base / (base + cumulative[:, -1] / _WEEK)) ** shape
    upto = 1.0 - (base / (base + operational / _WEEK)) ** shape
    return np.asarray(np.clip(upto / np.maximum(within, 1e-300), 0.0, 1.0))


#: Order-count and silence-to-rhythm bins that group customers for the calibration of the wait.
ORDER_BINS = (1.5, 2.5, 4.5, 9.5)
DUE_BINS = (0.5, 1.0, 2.0)
#: Prior weight (customers) of the uncalibrated wait in each group's calibration.
GROUP_PRIOR = 50.0
#: Levels at which each group's calibration is stored (interpolated between).
_LEVELS = np.linspace(0.0, 1.0, 21)


def timing_groups(n: FloatArray, recency_days: FloatArray, mean_gap: FloatArray) -> npt.NDArray[np.int64]:
    """Group of each customer: its number of order days, and its silence against its own rhythm."""
    due = np.asarray(recency_days, dtype=np.float64) / np.maximum(np.asarray(mean_gap, dtype=np.float64), 1.0)
    return np.asarray(
        np.digitize(n, ORDER_BINS) * (len(DUE_BINS) + 1) + np.digitize(due, DUE_BINS), dtype=np.int64
    )


class WaitCalibration:
    """Where in the horizon the book's customers really ordered, against the wait's own quantiles.

    Built from the book's past cut-offs: for every customer who ordered in a past horizon, the
    share ``u`` of the seasonal wait (:func:`seasonal_share`) at its first order. A calibrated
    wait gives ``u`` uniform; each group's (:func:`timing_groups`) empirical quantiles of ``u``,
    pulled toward the uniform with ``GROUP_PRIOR`` customers of weight, map a stated quantile to
    the wait's quantile that held it in the past.
    """

    def __init__(self, shares: FloatArray, groups: npt.NDArray[np.int64]) -> None:
        size = (len(ORDER_BINS) + 1) * (len(DUE_BINS) + 1)
        self.table = np.tile(_LEVELS, (size, 1))
        self.counts = np.zeros(size)
        for g in range(size):
            u = shares[groups == g]
            if not u.size:
                continue
            w = u.size / (u.size + GROUP_PRIOR)
            seen = np.quantile(u, _LEVELS)
            seen[0], seen[-1] = 0.0, 1.0
            self.table[g] = w * seen + (1.0 - w) * _LEVELS
            self.counts[g] = u.size

    def level(self, quantile: float, groups: npt.NDArray[np.int64]) -> FloatArray:
        """The wait's quantile to state for ``quantile``, per customer."""
        per_group = np.array([np.interp(quantile, _LEVELS, row) for row in self.table])
        return np.asarray(np.clip(per_group[groups], 1e-6, 1.0 - 1e-6))


#: Levels at which the timing model's conditional distribution is read for :func:`agree_with_chances`.
SHAPE_LEVELS = np.linspace(0.0, 1.0, 51)


def conditional_share(
    days: FloatArray, shape_days: FloatArray, levels: FloatArray = SHAPE_LEVELS
) -> FloatArray:
    """Per customer, the timing model's P(first order <= ``days`` | an order in the horizon).

    ``shape_days`` is ``(n, len(levels))``: the model's quantile days at ``levels`` (increasing in
    each row); ``days`` is ``(n,)``. Linear between the levels.
    """
    d = np.asarray(shape_days, dtype=np.float64)
    t = np.asarray(days, dtype=np.float64)[:, None]
    k = np.clip((d <= t).sum(axis=1), 1, d.shape[1] - 1)  # d[k-1] <= t < d[k] where it can
    rows = np.arange(d.shape[0])
    lo, hi = d[rows, k - 1], d[rows, k]
    frac = np.where(hi > lo, np.clip((t[:, 0] - lo) / np.maximum(hi - lo, 1e-12), 0.0, 1.0), 1.0)
    share = levels[k - 1] + frac * (levels[k] - levels[k - 1])
    share = np.where(t[:, 0] < d[:, 0], 0.0, share)
    return np.asarray(np.where(t[:, 0] >= d[:, -1], 1.0, share))


def agree_with_chances(
    quantile: float,
    shape_days: FloatArray,
    grid: FloatArray,
    chance_share: FloatArray,
    levels: FloatArray = SHAPE_LEVELS,
) -> FloatArray:
    """Days to the ``quantile`` of the first order, moved so that it agrees with the stated chances.

    The stated chances ``F(t)`` give the first order's date, given one in the horizon ``H``, the
    distribution ``F(t) / F(H)``: ``chance_share`` is ``(n, len(grid))``, that share at the days
    ``grid`` (increasing, the last one ``H``). Between two grid days the timing model's shape
    (``shape_days``, its quantile days at ``levels``: the seasonal clock or the customer's season)
    places the mass the chances give that stretch, so the result's cumulative share at every grid
    day is the chances' own; where the timing model puts nothing in a stretch that the chances
    give mass to, the mass is spread evenly over it.
    """
    d = np.asarray(shape_days, dtype=np.float64)
    n = d.shape[0]
    edges = np.concatenate([[0.0], np.asarray(grid, dtype=np.float64)])
    g = np.hstack([np.zeros((n, 1)), np.clip(np.asarray(chance_share, dtype=np.float64), 0.0, 1.0)])
    g = np.maximum.accumulate(g, axis=1)
    g[:, -1] = 1.0
    shares = np.column_stack([conditional_share(np.full(n, e), d, levels) for e in edges])
    shares[:, 0], shares[:, -1] = 0.0, 1.0
    q = float(np.clip(quantile, 0.0, 1.0))
    # The stretch of the grid holding q: g[k] <= q < g[k+1] (the last stretch for q = 1).
    k = np.clip((g[:, 1:] <= q).sum(axis=1), 0, len(edges) - 2)
    rows = np.arange(n)
    g0, g1 = g[rows, k], g[rows, k + 1]
    r = np.where(g1 > g0, np.clip((q - g0) / np.maximum(g1 - g0, 1e-12), 0.0, 1.0), 0.0)
    s0, s1 = shares[rows, k], shares[rows, k + 1]
    even = edges[k] + r * (edges[k + 1] - edges[k])
    s = s0 + r * (s1 - s0)
    # The timing model's day at share s: linear between its levels.
    j = np.clip((levels[None, :] < s[:, None]).sum(axis=1), 1, len(levels) - 1)
    l0, l1 = levels[j - 1], levels[j]
    at = d[rows, j - 1] + (s - l0) / (l1 - l0) * (d[rows, j] - d[rows, j - 1])
    at = np.clip(at, edges[k], edges[k + 1])
    return np.asarray(np.where(s1 - s0 > 1e-9, at, even))
