"""Backtest: fit on the orders before a cutoff, score forecasts on the horizon after it.

A transaction is a distinct (customer, day). Customers scored are those with at least one
order before the cutoff; the horizon is ``[cutoff, cutoff + horizon_days)``.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np
import polars as pl

from laoke.core.forecast.alerts import has_rhythm, overdue_mask
from laoke.core.forecast.metrics import brier, mean_absolute_error, reliability, roc_auc, window_coverage
from laoke.core.forecast.model import WINDOW_QUANTILES, LaokeForecaster
from laoke.core.forecast.pareto_nbd import ParetoNBDModel
from laoke.core.forecast.rfm import RfmHeuristic
from laoke.core.forecast.transactions import count_in_window, customer_days

_WEEK = 7.0
#: The horizon of the chance users read beside a longer forecast (customer page, Today).
STATED_DAYS = 90


@dataclass
class ModelScores:
    """Scores of one model on one backtest."""

    auc: float
    brier: float
    mae_count: float
    mae_days: float
    predicted_total: float
    actual_total: float
    #: Sum over customers of the expected number of orders (order days) in the horizon.
    predicted_orders: float = float("nan")
    #: ``predicted_orders / actual orders - 1``: how far the book's forecast level is off.
    level: float = float("nan")
    #: Share of the customers who ordered whose first order fell in the stated 80 % window.
    window_coverage: float = float("nan")
    #: Per decile of stated P(any order): ``[stated mean, observed rate, customers]``.
    reliability: list[tuple[float, float, int]] = field(default_factory=list)


@dataclass
class BacktestResult:
    """All models' scores; :meth:`to_dict` gives the JSON of ``laoke backtest --json``."""

    cutoff: dt.date
    horizon_days: int
    customers: int
    active_in_horizon: int
    models: dict[str, ModelScores]
    alerts: dict[str, float] = field(default_factory=dict)
    #: AUC of recency alone (the later the last order, the likelier the next): a ranking, not
    #: a forecast, so it has no Brier score or count and is not among ``models``.
    recency_auc: float = float("nan")
    #: Laoke's chance of an order within ``STATED_DAYS`` (as the app states it beside the
    #: horizon's forecast) against what happened in those days: ``days``, ``brier`` and
    #: ``reliability`` (per decile, or per fifth under 200 customers: ``[stated mean,
    #: observed rate, customers]``). Empty when the horizon is not longer than ``STATED_DAYS``.
    stated_chance: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready dict (``NaN`` becomes ``None``)."""

        def clean(value: Any) -> Any:
            if isinstance(value, float) and not math.isfinite(value):
                return None
            if isinstance(value, dict):
                return {k: clean(v) for k, v in value.items()}
            if isinstance(value, list | tuple):
                return [clean(v) for v in value]
            return value

        return clean(
            {
                "cutoff": self.cutoff.isoformat(),
                "horizon_days": self.horizon_days,
                "customers": self.customers,
                "active_in_horizon": self.active_in_horizon,
                "actual_orders": next(iter(self.models.values())).actual_total if self.models else 0.0,
                "models": {name: asdict(scores) for name, scores in self.models.items()},
                "alerts": self.alerts,
                "recency_auc": self.recency_auc,
                "stated_chance": self.stated_chance,
            }
        )


def _scores(
    y_count: np.ndarray,
    first_days: np.ndarray,
    p_any: np.ndarray,
    expected: np.ndarray,
    days_pred: np.ndarray,
    window: tuple[np.ndarray, np.ndarray] | None = None,
) -> ModelScores:
    ordered = y_count > 0
    predicted, actual = float(np.sum(expected)), float(np.sum(y_count))
    return ModelScores(
        auc=roc_auc(ordered, p_any),
        brier=brier(ordered, p_any),
        mae_count=mean_absolute_error(y_count, expected),
        mae_days=mean_absolute_error(first_days[ordered], days_pred[ordered]),
        predicted_total=predicted,
        actual_total=actual,
        predicted_orders=predicted,
        level=predicted / actual - 1.0 if actual > 0 else float("nan"),
        window_coverage=(
            window_coverage(first_days[ordered], window[0][ordered], window[1][ordered])
            if window is not None
            else float("nan")
        ),
        reliability=reliability(ordered, p_any),
    )


def run_backtest(
    orders: pl.DataFrame, *, cutoff: dt.date, horizon_days: int, quick_pareto: bool = False
) -> BacktestResult:
    """Score Laoke, BG/NBD, Pareto/NBD, the RFM heuristic and recency on one cutoff of a book.

    Parameters
    ----------
    orders : pl.DataFrame
        Order lines with at least ``customer_id``, ``order_date`` and ``amount`` (optional
        ``product`` and ``quantity`` feed Laoke's basket and product-range features).
    cutoff : datetime.date
        First day of the horizon; models see only orders dated before it.
    horizon_days : int
        Length of the scored horizon in days.
    quick_pareto : bool
        Fit Pareto/NBD quickly (:meth:`ParetoNBDModel.fit` with ``quick=True``: 16 nodes, the
        analytic gradient, no polish; its parameters move by about 1e-4) instead of fully.

    Returns
    -------
    BacktestResult
        ROC AUC and Brier of P(any order in the horizon), MAE of the number of transactions,
        MAE in days of the first order date for customers who ordered, the share of those whose
        first order fell in the stated 80 % window, the predicted orders and the level
        (predicted / actual - 1), the reliability table (deciles of stated P), the reliability
        of Laoke's chance within ``STATED_DAYS`` (what the app states) and the overdue alert's
        precision, recall and lead time.
    """
    days = customer_days(orders)
    end = cutoff + dt.timedelta(days=horizon_days)
    forecaster = LaokeForecaster(horizon_days=horizon_days).fit(orders, as_of=cutoff)
    design = forecaster.design_
    ids = design.customer_id
    outcome = pl.DataFrame({"customer_id": ids}).join(
        count_in_window(days, start=cutoff, end=end), on="customer_id", how="left"
    )
    y_count = outcome["count"].fill_null(0).to_numpy().astype(np.float64)
    first_days = (
        outcome.select((pl.col("first_date") - pl.lit(cutoff)).dt.total_days())
        .to_series()
        .fill_null(-1)
        .to_numpy()
        .astype(np.float64)
    )
    models: dict[str, ModelScores] = {}
    laoke_p = forecaster.probability_any()
    low, high = WINDOW_QUANTILES
    models["laoke"] = _scores(
        y_count,
        first_days,
        laoke_p,
        forecaster.expected_orders(),
        forecaster.days_to_next_order(0.5),
        (forecaster.days_to_next_order(low), forecaster.days_to_next_order(high)),
    )

    stated_chance: dict[str, Any] = {}
    if horizon_days > STATED_DAYS:
        short = pl.DataFrame({"customer_id": ids}).join(
            count_in_window(days, start=cutoff, end=cutoff + dt.timedelta(days=STATED_DAYS)),
            on="customer_id",
            how="left",
        )
        ordered_short = short["count"].fill_null(0).to_numpy() > 0
        p_short = forecaster.probability_any(STATED_DAYS)
        stated_chance = {
            "days": STATED_DAYS,
            "brier": brier(ordered_short, p_short),
            "reliability": reliability(ordered_short, p_short, bins=10 if len(ids) >= 200 else 5),
        }

    p_bg = design.bgnbd_probability(horizon_days)
    bg_days = design.bgnbd_days_to_next(0.5, horizon_days)
    bg_window = tuple(np.round(design.bgnbd_days_to_next(q, horizon_days)) for q in WINDOW_QUANTILES)
    models["bgnbd"] = _scores(
        y_count, first_days, p_bg, design.bgnbd_expected(horizon_days), bg_days, (bg_window[0], bg_window[1])
    )

    pareto = ParetoNBDModel().fit(design.frequency, design.recency_weeks, design.t_weeks, quick=quick_pareto)
    weeks = horizon_days / _WEEK
    pareto_window = tuple(
        np.round(pareto.days_to_next(q, weeks, design.frequency, design.t_weeks) * _WEEK)
        for q in WINDOW_QUANTILES
    )
    models["pareto_nbd"] = _scores(
        y_count,
        first_days,
        pareto.probability_any(weeks, design.frequency, design.recency_weeks, design.t_weeks),
        pareto.expected_purchases(weeks, design.frequency, design.recency_weeks, design.t_weeks),
        pareto.days_to_next(0.5, weeks, design.frequency, design.t_weeks) * _WEEK,
        (pareto_window[0], pareto_window[1]),
    )

    tenure = design.t_weeks * _WEEK + 1.0
    rfm = RfmHeuristic().fit(design.n, tenure)
    models["rfm"] = _scores(
        y_count,
        first_days,
        rfm.probability_any(horizon_days, design.n, design.recency_days, tenure),
        rfm.expected_count(horizon_days, design.n, design.recency_days, tenure),
        np.minimum(rfm.next_order_days(design.n, design.recency_days, tenure), horizon_days - 1),
    )

    flagged = overdue_mask(design.n, design.recency_days, design.rhythm)
    lost = y_count == 0
    true_pos = flagged & lost
    # Only customers with a rhythm of their own can be overdue: the fair base rate is theirs.
    rhythmic = has_rhythm(design.n)
    # Lead time: how long before a plain "one year without orders" rule would call the
    # customer lost the overdue flag fired (at the cutoff).
    lead = 365.0 - design.recency_days[true_pos]
    alerts = {
        "flagged": float(flagged.sum()),
        "precision": float(true_pos.sum() / flagged.sum()) if flagged.any() else float("nan"),
        "recall": float(true_pos.sum() / lost.sum()) if lost.any() else float("nan"),
        "base_rate": float(lost.mean()) if lost.size else float("nan"),
        "rhythm_base_rate": float(lost[rhythmic].mean()) if rhythmic.any() else float("nan"),
        # What the alerts say (the forecast chance of no order in the horizon, as the app
        # states it) against what happened (precision): a calibration check.
        "stated_confidence": float(np.mean(1.0 - laoke_p[flagged])) if flagged.any() else float("nan"),
        "rhythm_only_confidence": (
            float(np.mean(1.0 - design.rhythm.survival(design.recency_days)[flagged]))
            if flagged.any()
            else float("nan")
        ),
        "lead_days": float(np.mean(lead)) if lead.size else float("nan"),
    }
    return BacktestResult(
        cutoff=cutoff,
        horizon_days=horizon_days,
        customers=len(ids),
        active_in_horizon=int((y_count > 0).sum()),
        models=models,
        alerts=alerts,
        recency_auc=roc_auc(y_count > 0, -design.recency_days),
        stated_chance=stated_chance,
    )
