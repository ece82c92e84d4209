"""The design matrix of Laoke's forecaster: baseline forecasts plus rhythm, trend and season."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import polars as pl
from scipy import special

from laoke.core.forecast.bgnbd import BetaGeoModel
from laoke.core.forecast.rhythm import Rhythm, fit_rhythm

FloatArray = npt.NDArray[np.float64]

#: Feature names, in column order. Each has a reason code for a positive and a negative push.
FEATURES: tuple[tuple[str, str, str], ...] = (
    ("book_pattern", "book_pattern_high", "book_pattern_low"),
    ("rhythm_due", "due_by_rhythm", "not_due_yet"),
    ("orders", "many_orders", "few_orders"),
    ("recency", "recent_order", "long_silence"),
    ("overdue", "within_rhythm", "overdue"),
    ("tenure", "long_relationship", "new_customer"),
    ("orders_90d", "active_lately", "quiet_lately"),
    ("orders_365d", "active_this_year", "quiet_this_year"),
    ("trend", "growing", "declining"),
    ("season", "seasonal_peak", "off_season"),
    ("order_value", "large_orders", "small_orders"),
    ("regularity", "regular_rhythm", "irregular_rhythm"),
)

#: Prior weight (in transactions) of the book's seasonal share for a customer's own share.
SEASON_PRIOR = 3.0
_WEEK = 7.0


def _logit(p: FloatArray) -> FloatArray:
    return np.asarray(special.logit(np.clip(p, 1e-6, 1 - 1e-6)))


@dataclass
class Design:
    """Features of the customers at one cutoff, with the baseline forecasts they rest on."""

    customer_id: pl.Series
    matrix: FloatArray
    bgnbd: BetaGeoModel
    rhythm: Rhythm
    frequency: FloatArray
    recency_weeks: FloatArray
    t_weeks: FloatArray
    recency_days: FloatArray
    n: FloatArray
    gap_count: FloatArray
    monetary: FloatArray
    book_mean_gap: float

    def bgnbd_expected(self, horizon_days: float) -> FloatArray:
        """BG/NBD expected transactions in the horizon."""
        return self.bgnbd.expected_purchases(
            horizon_days / _WEEK, self.frequency, self.recency_weeks, self.t_weeks
        )

    def bgnbd_days_to_next(self, quantile: float, horizon_days: float) -> FloatArray:
        """BG/NBD's ``quantile`` of the wait (days) of a live customer, given a purchase in the horizon.

        With ``lambda | alive ~ Gamma(r + x, alpha + T)`` the wait is Lomax distributed:
        ``P(wait > s) = ((alpha + T) / (alpha + T + s)) ** (r + x)``.
        """
        bg = self.bgnbd
        shape = bg.r_ + self.frequency
        base = bg.alpha_ + self.t_weeks
        within = 1.0 - (base / (base + horizon_days / _WEEK)) ** shape
        survive = 1.0 - quantile * within
        return np.asarray(base * (survive ** (-1.0 / shape) - 1.0) * _WEEK)

    def bgnbd_probability(self, horizon_days: float) -> FloatArray:
        """BG/NBD P(any transaction in the horizon)."""
        return self.bgnbd.probability_any(
            horizon_days / _WEEK, self.frequency, self.recency_weeks, self.t_weeks
        )


def build_design(
    features: pl.DataFrame,
    *,
    cutoff: dt.date,
    horizon_days: int,
    bgnbd_start: npt.ArrayLike | None = None,
) -> Design:
    """Fit the baselines at ``cutoff`` and assemble the feature matrix (one row per customer).

    Parameters
    ----------
    features : pl.DataFrame
        Output of :func:`laoke.core.forecast.features.customer_features` at ``cutoff``.
    cutoff : datetime.date
        First day of the horizon.
    horizon_days : int
        Horizon length in days.
    bgnbd_start : array_like, optional
        BG/NBD parameters to start the fit from (see :meth:`BetaGeoModel.fit`).
    """
    col = {
        name: features[name].to_numpy().astype(np.float64)
        for name in (
            "n",
            "recency_days",
            "tenure_days",
            "monetary",
            "gap_count",
            "gap_sum",
            "log_gap_ss",
            "n_90",
            "n_180",
            "n_prev_180",
            "n_365",
            "n_season",
        )
    }
    n = col["n"]
    span_days = col["tenure_days"] - col["recency_days"]
    frequency = n - 1.0
    recency_weeks = span_days / _WEEK
    t_weeks = (col["tenure_days"] - 1.0) / _WEEK  # T runs to the last calibration day
    if features.height:
        bgnbd = BetaGeoModel().fit(frequency, recency_weeks, t_weeks, start=bgnbd_start)
    else:  # an empty book: any parameters will do, nothing is predicted
        bgnbd = BetaGeoModel().fit([0.0], [0.0], [1.0])
    p_bg = bgnbd.probability_any(horizon_days / _WEEK, frequency, recency_weeks, t_weeks)

    rhythm, book_mean_gap, _ = fit_rhythm(col["gap_count"], col["gap_sum"], col["log_gap_ss"])
    p_rhythm = rhythm.probability_within(col["recency_days"], float(horizon_days))

    # Trend only where the customer has been around for both half-years compared.
    mature = col["tenure_days"] >= 360
    trend = np.where(mature, np.log((col["n_180"] + 1.0) / (col["n_prev_180"] + 1.0)), 0.0)
    # Seasonal concentration: the customer's share of last year's orders in the coming window's
    # calendar days, pooled with the book's share, relative to the book's share.
    book_share = features["book_season_share"][0] if features.height else None
    if book_share is None or not np.isfinite(book_share) or book_share <= 0:
        season = np.zeros_like(n)
    else:
        has_year = col["tenure_days"] >= 365
        share = (col["n_season"] + SEASON_PRIOR * book_share) / (col["n_365"] + SEASON_PRIOR)
        season = np.where(has_year, np.log(share / book_share), 0.0)
    monetary = np.where(np.isfinite(col["monetary"]), col["monetary"], 0.0)

    matrix = np.column_stack(
        [
            _logit(p_bg),
            _logit(p_rhythm),
            np.log1p(n),
            np.log1p(col["recency_days"]),
            np.clip(np.log((col["recency_days"] + 1.0) / rhythm.mean_gap), -5.0, 5.0),
            np.log1p(col["tenure_days"]),
            np.log1p(col["n_90"]),
            np.log1p(col["n_365"]),
            trend,
            season,
            np.log1p(np.maximum(monetary, 0.0)),
            np.log(rhythm.shape),
        ]
    )
    return Design(
        customer_id=features["customer_id"],
        matrix=matrix,
        bgnbd=bgnbd,
        rhythm=rhythm,
        frequency=frequency,
        recency_weeks=recency_weeks,
        t_weeks=t_weeks,
        recency_days=col["recency_days"],
        n=n,
        gap_count=col["gap_count"],
        monetary=monetary,
        book_mean_gap=book_mean_gap,
    )
