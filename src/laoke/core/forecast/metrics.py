"""Scoring rules for backtests (plain NumPy)."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
from scipy import stats


def roc_auc(labels: npt.ArrayLike, scores: npt.ArrayLike) -> float:
    """Area under the ROC curve via the Mann-Whitney U statistic (ties count one half).

    Returns ``nan`` when only one class is present.
    """
    y = np.asarray(labels, dtype=bool)
    s = np.asarray(scores, dtype=np.float64)
    n_pos = int(y.sum())
    n_neg = int(y.size - n_pos)
    if n_pos == 0 or n_neg == 0:
        return float("nan")
    ranks = stats.rankdata(s)
    return float((ranks[y].sum() - n_pos * (n_pos + 1) / 2.0) / (n_pos * n_neg))


def brier(labels: npt.ArrayLike, probabilities: npt.ArrayLike) -> float:
    """Mean squared error of probabilities against 0/1 outcomes."""
    y = np.asarray(labels, dtype=np.float64)
    p = np.asarray(probabilities, dtype=np.float64)
    return float(np.mean((p - y) ** 2)) if y.size else float("nan")


def mean_absolute_error(actual: npt.ArrayLike, predicted: npt.ArrayLike) -> float:
    """Mean absolute error; ``nan`` for empty input."""
    a = np.asarray(actual, dtype=np.float64)
    p = np.asarray(predicted, dtype=np.float64)
    return float(np.mean(np.abs(a - p))) if a.size else float("nan")


def reliability(
    labels: npt.ArrayLike, probabilities: npt.ArrayLike, bins: int = 10
) -> list[tuple[float, float, int]]:
    """The reliability table: per equal-size bin of stated P (deciles by default), mean and observed rate.

    Customers are sorted by the stated probability (ties keep their order) and cut into
    ``bins`` groups of (nearly) equal size. Returns ``(stated mean, observed rate, size)`` per
    bin, lowest first; empty bins are left out.
    """
    y = np.asarray(labels, dtype=np.float64)
    p = np.asarray(probabilities, dtype=np.float64)
    order = np.argsort(p, kind="stable")
    return [
        (float(np.mean(p[part])), float(np.mean(y[part])), int(part.size))
        for part in np.array_split(order, bins)
        if part.size
    ]


def window_coverage(first_days: npt.ArrayLike, start: npt.ArrayLike, end: npt.ArrayLike) -> float:
    """Share of the customers whose first order (days from the cutoff) falls in ``[start, end]``.

    Pass only the customers who ordered in the horizon; ``nan`` for none.
    """
    d = np.asarray(first_days, dtype=np.float64)
    if not d.size:
        return float("nan")
    inside = (d >= np.asarray(start, dtype=np.float64)) & (d <= np.asarray(end, dtype=np.float64))
    return float(np.mean(inside))
