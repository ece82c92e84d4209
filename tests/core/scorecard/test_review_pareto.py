"""Year-end review proposals and the 80/20 view."""

from __future__ import annotations

import datetime as dt

import pytest

from laoke.core.scorecard import (
    Policy,
    neglected_small_customers,
    pareto_summary,
    pareto_table,
    year_end_review,
)
from tests.core.scorecard.factories import interactions, line, orders, row

D = dt.date


def test_year_end_review_proposals() -> None:
    """Big non-shrinking customers are promoted, tiny shrinking D customers dropped, the rest run in."""
    book = orders(
        line("big", D(2022, 3, 1), 9_000.0),
        line("big", D(2023, 3, 1), 10_000.0),
        line("tiny", D(2022, 3, 1), 50.0),
        line("tiny", D(2023, 3, 1), 5.0),
        line("new", D(2023, 11, 1), 200.0),
    )
    out = year_end_review(book, year=2023, policy=Policy())
    assert row(out, "big")["proposal"] == "promote"
    assert row(out, "big")["change_pct"] == pytest.approx(1 / 9)
    assert row(out, "new")["change_pct"] is None
    assert row(out, "tiny")["grade"] == "D"
    assert row(out, "tiny")["proposal"] == "drop"
    assert row(out, "new")["proposal"] in {"running_in", "promote"}
    assert out["share_of_year"].sum() == pytest.approx(1.0)


def test_pareto_shares_and_cut() -> None:
    """Ranks by sales; the customers needed to reach 80 % are flagged; top-20 % share is computed."""
    amounts = [500.0, 300.0, 100.0, 50.0, 50.0]
    book = orders(*[line(f"c{i}", D(2024, 3, 1), a, cost=a * 0.5) for i, a in enumerate(amounts)])
    table = pareto_table(book, as_of=D(2024, 6, 30), policy=Policy())
    assert table["customer_id"].to_list() == ["c0", "c1", "c2", "c3", "c4"]
    assert table["in_top_cut"].to_list() == [True, True, False, False, False]
    s = pareto_summary(table, Policy())
    assert s.customers_for_cut == 2
    assert s.top_share_revenue_share == pytest.approx(0.5)
    assert s.top_share_profit_share == pytest.approx(0.5)


def test_neglected_small_customers_with_good_margins() -> None:
    """A small high-margin customer without contact for 90+ days is listed; a contacted one is not."""
    book = orders(
        line("big", D(2024, 6, 1), 10_000.0, cost=9_000.0),
        line("quiet", D(2024, 1, 10), 100.0, cost=40.0),
        line("cared", D(2024, 1, 10), 100.0, cost=40.0),
        line("thin", D(2024, 1, 10), 100.0, cost=95.0),
    )
    log = interactions(dict(customer_id="cared", occurred_on=D(2024, 6, 1), kind="call"))
    out = neglected_small_customers(book, log, as_of=D(2024, 6, 30), policy=Policy())
    assert out["customer_id"].to_list() == ["quiet"]
    assert out["contact_source"].to_list() == ["order"]
    assert out["days_since_contact"].to_list() == [(D(2024, 6, 30) - D(2024, 1, 10)).days]
