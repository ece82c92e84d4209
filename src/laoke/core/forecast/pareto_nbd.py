"""The Pareto/NBD model of Schmittlein, Morrison & Colombo (1987), a buy-till-you-die baseline.

Customers buy as a Poisson process with rate ``lambda ~ Gamma(r, alpha)`` while alive and
leave after an exponential lifetime with rate ``mu ~ Gamma(s, beta)`` (at any time, not only
after a purchase as in BG/NBD).

Every expression below rests on one integral,
``I(lo, hi) = integral from lo to hi of (alpha + tau) ** -(r + x) * (beta + tau) ** -(s + 1) dtau``,
which has a closed form with the Gaussian hypergeometric function [2]_ but is evaluated here by
Gauss-Legendre quadrature after a change of variable (stable and vectorised; see
``_log_integral``):

* likelihood: ``L = G(r + x) alpha^r beta^s / G(r) * [(alpha + T)^-(r+x) (beta + T)^-s + s I(t_x, T)]``;
* P(alive | x, t_x, T) = the first term of the bracket over the whole bracket;
* P(no purchase in (T, T + t] | alive at T) =
  ``((alpha+T)/(alpha+T+t))^(r+x) ((beta+T)/(beta+T+t))^s + s (alpha+T)^(r+x) (beta+T)^s I(T, T+t)``
  (the customer stays silent while alive for t, or leaves at tau before buying); given alive at
  T, ``lambda ~ Gamma(r + x, alpha + T)`` and ``mu ~ Gamma(s, beta + T)``.

References
----------
.. [1] Schmittlein, D. C., Morrison, D. G. & Colombo, R. (1987). Counting your customers: who
   are they and what will they do next? *Management Science* 33(1), 1-24.
.. [2] Fader, P. S., Hardie, B. G. S. & Lee, K. L. (2005). A note on implementing the
   Pareto/NBD model in MATLAB. http://brucehardie.com/notes/008/ (CDNOW sample: r = 0.5534,
   alpha = 10.5802, s = 0.6061, beta = 11.6562, LL = -9594.98).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt
from scipy import optimize, special

FloatArray = npt.NDArray[np.float64]

#: Bounds on the log-parameters (r, alpha, s, beta): inside floating point range; s -> 0 or
#: beta -> inf is the no-dropout limit; s above e^5 (about 150) is a dropout rate that hardly
#: differs between customers, where the likelihood is flat along s / beta and the optimiser
#: would walk on for minutes.
_LOG_BOUNDS = [(-10.0, 6.0), (-10.0, 14.0), (-10.0, 5.0), (-10.0, 16.0)]


#: Gauss-Legendre panels and nodes per panel of the integral ``I`` (see ``_log_integral``).
_PANELS, _NODES = 4, 16


def _gauss_legendre(panels: int = _PANELS, nodes_per_panel: int = _NODES) -> tuple[FloatArray, FloatArray]:
    """Nodes on [0, 1] and log-weights of the composite Gauss-Legendre rule."""
    nodes, weights = np.polynomial.legendre.leggauss(nodes_per_panel)
    t = np.concatenate([(k + (nodes + 1.0) / 2.0) / panels for k in range(panels)])
    w = np.tile(weights / (2.0 * panels), panels)
    return t, np.log(w)


_T, _LOG_W = _gauss_legendre()


def _logsumexp_rows(a: FloatArray) -> FloatArray:
    """``scipy.special.logsumexp(a, axis=1)`` for a real 2-D array, to the last bit.

    The same steps as SciPy's (the row's largest terms taken out of the sum and counted, the rest
    summed shifted, ``log1p``; the plain ``log(sum(exp))`` where that is not finite) without its
    array-API copies, at about half its CPU: the fit calls it hundreds of times (about 0.3 s of a
    first ``laoke score`` of Online Retail II; ``tests/core/forecast/test_pareto_nbd.py`` compares them).
    """
    top_value = a.max(axis=1, keepdims=True)
    top = a == top_value
    count = top.sum(axis=1, keepdims=True, dtype=np.float64)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        rest = np.exp(a - top_value)
        rest[top] = 0.0
        total = rest.sum(axis=1, keepdims=True)
        total = np.where(total == 0, total, total / count)
        out = np.asarray((np.log1p(total) + np.log(count) + top_value)[:, 0])
        odd = ~np.isfinite(out)
        if odd.any():
            out[odd] = np.log(np.exp(a[odd]).sum(axis=1))
    return out


#: One panel of 16 nodes: a quick fit (``fit(..., quick=True)``) lands within about 1e-4 of the
#: 64-node parameters (CDNOW sample: r 0.55329 vs 0.55328, beta 11.666 vs 11.669) at a sixth of
#: the time.
_QUICK = _gauss_legendre(1, 16)


def _log_integral(
    p: npt.ArrayLike,
    q: float,
    alpha: float,
    beta: float,
    lo: npt.ArrayLike,
    hi: npt.ArrayLike,
    rule: tuple[FloatArray, FloatArray] | None = None,
    moments: bool = False,
) -> Any:
    """``log I(lo, hi)``, ``I = integral of (alpha + tau)^-p (beta + tau)^-q over [lo, hi]``.

    ``-inf`` where ``hi <= lo``. With ``c = p + q - 1`` and the substitution
    ``z = (alpha + tau)^-c`` the integrand becomes ``((alpha + tau) / (beta + tau))^q / c``,
    which is smooth and bounded, and a 64-point Gauss-Legendre rule in ``z`` is exact to
    about 1e-12 on usual books (the closed form with 2F1 [2] overflows or takes seconds where
    ``r + s + x`` is large). Per row, the roles of (alpha, p) and (beta, q) are swapped when
    ``p < q`` so the exponent left on the ratio is the smaller one.

    With ``moments``, also the means of ``log(alpha + tau)``, ``1 / (alpha + tau)``,
    ``log(beta + tau)`` and ``1 / (beta + tau)`` under the integrand (0 where the interval is
    empty): the derivatives of ``log I`` in ``p``, ``alpha``, ``q`` and ``beta`` are
    ``-E log(alpha + tau)``, ``-p E 1/(alpha + tau)``, ``-E log(beta + tau)`` and
    ``-q E 1/(beta + tau)``.
    """
    nodes, log_w = (_T, _LOG_W) if rule is None else rule
    p_, lo_, hi_ = np.broadcast_arrays(
        np.asarray(p, dtype=np.float64), np.asarray(lo, dtype=np.float64), np.asarray(hi, dtype=np.float64)
    )
    on_alpha = q <= p_
    a = np.where(on_alpha, alpha, beta)[:, None]
    b = np.where(on_alpha, beta, alpha)[:, None]
    other = np.where(on_alpha, q, p_)[:, None]
    c = (p_ + q - 1.0)[:, None]
    log_lo = np.log(a + lo_[:, None])
    empty = hi_ <= lo_
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        log_rho = -c * (np.log(a + np.maximum(hi_, lo_)[:, None]) - log_lo)
        rho = np.exp(log_rho)
        # log(alpha + tau) at the nodes: z runs from z_hi to z_lo, i.e. rho ... 1 times z_lo.
        log_at = log_lo - np.log(rho + nodes[None, :] * (1.0 - rho)) / c
        at = np.exp(log_at)
        log_g = other * (log_at - np.log(at + (b - a)))
        total = _logsumexp_rows(log_g + log_w[None, :])
        result = -np.log(c[:, 0]) - c[:, 0] * log_lo[:, 0] + np.log(-np.expm1(log_rho[:, 0])) + total
        result = np.asarray(np.where(empty, -np.inf, result), dtype=np.float64)
        if not moments:
            return result
        # The integrand's own distribution of tau over the nodes, and its moments.
        share = np.exp(log_g + log_w[None, :] - total[:, None])
        tau = at - a
        on_alpha_col = on_alpha[:, None]
        log_alpha_tau = np.where(on_alpha_col, log_at, np.log(tau + alpha))
        log_beta_tau = np.where(on_alpha_col, np.log(tau + beta), log_at)
        parts = [
            np.sum(share * v, axis=1)
            for v in (log_alpha_tau, np.exp(-log_alpha_tau), log_beta_tau, np.exp(-log_beta_tau))
        ]
    return result, *(np.where(empty, 0.0, v) for v in parts)


def _log_likelihood_terms(
    params: FloatArray,
    x: FloatArray,
    t_x: FloatArray,
    T: FloatArray,
    rule: tuple[FloatArray, FloatArray] | None = None,
) -> FloatArray:
    """Per-customer log-likelihood (eq. 3 of [2], written with ``I``)."""
    r, alpha, s, beta = params
    front = special.gammaln(r + x) - special.gammaln(r) + r * np.log(alpha) + s * np.log(beta)
    stay = -(r + x) * np.log(alpha + T) - s * np.log(beta + T)
    leave = np.log(s) + _log_integral(r + x, s + 1.0, alpha, beta, t_x, T, rule)
    return np.asarray(front + np.logaddexp(stay, leave), dtype=np.float64)


def _log_likelihood_gradient(
    params: FloatArray,
    x: FloatArray,
    t_x: FloatArray,
    T: FloatArray,
    weights: FloatArray,
    rule: tuple[FloatArray, FloatArray] | None = None,
) -> tuple[float, FloatArray]:
    """The weighted total log-likelihood and its gradient in the log-parameters."""
    r, alpha, s, beta = params
    front = special.gammaln(r + x) - special.gammaln(r) + r * np.log(alpha) + s * np.log(beta)
    log_at, log_bt = np.log(alpha + T), np.log(beta + T)
    stay = -(r + x) * log_at - s * log_bt
    log_i, e_log_a, e_inv_a, e_log_b, e_inv_b = _log_integral(
        r + x, s + 1.0, alpha, beta, t_x, T, rule, moments=True
    )
    leave = np.log(s) + log_i
    total = np.logaddexp(stay, leave)
    w_stay = np.exp(stay - total)
    w_leave = np.where(np.isfinite(leave), np.exp(leave - total), 0.0)
    d_r = special.digamma(r + x) - special.digamma(r) + np.log(alpha) - w_stay * log_at - w_leave * e_log_a
    d_alpha = r / alpha - (r + x) * (w_stay / (alpha + T) + w_leave * e_inv_a)
    d_s = np.log(beta) - w_stay * log_bt + w_leave * (1.0 / s - e_log_b)
    d_beta = s / beta - w_stay * s / (beta + T) - w_leave * (s + 1.0) * e_inv_b
    grad = np.array([weights @ d for d in (d_r, d_alpha, d_s, d_beta)]) * params
    return float(weights @ (front + total)), grad


class ParetoNBDModel:
    """Pareto/NBD: Poisson purchasing while alive, exponential lifetimes, gamma heterogeneity.

    Attributes
    ----------
    r_, alpha_, s_, beta_ : float
        Fitted parameters (after :meth:`fit`).
    log_likelihood_ : float
        Total log-likelihood at the fitted parameters.
    """

    def __init__(self, *, max_fit_customers: int = 5_000, seed: int = 0) -> None:
        self.max_fit_customers = max_fit_customers
        self.seed = seed

    def fit(
        self,
        frequency: npt.ArrayLike,
        recency: npt.ArrayLike,
        T: npt.ArrayLike,
        *,
        start: npt.ArrayLike | None = None,
        quick: bool = False,
    ) -> ParetoNBDModel:
        """Fit by maximum likelihood over log-parameters (L-BFGS-B, numerical gradient).

        Parameters
        ----------
        frequency, recency, T : array_like
            Repeat transactions ``x``, time ``t_x`` of the last one from the first, and time
            from the first to the end of calibration (as for BG/NBD).

        start : array_like, optional
            ``(r, alpha, s, beta)`` to start from (e.g. a nearby cutoff's fit): one L-BFGS-B run
            from there instead of the two default starts.
        quick : bool
            A quick fit: the integral on 16 nodes instead of 64, the gradient from the same
            nodes instead of finite differences, and no Nelder-Mead polish (see below); the
            parameters move by about 1e-4 (relative) and the fit takes a fraction of the time.

        Notes
        -----
        Identical ``(x, t_x, T)`` rows are merged; books larger than ``max_fit_customers`` are
        fitted on a seeded random subsample (deterministic).
        """
        x, t_x, t_end = (np.asarray(v, dtype=np.float64) for v in (frequency, recency, T))
        if not x.size:
            raise ValueError("Pareto/NBD needs at least one customer to fit")
        if x.size > self.max_fit_customers:
            pick = np.sort(
                np.random.default_rng(self.seed).choice(x.size, self.max_fit_customers, replace=False)
            )
            x, t_x, t_end = x[pick], t_x[pick], t_end[pick]
        rows = np.round(np.column_stack([x, t_x, t_end]), 9)
        unique, inverse = np.unique(rows, axis=0, return_inverse=True)
        weights = np.bincount(inverse.ravel(), minlength=len(unique)).astype(np.float64)
        ux, utx, ut = (np.asarray(unique[:, k], dtype=np.float64) for k in range(3))
        total = float(weights.sum())

        def quick_objective(log_params: FloatArray) -> tuple[float, FloatArray]:
            ll, grad = _log_likelihood_gradient(np.exp(log_params), ux, utx, ut, weights, _QUICK)
            if not np.isfinite(ll) or not np.all(np.isfinite(grad)):
                return 1e300, np.zeros(4)
            return -ll / total, -grad / total

        def objective(log_params: FloatArray) -> float:
            terms = _log_likelihood_terms(np.exp(log_params), ux, utx, ut, _QUICK if quick else None)
            ll = float((weights * terms).sum())
            return -ll / total if np.isfinite(ll) else 1e300

        scale = max(float(np.mean(t_end)), 1e-9)
        low, high = np.array(_LOG_BOUNDS).T
        best: optimize.OptimizeResult | None = None
        starts = (
            [np.clip(np.log(np.asarray(start, dtype=np.float64)), low, high)]
            if start is not None
            else [[0.0, np.log(scale), 0.0, np.log(scale)], [np.log(0.5), np.log(scale / 2), -1.0, 1.0]]
        )
        for first in starts:
            result = optimize.minimize(
                quick_objective if quick else objective,
                np.array(first),
                method="L-BFGS-B",
                jac=quick,
                bounds=_LOG_BOUNDS,
                options={"maxiter": 300, "maxfun": 1500, "ftol": 1e-14, "gtol": 1e-9, "eps": 1e-8},
            )
            if best is None or result.fun < best.fun:
                best = result
            if result.success and np.all(np.abs(result.x - np.clip(result.x, low + 1e-6, high - 1e-6)) == 0):
                break  # a clean optimum inside the bounds: the other start would find it again
        assert best is not None
        # A final polish with Nelder-Mead: the likelihood is flat along beta, where the
        # finite-difference gradient stops L-BFGS-B early.
        if not quick:
            refined = optimize.minimize(
                objective,
                best.x,
                method="Nelder-Mead",
                options={"xatol": 1e-8, "fatol": 1e-12, "maxfev": 400},
            )
            if refined.fun < best.fun and np.all((refined.x >= low) & (refined.x <= high)):
                best = refined
        self.r_, self.alpha_, self.s_, self.beta_ = (float(v) for v in np.exp(best.x))
        self.log_likelihood_ = float((weights * _log_likelihood_terms(self.params_, ux, utx, ut)).sum())
        return self

    @property
    def params_(self) -> FloatArray:
        """The fitted ``(r, alpha, s, beta)`` as an array."""
        return np.array([self.r_, self.alpha_, self.s_, self.beta_], dtype=np.float64)

    def probability_alive(
        self, frequency: npt.ArrayLike, recency: npt.ArrayLike, T: npt.ArrayLike
    ) -> FloatArray:
        """P(alive at T | x, t_x, T), eq. (11) of Schmittlein et al. (1987)."""
        x, t_x, t_end = (np.asarray(v, dtype=np.float64) for v in (frequency, recency, T))
        r, alpha, s, beta = self.params_
        stay = -(r + x) * np.log(alpha + t_end) - s * np.log(beta + t_end)
        leave = np.log(s) + _log_integral(r + x, s + 1.0, alpha, beta, t_x, t_end)
        return np.asarray(np.exp(stay - np.logaddexp(stay, leave)), dtype=np.float64)

    def expected_purchases(
        self, t: float, frequency: npt.ArrayLike, recency: npt.ArrayLike, T: npt.ArrayLike
    ) -> FloatArray:
        """Expected transactions in ``(T, T + t]`` given the history (eq. 22 of [1])."""
        x, t_x, t_end = (np.asarray(v, dtype=np.float64) for v in (frequency, recency, T))
        r, alpha, s, beta = self.params_
        alive = self.probability_alive(x, t_x, t_end)
        base = beta + t_end
        if abs(s - 1.0) < 1e-8:
            stretch = base * np.log((base + t) / base)
        else:
            stretch = base / (s - 1.0) * (1.0 - (base / (base + t)) ** (s - 1.0))
        return np.asarray(alive * (r + x) / (alpha + t_end) * stretch, dtype=np.float64)

    def probability_any(
        self, t: float, frequency: npt.ArrayLike, recency: npt.ArrayLike, T: npt.ArrayLike
    ) -> FloatArray:
        """P(at least one transaction in ``(T, T + t]`` | history).

        ``P(alive) * (1 - P(no purchase in t | alive at T))``, the latter from the integral ``I``
        (see the module docstring).
        """
        x, t_x, t_end = (np.asarray(v, dtype=np.float64) for v in (frequency, recency, T))
        r, alpha, s, beta = self.params_
        alive = self.probability_alive(x, t_x, t_end)
        silent_alive = (r + x) * (np.log(alpha + t_end) - np.log(alpha + t_end + t)) + s * (
            np.log(beta + t_end) - np.log(beta + t_end + t)
        )
        leave_first = (
            np.log(s)
            + (r + x) * np.log(alpha + t_end)
            + s * np.log(beta + t_end)
            + _log_integral(r + x, s + 1.0, alpha, beta, t_end, t_end + t)
        )
        silent = np.minimum(np.exp(np.logaddexp(silent_alive, leave_first)), 1.0)
        return np.asarray(alive * (1.0 - silent), dtype=np.float64)

    def days_to_next(
        self, quantile: float, horizon: float, frequency: npt.ArrayLike, T: npt.ArrayLike
    ) -> FloatArray:
        """``quantile`` of a live customer's wait for its next purchase, given one in ``horizon``.

        The purchase rate of a customer alive at T is ``Gamma(r + x, alpha + T)``, so the wait is
        Lomax distributed (as for BG/NBD); the same time unit as the fit.
        """
        x, t_end = (np.asarray(v, dtype=np.float64) for v in (frequency, T))
        shape = self.r_ + x
        base = self.alpha_ + t_end
        within = 1.0 - (base / (base + horizon)) ** shape
        return np.asarray(base * ((1.0 - quantile * within) ** (-1.0 / shape) - 1.0), dtype=np.float64)
