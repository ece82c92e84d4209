"""Each archetype is recognisable from the orders, as the scorecard and forecasts will see them."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from laoke.demo.book import DemoBook
from laoke.demo.generator import generate_book

from .conftest import TODAY

DAY = dt.timedelta(days=1)


@pytest.fixture(scope="module", params=[2024, 7])
def orders(request: pytest.FixtureRequest) -> pl.DataFrame:
    """Sales orders (no credit notes) of books from two seeds, with each customer's archetype."""
    book: DemoBook = generate_book(seed=request.param, today=TODAY)
    return (
        book.order_lines.filter(pl.col("order_id").str.starts_with("SO"))
        .group_by("customer_id", "order_id", "order_date")
        .agg(pl.col("amount").sum())
        .join(book.customers.select("customer_id", "archetype"), on="customer_id")
        .sort("customer_id", "order_date")
    )


def _of(orders: pl.DataFrame, archetype: str) -> pl.DataFrame:
    return orders.filter(pl.col("archetype") == archetype)


def _sales_between(days_from: int, days_to: int) -> pl.Expr:
    """Sales with order dates in (today - days_from, today - days_to]."""
    window = (pl.col("order_date") > TODAY - days_from * DAY) & (
        pl.col("order_date") <= TODAY - days_to * DAY
    )
    return pl.col("amount").filter(window).sum()


def _rhythm(df: pl.DataFrame) -> pl.DataFrame:
    return df.group_by("customer_id").agg(
        first=pl.col("order_date").min(),
        last=pl.col("order_date").max(),
        gap=pl.col("order_date").diff().dt.total_days().median(),
        n=pl.len(),
    )


def test_christmas_buyers_order_in_january(orders: pl.DataFrame) -> None:
    """It makes the Christmas buyers place most of their order value in January, year after year."""
    share = (
        _of(orders, "seasonal_january")
        .group_by("customer_id")
        .agg(
            jan=pl.col("amount").filter(pl.col("order_date").dt.month() == 1).sum() / pl.col("amount").sum(),
            years=pl.col("order_date").dt.year().n_unique(),
        )
    )
    assert (share["jan"] >= 0.7).all()
    assert (share["years"] >= 3).all()


def test_spring_buyers_order_before_summer(orders: pl.DataFrame) -> None:
    """It makes the other seasonal buyers order only from March to May."""
    months = _of(orders, "seasonal_spring")["order_date"].dt.month()
    assert months.is_between(3, 5).all()


def test_the_dropping_grower_grew_then_really_drops(orders: pl.DataFrame) -> None:
    """It makes each dropping grower grow over the years, then sell far less in the last six months."""
    r = (
        _of(orders, "dropping_grower")
        .group_by("customer_id")
        .agg(
            last_half=_sales_between(180, 0),
            prev_half=_sales_between(360, 180),
            year_1=_sales_between(730, 365),
            year_3=_sales_between(1460, 1095),
        )
    )
    assert (r["last_half"] < 0.75 * r["prev_half"]).all()
    assert (r["last_half"] / r["prev_half"]).median() < 0.5
    assert (r["year_1"] > 1.2 * r["year_3"]).all()


def test_growers_grow_and_decliners_decline(orders: pl.DataFrame) -> None:
    """It makes growing customers' last year bigger than their first, and declining ones smaller."""
    for archetype, grows in (("growing", True), ("declining", False)):
        r = (
            _of(orders, archetype)
            .group_by("customer_id")
            .agg(
                first_year=pl.col("amount")
                .filter(pl.col("order_date") < pl.col("order_date").min() + 365 * DAY)
                .sum(),
                last_year=_sales_between(365, 0),
            )
        )
        ratio = r["last_year"] / r["first_year"]
        assert (ratio > 1.0).all() if grows else (ratio < 0.6).all(), archetype


def test_dormant_customers_are_silent_longer_than_their_rhythm(orders: pl.DataFrame) -> None:
    """It leaves each dormant customer without orders for over three times its usual gap."""
    r = _rhythm(_of(orders, "dormant")).with_columns(idle=(pl.lit(TODAY) - pl.col("last")).dt.total_days())
    assert (r["n"] >= 4).all()
    assert (r["idle"] > 3 * r["gap"]).all()
    assert (r["idle"] > 365).all()


