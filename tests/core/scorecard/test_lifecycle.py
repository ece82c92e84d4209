"""Lifecycle states by the customer's own rhythm, losses, risks and the state history."""

from __future__ import annotations

import datetime as dt

import polars as pl

from laoke.core.scorecard import Policy, lifecycle_history, lifecycle_states
from tests.core.scorecard.factories import customers, line, monthly, orders, row

D = dt.date
AS_OF = D(2024, 6, 30)


def _states(*args: pl.DataFrame | None, **kw: pl.DataFrame) -> pl.DataFrame:
    return lifecycle_states(*args, as_of=AS_OF, policy=Policy(), **kw)  # type: ignore[arg-type]


def test_dormant_is_relative_to_the_customers_own_rhythm() -> None:
    """Five silent months make a monthly buyer dormant but leave a yearly buyer active."""
    book = orders(
        *monthly("monthly", 24, 100.0, end=D(2024, 1, 31)),
        *[line("yearly", D(y, 2, 1), 100.0) for y in range(2018, 2025)],
    )
    out = _states(book)
    assert row(out, "monthly")["state"] == "dormant"
    assert row(out, "yearly")["state"] == "active"
    assert row(out, "monthly")["typical_gap_days"] < 40 < row(out, "yearly")["typical_gap_days"]


def test_at_risk_before_dormant() -> None:
    """Past 1.5 rhythms but within 3 the customer is at risk, with the reason."""
    book = orders(*monthly("m", 12, 100.0, end=D(2024, 5, 10)))
    out = lifecycle_states(book, as_of=D(2024, 7, 5), policy=Policy())
    assert row(out, "m")["state"] == "at_risk"
    assert row(out, "m")["risk_reasons"] == ["late_vs_rhythm"]


def test_lost_with_reason_and_back_after_a_new_order() -> None:
    """A loss record makes the customer lost, unless it ordered again afterwards."""
    book = orders(*monthly("a", 12, 100.0), *monthly("b", 12, 100.0, end=D(2024, 3, 1)))
    losses = pl.DataFrame(
        {
            "customer_id": ["a", "b"],
            "lost_on": [D(2024, 1, 1), D(2024, 4, 1)],
            "reason": ["competitor", "market"],
        }
    )
    out = _states(book, losses=losses)
    assert row(out, "a")["state"] != "lost"
    assert row(out, "b")["state"] == "lost" and row(out, "b")["loss_reason"] == "market"


def test_targets_and_risk_signals() -> None:
    """No orders → target; a broken promise or a departed owner → at risk."""
    book = orders(*monthly("a", 12, 100.0), *monthly("b", 12, 100.0))
    master = customers(
        dict(customer_id="a", owner_active=False), dict(customer_id="b"), dict(customer_id="t")
    )
    promises = pl.DataFrame({"customer_id": ["b"], "due_date": [D(2024, 5, 1)], "kept": [None]})
    out = _states(book, master, promises=promises)
    assert row(out, "t")["state"] == "target"
    assert row(out, "a")["risk_reasons"] == ["owner_left"]
    assert row(out, "b")["state"] == "at_risk" and row(out, "b")["risk_reasons"] == ["broken_promise"]


def test_history_records_changes_at_month_ends() -> None:
    """The history lists each change once, dated at the month end where it was first seen."""
    book = orders(*monthly("m", 12, 100.0, end=D(2023, 12, 15)))
    out = lifecycle_history(book, start=D(2023, 6, 1), end=D(2024, 6, 30), policy=Policy())
    assert out["state"].to_list() == ["active", "at_risk", "dormant"]
    assert out["previous_state"].to_list() == [None, "active", "at_risk"]
    assert out["changed_on"].to_list() == [D(2023, 6, 30), D(2024, 1, 31), D(2024, 3, 31)]
