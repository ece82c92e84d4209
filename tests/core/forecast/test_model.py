"""Laoke's forecaster: edge cases and properties."""

from __future__ import annotations

import datetime as dt
import itertools

import numpy as np
import polars as pl
import pytest
from polars.testing import assert_frame_equal

from laoke.core.forecast.model import TRUST_GRID, LaokeForecaster
from laoke.core.forecast.reasons import REASON_CODES
from laoke.core.forecast.stack import (
    MIN_HISTORY_DAYS,
    MIN_HORIZON_DAYS,
    STEP_DAYS,
    training_cutoffs,
    validation_cutoff,
)
from tests.core.forecast.factories import orders, synthetic_book

AS_OF = dt.date(2021, 1, 1)


@pytest.fixture(scope="module")
def book() -> pl.DataFrame:
    return synthetic_book()


@pytest.fixture(scope="module")
def model(book: pl.DataFrame) -> LaokeForecaster:
    return LaokeForecaster(horizon_days=180).fit(book, as_of=AS_OF)


@pytest.fixture(scope="module")
def forecast(model: LaokeForecaster) -> pl.DataFrame:
    return model.predict()


def test_one_row_per_customer_with_history(book: pl.DataFrame, forecast: pl.DataFrame) -> None:
    """It forecasts exactly the customers with an order before as_of."""
    expected = book.filter(pl.col("order_date") < AS_OF)["customer_id"].unique().sort()
    assert forecast["customer_id"].to_list() == expected.to_list()


def test_outputs_are_consistent(forecast: pl.DataFrame) -> None:
    """Probabilities lie in [0, 1], counts and values are non-negative, windows are ordered."""
    assert forecast["p_order"].is_between(0, 1).all()
    assert (forecast["expected_orders"] >= 0).all() and (forecast["expected_value"] >= 0).all()
    assert (forecast["window_start"] <= forecast["next_order_date"]).all()
    assert (forecast["next_order_date"] <= forecast["window_end"]).all()
    assert (forecast["window_end"] <= AS_OF + dt.timedelta(days=180)).all()


def test_every_forecast_has_known_reasons(forecast: pl.DataFrame) -> None:
    """Each forecast carries at least one reason, as a message per code."""
    for codes, reasons in forecast.select("reason_codes", "reasons").iter_rows():
        assert codes and all(c in REASON_CODES for c in codes)
        assert [r["code"] for r in reasons] == [f"forecast.{c}" for c in codes]


def test_probability_grows_with_the_horizon(model: LaokeForecaster) -> None:
    """P(order within N days) never falls as N grows."""
    p = [model.probability_any(n) for n in (30, 90, 180, 365)]
    for shorter, longer in itertools.pairwise(p):
        assert np.all(longer >= shorter - 1e-9)


def test_future_rows_are_ignored(book: pl.DataFrame, forecast: pl.DataFrame) -> None:
    """Orders dated on or after as_of change nothing."""
    past = book.filter(pl.col("order_date") < AS_OF)
    again = LaokeForecaster(horizon_days=180).fit(past, as_of=AS_OF).predict()
    assert_frame_equal(again, forecast)


def test_deterministic(book: pl.DataFrame, forecast: pl.DataFrame) -> None:
    """Fitting twice on the same data gives identical forecasts (row order does not matter)."""
    shuffled = book.sample(fraction=1.0, shuffle=True, seed=5)
    assert_frame_equal(LaokeForecaster(horizon_days=180).fit(shuffled, as_of=AS_OF).predict(), forecast)


def test_one_order_and_same_day_orders() -> None:
    """A one-order customer gets the book's pattern; two lines on one day count as one order."""
    rows = [("A", "2020-01-10", 100.0), ("B", "2020-03-01", 50.0), ("B", "2020-03-01", 70.0)]
    rows += [("R", f"2020-{m:02d}-05", 10.0) for m in range(1, 13)]
    forecaster = LaokeForecaster(horizon_days=90).fit(orders(rows), as_of=AS_OF)
    result = forecaster.predict()
    by_id = {r["customer_id"]: r for r in result.iter_rows(named=True)}
    assert forecaster.design_.n.tolist() == [1.0, 1.0, 12.0]
    assert "single_order" in by_id["A"]["reason_codes"]
    assert by_id["R"]["p_order"] > by_id["A"]["p_order"]
    assert all(np.isfinite(r["expected_orders"]) for r in by_id.values())


def test_empty_book() -> None:
    """No orders before as_of gives an empty forecast, not an error."""
    empty = orders([("A", "2022-01-01", 1.0)])
    assert LaokeForecaster(horizon_days=30).fit(empty, as_of=AS_OF).predict().height == 0


