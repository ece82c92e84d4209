"""Learning from the book's own past: training cutoffs and the stacked feature matrix.

At each past cutoff the same features are computed from the orders before it, and the outcome
is what happened in the following horizon. Stacking many cutoffs (every ``STEP_DAYS`` back)
gives the model many seasons, ages of the book and customer states to learn from.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import polars as pl
from scipy import special

from laoke.core.forecast.design import FEATURES, Design, build_design
from laoke.core.forecast.features import customer_features
from laoke.core.forecast.lines import LineHistory, line_features

FloatArray = npt.NDArray[np.float64]

#: Days between two training cutoffs.
STEP_DAYS = 30
#: Least history (days) before a training cutoff for it to be used.
MIN_HISTORY_DAYS = 60
#: Shortest training horizon (days) worth learning from.
MIN_HORIZON_DAYS = 28
#: Most training cutoffs (the most recent are kept).
MAX_CUTOFFS = 24

#: Extra columns after the design's (name, positive reason, negative reason).
EXTRA_FEATURES: tuple[tuple[str, str, str], ...] = (
    ("book_expected", "book_pattern_high", "book_pattern_low"),
    ("alive", "book_pattern_high", "book_pattern_low"),
    ("orders_30d", "active_lately", "quiet_lately"),
    ("orders_180d", "active_this_year", "quiet_this_year"),
    ("orders_last_season", "seasonal_peak", "off_season"),
    ("book_season", "seasonal_peak", "off_season"),
    ("horizon", "book_pattern_high", "book_pattern_low"),
)
ALL_FEATURES = FEATURES + EXTRA_FEATURES


def training_cutoffs(history_start: dt.date, as_of: dt.date, horizon_days: int) -> list[tuple[dt.date, int]]:
    """Past cutoffs and their horizons: every ``STEP_DAYS`` back from ``as_of``.

    A cutoff's horizon is the forecast horizon when the outcome window fits before ``as_of``,
    otherwise the days left until ``as_of`` (at least ``MIN_HORIZON_DAYS``). Cutoffs need
    ``MIN_HISTORY_DAYS`` of history before them; the ``MAX_CUTOFFS`` most recent are kept.

    Returns
    -------
    list of (datetime.date, int)
        ``(cutoff, horizon_days)``, most recent first.
    """
    plan: list[tuple[dt.date, int]] = []
    j = 1
    while len(plan) < MAX_CUTOFFS:
        cutoff = as_of - dt.timedelta(days=STEP_DAYS * j)
        j += 1
        if (cutoff - history_start).days < MIN_HISTORY_DAYS:
            break
        horizon = min(horizon_days, (as_of - cutoff).days)
        if horizon >= min(MIN_HORIZON_DAYS, horizon_days):
            plan.append((cutoff, horizon))
    return plan


def validation_cutoff(
    history_start: dt.date, as_of: dt.date, horizon_days: int
) -> tuple[dt.date, int] | None:
    """The past cutoff on which the book checks its own stacked models, with its horizon.

    Its horizon is the forecast horizon or a third of the history, whichever is shorter, and
    its window ends the day before ``as_of``, so the outcome is fully observed and the two
    thirds of history before it still give at least two training cutoffs. None when the book
    is too short for that.
    """
    horizon = min(horizon_days, (as_of - history_start).days // 3)
    cutoff = as_of - dt.timedelta(days=horizon)
    if horizon < MIN_HORIZON_DAYS or (cutoff - history_start).days < MIN_HISTORY_DAYS + STEP_DAYS:
        return None
    return cutoff, horizon


@dataclass
class Snapshot:
    """The customers at one cutoff: the design (baselines) and the full feature matrix."""

    design: Design
    matrix: FloatArray
    bg_logit: FloatArray
    bg_log_expected: FloatArray


def snapshot(
    days: pl.DataFrame,
    *,
    cutoff: dt.date,
    horizon_days: int,
    lines: LineHistory | None = None,
    bgnbd_start: npt.ArrayLike | None = None,
) -> Snapshot:
    """Features of every customer with an order before ``cutoff``, for a ``horizon_days`` forecast.

    With a line history, its features (:mod:`laoke.core.forecast.lines`) follow ``ALL_FEATURES``.
    ``bgnbd_start`` starts the BG/NBD fit from a nearby cutoff's parameters.
    """
    features = customer_features(days, cutoff=cutoff, horizon_days=horizon_days)
    design = build_design(features, cutoff=cutoff, horizon_days=horizon_days, bgnbd_start=bgnbd_start)
    p_bg = np.clip(design.bgnbd_probability(horizon_days), 1e-6, 1 - 1e-6)
    expected = np.maximum(design.bgnbd_expected(horizon_days), 1e-6)
    alive = design.bgnbd.probability_alive(design.frequency, design.recency_weeks, design.t_weeks)

    def col(name: str) -> FloatArray:
        return features[name].to_numpy().astype(np.float64)

    share = features["book_season_share"][0] if features.height else None
    book_season = float(share) if share is not None and np.isfinite(share) else -1.0
    extra = np.column_stack(
        [
            np.log(expected),
            np.asarray(alive, dtype=np.float64),
            np.log1p(col("n_30")),
            np.log1p(col("n_180")),
            np.where(col("tenure_days") >= 365, np.log1p(col("n_season")), -1.0),
            np.full(features.height, book_season),
            np.full(features.height, np.log(horizon_days)),
        ]
    )
    width = len(ALL_FEATURES) + (len(lines.features) if lines is not None else 0)
    matrix = np.hstack([design.matrix, extra]) if features.height else np.zeros((0, len(ALL_FEATURES)))
    if lines is not None:
        matrix = (
            np.hstack([matrix, line_features(lines, design.customer_id, cutoff=cutoff)])
            if features.height
            else np.zeros((0, width))
        )
    return Snapshot(
        design=design,
        matrix=matrix,
        bg_logit=np.asarray(special.logit(p_bg)),
        bg_log_expected=np.log(expected),
    )
