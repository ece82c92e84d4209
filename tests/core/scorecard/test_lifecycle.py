"""Lifecycle states by the customer's own rhythm, losses, risks and the state history."""

from __future__ import annotations

import datetime as dt

import polars as pl

from laoke.core.messages import Message
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


def test_history_says_why_as_message_codes_with_figures() -> None:
    """Each change carries codes and figures (days, rhythm, limit, loss reason), never sentences."""
    book = orders(*monthly("m", 12, 100.0, end=D(2023, 12, 15)), line("x", D(2023, 1, 5), 50.0))
    losses = pl.DataFrame({"customer_id": ["x"], "lost_on": [D(2023, 8, 1)], "reason": ["competitor"]})
    out = lifecycle_history(book, None, losses, start=D(2023, 6, 1), end=D(2024, 6, 30), policy=Policy())
    said = {
        (r["customer_id"], r["state"]): [Message.from_json(m) for m in r["why"]]
        for r in out.iter_rows(named=True)
    }
    [active] = said[("m", "active")]
    assert active == Message("scorecard.lifecycle.active", {"last_order": "2023-06-15"})
    [late] = said[("m", "at_risk")]
    assert late.code == "scorecard.risk.late_vs_rhythm" and late.params["days"] == 47
    assert 28 <= int(late.params["rhythm"]) <= 31  # a monthly rhythm, in whole days
    [dormant] = said[("m", "dormant")]
    assert dormant.code == "scorecard.lifecycle.dormant" and dormant.params["days"] == 107
    assert int(dormant.params["limit"]) < 107
    assert said[("x", "lost")] == [Message("scorecard.lifecycle.lost", {"reason": "competitor"})]


def test_each_change_in_the_history_says_what_the_state_of_that_month_end_says() -> None:
    """A change's state, loss reason and reasons are those the states as of that month end give."""
    book = orders(
        *monthly("m", 12, 100.0, end=D(2023, 12, 15)),
        *monthly("v", 24, 100.0, end=D(2023, 9, 1)),
        *monthly("v", 9, 5.0, end=D(2024, 6, 2)),  # sales fall by 95 %
        line("x", D(2023, 1, 5), 50.0),
        line("y", D(2022, 11, 5), 80.0),
    )
    losses = pl.DataFrame(
        {"customer_id": ["x", "y"], "lost_on": [D(2023, 8, 1), D(2023, 2, 1)], "reason": ["competitor", None]}
    )
    master = customers(*(dict(customer_id=c) for c in ("m", "v", "x", "y", "t")))
    history = lifecycle_history(book, master, losses, start=D(2023, 1, 1), end=AS_OF, policy=Policy())
    assert history.height > 5
    for change in history.iter_rows(named=True):
        then = lifecycle_states(book, master, losses, as_of=change["changed_on"], policy=Policy())
        now = row(then, change["customer_id"])
        assert (change["state"], change["loss_reason"], change["why"]) == (
            now["state"],
            now["loss_reason"],
            now["why"],
        )


def test_states_say_each_risk_reason_with_its_figures() -> None:
    """A customer selling far less than the year before is at risk, and the drop is a fraction."""
    book = orders(
        *monthly("m", 12, 100.0, end=D(2023, 6, 30)),
        *monthly("m", 12, 20.0, end=D(2024, 6, 20)),
    )
    out = lifecycle_states(book, as_of=AS_OF, policy=Policy())
    why = [Message.from_json(m) for m in row(out, "m")["why"]]
    assert row(out, "m")["state"] == "at_risk"
    assert why == [Message("scorecard.risk.volume_drop", {"drop": 0.8, "months": 12})]
