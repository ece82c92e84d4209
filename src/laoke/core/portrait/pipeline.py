"""The A/B/C target pipeline (004): which moves are allowed, and the quarterly pace check.

Stages: ``inquiry`` (not yet qualified), ``A`` (win within 3 months), ``B`` (6 months), ``C`` (a
year), ``won`` (became an ordering customer) and ``removed`` (dropped as unfit, with a reason).
A won target is final; a dropped one can be reopened as an inquiry or a tier.

Pace (004): a healthy small exporter grows ~5 % a quarter — of 100 tracked prospects, 5 new ones
enter each quarter and 5 convert. Per quarter and salesperson (and for the company): prospects
tracked at the start of the quarter, entered during it, converted (won) and dropped during it, and
whether entered and converted each reach ``max(1, ceil(5 % × tracked))``.

Stages and tiers are codes; the pipeline app names them. A refused move is a message
``portrait.pipeline.move.<why>`` (:func:`check_move`), worded by the pipeline app.
"""

from __future__ import annotations

import datetime as dt
import math

import polars as pl

from laoke.core.messages import Message

STAGES = ("inquiry", "A", "B", "C", "won", "removed")
TIERS = ("A", "B", "C")
#: 004: 5 % growth a quarter.
PACE_RATE = 0.05
#: The codes of a refused move (:func:`check_move`); ``unknown_stage`` has the parameter ``stage``.
MOVE_REFUSED = "portrait.pipeline.move"


def stage_of(status: str, tier: str) -> str:
    """The board column of a prospect: its tier while it is a target, else its status."""
    return tier if status == "target" and tier in TIERS else status


def check_move(current: str, to: str, *, reason: str = "") -> Message | None:
    """None when a prospect in stage ``current`` may move to stage ``to``; why not otherwise.

    The refusal is ``portrait.pipeline.move.`` followed by ``unknown_stage`` (``stage``: the code
    asked for), ``already_won``, ``same_stage`` or ``reason_needed`` (dropping says why).
    """
    if to not in STAGES:
        return Message(f"{MOVE_REFUSED}.unknown_stage", {"stage": to})
    if current == "won":
        return Message(f"{MOVE_REFUSED}.already_won")
    if current == to:
        return Message(f"{MOVE_REFUSED}.same_stage")
    if to == "removed" and not reason.strip():
        return Message(f"{MOVE_REFUSED}.reason_needed")
    return None


