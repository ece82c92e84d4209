"""Pareto/NBD reproduces Fader, Hardie & Lee's note on the CDNOW sample."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import numpy as np
import polars as pl
import pytest
from scipy import integrate, special

from laoke.core.forecast.metrics import roc_auc
from laoke.core.forecast.pareto_nbd import (
    ParetoNBDModel,
    _log_integral,
    _log_likelihood_gradient,
    _log_likelihood_terms,
    _logsumexp_rows,
)
from laoke.core.forecast.transactions import count_in_window, customer_days, rfm_summary

DATA = Path(
    os.environ.get("LAOKE_SHARED_DATA", Path(__file__).resolve().parents[3] / ".." / "shared" / "data")
)
CUTOFF = dt.date(1997, 10, 1)


@pytest.fixture(scope="module")
def cdnow() -> tuple[pl.DataFrame, pl.DataFrame]:
    raw = pl.read_csv(DATA / "cdnow_master.csv.gz", try_parse_dates=True).filter(pl.col("in_fhl_sample") == 1)
    lines = raw.select(
        pl.col("customer_id").cast(pl.String),
        pl.col("date").alias("order_date"),
        pl.col("dollar_value").alias("amount"),
    )
    days = customer_days(lines)
    return rfm_summary(customer_days(lines, before=CUTOFF), as_of=CUTOFF), days


def test_reproduces_published_parameters(cdnow: tuple[pl.DataFrame, pl.DataFrame]) -> None:
    """r = 0.553, alpha = 10.58, s = 0.606, beta ~ 11.66 and LL -9594.98 (the likelihood is flat in beta)."""
    s, _ = cdnow
    model = ParetoNBDModel().fit(s["frequency"], s["recency"], s["T"])
    assert model.r_ == pytest.approx(0.5534, abs=0.001)
    assert model.alpha_ == pytest.approx(10.58, abs=0.01)
    assert model.s_ == pytest.approx(0.6061, abs=0.001)
    assert model.beta_ == pytest.approx(11.66, abs=0.02)
    assert model.log_likelihood_ == pytest.approx(-9594.98, abs=0.01)


def test_forecasts_match_the_reference_and_the_holdout(cdnow: tuple[pl.DataFrame, pl.DataFrame]) -> None:
    """39 weeks ahead it expects 1,665.5 repeat purchases (1,882 happened), as lifetimes does."""
    s, days = cdnow
    model = ParetoNBDModel().fit(s["frequency"], s["recency"], s["T"])
    x, t_x, t_end = s["frequency"], s["recency"], s["T"]
    expected = model.expected_purchases(39, x, t_x, t_end)
    assert expected.sum() == pytest.approx(1665.5, abs=0.5)
    alive = model.probability_alive(x, t_x, t_end)
    assert np.all((alive > 0) & (alive <= 1))
    p = model.probability_any(39, x, t_x, t_end)
    assert np.all((p >= 0) & (p < alive + 1e-12))
    held = pl.DataFrame({"customer_id": s["customer_id"]}).join(
        count_in_window(days, start=CUTOFF, end=CUTOFF + dt.timedelta(weeks=39)), on="customer_id", how="left"
    )
    ordered = held["count"].fill_null(0).to_numpy() > 0
    # The reference run (lifetimes, shared/data/btyd_baseline_results.json) ranks at AUC 0.7712.
    assert roc_auc(ordered, p) == pytest.approx(0.7712, abs=0.0005)


@pytest.mark.parametrize(
    ("p", "q", "alpha", "beta", "lo", "hi"),
    [
        (3.5, 1.6, 10.0, 11.0, 2.0, 30.0),
        (0.5, 1.6, 12.0, 3.0, 0.0, 39.0),
        (80.0, 1.2, 10.0, 11.0, 20.0, 70.0),
    ],
)
def test_the_integral_matches_adaptive_quadrature(
    p: float, q: float, alpha: float, beta: float, lo: float, hi: float
) -> None:
    """The quadrature of the integral every expression rests on equals adaptive integration."""
    value, _ = integrate.quad(lambda u: (alpha + u) ** -p * (beta + u) ** -q, lo, hi)
    got = _log_integral(np.array([p]), q, alpha, beta, np.array([lo]), np.array([hi]))[0]
    assert got == pytest.approx(np.log(value), rel=1e-8)


def test_quick_fit_lands_on_the_published_parameters(cdnow: tuple[pl.DataFrame, pl.DataFrame]) -> None:
    """The forecaster's quick fit (16 nodes, analytic gradient) finds the note's parameters and
    forecasts the same 39 weeks within 0.01 %, from the default starts or a nearby start."""
    s, _ = cdnow
    x, t_x, t_end = s["frequency"], s["recency"], s["T"]
    full = ParetoNBDModel().fit(x, t_x, t_end)
    for start in (None, [0.5, 9.0, 0.5, 10.0]):
        quick = ParetoNBDModel().fit(x, t_x, t_end, start=start, quick=True)
        np.testing.assert_allclose(quick.params_, full.params_, rtol=2e-3)
        assert quick.log_likelihood_ == pytest.approx(-9594.98, abs=0.01)
        expected = quick.expected_purchases(39, x, t_x, t_end).sum()
        assert expected == pytest.approx(full.expected_purchases(39, x, t_x, t_end).sum(), rel=1e-4)


@pytest.mark.parametrize("params", [(0.55, 10.6, 0.6, 11.7), (2.0, 3.0, 0.1, 50.0), (0.3, 20.0, 3.0, 2.0)])
def test_the_gradient_matches_finite_differences(params: tuple[float, float, float, float]) -> None:
    """The quick fit's analytic gradient (in the log-parameters) is the likelihood's slope."""
    rng = np.random.default_rng(1)
    x = rng.poisson(2, 300).astype(np.float64)
    t_end = rng.uniform(10, 78, 300)
    t_x = np.where(x > 0, rng.uniform(0, 1, 300) * t_end, 0.0)
    weights = rng.integers(1, 4, 300).astype(np.float64)
    p = np.array(params)
    ll, grad = _log_likelihood_gradient(p, x, t_x, t_end, weights)
    assert ll == pytest.approx(float(weights @ _log_likelihood_terms(p, x, t_x, t_end)), rel=1e-12)
    step = 1e-6
    numeric = [
        (
            weights @ _log_likelihood_terms(p * np.exp(step * e), x, t_x, t_end)
            - weights @ _log_likelihood_terms(p * np.exp(-step * e), x, t_x, t_end)
        )
        / (2 * step)
        for e in np.eye(4)
    ]
    np.testing.assert_allclose(grad, numeric, rtol=1e-3, atol=1e-3 * np.abs(numeric).max())


@pytest.mark.parametrize("seed", range(8))
def test_row_logsumexp_is_scipys_to_the_last_bit(seed: int) -> None:
    """The fit's log-sum-exp per row gives SciPy's figures exactly, ties, infinities and NaN included."""
    rng = np.random.default_rng(seed)
    n = int(rng.integers(1, 2000))
    a = rng.normal(scale=rng.uniform(0.1, 300), size=(n, 64)) + rng.normal(scale=50, size=(n, 1))
    if seed % 2:
        a = np.round(a)  # ties for the largest term
    a[rng.random(a.shape) < 0.05] = -np.inf
    a[rng.integers(0, n)] = -np.inf  # a row with nothing in it
    a[rng.integers(0, n), 3] = np.inf
    a[rng.integers(0, n), 5] = np.nan
    assert np.array_equal(_logsumexp_rows(a), special.logsumexp(a, axis=1), equal_nan=True)
