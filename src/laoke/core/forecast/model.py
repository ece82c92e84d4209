"""Laoke's forecaster: each customer's rhythm, season and trend, stacked on the whole book.

How it works
------------
1. Baselines per customer at the cutoff: BG/NBD (the book's buy-till-you-die pattern) and a
   gamma renewal model of the customer's own gaps (its rhythm), plus recency, frequency,
   tenure, recent activity, trend, seasonal concentration, order value and regularity.
2. The book teaches itself how to combine them: the same features are computed at earlier
   cut-off dates of the same book (a year earlier when the book is long enough, so the
   training window covers the same season; otherwise half the available history), and an
   L2-regularised logistic model (P(any order in the horizon)) and Poisson model (number of
   orders, offset by the BG/NBD expectation) are fitted on what happened next.
3. The fitted models are applied at the real cutoff. Timing within the horizon follows the
   customer's rhythm, rescaled to the stacked probability. The largest feature contributions
   become the forecast's reasons.

Only transactions dated before ``as_of`` are ever used; no clock is read.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import polars as pl
from scipy import optimize, special

from laoke.core.forecast.design import Design, build_design
from laoke.core.forecast.features import customer_features
from laoke.core.forecast.glm import LogisticRegression
from laoke.core.forecast.reasons import explain, reason_columns
from laoke.core.forecast.transactions import count_in_window, customer_days

#: Least history (days) before a training cutoff for it to be used.
MIN_TRAINING_HISTORY = 60
#: Shortest training horizon worth learning from; shorter books use the untrained blend.
MIN_TRAINING_HORIZON = 14
#: Gaps after which a customer's own rhythm and the book's pattern weigh equally for timing.
RHYTHM_PRIOR_GAPS = 4.0
#: Prior weight (transactions) of the book's median order value for a customer's value.
VALUE_PRIOR = 2.0


def training_plan(history_start: dt.date, cutoff: dt.date, horizon_days: int) -> tuple[list[dt.date], int]:
    """Choose the past cut-off dates the model learns from, and their horizon.

    Same season one and two years back when the book allows it; otherwise one cutoff that
    splits the available history in halves (the horizon is then shortened to fit).

    Returns
    -------
    (list of datetime.date, int)
        Training cutoffs and the training horizon in days (``[]`` and 0 when the book is too
        short to learn from).
    """
    h_train = min(horizon_days, 365)
    seasonal = [
        cutoff - dt.timedelta(days=365 * k)
        for k in (1, 2)
        if (cutoff - dt.timedelta(days=365 * k) - history_start).days >= MIN_TRAINING_HISTORY
    ]
    if seasonal:
        return seasonal, h_train
    span = (cutoff - history_start).days
    h_train = min(horizon_days, span // 2)
    if h_train < MIN_TRAINING_HORIZON:
        return [], 0
    return [cutoff - dt.timedelta(days=h_train)], h_train


class LaokeForecaster:
    """Per-customer next-order window, P(order within N days), expected orders and value.

    Parameters
    ----------
    horizon_days : int
        The main forecast horizon (the one the book's past is replayed for).
    l2 : float
        Ridge penalty of the stacked models (in pseudo-observations).

    Attributes
    ----------
    training_cutoffs_ : list of datetime.date
        The past cut-off dates the stacked models learned from.
    training_horizon_ : int
        Their horizon in days.
    classifier_ : LogisticRegression or None
        The stacked model (None when the book is too short to learn from).
    """

    def __init__(self, *, horizon_days: int = 180, l2: float = 5.0) -> None:
        self.horizon_days = horizon_days
        self.l2 = l2

    def fit(self, orders: pl.DataFrame, *, as_of: dt.date) -> LaokeForecaster:
        """Learn from the order lines dated before ``as_of``.

        Parameters
        ----------
        orders : pl.DataFrame
            Order lines with ``customer_id``, ``order_date`` and ``amount`` (others ignored).
            Lines on or after ``as_of`` are ignored.
        as_of : datetime.date
            The forecast date: the first day of the horizon.
        """
        self.as_of_ = as_of
        days = customer_days(orders, before=as_of)
        self.classifier_: LogisticRegression | None = None
        self.training_cutoffs_: list[dt.date] = []
        self.training_horizon_ = 0
        if days.height:
            start = days["order_date"].min()
            assert isinstance(start, dt.date)
            cutoffs, h_train = training_plan(start, as_of, self.horizon_days)
            self._fit_stack(days, cutoffs, h_train)
        features = customer_features(days, cutoff=as_of, horizon_days=self.horizon_days)
        self.design_: Design = build_design(features, cutoff=as_of, horizon_days=self.horizon_days)
        positive = self.design_.monetary[self.design_.monetary > 0]
        self.book_order_value_ = float(np.median(positive)) if positive.size else 0.0
        return self

    def _fit_stack(self, days: pl.DataFrame, cutoffs: list[dt.date], h_train: int) -> None:
        blocks, any_order, logits = [], [], []
        for cutoff in cutoffs:
            features = customer_features(days, cutoff=cutoff, horizon_days=h_train)
            if features.height < 20:
                continue
            design = build_design(features, cutoff=cutoff, horizon_days=h_train)
            outcome = count_in_window(days, start=cutoff, end=cutoff + dt.timedelta(days=h_train))
            y = (
                features.select("customer_id")
                .join(outcome, on="customer_id", how="left")["count"]
                .fill_null(0)
                .to_numpy()
                .astype(np.float64)
            )
            blocks.append(design.matrix)
            any_order.append((y > 0).astype(np.float64))
            logits.append(design.matrix[:, 0])
        if not blocks:
            return
        matrix = np.vstack(blocks)
        # Features are clipped to the range seen in training, so the stacked models never
        # extrapolate (a longer history at the real cutoff must not inflate tenure effects).
        self.feature_min_, self.feature_max_ = matrix.min(axis=0), matrix.max(axis=0)
        y_any = np.concatenate(any_order)
        if 0 < y_any.sum() < len(y_any):
            # Offsets make a zero coefficient mean "trust BG/NBD": the book's pattern is the prior.
            self.classifier_ = LogisticRegression(l2=self.l2).fit(
                matrix, y_any, offset=np.concatenate(logits)
            )
            self.training_cutoffs_ = list(cutoffs)
            self.training_horizon_ = h_train

    def probability_any(self, horizon_days: int | None = None) -> np.ndarray:
        """P(at least one order in the next ``horizon_days`` days), per customer."""
        h = self.horizon_days if horizon_days is None else horizon_days
        design = self.design_
        if self.classifier_ is not None:
            p_main = self._recalibrated(
                self.classifier_.linear_predictor(self._clipped(), offset=design.matrix[:, 0])
            )
        else:  # untrained blend of the book pattern and the customer's rhythm
            p_main = 0.5 * (
                design.bgnbd_probability(self.horizon_days)
                + design.rhythm.probability_within(design.recency_days, float(self.horizon_days))
            )
        if h == self.horizon_days:
            return np.asarray(p_main)
        # Other horizons: keep the rhythm's hazard shape, scaled to match the main horizon.
        scale = self._hazard_scale(p_main)
        return np.asarray(
            1.0 - np.exp(-scale * design.rhythm.cumulative_hazard(design.recency_days, float(h)))
        )

    def _recalibrated(self, logits: np.ndarray) -> np.ndarray:
        """Shift the stacked logits so the book's mean P(order) equals BG/NBD's at ``as_of``.

        The level learned at past cutoffs does not carry over (a younger book, another season,
        a shorter history); BG/NBD refitted at ``as_of`` knows the book's current level, the
        stacked model knows who is more or less likely than that.
        """
        target = float(np.mean(self.design_.bgnbd_probability(self.horizon_days)))
        if not logits.size or not 0.0 < target < 1.0:
            return np.asarray(special.expit(logits))

        def gap(shift: float) -> float:
            return float(np.mean(special.expit(logits + shift))) - target

        shift = optimize.brentq(gap, -30.0, 30.0, xtol=1e-10)
        return np.asarray(special.expit(logits + shift))

    def _clipped(self) -> np.ndarray:
        return np.clip(self.design_.matrix, self.feature_min_, self.feature_max_)

    def _hazard_scale(self, p_main: np.ndarray) -> np.ndarray:
        design = self.design_
        base = design.rhythm.cumulative_hazard(design.recency_days, float(self.horizon_days))
        return -np.log(np.maximum(1.0 - p_main, 1e-12)) / np.maximum(base, 1e-12)

    def expected_orders(self, horizon_days: int | None = None) -> np.ndarray:
        """Expected number of orders (distinct order days) in the next ``horizon_days`` days."""
        h = self.horizon_days if horizon_days is None else horizon_days
        design = self.design_
        base = design.bgnbd_expected(self.horizon_days)
        if self.classifier_ is not None:
            # BG/NBD's orders per ordering customer, reallocated by the stacked probability.
            p_bg = np.maximum(design.bgnbd_probability(self.horizon_days), 1e-9)
            main = base * self.probability_any() / p_bg
        else:
            main = base
        if h == self.horizon_days:
            return np.asarray(main)
        return np.asarray(main * design.bgnbd_expected(h) / np.maximum(base, 1e-12))

    def days_to_next_order(self, quantile: float, horizon_days: int | None = None) -> np.ndarray:
        """Days from ``as_of`` to the ``quantile`` of the next order, given one comes in the horizon."""
        h = float(self.horizon_days if horizon_days is None else horizon_days)
        design = self.design_
        p_main = self.probability_any()
        p_h = p_main if int(h) == self.horizon_days else self.probability_any(int(h))
        target = -np.log(np.maximum(1.0 - quantile * p_h, 1e-12))
        scale = self._hazard_scale(p_main)
        lo, hi = np.zeros_like(p_h), np.full_like(p_h, h)
        for _ in range(14):  # bisection on the rescaled cumulative hazard (to h / 16384 days)
            mid = (lo + hi) / 2
            below = scale * design.rhythm.cumulative_hazard(design.recency_days, mid) < target
            lo, hi = np.where(below, mid, lo), np.where(below, hi, mid)
        rhythm_days = (lo + hi) / 2
        # The customer's own rhythm earns weight with each observed gap; before that the
        # book's pattern (BG/NBD wait) leads.
        weight = design.gap_count / (design.gap_count + RHYTHM_PRIOR_GAPS)
        blended = weight * rhythm_days + (1.0 - weight) * design.bgnbd_days_to_next(quantile, h)
        return np.maximum(np.round(blended), 0.0)

    def predict(self, horizon_days: int | None = None) -> pl.DataFrame:
        """One forecast row per customer with at least one order before ``as_of``.

        Returns
        -------
        pl.DataFrame
            ``customer_id``, ``as_of``, ``horizon_days``, ``p_order`` (any order in the horizon),
            ``expected_orders``, ``expected_value``, ``next_order_date`` (median, given an order
            in the horizon), ``window_start`` / ``window_end`` (20 % / 80 %), ``p_alive``
            (BG/NBD), ``typical_gap_days``, ``regularity`` (gamma shape of the gaps),
            ``reason_codes``, ``reasons_en``, ``reasons_zh``.
        """
        h = self.horizon_days if horizon_days is None else horizon_days
        design = self.design_
        p = self.probability_any(h)
        count = self.expected_orders(h)
        value_per_order = (design.n * design.monetary + VALUE_PRIOR * self.book_order_value_) / (
            design.n + VALUE_PRIOR
        )
        model = self.classifier_
        contributions = model.contributions(self._clipped()) if model is not None else None
        codes = explain(contributions, design)
        as_of = pl.lit(self.as_of_)
        frame = pl.DataFrame(
            {
                "customer_id": design.customer_id,
                "horizon_days": np.full(len(p), h, dtype=np.int64),
                "p_order": p,
                "expected_orders": count,
                "expected_value": count * value_per_order,
                "median_days": self.days_to_next_order(0.5, h),
                "early_days": self.days_to_next_order(0.2, h),
                "late_days": self.days_to_next_order(0.8, h),
                "p_alive": design.bgnbd.probability_alive(
                    design.frequency, design.recency_weeks, design.t_weeks
                ),
                "typical_gap_days": design.rhythm.mean_gap,
                "regularity": design.rhythm.shape,
            }
        ).with_columns(reason_columns(codes))
        return frame.select(
            "customer_id",
            as_of.alias("as_of"),
            "horizon_days",
            "p_order",
            "expected_orders",
            "expected_value",
            (as_of + pl.duration(days=pl.col("median_days"))).alias("next_order_date"),
            (as_of + pl.duration(days=pl.col("early_days"))).alias("window_start"),
            (as_of + pl.duration(days=pl.col("late_days"))).alias("window_end"),
            "p_alive",
            "typical_gap_days",
            "regularity",
            "reason_codes",
            "reasons_en",
            "reasons_zh",
        )
