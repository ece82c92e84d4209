"""Today's ranking: urgent first, then value × urgency, bounded by the budget, stale work apart."""

from __future__ import annotations

import datetime as dt

import pytest

from laoke.core.cadence.ranking import CATCH_UP_DAYS, URGENT_KINDS, Item, rank, score, value

AS_OF = dt.date(2026, 11, 25)


def _item(i: int, *, late: int = 0, kind: str = "monthly_touch", **kw: object) -> Item:
    return Item(id=i, kind=kind, due=AS_OF - dt.timedelta(days=late), **kw)  # type: ignore[arg-type]


def test_urgent_items_lead_in_their_order_whatever_their_value() -> None:
    """Every urgent kind comes before the most valuable ordinary task, complaint first."""
    rich = _item(1, late=5, grade_rank=0, sales_12m=5_000_000, kind="ladder_call")
    urgent = [_item(10 + n, late=-2, urgent=kind) for n, kind in enumerate(reversed(URGENT_KINDS))]
    ranking = rank([rich, *urgent], as_of=AS_OF, budget=25)
    order = [r.item.urgent for r in ranking.today]
    assert order == [*URGENT_KINDS, ""]
    assert all(r.urgent for r in ranking.today[:5]) and not ranking.today[5].urgent


def test_urgent_items_of_one_kind_go_by_deadline_then_value() -> None:
    late = _item(1, late=-5, urgent="complaint", grade_rank=0, sales_12m=1e6)
    soon = _item(2, late=0, urgent="complaint", grade_rank=3)
    same_day_rich = _item(3, late=0, urgent="complaint", grade_rank=0)
    ranking = rank([late, soon, same_day_rich], as_of=AS_OF)
    assert [r.item.id for r in ranking.today] == [3, 2, 1]


def test_value_times_urgency_orders_the_rest() -> None:
    """A grade-A customer with sales beats a D customer with none; a late task beats one due later."""
    a_today = _item(1, grade_rank=0, sales_12m=200_000)
    d_today = _item(2, grade_rank=3)
    d_late = _item(3, grade_rank=3, late=7)
    d_next_week = _item(4, grade_rank=3, late=-7)
    ranking = rank([d_next_week, d_today, d_late, a_today], as_of=AS_OF)
    assert [r.item.id for r in ranking.today] == [1, 3, 2, 4]
    assert value(a_today) == pytest.approx(3.0 * (1 + 0.5 * 2.3031), rel=1e-3)
    assert score(d_late, AS_OF) == pytest.approx(2.0)  # 1 × 1 × (1 + 7/7)


def test_budget_bounds_today_and_counts_are_honest() -> None:
    items = [_item(i, late=i % 10) for i in range(40)]
    stale = [_item(100 + i, late=CATCH_UP_DAYS + 1 + i) for i in range(6)]
    ranking = rank([*items, *stale], as_of=AS_OF, budget=25)
    assert (len(ranking.today), len(ranking.later), len(ranking.catch_up)) == (25, 15, 6)
    assert ranking.total == 46
    assert {r.group for r in ranking.today} == {"today"}
    assert {r.group for r in ranking.catch_up} == {"catch_up"}
    # Today holds the best 25 of the 40 current items.
    assert min(r.score for r in ranking.today) >= max(r.score for r in ranking.later)


def test_catch_up_holds_only_ordinary_items_over_two_weeks_late() -> None:
    just_in = _item(1, late=CATCH_UP_DAYS)
    stale = _item(2, late=CATCH_UP_DAYS + 1)
    old_complaint = _item(3, late=60, urgent="complaint")
    ranking = rank([just_in, stale, old_complaint], as_of=AS_OF, budget=5)
    assert [r.item.id for r in ranking.today] == [3, 1]
    assert [r.item.id for r in ranking.catch_up] == [2]
    assert ranking.catch_up[0].days_late == CATCH_UP_DAYS + 1


def test_urgent_items_beyond_the_budget_wait_first_in_later() -> None:
    urgent = [_item(i, urgent="payment_overdue") for i in range(4)]
    ranking = rank([_item(9, grade_rank=0), *urgent], as_of=AS_OF, budget=3)
    assert [r.item.id for r in ranking.today] == [0, 1, 2]
    assert [r.item.id for r in ranking.later] == [3, 9]
    assert ranking.urgent == 4


def test_unknown_urgent_kind_is_refused_and_budget_is_at_least_one() -> None:
    with pytest.raises(ValueError, match="urgent kind"):
        rank([_item(1, urgent="fire")], as_of=AS_OF)
    assert len(rank([_item(1), _item(2)], as_of=AS_OF, budget=0).today) == 1
