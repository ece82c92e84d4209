"""Calibrated chances: the stated chance within any horizon is what happens, with no look-ahead."""

from __future__ import annotations

import datetime as dt

import numpy as np
import polars as pl
import pytest
from polars.testing import assert_frame_equal

from laoke.core.forecast.calibration import HazardCalibration, fit_hazard_calibration
from laoke.core.forecast.metrics import reliability
from laoke.core.forecast.model import LaokeForecaster
from laoke.core.forecast.transactions import count_in_window, customer_days
from tests.core.forecast.factories import synthetic_book

AS_OF = dt.date(2021, 1, 1)


@pytest.fixture(scope="module")
def book() -> pl.DataFrame:
    return synthetic_book(n_customers=1500, seed=3)


@pytest.fixture(scope="module")
def yearly(book: pl.DataFrame) -> LaokeForecaster:
    """Fitted as ``laoke score`` does: a year's forecast, from which the 90-day chance is read."""
    return LaokeForecaster(horizon_days=365).fit(book, as_of=AS_OF)


def _ordered_within(book: pl.DataFrame, model: LaokeForecaster, days: int) -> np.ndarray:
    outcome = pl.DataFrame({"customer_id": model.design_.customer_id}).join(
        count_in_window(customer_days(book), start=AS_OF, end=AS_OF + dt.timedelta(days=days)),
        on="customer_id",
        how="left",
    )
    return outcome["count"].fill_null(0).to_numpy() > 0


def test_stated_90_day_chance_per_decile_is_what_happens(book: pl.DataFrame, yearly: LaokeForecaster) -> None:
    """In every decile of the stated chance of an order within 90 days, the share who ordered is close.

    150 customers a decile: 0.12 is about three standard errors. Stretching the year's chance
    along each customer's rhythm (the way before) was 0.27 off (0.51 stated, 0.77 ordered).
    """
    days = 90
    ordered = _ordered_within(book, yearly, days)
    table = reliability(ordered, yearly.probability_any(days))
    worst = max(abs(stated - seen) for stated, seen, _ in table)
    assert worst <= 0.12, table
    # And the book as a whole: the mean chance is the share who ordered.
    assert abs(np.mean(yearly.probability_any(days)) - ordered.mean()) <= 0.05


def test_no_look_ahead(book: pl.DataFrame, yearly: LaokeForecaster) -> None:
    """Orders on or after as_of, changed, dropped or shuffled, change no stated chance or window."""
    past = book.filter(pl.col("order_date") < AS_OF)
    future = book.filter(pl.col("order_date") >= AS_OF)
    moved = future.with_columns(
        pl.col("order_date") + pl.duration(days=17), (pl.col("amount") * 3).alias("amount")
    ).sample(fraction=0.5, shuffle=True, seed=1)
    for other in (past, pl.concat([past, moved]).sample(fraction=1.0, shuffle=True, seed=2)):
        again = LaokeForecaster(horizon_days=365).fit(other, as_of=AS_OF)
        for days in (90, 365):
            np.testing.assert_array_equal(again.probability_any(days), yearly.probability_any(days))
            assert_frame_equal(
                again.predict(days).drop("reasons", "reasons_en", "reasons_zh", strict=False),
                yearly.predict(days).drop("reasons", "reasons_en", "reasons_zh", strict=False),
            )


def test_hazard_calibration_recovers_a_known_map() -> None:
    """Outcomes drawn from a known hazard map: the fitted map is close to it; calibrated input stays put."""
    rng = np.random.default_rng(0)
    p = rng.beta(1.0, 2.0, 40_000)
    true = HazardCalibration(np.log(0.6), 0.8)
    y = rng.random(p.size) < true.apply(p)
    fitted = fit_hazard_calibration(p, y)
    assert abs(fitted.log_scale - true.log_scale) < 0.05 and abs(fitted.slope - true.slope) < 0.05
    same = fit_hazard_calibration(p, rng.random(p.size) < p)
    assert abs(same.log_scale) < 0.05 and abs(same.slope - 1.0) < 0.05
    # The map keeps every ranking.
    assert np.all(np.diff(fitted.apply(np.sort(p))) >= 0)
