"""Pipeline moves and the 004 pace check on a hand-built quarter."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from laoke.core.messages import Message
from laoke.core.portrait.pipeline import (
    check_move,
    pace_goal,
    pipeline_pace,
    quarter_label,
    quarter_start,
    source_conversion,
)

D = dt.date


@pytest.mark.parametrize(
    ("current", "to", "reason", "code"),
    [
        ("inquiry", "A", "", None),
        ("A", "C", "", None),
        ("C", "won", "", None),
        ("removed", "inquiry", "", None),
        ("B", "removed", "too small", None),
        ("B", "removed", "  ", "portrait.pipeline.move.reason_needed"),
        ("won", "A", "", "portrait.pipeline.move.already_won"),
        ("A", "A", "", "portrait.pipeline.move.same_stage"),
    ],
)
def test_moves(current: str, to: str, reason: str, code: str | None) -> None:
    """It allows moves between open stages, refuses moving a won target, and wants a reason to drop."""
    assert check_move(current, to, reason=reason) == (Message(code) if code else None)


def test_an_unknown_stage_is_named_by_its_code() -> None:
    """A refusal is a code with the figures it needs, never a sentence (the app words it)."""
    assert check_move("A", "Z") == Message("portrait.pipeline.move.unknown_stage", {"stage": "Z"})


def test_quarters() -> None:
    """It finds the quarter of a day."""
    assert quarter_start(D(2026, 8, 19)) == D(2026, 7, 1)
    assert quarter_label(D(2026, 10, 1)) == "2026Q4"


def test_goal_is_five_percent_of_tracked_at_least_one() -> None:
    """It asks 5 of 100, 1 of 20, 2 of 21 and 1 of none."""
    assert [pace_goal(n) for n in (100, 20, 21, 0)] == [5, 1, 2, 1]


def test_pace_on_a_hand_built_quarter() -> None:
    """It counts tracked-at-start, entered, converted and dropped per salesperson and for the company."""
    rows = [
        # li: 3 open at the start of 2026Q3, one won and one dropped in it, one new one
        ("li", D(2026, 1, 10), None, None),
        ("li", D(2026, 2, 1), D(2026, 8, 3), None),
        ("li", D(2026, 3, 5), None, D(2026, 7, 20)),
        ("li", D(2026, 8, 15), None, None),
        # wang: one already won before the quarter (not tracked), one open, nothing new
        ("wang", D(2025, 11, 1), D(2026, 5, 1), None),
        ("wang", D(2026, 4, 2), None, None),
        # entered after as_of: ignored
        ("wang", D(2026, 9, 30), None, None),
    ]
    frame = pl.DataFrame(rows, schema=["owner", "created_on", "won_on", "removed_on"], orient="row")
    pace = pipeline_pace(frame, as_of=D(2026, 9, 1), quarters=2)
    q3 = {r["owner"]: r for r in pace.filter(pl.col("quarter") == "2026Q3").to_dicts()}
    assert (q3["li"]["tracked"], q3["li"]["entered"], q3["li"]["converted"], q3["li"]["dropped"]) == (
        3,
        1,
        1,
        1,
    )
    assert q3["li"]["entered_ok"] and q3["li"]["converted_ok"]
    assert (q3["wang"]["tracked"], q3["wang"]["entered"], q3["wang"]["converted"]) == (1, 0, 0)
    assert not q3["wang"]["entered_ok"] and not q3["wang"]["converted_ok"]
    company = q3[None]
    assert (company["tracked"], company["entered"], company["converted"], company["goal"]) == (4, 1, 1, 1)
    assert company["conversion_rate"] == 0.25
    q2 = {r["owner"]: r for r in pace.filter(pl.col("quarter") == "2026Q2").to_dicts()}
    assert (q2[None]["tracked"], q2[None]["entered"], q2[None]["converted"]) == (4, 1, 1)
    assert pace["quarter"].unique(maintain_order=True).to_list() == ["2026Q2", "2026Q3"]


prospect_rows = st.lists(
    st.tuples(
        st.sampled_from(["li", "wang", None]),
        st.dates(D(2025, 1, 1), D(2026, 9, 1)),
        st.one_of(st.none(), st.integers(0, 400)),
        st.one_of(st.none(), st.integers(0, 400)),
    ),
    max_size=30,
)


@settings(max_examples=40, deadline=None)
@given(prospect_rows)
def test_company_row_adds_up_the_salespeople(
    rows: list[tuple[str | None, dt.date, int | None, int | None]],
) -> None:
    """The company's figures are the sum of the salespeople's (plus unowned ones), quarter by quarter."""
    frame = pl.DataFrame(
        [
            (
                owner,
                created,
                None if won is None else created + dt.timedelta(days=won),
                None if dropped is None or won is not None else created + dt.timedelta(days=dropped),
            )
            for owner, created, won, dropped in rows
        ],
        schema={"owner": pl.String, "created_on": pl.Date, "won_on": pl.Date, "removed_on": pl.Date},
        orient="row",
    )
    unowned = frame.filter(pl.col("owner").is_null())
    pace = pipeline_pace(frame.filter(pl.col("owner").is_not_null()), as_of=D(2026, 9, 1), quarters=3)
    whole = pipeline_pace(frame, as_of=D(2026, 9, 1), quarters=3)
    extra = pipeline_pace(unowned, as_of=D(2026, 9, 1), quarters=3)
    for column in ("tracked", "entered", "converted", "dropped"):
        owners = (
            pace.filter(pl.col("owner").is_not_null())
            .group_by("quarter")
            .agg(pl.col(column).sum())
            .sort("quarter")
        )
        company = whole.filter(pl.col("owner").is_null()).sort("quarter")
        lone = extra.filter(pl.col("owner").is_null()).sort("quarter")
        summed = owners.join(lone.select("quarter", pl.col(column).alias("x")), on="quarter", how="right")
        assert (summed[column].fill_null(0) + summed["x"]).to_list() == company[column].to_list()
    assert (whole["goal"] >= 1).all()


def test_source_conversion_counts_outcomes_per_channel() -> None:
    """It counts per source the prospects entered since a day, won, dropped, open, and the win rate."""
    frame = pl.DataFrame(
        [
            ("referral", D(2026, 2, 1), D(2026, 5, 1), None),
            ("referral", D(2026, 3, 1), None, D(2026, 4, 1)),
            ("referral", D(2026, 3, 5), D(2026, 12, 1), None),  # won after as_of: still open
            ("search", D(2026, 4, 1), None, None),
            ("", D(2026, 4, 2), None, None),
            ("search", D(2025, 1, 1), D(2025, 6, 1), None),  # entered before `since`
        ],
        schema=["source_channel", "created_on", "won_on", "removed_on"],
        orient="row",
    )
    out = source_conversion(frame, since=D(2026, 1, 1), as_of=D(2026, 9, 1))
    rows = {r["source_channel"]: r for r in out.to_dicts()}
    assert out["source_channel"].to_list()[0] == "referral"
    assert (rows["referral"]["prospects"], rows["referral"]["won"], rows["referral"]["dropped"]) == (3, 1, 1)
    assert rows["referral"]["open"] == 1 and rows["referral"]["win_rate"] == 0.5
    assert (rows["search"]["prospects"], rows["search"]["win_rate"]) == (1, None)
    assert rows[None]["prospects"] == 1
