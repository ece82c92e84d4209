"""Calibrating stated chances on the book's own recent past (no look-ahead).

The forecaster replays the book at a validation cut-off before ``as_of``
(:func:`laoke.core.forecast.stack.validation_cutoff`): models trained only on what came
before it state a chance of an order in its window, and the window (which ends before
``as_of``) says what happened. A two-parameter map fitted there corrects the chances stated at
``as_of``:

``cloglog(p') = b + a * cloglog(p)``, with ``cloglog(p) = log(-log(1 - p))``,

i.e. each customer's cumulative hazard ``H = -log(1 - p)`` becomes ``exp(b) * H ** a``.
``a`` (> 0) keeps every ranking; a hazard scale carries over between horizons of different
length, which a logit shift does not. Fitted by maximum likelihood, deterministic.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy import optimize

FloatArray = npt.NDArray[np.float64]

#: Bounds of the slope ``a``: a map that spreads or squeezes the hazards more is not trusted.
SLOPE_BOUNDS = (0.5, 2.0)
#: Bounds of the hazard scale ``exp(b)``.
SCALE_BOUNDS = (0.25, 4.0)
_EPS = 1e-9


def _cloglog(p: npt.ArrayLike) -> FloatArray:
    q = np.clip(np.asarray(p, dtype=np.float64), _EPS, 1.0 - 1e-12)
    return np.asarray(np.log(-np.log1p(-q)))


@dataclass(frozen=True)
class HazardCalibration:
    """``cloglog(p') = log_scale + slope * cloglog(p)``; the identity by default."""

    log_scale: float = 0.0
    slope: float = 1.0

    def apply(self, p: npt.ArrayLike) -> FloatArray:
        """The calibrated chances (the same order as ``p``; 0 and 1 stay)."""
        q = np.asarray(p, dtype=np.float64)
        if self.log_scale == 0.0 and self.slope == 1.0:
            return q
        z = self.log_scale + self.slope * _cloglog(q)
        out = -np.expm1(-np.exp(np.minimum(z, 50.0)))
        return np.asarray(np.where(q <= 0.0, 0.0, np.where(q >= 1.0, 1.0, out)))

    def scale_only(self) -> HazardCalibration:
        """The same hazard scale with the slope left at 1."""
        return HazardCalibration(self.log_scale, 1.0)


def fit_hazard_calibration(p: npt.ArrayLike, ordered: npt.ArrayLike) -> HazardCalibration:
    """The map that best turns stated chances ``p`` into the outcomes ``ordered`` (0/1).

    Returns the identity when there are fewer than 50 customers or no variety in the outcome.
    """
    x = _cloglog(p)
    y = np.asarray(ordered, dtype=np.float64)
    if x.size < 50 or y.sum() < 5 or y.sum() > y.size - 5:
        return HazardCalibration()

    def loss(theta: FloatArray) -> tuple[float, FloatArray]:
        b, a = theta
        z = np.minimum(b + a * x, 50.0)
        hazard = np.exp(z)
        # log P(order) = log(1 - exp(-H)); log P(none) = -H
        log_p = np.log(-np.expm1(-np.maximum(hazard, 1e-300)))
        nll = -float(np.sum(y * log_p - (1.0 - y) * hazard))
        # d/dz: y * H * exp(-H) / (1 - exp(-H)) - (1 - y) * H
        ratio = hazard / np.expm1(np.maximum(hazard, 1e-300))
        dz = -(y * ratio - (1.0 - y) * hazard)
        return nll / y.size, np.array([dz.sum(), float(dz @ x)]) / y.size

    result = optimize.minimize(
        loss,
        np.array([0.0, 1.0]),
        jac=True,
        method="L-BFGS-B",
        bounds=[tuple(np.log(SCALE_BOUNDS)), SLOPE_BOUNDS],
    )
    b, a = (float(v) for v in result.x)
    return HazardCalibration(b, a)
