"""Small L2-regularised generalised linear models (logistic and Poisson) on NumPy/SciPy."""

from __future__ import annotations

from typing import Self

import numpy as np
import numpy.typing as npt
from scipy import optimize, special

FloatArray = npt.NDArray[np.float64]


class _Glm:
    """Shared standardisation and L-BFGS fitting; subclasses give the loss."""

    def __init__(self, *, l2: float = 1.0) -> None:
        self.l2 = l2

    def _loss(self, eta: FloatArray, y: FloatArray) -> tuple[FloatArray, FloatArray]:
        raise NotImplementedError

    def fit(
        self,
        features: npt.ArrayLike,
        target: npt.ArrayLike,
        *,
        offset: npt.ArrayLike | None = None,
        weights: npt.ArrayLike | None = None,
    ) -> Self:
        """Minimise the mean loss plus ``l2 / n * |coef|^2`` on standardised features.

        Returns
        -------
        self
            With ``mean_``, ``scale_``, ``intercept_`` and ``coef_`` (on the standardised scale).
        """
        x = np.asarray(features, dtype=np.float64)
        y = np.asarray(target, dtype=np.float64)
        off = np.zeros(len(y)) if offset is None else np.asarray(offset, dtype=np.float64)
        w = np.ones(len(y)) if weights is None else np.asarray(weights, dtype=np.float64)
        w = w / w.sum()
        self.mean_ = x.mean(axis=0)
        self.scale_ = np.where(x.std(axis=0) > 1e-9, x.std(axis=0), 1.0)
        z = (x - self.mean_) / self.scale_
        penalty = self.l2 / len(y)

        def objective(theta: FloatArray) -> tuple[float, FloatArray]:
            # Element-wise sums instead of BLAS mat-vec: threaded BLAS competes with Polars'
            # thread pool on small machines and was 10-20x slower in the 10 M line benchmark.
            eta = theta[0] + (z * theta[1:]).sum(axis=1) + off
            loss, grad_eta = self._loss(eta, y)
            value = float((w * loss).sum()) + penalty * float(theta[1:] @ theta[1:])
            g = w * grad_eta
            grad = np.concatenate([[g.sum()], (z * g[:, None]).sum(axis=0) + 2 * penalty * theta[1:]])
            return value, grad

        start = np.zeros(z.shape[1] + 1)
        result = optimize.minimize(objective, start, jac=True, method="L-BFGS-B", options={"maxiter": 500})
        self.intercept_ = float(result.x[0])
        self.coef_ = np.asarray(result.x[1:])
        return self

    def linear_predictor(self, features: npt.ArrayLike, *, offset: npt.ArrayLike | None = None) -> FloatArray:
        """``intercept + standardised features @ coef (+ offset)``."""
        z = (np.asarray(features, dtype=np.float64) - self.mean_) / self.scale_
        eta = self.intercept_ + z @ self.coef_
        return eta if offset is None else eta + np.asarray(offset, dtype=np.float64)

    def contributions(self, features: npt.ArrayLike) -> FloatArray:
        """Each feature's share of the linear predictor relative to the book's average customer."""
        z = (np.asarray(features, dtype=np.float64) - self.mean_) / self.scale_
        return np.asarray(z * self.coef_)


class LogisticRegression(_Glm):
    """Binary outcome, logit link."""

    def _loss(self, eta: FloatArray, y: FloatArray) -> tuple[FloatArray, FloatArray]:
        return np.logaddexp(0.0, eta) - y * eta, special.expit(eta) - y

    def predict_proba(self, features: npt.ArrayLike, *, offset: npt.ArrayLike | None = None) -> FloatArray:
        """P(outcome = 1)."""
        return np.asarray(special.expit(self.linear_predictor(features, offset=offset)))


class PoissonRegression(_Glm):
    """Count outcome, log link (the mean may carry a log offset, e.g. a baseline forecast)."""

    def _loss(self, eta: FloatArray, y: FloatArray) -> tuple[FloatArray, FloatArray]:
        eta = np.minimum(eta, 30.0)
        mu = np.exp(eta)
        return mu - y * eta, mu - y

    def predict_mean(self, features: npt.ArrayLike, *, offset: npt.ArrayLike | None = None) -> FloatArray:
        """The expected count."""
        return np.asarray(np.exp(np.minimum(self.linear_predictor(features, offset=offset), 30.0)))
