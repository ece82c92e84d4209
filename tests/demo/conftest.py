"""A demo book generated once for the demo tests."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from laoke.demo.book import DemoBook
from laoke.demo.generator import generate_book

TODAY = dt.date(2026, 6, 15)


@pytest.fixture(scope="session")
def book() -> DemoBook:
    """The default-sized demo book as of a fixed date."""
    return generate_book(seed=2024, today=TODAY)


@pytest.fixture(scope="session")
def orders(book: DemoBook) -> pl.DataFrame:
    """One row per sales order (credit notes left out) with its value and the customer's archetype."""
    return (
        book.order_lines.filter(pl.col("order_id").str.starts_with("SO"))
        .group_by("customer_id", "order_id", "order_date")
        .agg(pl.col("amount").sum())
        .join(book.customers.select("customer_id", "archetype"), on="customer_id")
        .sort("customer_id", "order_date")
    )
