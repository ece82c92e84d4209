"""Laoke's forecaster: each customer's rhythm, season and trend, stacked on the whole book.

How it works
------------
1. Baselines per customer at the cutoff: BG/NBD (the book's buy-till-you-die pattern) and a
   gamma renewal model of the customer's own gaps (its rhythm), plus recency, frequency,
   tenure, orders in the last 30/90/180/365 days, trend, orders in the same calendar window a
   year earlier, the book's seasonal share, order value, regularity and P(alive).
2. The book teaches itself how to combine them: the same features are computed at past
   cut-off dates every 30 days back (:func:`laoke.core.forecast.stack.training_cutoffs`), each
   with the forecast horizon when it fits, and small gradient-boosted trees (NumPy, depth 3)
   learn P(any order) and the number of orders, starting from BG/NBD's forecast at that
   cutoff shifted to that cutoff's observed level (so the trees learn who buys more or less
   than the book, not how busy a past season was).
3. At ``as_of`` the trees correct BG/NBD per customer and the book's level is set by BG/NBD
   refitted at ``as_of``. How much of the count model's correction is kept is decided on a
   validation cutoff of the book's own past (``_validate``): on a book where the trees learn
   nothing that carries forward in time the number of orders falls back to BG/NBD's. The same
   cutoff decides whether Pareto/NBD (customers leave at any time) replaces BG/NBD as the
   baseline the corrections rest on and the level comes from.
   The next-order date is BG/NBD's wait on the book's seasonal clock (busy months count for more
   days), its quantiles calibrated per group of customers on the book's past cutoffs where the
   validation cutoff shows that this dates orders better (:mod:`.timing`). The chance within
   another horizon (e.g. the 90 days the app states beside a year's forecast) is asked of the
   same classifier with the features of that horizon, at BG/NBD's level for it: the classifier
   learned from past cutoffs of many horizons, with the horizon among its inputs. The trees'
   per-feature contributions become the reasons.

Only transactions dated before ``as_of`` are ever used; no clock is read.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import polars as pl
from scipy import optimize, special

from laoke.core.forecast.boost import Binned, GradientBoosting, quantile_bins
from laoke.core.forecast.design import FEATURES, Design, build_design
from laoke.core.forecast.features import customer_features, with_gaps
from laoke.core.forecast.lines import LineHistory, line_history
from laoke.core.forecast.pareto_nbd import ParetoNBDModel
from laoke.core.forecast.reasons import explain, reason_columns
from laoke.core.forecast.season import SeasonalTiming, seasonal_timing
from laoke.core.forecast.stack import (
    ALL_FEATURES,
    MAX_CUTOFFS,
    MIN_HORIZON_DAYS,
    Snapshot,
    snapshot,
    training_cutoffs,
    validation_cutoff,
)
from laoke.core.forecast.timing import (
    SHAPE_LEVELS,
    WaitCalibration,
    agree_with_chances,
    book_profile,
    seasonal_share,
    seasonal_wait,
    timing_groups,
)
from laoke.core.forecast.transactions import count_in_window, customer_days

#: Prior weight (transactions) of the book's median order value for a customer's value.
VALUE_PRIOR = 2.0
#: Most stacked training rows (a seeded sample above this keeps big books fast).
MAX_TRAINING_ROWS = 120_000
#: Shrinkage of each boosted tree.
LEARNING_RATE = 0.05
#: Fewest training rows (and ordering customers) for the boosted models to be trained.
MIN_TRAINING_ROWS = 200
#: Shares of the regressor's correction to BG/NBD tried on the validation cutoff.
TRUST_GRID = (0.0, 0.25, 0.5, 0.75, 1.0)
#: Fewest seasonal customers ordering in the validation window for the season check to count.
MIN_SEASON_CHECK = 5
#: Largest relative change of a stated chance made to order tied customers by recency.
TIE_BREAK = 1e-6
#: Customers Pareto/NBD is fitted on inside the forecaster (a seeded sample above this).
PARETO_FIT_CUSTOMERS = 5_000
#: Least relative gain on the validation cutoff for Pareto/NBD to replace BG/NBD as the baseline.
BASE_MARGIN = 1e-3
_WEEK = 7.0
#: Quantiles of the next-order date (given an order in the horizon) that bound the stated window.
WINDOW_QUANTILES = (0.1, 0.9)
#: How far (in share of the stated chances) a stated quantile's day may sit from the chances' own.
DATE_TOLERANCE = 0.1


@dataclass
class _Rows:
    """Stacked training rows: features, outcome counts and the level-matched BG/NBD margins."""

    x: np.ndarray
    y: np.ndarray
    logit: np.ndarray
    log_mean: np.ndarray
    #: Per cutoff: ``(cutoff, horizon, P shift, count shift)`` that matched BG/NBD to the outcome.
    shifts: list[tuple[dt.date, int, float, float]]
    _binned: Binned | None = None

    @property
    def binned(self) -> Binned:
        """``x`` cut into the trees' bins, once for the classifier and the regressor alike."""
        if self._binned is None:
            self._binned = quantile_bins(self.x)
        return self._binned


@dataclass
class BackWindow:
    """The validation cutoff replayed: what the forecast would have stated and what happened."""

    cutoff: dt.date
    horizon_days: int
    #: P(any order in the window) as the forecast states it (uncalibrated), per customer.
    p_any: np.ndarray
    #: Expected orders in the window, per customer.
    expected: np.ndarray
    #: Orders (order days) each customer placed in the window.
    orders: np.ndarray


@dataclass
class _Models:
    """The stacked models: P(any order) (None when not trained) and the number of orders."""

    probability: GradientBoosting | None
    count: GradientBoosting


def _outcome(days: pl.DataFrame, customer_id: pl.Series, cutoff: dt.date, horizon: int) -> np.ndarray:
    """Each customer's number of transactions in ``[cutoff, cutoff + horizon)``."""
    outcome = count_in_window(days, start=cutoff, end=cutoff + dt.timedelta(days=horizon))
    return (
        pl.DataFrame({"customer_id": customer_id})
        .join(outcome, on="customer_id", how="left")["count"]
        .fill_null(0)
        .to_numpy()
        .astype(np.float64)
    )


