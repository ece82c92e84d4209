"""Each customer's own ordering rhythm: a gamma renewal model shrunk toward the book.

Gaps between a customer's purchase days are modelled as Gamma(shape ``k_i``, mean ``mu_i``).
The shape measures regularity (``1/sqrt(k)`` is the gaps' coefficient of variation): a customer
who reorders every 30 +- 3 days has a large ``k``, a Poisson-like buyer ``k ~ 1``. With few gaps
the estimates are pulled toward the book's, as an empirical-Bayes prior (Platzer & Reutterer
2016 show why timing regularity matters for such forecasts).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy import special

FloatArray = npt.NDArray[np.float64]

#: Pseudo-gaps of prior weight given to the book's mean gap and log-gap variance.
PRIOR_GAPS = 2.0


def inverse_trigamma(values: npt.ArrayLike) -> FloatArray:
    """Solve ``trigamma(k) = v`` for ``k`` (Newton, from the ``1/v + 1/2`` start)."""
    v = np.asarray(values, dtype=np.float64)
    k = 1.0 / v + 0.5
    for _ in range(8):
        k = np.maximum(k - (special.polygamma(1, k) - v) / special.polygamma(2, k), 1e-3)
    return k


@dataclass(frozen=True)
class Rhythm:
    """Per-customer gap distributions (arrays aligned with the feature frame)."""

    shape: FloatArray
    mean_gap: FloatArray

    def survival(self, days: npt.ArrayLike) -> FloatArray:
        """P(gap > days)."""
        return np.asarray(special.gammaincc(self.shape, np.asarray(days) * self.shape / self.mean_gap))

    def probability_within(self, elapsed: npt.ArrayLike, horizon: npt.ArrayLike) -> FloatArray:
        """P(next order within ``horizon`` days | ``elapsed`` days since the last), no dropout."""
        s_now = self.survival(elapsed)
        s_then = self.survival(np.asarray(elapsed) + np.asarray(horizon))
        with np.errstate(divide="ignore", invalid="ignore"):
            p = np.where(s_now > 1e-300, 1.0 - s_then / s_now, 1.0)
        return np.clip(p, 0.0, 1.0)

    def cumulative_hazard(self, elapsed: npt.ArrayLike, days: npt.ArrayLike) -> FloatArray:
        """``-log P(no order in the next days | elapsed)``, the residual cumulative hazard."""
        p = self.probability_within(elapsed, days)
        return -np.log(np.maximum(1.0 - p, 1e-12))

    def quantile_gap(self, q: float) -> FloatArray:
        """The q-quantile of the full gap distribution, in days."""
        return np.asarray(special.gammainccinv(self.shape, 1.0 - q) * self.mean_gap / self.shape)


def fit_rhythm(
    gap_count: npt.ArrayLike,
    gap_sum: npt.ArrayLike,
    log_gap_ss: npt.ArrayLike,
    *,
    book_mean_gap: float | None = None,
    book_log_var: float | None = None,
) -> tuple[Rhythm, float, float]:
    """Estimate every customer's gap shape and mean with shrinkage toward the book.

    Parameters
    ----------
    gap_count, gap_sum, log_gap_ss : array_like
        Per customer: number of gaps, their sum in days, and the sum of squared deviations of
        log gaps from the customer's mean log gap.
    book_mean_gap, book_log_var : float, optional
        The book-level prior; estimated from the customers when not given.

    Returns
    -------
    (Rhythm, float, float)
        The rhythms and the book's mean gap and within-customer log-gap variance used as prior.
    """
    n = np.asarray(gap_count, dtype=np.float64)
    total = np.asarray(gap_sum, dtype=np.float64)
    ss = np.asarray(log_gap_ss, dtype=np.float64)
    if book_mean_gap is None:
        repeat = n > 0
        book_mean_gap = float(np.median(total[repeat] / n[repeat])) if repeat.any() else 60.0
    if book_log_var is None:
        several = n > 2
        book_log_var = float(ss[several].sum() / max((n[several] - 1).sum(), 1.0)) if several.any() else 1.0
        book_log_var = float(np.clip(book_log_var, 0.02, 5.0))
    mean_gap = (total + PRIOR_GAPS * book_mean_gap) / (n + PRIOR_GAPS)
    log_var = (ss + PRIOR_GAPS * book_log_var) / (np.maximum(n - 1.0, 0.0) + PRIOR_GAPS)
    shape = np.clip(inverse_trigamma(np.clip(log_var, 0.01, 50.0)), 0.2, 50.0)
    return Rhythm(shape=shape, mean_gap=np.maximum(mean_gap, 1.0)), book_mean_gap, book_log_var
