"""A plain recency-frequency-monetary heuristic, the simplest baseline and fallback."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]


class RfmHeuristic:
    """Score customers by recency and frequency the way a spreadsheet RFM would.

    Each customer's purchase rate is its transactions per day of tenure (at least 30 days).
    The chance it is still buying decays with recency measured in its own average gaps,
    ``exp(-recency / (2 * mean_gap))``. Expected transactions in a horizon ``h`` are
    ``alive * rate * h`` and ``P(any) = alive * (1 - exp(-rate * h))``. There is nothing to fit
    beyond the book's median gap, used for single-purchase customers.

    Attributes
    ----------
    median_gap_ : float
        The book's median days between a customer's first and second purchase proxy
        (tenure / repeat purchases) among repeat buyers.
    """

    def fit(self, n_transactions: npt.ArrayLike, tenure_days: npt.ArrayLike) -> RfmHeuristic:
        """Learn the book's typical gap (days) from repeat buyers.

        Parameters
        ----------
        n_transactions : array_like
            Transactions (distinct purchase days) per customer before the cutoff.
        tenure_days : array_like
            Days from each customer's first transaction to the cutoff.
        """
        n = np.asarray(n_transactions, dtype=np.float64)
        tenure = np.asarray(tenure_days, dtype=np.float64)
        repeat = n > 1
        self.median_gap_ = float(np.median(tenure[repeat] / (n[repeat] - 1))) if repeat.any() else 90.0
        return self

    def _rate_alive(
        self, n_transactions: npt.ArrayLike, recency_days: npt.ArrayLike, tenure_days: npt.ArrayLike
    ) -> tuple[FloatArray, FloatArray]:
        n = np.asarray(n_transactions, dtype=np.float64)
        recency = np.asarray(recency_days, dtype=np.float64)
        tenure = np.asarray(tenure_days, dtype=np.float64)
        mean_gap = np.where(n > 1, np.maximum(tenure, 30.0) / np.maximum(n - 1, 1.0), self.median_gap_ * 2)
        rate = n / np.maximum(tenure, 30.0)
        alive = np.exp(-recency / (2.0 * np.maximum(mean_gap, 1.0)))
        return rate, alive

    def expected_count(
        self,
        horizon_days: float,
        n_transactions: npt.ArrayLike,
        recency_days: npt.ArrayLike,
        tenure_days: npt.ArrayLike,
    ) -> FloatArray:
        """Expected transactions in the next ``horizon_days`` days."""
        rate, alive = self._rate_alive(n_transactions, recency_days, tenure_days)
        return alive * rate * horizon_days

    def probability_any(
        self,
        horizon_days: float,
        n_transactions: npt.ArrayLike,
        recency_days: npt.ArrayLike,
        tenure_days: npt.ArrayLike,
    ) -> FloatArray:
        """Heuristic P(at least one transaction in the next ``horizon_days`` days)."""
        rate, alive = self._rate_alive(n_transactions, recency_days, tenure_days)
        return alive * (1.0 - np.exp(-rate * horizon_days))

    def next_order_days(
        self, n_transactions: npt.ArrayLike, recency_days: npt.ArrayLike, tenure_days: npt.ArrayLike
    ) -> FloatArray:
        """Days from the cutoff to the next expected order: one average gap after the last one."""
        n = np.asarray(n_transactions, dtype=np.float64)
        recency = np.asarray(recency_days, dtype=np.float64)
        tenure = np.asarray(tenure_days, dtype=np.float64)
        mean_gap = np.where(n > 1, np.maximum(tenure, 30.0) / np.maximum(n - 1, 1.0), self.median_gap_)
        return np.maximum(mean_gap - recency, 1.0)
