"""Response time (001: answer a customer mail within about ten minutes)."""

from __future__ import annotations

import statistics
from collections.abc import Iterable
from dataclasses import dataclass

#: The goal: at least an acknowledgement within ten minutes.
GOAL_HOURS = 10 / 60


@dataclass(frozen=True)
class ResponseStats:
    """How fast one salesperson answered customer mails."""

    answered: int
    unanswered: int
    median_hours: float | None
    within_goal: float | None  # share answered within ten minutes


def response_stats(reply_hours: Iterable[float | None]) -> ResponseStats:
    """Median reply time and the share within the goal; ``None`` = a mail not answered yet."""
    values = list(reply_hours)
    answered = sorted(float(v) for v in values if v is not None and v >= 0)
    if not answered:
        return ResponseStats(0, len(values), None, None)
    within = sum(1 for v in answered if v <= GOAL_HOURS + 1e-9) / len(answered)
    return ResponseStats(len(answered), len(values) - len(answered), statistics.median(answered), within)
