"""The KPI pack on a small hand-built book; every expected figure is worked out by hand below."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from laoke.core.kpi import (
    Period,
    losses_by_reason,
    owner_concentration,
    plan_winback_rate,
    reorder_rate,
    response_times,
    retention_rate,
    revenue_concentration,
    winback_rate,
)

D = dt.date
YEAR = Period(D(2025, 1, 1), D(2025, 12, 31))

# Customers 1, 2, 3, 8 belong to user 10; 4, 5, 7 to user 20; 6 has no owner.
OWNERS = pl.DataFrame(
    {"customer_id": [1, 2, 3, 4, 5, 6, 7, 8], "owner_id": [10, 10, 10, 20, 20, None, 20, 10]},
    schema={"customer_id": pl.Int64, "owner_id": pl.Int64},
)

ORDERS = pl.DataFrame(
    [
        (1, D(2024, 3, 1), 1000.0),
        (1, D(2025, 2, 1), 2000.0),
        (2, D(2023, 12, 31), 9999.0),  # before both windows
        (2, D(2024, 6, 1), 500.0),
        (2, D(2024, 11, 15), 1200.0),
        (3, D(2025, 5, 1), 3000.0),  # new in 2025: not in the reorder base
        (4, D(2024, 12, 31), 800.0),  # last day of the base window
        (4, D(2025, 1, 1), 400.0),  # first day of the period
        (5, D(2024, 7, 1), 100.0),
        (5, D(2024, 7, 1), -100.0),  # credit note: that day nets to zero, not a purchase
        (5, D(2025, 3, 1), 600.0),
        (6, D(2024, 2, 2), 700.0),
        (6, D(2025, 11, 30), 7000.0),
    ],
    schema=["customer_id", "order_date", "amount"],
    orient="row",
)

STATES = pl.DataFrame(
    [
        (1, D(2023, 1, 1), "active"),
        (1, D(2025, 6, 1), "at_risk"),  # still kept at the end
        (2, D(2024, 1, 1), "active"),
        (2, D(2025, 9, 1), "dormant"),
        (3, D(2025, 5, 1), "active"),  # no state at the start: in no base
        (4, D(2024, 5, 1), "at_risk"),
        (4, D(2025, 12, 31), "lost"),  # on the last day: counts
        (5, D(2024, 3, 1), "dormant"),
        (5, D(2025, 3, 1), "active"),  # won back
        (6, D(2024, 10, 1), "lost"),
        (6, D(2026, 1, 1), "active"),  # after the period
        (7, D(2024, 12, 31), "dormant"),  # the day before the period: the start state
        (7, D(2025, 1, 1), "active"),  # won back on the first day
        (8, D(2024, 1, 1), "dormant"),
        (8, D(2025, 4, 1), "at_risk"),  # back to buying a little, but not active: no win-back
    ],
    schema=["customer_id", "changed_on", "state"],
    orient="row",
)


def _by_owner(breakdown: object) -> dict[int | None, tuple[int, int]]:
    return {r.owner_id: (r.base, r.hits) for r in breakdown.by_owner}  # type: ignore[attr-defined]


def test_reorder_rate_counts_last_periods_buyers_who_bought_again() -> None:
    """Base = bought in 2024 (1, 2, 4, 6; 5's day nets to zero); again in 2025: 1, 4, 6 → 3/4."""
    result = reorder_rate(ORDERS, OWNERS, YEAR)
    assert (result.company.base, result.company.hits) == (4, 3)
    assert result.company.rate == pytest.approx(0.75)
    assert _by_owner(result) == {10: (2, 1), 20: (1, 1), None: (1, 1)}
    assert [r.owner_id for r in result.by_owner][-1] == 10  # worst rate last


def test_reorder_rate_with_a_quarter_compares_with_the_quarter_before() -> None:
    """Q1 2025 against Q4 2024: only customers 2 (Nov) and 4 (Dec 31) bought in Q4; 4 came back."""
    result = reorder_rate(ORDERS, OWNERS, Period(D(2025, 1, 1), D(2025, 3, 31)))
    assert (result.company.base, result.company.hits) == (2, 1)


def test_retention_rate_follows_lifecycle_states() -> None:
    """Kept at the start: 1 active, 2 active, 4 at risk; at the end only 1 (at risk) → 1/3."""
    result = retention_rate(STATES, OWNERS, YEAR)
    assert (result.company.base, result.company.hits) == (3, 1)
    assert result.company.rate == pytest.approx(1 / 3)
    assert _by_owner(result) == {10: (2, 1), 20: (1, 0)}


def test_winback_rate_counts_dormant_or_lost_customers_made_active_again() -> None:
    """Gone at the start: 5, 6, 7, 8; active again in 2025: 5 and 7 (6 only in 2026, 8 at risk) → 2/4."""
    result = winback_rate(STATES, OWNERS, YEAR)
    assert (result.company.base, result.company.hits) == (4, 2)
    assert _by_owner(result) == {20: (2, 2), None: (1, 0), 10: (1, 0)}


def test_revenue_concentration_reuses_the_pareto_table() -> None:
    """2025 sales: 6 → 7000, 3 → 3000, 1 → 2000, 5 → 600, 4 → 400 (13000); top 1 of 5 = 7000/13000."""
    result = revenue_concentration(ORDERS, YEAR)
    assert result.summary.customers == 5
    assert result.summary.revenue == pytest.approx(13000.0)
    assert result.summary.top_share_revenue_share == pytest.approx(7000 / 13000)
    # 80 %: 0 → 7000/13000 (.54) → 10000/13000 (.77) → the third customer crosses it.
    assert result.summary.customers_for_cut == 3
    assert result.curve[0] == (0.0, 0.0)
    assert result.curve[-1] == (1.0, pytest.approx(1.0))


def test_owner_concentration_flags_owners_above_thirty_percent() -> None:
    """2025: nobody 7000, user 10 5000 (1 + 3), user 20 1000 (4 + 5) of 13000; no owner is not flagged."""
    rows = owner_concentration(ORDERS, OWNERS, YEAR)
    assert [(r.owner_id, r.customers, r.revenue) for r in rows] == [
        (None, 1, 7000.0),
        (10, 2, 5000.0),
        (20, 2, 1000.0),
    ]
    assert [round(r.share, 4) for r in rows] == [round(7 / 13, 4), round(5 / 13, 4), round(1 / 13, 4)]
    assert [r.flagged for r in rows] == [False, True, False]


def test_response_time_is_the_median_reply_of_received_mails_per_user() -> None:
    """User 10: replies 0.1, 2, 5 h (one unanswered) → 2 h; user 20: 0.5, 1.5 → 1 h; all: 1.5 h."""
    interactions = pl.DataFrame(
        [
            (10, "email_in", D(2025, 1, 10), 0.1),
            (10, "email_in", D(2025, 2, 10), 2.0),
            (10, "email_in", D(2025, 3, 1), None),
            (10, "email_in", D(2025, 4, 1), 5.0),
            (10, "email_out", D(2025, 4, 2), 1.0),  # our mail: not a response time
            (10, "email_in", D(2024, 12, 31), 100.0),  # outside the period
            (20, "email_in", D(2025, 6, 1), 0.5),
            (20, "email_in", D(2025, 6, 2), 1.5),
        ],
        schema=["user_id", "kind", "occurred_on", "reply_hours"],
        orient="row",
    )
    result = response_times(interactions, YEAR)
    rows = {r.user_id: r for r in result.by_user}
    assert (rows[10].mails, rows[10].answered, rows[10].median_hours, rows[10].within_target) == (
        4,
        3,
        2.0,
        1,
    )
    assert (rows[20].mails, rows[20].answered, rows[20].median_hours) == (2, 2, 1.0)
    assert [r.user_id for r in result.by_user] == [20, 10]
    assert (result.company.mails, result.company.answered) == (6, 5)
    assert result.company.median_hours == pytest.approx(1.5)


def test_losses_are_grouped_by_the_six_reasons_with_the_sales_of_the_year_before() -> None:
    """Competitor: 2 (1200 from Nov 2024) and 4 (400; the order on the lost day's year-ago day is out)."""
    losses = pl.DataFrame(
        [
            (2, D(2025, 10, 1), "competitor"),
            (6, D(2025, 6, 30), "owner_left"),  # its orders are outside (Jun 2024, Jun 2025]
            (4, D(2025, 12, 31), "competitor"),
            (9, D(2024, 12, 1), "market"),  # before the period
            (10, D(2025, 3, 1), "details"),  # no orders at all
        ],
        schema=["customer_id", "lost_on", "reason"],
        orient="row",
    )
    rows = {r.reason: r for r in losses_by_reason(losses, ORDERS, YEAR)}
    assert list(rows) == [
        "competitor",
        "broken_promise",
        "neglected_small",
        "owner_left",
        "market",
        "details",
    ]
    assert (rows["competitor"].customers, rows["competitor"].revenue_lost) == (2, 1600.0)
    assert rows["competitor"].share_of_revenue_lost == pytest.approx(1.0)
    assert (rows["owner_left"].customers, rows["owner_left"].revenue_lost) == (1, 0.0)
    assert (rows["details"].customers, rows["details"].revenue_lost) == (1, 0.0)
    assert rows["market"].customers == 0


def test_empty_frames_give_empty_bases_not_errors() -> None:
    """No data: every rate has an empty base and no value."""
    empty_orders = pl.DataFrame(schema={"customer_id": pl.Int64, "order_date": pl.Date, "amount": pl.Float64})
    assert reorder_rate(empty_orders, None, YEAR).company.rate is None
    assert owner_concentration(empty_orders, None, YEAR) == []
    assert revenue_concentration(empty_orders, YEAR).summary.customers == 0
    assert response_times(None, YEAR).company.median_hours is None


def test_periods_of_whole_months_are_preceded_by_as_many_months() -> None:
    """2025 is preceded by 2024 (366 days), a custom span by the same number of days."""
    assert YEAR.previous() == Period(D(2024, 1, 1), D(2024, 12, 31))
    assert Period(D(2025, 3, 10), D(2025, 3, 19)).previous() == Period(D(2025, 2, 28), D(2025, 3, 9))
    with pytest.raises(ValueError, match="starts after"):
        Period(D(2025, 2, 1), D(2025, 1, 1))


def test_plan_winback_rate_counts_plans_running_in_the_period() -> None:
    """Plans: won in 2025 (hit), open since 2024 (miss), won 2024 (out), opened + closed in 2025 (miss)."""
    plans = pl.DataFrame(
        [
            (5, D(2024, 11, 1), D(2025, 3, 1), None),
            (6, D(2024, 10, 1), None, None),
            (7, D(2024, 1, 1), D(2024, 6, 1), None),
            (8, D(2025, 2, 1), None, D(2025, 8, 1)),
        ],
        schema={"customer_id": pl.Int64, "started_on": pl.Date, "won_on": pl.Date, "closed_on": pl.Date},
        orient="row",
    )
    result = plan_winback_rate(plans, OWNERS, YEAR)
    assert (result.company.base, result.company.hits) == (3, 1)
    assert _by_owner(result) == {20: (1, 1), None: (1, 0), 10: (1, 0)}