def test_training_cutoffs_step_back_and_keep_the_horizon_when_it_fits() -> None:
    """Cutoffs step back from as_of; the horizon is the forecast's once it fits before as_of."""
    start, as_of = dt.date(2018, 1, 1), dt.date(2021, 1, 1)
    plan = training_cutoffs(start, as_of, 90)
    cutoffs = [c for c, _ in plan]
    assert cutoffs == sorted(cutoffs, reverse=True)
    assert all((as_of - c).days % STEP_DAYS == 0 for c in cutoffs)
    assert all(h == min(90, (as_of - c).days) for c, h in plan)
    assert all((c - start).days >= MIN_HISTORY_DAYS for c in cutoffs)
    assert plan[-1][1] == 90


def test_training_cutoffs_of_a_short_book() -> None:
    """A book younger than the minimum history has nothing to learn from."""
    assert training_cutoffs(dt.date(2020, 12, 1), dt.date(2021, 1, 1), 180) == []


def test_stacked_model_is_trained_on_a_long_book(model: LaokeForecaster) -> None:
    """With years of history the boosted models are trained and used."""
    assert model.classifier_ is not None and model.regressor_ is not None
    assert len(model.training_cutoffs_) >= 2


def test_validation_cutoff_window_ends_at_as_of() -> None:
    """The validation window is fully observed before as_of and leaves two thirds of history."""
    start, as_of = dt.date(2019, 1, 1), dt.date(2021, 1, 1)
    cutoff, horizon = validation_cutoff(start, as_of, 180) or (None, 0)
    assert cutoff is not None and cutoff + dt.timedelta(days=horizon) == as_of and horizon == 180
    # A shorter book: a third of its history, not the whole horizon.
    short = validation_cutoff(dt.date(2020, 4, 1), as_of, 365)
    assert short is not None and short[1] == (as_of - dt.date(2020, 4, 1)).days // 3
    assert len(training_cutoffs(start, cutoff, 180)) >= 2


def test_validation_cutoff_of_a_short_book() -> None:
    """Too little history for a validation window and training cutoffs before it: none."""
    as_of = dt.date(2021, 1, 1)
    assert validation_cutoff(as_of - dt.timedelta(days=3 * MIN_HORIZON_DAYS - 1), as_of, 180) is None
    assert validation_cutoff(as_of - dt.timedelta(days=MIN_HISTORY_DAYS + STEP_DAYS), as_of, 180) is None


def test_trust_blends_the_trees_with_bgnbd(book: pl.DataFrame) -> None:
    """The validated share is on the grid; at 0 the number of orders is BG/NBD's, at 1 the trees'."""
    model = LaokeForecaster(horizon_days=180).fit(book, as_of=AS_OF)
    assert model.trust_ in TRUST_GRID
    model.count_base_ = "bgnbd"
    model.trust_ = 0.0
    model._predict_main()
    bg = model.design_.bgnbd_expected(180)
    np.testing.assert_allclose(model.expected_orders(), bg, rtol=1e-9)
    model.trust_ = 1.0
    model._predict_main()
    assert model.regressor_ is not None
    snap = model.snapshot_
    trees = np.exp(model.regressor_.margin(snap.matrix, base_margin=snap.bg_log_expected))
    np.testing.assert_allclose(model.expected_orders(), trees * bg.sum() / trees.sum(), rtol=1e-9)
    assert not np.allclose(trees / trees.sum(), bg / bg.sum())


def _yearly_donors(n: int = 1500, seed: int = 5) -> pl.DataFrame:
    """A giving cohort: everyone starts the same day and gives at most once a year, never 'leaving'."""
    rng = np.random.default_rng(seed)
    rows = []
    for c in range(n):
        rate = float(rng.beta(2, 2))
        day = int(rng.integers(0, 300))
        rows.append((f"D{c}", dt.date(2015, 1, 15), 10.0))
        for year in range(2016, 2023):
            if rng.random() < rate:
                rows.append((f"D{c}", dt.date(year, 1, 1) + dt.timedelta(days=day), 10.0))
    return pl.DataFrame(
        rows, schema={"customer_id": pl.String, "order_date": pl.Date, "amount": pl.Float64}, orient="row"
    )


