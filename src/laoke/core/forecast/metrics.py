"""Scoring rules for backtests (plain NumPy)."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt


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
    ranks = average_ranks(s)
    return float((ranks[y].sum() - n_pos * (n_pos + 1) / 2.0) / (n_pos * n_neg))


def average_ranks(values: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    """1-based ranks, ties given the mean of their ranks: ``scipy.stats.rankdata(values)``.

    The same figures (a tie group starting at rank ``k`` with ``c`` members gets ``k + (c - 1) / 2``,
    exact in floating point; any NaN makes every rank NaN); written here so that scoring does not
    import ``scipy.stats`` (a third of a second of every ``laoke score``'s start-up).
    """
    if values.size and np.isnan(values).any():
        return np.full(values.shape, np.nan)
    order = np.argsort(values, kind="quicksort")
    ordered = values[order]
    starts = np.concatenate([[True], ordered[1:] != ordered[:-1]])
    first = np.flatnonzero(starts)
    counts = np.diff(first, append=values.size)
    ranks = np.empty(values.size, dtype=np.float64)
    ranks[order] = np.repeat(first + 1 + (counts - 1) / 2.0, counts)
    return ranks


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
