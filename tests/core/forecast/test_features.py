"""Per-customer features at a cutoff: the precomputed-gaps path equals the direct one."""

from __future__ import annotations

import datetime as dt

import numpy as np
import polars as pl
import pytest

from laoke.core.forecast.features import customer_features, with_gaps
from laoke.core.forecast.transactions import customer_days
from tests.core.forecast.factories import orders, synthetic_book


def test_precomputed_gaps_give_the_same_features_at_every_cutoff() -> None:
    """Gaps computed once on the whole history match gaps recomputed before each cutoff."""
    days = customer_days(synthetic_book(n_customers=120, seed=4))
    shuffled = days.sample(fraction=1.0, shuffle=True, seed=1)  # unsorted input is sorted first
    prepared = with_gaps(shuffled)
    for cutoff in (dt.date(2019, 3, 1), dt.date(2020, 7, 15), dt.date(2021, 12, 31)):
        direct = customer_features(days.filter(pl.col("order_date") < cutoff), cutoff=cutoff, horizon_days=90)
        fast = customer_features(prepared, cutoff=cutoff, horizon_days=90)
        assert fast["customer_id"].to_list() == direct["customer_id"].to_list()
        for column in direct.columns:
            if direct[column].dtype.is_numeric():
                np.testing.assert_allclose(fast[column].to_numpy(), direct[column].to_numpy(), atol=1e-9)
            else:
                assert fast[column].to_list() == direct[column].to_list()


def test_log_gap_spread_on_known_gaps() -> None:
    """Gaps of 10, 20 and 40 days: the sum of squared log-gap deviations is 2 (ln 2)**2."""
    book = orders(
        [
            ("A", "2020-01-01", 1.0),
            ("A", "2020-01-11", 1.0),
            ("A", "2020-01-31", 1.0),
            ("A", "2020-03-11", 1.0),
            ("B", "2020-02-01", 1.0),
        ]
    )
    features = customer_features(customer_days(book), cutoff=dt.date(2020, 6, 1), horizon_days=30)
    a, b = features.row(0, named=True), features.row(1, named=True)
    assert a["gap_count"] == 3 and a["gap_sum"] == 70
    assert a["log_gap_ss"] == pytest.approx(2 * np.log(2) ** 2)
    assert b["gap_count"] == 0 and b["log_gap_ss"] == 0.0


def test_features_do_not_depend_on_row_order() -> None:
    """Shuffled, chunked copies of a book give bit-identical features (float sums are exact).

    Polars adds a group's floats in the order its threads meet them; before sums were taken as
    integers, the quantity and value features differed in the last bit between runs, which
    now and then flipped a tree split and changed a forecast.
    """
    from laoke.core.forecast.lines import line_features, line_history

    rng = np.random.default_rng(8)
    book = synthetic_book(n_customers=150, seed=9)
    book = book.with_columns(
        pl.Series("quantity", rng.uniform(0.5, 40.0, book.height)),
        pl.Series("product", rng.integers(0, 50, book.height).astype(str)),
        pl.col("amount") * rng.uniform(0.9, 1.1, book.height),
    )
    cutoff = dt.date(2020, 9, 1)

    def matrix(frame: pl.DataFrame) -> np.ndarray:
        days = with_gaps(customer_days(frame, before=dt.date(2021, 1, 1)))
        features = customer_features(days, cutoff=cutoff, horizon_days=180)
        history = line_history(frame, before=dt.date(2021, 1, 1))
        assert history is not None
        lines = line_features(history, features["customer_id"], cutoff=cutoff)
        numbers = features.select(pl.exclude("customer_id", "first_date", "last_date")).to_numpy()
        return np.hstack([numbers, lines])

    reference = matrix(book)
    for seed in range(6):
        shuffled = pl.concat(
            [chunk for chunk in book.sample(fraction=1.0, shuffle=True, seed=seed).iter_slices(997)],
            rechunk=False,
        )
        assert np.array_equal(matrix(shuffled), reference, equal_nan=True)
