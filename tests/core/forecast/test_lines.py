"""Optional order-line features: basket size and product range."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import numpy as np
import polars as pl
import pytest
from polars.testing import assert_frame_equal

from laoke.core.forecast.lines import line_features, line_history
from laoke.core.forecast.model import LaokeForecaster
from laoke.core.forecast.reasons import REASON_CODES
from tests.core.forecast.factories import synthetic_book

AS_OF = dt.date(2021, 1, 1)


def _lines(rows: Sequence[tuple[str, str, str | None, float | None]]) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "customer_id": [r[0] for r in rows],
            "order_date": [dt.date.fromisoformat(r[1]) for r in rows],
            "product": [r[2] for r in rows],
            "quantity": [r[3] for r in rows],
            "amount": [10.0] * len(rows),
        },
        schema_overrides={"product": pl.String, "quantity": pl.Float64},
    )


@pytest.fixture(scope="module")
def book_with_lines() -> pl.DataFrame:
    """The synthetic book with one to three product lines per order and their quantities."""
    book = synthetic_book(n_customers=200).with_row_index("order")
    rng = np.random.default_rng(3)
    n_lines = pl.Series("n_lines", rng.integers(1, 4, book.height))
    lines = book.with_columns(pl.int_ranges(0, n_lines).alias("line")).explode("line")
    return lines.with_columns(
        pl.Series("product", (rng.zipf(1.5, lines.height) % 300).astype(str)),
        pl.Series("quantity", rng.integers(1, 20, lines.height).astype(np.float64)),
    ).drop("order", "line")


def test_no_line_detail_means_no_line_history() -> None:
    """Customer, date and amount only (or empty product and quantity columns): no line features."""
    plain = _lines([("A", "2020-01-01", None, None)])
    assert line_history(plain.drop("product", "quantity"), before=AS_OF) is None
    assert line_history(plain, before=AS_OF) is None


def test_line_features_on_known_values() -> None:
    """Lines and quantity per order day, products bought and the share of them that is new."""
    rows = [
        ("A", "2020-01-10", "p1", 2.0),
        ("A", "2020-01-10", "p2", 4.0),
        ("A", "2020-11-01", "p3", 1.0),
        ("A", "2021-02-01", "p4", 9.0),  # after the cutoff: ignored
        ("B", "2020-12-01", "p1", None),
    ]
    history = line_history(_lines(rows), before=AS_OF)
    assert history is not None
    names = [f[0] for f in history.features]
    assert names == ["lines_per_order", "quantity_per_order", "products", "range_growth"]
    x = line_features(history, pl.Series(["A", "B", "Z"]), cutoff=AS_OF)
    a, b, z = x
    assert a[0] == pytest.approx(np.log(1.5))
    assert a[1] == pytest.approx((np.log1p(6.0) + np.log1p(1.0)) / 2)
    assert a[2] == pytest.approx(np.log1p(3.0))
    assert a[3] == pytest.approx(np.log((1.0 + 1.0) / (2.0 + 1.0)))  # p3 new, p1 and p2 older
    assert b[0] == 0.0 and b[2] == pytest.approx(np.log(2.0))
    assert np.all(z == 0.0)  # no lines: neutral


def test_forecaster_uses_line_detail_and_keeps_its_contract(book_with_lines: pl.DataFrame) -> None:
    """With products and quantities the forecast has the same rows and known, translated reasons."""
    model = LaokeForecaster(horizon_days=180).fit(book_with_lines, as_of=AS_OF)
    assert model.lines_ is not None and model.classifier_ is not None
    assert model.snapshot_.matrix.shape[1] == len(model._reason_of)
    forecast = model.predict()
    expected = book_with_lines.filter(pl.col("order_date") < AS_OF)["customer_id"].unique().sort()
    assert forecast["customer_id"].to_list() == expected.to_list()
    for codes, reasons in forecast.select("reason_codes", "reasons").iter_rows():
        assert codes and all(c in REASON_CODES for c in codes)
        assert [r["code"] for r in reasons] == [f"forecast.{c}" for c in codes]
    past = book_with_lines.filter(pl.col("order_date") < AS_OF)
    assert_frame_equal(LaokeForecaster(horizon_days=180).fit(past, as_of=AS_OF).predict(), forecast)


def _product_range_by_pairs(
    lines: pl.DataFrame, ids: pl.Series, cutoff: dt.date, recent: dt.date
) -> np.ndarray:
    """The product-range columns counted from every (customer, product) first purchase, one by one."""
    firsts = (
        lines.filter(pl.col("order_date") < AS_OF, pl.col("product").is_not_null())
        .group_by("customer_id", "product")
        .agg(pl.col("order_date").min().alias("first_date"))
        .filter(pl.col("first_date") < cutoff)
        .group_by("customer_id")
        .agg(
            pl.len().cast(pl.Float64).alias("n"),
            (pl.col("first_date") >= recent).sum().cast(pl.Float64).alias("new"),
        )
    )
    x = (
        pl.DataFrame({"customer_id": ids})
        .join(firsts, on="customer_id", how="left")
        .select(pl.col("n").log1p(), ((pl.col("new") + 1.0) / (pl.col("n") - pl.col("new") + 1.0)).log())
        .to_numpy()
    )
    return np.where(np.isfinite(x), x, 0.0)


def test_product_range_at_every_cutoff_counts_each_product_once(book_with_lines: pl.DataFrame) -> None:
    """The history keeps first purchases counted per customer-day; at any cutoff the range and its
    growth are exactly those counted over every (customer, product) pair (the way before)."""
    history = line_history(book_with_lines, before=AS_OF)
    assert history is not None and history.first_purchases is not None
    pairs = book_with_lines.filter(pl.col("order_date") < AS_OF).select("customer_id", "product").n_unique()
    assert history.first_purchases.height < pairs  # one row per customer-day, not per product
    ids = book_with_lines["customer_id"].unique().sort()
    for days_back in (0, 45, 200, 400, 700):
        cutoff = AS_OF - dt.timedelta(days=days_back)
        x = line_features(history, ids, cutoff=cutoff)
        expected = _product_range_by_pairs(book_with_lines, ids, cutoff, cutoff - dt.timedelta(days=180))
        np.testing.assert_array_equal(x[:, 2:], expected)
