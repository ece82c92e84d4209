"""The next-order date on the book's seasonal clock, calibrated on the book's own past."""

from __future__ import annotations

import datetime as dt

import numpy as np
import polars as pl

from laoke.core.forecast.backtest import run_backtest
from laoke.core.forecast.model import LaokeForecaster
from laoke.core.forecast.timing import (
    WaitCalibration,
    book_profile,
    seasonal_share,
    seasonal_wait,
    timing_groups,
)
from laoke.core.forecast.transactions import customer_days
from tests.core.forecast.factories import synthetic_book

AS_OF = dt.date(2023, 6, 1)
#: Relative order intensity per calendar month of the busy-autumn book (mean 1).
AUTUMN = np.array([0.6, 0.6, 0.7, 0.7, 0.7, 0.7, 0.8, 0.9, 1.3, 1.8, 2.2, 1.0])


def autumn_book(n_customers: int = 500, seed: int = 3) -> pl.DataFrame:
    """Customers with their own Poisson rates who all order more in September-November (no one
    is a seasonal buyer on its own: every month has orders), some of them leaving for good."""
    rng = np.random.default_rng(seed)
    start, end = dt.date(2019, 1, 1), dt.date(2024, 1, 1)
    dates = [start + dt.timedelta(days=k) for k in range((end - start).days)]
    intensity = AUTUMN[[d.month - 1 for d in dates]] / AUTUMN.mean()
    rates = rng.gamma(1.5, 6.0 / 1.5, n_customers) / 365.0  # orders per day, 6 a year on average
    joined = rng.integers(0, 900, n_customers)
    left = joined + rng.exponential(1500.0, n_customers)
    day = np.arange(len(dates))
    active = (day[None, :] >= joined[:, None]) & (day[None, :] < left[:, None])
    hits = (rng.random((n_customers, len(dates))) < rates[:, None] * intensity[None, :]) & active
    customer, k = np.nonzero(hits)
    return pl.DataFrame(
        {
            "customer_id": [f"A{c:04d}" for c in customer],
            "order_date": [dates[i] for i in k],
            "amount": np.full(len(k), 100.0),
        }
    )


def _lomax_wait(q: float, shape: np.ndarray, base: np.ndarray, horizon: float) -> np.ndarray:
    within = 1.0 - (base / (base + horizon / 7.0)) ** shape
    return np.asarray(base * ((1.0 - q * within) ** (-1.0 / shape) - 1.0) * 7.0)


def test_a_flat_clock_is_bgnbds_wait_and_share_inverts_the_wait() -> None:
    """With a flat profile the wait is BG/NBD's Lomax wait; the share at the wait is the quantile."""
    shape, base = np.array([0.5, 2.0, 12.0]), np.array([30.0, 80.0, 150.0])
    for q in (0.1, 0.5, 0.9):
        wait = seasonal_wait(q, 183.0, shape=shape, base_weeks=base, profile=np.ones(12), as_of=AS_OF)
        np.testing.assert_allclose(wait, _lomax_wait(q, shape, base, 183.0), rtol=1e-9)
        seasonal = seasonal_wait(q, 183.0, shape=shape, base_weeks=base, profile=AUTUMN, as_of=AS_OF)
        back = seasonal_share(seasonal, 183.0, shape=shape, base_weeks=base, profile=AUTUMN, as_of=AS_OF)
        np.testing.assert_allclose(back, q, atol=1e-9)


def test_busy_months_pull_the_date_into_them() -> None:
    """On a clock busy in the autumn, a June forecast's median moves later, into the busy months."""
    shape, base = np.array([1.0]), np.array([100.0])
    flat = seasonal_wait(0.5, 183.0, shape=shape, base_weeks=base, profile=np.ones(12), as_of=AS_OF)
    busy = seasonal_wait(0.5, 183.0, shape=shape, base_weeks=base, profile=AUTUMN, as_of=AS_OF)
    assert flat[0] + 15 < busy[0] < 183
    assert (AS_OF + dt.timedelta(days=float(busy[0]))).month in (9, 10)


def test_the_book_profile_finds_the_busy_months_and_is_flat_without_a_year() -> None:
    """The book's monthly profile shows the autumn peak (its trend taken out); under 13 months it is flat."""
    days = customer_days(autumn_book())
    profile = book_profile(days, as_of=AS_OF)
    assert profile.mean() == np.float64(1.0) or abs(profile.mean() - 1.0) < 1e-9
    assert profile[10] > 1.8 * profile[5] and int(np.argmax(profile)) in (9, 10)
    short = book_profile(days.filter(pl.col("order_date") >= dt.date(2022, 9, 1)), as_of=AS_OF)
    np.testing.assert_array_equal(short, np.ones(12))


def test_the_calibration_moves_a_group_that_ordered_late_and_leaves_a_right_one() -> None:
    """Shares piling up late in the horizon move that group's median later; uniform shares keep it."""
    rng = np.random.default_rng(0)
    groups = np.r_[np.zeros(2000, dtype=np.int64), np.ones(2000, dtype=np.int64)]
    shares = np.r_[rng.random(2000), rng.random(2000) ** 0.3]
    calibration = WaitCalibration(shares, groups)
    level = calibration.level(0.5, np.array([0, 1]))
    assert abs(level[0] - 0.5) < 0.03 and level[1] > 0.7
    # One order, recent for the book's gap / twelve orders, silent for 13 of its own gaps.
    groups = timing_groups(np.array([1.0, 12.0]), np.array([10.0, 400.0]), np.array([30.0, 30.0]))
    assert groups.tolist() == [0, 19]


def test_on_a_book_busy_in_the_autumn_the_date_beats_bgnbds_wait() -> None:
    """Forecast on 1 June: BG/NBD spreads the next orders evenly; Laoke's dates are closer to what
    happened, and the stated window still holds about 8 in 10 first orders."""
    result = run_backtest(autumn_book(), cutoff=AS_OF, horizon_days=183)
    laoke, bgnbd = result.models["laoke"], result.models["bgnbd"]
    assert laoke.mae_days < 0.975 * bgnbd.mae_days
    assert 0.75 <= laoke.window_coverage <= 0.87


def test_the_date_is_the_same_for_the_same_book() -> None:
    """Deterministic: two fits give the same dates."""
    book = synthetic_book(n_customers=120, years=3)
    as_of = dt.date(2020, 9, 1)
    one = LaokeForecaster(horizon_days=180).fit(book, as_of=as_of).predict()
    two = LaokeForecaster(horizon_days=180).fit(book, as_of=as_of).predict()
    assert one["next_order_date"].to_list() == two["next_order_date"].to_list()


def test_an_order_certain_within_the_horizon_waits_at_most_the_horizon_without_a_warning() -> None:
    """``quantile * within`` reaching 1 (a large ``shape``) put 0 to a negative power: NumPy printed
    "divide by zero encountered in power" into ``laoke score``'s output (a 10 M-line book)."""
    import warnings

    shape = np.array([1e6, 2.0])
    base = np.array([1.0, 10.0])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        wait = seasonal_wait(1.0, 183.0, shape=shape, base_weeks=base, profile=np.ones(12), as_of=AS_OF)
    assert np.isfinite(wait).all()
    assert 0 < wait[0] <= 184.0
