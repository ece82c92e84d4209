"""BG/NBD reproduces Fader, Hardie & Lee (2005) on the CDNOW sample."""

from __future__ import annotations

import datetime as dt
import os
import warnings
from pathlib import Path

import numpy as np
import polars as pl
import pytest

from laoke.core.forecast.bgnbd import BetaGeoModel
from laoke.core.forecast.transactions import customer_days, rfm_summary

DATA = Path(
    os.environ.get("LAOKE_SHARED_DATA", Path(__file__).resolve().parents[3] / ".." / "shared" / "data")
)


@pytest.fixture(scope="module")
def cdnow_summary() -> pl.DataFrame:
    raw = pl.read_csv(DATA / "cdnow_master.csv.gz", try_parse_dates=True).filter(pl.col("in_fhl_sample") == 1)
    lines = raw.select(
        pl.col("customer_id").cast(pl.String),
        pl.col("date").alias("order_date"),
        pl.col("dollar_value").alias("amount"),
    )
    cutoff = dt.date(1997, 10, 1)
    return rfm_summary(customer_days(lines, before=cutoff), as_of=cutoff)


def test_reproduces_published_parameters(cdnow_summary: pl.DataFrame) -> None:
    """It fits r=0.243, alpha=4.414, a=0.793, b=2.426 and LL -9582.4 on the CDNOW sample."""
    assert cdnow_summary.height == 2357
    model = BetaGeoModel().fit(cdnow_summary["frequency"], cdnow_summary["recency"], cdnow_summary["T"])
    assert (round(model.r_, 3), round(model.alpha_, 3), round(model.a_, 3), round(model.b_, 3)) == (
        0.243,
        4.414,
        0.793,
        2.426,
    )
    assert model.log_likelihood_ == pytest.approx(-9582.4, abs=0.1)


def test_predictions_are_sane(cdnow_summary: pl.DataFrame) -> None:
    """P(alive) is a probability, expected purchases grow with time, P(any) stays below 1."""
    s = cdnow_summary
    model = BetaGeoModel().fit(s["frequency"], s["recency"], s["T"])
    alive = model.probability_alive(s["frequency"], s["recency"], s["T"])
    assert np.all((alive >= 0) & (alive <= 1))
    assert np.all(alive[s["frequency"].to_numpy() == 0] == 1)
    e10 = model.expected_purchases(10, s["frequency"], s["recency"], s["T"])
    e39 = model.expected_purchases(39, s["frequency"], s["recency"], s["T"])
    assert np.all(e39 >= e10) and np.all(e10 >= 0)
    p = model.probability_any(39, s["frequency"], s["recency"], s["T"])
    assert np.all((p >= 0) & (p < 1))


def test_copes_with_the_no_dropout_boundary() -> None:
    """With Poisson buyers who never drop out it runs to a->0 and still forecasts finite counts."""
    rng = np.random.default_rng(3)
    rate = rng.gamma(2.0, 0.25, 3000)
    t_end = rng.uniform(5, 30, 3000)
    purchases = [
        np.sort(rng.uniform(0, te, rng.poisson(r * te) + 1)) for r, te in zip(rate, t_end, strict=True)
    ]
    x = np.array([len(p) - 1 for p in purchases], dtype=float)
    t_x = np.array([p[-1] - p[0] for p in purchases])
    t_cal = np.array([te - p[0] for p, te in zip(purchases, t_end, strict=True)])
    model = BetaGeoModel().fit(x, t_x, t_cal)
    assert model.a_ / (model.a_ + model.b_) < 0.01
    expected = model.expected_purchases(26, x, t_x, t_cal)
    assert np.all(np.isfinite(expected)) and expected.sum() > 0


@pytest.mark.parametrize(
    "params", [(0.243, 4.414, 0.793, 2.426), (2.0, 0.5, 0.01, 40.0), (0.05, 30.0, 3.0, 0.2)]
)
def test_likelihood_gradient_matches_finite_differences(
    cdnow_summary: pl.DataFrame, params: tuple[float, float, float, float]
) -> None:
    """The analytic gradient the fit uses agrees with central differences of the likelihood."""
    from laoke.core.forecast.bgnbd import _compress, _log_likelihood, _log_likelihood_terms

    s = cdnow_summary
    data = _compress(s["frequency"], s["recency"], s["T"], None)
    log_params = np.log(np.array(params))
    _, grad = _log_likelihood(np.exp(log_params), data)
    assert grad is not None
    analytic = (grad * data.weights).sum(axis=1)
    step = 1e-6
    numeric = np.empty(4)
    for k in range(4):
        up, down = log_params.copy(), log_params.copy()
        up[k] += step
        down[k] -= step
        numeric[k] = (
            (data.weights * _log_likelihood_terms(np.exp(up), data)).sum()
            - (data.weights * _log_likelihood_terms(np.exp(down), data)).sum()
        ) / (2 * step)
    np.testing.assert_allclose(analytic, numeric, rtol=1e-5, atol=1e-3)


def test_a_at_one_falls_back_quietly_to_a_finite_count() -> None:
    """At a = 1 the closed form divides by zero: the forecast takes the NBD fallback, finite and
    without a RuntimeWarning (the warnings reached every test run's summary before)."""
    model = BetaGeoModel()
    model.r_, model.alpha_, model.a_, model.b_ = 0.5, 10.0, 1.0, 2.0
    x, t_x, t_end = np.array([0.0, 2.0, 5.0]), np.array([0.0, 10.0, 30.0]), np.array([40.0, 40.0, 40.0])
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        expected = model.expected_purchases(26, x, t_x, t_end)
    assert np.all(np.isfinite(expected)) and np.all(expected > 0)
