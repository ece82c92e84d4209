"""Forecast reasons never contradict the customer's own figures (demo book and a real book)."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import numpy as np
import polars as pl
import pytest

from laoke.core.forecast.model import LaokeForecaster
from laoke.core.forecast.reasons import FACT_CODES, book_medians, fact_agrees
from laoke.core.messages import from_rows
from laoke.demo.generator import generate_book

SHARED = Path(
    os.environ.get("LAOKE_SHARED_DATA", Path(__file__).resolve().parents[3] / ".." / "shared" / "data")
)


def _real_book() -> tuple[pl.DataFrame, dt.date]:
    raw = pl.read_csv(SHARED / "online_retail_ii_2009_2011.csv.gz", infer_schema_length=0)
    raw = raw.filter(pl.col("CustomerID").is_not_null() & (pl.col("CustomerID") != ""))
    keep = raw["CustomerID"].unique().sort().head(600).implode()
    lines = (
        raw.filter(pl.col("CustomerID").is_in(keep) & ~pl.col("Invoice").str.starts_with("C"))
        .with_columns(pl.col("Quantity").cast(pl.Float64), pl.col("Price").cast(pl.Float64))
        .filter((pl.col("Quantity") > 0) & (pl.col("Price") > 0))
        .select(
            pl.col("CustomerID").alias("customer_id"),
            pl.col("InvoiceDate").str.slice(0, 10).str.to_date().alias("order_date"),
            (pl.col("Quantity") * pl.col("Price")).alias("amount"),
        )
    )
    return lines, dt.date(2011, 6, 10)


def _demo_book() -> tuple[pl.DataFrame, dt.date]:
    today = dt.date(2026, 11, 25)
    return generate_book(today=today, customers=300).order_lines, today


@pytest.fixture(scope="module", params=["demo", "online_retail_ii"])
def fitted(request: pytest.FixtureRequest) -> tuple[LaokeForecaster, pl.DataFrame]:
    lines, as_of = _demo_book() if request.param == "demo" else _real_book()
    model = LaokeForecaster(horizon_days=90).fit(lines, as_of=as_of)
    return model, model.predict()


def test_no_reason_contradicts_the_customers_figures(fitted: tuple[LaokeForecaster, pl.DataFrame]) -> None:
    """ "Few orders" only below the median it names, "irregular" never at the book's most regular."""
    model, forecast = fitted
    design = model.design_
    median_orders = int(book_medians(design.n))
    regularity = design.rhythm.shape
    top_regular = regularity >= np.quantile(regularity, 0.9)
    said = 0
    for i, (codes, stored) in enumerate(forecast.select("reason_codes", "reasons").iter_rows()):
        n = int(design.n[i])
        for code, message in zip(codes, from_rows(stored), strict=True):
            assert message.code == f"forecast.{code}"
            if code in {"few_orders", "many_orders"}:
                assert message.params == {"orders": n, "median": median_orders}
            if code == "few_orders":
                assert n < median_orders
            if code == "many_orders":
                assert n > median_orders
            if code == "irregular_rhythm":
                assert not top_regular[i]
            if code == "regular_rhythm":
                assert regularity[i] > np.quantile(regularity, 0.5, method="lower")
            said += code in FACT_CODES
    assert said > 0  # the figures are not avoided altogether


def test_fact_check_drops_only_contradicting_codes() -> None:
    """A code agrees when its customer's value lies on its side of the book's median."""
    matrix = np.zeros((3, 12))
    matrix[:, 2] = np.log1p([1.0, 5.0, 50.0])  # orders
    codes = np.array([["few_orders"], ["few_orders"], ["many_orders"]], dtype=object)
    assert fact_agrees(codes, matrix)[:, 0].tolist() == [True, False, True]
    assert fact_agrees(np.array([["book_pattern_low"]] * 3, dtype=object), matrix).all()