def _first_days(days: pl.DataFrame, customer_id: pl.Series, cutoff: dt.date, horizon: int) -> np.ndarray:
    """Days from ``cutoff`` to each customer's first order in the horizon (``nan`` for none)."""
    window = count_in_window(days, start=cutoff, end=cutoff + dt.timedelta(days=horizon))
    return (
        pl.DataFrame({"customer_id": customer_id})
        .join(window, on="customer_id", how="left")
        .select((pl.col("first_date") - pl.lit(cutoff)).dt.total_days().cast(pl.Float64))
        .to_series()
        .fill_null(float("nan"))
        .to_numpy()
    )


def _wait_shares(
    days: pl.DataFrame, design: Design, cutoff: dt.date, horizon: int, profile: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """For the customers who ordered in ``[cutoff, cutoff + horizon)``: the share of the seasonal
    wait at their first order (uniform if the wait is right) and their timing groups."""
    first = _first_days(days, design.customer_id, cutoff, horizon)
    ordered = ~np.isnan(first)
    bg = design.bgnbd
    shares = seasonal_share(
        first[ordered],
        float(horizon),
        shape=(bg.r_ + design.frequency)[ordered],
        base_weeks=(bg.alpha_ + design.t_weeks)[ordered],
        profile=profile,
        as_of=cutoff,
    )
    groups = timing_groups(design.n, design.recency_days, design.rhythm.mean_gap)[ordered]
    return shares, groups


def _calibration(timing: list[tuple[np.ndarray, np.ndarray]]) -> WaitCalibration | None:
    """The wait's calibration from the shares collected at past cutoffs (None without any)."""
    if not timing or not sum(len(t[0]) for t in timing):
        return None
    return WaitCalibration(np.concatenate([t[0] for t in timing]), np.concatenate([t[1] for t in timing]))


def _reasons_of(
    stacked: tuple[tuple[str, str, str], ...],
) -> tuple[tuple[tuple[str, str, str], ...], np.ndarray]:
    """The reason columns of the stacked features and, per stacked feature, its column.

    Features sharing a pair of reason codes speak through one column (the first with them).
    """
    reasons = list(FEATURES)
    index = {(f[1], f[2]): i for i, f in enumerate(reasons)}
    of = []
    for f in stacked:
        if (f[1], f[2]) not in index:
            index[(f[1], f[2])] = len(reasons)
            reasons.append(f)
        of.append(index[(f[1], f[2])])
    return tuple(reasons), np.array(of, dtype=np.int64)


def _level_shift(margin: np.ndarray, target_mean: float, *, logistic: bool) -> float:
    """The constant to add to ``margin`` so its mean (probability or count) is ``target_mean``."""
    if not margin.size or target_mean <= 0 or (logistic and target_mean >= 1):
        return 0.0
    if not logistic:
        return float(np.log(target_mean) - special.logsumexp(margin) + np.log(margin.size))

    def gap(shift: float) -> float:
        return float(np.mean(special.expit(margin + shift))) - target_mean

    low, high = -30.0, 30.0
    # A book whose every customer is long gone can ask for a level far below any margin:
    # widen the bracket until it holds the answer (expit is exactly 0 or 1 well before ±800).
    while gap(low) > 0 and low > -800.0:
        low *= 2.0
    while gap(high) < 0 and high < 800.0:
        high *= 2.0
    if gap(low) > 0:
        return low
    if gap(high) < 0:
        return high
    return float(optimize.brentq(gap, low, high, xtol=1e-10))


@dataclass
class _Baseline:
    """One baseline's logit of P(any order) and log expected orders in a horizon, per customer."""

    logit: np.ndarray
    log_expected: np.ndarray

    @classmethod
    def of(cls, p: np.ndarray, expected: np.ndarray) -> _Baseline:
        """From a chance and an expected count, kept off 0 and 1 as the stacked models' inputs are."""
        p = np.clip(p, 1e-6, 1 - 1e-6)
        return cls(np.asarray(special.logit(p)), np.log(np.maximum(expected, 1e-6)))


def _pareto_baseline(model: ParetoNBDModel, design: Design, horizon_days: float) -> _Baseline:
    """Pareto/NBD's forecast of ``horizon_days`` for the customers of ``design``."""
    weeks = horizon_days / _WEEK
    args = (design.frequency, design.recency_weeks, design.t_weeks)
    return _Baseline.of(model.probability_any(weeks, *args), model.expected_purchases(weeks, *args))


def _fit_pareto(design: Design, start: np.ndarray | None = None) -> ParetoNBDModel | None:
    """Pareto/NBD fitted to the customers of ``design`` (None without customers)."""
    if not design.frequency.size:
        return None
    return ParetoNBDModel(max_fit_customers=PARETO_FIT_CUSTOMERS).fit(
        design.frequency, design.recency_weeks, design.t_weeks, start=start, quick=True
    )


def _prefer(scores: dict[str, float]) -> str:
    """The baseline with the lowest score; another than BG/NBD only when lower by ``BASE_MARGIN``."""
    best = min(scores, key=lambda k: scores[k])
    return best if scores[best] < scores["bgnbd"] * (1.0 - BASE_MARGIN) else "bgnbd"


def break_ties_by_recency(p: np.ndarray, recency_days: np.ndarray) -> np.ndarray:
    """``p`` with customers of the same stated chance ordered by recency (the latest highest).

    Where BG/NBD's fit sits at the no-dropout boundary, its P(alive) is 1 for everyone and the
    chance depends on the number of orders alone (8 distinct values for 10,000 donors of a
    yearly giving book); the trees split on few of the ties. Within each group of equal chances
    (to 1e-12) the customer whose last order is the most recent gets up to ``TIE_BREAK`` more
    and the longest silent up to ``TIE_BREAK`` less (relative), so the group's mean and every
    chance as shown (in percent) are unchanged, and ranking by the chance follows recency
    where nothing else separates the customers.
    """
    p = np.asarray(p, dtype=np.float64)
    if p.size < 2:
        return p
    key = np.round(p, 12)
    order = np.lexsort((np.asarray(recency_days, dtype=np.float64), key))
    _, start, size = np.unique(key[order], return_index=True, return_counts=True)
    group = np.repeat(np.arange(len(start)), size)
    rank = np.arange(p.size) - start[group]
    # 0 for the most recent of the group, 1 for the longest silent; ties in recency share a rank.
    spread = np.where(size[group] > 1, rank / np.maximum(size[group] - 1, 1), 0.5)
    rec_sorted = np.asarray(recency_days, dtype=np.float64)[order]
    same = np.r_[False, (rec_sorted[1:] == rec_sorted[:-1]) & (group[1:] == group[:-1])]
    first = np.maximum.accumulate(np.where(~same, np.arange(p.size), 0))
    spread = spread[first]
    adjusted = np.empty_like(p)
    adjusted[order] = p[order] * (1.0 + TIE_BREAK * (0.5 - spread) * 2.0)
    return np.asarray(np.clip(adjusted, 0.0, 1.0))


class LaokeForecaster:
    """Per-customer next-order window, P(order within N days), expected orders and value.

    Parameters
    ----------
    horizon_days : int
        The main forecast horizon (the one the book's past is replayed for).
    n_trees : int
        Boosting rounds of each stacked model.

    Attributes
    ----------
    training_cutoffs_ : list of (datetime.date, int)
        The past cut-off dates the stacked models learned from, with their horizons.
    classifier_, regressor_ : GradientBoosting or None
        The stacked models of P(any order) and of the number of orders (None when the book is
        too short to learn from: BG/NBD and the customer's rhythm are then blended untrained).
    trust_ : float
        The share of the regressor's correction to BG/NBD's number of orders that is kept,
        chosen on a validation cutoff of the book's own past (see ``_validate``).
    count_base_, chance_base_ : str
        The baselines the trees' corrections of the number of orders and of P(any order) rest
        on, ``"bgnbd"`` or ``"pareto_nbd"``, chosen on the same validation cutoff; ``pareto_``
        is Pareto/NBD refitted at ``as_of`` when either is.
    validation_errors_ : dict
        Mean absolute count error on the validation cutoff per ``(baseline, share)``.
    validation_briers_ : dict
        Brier score of the stated P(any order) on the validation cutoff per baseline.
    book_profile_ : numpy.ndarray
        The book's relative order intensity per calendar month (mean 1), the clock of the wait.
    wait_calibration_ : WaitCalibration or None
        The next-order wait's calibration from the book's past cutoffs, kept only where the
        validation cutoff showed that it dates the orders better (None otherwise).
    level_history_ : list of (datetime.date, int, float, float)
        Per training cutoff (most recent first): its horizon and the shifts of BG/NBD's logit of
        P(any order) and log expected count that matched what the book then did.
    """

    def __init__(
        self,
        *,
        horizon_days: int = 180,
        n_trees: int = 60,
        back_window: bool = False,
        date_mode: str = "clamp-warp",
    ) -> None:
        self.horizon_days = horizon_days
        #: How the next-order date is made. ``"clamp-warp"`` (shipped): the timing models' day, moved
        #: only as far as needed to lie between the ``q ± DATE_TOLERANCE`` days of their shape
        #: warped to the stated chances at the anchor horizons (seasonal buyers dated by their own
        #: season keep it). Measured alternatives (``bench/next_order.py``): ``"timing"`` (the
        #: timing models alone, before 2026-12-06), ``"warp"`` (the warped shape's own quantile),
        #: ``"chances"`` (the stated chances every week), ``"fix"`` (the warp only where the timing
        #: models contradict the chances) and ``"clamp"`` (the clamp on the weekly chances).
        self.date_mode = date_mode
        self.n_trees = n_trees
        #: Keep the validation cutoff's replay of P(any order) as ``back_window_`` (a diagnostic;
        #: ``bench/forecast_calibration.py`` uses it).
        self.back_window = back_window

    def fit(self, orders: pl.DataFrame, *, as_of: dt.date) -> LaokeForecaster:
        """Learn from the order lines dated before ``as_of``.

        Parameters
        ----------
        orders : pl.DataFrame
            Order lines with ``customer_id``, ``order_date`` and ``amount``; when they also
            carry ``product`` and/or ``quantity``, basket size and product range become
            features too (:mod:`laoke.core.forecast.lines`). Other columns are ignored, and
            so are lines on or after ``as_of``.
        as_of : datetime.date
            The forecast date: the first day of the horizon.
        """
        self.as_of_ = as_of
        days = with_gaps(customer_days(orders, before=as_of))
        self.lines_: LineHistory | None = line_history(orders, before=as_of)
        stacked = ALL_FEATURES + (self.lines_.features if self.lines_ is not None else ())
        self.reason_features_, self._reason_of = _reasons_of(stacked)
        self.classifier_: GradientBoosting | None = None
        self.regressor_: GradientBoosting | None = None
        self.training_cutoffs_: list[tuple[dt.date, int]] = []
        self.trust_ = 1.0
        self.count_base_ = "bgnbd"
        self.chance_base_ = "bgnbd"
        self.validation_errors_: dict[tuple[str, float], float] = {}
        self.validation_briers_: dict[str, float] = {}
        self._pareto_start: np.ndarray | None = None
        # The validation cutoff's snapshot (``_validate``), read again by ``_season_wins``.
        self._validation_snap: Snapshot | None = None
        self.pareto_: ParetoNBDModel | None = None
        self.level_history_: list[tuple[dt.date, int, float, float]] = []
        self.back_window_: BackWindow | None = None
        self.wait_calibration_: WaitCalibration | None = None
        # The book's months as seen at as_of (flat without a year of history).
        self.book_profile_ = book_profile(days, as_of=as_of)
        if days.height:
            start = days["order_date"].min()
            assert isinstance(start, dt.date)
            self._fit_stack(days, start)
        self._days = days
        self._anchor_hazard: np.ndarray | None = None
        self._date_cache: dict[tuple[str, int], object] = {}
        self.snapshot_: Snapshot = snapshot(
            days, cutoff=as_of, horizon_days=self.horizon_days, lines=self.lines_
        )
        self.design_: Design = self.snapshot_.design
        self.season_: SeasonalTiming = seasonal_timing(days, self.design_.customer_id, as_of=as_of)
        self.seasonal_dates_ = bool(days.height) and self._season_wins(days)
        self.timing_groups_ = timing_groups(
            self.design_.n, self.design_.recency_days, self.design_.rhythm.mean_gap
        )
        positive = self.design_.monetary[self.design_.monetary > 0]
        self.book_order_value_ = float(np.median(positive)) if positive.size else 0.0
        self._predict_main()
        return self

    def _stack_rows(
        self,
        days: pl.DataFrame,
        plan: list[tuple[dt.date, int]],
        max_rows: int,
        timing: list[tuple[np.ndarray, np.ndarray]] | None = None,
    ) -> tuple[_Rows | None, int]:
        """Stacked features, outcomes and level-matched baselines of the cutoffs in ``plan``.

        Returns the rows (None when no cutoff had customers) and how many cutoffs they use.
        With ``timing``, each cutoff's shares of the wait at the first order are appended to it.
        """
        matrices: list[np.ndarray] = []
        counts: list[np.ndarray] = []
        logits: list[np.ndarray] = []
        log_means: list[np.ndarray] = []
        shifts: list[tuple[dt.date, int, float, float]] = []
        used = 0
        previous = None  # BG/NBD a cutoff earlier: where the next fit starts
        for cutoff, horizon in plan:
            if sum(len(c) for c in counts) >= 2 * max_rows:
                break  # big books: the most recent cutoffs already give enough rows
            used += 1
            snap = snapshot(
                days, cutoff=cutoff, horizon_days=horizon, lines=self.lines_, bgnbd_start=previous
            )
            previous = snap.design.bgnbd.params_
            if snap.matrix.shape[0] < 20:
                continue
            y = _outcome(days, snap.design.customer_id, cutoff, horizon)
            if timing is not None:
                timing.append(_wait_shares(days, snap.design, cutoff, horizon, self.book_profile_))
            # Each cutoff's level is matched to its outcome: the trees learn who orders more
            # or less than the book at that time, not how busy that past season was.
            shift_p = _level_shift(snap.bg_logit, float(np.mean(y > 0)), logistic=True)
            shift_c = _level_shift(snap.bg_log_expected, float(np.mean(y)), logistic=False)
            shifts.append((cutoff, horizon, shift_p, shift_c))
            logit = snap.bg_logit + shift_p
            log_mean = snap.bg_log_expected + shift_c
            matrices.append(snap.matrix)
            counts.append(y)
            logits.append(logit)
            log_means.append(log_mean)
        if not matrices:
            return None, used
        x, y = np.vstack(matrices), np.concatenate(counts)
        logit, log_mean = np.concatenate(logits), np.concatenate(log_means)
        if len(y) > max_rows:
            keep = np.sort(np.random.default_rng(0).choice(len(y), max_rows, replace=False))
            x, y, logit, log_mean = x[keep], y[keep], logit[keep], log_mean[keep]
        return _Rows(x, y, logit, log_mean, shifts), used

    def _train(self, rows: _Rows | None, *, classifier: bool = True) -> _Models | None:
        """The stacked classifier and regressor, or None when the rows are too few to learn from.

        With ``classifier=False`` only the regressor is trained (the classifier is None).
        """
        if rows is None:
            return None
        y = rows.y
        ordered = (y > 0).astype(np.float64)
        if len(y) < MIN_TRAINING_ROWS or not MIN_TRAINING_ROWS / 10 <= ordered.sum() <= len(y) - 10:
            return None
        probability = self._classifier(rows) if classifier else None
        count = GradientBoosting(loss="poisson", n_trees=self.n_trees, learning_rate=LEARNING_RATE).fit(
            rows.x, y, base_margin=rows.log_mean, binned=rows.binned
        )
        return _Models(probability, count)

    def _classifier(self, rows: _Rows) -> GradientBoosting:
        """The stacked classifier of P(any order) on ``rows``."""
        ordered = (rows.y > 0).astype(np.float64)
        return GradientBoosting(loss="logistic", n_trees=self.n_trees, learning_rate=LEARNING_RATE).fit(
            rows.x, ordered, base_margin=rows.logit, binned=rows.binned
        )

    def _fit_stack(self, days: pl.DataFrame, start: dt.date) -> None:
        plan = training_cutoffs(start, self.as_of_, self.horizon_days)
        timing: list[tuple[np.ndarray, np.ndarray]] = []
        rows, used = self._stack_rows(days, plan, MAX_TRAINING_ROWS, timing)
        calibration = _calibration(timing)
        models = self._train(rows)
        if models is None:
            return
        self.classifier_, self.regressor_ = models.probability, models.count
        self.training_cutoffs_ = list(plan[:used])
        assert rows is not None
        self.level_history_ = rows.shifts
        self.trust_ = self._validate(days, start, calibration)

    def _validate(self, days: pl.DataFrame, start: dt.date, calibration: WaitCalibration | None) -> float:
        """How much of the trees' correction to BG/NBD's number of orders to keep.

        The book is replayed at a validation cutoff before ``as_of``
        (:func:`laoke.core.forecast.stack.validation_cutoff`): a regressor trained only on the
        cutoffs before it forecasts its horizon, and the share of its correction (0 = BG/NBD
        alone ... 1 = the trees in full) with the least mean absolute error there is kept. On
        books where the trees learn little that carries forward in time (CDNOW: one cohort
        that only ages) this falls back toward BG/NBD. P(any order) keeps the trees in full:
        choosing its share the same way (by log-loss) lowered the AUC on three of the eleven
        benchmark splits. Without a usable validation cutoff the trees are trusted in full.

        The same replay chooses the baselines the trees' corrections rest on: Pareto/NBD,
        fitted at the validation cutoff, replaces BG/NBD for the number of orders
        (``count_base_``) when its best count error over the shares is lower than BG/NBD's best
        by at least ``BASE_MARGIN`` (relative), and then also for P(any order)
        (``chance_base_``) when the classifier trained on the earlier cutoffs, on Pareto/NBD's
        margins and level, has a lower Brier score there by as much. Where customers leave at
        any time, not only right after an order (CDNOW, grocery: one-off buyers long silent),
        Pareto/NBD says so and BG/NBD cannot; where both fits sit at the no-dropout boundary
        they tie and BG/NBD stays.
        Choosing one baseline for both by the count error lowered the Brier score on CDNOW
        (cdnow_master@970630/180 0.163 -> 0.166).
        """
        validation = validation_cutoff(start, self.as_of_, self.horizon_days)
        if validation is None:
            return 1.0
        cutoff, horizon = validation
        timing: list[tuple[np.ndarray, np.ndarray]] = []
        rows, _ = self._stack_rows(
            days,
            training_cutoffs(start, cutoff, self.horizon_days)[: MAX_CUTOFFS // 2],
            MAX_TRAINING_ROWS // 2,
            timing,
        )
        models = self._train(rows, classifier=self.back_window)
        snap = snapshot(days, cutoff=cutoff, horizon_days=horizon, lines=self.lines_)
        self._validation_snap = snap
        if calibration is not None and self._calibration_wins(days, snap.design, cutoff, horizon, timing):
            self.wait_calibration_ = calibration
        if models is None or snap.matrix.shape[0] < MIN_TRAINING_ROWS:
            return 1.0
        y = _outcome(days, snap.design.customer_id, cutoff, horizon)
        log_bg = snap.bg_log_expected
        log_trees = models.count.margin(snap.matrix, base_margin=log_bg)
        bases = {"bgnbd": _Baseline(snap.bg_logit, log_bg)}
        pareto = _fit_pareto(snap.design)
        if pareto is not None:
            bases["pareto_nbd"] = _pareto_baseline(pareto, snap.design, horizon)
            self._pareto_start = pareto.params_
        errors: dict[tuple[str, float], float] = {}
        counts: dict[tuple[str, float], np.ndarray] = {}
        for name, base in bases.items():
            level = float(np.mean(np.exp(base.log_expected)))
            for share in TRUST_GRID:
                log_mean = base.log_expected + share * (log_trees - log_bg)
                log_mean = log_mean + _level_shift(log_mean, level, logistic=False)
                counts[name, share] = np.exp(log_mean)
                errors[name, share] = float(np.mean(np.abs(y - counts[name, share])))
        self.validation_errors_ = errors
        self.count_base_ = _prefer(
            {name: min(e for k, e in errors.items() if k[0] == name) for name in bases}
        )
        best = min((k for k in errors if k[0] == self.count_base_), key=lambda k: errors[k])
        classifier = models.probability
        if classifier is None and self.count_base_ == "pareto_nbd":
            assert rows is not None
            classifier = self._classifier(rows)
        if classifier is not None:
            # What the forecast would have stated at the validation cutoff on each baseline, made
            # the same way as at ``as_of`` (the trees at the baseline's level of that day); the
            # baseline with the lower Brier score there is kept for the chance. Pareto/NBD is
            # tried for the chance only where it forecast the count better (elsewhere it tied
            # or lost on every benchmark split, and the classifier costs a fifth of the fit).
            stated = {}
            for name, base in bases.items():
                logit = classifier.margin(snap.matrix, base_margin=base.logit)
                level = float(np.mean(special.expit(base.logit)))
                stated[name] = special.expit(logit + _level_shift(logit, level, logistic=True))
                self.validation_briers_[name] = float(np.mean((stated[name] - (y > 0)) ** 2))
            if self.count_base_ == "pareto_nbd":
                self.chance_base_ = _prefer(self.validation_briers_)
            if self.back_window:
                p_val = stated[self.chance_base_]
                self.back_window_ = BackWindow(cutoff, horizon, np.asarray(p_val), counts[best], y)
        return float(best[1])

    def _calibration_wins(
        self,
        days: pl.DataFrame,
        design: Design,
        cutoff: dt.date,
        horizon: int,
        timing: list[tuple[np.ndarray, np.ndarray]],
    ) -> bool:
        """Whether the wait calibrated on the cutoffs before the validation cutoff dated the
        first orders in its window better (MAE in days) than the uncalibrated seasonal wait."""
        before = _calibration(timing)
        first = _first_days(days, design.customer_id, cutoff, horizon)
        ordered = ~np.isnan(first)
        if before is None or ordered.sum() < MIN_TRAINING_ROWS // 10:
            return False
        groups = timing_groups(design.n, design.recency_days, design.rhythm.mean_gap)[ordered]
        bg = design.bgnbd

        def error(level: float | np.ndarray) -> float:
            wait = seasonal_wait(
                level,
                float(horizon),
                shape=(bg.r_ + design.frequency)[ordered],
                base_weeks=(bg.alpha_ + design.t_weeks)[ordered],
                profile=self.book_profile_,
                as_of=cutoff,
            )
            return float(np.mean(np.abs(first[ordered] - np.round(wait))))

        return error(before.level(0.5, groups)) < error(0.5)

    def _season_wins(self, days: pl.DataFrame) -> bool:
        """Whether seasonal buyers' own season dated their next order better than BG/NBD's wait.

        Checked on the validation cutoff (:func:`laoke.core.forecast.stack.validation_cutoff`):
        among the customers found seasonal there who ordered in its window, the mean absolute
        error in days of the season's median day against BG/NBD's median wait. False when
        fewer than ``MIN_SEASON_CHECK`` such customers show it either way.
        """
        start = days["order_date"].min()
        assert isinstance(start, dt.date)
        validation = validation_cutoff(start, self.as_of_, self.horizon_days)
        if validation is None:
            return False
        cutoff, horizon = validation
        # ``_validate`` already made the design at this cutoff (the same features and BG/NBD fit,
        # from the default starts); without trained trees it did not run, and it is made here.
        features: pl.DataFrame | None = None
        design: Design | None = None
        if self._validation_snap is not None:
            design = self._validation_snap.design
            customer_id = design.customer_id
        else:
            features = customer_features(days, cutoff=cutoff, horizon_days=horizon)
            customer_id = features["customer_id"]
        timing = seasonal_timing(days.filter(pl.col("order_date") < cutoff), customer_id, as_of=cutoff)
        season_days = timing.days_to_next(0.5, float(horizon))
        outcome = pl.DataFrame({"customer_id": customer_id}).join(
            count_in_window(days, start=cutoff, end=cutoff + dt.timedelta(days=horizon)),
            on="customer_id",
            how="left",
        )
        first = (
            outcome.select((pl.col("first_date") - pl.lit(cutoff)).dt.total_days()).to_series().to_numpy()
        ).astype(np.float64)
        check = ~np.isnan(season_days) & ~np.isnan(first)
        if check.sum() < MIN_SEASON_CHECK:
            return False
        if design is None:
            assert features is not None
            design = build_design(features, cutoff=cutoff, horizon_days=horizon)
        book_days = np.round(design.bgnbd_days_to_next(0.5, float(horizon)))
        season_error = np.mean(np.abs(first[check] - np.round(season_days[check])))
        return bool(season_error < np.mean(np.abs(first[check] - book_days[check])))

    def _predict_main(self) -> None:
        """P(any) and expected orders at the main horizon, at BG/NBD's level for the book now.

        The level learned at past cutoffs does not carry over (another season, a younger
        book); the baseline refitted at ``as_of`` (BG/NBD, or Pareto/NBD where the validation
        cutoff chose it: ``base_``) sets the book's level, the stacked models say who is more or
        less likely than that. The trees learned their corrections on BG/NBD's margins; on
        Pareto/NBD's the same corrections are added to Pareto/NBD's margins.
        """
        snap, design, h = self.snapshot_, self.design_, self.horizon_days
        p_bg = design.bgnbd_probability(h)
        mean_bg = design.bgnbd_expected(h)
        if self.classifier_ is None or self.regressor_ is None:
            # The rhythm is a renewal model without dropout: on its own it gives a customer
            # silent for fifteen years the chance of one silent for a few months (about 1 in 6
            # within 90 days on Online Retail II scored 15 years after its last order, where
            # BG/NBD said 0). It states the timing of a customer still buying, so it is weighed
            # by BG/NBD's P(alive), as BG/NBD's own chance is.
            # BG/NBD's P(alive) is 1 for a customer of one order, whose rhythm is the book's prior
            # gap (a chance of 0.999 within the year after 15 years' silence), so the blend is then
            # set at BG/NBD's level for the book, as the trained trees are.
            alive = design.bgnbd.probability_alive(design.frequency, design.recency_weeks, design.t_weeks)
            rhythm = alive * design.rhythm.probability_within(design.recency_days, float(h))
            blend = np.clip(0.5 * (p_bg + rhythm), 1e-9, 1.0 - 1e-9)
            margin = special.logit(blend)
            level = float(np.mean(p_bg)) if p_bg.size else 0.0  # an empty book: no level to keep
            self.p_main_ = np.asarray(special.expit(margin + _level_shift(margin, level, logistic=True)))
            self.count_main_ = np.asarray(mean_bg)
            return
        if "pareto_nbd" in (self.count_base_, self.chance_base_):
            self.pareto_ = _fit_pareto(design, self._pareto_start)
        chance = self._baseline(self.chance_base_, h)
        logit = self.classifier_.margin(snap.matrix, base_margin=chance.logit)
        level_p = float(np.mean(special.expit(chance.logit)))
        self.p_main_ = np.asarray(special.expit(logit + _level_shift(logit, level_p, logistic=True)))
        base = self._baseline(self.count_base_, h)
        log_mean = base.log_expected + self.trust_ * (
            self.regressor_.margin(snap.matrix, base_margin=snap.bg_log_expected) - snap.bg_log_expected
        )
        level_n = float(np.mean(np.exp(base.log_expected)))
        self.count_main_ = np.asarray(np.exp(log_mean + _level_shift(log_mean, level_n, logistic=False)))

    def _baseline(self, name: str, horizon_days: int, snap: Snapshot | None = None) -> _Baseline:
        """The ``name`` baseline's forecast of ``horizon_days`` for the customers at ``as_of``."""
        snap = self.snapshot_ if snap is None else snap
        if name == "pareto_nbd" and self.pareto_ is not None:
            return _pareto_baseline(self.pareto_, snap.design, horizon_days)
        if horizon_days == self.horizon_days and snap is self.snapshot_:
            return _Baseline(snap.bg_logit, snap.bg_log_expected)
        design = snap.design
        return _Baseline.of(design.bgnbd_probability(horizon_days), design.bgnbd_expected(horizon_days))

    def probability_any(self, horizon_days: int | None = None) -> np.ndarray:
        """P(at least one order in the next ``horizon_days`` days), per customer.

        Another horizon than the main one is asked of the classifier at a few horizons
        (``_anchored``); without trained trees, the main horizon's chance is stretched along
        the customer's rhythm.
        """
        h = self.horizon_days if horizon_days is None else horizon_days
        design = self.design_
        p_main = self.p_main_
        if h == self.horizon_days:
            return break_ties_by_recency(p_main, design.recency_days)
        if self.classifier_ is not None:
            return break_ties_by_recency(self._anchored(h), design.recency_days)
        # Untrained: keep the rhythm's hazard shape, scaled to match the main horizon.
        scale = self._hazard_scale(p_main)
        return break_ties_by_recency(
            1.0 - np.exp(-scale * design.rhythm.cumulative_hazard(design.recency_days, float(h))),
            design.recency_days,
        )

    def anchor_horizons(self) -> list[int]:
        """The horizons the classifier is asked at: the main one, halved down to four weeks."""
        anchors: list[int] = []
        h = self.horizon_days
        while h >= MIN_HORIZON_DAYS or not anchors:
            anchors.append(h)
            h //= 2
        return sorted(anchors)

    def _anchored(self, horizon_days: int) -> np.ndarray:
        """P(any order) within ``horizon_days`` from the classifier asked at the anchor horizons.

        The classifier learned from past cutoffs of many horizons (the most recent are short)
        with the horizon among its inputs, so it is asked at each anchor horizon
        (:meth:`anchor_horizons`: for a year 45, 91, 182 and 365 days) with the features and
        BG/NBD's forecast of that horizon, at BG/NBD's level for it. Between anchors the
        cumulative hazard ``-log(1 - p)`` is interpolated in log-log; below the shortest and
        beyond the main horizon it follows BG/NBD's shape. A shorter anchor never states more
        than a longer one (the main horizon's chance is kept as it is), so the chance never
        falls as the horizon grows. Stretching the main horizon's chance along the customer's
        rhythm instead (the way before) understated the 90-day chance of the most active
        customers by half (a year's forecast, top decile of the stated chance: 0.30 stated /
        0.62 observed on CDNOW, 0.69 / 0.92 on grocery; ``bench/forecast_calibration.py --app``).
        """
        anchors = self.anchor_horizons()
        if self._anchor_hazard is None:
            rows = [self._trees_at(a) if a != self.horizon_days else self.p_main_ for a in anchors]
            hazard = -np.log1p(-np.clip(np.vstack(rows), 0.0, 1.0 - 1e-12))
            # From the main horizon down: each anchor at most the next longer one.
            self._anchor_hazard = np.minimum.accumulate(hazard[::-1], axis=0)[::-1]
        hazard = np.maximum(self._anchor_hazard, 1e-12)
        design = self.design_

        def bg_hazard(h: float) -> np.ndarray:
            return np.maximum(-np.log1p(-np.clip(design.bgnbd_probability(h), 0.0, 1.0 - 1e-12)), 1e-12)

        h = float(horizon_days)
        if h <= anchors[0]:
            out = hazard[0] * bg_hazard(h) / bg_hazard(anchors[0])
        elif h >= anchors[-1]:
            out = hazard[-1] * bg_hazard(h) / bg_hazard(anchors[-1])
        else:
            k = int(np.searchsorted(anchors, h)) - 1
            w = (np.log(h) - np.log(anchors[k])) / (np.log(anchors[k + 1]) - np.log(anchors[k]))
            out = np.exp((1.0 - w) * np.log(hazard[k]) + w * np.log(hazard[k + 1]))
        return np.asarray(-np.expm1(-out))

    def _trees_at(self, horizon_days: int) -> np.ndarray:
        """P(any order) in ``horizon_days`` from the stacked classifier asked at that horizon."""
        assert self.classifier_ is not None
        snap = snapshot(
            self._days,
            cutoff=self.as_of_,
            horizon_days=horizon_days,
            lines=self.lines_,
            bgnbd_start=self.design_.bgnbd.params_,
        )
        base = self._baseline(self.chance_base_, horizon_days, snap)
        logit = self.classifier_.margin(snap.matrix, base_margin=base.logit)
        level = float(np.mean(special.expit(base.logit)))
        return np.asarray(special.expit(logit + _level_shift(logit, level, logistic=True)))

    def _hazard_scale(self, p_main: np.ndarray) -> np.ndarray:
        design = self.design_
        base = design.rhythm.cumulative_hazard(design.recency_days, float(self.horizon_days))
        return -np.log(np.maximum(1.0 - p_main, 1e-12)) / np.maximum(base, 1e-12)

    def expected_orders(self, horizon_days: int | None = None) -> np.ndarray:
        """Expected number of orders (distinct order days) in the next ``horizon_days`` days."""
        h = self.horizon_days if horizon_days is None else horizon_days
        main = self.count_main_
        if h == self.horizon_days:
            return np.asarray(main)
        base = self._baseline(self.count_base_, self.horizon_days)
        ratio = np.exp(self._baseline(self.count_base_, h).log_expected - base.log_expected)
        return np.asarray(main * ratio)

    def days_to_next_order(self, quantile: float, horizon_days: int | None = None) -> np.ndarray:
        """Days from ``as_of`` to the ``quantile`` of the next order, given one comes in the horizon.

        Seasonal buyers (:mod:`laoke.core.forecast.season`) whose season starts within the
        horizon are expected in it, where the book's validation cutoff shows that their season
        dates their orders better than BG/NBD (``seasonal_dates_``). Everyone else follows
        BG/NBD's Lomax wait of a live customer on the book's seasonal clock
        (:func:`laoke.core.forecast.timing.seasonal_wait`: the busy months of the book's past
        years count for more days; flat under 13 months of history), at the quantile that held
        the stated one for customers like it at the book's past cutoffs (``wait_calibration_``,
        used only where the validation cutoff shows it dates orders better). Blending in the
        customer's own gamma rhythm made the next-order date worse on every benchmark book
        (CDNOW, grocery, Online Retail), so the rhythm informs P(order) and the reasons, and
        the date only through the calibration's groups.

        That day is then made to agree with the stated chances (``date_mode``): the chances
        ``F(t)`` give the first order's date, given one in the horizon ``H``, the distribution
        ``F(t) / F(H)``; the timing models' shape is warped to it at the anchor horizons
        (:func:`laoke.core.forecast.timing.agree_with_chances`) and the day is moved, if need be,
        to between that warp's ``quantile ± DATE_TOLERANCE`` days. Seasonal buyers dated by
        their own season keep it.
        """
        h = self.horizon_days if horizon_days is None else horizon_days
        timing = self._timing_days(quantile, float(h))
        if self.date_mode == "timing":
            days = timing
        else:
            shape, grid, share = self._date_inputs(h)
            if self.date_mode.startswith("clamp"):
                # The timing models' date, moved only as far as the chances' own quantiles
                # ``quantile`` ± ``DATE_TOLERANCE`` bound it.
                low = agree_with_chances(max(quantile - DATE_TOLERANCE, 0.0), shape, grid, share)
                high = agree_with_chances(min(quantile + DATE_TOLERANCE, 1.0), shape, grid, share)
                days = np.clip(timing, low, high)
                if self.seasonal_dates_:
                    # Seasonal buyers keep their season: the chances do not follow a customer's
                    # own months (a January buyer as of December: 30 % within 90 days).
                    season = ~np.isnan(self.season_.days_to_next(quantile, float(h)))
                    days = np.where(season, timing, days)
            else:
                days = agree_with_chances(quantile, shape, grid, share)
            if self.date_mode == "fix":
                days = np.where(self._contradicts(h), days, timing)
        return np.asarray(np.maximum(np.round(days), 0.0))

    def chance_share(self, grid: np.ndarray, horizon_days: int) -> np.ndarray:
        """Per customer, ``F(t) / F(H)`` at the days ``grid``: the share of the stated chance of an
        order within ``H = horizon_days`` that the stated chances put within ``t`` days
        (P(first order within ``t`` | an order within ``H``)), ``(n, len(grid))``."""
        total = np.maximum(self.probability_any(horizon_days), 1e-12)
        cols = [
            self.probability_any(int(t)) / total if t < horizon_days else np.ones_like(total) for t in grid
        ]
        return np.asarray(np.minimum(np.column_stack(cols), 1.0))

    def date_grid(self, horizon_days: int) -> np.ndarray:
        """The days at which the stated date is made to agree with the stated chances."""
        if self.date_mode in ("chances", "clamp"):
            days = list(range(7, horizon_days, 7))
        else:
            days = [a for a in self.anchor_horizons() if a < horizon_days]
        return np.asarray([*sorted(set(days)), horizon_days], dtype=np.float64)

    def _date_inputs(self, h: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        key = ("inputs-" + self.date_mode, h)
        if key not in self._date_cache:
            shape = np.column_stack([self._timing_days(float(q), float(h)) for q in SHAPE_LEVELS])
            shape = np.maximum.accumulate(shape, axis=1)
            grid = self.date_grid(h)
            self._date_cache[key] = (shape, grid, self.chance_share(grid, h))
        return self._date_cache[key]  # type: ignore[return-value]

    def _contradicts(self, h: int) -> np.ndarray:
        """Customers whose timing-model median or 80 % window disagrees with their stated chances."""
        key = ("contradicts", h)
        if key not in self._date_cache:
            grid = np.asarray([*list(range(7, h, 7)), h], dtype=np.float64)
            share = self.chance_share(grid, h)
            bad = np.zeros(share.shape[0], dtype=bool)
            for q, low, high in (
                (0.5, 0.4, 0.6),
                (WINDOW_QUANTILES[0], 0.0, 0.2),
                (WINDOW_QUANTILES[1], 0.8, 1.0),
            ):
                at = np.round(self._timing_days(q, float(h)))
                seen = np.array(
                    [
                        np.interp(a, np.r_[0.0, grid], np.r_[0.0, row])
                        for a, row in zip(at, share, strict=False)
                    ]
                )
                bad |= (seen < low) | (seen > high)
            self._date_cache[key] = bad
        return self._date_cache[key]  # type: ignore[return-value]

    def _timing_days(self, quantile: float, h: float) -> np.ndarray:
        """The timing models' (unrounded) days to the ``quantile`` of the next order."""
        design = self.design_
        level: float | np.ndarray = quantile
        if self.wait_calibration_ is not None:
            level = self.wait_calibration_.level(quantile, self.timing_groups_)
        days = seasonal_wait(
            level,
            h,
            shape=design.bgnbd.r_ + design.frequency,
            base_weeks=design.bgnbd.alpha_ + design.t_weeks,
            profile=self.book_profile_,
            as_of=self.as_of_,
        )
        if self.seasonal_dates_:
            seasonal = self.season_.days_to_next(quantile, h)
            days = np.where(np.isnan(seasonal), days, seasonal)
        return np.asarray(days)

    def predict(self, horizon_days: int | None = None) -> pl.DataFrame:
        """One forecast row per customer with at least one order before ``as_of``.

        Returns
        -------
        pl.DataFrame
            ``customer_id``, ``as_of``, ``horizon_days``, ``p_order`` (any order in the horizon),
            ``expected_orders``, ``expected_value``, ``next_order_date`` (median, given an order
            in the horizon), ``window_start`` / ``window_end`` (10 % / 90 %: the 80 % window), ``p_alive``
            (BG/NBD), ``typical_gap_days``, ``regularity`` (gamma shape of the gaps),
            ``reason_codes``, ``reasons`` (messages: :func:`~laoke.core.forecast.reasons.reason_columns`).
        """
        h = self.horizon_days if horizon_days is None else horizon_days
        design = self.design_
        p = self.probability_any(h)
        count = self.expected_orders(h)
        value_per_order = (design.n * design.monetary + VALUE_PRIOR * self.book_order_value_) / (
            design.n + VALUE_PRIOR
        )
        contributions = None
        if self.classifier_ is not None:
            stacked = self.classifier_.contributions(self.snapshot_.matrix)
            contributions = np.zeros((stacked.shape[0], len(self.reason_features_)))
            np.add.at(contributions.T, self._reason_of, stacked.T)
        codes = explain(contributions, design, self.reason_features_)
        as_of = pl.lit(self.as_of_)
        frame = pl.DataFrame(
            {
                "customer_id": design.customer_id,
                "horizon_days": np.full(len(p), h, dtype=np.int64),
                "p_order": p,
                "expected_orders": count,
                "expected_value": count * value_per_order,
                "median_days": self.days_to_next_order(0.5, h),
                "early_days": self.days_to_next_order(WINDOW_QUANTILES[0], h),
                "late_days": self.days_to_next_order(WINDOW_QUANTILES[1], h),
                "p_alive": design.bgnbd.probability_alive(
                    design.frequency, design.recency_weeks, design.t_weeks
                ),
                "typical_gap_days": design.rhythm.mean_gap,
                "regularity": design.rhythm.shape,
            }
        ).with_columns(reason_columns(codes, design))
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
            "reasons",
        )