def test_recency_breaks_ties_where_bgnbd_sees_no_dropout() -> None:
    """At BG/NBD's no-dropout boundary its chance depends on the order count alone; Laoke's follows
    recency among customers it would otherwise tie, without moving any chance by more than 1e-6."""
    model = LaokeForecaster(horizon_days=365).fit(_yearly_donors(), as_of=dt.date(2023, 1, 1))
    design = model.design_
    assert len(np.unique(design.bgnbd_probability(365))) <= 8  # the ties of the issue
    p = model.probability_any()
    pairs = {(n, r) for n, r in zip(design.n, design.recency_days, strict=True)}
    assert len(np.unique(p)) >= 0.9 * len(pairs)
    assert np.max(np.abs(p / model.p_main_ - 1.0)) <= 1.001e-6
    tied = np.round(model.p_main_, 12)
    for value in np.unique(tied):
        group = tied == value
        order = np.argsort(design.recency_days[group], kind="stable")
        recency, chance = design.recency_days[group][order], p[group][order]
        assert np.all(np.diff(chance)[np.diff(recency) > 0] < 0)  # later last order, higher chance


@pytest.mark.parametrize("years_silent", [2, 15])
def test_a_book_silent_for_years_states_next_to_no_chance(book: pl.DataFrame, years_silent: int) -> None:
    """Scored years after its last order, nobody is told a real chance of ordering.

    The book's recent past has no orders to learn from (no trained trees), and the customer's
    own rhythm has no dropout: before, it gave customers silent for 15 years a chance of about
    1 in 4 within 90 days (up to 1 in 2), where BG/NBD gave next to none.
    """
    last = book["order_date"].max()
    assert isinstance(last, dt.date)
    as_of = last + dt.timedelta(days=1 + 365 * years_silent)
    model = LaokeForecaster(horizon_days=365).fit(book, as_of=as_of)
    bgnbd = model.design_.bgnbd_probability(90)
    stated = model.predict(90)["p_order"].to_numpy()
    assert stated.max() < 0.1
    # Not above what BG/NBD, which knows customers drop out, gives the book on average.
    assert stated.mean() <= 2 * bgnbd.mean() + 1e-3


def test_the_level_shift_reaches_a_level_far_below_every_margin() -> None:
    """A book of customers long gone asks for a mean chance far below any margin's: no error."""
    from scipy import special

    from laoke.core.forecast.model import _level_shift

    margin = np.array([-2.0, -5.0, 1.0])
    for target in (1e-9, 1e-20):
        shift = _level_shift(margin, target, logistic=True)
        assert float(np.mean(special.expit(margin + shift))) == pytest.approx(target, rel=1e-3)
    shift = _level_shift(margin, 0.5, logistic=True)
    assert float(np.mean(special.expit(margin + shift))) == pytest.approx(0.5, abs=1e-8)


def _leaving_at_any_time(n: int = 1500, seed: int = 3) -> pl.DataFrame:
    """Customers who buy at their own Poisson rate and leave at any moment, as Pareto/NBD assumes
    (BG/NBD lets them leave only right after an order, so a one-off buyer never leaves)."""
    rng = np.random.default_rng(seed)
    start, span = dt.date(2017, 1, 1), 4 * 365
    rows = []
    for c in range(n):
        rate = float(rng.gamma(1.0, 1 / 5)) / 7.0  # orders per day while alive
        leave = float(rng.exponential(7.0 / float(rng.gamma(1.0, 1 / 15))))
        first = float(rng.integers(0, span - 400))
        t = first
        while t < min(span, first + leave):
            rows.append((f"P{c}", start + dt.timedelta(days=int(t)), 10.0))
            t += float(rng.exponential(1.0 / rate)) + 1.0
    return pl.DataFrame(
        rows, schema={"customer_id": pl.String, "order_date": pl.Date, "amount": pl.Float64}, orient="row"
    )


def test_the_book_chooses_pareto_nbd_where_customers_leave_at_any_time() -> None:
    """Where customers leave at any time, the validation cutoff finds Pareto/NBD's forecast of the
    number of orders better than BG/NBD's, and the forecast rests on it: with none of the trees'
    correction the expected orders are Pareto/NBD's; on the gamma-rhythm book BG/NBD stays."""
    model = LaokeForecaster(horizon_days=180).fit(_leaving_at_any_time(), as_of=dt.date(2020, 7, 1))
    assert model.count_base_ == "pareto_nbd"
    assert model.pareto_ is not None
    design = model.design_
    pareto = model.pareto_.expected_purchases(180 / 7, design.frequency, design.recency_weeks, design.t_weeks)
    model.trust_ = 0.0
    model._predict_main()
    np.testing.assert_allclose(model.expected_orders(), pareto, rtol=1e-6, atol=1e-6)
    half = model.expected_orders(90)
    assert np.all(half <= model.expected_orders() + 1e-12)
