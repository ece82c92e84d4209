"""The BG/NBD model of Fader, Hardie & Lee (2005), a buy-till-you-die baseline.

References
----------
.. [1] Fader, P. S., Hardie, B. G. S. & Lee, K. L. (2005). "Counting your customers" the easy
   way: an alternative to the Pareto/NBD model. *Marketing Science* 24(2), 275-284.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy import optimize, special

FloatArray = npt.NDArray[np.float64]

# Bounds on the log-parameters keep the optimiser inside floating point range; the upper bound
# on b (and lower on a) lets the fit reach the no-dropout boundary (a -> 0, b -> inf) that the
# Online Retail data runs into, where the model becomes the NBD.
_LOG_BOUNDS = [(-12.0, 8.0), (-12.0, 14.0), (-20.0, 8.0), (-12.0, 16.0)]
_NO_DROPOUT = 1e-7  # a / (a + b) below this: treat dropout as impossible (NBD limit)


@dataclass
class _Data:
    x: FloatArray
    t_x: FloatArray
    T: FloatArray
    weights: FloatArray

    def __post_init__(self) -> None:
        # Repeat counts take few distinct values: the gamma-function terms, which depend on x
        # alone, are evaluated once per distinct x and spread back (most of the fit's time).
        unique, index = np.unique(self.x, return_inverse=True)
        self.x_unique: FloatArray = np.asarray(unique, dtype=np.float64)
        self.x_index = index.ravel()

    def by_x(self, values: FloatArray) -> FloatArray:
        """Spread values computed on ``x_unique`` back to every row."""
        return np.asarray(values[self.x_index], dtype=np.float64)


def _log_likelihood_terms(params: FloatArray, data: _Data) -> FloatArray:
    """Per-customer log-likelihood, eq. (6) of [1] written in logs for stability."""
    return _log_likelihood(params, data, gradient=False)[0]


def _log_likelihood(
    params: FloatArray, data: _Data, *, gradient: bool = True
) -> tuple[FloatArray, FloatArray | None]:
    """Per-customer log-likelihood and, with ``gradient``, its derivatives by the log-parameters.

    Writing ``L = A1 + A2 + log(exp(A3) + exp(A4))`` as in eq. (6) of [1] with
    ``A1 = lnG(r + x) - lnG(r) + r ln(alpha)``,
    ``A2 = lnG(a + b) + lnG(b + x) - lnG(b) - lnG(a + b + x)``,
    ``A3 = -(r + x) ln(alpha + T)`` and ``A4 = ln(a) - ln(b + x - 1) - (r + x) ln(alpha + t_x)``
    (only for ``x > 0``), the derivatives use the softmax weights ``w3``, ``w4`` of A3 and A4
    and the digamma function. The gradient is returned as a ``(4, n)`` array of
    ``d L / d log(param)`` (the optimiser works on log-parameters), or None.
    """
    r, alpha, a, b = params
    x, t_x, T = data.x, data.t_x, data.T
    xu = data.x_unique
    a1 = data.by_x(special.gammaln(r + xu)) - special.gammaln(r) + r * np.log(alpha)
    a2 = (
        special.gammaln(a + b)
        + data.by_x(special.gammaln(b + xu) - special.gammaln(a + b + xu))
        - special.gammaln(b)
    )
    log_alpha_t = np.log(alpha + T)
    a3 = -(r + x) * log_alpha_t
    repeat = x > 0
    log_alpha_tx = np.log(alpha + t_x)
    b_x1 = np.maximum(b + x - 1.0, 1e-300)
    with np.errstate(divide="ignore", invalid="ignore"):
        a4 = np.where(repeat, np.log(a) - np.log(b_x1) - (r + x) * log_alpha_tx, -np.inf)
    a34 = np.logaddexp(a3, a4)
    terms = np.asarray(a1 + a2 + a34, dtype=np.float64)
    if not gradient:
        return terms, None
    w3 = np.exp(a3 - a34)
    w4 = np.where(repeat, np.exp(a4 - a34), 0.0)
    psi_ab = special.digamma(a + b)
    psi_abx = data.by_x(special.digamma(a + b + xu))
    psi_rx = data.by_x(special.digamma(r + xu))
    psi_bx = data.by_x(special.digamma(b + xu))
    d_r = psi_rx - special.digamma(r) + np.log(alpha) - w3 * log_alpha_t - w4 * log_alpha_tx
    d_alpha = r / alpha - (r + x) * (w3 / (alpha + T) + w4 / (alpha + t_x))
    d_a = psi_ab - psi_abx + w4 / a
    d_b = psi_ab + psi_bx - special.digamma(b) - psi_abx - w4 / b_x1
    grad = np.vstack([d_r * r, d_alpha * alpha, d_a * a, d_b * b])
    return terms, grad


class BetaGeoModel:
    """BG/NBD: Poisson purchasing while alive, geometric dropout after each purchase.

    Heterogeneity: purchase rates ``lambda ~ Gamma(r, alpha)`` and dropout probabilities
    ``p ~ Beta(a, b)`` across customers [1]_.

    Attributes
    ----------
    r_, alpha_, a_, b_ : float
        Fitted parameters (after :meth:`fit`).
    log_likelihood_ : float
        Total log-likelihood at the fitted parameters.

    References
    ----------
    .. [1] Fader, Hardie & Lee (2005), *Marketing Science* 24(2), 275-284.
    """

    def __init__(self, *, penalizer: float = 0.0, max_fit_customers: int = 30_000, seed: int = 0) -> None:
        self.penalizer = penalizer
        self.max_fit_customers = max_fit_customers
        self.seed = seed

    def fit(
        self,
        frequency: npt.ArrayLike,
        recency: npt.ArrayLike,
        T: npt.ArrayLike,
        *,
        weights: npt.ArrayLike | None = None,
        start: npt.ArrayLike | None = None,
    ) -> BetaGeoModel:
        """Fit by maximum likelihood (eq. 6 of [1]) over log-parameters with L-BFGS-B.

        Parameters
        ----------
        frequency : array_like
            Repeat transactions ``x`` in the calibration period.
        recency : array_like
            Time ``t_x`` of the last transaction, measured from the first.
        T : array_like
            Time from the first transaction to the end of calibration.
        weights : array_like, optional
            Number of customers sharing each row (for pre-aggregated inputs).
        start : array_like, optional
            ``(r, alpha, a, b)`` to start from, e.g. the fit of the same book a month earlier
            (the forecaster fits one per past cutoff). When the optimiser converges from there
            the default starts are skipped.

        Notes
        -----
        The parameters describe the population, so books larger than ``max_fit_customers``
        are fitted on a seeded random subsample of that size (deterministic, and seconds
        instead of minutes at 100 k customers); predictions still cover every customer.

        Returns
        -------
        BetaGeoModel
            ``self``, with ``r_``, ``alpha_``, ``a_``, ``b_`` and ``log_likelihood_`` set.
        """
        x, t_x, t_end = (np.asarray(v, dtype=np.float64) for v in (frequency, recency, T))
        w = None if weights is None else np.asarray(weights, dtype=np.float64)
        if x.size > self.max_fit_customers:
            pick = np.sort(
                np.random.default_rng(self.seed).choice(x.size, self.max_fit_customers, replace=False)
            )
            x, t_x, t_end = x[pick], t_x[pick], t_end[pick]
            w = None if w is None else w[pick]
        data = _compress(x, t_x, t_end, w)
        if not data.x.size:
            raise ValueError("BG/NBD needs at least one customer to fit")
        total = float(data.weights.sum())
        scale = max(float(np.average(data.T, weights=data.weights)), 1e-9)

        def objective(log_params: FloatArray) -> tuple[float, FloatArray]:
            params = np.exp(log_params)
            terms, grad = _log_likelihood(params, data)
            assert grad is not None
            ll = float((data.weights * terms).sum())  # element-wise: threaded BLAS competes with Polars
            if not np.isfinite(ll):
                return 1e300, np.zeros(4)
            penalty = self.penalizer * float(np.sum(params**2))
            d_ll = (grad * data.weights).sum(axis=1) - 2.0 * self.penalizer * params**2
            return -(ll - penalty) / total, np.asarray(-d_ll / total, dtype=np.float64)

        starts = [[0.0, np.log(scale), 0.0, 0.0], [np.log(0.5), np.log(scale / 2), -1.0, 1.0]]
        warm = start is not None
        if start is not None:
            low, high = np.array(_LOG_BOUNDS).T
            starts.insert(0, list(np.clip(np.log(np.asarray(start, dtype=np.float64)), low, high)))
        best: optimize.OptimizeResult | None = None
        for at in starts:
            result = optimize.minimize(
                objective,
                np.array(at),
                method="L-BFGS-B",
                jac=True,
                bounds=_LOG_BOUNDS,
                options={"maxiter": 2000, "ftol": 1e-13, "gtol": 1e-9},
            )
            if best is None or result.fun < best.fun:
                best = result
            if _settled(result) or (warm and result.success):
                break  # a clean optimum: the other starts would find it again
            warm = False
        assert best is not None
        self.r_, self.alpha_, self.a_, self.b_ = (float(v) for v in np.exp(best.x))
        self.log_likelihood_ = float((data.weights * _log_likelihood_terms(self.params_, data)).sum())
        return self

    @property
    def params_(self) -> FloatArray:
        """The fitted ``(r, alpha, a, b)`` as an array."""
        return np.array([self.r_, self.alpha_, self.a_, self.b_], dtype=np.float64)

    @property
    def _no_dropout(self) -> bool:
        return self.a_ / (self.a_ + self.b_) < _NO_DROPOUT

    def probability_alive(
        self, frequency: npt.ArrayLike, recency: npt.ArrayLike, T: npt.ArrayLike
    ) -> FloatArray:
        """P(alive at T | x, t_x, T), eq. (13) of [1].

        Returns
        -------
        numpy.ndarray
            One probability per customer; 1 for customers without repeat purchases.
        """
        x, t_x, t_end = (np.asarray(v, dtype=np.float64) for v in (frequency, recency, T))
        if self._no_dropout:
            return np.ones_like(x)
        r, alpha, a, b = self.params_
        with np.errstate(divide="ignore", over="ignore"):
            log_ratio = (
                np.log(a)
                - np.log(np.maximum(b + x - 1.0, 1e-300))
                + (r + x) * (np.log(alpha + t_end) - np.log(alpha + t_x))
            )
        return np.where(x > 0, special.expit(-log_ratio), 1.0)

    def expected_purchases(
        self, t: float, frequency: npt.ArrayLike, recency: npt.ArrayLike, T: npt.ArrayLike
    ) -> FloatArray:
        """Expected transactions in ``(T, T + t]`` given the history, eq. (10) of [1].

        Uses the Gaussian hypergeometric function; at the no-dropout boundary the limit
        ``(r + x) t / (alpha + T)`` (the NBD conditional expectation) is used instead.
        """
        x, t_x, t_end = (np.asarray(v, dtype=np.float64) for v in (frequency, recency, T))
        r, alpha, a, b = self.params_
        if self._no_dropout:
            return (r + x) * t / (alpha + t_end)
        z = t / (alpha + t_end + t)
        log_front = (r + x) * (np.log(alpha + t_end) - np.log(alpha + t_end + t))
        hyp = special.hyp2f1(r + x, b + x, a + b + x - 1.0, z)
        # At a = 1 (or an overflowing series) the closed form is not finite; those rows take the
        # fallback below, so the division warnings say nothing the caller needs to know.
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            numerator = (a + b + x - 1.0) / (a - 1.0) * (1.0 - np.exp(log_front) * hyp)
        expected = numerator * self.probability_alive(x, t_x, t_end)
        fallback = (r + x) * t / (alpha + t_end) * self.probability_alive(x, t_x, t_end)
        good = np.isfinite(expected) & (expected >= 0)
        return np.where(good, expected, fallback)

    def probability_any(
        self, t: float, frequency: npt.ArrayLike, recency: npt.ArrayLike, T: npt.ArrayLike
    ) -> FloatArray:
        """P(at least one transaction in ``(T, T + t]`` | history).

        Dropout happens only just after a purchase, so no purchase in the window means either
        the customer is dead or a live customer's Poisson process stayed silent; with
        ``lambda | alive ~ Gamma(r + x, alpha + T)`` this gives
        ``1 - [(1 - P_alive) + P_alive ((alpha + T) / (alpha + T + t)) ** (r + x)]``.
        """
        x, t_x, t_end = (np.asarray(v, dtype=np.float64) for v in (frequency, recency, T))
        alive = self.probability_alive(x, t_x, t_end)
        silent = np.exp((self.r_ + x) * (np.log(self.alpha_ + t_end) - np.log(self.alpha_ + t_end + t)))
        return np.asarray(alive * (1.0 - silent), dtype=np.float64)

    def residual_time_quantile(
        self, q: npt.ArrayLike, frequency: npt.ArrayLike, T: npt.ArrayLike
    ) -> FloatArray:
        """Quantile of the time to the next purchase of a live customer (Lomax / Pareto II).

        With ``lambda ~ Gamma(r + x, alpha + T)``, ``P(wait > s) = ((alpha+T)/(alpha+T+s))^(r+x)``.
        """
        x, t_end = (np.asarray(v, dtype=np.float64) for v in (frequency, T))
        qq = np.asarray(q, dtype=np.float64)
        base = self.alpha_ + t_end
        return np.asarray(base * ((1.0 - qq) ** (-1.0 / (self.r_ + x)) - 1.0), dtype=np.float64)


def _settled(result: optimize.OptimizeResult) -> bool:
    """Whether an L-BFGS-B result is a clean optimum away from the bounds and the no-dropout edge.

    Near the edge (``a / (a + b)`` small) the likelihood is nearly flat along ``a -> 0, b -> inf``
    and another start can end measurably closer to the limit, so both starts are run there.
    """
    log_params = np.asarray(result.x)
    low = np.array([lo for lo, _ in _LOG_BOUNDS])
    high = np.array([hi for _, hi in _LOG_BOUNDS])
    on_bound = bool(np.any(log_params <= low + 1e-6) or np.any(log_params >= high - 1e-6))
    a, b = np.exp(log_params[2]), np.exp(log_params[3])
    return bool(result.success) and not on_bound and a / (a + b) > 1e-3


def _compress(
    frequency: npt.ArrayLike, recency: npt.ArrayLike, T: npt.ArrayLike, weights: npt.ArrayLike | None
) -> _Data:
    """Merge identical (x, t_x, T) rows so the likelihood is evaluated once per pattern."""
    x = np.asarray(frequency, dtype=np.float64)
    t_x = np.asarray(recency, dtype=np.float64)
    t_end = np.asarray(T, dtype=np.float64)
    w = np.ones_like(x) if weights is None else np.asarray(weights, dtype=np.float64)
    stacked = np.round(np.column_stack([x, t_x, t_end]), 9)
    unique, inverse = np.unique(stacked, axis=0, return_inverse=True)
    counts = np.bincount(inverse.ravel(), weights=w, minlength=len(unique))
    as_float = np.asarray(unique, dtype=np.float64)
    return _Data(as_float[:, 0], as_float[:, 1], as_float[:, 2], np.asarray(counts, dtype=np.float64))
