"""The demo book's prospects with a history: won ones linked to customers, dropped ones with reasons."""

from __future__ import annotations

import datetime as dt

import polars as pl

from laoke.demo.generator import generate_book

TODAY = dt.date(2026, 6, 15)


def test_demo_prospects_have_known_outcomes() -> None:
    """It records won prospects before the customer's first order and dropped ones with a day and reason."""
    book = generate_book(seed=2024, today=TODAY)
    prospects = book.prospects
    first = book.order_lines.group_by("customer_id").agg(first=pl.col("order_date").min())
    won = prospects.filter(pl.col("status") == "won").join(first, on="customer_id")
    assert won.height == prospects.filter(pl.col("status") == "won").height >= 50
    assert (won["created_on"] < won["first"]).all() and (won["won_on"] == won["first"]).all()
    assert won["customer_id"].n_unique() == won.height
    dropped = prospects.filter(pl.col("status") == "removed")
    assert dropped["removed_on"].null_count() == 0 and (dropped["removed_on"] >= dropped["created_on"]).all()
    assert (dropped["removed_reason"].str.len_chars() > 5).all()
    assert (prospects["created_on"] <= TODAY).all()
    assert generate_book(seed=2024, today=TODAY).prospects.equals(prospects)
