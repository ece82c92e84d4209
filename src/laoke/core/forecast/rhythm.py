"""Each customer's own ordering rhythm: a gamma renewal model shrunk toward the book.

Gaps between a customer's purchase days are modelled as Gamma(shape ``k_i``, mean ``mu_i``).
The shape measures regularity (``1/sqrt(k)`` is the gaps' coefficient of variation): a customer
who reorders every 30 +- 3 days has a large ``k``, a Poisson-like buyer ``k ~ 1``. With few gaps
the estimates are pulled toward the book's, as an empirical-Bayes prior (Platzer & Reutterer
2016 show why timing regularity matters for such forecasts).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy import special

FloatArray = npt.NDArray[np.float64]

#: Pseudo-gaps of prior weight given to the book's mean gap and log-gap variance.
PRIOR_GAPS = 2.0


def inverse_trigamma(values: npt.ArrayLike) -> FloatArray:
    """Solve ``trigamma(k) = v`` for ``k`` (Newton from below the root).

    ``trigamma(k) > 1/k + 1/(2 k**2)``, so ``k0 = (1 + sqrt(1 + 2 v)) / (2 v)`` lies below the
    root; trigamma is decreasing and convex, so Newton's steps from there rise monotonically to
    it without overshooting (a start above the root, as ``1/v + 1/2`` is for ``v`` above about
    8, can jump to a negative ``k``).
    """
    v = np.asarray(values, dtype=np.float64)
    k = (1.0 + np.sqrt(1.0 + 2.0 * v)) / (2.0 * v)
    for _ in range(12):
        k = k - (special.polygamma(1, k) - v) / special.polygamma(2, k)
    return np.asarray(k, dtype=np.float64)


#: Range of log-gap variances ``fit_rhythm`` solves for (values outside are clipped to it).
_LOG_VAR_RANGE = (0.01, 50.0)
_TABLE_POINTS = 4096


@functools.cache
def _inverse_trigamma_table() -> tuple[FloatArray, FloatArray]:
    """``log v`` and ``log inverse_trigamma(v)`` on a log-spaced grid over ``_LOG_VAR_RANGE``."""
    log_v = np.linspace(np.log(_LOG_VAR_RANGE[0]), np.log(_LOG_VAR_RANGE[1]), _TABLE_POINTS)
    return log_v, np.log(inverse_trigamma(np.exp(log_v)))


def fast_inverse_trigamma(values: npt.ArrayLike) -> FloatArray:
    """:func:`inverse_trigamma` for values in ``_LOG_VAR_RANGE``, interpolated in log-log space.

    ``log k`` is smooth and nearly linear in ``log v``, so linear interpolation on 4,096 points
    is accurate to about 1e-6 (relative) and, on 100 k customers, a hundred times faster than
    Newton steps on the polygamma functions.
    """
    log_v, log_k = _inverse_trigamma_table()
    v = np.clip(np.asarray(values, dtype=np.float64), *_LOG_VAR_RANGE)
    return np.asarray(np.exp(np.interp(np.log(v), log_v, log_k)))


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
    shape = np.clip(fast_inverse_trigamma(log_var), 0.2, 50.0)
    return Rhythm(shape=shape, mean_gap=np.maximum(mean_gap, 1.0)), book_mean_gap, book_log_var