def test_silent_long_standing_customers_stopped_three_months_ago(orders: pl.DataFrame) -> None:
    """It keeps silent customers 3+ years old, ordering monthly-ish, with nothing for 3+ months."""
    r = _rhythm(_of(orders, "silent"))
    assert ((TODAY - r["first"].max()).days) >= 3 * 365
    assert ((TODAY - r["last"].max()).days) >= 90
    assert (r["gap"] < 70).all()


def test_trial_customers_start_small_then_grow(orders: pl.DataFrame) -> None:
    """It makes trial customers' first three orders far smaller than their latest three."""
    r = (
        _of(orders, "trial_grower")
        .group_by("customer_id")
        .agg(first=pl.col("amount").head(3).mean(), latest=pl.col("amount").tail(3).mean(), n=pl.len())
    )
    assert (r["n"] >= 6).all()
    assert (r["first"] < 0.5 * r["latest"]).all()
    assert (r["first"] / r["latest"]).median() < 0.3


def test_one_off_new_and_regular_customers(orders: pl.DataFrame) -> None:
    """It gives one-off buyers one old order, new customers a recent first order, regulars a steady rhythm."""
    one_off = _rhythm(_of(orders, "one_off"))
    assert (one_off["n"] == 1).all() and ((TODAY - one_off["last"].max()).days > 365)
    new = _rhythm(_of(orders, "new"))
    assert (TODAY - new["first"].min()).days <= 120
    regular = _rhythm(_of(orders, "regular"))
    assert (regular["n"] >= 8).all()
    on_rhythm = regular.select((pl.lit(TODAY) - pl.col("last")).dt.total_days() < 3 * pl.col("gap"))
    assert on_rhythm.to_series().all()


def test_churned_customers_stopped_before_their_loss_record(book: DemoBook) -> None:
    """It records each churned customer's loss after its last order; owner_left only for the departed's."""
    last = book.order_lines.group_by("customer_id").agg(last=pl.col("order_date").max())
    losses = book.losses.join(last, on="customer_id")
    assert (losses["lost_on"] > losses["last"]).all()
    departed = book.customers.filter(pl.col("owner") == book.departed.username)["customer_id"]
    assert set(losses.filter(pl.col("reason") == "owner_left")["customer_id"]) <= set(departed)
    assert (losses["reason"] == "owner_left").any()


def test_dormant_customers_have_a_complaint_handled_too_late_after_their_last_order(book: DemoBook) -> None:
    """Each dormant customer complained after its last order; the complaint was closed over a
    month later — too late — and none is left open for years (it would top Today, issue 20)."""
    dormant = book.customers.filter(pl.col("archetype") == "dormant").select("customer_id")
    last = book.order_lines.group_by("customer_id").agg(last=pl.col("order_date").max())
    complaints = (
        book.interactions.filter(pl.col("kind") == "complaint")
        .join(last, on="customer_id")
        .filter(pl.col("occurred_at").dt.date() > pl.col("last"))
    )
    late = complaints.filter(pl.col("resolved_at") - pl.col("occurred_at") > dt.timedelta(days=40))
    assert set(dormant["customer_id"]) <= set(late["customer_id"])
    still_open = book.interactions.filter((pl.col("kind") == "complaint") & pl.col("resolved_at").is_null())
    oldest = still_open["occurred_at"].min()
    assert oldest is None or oldest.date() >= TODAY - dt.timedelta(days=60)


def test_neglected_small_customers_are_profitable_but_not_contacted(book: DemoBook) -> None:
    """It gives neglected small customers high margins and no contact in the last six months."""
    neglected = book.customers.filter(pl.col("archetype") == "neglected_small")
    assert (neglected["margin"] >= 0.3).all()
    recent = book.interactions.filter(
        (pl.col("occurred_at").dt.date() > TODAY - 180 * DAY) & (pl.col("direction") == "out")
    )
    assert not set(neglected["customer_id"]) & set(recent["customer_id"])
