"""Response time (001): how fast each salesperson answers a customer's mail.

Seed 001 asks for a reply (at least an acknowledgement) within about ten minutes.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import polars as pl

from laoke.core.kpi.frames import KPI_INTERACTION_SCHEMA, conform
from laoke.core.kpi.period import Period

Frame = pl.DataFrame | pl.LazyFrame

#: The reply target of seed 001, in hours (ten minutes).
REPLY_TARGET_HOURS = 10 / 60


@dataclass(frozen=True)
class ResponseRow:
    """Mails received by one user (None: nobody) in the period, how many answered, the median reply."""

    user_id: int | None
    mails: int
    answered: int
    median_hours: float | None  # over the answered mails
    within_target: int  # answered within REPLY_TARGET_HOURS


@dataclass(frozen=True)
class ResponseTimes:
    """Per user (fastest first) and for the company (the median over all replies, not of medians)."""

    company: ResponseRow
    by_user: list[ResponseRow] = field(default_factory=list)


def _row(user_id: int | None, hours: pl.Series) -> ResponseRow:
    answered = hours.drop_nulls()
    median = answered.median() if answered.len() else None
    return ResponseRow(
        user_id=user_id,
        mails=hours.len(),
        answered=answered.len(),
        median_hours=float(median) if isinstance(median, int | float) else None,
        within_target=int((answered <= REPLY_TARGET_HOURS).sum()),
    )


def response_times(interactions: Frame | None, period: Period) -> ResponseTimes:
    """Median of ``reply_hours`` over the ``email_in`` interactions of the period, by their user."""
    mails = conform(interactions, KPI_INTERACTION_SCHEMA).filter(
        (pl.col("kind") == "email_in") & pl.col("occurred_on").is_between(period.start, period.end)
    )
    rows = [
        _row(key[0], group["reply_hours"])
        for key, group in mails.sort("user_id", nulls_last=True).group_by("user_id", maintain_order=True)
    ]
    rows.sort(
        key=lambda r: (r.median_hours is None, r.median_hours or 0.0, r.user_id is None, r.user_id or 0)
    )
    return ResponseTimes(_row(None, mails["reply_hours"]), rows)
