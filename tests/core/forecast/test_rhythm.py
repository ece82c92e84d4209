"""The customer rhythm's gamma shape: the exact and the interpolated inverse trigamma agree."""

from __future__ import annotations

import numpy as np
from scipy import special

from laoke.core.forecast.rhythm import fast_inverse_trigamma, inverse_trigamma


def test_inverse_trigamma_solves_the_equation() -> None:
    """trigamma(inverse_trigamma(v)) == v over the range the rhythm uses."""
    v = np.geomspace(0.01, 50.0, 200)
    np.testing.assert_allclose(special.polygamma(1, inverse_trigamma(v)), v, rtol=1e-9)


def test_interpolated_inverse_matches_the_exact_one() -> None:
    """The table lookup stays within 1e-5 (relative) of Newton's answer, between grid points too."""
    rng = np.random.default_rng(5)
    v = np.exp(rng.uniform(np.log(0.01), np.log(50.0), 5000))
    np.testing.assert_allclose(fast_inverse_trigamma(v), inverse_trigamma(v), rtol=1e-5)


def test_interpolated_inverse_clips_to_its_range() -> None:
    """Values outside the range give the range's end points, never NaN or extrapolation."""
    low, high = fast_inverse_trigamma([1e-6, 0.01]), fast_inverse_trigamma([50.0, 1e6])
    assert low[0] == low[1] and high[0] == high[1]
    assert np.all(np.isfinite(low)) and np.all(np.isfinite(high))
