"""Early-warning signals (placeholder: filled in below)."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from laoke.core.forecast.rhythm import Rhythm

#: A customer is overdue when the silence exceeds this quantile of its own gap distribution.
OVERDUE_QUANTILE = 0.9
#: Gaps needed before a rhythm is the customer's own (fewer: no overdue flag).
MIN_ORDERS_FOR_RHYTHM = 3


def overdue_mask(n: npt.ArrayLike, recency_days: npt.ArrayLike, rhythm: Rhythm) -> npt.NDArray[np.bool_]:
    """True where a customer with an established rhythm is silent beyond its 90 % gap."""
    n_arr = np.asarray(n, dtype=np.float64)
    recency = np.asarray(recency_days, dtype=np.float64)
    return np.asarray((n_arr >= MIN_ORDERS_FOR_RHYTHM) & (recency > rhythm.quantile_gap(OVERDUE_QUANTILE)))