def quarter_start(day: dt.date) -> dt.date:
    """First day of the calendar quarter holding ``day``."""
    return dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def next_quarter(start: dt.date) -> dt.date:
    """First day of the quarter after the one starting on ``start``."""
    month = start.month + 3
    return dt.date(start.year + (month - 1) // 12, (month - 1) % 12 + 1, 1)


def quarter_label(start: dt.date) -> str:
    """``2026Q3``."""
    return f"{start.year}Q{(start.month - 1) // 3 + 1}"


def pace_goal(tracked: int, rate: float = PACE_RATE) -> int:
    """Prospects to enter (and to convert) in a quarter: ``max(1, ceil(rate × tracked))``."""
    return max(1, math.ceil(rate * tracked - 1e-9))


PACE_SCHEMA: dict[str, pl.DataType | type[pl.DataType]] = {
    "quarter": pl.String,
    "quarter_start": pl.Date,
    "owner": pl.String,  # null = the whole company
    "tracked": pl.Int64,
    "entered": pl.Int64,
    "converted": pl.Int64,
    "dropped": pl.Int64,
    "goal": pl.Int64,
    "entered_ok": pl.Boolean,
    "converted_ok": pl.Boolean,
    "conversion_rate": pl.Float64,
}


def pipeline_pace(
    prospects: pl.DataFrame, *, as_of: dt.date, quarters: int = 4, rate: float = PACE_RATE
) -> pl.DataFrame:
    """The pace check for the last ``quarters`` quarters up to and including the one holding ``as_of``.

    Parameters
    ----------
    prospects
        One row per prospect: ``owner`` (username or null), ``created_on``, ``won_on`` and
        ``removed_on`` (null while open).
    as_of
        Nothing dated later counts; the current quarter runs to ``as_of``.
    quarters
        How many quarters, newest last.
    rate
        The healthy share per quarter (004: 5 %).

    Returns
    -------
    polars.DataFrame
        :data:`PACE_SCHEMA`, per quarter one row per owner (sorted) then the company row (owner null).
    """
    frame = prospects.select(
        pl.col("owner").cast(pl.String),
        pl.col("created_on").cast(pl.Date),
        pl.col("won_on").cast(pl.Date),
        pl.col("removed_on").cast(pl.Date),
    ).filter(pl.col("created_on") <= as_of)
    starts = [quarter_start(as_of)]
    while len(starts) < quarters:
        previous = quarter_start(starts[0] - dt.timedelta(days=1))
        starts.insert(0, previous)
    owners = sorted({o for o in frame["owner"].to_list() if o is not None})
    rows = []
    for start in starts:
        end = min(next_quarter(start) - dt.timedelta(days=1), as_of)
        open_at_start = (
            (pl.col("created_on") < start)
            & (pl.col("won_on").is_null() | (pl.col("won_on") >= start))
            & (pl.col("removed_on").is_null() | (pl.col("removed_on") >= start))
        )
        counts = frame.select(
            pl.col("owner"),
            tracked=open_at_start,
            entered=pl.col("created_on").is_between(start, end),
            converted=pl.col("won_on").is_between(start, end).fill_null(False),
            dropped=pl.col("removed_on").is_between(start, end).fill_null(False),
        )
        for owner in [*owners, None]:
            part = counts if owner is None else counts.filter(pl.col("owner") == owner)
            tracked = int(part["tracked"].sum())
            entered = int(part["entered"].sum())
            converted = int(part["converted"].sum())
            goal = pace_goal(tracked, rate)
            rows.append(
                {
                    "quarter": quarter_label(start),
                    "quarter_start": start,
                    "owner": owner,
                    "tracked": tracked,
                    "entered": entered,
                    "converted": converted,
                    "dropped": int(part["dropped"].sum()),
                    "goal": goal,
                    "entered_ok": entered >= goal,
                    "converted_ok": converted >= goal,
                    "conversion_rate": converted / tracked if tracked else None,
                }
            )
    return pl.DataFrame(rows, schema=PACE_SCHEMA)


SOURCE_SCHEMA = pl.Schema(
    {
        "source_channel": pl.String,  # null = not recorded
        "prospects": pl.Int64,
        "won": pl.Int64,
        "dropped": pl.Int64,
        "open": pl.Int64,
        "win_rate": pl.Float64,  # won / (won + dropped): null while none is decided
    }
)


def source_conversion(prospects: pl.DataFrame, *, since: dt.date, as_of: dt.date) -> pl.DataFrame:
    """Where won targets come from (003): per source channel, prospects entered since ``since``.

    ``prospects`` has ``source_channel``, ``created_on``, ``won_on`` and ``removed_on``; outcomes
    after ``as_of`` are still open. Sorted by prospects, most first.
    """
    frame = prospects.select(
        pl.col("source_channel").cast(pl.String).replace("", None),
        pl.col("created_on").cast(pl.Date),
        pl.col("won_on").cast(pl.Date),
        pl.col("removed_on").cast(pl.Date),
    ).filter(pl.col("created_on").is_between(since, as_of))
    won = pl.col("won_on").is_not_null() & (pl.col("won_on") <= as_of)
    dropped = ~won & pl.col("removed_on").is_not_null() & (pl.col("removed_on") <= as_of)
    out = (
        frame.group_by("source_channel")
        .agg(
            prospects=pl.len().cast(pl.Int64),
            won=won.sum().cast(pl.Int64),
            dropped=dropped.sum().cast(pl.Int64),
        )
        .with_columns(open=pl.col("prospects") - pl.col("won") - pl.col("dropped"))
        .with_columns(
            win_rate=pl.when(pl.col("won") + pl.col("dropped") > 0)
            .then(pl.col("won") / (pl.col("won") + pl.col("dropped")))
            .otherwise(None)
        )
        .sort(["prospects", "source_channel"], descending=[True, False], nulls_last=True)
    )
    return out.select(list(SOURCE_SCHEMA)).cast(SOURCE_SCHEMA)
